"""The offline guarantee for camel-tools' data modules.

``camel_tools.data`` (imported by ``camel_tools.morphology.database``, ``camel_tools.disambig``
and ``camel_tools.ner``) does two things at import time that a desktop tool must not:

* it creates ``~/.camel_tools`` in the user's home (``Path.home()``), always;
* it loads ``catalogue.json`` from ``$CAMELTOOLS_DATA`` (default ``~/.camel_tools``) and, when
  the file is missing, downloads it from GitHub.

`prepare` runs before any such import (`import_camel` is the one way to import them): unless
the user's own ``CAMELTOOLS_DATA`` already holds a catalogue, it points ``CAMELTOOLS_DATA`` at
`data_folder` (app-owned, under `annotator.resources.user_data_dir`) holding a minimal
catalogue (no packages, no components: the tool always passes explicit paths), and it imports
``camel_tools.data`` with the home directory pointed into that folder, so the directory
camel-tools makes is made there. Nothing is written in the user's home and nothing connects.
Where ``camel_data`` installed packages is found with `installed_data_dirs` (read only).
"""

from __future__ import annotations

import importlib
import json
import os
import threading
from pathlib import Path
from types import ModuleType

from annotator.resources import user_data_dir

__all__ = [
    "MINIMAL_CATALOGUE",
    "camel_data_dirs",
    "data_folder",
    "desktop_bundle",
    "import_camel",
    "installed_data_dirs",
    "module_found",
    "prepare",
]

MINIMAL_CATALOGUE = {"version": "1.6", "packages": {}, "components": {}}
"""What camel-tools' catalogue loader needs to load without the network."""

_LOCK = threading.Lock()
_USER_DATA = os.environ.get("CAMELTOOLS_DATA")  # the user's own setting, read before we set ours
_REAL_HOME = Path.home()


def desktop_bundle() -> bool:
    """Whether this is the desktop bundle (PyInstaller, ``sys.frozen``): camel-tools is inside,
    but not the CAMeL NER runtime (torch, transformers), nor a Python or ``camel_data`` to run
    (packaging/bundle_rules.py)."""
    import sys

    return bool(getattr(sys, "frozen", False))


def shell_quote(part: str) -> str:
    """`part` (a path) as typed in this system's shell."""
    import shlex
    import subprocess
    import sys

    return subprocess.list2cmdline([part]) if sys.platform == "win32" else shlex.quote(part)


def python_command() -> str:
    """This installation's Python, as typed in a shell (a desktop bundle has none: the
    system's)."""
    import sys

    if desktop_bundle():
        return "python" if sys.platform == "win32" else "python3"
    return shell_quote(sys.executable)


def module_found(name: str) -> bool:
    """Whether the top-level module `name` (torch, transformers, camel_tools...) is installed
    here, found without importing it: ``find_spec`` of a top-level module runs nothing. The one
    way the package asks (`inventory`, and `ner_worker` in its child process too)."""
    from importlib.util import find_spec

    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def data_folder() -> Path:
    """The app-owned folder `prepare` points ``CAMELTOOLS_DATA`` at."""
    return user_data_dir() / "camel_tools"


def camel_data_dirs() -> list[Path]:
    """Where ``camel_data`` installs data packages, in the order looked at: the user's own
    ``CAMELTOOLS_DATA`` (where ``camel_data`` installs when it is set), then camel-tools'
    default (``~/.camel_tools``; on Windows ``%APPDATA%/camel_tools``). Existing or not."""
    import sys

    candidates = []
    if _USER_DATA:
        candidates.append(Path(_USER_DATA).expanduser())
    if sys.platform == "win32":
        candidates.append(_REAL_HOME / "AppData" / "Roaming" / "camel_tools")
    else:
        candidates.append(_REAL_HOME / ".camel_tools")
    return list(dict.fromkeys(candidates))


def installed_data_dirs() -> list[Path]:
    """`camel_data_dirs` that exist (where installed packages are looked for); nothing is
    created."""
    return [path for path in camel_data_dirs() if path.is_dir()]


def _user_catalogue() -> bool:
    """Whether the user's own ``CAMELTOOLS_DATA`` holds a catalogue (then it is used as is)."""
    return _USER_DATA is not None and (Path(_USER_DATA).expanduser() / "catalogue.json").is_file()


def prepare() -> None:
    """Make importing ``camel_tools.data`` offline and harmless (see the module docstring).
    Idempotent; thread-safe."""
    import sys

    with _LOCK:
        if "camel_tools.data" in sys.modules:
            return
        folder = data_folder()
        home = folder / "home"
        home.mkdir(parents=True, exist_ok=True)
        if not _user_catalogue():
            catalogue = folder / "catalogue.json"
            if not catalogue.is_file():
                partial = folder / "catalogue.json.partial"
                partial.write_text(json.dumps(MINIMAL_CATALOGUE), encoding="utf-8")
                os.replace(partial, catalogue)
            os.environ["CAMELTOOLS_DATA"] = str(folder)
        # what camel_tools.data imports from elsewhere loads first, outside the window in which
        # the home directory is swapped (other threads read HOME: keep that window to the few
        # milliseconds of camel-tools' own module bodies)
        for slow in ("camel_tools", "requests", "tqdm", "pyrsistent", "muddler"):
            importlib.import_module(slow)
        saved = {name: os.environ.get(name) for name in ("HOME", "USERPROFILE")}
        try:
            os.environ["HOME"] = os.environ["USERPROFILE"] = str(home)
            importlib.import_module("camel_tools.data")
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def import_camel(module: str) -> ModuleType:
    """``importlib.import_module(module)`` for a camel-tools module, after `prepare`. The one
    way the package imports camel-tools modules that load its data catalogue."""
    prepare()
    return importlib.import_module(module)
