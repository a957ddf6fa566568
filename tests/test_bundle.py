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
        "camel_tools.ner",
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


def test_camel_tools_is_bundled_but_not_its_ner():
    assert not _excluded("camel_tools")
    assert [name for name in rules.CAMEL_MODULES if _excluded(name)] == []
    assert _excluded("camel_tools.ner") and _excluded("camel_tools.disambig.bert")


def _excluded(name: str) -> bool:
    return any(name == e or name.startswith(e + ".") for e in rules.EXCLUDED_MODULES)


_BY_NAME = ("import_camel", "import_module")  # functions importing the module named


def _imports(tree: ast.AST, package: str = "") -> set[str]:
    """The modules a source imports: absolute imports (a `from` import's names too: they may
    be modules), relative ones resolved against `package`, and the literal names given to
    `import_camel` and `importlib.import_module`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in _BY_NAME
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def _imported_modules() -> dict[str, set[str]]:
    """Every module that annotator's code imports, with the files that do."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "annotator").rglob("*.py")):
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            found.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_nothing_the_code_imports_is_left_out_of_the_bundle():
    """Every module the code imports is bundled, camel-tools' by name too (an import of a
    left-out module would fail only in the bundle), but in the NER worker's file: it runs in a
    `python -c` process that the bundle never starts (see the tests below)."""
    imported = _imported_modules()
    assert "PySide6.QtWidgets" in imported and "numpy" in imported  # the scan sees imports
    assert "camel_tools.utils.charmap" in imported  # and camel-tools' ...
    assert "camel_tools.disambig.mle" in imported  # ... imported by name (import_camel)
    clashes = {
        (name, where)
        for name, files in imported.items()
        for where in files
        if where != rules.NER_WORKER and _excluded(name)
    }
    assert clashes == set()


def test_the_ner_worker_imports_what_the_bundle_leaves_out_and_only_camel_ner():
    worker = {
        name
        for name, files in _imported_modules().items()
        if rules.NER_WORKER in files and _excluded(name)
    }
    assert worker == {"camel_tools.ner"}  # torch and transformers come through it


def _camel_source(name: str) -> Path | None:
    """The installed source file of the camel-tools module `name`, None when `name` is not a
    module (a name inside one). Found on disk: importing a package to ask (find_spec) would
    run camel_tools.data, which downloads its catalogue."""
    spec = importlib.util.find_spec("camel_tools")  # a top-level module: not run
    assert spec is not None and spec.origin
    path = Path(spec.origin).parent.joinpath(*name.split(".")[1:])
    for source in (path / "__init__.py", path.with_suffix(".py")):
        if source.is_file():
            return source
    return None


def _camel_module(name: str) -> str:
    """The camel-tools module `name` is, or is a name of."""
    return name if _camel_source(name) is not None else name.rsplit(".", 1)[0]


def test_every_camel_module_the_code_imports_is_a_hidden_import():
    """camel-tools' modules are imported by name (import_camel), which PyInstaller's analysis
    does not see: the spec names them (CAMEL_MODULES)."""
    named = {
        _camel_module(name)
        for name, files in _imported_modules().items()
        if name.split(".")[0] == "camel_tools" and files - {rules.NER_WORKER}
    }
    assert named and named <= set(rules.CAMEL_MODULES)


def _camel_closure() -> tuple[set[str], set[str]]:
    """The camel-tools modules (their packages included) that CAMEL_MODULES import, through
    camel-tools' own sources, and the other top-level modules they import."""
    camel: set[str] = set()
    others: set[str] = set()
    todo = list(rules.CAMEL_MODULES)
    while todo:
        name = todo.pop()
        if name in camel:
            continue
        camel.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # its packages run too
        source = _camel_source(name)
        assert source is not None, name
        package = name if source.name == "__init__.py" else name.rsplit(".", 1)[0]
        for imported in _imports(ast.parse(source.read_text(encoding="utf-8")), package):
            if imported.split(".")[0] != "camel_tools":
                others.add(imported.split(".")[0])
            else:
                todo.append(_camel_module(imported))
    return camel, others


def test_what_the_bundled_camel_modules_import_is_bundled():
    """The camel-tools modules the bundle holds import nothing it leaves out (torch,
    camel_tools.ner...): their own imports, followed through camel-tools' sources."""
    camel, others = _camel_closure()
    assert {"camel_tools.data", "camel_tools.utils.dediac"} <= camel  # the walk follows imports
    assert {"cachetools", "editdistance", "pyrsistent", "muddler"} <= others
    assert [name for name in camel | others if _excluded(name)] == []


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


