"""The `annotator` command: every headless operation, on the same core as the GUI.

With no arguments it opens the GUI on the demo project. Each area registers its subcommands from
a module of `annotator.commands` (a `register(subparsers)` function).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from annotator import __version__

COMMAND_MODULES = (
    "annotator.commands.project",
    "annotator.commands.labels",
    "annotator.commands.formats",
    "annotator.commands.agreement",
    "annotator.commands.backups",
    "annotator.commands.recover",
    "annotator.commands.gui",
)


class CommandError(Exception):
    """A failure to report as `annotator: error: ...` with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate Arabic news articles: actors, claims and casualty figures. "
        "With no command, opens the app on the demo project.",
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
    except CommandError as err:
        print(f"annotator: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
