"""`annotator suggest`: compute an annotator's suggestions (scripts, pre-annotation of whole
corpora), accept them in bulk, or take a bulk acceptance back; the same runner as the app's
background recommender (`annotator.suggestions.run`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.commands.agreement import _fraction, print_table
from annotator.commands.project import _open, _print_json, progress_bar
from annotator.commands.status import document_ids
from annotator.errors import UsageError

if TYPE_CHECKING:
    from annotator.suggestions.run import SuggestSummary

EPILOG = """\
what it does:
  trains the recommenders on --from NAME2's annotations (default: NAME's own), runs them on
  every document NAME has not marked done (or --documents), and stores what they propose as
  NAME's suggestions, replacing the ones those recommenders made before. Suggestions are not
  annotations: they are never exported, counted in agreement or merged into gold. NAME sees
  them in the app (dashed outlines) and accepts or rejects each; what NAME rejected is never
  proposed again. A run that stops on a failure (another program writing to the project, a
  full disk) says for how many documents it stored suggestions (exit status 2; with --json
  also "complete": false); running it again finishes.

recommenders (--recommenders, comma-separated; default: all, in this order):
  strings   spans learned from the annotations (and loaded gazetteers), through proclitics
  casualty  number phrases near outcome words, with count, qualifier and outcome filled
  model     a CRF sequence model trained on the done documents
  claims    reporting verbs: the reported content as CLAIM, linked to its ACTOR

pre-annotation (--accept):
  accepts every suggestion of the chosen recommenders scoring at least --min-score as NAME's
  annotations, on the documents NAME has not marked done (or --documents), in one transaction
  with one history entry; each keeps suggested_by (recommender, score, batch). A suggested
  CLAIM brings its source ACTOR along only when that one scores at least --min-score too.
  --undo-accept takes NAME's latest bulk acceptance back: its annotations NAME has not changed,
  linked to a span of their own or marked done since, and no one wrote a note on, become
  suggestions again.

examples:
  annotator suggest corpus.sqlite --for amal
  annotator suggest corpus.sqlite --for amal --from lead --recommenders strings,claims --json
  annotator suggest corpus.sqlite --for amal --accept --min-score 0.8
  annotator suggest corpus.sqlite --for amal --undo-accept
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "suggest",
        help="compute an annotator's suggestions; accept them in bulk (pre-annotation)",
        description="Compute suggestions for an annotator on the documents they have not "
        "finished, learning from their own or another annotator's annotations; optionally "
        "accept them in bulk.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument(
        "--for", dest="annotator", required=True, metavar="NAME", help="whose suggestions"
    )
    parser.add_argument(
        "--from",
        dest="teacher",
        metavar="NAME2",
        help="learn from this annotator's annotations (default: NAME's own)",
    )
    parser.add_argument(
        "--recommenders",
        type=recommender_names,
        metavar="LIST",
        help="comma-separated: strings,casualty,model,claims (default: all)",
    )
    parser.add_argument(
        "--documents",
        type=document_ids,
        metavar="IDS",
        help="only these documents: 1,2,5 or 3-9 (default: those NAME has not marked done)",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--accept",
        action="store_true",
        help="then accept the suggestions as NAME's annotations (one history entry)",
    )
    action.add_argument(
        "--undo-accept",
        action="store_true",
        help="take NAME's latest bulk acceptance back instead (computes nothing)",
    )
    action.add_argument(
        "--clear",
        action="store_true",
        help="remove NAME's pending suggestions instead (those of --recommenders, in "
        "--documents; computes nothing)",
    )
    parser.add_argument(
        "--min-score",
        type=_fraction,
        default=0.0,
        metavar="S",
        help="with --accept: only suggestions scoring at least S (0-1; default: all)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes that propose (default: 2 on 2,000 documents or more)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def recommender_names(value: str) -> list[str]:
    from annotator.suggestions import RECOMMENDERS

    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in RECOMMENDERS]
    if unknown or not names:
        known = ", ".join(RECOMMENDERS)
        raise argparse.ArgumentTypeError(
            f"unknown recommender {', '.join(unknown) or value!r} (known: {known})"
        )
    return names


