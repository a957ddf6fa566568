"""`annotator.camel.inventory` and `annotator doctor`: what of camel-tools is installed (data
packages in camel_data's layout, a file chosen in Settings, torch and transformers found without
importing them) and the exact commands installing the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.camel import config, env, inventory
from annotator.camel.inventory import DISAMBIG_PACKAGE, FROM_CAMEL_DATA, FROM_SETTINGS
from annotator.camel.ner_worker import BUNDLE_PROBLEM
from annotator.cli import main

MORPHOLOGY = Path("data", "morphology_db", "calima-msa-r13", "morphology.db")
MLE = Path("data", "disambig_mle", "calima-msa-r13", "model.json")
NER = Path("data", "ner", "arabert")
ROOT = Path(__file__).resolve().parent.parent


def install_fake(folder: Path, *, morphology=True, mle=True, ner=True) -> None:
    """The files camel_data's packages put in `folder` (catalogue-1.6.json's destinations)."""
    if morphology:
        (folder / MORPHOLOGY).parent.mkdir(parents=True, exist_ok=True)
        (folder / MORPHOLOGY).write_text("###DEFINES###\n", encoding="utf-8")
    if mle:
        (folder / MLE).parent.mkdir(parents=True, exist_ok=True)
        (folder / MLE).write_text("{}", encoding="utf-8")
    if ner:
        (folder / NER).mkdir(parents=True, exist_ok=True)
        (folder / NER / "config.json").write_text("{}", encoding="utf-8")
        (folder / NER / "vocab.txt").write_text("[PAD]\n", encoding="utf-8")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """camel-tools' default folder under a temporary home; no CAMELTOOLS_DATA of the user's.
    (env reads both once, at import: its module values are pointed here.)"""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(env, "_REAL_HOME", home)
    monkeypatch.setattr(env, "_USER_DATA", None)
    return home


@pytest.fixture
def no_torch(monkeypatch):
    real = env.module_found
    monkeypatch.setattr(
        env, "module_found", lambda name: name not in ("torch", "transformers") and real(name)
    )


@pytest.fixture
def with_torch(monkeypatch):
    """torch and transformers found (whether or not this environment has them)."""
    real = env.module_found
    monkeypatch.setattr(
        env, "module_found", lambda name: name in ("torch", "transformers") or real(name)
    )


def packages(found: inventory.Inventory) -> dict[str, inventory.DataPackage]:
    return {package.name: package for package in found.packages}


def test_nothing_installed_says_how_to_install_everything(home, no_torch):
    found = inventory.inventory()
    camel_data = inventory.camel_data_command()
    python = inventory.python_command()
    by_name = packages(found)
    assert list(by_name) == [config.MORPHOLOGY_PACKAGE, DISAMBIG_PACKAGE, config.NER_PACKAGE]
    for name, package in by_name.items():
        assert not package.found and package.path is None and package.source is None
        assert package.install == (f"{camel_data} -i {name}",)
    assert [(p.name, p.version) for p in found.python_packages] == [
        ("torch", None),
        ("transformers", None),
    ]
    assert found.commands == (
        f"{python} -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu",
        f"{python} -m pip install transformers",
        f"{camel_data} -i morphology-db-msa-r13",
        f"{camel_data} -i disambig-mle-calima-msa-r13",
        f"{camel_data} -i ner-arabert",
    )
    assert found.install_dir == str(home / ".camel_tools")
    assert found.searched == ()
    assert found.camel_tools == __import__("importlib.metadata").metadata.version("camel-tools")
    assert not (home / ".camel_tools").exists()  # looking creates nothing


def test_the_inventory_and_the_ner_worker_ask_one_finder(home, monkeypatch):
    """Whether torch is installed is asked of `env.module_found` alone: the inventory's answer
    and CAMeL NER's requirement check cannot disagree."""
    from annotator.camel import ner_worker

    asked: list[str] = []

    def found(name: str) -> bool:
        asked.append(name)
        return name != "torch"

    monkeypatch.setattr(env, "module_found", found)
    versions = {p.name: p.version for p in inventory.inventory().python_packages}
    assert versions["torch"] is None and versions["transformers"] is not None
    problem = ner_worker.missing_requirement()
    assert problem is not None and problem.missing == ("torch",)
    assert asked.count("torch") == 2


