"""The `annotator` command: every headless operation, on the same core as the GUI.

With no arguments it opens the GUI's start page (`annotator gui`). Each area registers its
subcommands from a module of `annotator.commands` (a `register(subparsers)` function).

Errors are reported here and only here (`main`): an `annotator.errors.AnnotatorError` (the
user's problem, in words for the user), the operating system refusing a file (OSError) and
SQLite refusing the project file for a reason outside the program (busy, read-only, damaged)
become ``annotator: error: MESSAGE`` with exit status 2, as argparse's own usage errors do.
Anything else (a bare ValueError, KeyError, a mistake in an SQL statement...) is a bug and
keeps its traceback (exit status 1). Commands raise; they never catch to print.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from annotator import __version__
from annotator.errors import AnnotatorError

COMMAND_MODULES = (
    "annotator.commands.project",
    "annotator.commands.cleaning",
    "annotator.commands.labels",
    "annotator.commands.formats",
    "annotator.commands.agreement",
    "annotator.commands.status",
    "annotator.commands.notes",
    "annotator.commands.doc_labels",
    "annotator.commands.suggest",
    "annotator.commands.recommenders",
    "annotator.commands.backups",
    "annotator.commands.recover",
    "annotator.commands.team_server",
    "annotator.commands.sync",
    "annotator.commands.find",
    "annotator.commands.gui",
    "annotator.commands.desktop",
    "annotator.commands.doctor",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate Arabic news articles: actors, claims and casualty figures. "
        "With no command, opens the app's start page (recent projects, new project, the demo).",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv:
        argv = ["gui"]
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except Exception as err:
        message = user_message(err, getattr(args, "project", None))
        if message is None:
            raise  # a bug: its traceback is what a report needs
        print(f"annotator: error: {message}", file=sys.stderr)
        return 2


def user_message(err: Exception, project: object = None) -> str | None:
    """What to tell the user about `err`, which a command raised; None when it is a bug.
    `project` (the command's project file, if any) names the file for SQLite's errors."""
    if isinstance(err, AnnotatorError):
        return str(err)
    if isinstance(err, OSError):  # no such folder, no permission, disk full...
        where = err.filename or project
        reason = err.strerror or str(err)
        return f"{where}: {reason}" if where else reason
    from annotator.store import SQLiteError
    from annotator.store.project import error_kind

    if isinstance(err, SQLiteError) and error_kind(err) != "other":  # busy, read-only, damaged
        return f"{project}: {err}" if project else str(err)
    return None


if __name__ == "__main__":
    raise SystemExit(main())
