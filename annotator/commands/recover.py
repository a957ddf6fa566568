"""`annotator recover`: save every readable row of a damaged project into a new project."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.commands.project import _counts, _must_exist, _print_json

_MAX_LISTED = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "recover",
        help="save every readable row of a damaged project into a new project",
        description="Read a damaged project (as `annotator check` reports it) past the pages "
        "SQLite cannot read, and write every readable document, annotation, relation, "
        "annotator, status, label, relation type, curation decision, rejected suggestion, "
        "gazetteer entry and history entry into the new project NEW, with the same ids, uuids "
        "and offsets (an accepted suggestion's provenance, suggested_by, kept). Pending "
        "suggestions are not saved: machine output, computed again by `annotator suggest`; "
        "the report counts them. The damaged file is only read. An annotation whose document "
        "was lost is lost too, one whose text snapshot no longer matches its document's text "
        "is left out, and so is a relation that lost a "
        "span or no longer fits its type; each is listed. The search index is rebuilt. NEW "
        "must not exist yet; it is checked as `annotator check` does. Exit status 0 when "
        "every row was saved, 1 when some were lost, 2 when nothing could be done (NEW "
        "exists, or PROJECT is not a project or cannot be read at all).",
        epilog="examples:\n  annotator check corpus.sqlite\n"
        "  annotator recover corpus.sqlite --out corpus-recovered.sqlite\n"
        "  annotator recover corpus.sqlite --out saved.sqlite --json > recovery.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="the damaged project file (only read)")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="NEW", help="the new project file to write"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=_recover)


def _recover(args: argparse.Namespace) -> int:
    from annotator.store.health import check_file
    from annotator.store.recover import recover

    _must_exist(args.project)
    report = recover(args.project, args.out)
    health = check_file(args.out)
    status = 0 if report.complete and health.ok else 1
    if args.json:
        _print_json({**report.to_json(), "check": health.to_json()})
        return status
    print(f"recovered {args.project} into {args.out}")
    print(f"saved: {_counts({kind: n for kind, n in report.saved.items() if n})}")
    print(f"lost: {_counts({kind: n for kind, n in report.lost.items() if n})}")
    for kind in report.uncounted:
        print(f"  {kind}: more may be lost (rows that cannot be read and cannot be counted)")
    _listed("lost documents", report.lost_documents)
    _listed("lost annotations", report.lost_annotations)
    for table in report.tables:
        print(f"  {table.describe()}")
    for note in report.notes[:_MAX_LISTED]:
        print(f"  {note}")
    if len(report.notes) > _MAX_LISTED:
        print(f"  ... and {len(report.notes) - _MAX_LISTED:,} more (use --json)")
    if health.ok:
        print(f"{args.out}: ok ({_counts(health.checked)} checked)")
    for problem in health.problems:
        print(f"{args.out}: {problem}")
    return status


def _listed(what: str, items: list[str]) -> None:
    if items:
        more = f", ... and {len(items) - _MAX_LISTED:,} more" if len(items) > _MAX_LISTED else ""
        print(f"{what}: {', '.join(items[:_MAX_LISTED])}{more}")