def test_module_found_finds_without_importing(monkeypatch):
    monkeypatch.delitem(sys.modules, "antigravity", raising=False)  # importing opens a browser
    assert env.module_found("antigravity") and "antigravity" not in sys.modules
    assert not env.module_found("no_such_module_here")
    assert not env.module_found("")  # find_spec's ValueError is a no, not a crash


def test_camel_data_is_this_installations(monkeypatch, tmp_path):
    bin_dir = tmp_path / "my env" / "bin"
    bin_dir.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.setattr(sys, "platform", "linux")
    assert inventory.camel_data_command() == f"'{bin_dir}/python' -m camel_tools.cli.camel_data"
    (bin_dir / "camel_data").write_text("#!/bin/sh\n", encoding="utf-8")
    assert inventory.camel_data_command() == f"'{bin_dir}/camel_data'"


def test_packages_installed_in_the_default_folder(home, with_torch):
    install_fake(home / ".camel_tools")
    found = inventory.inventory()
    by_name = packages(found)
    assert by_name[config.MORPHOLOGY_PACKAGE].path == str(home / ".camel_tools" / MORPHOLOGY)
    assert by_name[DISAMBIG_PACKAGE].path == str(home / ".camel_tools" / MLE)
    assert by_name[config.NER_PACKAGE].path == str(home / ".camel_tools" / NER)
    for package in by_name.values():
        assert package.found and package.source == FROM_CAMEL_DATA and package.install == ()
        assert package.problem is None
    assert found.commands == ()
    assert found.searched == (str(home / ".camel_tools"),)


def test_a_users_cameltools_data_is_searched_first_and_installed_into(
    home, tmp_path, monkeypatch, with_torch
):
    mine = tmp_path / "camel-data"
    install_fake(mine, mle=False, ner=False)
    install_fake(home / ".camel_tools", morphology=False)
    monkeypatch.setattr(env, "_USER_DATA", str(mine))
    found = inventory.inventory()
    by_name = packages(found)
    assert by_name[config.MORPHOLOGY_PACKAGE].path == str(mine / MORPHOLOGY)
    # the MLE model for that database is camel_data's in the default folder
    assert by_name[DISAMBIG_PACKAGE].path == str(home / ".camel_tools" / MLE)
    assert by_name[config.NER_PACKAGE].path == str(home / ".camel_tools" / NER)
    assert found.install_dir == str(mine)
    assert found.searched == (str(mine), str(home / ".camel_tools"))
    assert "your CAMELTOOLS_DATA" in found.notes[-1]


def test_files_chosen_in_settings_win_and_a_missing_one_is_said(home, tmp_path, with_torch):
    install_fake(home / ".camel_tools")
    chosen_db = tmp_path / "mine" / "morphology.db"
    chosen_db.parent.mkdir()
    chosen_db.write_text("###DEFINES###\n", encoding="utf-8")
    config.save_config(config.ToolsConfig(str(chosen_db), str(tmp_path / "gone")))
    by_name = packages(inventory.inventory())
    morphology, ner = by_name[config.MORPHOLOGY_PACKAGE], by_name[config.NER_PACKAGE]
    assert (morphology.found, morphology.source, morphology.path) == (
        True,
        FROM_SETTINGS,
        str(chosen_db),
    )
    assert (ner.found, ner.source, ner.path) == (False, FROM_SETTINGS, str(tmp_path / "gone"))
    assert "no config.json" in ner.problem
    assert ner.install == (f"{inventory.camel_data_command()} -i ner-arabert",)


