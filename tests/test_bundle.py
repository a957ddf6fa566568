"""The desktop bundle's rules and its smoke test's checks, without building anything: what the
spec leaves out (packaging/bundle_rules.py, packaging/annotator.spec) and that each check of
packaging/smoke.py rejects a broken output. `make bundle-smoke` builds and runs the bundle."""

from __future__ import annotations

import ast
import importlib.util
import json
import stat
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "annotator.spec"


def _load(name: str):
    """A module of packaging/ (not a package: `packaging` is also PyPI's library)."""
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location(f"_bundle_{name}", PACKAGING / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved


rules = _load("bundle_rules")
smoke = _load("smoke")


# ------------------------------------------------------------------ what is left out


@pytest.mark.parametrize(
    "module",
    [
        "torch",
        "nvidia",
        "triton",
        "camel_tools",
        "transformers",
        "PySide6.QtWebEngineCore",
        "PySide6.QtWebEngineWidgets",
        "PySide6.QtQml",
        "PySide6.QtQuick",
        "PySide6.Qt3DCore",
        "PySide6.QtMultimedia",
        "PySide6.QtNetwork",
    ],
)
def test_heavy_and_unused_modules_are_excluded(module):
    assert module in rules.EXCLUDED_MODULES


def _imported_modules() -> dict[str, str]:
    """Every module that annotator's code imports (absolute imports), with a file that does."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "annotator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_nothing_the_code_imports_is_left_out_of_the_bundle():
    """camel-tools (and so torch) is imported nowhere, and every Qt module the code uses is
    bundled: an import of a left-out module would fail only in the bundle."""
    imported = _imported_modules()
    assert "PySide6.QtWidgets" in imported and "numpy" in imported  # the scan sees imports
    clashes = {
        name: where
        for name, where in imported.items()
        for excluded in rules.EXCLUDED_MODULES
        if name == excluded or name.startswith(excluded + ".")
    }
    assert clashes == {}


def _spec_calls() -> dict[str, ast.Call]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    calls = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, node)
    return calls


def _keyword(call: ast.Call, name: str) -> ast.expr:
    return next(k.value for k in call.keywords if k.arg == name)


def test_the_spec_excludes_the_rules_modules_and_filters_what_hooks_bring_back():
    calls = _spec_calls()
    analysis = calls["Analysis"]
    assert ast.unparse(_keyword(analysis, "excludes")) == "list(EXCLUDED_MODULES)"
    assert "hooks" in ast.unparse(_keyword(analysis, "hookspath"))
    assert (PACKAGING / "hooks" / "hook-PySide6.QtGui.py").is_file()
    source = SPEC.read_text(encoding="utf-8")
    assert "a.binaries = _stripped_python(_keep(a.binaries" in source
    assert "_keep(a.datas" in source
    assert ast.literal_eval(_keyword(calls["EXE"], "name")) == "annotator"
    assert ast.literal_eval(_keyword(calls["EXE"], "console")) is True
    assert ast.literal_eval(_keyword(calls["COLLECT"], "name")) == "annotator"


def test_the_spec_collects_the_team_servers_driver():
    """psycopg picks its libpq wrapper at run time: the bundle must carry it."""
    hidden = ast.unparse(_keyword(_spec_calls()["Analysis"], "hiddenimports"))
    assert "collect_submodules('annotator')" in hidden
    assert "collect_submodules('psycopg_binary')" in hidden


def test_the_spec_names_no_platform_path():
    """The same spec builds on Windows and macOS: paths come from SPECPATH through pathlib."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    literals = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    assert not [s for s in literals if s.startswith(("/", "~")) or "\\" in s or ":\\" in s]


@pytest.mark.parametrize(
    "path",
    [
        "_internal/torch/lib/libtorch_cpu.so",
        "_internal/libtorch_cuda.so",
        "_internal/libc10.so",
        "_internal\\torch\\lib\\c10.dll",
        "_internal/nvidia/cublas/lib/libcublas.so.12",
        "_internal/libcudnn.so.9",
        "_internal/libnccl.so.2",
        "_internal/PySide6/Qt/lib/libQt6WebEngineCore.so.6",
        "_internal/PySide6/Qt/libexec/QtWebEngineProcess",
        "_internal/PySide6/Qt6WebEngineCore.dll",
        "_internal/PySide6/Qt/lib/libQt6Qml.so.6",
        "_internal/PySide6/Qt/lib/libQt6Quick.so.6",
        "_internal/PySide6/Qt/qml/QtQuick/Controls/qmldir",
    ],
)
def test_torch_cuda_qml_and_webengine_files_are_forbidden(path):
    assert rules.forbidden(path)


@pytest.mark.parametrize(
    "path",
    [
        "_internal/PySide6/Qt/lib/libQt6Core.so.6",
        "_internal/PySide6/Qt/lib/libQt6Widgets.so.6",
        "_internal/PySide6/Qt6Gui.dll",
        "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
        "_internal/numpy.libs/libscipy_openblas64_-32a4b2a6.so",
        "_internal/scipy/optimize/_highspy/_core.cpython-311-x86_64-linux-gnu.so",
        "_internal/annotator/resources/fonts/NotoNaskhArabic-Regular.ttf",
        "annotator",
    ],
)
def test_what_the_app_needs_is_not_forbidden(path):
    assert not rules.forbidden(path)


def test_forbidden_files_finds_them_in_a_built_folder(tmp_path):
    (tmp_path / "_internal" / "torch" / "lib").mkdir(parents=True)
    (tmp_path / "_internal" / "torch" / "lib" / "libtorch_cpu.so").write_bytes(b"x")
    (tmp_path / "_internal" / "PySide6").mkdir()
    (tmp_path / "_internal" / "PySide6" / "libQt6Core.so.6").write_bytes(b"x")
    assert rules.forbidden_files(tmp_path) == ["_internal/torch/lib/libtorch_cpu.so"]


@pytest.mark.parametrize(
    ("plugin_type", "name", "left_out"),
    [
        ("platformthemes", "libqgtk3.so", True),
        ("platforms", "libqeglfs.so", True),
        ("platforms", "libqvnc.so", True),
        ("generic", "libqevdevmouseplugin.so", True),
        ("egldeviceintegrations", "libqeglfs-kms-integration.so", True),
        ("platforms", "libqxcb.so", False),
        ("platforms", "libqwayland.so", False),
        ("platforms", "libqoffscreen.so", False),
        ("platforms", "qwindows.dll", False),
        ("platforms", "libqcocoa.dylib", False),
        ("platformthemes", "libqxdgdesktopportal.so", False),
        ("imageformats", "libqsvg.so", False),
        ("iconengines", "libqsvgicon.so", False),
    ],
)
def test_unused_qt_plugins(plugin_type, name, left_out):
    assert rules.unused_qt_plugin(plugin_type, name) is left_out


@pytest.mark.parametrize(
    ("path", "left_out"),
    [
        ("PySide6/Qt/translations/qtbase_fr.qm", True),
        ("PySide6/Qt/translations/qt_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_ar.qm", False),
        ("PySide6/Qt/translations/qt_en.qm", False),
        ("PySide6\\translations\\qtbase_de.qm", False),  # not Qt's translations folder
        ("annotator/resources/translations/annotator_fr.qm", False),  # the app's own
    ],
)
def test_unused_qt_translations(path, left_out):
    assert rules.unused_qt_translation(path) is left_out


# ------------------------------------------------------------------ the smoke test's checks


def _fake_bundle(folder: Path) -> Path:
    resources = folder / "_internal" / "annotator" / "resources"
    (resources / "fonts").mkdir(parents=True)
    (resources / "seeds").mkdir()
    (resources / "labels.json").write_text("{}", encoding="utf-8")
    (resources / "fonts" / "NotoNaskhArabic-Regular.ttf").write_bytes(b"font")
    (resources / "fonts" / "OFL.txt").write_text("licence", encoding="utf-8")
    (resources / "seeds" / "000.txt").write_text("نص", encoding="utf-8")
    (resources / "translations").mkdir()
    (resources / "translations" / "annotator_ar.qm").write_bytes(b"qm")
    smoke.executable_in(folder).write_bytes(b"\0" * 1000)
    return folder


def test_check_bundle_accepts_a_complete_folder(tmp_path):
    assert smoke.check_bundle(_fake_bundle(tmp_path)) > 1000


def test_check_bundle_rejects_torch_inside(tmp_path):
    bundle = _fake_bundle(tmp_path)
    (bundle / "_internal" / "libtorch_cpu.so").write_bytes(b"x")
    with pytest.raises(smoke.SmokeFailure, match="libtorch_cpu.so"):
        smoke.check_bundle(bundle)


def test_check_bundle_rejects_missing_package_data(tmp_path):
    bundle = _fake_bundle(tmp_path)
    (bundle / "_internal" / "annotator" / "resources" / "labels.json").unlink()
    with pytest.raises(smoke.SmokeFailure, match="labels.json"):
        smoke.check_bundle(bundle)


def test_check_bundle_rejects_a_bundle_without_the_arabic_interface(tmp_path):
    bundle = _fake_bundle(tmp_path)
    (bundle / "_internal" / "annotator" / "resources" / "translations" / "annotator_ar.qm").unlink()
    with pytest.raises(smoke.SmokeFailure, match="annotator_ar.qm"):
        smoke.check_bundle(bundle)


def test_check_bundle_rejects_a_folder_over_the_size_limit(tmp_path):
    with pytest.raises(smoke.SmokeFailure, match="MB, over"):
        smoke.check_bundle(_fake_bundle(tmp_path), limit=500)


def test_check_imported():
    smoke.check_imported("imported 5 document(s) into p.sqlite\ncleaning removed: ...", 5)
    with pytest.raises(smoke.SmokeFailure, match="counted 4"):
        smoke.check_imported("imported 4 document(s) into p.sqlite", 5)
    with pytest.raises(smoke.SmokeFailure, match="no count"):
        smoke.check_imported("nothing to import", 5)


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_check_jsonl(tmp_path):
    good = [json.dumps({"text": "نص", "spans": [{"start": 0, "end": 2}]})] * 2
    assert smoke.check_jsonl(_jsonl(tmp_path / "good.jsonl", good), 2) == 2
    with pytest.raises(smoke.SmokeFailure, match="1 documents, expected 2"):
        smoke.check_jsonl(_jsonl(tmp_path / "short.jsonl", good[:1]), 2)
    with pytest.raises(smoke.SmokeFailure, match="broken.jsonl:2: not JSON"):
        smoke.check_jsonl(_jsonl(tmp_path / "broken.jsonl", [good[0], good[1][:-3]]), 2)
    with pytest.raises(smoke.SmokeFailure, match="not a document"):
        smoke.check_jsonl(_jsonl(tmp_path / "notext.jsonl", ['{"spans": []}'] * 2), 2)
    with pytest.raises(smoke.SmokeFailure, match="not written"):
        smoke.check_jsonl(tmp_path / "missing.jsonl", 2)


CONLL = """\
# columns = token ner
# doc_id = 1
قالت\tO
وزارة\tB-ACTOR
الدفاع\tI-ACTOR

# doc_id = 2
هجوم\tO
"""


def test_check_conll(tmp_path):
    path = tmp_path / "out.conll"
    path.write_text(CONLL, encoding="utf-8")
    assert smoke.check_conll(path, 2) == 4
    with pytest.raises(smoke.SmokeFailure, match="2 documents, expected 3"):
        smoke.check_conll(path, 3)
    path.write_text(CONLL.replace("B-ACTOR", "O").replace("I-ACTOR", "O"), encoding="utf-8")
    with pytest.raises(smoke.SmokeFailure, match="no span"):
        smoke.check_conll(path, 2)
    path.write_text(CONLL.replace("هجوم\tO", "هجوم"), encoding="utf-8")
    with pytest.raises(smoke.SmokeFailure, match="out.conll:8: not a token"):
        smoke.check_conll(path, 2)


AGREE = """\
Inter-annotator agreement
Project: smoke.sqlite
Annotators: ali, mona
Labels: ACTOR, CLAIM, CASUALTY

Overall
  measure                                  value   ± SD
  exact span F1 (micro, mean of pairs)     0.087  0.000
  Cohen's kappa (tokens, mean of pairs)    0.032  0.000
  Krippendorff's alpha (tokens)           -0.033
  gamma (Mathet et al. 2015)              -0.007
"""


def test_check_agreement():
    smoke.check_agreement(AGREE, ["ali", "mona"])
    with pytest.raises(smoke.SmokeFailure, match="did not compare ali, sara"):
        smoke.check_agreement(AGREE, ["ali", "sara"])
    with pytest.raises(smoke.SmokeFailure, match="no value of gamma"):
        smoke.check_agreement(AGREE.replace("-0.007", "n/a"), ["ali", "mona"])
    with pytest.raises(smoke.SmokeFailure, match="no report"):
        smoke.check_agreement("annotator: error: the project has no annotators", ["ali"])


def _image(path: Path, width: int, height: int, paint) -> Path:
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#f0f0f0"))
    painter = QPainter(image)
    paint(painter)
    painter.end()
    assert image.save(str(path))
    return path


def _greys(painter) -> None:
    from PySide6.QtGui import QColor

    for i in range(40):
        painter.fillRect(20 + 30 * i, 40, 25, 300, QColor(5 * i, 5 * i, 5 * i))


def _greys_and_labels(painter) -> None:
    from PySide6.QtGui import QColor

    _greys(painter)
    for i, colour in enumerate(("#1f77b4", "#e69500", "#d62728")):
        painter.fillRect(100 + 200 * i, 400, 150, 40, QColor(colour))


def test_check_screenshot(qapp, tmp_path):
    good = _image(tmp_path / "good.png", 1600, 1000, _greys_and_labels)
    assert "1600x1000" in smoke.check_screenshot(good)
    blank = _image(tmp_path / "blank.png", 1600, 1000, lambda painter: None)
    with pytest.raises(smoke.SmokeFailure, match="uniform"):
        smoke.check_screenshot(blank)
    grey = _image(tmp_path / "grey.png", 1600, 1000, _greys)  # e.g. a page with no span
    with pytest.raises(smoke.SmokeFailure, match="no annotation is drawn"):
        smoke.check_screenshot(grey)
    small = _image(tmp_path / "small.png", 300, 200, _greys_and_labels)
    with pytest.raises(smoke.SmokeFailure, match="smaller than a window"):
        smoke.check_screenshot(small)
    (tmp_path / "text.png").write_text("not an image", encoding="utf-8")
    with pytest.raises(smoke.SmokeFailure, match="no PNG"):
        smoke.check_screenshot(tmp_path / "text.png")


# ------------------------------------------------------------------ running the executable


def _fake_executable(bundle: Path, body: str) -> None:
    """A stand-in for the bundled executable: a Python script (POSIX only)."""
    bundle.mkdir(exist_ok=True)
    path = smoke.executable_in(bundle)
    path.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="a script as the executable")


