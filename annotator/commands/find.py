"""`annotator find`: annotations by label, attribute values, annotator, status, text and
document (the query language of `annotator.query`), as keyword-in-context lines or JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.commands.project import _must_exist, _print_json
from annotator.errors import UsageError
from annotator.rules import format_count

EPILOG = """\
the query: conditions separated by spaces, all of which must hold
  label=CASUALTY          label=ACTOR,CLAIM (either)       label!=CLAIM
  annotator=mona          status=done  status="in progress" (or in_progress)
  doc=article_3           doc=12 (an id)   doc~2024 (part of the name)
  text~الحكومة            text=الحكومة (the whole span)   text!~...  (normalized:
                          hamza and alef forms, tashkeel, tatweel, digits, case)
  outcome=injured         any attribute of the schema; kind!=person
  count>=10  count<5      count and integer attributes: < <= > >= and ranges
  count=10..20            a stored range (عشرات: 20-99) must lie wholly inside
  count=                  not set (count!= : set)
  quote values with spaces: text~"وزارة الدفاع"
  a bad condition is named: annotator: error: query: 'outcom=injured': unknown key ...

examples:
  annotator find corpus.sqlite 'label=CASUALTY outcome=injured count>=10'
  annotator find corpus.sqlite 'label=ACTOR annotator=mona' --limit 0
  annotator find corpus.sqlite 'text~الحكومة status=done' --json
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "find",
        help="find annotations by label, attributes, annotator, status, text, document",
        description="List the annotations (of every annotator, gold's too) meeting a query, "
        "in document order: one line each with its document, offsets (code points), "
        "annotator, label, attributes and the span in its context (…before [span] after…), "
        "then how many there are. Reads the project without writing to it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument("query", help="the conditions, e.g. 'label=CASUALTY count>=10'")
    parser.add_argument(
        "--limit", type=int, default=100, metavar="N", help="show at most N (0: all)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=_find)


def _find(args: argparse.Namespace) -> int:
    from annotator.store.team import open_readonly

    if args.limit < 0:
        raise UsageError(f"--limit must be 0 (all) or positive, not {args.limit}")
    _must_exist(args.project)
    with open_readonly(args.project) as project:
        found = project.find_annotations(args.query, limit=args.limit or None)
        kinds = {d["name"]: d.get("type") for label in project.labels() for d in label.attributes}
    if args.json:
        _print_json(
            {
                "query": args.query,
                "total": found.total,
                "complete": found.complete,
                "annotations": [row.to_json() for row in found.rows],
            }
        )
        return 0
    for row in found.rows:
        attributes = " ".join(
            f"{name}={format_count(value) if kinds.get(name) == 'count' else value}"
            for name, value in row.attributes.items()
            if value not in (None, "")
        )
        print(
            f"{row.document}:{row.start}-{row.end}\t{row.annotator}\t{row.label}"
            + (f" {attributes}" if attributes else "")
            + f"\t…{row.before}[{row.text}]{row.after}…"
        )
    documents = len({row.document_id for row in found.rows})
    shown = "" if found.complete else f" (the first {len(found.rows):,} shown)"
    where = f" in {documents:,} document(s)" if found.complete else ""
    print(f"{found.total:,} annotation(s){where}{shown}")
    return 0
