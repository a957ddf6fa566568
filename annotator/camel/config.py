"""Where the optional Arabic data lives: the user's choices (Settings > Arabic tools) and the
places ``camel_data`` installs to.

The choices are kept Qt-free in ``arabic-tools.json`` under `annotator.resources.user_data_dir`
so that the app, `annotator doctor` and the command line read the same ones. `morphology_db`
and `ner_model` resolve a choice: the path set, else the package ``camel_data`` installed
(`env.installed_data_dirs`), else None.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

from annotator.camel.env import installed_data_dirs
from annotator.errors import InputError
from annotator.resources import user_data_dir

__all__ = [
    "DEFAULT_NER_LABELS",
    "MORPHOLOGY_PACKAGE",
    "NER_PACKAGE",
    "ToolsConfig",
    "config_path",
    "load_config",
    "morphology_db",
    "ner_model",
    "save_config",
]

MORPHOLOGY_PACKAGE = "morphology-db-msa-r13"
MORPHOLOGY_RELATIVE = Path("data", "morphology_db", "calima-msa-r13", "morphology.db")
NER_PACKAGE = "ner-arabert"
NER_RELATIVE = Path("data", "ner", "arabert")
DEFAULT_NER_LABELS: dict[str, str] = {"PERS": "ACTOR", "ORG": "ACTOR", "LOC": "ACTOR"}
"""CAMeL NER's labels -> the project's (MISC and O propose nothing)."""


class ToolsConfig(NamedTuple):
    """The user's choices: a morphology database file and a NER model folder (None: use what
    ``camel_data`` installed), and how CAMeL NER's labels map to the project's."""

    morphology_db: str | None = None
    ner_model: str | None = None
    ner_labels: dict[str, str] = DEFAULT_NER_LABELS


def config_path() -> Path:
    return user_data_dir() / "arabic-tools.json"


def load_config() -> ToolsConfig:
    """The saved choices (defaults when none were saved). A damaged file raises `InputError`."""
    path = config_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ToolsConfig()
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        labels = data.get("ner_labels", DEFAULT_NER_LABELS)
        if not isinstance(labels, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
        ):
            raise ValueError("ner_labels must map names to names")
        return ToolsConfig(
            _path_or_none(data.get("morphology_db")), _path_or_none(data.get("ner_model")), labels
        )
    except ValueError as err:
        raise InputError(str(path), None, f"not a valid Arabic tools file: {err}") from None


def _path_or_none(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"a path must be a string, not {value!r}")
    return value


def save_config(config: ToolsConfig) -> None:
    """Save the choices (written whole, then renamed into place)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(
        json.dumps(config._asdict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    os.replace(partial, path)


def _installed(relative: Path) -> Path | None:
    for folder in installed_data_dirs():
        if (folder / relative).exists():
            return folder / relative
    return None


def morphology_db(config: ToolsConfig | None = None) -> Path | None:
    """The morphology database to use: the file set in the choices, else ``camel_data``'s
    `MORPHOLOGY_PACKAGE`, else None."""
    config = config if config is not None else load_config()
    if config.morphology_db:
        return Path(config.morphology_db).expanduser()
    return _installed(MORPHOLOGY_RELATIVE)


def ner_model(config: ToolsConfig | None = None) -> Path | None:
    """The CAMeL NER model folder to use: the one set, else ``camel_data``'s `NER_PACKAGE`,
    else None."""
    config = config if config is not None else load_config()
    if config.ner_model:
        return Path(config.ner_model).expanduser()
    return _installed(NER_RELATIVE)
