"""`annotator status`: list documents' statuses (new / in progress / done) per annotator and for
the gold standard, or set them, as the workbench's "mark done" and the review window's
"curation done" do (the same store calls, logged in the project's history the same way)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.commands.agreement import print_table
from annotator.commands.formats import ANY_STATUS
from annotator.commands.formats import _status as _export_status
from annotator.commands.project import _must_exist, _open, _print_json
from annotator.errors import NotFoundError
from annotator.rules import ANNOTATOR_ROLE, GOLD, GOLD_ROLE, STATUSES

if TYPE_CHECKING:  # pragma: no cover
    from annotator.store import Project

EPILOG = """\
listing (no --set):
  one line per document: its id, its name and its status for each annotator (role
  'annotator') and for the gold standard; --annotator NAME or --gold shows one column,
  --documents only those documents

setting (--set done|in-progress|new):
  --annotator NAME or --gold says whose status, --documents 1,2,5 (or 3-9) or --all which
  documents; all of them are set in one transaction and logged in the project's history,
  as the app's own changes are; an unknown document or annotator changes nothing

examples:
  annotator status corpus.sqlite
  annotator status corpus.sqlite --gold --json
  annotator status corpus.sqlite --set done --annotator amal --documents 1,2,5
  annotator status corpus.sqlite --set done --gold --all
  annotator status corpus.sqlite --set in-progress --gold --documents 4-7
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "status",
        help="list or set documents' statuses (new, in progress, done) per annotator and gold",
        description="List each document's status for every annotator and for the gold "
        "standard, or set it (--set) for one annotator or the gold standard. `annotator "
        "export` takes only documents marked done unless told otherwise.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    whose = parser.add_mutually_exclusive_group()
    whose.add_argument("--annotator", metavar="NAME", help="this annotator's statuses only")
    whose.add_argument(
        "--gold", action="store_true", help="the gold standard's (curation) statuses only"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--documents",
        type=document_ids,
        metavar="IDS",
        help="comma-separated document ids, ranges allowed: 1,2,5 or 3-9",
    )
    which.add_argument(
        "--all", action="store_true", help="every document (with --set; listing's default)"
    )
    parser.add_argument(
        "--set",
        type=status_value,
        metavar="STATUS",
        help="set this status (done, in-progress, new) instead of listing; needs --annotator "
        "or --gold, and --documents or --all",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run_status, parser=parser)


def document_ids(value: str) -> list[int]:
    """`1,2,5` or `3-9` (or both, `1,3-9`) as ids in the order given, without repeats."""
    ids: list[int] = []
    for part in value.split(","):
        first, dash, last = part.strip().partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a document id or range: {part!r}") from None
        if low < 1 or high < low:
            raise argparse.ArgumentTypeError(f"not a document id or range: {part!r}")
        ids.extend(range(low, high + 1))
    return list(dict.fromkeys(ids))


def status_value(value: str) -> str:
    """A status as the command line spells it (`in-progress`), as `export --status` reads it."""
    status = _export_status(value)
    if status == ANY_STATUS:
        raise argparse.ArgumentTypeError("a status to set: done, in-progress or new")
    return status


def run_status(args: argparse.Namespace) -> int:
    if args.set is None:
        return list_statuses(args)
    if not (args.annotator or args.gold):
        args.parser.error("--set needs --annotator NAME or --gold")
    if args.documents is None and not args.all:
        args.parser.error("--set needs --documents IDS or --all")
    return set_statuses(args)


# ---------------------------------------------------------------- listing


def list_statuses(args: argparse.Namespace) -> int:
    from annotator.team import open_readonly

    _must_exist(args.project)
    with open_readonly(args.project) as project:
        columns = _columns(project, args.annotator, args.gold)
        chosen = _known_documents(project, args.documents)
        statuses: dict[str, dict[int, str]] = {}
        names: dict[int, str] = {}
        for column in columns:
            rows = _rows(project, column)
            statuses[column] = {row.id: row.status for row in rows}
            names = names or {row.id: row.name for row in rows}
    ids = chosen if chosen is not None else list(names)
    counts = {
        column: {status: sum(statuses[column][i] == status for i in ids) for status in STATUSES}
        for column in columns
    }
    if args.json:
        _print_json(
            {
                "columns": columns,
                "documents": [
                    {
                        "id": doc_id,
                        "name": names[doc_id],
                        "status": {column: statuses[column][doc_id] for column in columns},
                    }
                    for doc_id in ids
                ],
                "counts": counts,
            }
        )
        return 0
    print_table(
        ["id", "name", *columns],
        [[doc_id, names[doc_id], *(statuses[c][doc_id] for c in columns)] for doc_id in ids],
    )
    for column in columns:
        tally = ", ".join(f"{status} {count:,}" for status, count in counts[column].items())
        print(f"{column}: {tally} ({len(ids):,} document(s))")
    return 0


def _columns(project: Project, annotator: str | None, gold: bool) -> list[str]:
    """Whose statuses to show: the one asked for, else every annotator, then the gold
    standard (shown even before anyone curated: every document new)."""
    if gold:
        return [GOLD]
    if annotator is not None:
        return [_known_annotator(project, annotator)]
    golds = sorted(set(project.annotators(role=GOLD_ROLE)) | {GOLD})
    return [*project.annotators(role=ANNOTATOR_ROLE), *golds]


def _rows(project: Project, annotator: str) -> Sequence:
    """Every document's row (id, name, title, status for `annotator`), in id order."""
    return project.document_rows(0, max(project.count_documents(), 1), annotator=annotator)


def _known_annotator(project: Project, name: str) -> str:
    if name == GOLD:
        return name  # the gold standard exists from its first status or span
    if name not in project.annotators(role=None):
        known = ", ".join(project.annotators(role=None)) or "none"
        raise NotFoundError(f"no annotator named {name!r}; the project has: {known}")
    return name


def _known_documents(project: Project, wanted: list[int] | None) -> list[int] | None:
    """`wanted` when every id is a document of the project, else NotFoundError naming the
    unknown ones; None (every document) when `wanted` is None."""
    if wanted is None:
        return None
    known = set(project.document_ids())
    unknown = [doc_id for doc_id in wanted if doc_id not in known]
    if unknown:
        shown = ", ".join(map(str, unknown[:20])) + (" ..." if len(unknown) > 20 else "")
        raise NotFoundError(
            f"no document with id {shown} (the project has {len(known):,} document(s))"
        )
    return wanted


# ---------------------------------------------------------------- setting


def set_statuses(args: argparse.Namespace) -> int:
    from annotator import adjudication

    with _open(args.project) as project:
        whose = GOLD if args.gold else _known_annotator(project, args.annotator)
        chosen = _known_documents(project, args.documents)
        ids = chosen if chosen is not None else project.document_ids()
        changed: list[int] = []
        with project.transaction():
            for doc_id in ids:
                if project.status(doc_id, whose) == args.set:
                    continue
                if whose == GOLD:  # as the review window's "curation done"
                    adjudication.set_curation_status(project, doc_id, args.set)
                else:  # as the workbench's "mark done"
                    project.set_status(doc_id, whose, args.set)
                changed.append(doc_id)
    if args.json:
        _print_json(
            {
                "annotator": whose,
                "status": args.set,
                "changed": changed,
                "unchanged": len(ids) - len(changed),
            }
        )
        return 0
    already = len(ids) - len(changed)
    print(
        f"{whose}: {len(changed):,} document(s) set to {args.set}"
        + (f" ({already:,} already were)" if already else "")
    )
    return 0