@posix_only
def test_a_command_that_prints_a_traceback_fails_even_with_status_0(tmp_path):
    _fake_executable(
        tmp_path / "bundle",
        """
        import sys
        print("Traceback (most recent call last):", file=sys.stderr)
        """,
    )
    run = smoke.Runner(tmp_path / "bundle", tmp_path)
    with pytest.raises(smoke.SmokeFailure, match="exited 0"):
        run("agree", "p.sqlite")


@posix_only
def test_a_command_that_fails_fails_the_smoke_test(tmp_path):
    _fake_executable(tmp_path / "bundle", "import sys\nsys.exit(2)\n")
    with pytest.raises(smoke.SmokeFailure, match="exited 2"):
        smoke.Runner(tmp_path / "bundle", tmp_path)("new", "p.sqlite")


@posix_only
def test_startup_reads_the_first_article_line_and_gives_up_without_it(tmp_path):
    _fake_executable(
        tmp_path / "bundle",
        """
        import os, time
        if os.environ.get("ANNOTATOR_TIMING") and os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            print("first article paint after 5 ms", flush=True)
        time.sleep(30)
        """,
    )
    run = smoke.Runner(tmp_path / "bundle", tmp_path)
    assert run.startup_ms("gui", "p.sqlite") is not None
    run.env["QT_QPA_PLATFORM"] = "xcb"  # the stand-in then prints nothing
    assert run.startup_ms("gui", "p.sqlite", timeout=1) is None


