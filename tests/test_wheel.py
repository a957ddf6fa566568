"""The wheel: built from the sources, installed (not editable) into a fresh virtual environment,
it runs the app with its fonts, label schema and icons.

Offline: the wheel is built without build isolation (the test extra's setuptools) and installed
with --no-deps --no-index; the dependencies come from the checkout's environment through a .pth
file, which puts them after the new environment's own site-packages, so that the annotator the
wheel installed is the one imported (each test checks it is)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class Installed:
    """A fresh virtual environment with the wheel installed in it."""

    def __init__(self, venv: Path, home: Path) -> None:
        self.venv = venv
        self.home = home
        self.python = venv / "bin" / "python"
        self.annotator = venv / "bin" / "annotator"
        self.site = Path(self.run_python("import sysconfig; print(sysconfig.get_path('purelib'))"))
        self.package = self.site / "annotator"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["ANNOTATOR_HOME"] = str(self.home / "annotator")
        env["HOME"] = str(self.home)
        env["XDG_CONFIG_HOME"] = str(self.home / ".config")
        env["XDG_DATA_HOME"] = str(self.home / ".local" / "share")
        env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def run(self, *command: str | Path, timeout: float = 120) -> str:
        done = subprocess.run(
            [str(part) for part in command],
            cwd=self.home,  # not the checkout: nothing is imported from there
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"{command}: {done.stderr}"
        return done.stdout.strip()

    def run_python(self, code: str) -> str:
        return self.run(self.python, "-c", code)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed: no wheel can be built offline")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy: building writes build/ and *.egg-info into the sources
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignored = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "annotator", source / "annotator", ignore=ignored)
    pip = [sys.executable, "-m", "pip"]
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp / "dist")]
    subprocess.run([*build, str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp / "dist").glob("annotator-*.whl")

    venv = tmp / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    install = [*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps"]
    subprocess.run(
        [*install, "--no-index", "-q", str(wheel)], check=True, capture_output=True, timeout=300
    )
    home = tmp / "home"
    home.mkdir()
    environment = Installed(venv, home)
    dependencies = dict.fromkeys(sysconfig.get_path(kind) for kind in ("purelib", "platlib"))
    (environment.site / "zz-checkout-dependencies.pth").write_text(
        "".join(f"{path}\n" for path in dependencies), encoding="utf-8"
    )
    return environment


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    found = json.loads(
        installed.run_python(
            "import json, sys, annotator.cli, annotator.gui.app\n"
            "print(json.dumps({'annotator': annotator.__file__, 'modules': sorted(\n"
            "    m.__file__ for n, m in sys.modules.items()\n"
            "    if n.startswith('annotator') and getattr(m, '__file__', None)),\n"
            "    'editable': [n for n in sys.modules if n.startswith('__editable__')]}))"
        )
    )
    assert Path(found["annotator"]) == installed.package / "__init__.py"
    assert all(Path(name).is_relative_to(installed.package) for name in found["modules"])
    assert found["editable"] == []
    assert not any(installed.site.glob("__editable__*"))
    (dist_info,) = installed.site.glob("annotator-*.dist-info")
    assert "annotator/resources/labels.json," in (dist_info / "RECORD").read_text("utf-8")


def test_the_wheel_installs_the_fonts_the_schema_the_seeds_and_the_icons(installed):
    resources = installed.package / "resources"
    for name in ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", "OFL.txt"):
        assert (resources / "fonts" / name).stat().st_size > 0, name
    assert (resources / "labels.json").read_bytes() == (
        ROOT / "annotator" / "resources" / "labels.json"
    ).read_bytes()
    assert len(list((resources / "seeds").glob("*.txt"))) == 5
    icons = ["annotator.svg"] + [f"annotator-{n}.png" for n in (16, 32, 48, 64, 128, 256)]
    assert sorted(p.name for p in (resources / "icons").iterdir()) == sorted(icons)
    assert (resources / "translations" / "annotator_ar.qm").read_bytes() == (
        ROOT / "annotator" / "resources" / "translations" / "annotator_ar.qm"
    ).read_bytes()  # the Arabic interface, compiled: no build step after install


def test_the_installed_app_builds_the_demo_with_the_shipped_schema(installed):
    demo = json.loads(installed.run(installed.annotator, "demo", "--json"))
    assert Path(demo["project"]) == installed.home / "annotator" / "demo.sqlite"
    assert demo["documents"] == 5
    assert demo["annotations"] > 0
    schema = json.loads(installed.run(installed.annotator, "labels", demo["project"], "--json"))
    shipped = json.loads((installed.package / "resources" / "labels.json").read_text("utf-8"))
    assert [(label["name"], label["colour"]) for label in schema["labels"]] == [
        (label["name"], label["colour"]) for label in shipped["labels"]
    ]


def test_the_installed_app_renders_the_demo_with_its_font_and_icon(installed):
    demo = json.loads(installed.run(installed.annotator, "demo", "--json"))["project"]
    shot = installed.home / "demo.png"
    installed.run(installed.annotator, "gui", demo, "--screenshot", shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    loaded = json.loads(
        installed.run_python(
            "import json\n"
            "from PySide6.QtGui import QFontDatabase\n"
            "from annotator.gui.app import application\n"
            "from annotator.resources import resource\n"
            "app = application()\n"
            "font = QFontDatabase.addApplicationFont(str(resource('fonts', "
            "'NotoNaskhArabic-Regular.ttf')))\n"
            "print(json.dumps({'families': QFontDatabase.applicationFontFamilies(font),\n"
            "    'icon': sorted(s.width() for s in app.windowIcon().availableSizes())}))"
        )
    )
    assert loaded["families"] == ["Noto Naskh Arabic"]
    assert loaded["icon"] == [16, 32, 48, 64, 128, 256]


def test_the_installed_command_writes_a_desktop_entry_that_starts_it(installed):
    prefix = installed.home / "share"
    out = installed.run(installed.annotator, "install-desktop-entry", "--prefix", prefix)
    assert f"Exec={installed.annotator} gui %f" in out.splitlines()
    entry = (prefix / "applications" / "annotator.desktop").read_text("utf-8")
    assert f"Exec={installed.annotator} gui %f\n" in entry
    icon = prefix / "icons" / "hicolor" / "48x48" / "apps" / "annotator.png"
    assert (
        icon.read_bytes() == (installed.package / "resources/icons/annotator-48.png").read_bytes()
    )
