"""Team and agreement subcommands: `assign` copies out shares, `merge` brings them back.

Each subcommand is an `add_<name>(subparsers)` function listed in `COMMANDS`; to add one, write
its `add_...` and `run_...` functions and append the former to `COMMANDS`.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from annotator.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    for add in COMMANDS:
        add(subparsers)


# ---------------------------------------------------------------- shared helpers


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's user-facing errors into CommandError (exit status 2)."""
    from annotator.store import ProjectError
    from annotator.team import TeamError

    try:
        yield
    except (ProjectError, TeamError) as err:
        raise CommandError(str(err)) from err
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise CommandError(
                "a project file is busy (open in another program?); close it and retry"
            ) from err
        raise


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows under headers, text left-aligned and numbers right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]
    for line in cells:
        print(
            "  ".join(
                cell.rjust(width) if is_number else cell.ljust(width)
                for cell, width, is_number in zip(line, widths, numeric, strict=True)
            ).rstrip()
        )


def _annotator_list(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"empty annotator name in {value!r}")
    return names


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {value}")
    return number


# ---------------------------------------------------------------- assign


def add_assign(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assign",
        help="split a project into one project file per annotator",
        description="Write DIR/<annotator>.sqlite for each annotator with their share of the "
        "documents, and DIR/assignment.json. A fraction of all documents (--overlap, rounded "
        "half up, at least one when above 0) goes to every annotator for measuring agreement; "
        "the rest is dealt round-robin after a shuffle seeded by --seed. Each copy keeps the "
        "label schema and the annotator's own existing annotations, nothing of the others'.",
    )
    parser.add_argument("project", type=Path, help="the project file to split")
    parser.add_argument(
        "--annotators",
        required=True,
        type=_annotator_list,
        metavar="A,B,...",
        help="comma-separated annotator names",
    )
    parser.add_argument(
        "--overlap",
        type=_fraction,
        default=0.0,
        metavar="FRACTION",
        help="fraction of all documents every annotator gets (default 0)",
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="folder for the copies and assignment.json",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="shuffle seed; the same seed gives the same assignment "
        "(default: random, recorded in assignment.json)",
    )
    parser.add_argument("--force", action="store_true", help="replace existing files in DIR")
    parser.set_defaults(func=run_assign)


def run_assign(args: argparse.Namespace) -> int:
    from annotator.store import Project
    from annotator.team import assign_documents

    with user_errors(), Project.open(args.project) as project:
        result = assign_documents(
            project, args.out, args.annotators, args.overlap, seed=args.seed, force=args.force
        )
    print_table(("annotator", "documents", "shared", "own annotations"), result.rows())
    print(
        f"seed {result.assignment.seed}; wrote {len(result.paths)} project file(s) and "
        f"{result.manifest}"
    )
    return 0


# ---------------------------------------------------------------- merge


def add_merge(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "merge",
        help="bring annotators' copies back into a project",
        description="Merge the annotations, relations and statuses of OTHER project files into "
        "PROJECT, matching documents by text (sha256). Documents missing from PROJECT are "
        "reported, never added. For each annotator and document: imported when PROJECT has "
        "nothing, extended when OTHER only adds to it, otherwise reported as a conflict and "
        "left untouched. Statuses only move forward (a 'done' is never lost). All files are "
        "merged in one transaction; OTHER files are only read.",
    )
    parser.add_argument("project", type=Path, help="the project to merge into")
    parser.add_argument(
        "others",
        type=Path,
        nargs="+",
        metavar="OTHER",
        help="project files to merge from (e.g. DIR/*.sqlite from assign)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would be merged and change nothing"
    )
    parser.set_defaults(func=run_merge)


def run_merge(args: argparse.Namespace) -> int:
    from annotator.store import Project
    from annotator.team import merge_projects

    with user_errors(), Project.open(args.project) as project:
        reports = merge_projects(project, args.others, dry_run=args.dry_run)
    print_table(
        ("file", "annotations", "relations", "statuses", "missing docs", "conflicts"),
        [
            (
                str(r.source),
                r.annotations_added,
                r.relations_added,
                r.statuses_updated,
                len(r.missing_documents),
                len(r.conflicts),
            )
            for r in reports
        ],
    )
    for report in reports:
        for name in report.missing_documents:
            print(f"{report.source}: missing from project: {name}")
        for conflict in report.conflicts:
            print(
                f"{report.source}: conflict: {conflict.annotator} on {conflict.document}: "
                f"{conflict.reason}"
            )
        if report.labels_added:
            print(f"{report.source}: labels added: {', '.join(report.labels_added)}")
    if args.dry_run:
        print("dry run: nothing was written")
    return 0


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_assign, add_merge]
