"""What of camel-tools is installed here, and how to install the rest (Qt-free).

`inventory()` answers for `annotator doctor` and Settings > Arabic tools: camel-tools' version,
each data package the tool uses (found where, set in Settings or installed by ``camel_data``),
whether torch and transformers are installed (found with `env.module_found` and the package
metadata: nothing is imported, torch least of all), and for each missing thing the
exact commands to install it, with this installation's ``camel_data`` and Python.

The data packages and where ``camel_data`` puts them are those of camel-tools' catalogue
(``catalogue-1.6.json`` of CAMeL-Lab/camel-tools-data): a package's files go to
``<CAMELTOOLS_DATA or ~/.camel_tools>/data/<destination>``.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path
from typing import Any, NamedTuple

from annotator.camel import config as tools_config
from annotator.camel import env
from annotator.camel.env import (
    camel_data_dirs,
    desktop_bundle,
    installed_data_dirs,
    python_command,
    shell_quote,
)
from annotator.errors import InputError

__all__ = [
    "ALWAYS",
    "FROM_CAMEL_DATA",
    "FROM_SETTINGS",
    "DISAMBIG_PACKAGE",
    "MISSING_FILE",
    "NOT_INSTALLED",
    "DataPackage",
    "Inventory",
    "MorphologyChoice",
    "PythonPackage",
    "as_dict",
    "camel_data_command",
    "inventory",
    "morphology_choice",
    "python_command",
]

DISAMBIG_PACKAGE = "disambig-mle-calima-msa-r13"
FROM_SETTINGS = "settings"
FROM_CAMEL_DATA = "camel_data"
NOT_INSTALLED = "not-installed"
MISSING_FILE = "missing-file"

ALWAYS = (
    "Transliteration (Buckwalter, Safe Buckwalter, HSB) of the selection, on hover and in "
    "exports (--translit), with camel-tools' character maps",
    "Arabic normalization and dediacritization (the text core's; identical to camel_tools.utils "
    "where they overlap, tested)",
    "Import cleaning with camel-tools' arclean character map (--arclean)",
)
"""What works out of the box, with camel-tools alone (no data package)."""


class DataPackage(NamedTuple):
    """One ``camel_data`` package the tool uses, as found here."""

    name: str  # camel_data's package name
    title: str
    adds: str  # what it adds when installed
    size: str  # the download's size
    found: bool
    path: str | None  # where it is (or where Settings says it is), None when not found
    source: str | None  # FROM_SETTINGS or FROM_CAMEL_DATA, None when not found
    problem: str | None  # why it cannot be used, None when found
    install: tuple[str, ...]  # the commands installing it (empty when found)


class PythonPackage(NamedTuple):
    """A Python package an optional feature needs (found without importing it)."""

    name: str
    version: str | None  # None when not installed
    needed_for: str
    install: tuple[str, ...]  # the command installing it (empty when installed)


class Inventory(NamedTuple):
    camel_tools: str | None  # camel-tools' version, None when not installed
    always: tuple[str, ...]
    packages: tuple[DataPackage, ...]
    python_packages: tuple[PythonPackage, ...]
    install_dir: str  # where camel_data installs
    searched: tuple[str, ...]  # where installed packages were looked for (existing folders)
    settings_file: str
    notes: tuple[str, ...]

    @property
    def commands(self) -> tuple[str, ...]:
        """Every command installing what is missing, in order, without repeats."""
        everything = [c for p in self.python_packages for c in p.install]
        everything += [c for p in self.packages for c in p.install]
        return tuple(dict.fromkeys(everything))


def camel_data_command() -> str:
    """This installation's ``camel_data`` (beside its Python), as typed in a shell; when it is
    not there, camel-tools' module run with this Python (a desktop bundle: ``camel_data`` of
    a camel-tools installed with pip)."""
    if desktop_bundle():
        return "camel_data"
    folder = Path(sys.executable).parent
    for name in ("camel_data.exe", "camel_data") if sys.platform == "win32" else ("camel_data",):
        if (folder / name).is_file():
            return shell_quote(str(folder / name))
    return f"{python_command()} -m camel_tools.cli.camel_data"


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _installed(module: str, distribution: str) -> str | None:
    """The installed version of `distribution` when `module` is found (`env.module_found`:
    nothing is imported), else None."""
    if not env.module_found(module):
        return None
    return _version(distribution) or "?"


def _python_packages() -> tuple[PythonPackage, ...]:
    """torch and transformers. The desktop bundle has neither and cannot be given them (no
    command installs them into it: `ner_worker.BUNDLE_PROBLEM` says how to use CAMeL NER)."""
    from annotator.camel.ner_worker import install_commands

    torch = _installed("torch", "torch")
    transformers = _installed("transformers", "transformers")
    if desktop_bundle():
        needed_for = "CAMeL NER, not in the desktop bundle"
        return (
            PythonPackage("torch", torch, needed_for, ()),
            PythonPackage("transformers", transformers, needed_for, ()),
        )
    return (
        PythonPackage(
            "torch",
            torch,
            "CAMeL NER",
            () if torch else install_commands(("torch",)),
        ),
        PythonPackage(
            "transformers",
            transformers,
            "CAMeL NER",
            () if transformers else install_commands(("transformers",)),
        ),
    )


class MorphologyChoice(NamedTuple):
    """The morphology database the choices lead to, and whether it can be used: the rule the
    inventory, `annotator doctor` and the app's hover and morpheme snapping all follow."""

    path: Path | None  # set in Settings, else where camel_data installed it; None: neither
    source: str | None  # FROM_SETTINGS or FROM_CAMEL_DATA, None when `path` is None
    problem: str | None  # None: usable; NOT_INSTALLED; MISSING_FILE (`path` is no file)


