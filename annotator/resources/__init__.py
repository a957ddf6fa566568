"""Shipped resources (fonts, default label schema), package data of this package so that any
install carries them; and the locations of the demo seeds and of user data."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
SEEDS = RESOURCES.parent.parent / "seeds"


def resource(*parts: str) -> Path:
    """The shipped file `parts` (e.g. `resource("fonts", "OFL.txt")`)."""
    return RESOURCES.joinpath(*parts)


def user_data_dir() -> Path:
    """Where the demo project and app data live; `ANNOTATOR_HOME` overrides (tests use it)."""
    override = os.environ.get("ANNOTATOR_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("annotator", appauthor=False))


def demo_project_path() -> Path:
    return user_data_dir() / "demo.sqlite"
