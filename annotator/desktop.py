"""Linux desktop integration (no Qt): the application icon, the `.desktop` entry and the MIME
type of project files, installed into (or removed from) an XDG data folder.

`annotator install-desktop-entry` calls `install`/`uninstall`. Every file goes under one prefix
(`$XDG_DATA_HOME`, else ~/.local/share, or the one asked for): applications/annotator.desktop,
mime/packages/annotator.xml, icons/hicolor/NxN/apps/annotator.png and
icons/hicolor/scalable/apps/annotator.svg. Then the desktop's caches are refreshed with
update-desktop-database, update-mime-database and gtk-update-icon-cache, each only if it is
installed, each on its folder of the prefix (so nothing is written outside it).

Project files are SQLite databases; `annotator new` and the docs name them `*.sqlite`, and File >
Open accepts `*.annotator` too: both globs are declared as application/x-annotator-project, a
subclass of SQLite's own type.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from annotator.errors import UsageError
from annotator.resources import resource

APP_ID = "annotator"  # the .desktop file's name, the icon's name, the MIME package's name
MIME_TYPE = "application/x-annotator-project"
PROJECT_GLOBS = ("*.sqlite", "*.annotator")
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def icon_svg() -> Path:
    """The application icon, scalable (the source of the PNGs: scripts/render_icons.py)."""
    return resource("icons", f"{APP_ID}.svg")


def icon_png(size: int) -> Path:
    """The application icon rendered at `size`x`size` pixels (one of ICON_SIZES)."""
    return resource("icons", f"{APP_ID}-{size}.png")


def data_home() -> Path:
    """The XDG data home: $XDG_DATA_HOME when it is an absolute path, else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """The command that starts this installation of annotator: the bundle's executable in a
    PyInstaller bundle, the `annotator` script that is running, else `python -m annotator`."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == APP_ID and script.is_file():
        return [str(script.resolve())]
    return [sys.executable, "-m", APP_ID]  # the venv's python: not resolved, it would leave it


_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def exec_argument(argument: str) -> str:
    """`argument` quoted for an Exec key as the Desktop Entry spec says (before the string
    escapes of `desktop_string`)."""
    if argument and not _EXEC_RESERVED.intersection(argument):
        quoted = argument
    else:
        quoted = '"' + re.sub(r'(["`$\\])', r"\\\1", argument) + '"'
    return quoted.replace("%", "%%")


def desktop_string(value: str) -> str:
    """`value` escaped as a Desktop Entry string value."""
    escapes = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return "".join(escapes.get(char, char) for char in value)


def exec_line(command: Sequence[str]) -> str:
    """The Exec value: `command gui %f` (a double-clicked project file opens in the app; from
    the menu, with no file, the app opens as `annotator gui` does)."""
    return " ".join([*(exec_argument(part) for part in command), "gui", "%f"])


def desktop_entry(command: Sequence[str]) -> str:
    """The text of annotator.desktop, starting the app with `command`."""
    keys = {
        "Type": "Application",
        "Version": "1.4",
        "Name": "Annotator",
        "GenericName": "Text Annotation Tool",
        "Comment": "Annotate Arabic news articles: actors, claims and casualty figures",
        "Exec": exec_line(command),
        "TryExec": command[0],
        "Icon": APP_ID,
        "Terminal": "false",
        "Categories": "Science;Humanities;",
        "MimeType": f"{MIME_TYPE};",
        "Keywords": "annotation;corpus;linguistics;Arabic;NLP;",
        "StartupNotify": "true",
    }
    lines = ["[Desktop Entry]"] + [f"{key}={desktop_string(value)}" for key, value in keys.items()]
    return "\n".join(lines) + "\n"


def mime_package() -> str:
    """The shared-mime-info package declaring the type of project files."""
    globs = "".join(f'    <glob pattern="{pattern}"/>\n' for pattern in PROJECT_GLOBS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">\n'
        f'  <mime-type type="{MIME_TYPE}">\n'
        "    <comment>Annotator project</comment>\n"
        '    <sub-class-of type="application/vnd.sqlite3"/>\n'
        f'    <icon name="{APP_ID}"/>\n'
        f"{globs}"
        "  </mime-type>\n"
        "</mime-info>\n"
    )


class PlannedFile(NamedTuple):
    """A file the desktop integration installs: its path under the prefix, and its content
    (None: a copy of `source`)."""

    relative: PurePosixPath
    text: str | None = None
    source: Path | None = None


def planned_files(command: Sequence[str]) -> list[PlannedFile]:
    """Every file `install` writes, relative to the prefix."""
    files = [
        PlannedFile(PurePosixPath("applications", f"{APP_ID}.desktop"), desktop_entry(command)),
        PlannedFile(PurePosixPath("mime", "packages", f"{APP_ID}.xml"), mime_package()),
    ]
    hicolor = PurePosixPath("icons", "hicolor")
    for size in ICON_SIZES:
        relative = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        files.append(PlannedFile(relative, source=icon_png(size)))
    files.append(PlannedFile(hicolor / "scalable" / "apps" / f"{APP_ID}.svg", source=icon_svg()))
    return files


class ToolRun(NamedTuple):
    """A cache-refreshing tool that was run: its command line, exit status and messages."""

    command: list[str]
    returncode: int
    output: str


# each tool with the arguments before its folder, and that folder under the prefix
UPDATE_TOOLS = (
    ("update-desktop-database", (), PurePosixPath("applications")),
    ("update-mime-database", (), PurePosixPath("mime")),
    ("gtk-update-icon-cache", ("-f", "-t", "-q"), PurePosixPath("icons", "hicolor")),
)


@dataclass
class DesktopResult:
    """What `install` wrote (or `uninstall` removed), and which tools ran or were missing."""

    prefix: Path
    exec_line: str = ""
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    ran: list[ToolRun] = field(default_factory=list)
    missing_tools: list[str] = field(default_factory=list)


# the folders of the XDG data home that `uninstall` leaves in place even when empty
_KEPT = {".", "applications", "mime", "mime/packages", "icons", "icons/hicolor"}


def _chosen_prefix(prefix: Path | None) -> Path:
    if prefix is None:
        if not sys.platform.startswith("linux"):
            raise UsageError(
                "desktop entries are for Linux desktops (freedesktop.org); "
                "give --prefix to write the files somewhere anyway"
            )
        prefix = data_home()
    return prefix.expanduser().absolute()


def install(prefix: Path | None = None, command: Sequence[str] | None = None) -> DesktopResult:
    """Write the .desktop entry, the MIME package and the icons under `prefix` (default: the
    XDG data home), starting the app with `command` (default: `launch_command()`); then
    refresh the desktop's caches with the tools that are installed."""
    root = _chosen_prefix(prefix)
    command = list(command or launch_command())
    result = DesktopResult(root, exec_line=exec_line(command))
    for planned in planned_files(command):
        target = root.joinpath(*planned.relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if planned.source is not None:
            shutil.copyfile(planned.source, target)
        else:
            target.write_text(planned.text or "", encoding="utf-8")
        result.written.append(target)
    _refresh_caches(result)
    return result


def uninstall(prefix: Path | None = None) -> DesktopResult:
    """Remove what `install` wrote under `prefix` (and the icon size folders that leaves empty),
    then refresh the desktop's caches with the tools that are installed."""
    root = _chosen_prefix(prefix)
    result = DesktopResult(root)
    for planned in planned_files(launch_command()):
        target = root.joinpath(*planned.relative.parts)
        if not target.is_file():
            continue
        target.unlink()
        result.removed.append(target)
        folder = target.parent  # icons/hicolor/NxN/apps and NxN, if left empty
        while folder.relative_to(root).as_posix() not in _KEPT and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    _refresh_caches(result)
    return result


def _refresh_caches(result: DesktopResult) -> None:
    for tool, options, folder in UPDATE_TOOLS:
        executable = shutil.which(tool)
        target = result.prefix.joinpath(*folder.parts)
        if executable is None:
            result.missing_tools.append(tool)
            continue
        if not target.is_dir():
            continue  # nothing of ours there, nothing to refresh
        command = [executable, *options, str(target)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as err:
            result.ran.append(ToolRun(command, -1, str(err)))
            continue
        output = (done.stderr + done.stdout).strip()
        result.ran.append(ToolRun(command, done.returncode, output))
