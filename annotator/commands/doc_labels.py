"""`annotator doc-labels`: list or set document labels (the values of the project's document
attributes, `annotator labels --add-doc-attribute`) per document and annotator, as the app's
Document labels dock and the review window's gold pick do (the same store calls, logged in the
project's history the same way)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from annotator.commands.agreement import print_table
from annotator.commands.project import _must_exist, _open, _print_json
from annotator.commands.status import _known_annotator, _known_documents, document_ids
from annotator.errors import NotFoundError, SchemaError
from annotator.rules import GOLD, attribute_from_text

EPILOG = """\
listing (no --set/--unset):
  one line per document, annotator and attribute with a value; --annotator NAME or --gold
  shows one annotator's, --documents only those documents

setting (--set NAME=VALUE, --unset NAME, each as often as needed):
  --annotator NAME or --gold says whose labels, --documents which documents; a value is read
  as the Document labels dock reads what is typed (a choice one of its values, an integer a
  whole number, a count 12 or 10-15); all of it in one transaction, or nothing

examples:
  annotator doc-labels corpus.sqlite --json
  annotator doc-labels corpus.sqlite --annotator amal --documents 3 --set event=attack
  annotator doc-labels corpus.sqlite --gold --documents 3-5 --set deaths=4 --unset stance
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doc-labels",
        help="list or set document labels (values of document attributes) per annotator",
        description="List the document labels each annotator (and the gold standard) gave, "
        "or set them for one annotator or the gold standard.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    whose = parser.add_mutually_exclusive_group()
    whose.add_argument("--annotator", metavar="NAME", help="this annotator's labels only")
    whose.add_argument("--gold", action="store_true", help="the gold standard's labels only")
    parser.add_argument(
        "--documents",
        type=document_ids,
        metavar="IDS",
        help="comma-separated document ids, ranges allowed: 1,2,5 or 3-9",
    )
    parser.add_argument(
        "--set",
        action="append",
        type=_assignment,
        default=[],
        metavar="NAME=VALUE",
        help="give attribute NAME the value VALUE",
    )
    parser.add_argument(
        "--unset", action="append", default=[], metavar="NAME", help="remove attribute NAME"
    )
    parser.add_argument("--json", action="store_true", help="print the listing as JSON")
    parser.set_defaults(func=run, parser=parser)


def _assignment(value: str) -> tuple[str, str]:
    name, equals, text = value.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, not {value!r}")
    return name.strip(), text


def run(args: argparse.Namespace) -> int:
    if not (args.set or args.unset):
        return _list(args)
    if not (args.annotator or args.gold):
        args.parser.error("--set/--unset need --annotator NAME or --gold")
    if args.documents is None:
        args.parser.error("--set/--unset need --documents IDS")
    who = GOLD if args.gold else args.annotator.strip()
    with _open(args.project) as project:
        _known_documents(project, args.documents)
        values: dict[str, Any] = {}
        for name, text in args.set:
            definition = project.doc_attribute(name)
            if definition is None:
                raise NotFoundError(f"no document attribute named {name!r}")
            try:
                values[name] = attribute_from_text(
                    definition.get("type"), text, definition.get("values", [])
                )
            except SchemaError as err:
                raise SchemaError(f"document attribute {name}: {err}") from None
        values.update(dict.fromkeys(args.unset))
        with project.transaction():
            for doc_id in args.documents:
                project.set_doc_labels(doc_id, who, values)
    print(f"set {len(values)} document label(s) of {who} on {len(args.documents)} document(s)")
    return 0


def _list(args: argparse.Namespace) -> int:
    from annotator.team import open_readonly

    _must_exist(args.project)
    with open_readonly(args.project) as project:
        chosen = _known_documents(project, args.documents)
        who = None
        if args.gold or args.annotator:
            who = [GOLD if args.gold else _known_annotator(project, args.annotator)]
        rows = project.doc_label_rows(who, chosen)
        names = {doc_id: project.document(doc_id).name for doc_id in {r.document_id for r in rows}}
    if args.json:
        _print_json(
            [
                {
                    "document_id": row.document_id,
                    "name": names[row.document_id],
                    "annotator": row.annotator,
                    "attribute": row.name,
                    "value": row.value,
                    "updated_at": row.updated_at,
                }
                for row in rows
            ]
        )
        return 0
    print_table(
        ["id", "document", "annotator", "attribute", "value"],
        [
            [
                row.document_id,
                names[row.document_id],
                row.annotator,
                row.name,
                row.value if isinstance(row.value, str) else json.dumps(row.value),
            ]
            for row in rows
        ],
    )
    print(f"{len(rows):,} document label(s)")
    return 0
