"""`annotator gui`: the annotation workbench (PySide6), or a screenshot of it."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "gui",
        help="open the annotation workbench (the demo project when no project is given)",
        description="Open the annotation workbench on PROJECT (default: the demo project). "
        "With --screenshot, render the main window offscreen to a PNG and exit.",
    )
    parser.add_argument("project", nargs="?", type=Path, help="project file (.sqlite)")
    parser.add_argument(
        "--annotator",
        help="annotate as NAME (default: $ANNOTATOR_NAME, else the remembered name, "
        "else asked on first run)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="render the main window (offscreen if there is no display) to FILE.png and exit",
    )
    parser.add_argument("--document", type=int, metavar="N", help="open document id N")
    parser.add_argument(
        "--show-others",
        action="store_true",
        help="show other annotators' work too (default: blind, only your own)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from annotator.gui.launch import run

    if args.project is not None and not args.project.exists():
        from annotator.cli import CommandError

        raise CommandError(f"{args.project}: no such project file")
    return run(
        args.project,
        annotator=args.annotator,
        screenshot=args.screenshot,
        document=args.document,
        show_others=args.show_others,
    )