def test_the_spec_collects_camel_tools_modules_data_and_version():
    """camel-tools' modules imported by name, its character maps (package data) and its
    metadata (`annotator doctor` reads its version)."""
    analysis = _spec_calls()["Analysis"]
    assert "list(CAMEL_MODULES)" in ast.unparse(_keyword(analysis, "hiddenimports"))
    datas = ast.unparse(_keyword(analysis, "datas"))
    assert "collect_data_files('camel_tools')" in datas
    assert "copy_metadata('camel-tools')" in datas


# ------------------------------------------------------------------ CAMeL NER in the bundle


@pytest.fixture
def bundled(monkeypatch):
    """This process as the desktop bundle (PyInstaller sets sys.frozen)."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)


def test_in_the_bundle_camel_ner_is_unavailable_and_says_how_to_use_it(bundled, tmp_path):
    from annotator.camel.config import ToolsConfig, save_config
    from annotator.camel.ner_worker import BUNDLE, BUNDLE_PROBLEM, NerProblem
    from annotator.suggestions import default_names, unavailable

    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{}", encoding="utf-8")
    save_config(ToolsConfig(ner_model=str(tmp_path / "model")))  # a model is even installed
    assert unavailable("camel_ner") == BUNDLE
    assert BUNDLE == NerProblem("bundle", command="camel_data -i ner-arabert")
    assert "bundle does not include the NER model runtime" in BUNDLE_PROBLEM
    assert "pip installation" in BUNDLE_PROBLEM and "camel_data -i ner-arabert" in BUNDLE_PROBLEM
    assert "camel_ner" not in default_names()


def test_in_the_bundle_the_ner_worker_starts_no_process(bundled, tmp_path, monkeypatch):
    """The bundle's executable is not a Python: `python -c` would start the app's CLI."""
    import subprocess

    from annotator.camel.ner_worker import BUNDLE_PROBLEM, NerWorker
    from annotator.errors import UsageError

    def popen(*args, **kwargs):
        raise AssertionError(f"started {args}")

    monkeypatch.setattr(subprocess, "Popen", popen)
    with pytest.raises(UsageError) as raised:
        NerWorker(tmp_path)
    assert str(raised.value) == BUNDLE_PROBLEM


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
    charmaps = folder / "_internal" / "camel_tools" / "utils" / "charmaps"
    charmaps.mkdir(parents=True)
    for name in ("ar2bw", "ar2safebw", "ar2hsb", "arclean"):
        (charmaps / f"{name}_map.json").write_text("{}", encoding="utf-8")
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


def test_check_bundle_rejects_a_bundle_without_camel_tools_character_maps(tmp_path):
    bundle = _fake_bundle(tmp_path)
    (bundle / "_internal" / "camel_tools" / "utils" / "charmaps" / "ar2bw_map.json").unlink()
    with pytest.raises(smoke.SmokeFailure, match="ar2bw_map.json"):
        smoke.check_bundle(bundle)


def test_check_bundle_requires_every_character_map_the_code_uses():
    from annotator.camel.translit import SCHEMES

    required = {f"camel_tools/utils/charmaps/{m}_map.json" for m in [*SCHEMES.values(), "arclean"]}
    assert required <= set(smoke.RESOURCES)


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


TRANSLIT = """\
# columns = token translit word ner
# doc_id = 1
قالت\tqAlt\tقالت\tO
و\tw\tوالمدنيين\tB-CASUALTY
ال\tAl\tوالمدنيين\tI-CASUALTY
مدنيين\tmdnyyn\tوالمدنيين\tI-CASUALTY
،\t،\t،\tO

