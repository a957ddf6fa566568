"""`annotator gui`: the annotation workbench (PySide6), or a screenshot of it."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "gui",
        help="open the annotation workbench (the start page when no project is given)",
        description="Open the annotation workbench on PROJECT. Without PROJECT, the start page\n"
        "(recent projects, new project, the demo project, import articles); --demo opens the\n"
        "demo project (built in the user data folder the first time).\n"
        "With --screenshot, render the window offscreen to a PNG and exit.\n"
        "A file that cannot be opened (missing, damaged, not a project, from a newer version)\n"
        "is explained in a dialog (on stderr with --screenshot or without a display); exit 2.",
        epilog="examples:\n  annotator gui corpus.sqlite\n"
        "  annotator gui --demo --screenshot demo.png\n"
        "  annotator gui shares/mona.sqlite --annotator mona\n"
        "  annotator gui --demo --language ar\n"
        "  annotator gui --demo --theme dark --screenshot dark.png\n"
        "  annotator gui corpus.sqlite --screenshot out.png --document 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", nargs="?", type=Path, help="project file (.sqlite)")
    parser.add_argument(
        "--annotator",
        help="annotate as NAME in this session only (default: $ANNOTATOR_NAME, also for the "
        "session only, else the remembered name, else asked on first run and remembered; "
        "Annotator > Switch annotator changes the remembered name)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="render the main window (without PROJECT or --demo: the start page; offscreen if "
        "there is no display) to FILE.png and exit",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the demo project (instead of the start page)"
    )
    parser.add_argument("--document", type=int, metavar="N", help="open document id N")
    parser.add_argument(
        "--show-others",
        action="store_true",
        help="show other annotators' work too (default: blind, only your own)",
    )
    parser.add_argument(
        "--language",
        choices=("ar", "en", "system"),
        help="the interface language for this session (default: View > Language's choice, "
        "else the system's: Arabic on an Arabic system, else English)",
    )
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        help="light or dark for this session (default: View > Theme's choice, else the "
        "system's colour scheme)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from annotator.errors import UsageError
    from annotator.gui.app import display_problem
    from annotator.gui.launch import run

    if args.demo and args.project is not None:
        raise UsageError("give a PROJECT or --demo, not both")

    missing = args.project is not None and not args.project.exists()
    if missing and args.screenshot is None and display_problem() is not None:
        from annotator.commands.project import _must_exist  # no window to say it in: say it here

        _must_exist(args.project)
    return run(
        args.project,
        annotator=args.annotator,
        screenshot=args.screenshot,
        document=args.document,
        show_others=args.show_others,
        demo=args.demo,
        language=args.language,
        theme=args.theme,
    )