def _result(name: str, teacher: str | None, summary: SuggestSummary) -> dict[str, Any]:
    """A run's summary for --json (`documents`: those whose suggestions were stored)."""
    return {
        "annotator": name,
        "learned_from": {"annotator": teacher or name, "documents": summary.learned_from},
        "documents": summary.documents,
        "suggestions": summary.stored,
        "total": summary.total,
        "seconds": round(summary.seconds, 3),
        "warnings": [str(skipped) for skipped in summary.skipped],
    }


def run(args: argparse.Namespace) -> int:
    from annotator.suggestions.run import PartlyStored, suggest

    if args.min_score and not args.accept:
        raise UsageError("--min-score goes with --accept")
    with _open(args.project) as project:
        name = args.annotator.strip()
        if args.undo_accept:
            undone = project.undo_bulk_accept(name)
            result: dict[str, Any] = {
                "undone_batch": undone.batch,
                "back_to_suggestions": undone.removed,
                "kept_changed": undone.kept,
                "kept_with_notes": undone.kept_with_notes,
            }
            if args.json:
                _print_json(result)
            else:
                noted = (
                    f" ({undone.kept_with_notes:,} with notes)" if undone.kept_with_notes else ""
                )
                print(
                    f"{name}: bulk acceptance taken back: {undone.removed:,} annotations are "
                    f"suggestions again, {undone.kept:,} changed since kept{noted}"
                )
            return 0
        if args.clear:
            removed = project.clear_suggestions(
                name, args.documents, recommenders=args.recommenders
            )
            if args.json:
                _print_json({"removed": removed})
            else:
                print(f"{name}: {removed:,} pending suggestions removed")
            return 0
        names = args.recommenders  # None: the default set, whose members are optional
        if args.teacher:
            project.annotator_id(args.teacher, create=False)  # NotFoundError: a misspelt name
        with progress_bar("suggesting") as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
                summary = suggest(
                    project,
                    name,
                    teacher=args.teacher,
                    names=names,
                    document_ids=args.documents,
                    workers=args.workers,
                    progress=progress,
                )
            except PartlyStored as partly:  # the message says what was stored; exit status 2
                if args.json:
                    _print_json(
                        _result(name, args.teacher, partly.summary)
                        | {"complete": False, "documents_asked": partly.asked}
                        | {"error": partly.reason}
                    )
                raise
        result = _result(name, args.teacher, summary) | {"complete": True}
        for skipped in summary.skipped:  # an optional recommender left out or failing somewhere
            print(f"warning: {skipped}", file=sys.stderr)
        if args.accept:
            accepted = project.accept_all(
                name,
                min_score=args.min_score,
                document_ids=args.documents,
                recommenders=names or list(summary.stored),
            )
            result["accepted"] = {
                "batch": accepted.batch,
                "by_label": accepted.accepted,
                "total": sum(accepted.accepted.values()),
                "skipped": accepted.skipped,
                "min_score": args.min_score,
                "reopened": list(accepted.reopened),
            }
    if args.json:
        _print_json(result)
        return 0
    print(
        f"{name}: {summary.total:,} suggestions on {summary.documents:,} documents "
        f"(learned from {args.teacher or name}'s {summary.learned_from:,} annotated documents, "
        f"{summary.seconds:.1f} s)"
    )
    rows = [
        (recommender, label, count)
        for recommender, by_label in summary.stored.items()
        for label, count in sorted(by_label.items())
    ]
    if rows:
        print_table(("recommender", "label", "suggestions"), rows)
    if args.accept:
        accepted_info = result["accepted"]
        print(
            f"accepted {accepted_info['total']:,} as {name}'s annotations "
            f"(batch {accepted_info['batch']}; take it back with: annotator suggest "
            f"{args.project} --for {name} --undo-accept)"
            + (f"; {accepted_info['skipped']:,} skipped" if accepted_info["skipped"] else "")
        )
        if accepted_info["reopened"]:
            print(
                f"{len(accepted_info['reopened']):,} documents marked done were changed and are "
                "in progress again"
            )
    return 0
