"""Locations of shipped resources (fonts, default label schema) and of user data."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def resource(*parts: str) -> Path:
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