def test_a_damaged_settings_file_is_reported_not_fatal(home, no_torch):
    config.config_path().parent.mkdir(parents=True, exist_ok=True)
    config.config_path().write_text("[1, 2", encoding="utf-8")
    found = inventory.inventory()
    assert any(str(config.config_path()) in note for note in found.notes)
    assert not packages(found)[config.MORPHOLOGY_PACKAGE].found


def test_doctor_prints_the_inventory_and_exits_0(home, no_torch, capsys):
    install_fake(home / ".camel_tools", mle=False, ner=False)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "[installed] morphology-db-msa-r13" in out
    assert str(home / ".camel_tools" / MORPHOLOGY) in out
    assert "[missing] ner-arabert" in out and "[missing] torch" in out
    assert f"install: {inventory.camel_data_command()} -i ner-arabert" in out
    assert "To install what is missing:" in out

    assert main(["doctor", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(p["name"], p["found"]) for p in data["packages"]] == [
        ("morphology-db-msa-r13", True),
        ("disambig-mle-calima-msa-r13", False),
        ("ner-arabert", False),
    ]
    assert data["commands"] == list(inventory.inventory().commands)


def test_doctor_in_a_fresh_process_imports_neither_torch_nor_camel_data(tmp_path):
    home = tmp_path / "home"
    install_fake(home / ".camel_tools", morphology=False, mle=False)
    environ = {k: v for k, v in os.environ.items() if k != "CAMELTOOLS_DATA"}
    environ.update(HOME=str(home), ANNOTATOR_HOME=str(tmp_path / "annotator"))
    script = (
        "import json, sys\nfrom annotator.cli import main\ncode = main(['doctor', '--json'])\n"
        "print(json.dumps([code, sorted(m for m in ('torch', 'transformers', 'camel_tools.data')"
        " if m in sys.modules)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    report_text, last = done.stdout.rsplit("\n", 2)[0], done.stdout.splitlines()[-1]
    assert json.loads(last) == [0, []]
    report = json.loads(report_text)
    ner = next(p for p in report["packages"] if p["name"] == "ner-arabert")
    assert (ner["found"], ner["path"]) == (True, str(home / ".camel_tools" / NER))
    assert list(home.iterdir()) == [home / ".camel_tools"]  # nothing else made in the home


def test_in_a_desktop_bundle_the_commands_are_the_systems(home, no_torch, monkeypatch):
    """The bundle holds camel-tools (so its data packages are worth installing, with the
    system's camel_data) but not CAMeL NER's runtime: nothing installs torch, transformers or
    the NER model into it, and the NER package and the notes say how to use it instead."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    found = inventory.inventory()
    assert found.commands == (
        f"camel_data -i {config.MORPHOLOGY_PACKAGE}",
        f"camel_data -i {DISAMBIG_PACKAGE}",
    )
    ner = packages(found)[config.NER_PACKAGE]
    assert (ner.found, ner.install, ner.problem) == (False, (), BUNDLE_PROBLEM)
    assert [(p.name, p.version, p.install) for p in found.python_packages] == [
        ("torch", None, ()),
        ("transformers", None, ()),
    ]
    assert all("not in the desktop bundle" in p.needed_for for p in found.python_packages)
    (note,) = [note for note in found.notes if "desktop bundle" in note]
    assert "includes camel-tools" in note and "not CAMeL NER's runtime" in note


def test_doctor_in_a_desktop_bundle_says_what_is_inside(home, no_torch, monkeypatch, capsys):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    install_fake(home / ".camel_tools", mle=False, ner=False)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"camel-tools {inventory.inventory().camel_tools}\n")
    assert "[installed] morphology-db-msa-r13" in out
    assert (
        f"[missing] ner-arabert: CAMeL NER model (AraBERT) (542 MB)\n      {BUNDLE_PROBLEM}" in out
    )
    assert "pip install torch" not in out and "-i ner-arabert" not in out.split("To install")[1]
    assert "To install what is missing:\n  camel_data -i disambig-mle-calima-msa-r13" in out
