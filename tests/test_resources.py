"""Shipped resources are package data: found through importlib.resources, and in a wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

from annotator.resources import resource
from annotator.store.labels import default_schema

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["labels.json", "fonts/NotoNaskhArabic-Regular.ttf", "fonts/NotoNaskhArabic-Bold.ttf"]
SHIPPED += ["fonts/OFL.txt"]
SEEDS = sorted(
    f"seeds/{p.name}" for p in (ROOT / "annotator" / "resources" / "seeds").glob("*.txt")
)


def test_resources_are_found_through_importlib_resources():
    package = files("annotator.resources")
    for name in SHIPPED:
        shipped = package.joinpath(*name.split("/"))
        assert shipped.is_file(), name
        assert Path(str(shipped)) == resource(*name.split("/"))
    assert "SIL Open Font License" in package.joinpath("fonts", "OFL.txt").read_text("utf-8")
    labels = json.loads(package.joinpath("labels.json").read_text(encoding="utf-8"))
    assert labels == default_schema()
    names = {label["name"] for label in labels["labels"]}
    assert {"ACTOR", "CLAIM", "CASUALTY"} <= names


def test_a_wheel_carries_the_resources(tmp_path):
    """The package data declaration: a wheel built from the sources holds every shipped file
    (built with the test extra's setuptools, offline)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "annotator", source / "annotator", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = (tmp_path / "dist").glob("annotator-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in SHIPPED + SEEDS if f"annotator/resources/{name}" not in packed]
    assert not missing


def test_the_demo_corpus_ships_with_the_package(seeds_dir):
    """The demo's seed articles are package data (a non-editable install builds the demo), and
    the checkout's top-level seeds/ is the same folder."""
    from annotator.resources import SEEDS as shipped

    assert len(SEEDS) == 5
    assert Path(str(files("annotator.resources").joinpath("seeds"))) == shipped
    assert sorted(p.name for p in shipped.glob("*.txt")) == [name[6:] for name in SEEDS]
    assert seeds_dir.resolve() == shipped.resolve()