def morphology_choice(chosen: tools_config.ToolsConfig) -> MorphologyChoice:
    """The database `chosen` leads to (`config.morphology_db`) and whether it is there (one
    look at the disk; opening it may still fail: `morphology.load` says why)."""
    path = tools_config.morphology_db(chosen)
    if path is None:
        return MorphologyChoice(None, None, NOT_INSTALLED)
    source = FROM_SETTINGS if chosen.morphology_db else FROM_CAMEL_DATA
    return MorphologyChoice(path, source, None if path.is_file() else MISSING_FILE)


def _install(package: str) -> tuple[str, ...]:
    return (f"{camel_data_command()} -i {package}",)


def _morphology(chosen: tools_config.ToolsConfig) -> tuple[DataPackage, Path | None]:
    name = tools_config.MORPHOLOGY_PACKAGE
    title = "Morphology database (Modern Standard Arabic, CALIMA r13)"
    adds = (
        "Hover shows a word's analyses (lemma, POS, gloss, clitics); morpheme snapping "
        "(selections snap to clitic boundaries: و+ ب+ ال+ مدنيين); CoNLL/HF export "
        "--segment atbtok|d3tok"
    )
    choice = morphology_choice(chosen)
    path, source = choice.path, choice.source
    if choice.problem is None:
        return DataPackage(name, title, adds, "40 MB", True, str(path), source, None, ()), path
    if choice.problem == MISSING_FILE:
        problem = f"{path}: no such file (set in Settings > Arabic tools)"
        return (
            DataPackage(
                name, title, adds, "40 MB", False, str(path), source, problem, _install(name)
            ),
            None,
        )
    problem = "not installed"
    return DataPackage(name, title, adds, "40 MB", False, None, None, problem, _install(name)), None