def _desktop_entry(prefix: Path, exec_line: str, icon: bool = True) -> Path:
    (prefix / "applications").mkdir(parents=True)
    (prefix / "applications" / "annotator.desktop").write_text(
        f"[Desktop Entry]\nType=Application\nName=Annotator\nExec={exec_line}\n",
        encoding="utf-8",
    )
    if icon:
        (prefix / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)
        (prefix / "icons" / "hicolor" / "48x48" / "apps" / "annotator.png").write_bytes(b"png")
    return prefix


def test_check_desktop_entry(tmp_path):
    executable = tmp_path / "dist" / "annotator" / "annotator"
    smoke.check_desktop_entry(_desktop_entry(tmp_path / "a", f"{executable} gui %f"), executable)
    python = _desktop_entry(tmp_path / "b", "/usr/bin/python3 -m annotator gui %f")
    with pytest.raises(smoke.SmokeFailure, match="not the bundle's"):
        smoke.check_desktop_entry(python, executable)
    no_icon = _desktop_entry(tmp_path / "c", f"{executable} gui %f", icon=False)
    with pytest.raises(smoke.SmokeFailure, match="no icon"):
        smoke.check_desktop_entry(no_icon, executable)
    with pytest.raises(smoke.SmokeFailure, match="not written"):
        smoke.check_desktop_entry(tmp_path / "d", executable)
