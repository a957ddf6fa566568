"""`annotator install-desktop-entry`: the app in a Linux desktop's menus, with its icon, and
project files that open in it (annotator.desktop does the work)."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.desktop import DesktopResult

_RAW = argparse.RawDescriptionHelpFormatter


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "install-desktop-entry",
        help="add the app to the Linux desktop's menus, with its icon and project file type",
        description="Write a desktop entry (applications/annotator.desktop), the MIME type of "
        "project files (mime/packages/annotator.xml: application/x-annotator-project for "
        "*.sqlite and *.annotator, a kind of SQLite database) and the application icon "
        "(icons/hicolor/NxN/apps/ and scalable/apps/) into the XDG data folder: "
        "$XDG_DATA_HOME, else ~/.local/share, or DIR with --prefix. Nothing is written "
        "outside it. The entry starts this installation (the running `annotator` program, "
        "the bundle's executable, or `python -m annotator`) with `gui FILE`, so a "
        "double-clicked project opens in the app. Then update-desktop-database, "
        "update-mime-database and gtk-update-icon-cache refresh the desktop's caches, each "
        "only if it is installed. Every file written is listed. --uninstall removes exactly "
        "those files again.",
        epilog="examples:\n  annotator install-desktop-entry\n"
        "  annotator install-desktop-entry --uninstall\n"
        "  annotator install-desktop-entry --prefix /tmp/try   # look before installing",
        formatter_class=_RAW,
    )
    parser.add_argument(
        "--prefix",
        type=Path,
        metavar="DIR",
        help="the data folder to write into (default: $XDG_DATA_HOME, else ~/.local/share)",
    )
    parser.add_argument(
        "--uninstall", action="store_true", help="remove the files an install wrote"
    )
    parser.set_defaults(func=_install_desktop_entry)


def _install_desktop_entry(args: argparse.Namespace) -> int:
    from annotator import desktop

    if args.uninstall:
        result = desktop.uninstall(args.prefix)
        if result.removed:
            print(f"Removed from {result.prefix}:")
            for path in result.removed:
                print(f"  {path}")
        else:
            print(f"Nothing to remove: no desktop entry of annotator in {result.prefix}")
    else:
        result = desktop.install(args.prefix)
        print(f"Wrote into {result.prefix}:")
        for path in result.written:
            print(f"  {path}")
        print(f"Exec={result.exec_line}")
    _show_tools(result)
    return 0


def _show_tools(result: DesktopResult) -> None:
    for run in result.ran:
        outcome = "done" if run.returncode == 0 else f"failed, exit status {run.returncode}"
        print(f"Ran {shlex.join(run.command)}: {outcome}")
        for line in run.output.splitlines():
            print(f"  {line}")
    if result.missing_tools:
        print("Not installed, not run: " + ", ".join(result.missing_tools))
