"""Shipped resources (fonts, default label schema, the demo corpus's seed articles), package
data of this package so that any install carries them; and the location of user data."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
SEEDS = RESOURCES / "seeds"  # the demo corpus (the checkout's top-level seeds/ links here)


def resource(*parts: str) -> Path:
    """The shipped file `parts` (e.g. `resource("fonts", "OFL.txt")`)."""
    return RESOURCES.joinpath(*parts)


def user_data_dir() -> Path:
    """Where the demo project and app data live; `ANNOTATOR_HOME` overrides (tests use it)."""
    override = os.environ.get("ANNOTATOR_HOME")
    if override:
        return Path(override)
    return _platform_data_dir()


@cache
def _platform_data_dir() -> Path:
    """The platform's data folder for the app, found once: later calls do not read the home
    directory again (`annotator.camel.env.prepare` swaps it for a moment on another thread)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("annotator", appauthor=False))


def demo_project_path() -> Path:
    return user_data_dir() / "demo.sqlite"