# doc_id = 2
هجوم\thjwm\tهجوم\tO
"""


def test_check_translit_conll(tmp_path):
    path = tmp_path / "translit.conll"
    path.write_text(TRANSLIT, encoding="utf-8")
    assert smoke.check_translit_conll(path, 2) == (5, 3)  # Arabic tokens, clitic pieces
    with pytest.raises(smoke.SmokeFailure, match="2 documents, expected 3"):
        smoke.check_translit_conll(path, 3)
    path.write_text(TRANSLIT.replace("\tqAlt\t", "\tقالت\t"), encoding="utf-8")
    with pytest.raises(smoke.SmokeFailure, match="translit.conll:3: not transliterated"):
        smoke.check_translit_conll(path, 2)
    unsegmented = "\n".join(
        line for line in TRANSLIT.splitlines() if not line.startswith(("و\t", "ال\t"))
    ).replace("مدنيين\tmdnyyn", "والمدنيين\twAlmdnyyn")
    path.write_text(unsegmented, encoding="utf-8")
    with pytest.raises(smoke.SmokeFailure, match="no word cut into clitic pieces"):
        smoke.check_translit_conll(path, 2)
    path.write_text(TRANSLIT.replace("token translit word", "token word"), encoding="utf-8")
    with pytest.raises(smoke.SmokeFailure, match="no translit and word columns"):
        smoke.check_translit_conll(path, 2)
    path.write_text(TRANSLIT.replace("\tqAlt", ""), encoding="utf-8")
    with pytest.raises(smoke.SmokeFailure, match=r"translit.conll:3: not the columns"):
        smoke.check_translit_conll(path, 2)


def _doctor(tmp_path: Path, model: bool = True, **changes) -> str:
    """What `annotator doctor --json` prints here (as the bundle when `bundled`) with a
    morphology database chosen (an MLE model beside it unless not `model`) and no torch or
    transformers (the bundle has neither), changed by `changes`."""
    from annotator.camel import inventory
    from annotator.camel.config import ToolsConfig, save_config

    db = tmp_path / "tiny.db"
    db.write_text("###DEFINES###\n", encoding="utf-8")
    if model:
        (tmp_path / "model.json").write_text("{}", encoding="utf-8")
    save_config(ToolsConfig(morphology_db=str(db)))
    data = inventory.as_dict(inventory.inventory())
    data["python_packages"] = [dict(p, version=None) for p in data["python_packages"]]
    data.update(changes)
    return json.dumps(data)


def test_check_doctor(bundled, tmp_path):
    db = tmp_path / "tiny.db"
    version = smoke.check_doctor(_doctor(tmp_path), db)
    assert version == __import__("importlib.metadata").metadata.version("camel-tools")
    with pytest.raises(smoke.SmokeFailure, match="version is '\\?'"):
        smoke.check_doctor(_doctor(tmp_path, camel_tools="?"), db)  # no metadata bundled
    with pytest.raises(smoke.SmokeFailure, match="version is None"):
        smoke.check_doctor(_doctor(tmp_path, camel_tools=None), db)
    with pytest.raises(smoke.SmokeFailure, match="the morphology database"):
        smoke.check_doctor(_doctor(tmp_path), tmp_path / "other.db")
    (tmp_path / "model.json").unlink()
    with pytest.raises(smoke.SmokeFailure, match="the MLE model beside"):
        smoke.check_doctor(_doctor(tmp_path, model=False), db)
    torch = {"name": "torch", "version": "2.13.0", "needed_for": "", "install": []}
    with pytest.raises(smoke.SmokeFailure, match="torch found inside the bundle"):
        smoke.check_doctor(_doctor(tmp_path, python_packages=[torch]), db)
    with pytest.raises(smoke.SmokeFailure, match="offers what the bundle cannot use"):
        smoke.check_doctor(_doctor(tmp_path, commands=["python3 -m pip install torch"]), db)
    with pytest.raises(smoke.SmokeFailure, match="no note says what the desktop bundle"):
        smoke.check_doctor(_doctor(tmp_path, notes=[]), db)
    with pytest.raises(smoke.SmokeFailure, match="printed no JSON"):
        smoke.check_doctor("Traceback", db)


def test_check_doctor_rejects_what_a_pip_installation_says(tmp_path):
    """Outside the bundle doctor offers to install the NER model: not what the bundle says."""
    with pytest.raises(smoke.SmokeFailure, match="offers what the bundle cannot use"):
        smoke.check_doctor(_doctor(tmp_path), tmp_path / "tiny.db")


def _recommenders(camel_ner: str | None, **others: str | None) -> str:
    listed = [{"name": "camel_ner", "description": "", "unavailable": camel_ner}]
    listed += [{"name": k, "description": "", "unavailable": v} for k, v in others.items()]
    return json.dumps({"recommenders": listed, "gazetteers": [], "suggestions": []})


def test_check_camel_ner_unavailable(bundled):
    from annotator.camel.ner_worker import BUNDLE_PROBLEM

    assert smoke.check_camel_ner_unavailable(_recommenders(BUNDLE_PROBLEM, strings=None))
    with pytest.raises(smoke.SmokeFailure, match="does not name the bundle"):
        smoke.check_camel_ner_unavailable(_recommenders("no CAMeL NER model is installed"))
    with pytest.raises(smoke.SmokeFailure, match="does not name the bundle"):
        smoke.check_camel_ner_unavailable(_recommenders(None))
    with pytest.raises(smoke.SmokeFailure, match="unavailable in the bundle: model"):
        smoke.check_camel_ner_unavailable(_recommenders(BUNDLE_PROBLEM, model="no crfsuite"))
    with pytest.raises(smoke.SmokeFailure, match="printed no list"):
        smoke.check_camel_ner_unavailable("annotator: error: no such project")


def test_check_untouched(tmp_path):
    smoke.check_untouched(tmp_path)
    (tmp_path / ".camel_tools").mkdir()
    with pytest.raises(smoke.SmokeFailure, match=r"written in HOME .*\.camel_tools"):
        smoke.check_untouched(tmp_path)


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