def _disambiguation(database: Path | None) -> DataPackage:
    from annotator.camel.morphology import mle_model_path

    name = DISAMBIG_PACKAGE
    title = "MLE disambiguation model (Modern Standard Arabic, CALIMA r13)"
    adds = (
        "The likeliest analysis of a word in its sentence first (hover, snapping, "
        "--segment), by camel-tools' MLE disambiguator; installs the morphology database too"
    )
    if database is None:  # where camel_data would put the database: its model is beside it
        database = camel_data_dirs()[0] / tools_config.MORPHOLOGY_RELATIVE
    model = mle_model_path(database)
    if model is not None:
        return DataPackage(name, title, adds, "89 MB", True, str(model), FROM_CAMEL_DATA, None, ())
    problem = "not installed (analyses are ranked by the database's own probabilities)"
    return DataPackage(name, title, adds, "89 MB", False, None, None, problem, _install(name))


def _ner(chosen: tools_config.ToolsConfig) -> DataPackage:
    """The NER model. In the desktop bundle, where CAMeL NER cannot run, one not found says so
    (`ner_worker.BUNDLE_PROBLEM`) rather than how to install it."""
    from annotator.camel.ner_worker import BUNDLE_PROBLEM, model_problem, problem_text

    name = tools_config.NER_PACKAGE
    title = "CAMeL NER model (AraBERT)"
    adds = (
        "The CAMeL NER recommender: PERS/ORG/LOC suggestions mapped to the project's labels "
        "(needs torch and transformers)"
    )
    path = tools_config.ner_model(chosen)
    source = FROM_SETTINGS if chosen.ner_model else FROM_CAMEL_DATA
    found = model_problem(path)
    if found is None and path is not None:
        return DataPackage(name, title, adds, "542 MB", True, str(path), source, None, ())
    problem = "not installed" if found is None or path is None else problem_text(found)
    install = _install(name)
    if desktop_bundle():
        problem, install = BUNDLE_PROBLEM, ()
    return DataPackage(
        name,
        title,
        adds,
        "542 MB",
        False,
        None if path is None else str(path),
        None if path is None else source,
        problem,
        install,
    )


def inventory(chosen: tools_config.ToolsConfig | None = None) -> Inventory:
    """What is installed here and how to install the rest (see the module docstring), with
    the choices `chosen` (default: the saved ones; Settings > Arabic tools shows the effect of
    choices not saved yet)."""
    notes = []
    if chosen is None:
        try:
            chosen = tools_config.load_config()
        except InputError as err:
            chosen = tools_config.ToolsConfig()
            notes.append(f"{err} (ignored: choose again in Settings > Arabic tools)")
    morphology, database = _morphology(chosen)
    if desktop_bundle():
        notes.append(
            "This desktop bundle includes camel-tools (transliteration, arclean cleaning, and "
            "morphology and MLE disambiguation once their data packages are installed) but not "
            "CAMeL NER's runtime (torch, transformers): run annotator from a pip installation "
            "(README, Quick start) to use CAMeL NER. Nor does it include camel_data, which "
            "comes with camel-tools (pip install camel-tools): the bundle finds what it installs."
        )
    install_dir = camel_data_dirs()[0]
    notes.append(
        f"camel_data installs into {install_dir}"
        + (
            " (your CAMELTOOLS_DATA)."
            if len(camel_data_dirs()) > 1
            else "; to install elsewhere, set CAMELTOOLS_DATA for camel_data and the app "
            "alike, or choose the files in Settings > Arabic tools."
        )
    )
    return Inventory(
        camel_tools=_installed("camel_tools", "camel-tools"),
        always=ALWAYS,
        packages=(morphology, _disambiguation(database), _ner(chosen)),
        python_packages=_python_packages(),
        install_dir=str(install_dir),
        searched=tuple(str(path) for path in installed_data_dirs()),
        settings_file=str(tools_config.config_path()),
        notes=tuple(notes),
    )


def as_dict(found: Inventory) -> dict[str, Any]:
    """`found` as plain JSON-able data (the install commands under "commands")."""
    data = found._asdict()
    data["packages"] = [package._asdict() for package in found.packages]
    data["python_packages"] = [package._asdict() for package in found.python_packages]
    data["commands"] = list(found.commands)
    return data
