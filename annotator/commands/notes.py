"""`annotator notes`: list the notes annotators and leads wrote on annotations and documents
(read only; notes are written in the app: N on a span, Document > Note on document…)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.commands.agreement import print_table
from annotator.commands.project import _must_exist, _print_json
from annotator.errors import NotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from annotator.store import Note, Project

EPILOG = """\
one line per note, oldest first: the document (id and name), what it is on (a span: its
label, text and offsets; or the document), its author, "needs review" when flagged, when it
was last changed, and its text. --flagged lists only the notes flagged "needs review" and
ends with the documents holding them (what the lead's document list filters on).

examples:
  annotator notes corpus.sqlite
  annotator notes corpus.sqlite --flagged
  annotator notes corpus.sqlite --document 12 --json
  annotator notes corpus.sqlite --author mona
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "notes",
        help="list the notes on annotations and documents (and those flagged 'needs review')",
        description="List the notes annotators and leads wrote on annotations and on "
        "documents, with their authors, times and 'needs review' flags.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument("--document", type=int, metavar="ID", help="the notes of this document")
    parser.add_argument("--author", metavar="NAME", help="the notes this annotator wrote")
    parser.add_argument(
        "--flagged", action="store_true", help="only the notes flagged 'needs review'"
    )
    parser.add_argument("--json", action="store_true", help="print the notes as JSON")
    parser.set_defaults(func=run_notes)


def run_notes(args: argparse.Namespace) -> int:
    from annotator.team import open_readonly

    _must_exist(args.project)
    with open_readonly(args.project) as project:
        if args.document is not None:
            project.document(args.document)  # NotFoundError for an unknown document
        if args.author is not None and args.author not in project.annotators(role=None):
            raise NotFoundError(f"no annotator named {args.author!r}")
        notes = project.notes(args.document, author=args.author, flagged=args.flagged)
        rows = [_row(project, note) for note in notes]
        flagged = project.flagged_documents() if args.flagged else []
        names = {doc: project.document(doc).name for doc in {f.document_id for f in flagged}}
    if args.json:
        data: dict[str, Any] = {"notes": rows}
        if args.flagged:
            data["flagged_documents"] = [
                {"id": f.document_id, "name": names[f.document_id], "flagged": f.flagged}
                for f in flagged
                if args.document is None or f.document_id == args.document
            ]
        _print_json(data)
        return 0
    print_table(
        ["document", "on", "author", "flag", "changed", "text"],
        [
            [
                f"{row['document']} {row['document_name']}",
                _on(row),
                row["author"],
                "needs review" if row["needs_review"] else "",
                row["updated_at"][:16].replace("T", " "),
                " ".join(row["text"].split()),
            ]
            for row in rows
        ],
    )
    print(f"{len(rows):,} note(s)")
    if args.flagged:
        shown = [f for f in flagged if args.document is None or f.document_id == args.document]
        listed = ", ".join(f"{f.document_id} {names[f.document_id]}" for f in shown)
        print(f"documents with flagged notes: {len(shown):,}" + (f" ({listed})" if shown else ""))
    return 0


def _row(project: Project, note: Note) -> dict[str, Any]:
    """A note as the command prints it (the JSON object of --json)."""
    span: dict[str, Any] | None = None
    if note.annotation_uuid is not None:
        ann = project.annotation(note.annotation_uuid)
        span = {
            "uuid": ann.uuid,
            "label": ann.label,
            "start": ann.start,
            "end": ann.end,
            "text": ann.text,
            "annotator": ann.annotator,
        }
    return {
        "uuid": note.uuid,
        "document": note.document_id,
        "document_name": project.document(note.document_id).name,
        "span": span,
        "author": note.author,
        "needs_review": note.needs_review,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
        "text": note.text,
    }


def _on(row: dict[str, Any]) -> str:
    span = row["span"]
    if span is None:
        return "document"
    text = span["text"] if len(span["text"]) <= 30 else span["text"][:29] + "…"
    return f"{span['label']} «{text}» {span['start']}-{span['end']}"
