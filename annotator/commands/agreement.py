"""Team and agreement subcommands: `assign` copies out shares, `merge` brings them back,
`agree` measures inter-annotator agreement.

Each subcommand is an `add_<name>(subparsers)` function listed in `COMMANDS`; to add one, write
its `add_...` and `run_...` functions and append the former to `COMMANDS`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from annotator.agreement.gamma import GammaOptions
    from annotator.team import TeamReport


def register(subparsers: argparse._SubParsersAction) -> None:
    for add in COMMANDS:
        add(subparsers)


# ---------------------------------------------------------------- shared helpers


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
    return _name_list(value, "annotator name")


def _name_list(value: str, what: str = "name") -> list[str]:
    names = [name.strip() for name in value.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"empty {what} in {value!r}")
    return names


def _add_comparison_arguments(parser: argparse.ArgumentParser) -> None:
    """--annotators, --include-unfinished and --min-done, as `agree` and `adjudicate` read
    them (`agreement.selection.select_documents`)."""
    parser.add_argument(
        "--annotators",
        type=_annotator_list,
        default=None,
        metavar="A,B,...",
        help="annotators to compare (default: every annotator with role 'annotator')",
    )
    parser.add_argument(
        "--include-unfinished",
        action="store_true",
        help="also use documents not marked done by every compared annotator",
    )
    parser.add_argument(
        "--min-done",
        type=_positive,
        default=None,
        metavar="N",
        help="use the documents at least N compared annotators marked done (e.g. 2: done by "
        "at least two; default: all of them)",
    )


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
        "label schema, the gazetteers, and the annotator's own existing annotations and the "
        "suggestions they rejected, nothing of the others' (suggestions are computed again "
        "in the copy).",
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
    from annotator.team import assign_documents, assign_report

    with Project.open(args.project) as project:
        result = assign_documents(
            project, args.out, args.annotators, args.overlap, seed=args.seed, force=args.force
        )
    print_report(assign_report(result))
    return 0


def print_report(report: TeamReport) -> None:
    """An assignment's or a merge's report (`team.assign_report`, `team.merge_report`)."""
    from annotator.team import line_text

    print_table(report.headers, report.rows)
    for line in report.lines:
        print(line_text(line))


# ---------------------------------------------------------------- merge


def add_merge(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "merge",
        help="bring annotators' copies back into a project",
        description="Merge the annotations, relations and statuses of OTHER project files into "
        "PROJECT, matching documents by text (sha256). Documents missing from PROJECT are "
        "reported, never added. For each annotator and document: imported when PROJECT has "
        "nothing, extended when OTHER only adds to it, otherwise reported as a conflict and "
        "left untouched. Statuses only move forward (a 'done' is never lost). The suggestions "
        "each annotator rejected are added (suggestions themselves are not merged). All files "
        "are merged in one transaction; OTHER files are only read.",
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
    from annotator.team import merge_projects, merge_report

    with Project.open(args.project) as project:
        reports = merge_projects(project, args.others, dry_run=args.dry_run)
    print_report(merge_report(reports, dry_run=args.dry_run))
    return 0


# ---------------------------------------------------------------- agree


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return number


def add_agree(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "agree",
        help="inter-annotator agreement report (text, JSON or HTML)",
        description="Measure agreement per label and overall, for every pair of annotators and "
        "for all together: span F1 (exact/overlap), Cohen's and Fleiss' kappa and "
        "Krippendorff's alpha on tokens, token F1 as bratiaa defines it, unitizing alpha_U, "
        "gamma (--gamma), CASUALTY count and CLAIM source agreement, and the worst documents. "
        "Every mean over annotator pairs has its population standard deviation (SD) beside it. "
        "Only documents every compared annotator marked "
        "done are used, unless --include-unfinished: then every document where at least one "
        "compared annotator has a span or a status (an annotator with nothing there counts as "
        "marking nothing). The project is only read.",
    )
    parser.add_argument("project", type=Path, help="the project file")
    _add_comparison_arguments(parser)
    parser.add_argument(
        "--labels",
        type=_name_list,
        default=None,
        metavar="L,M,...",
        help="labels to compare (default: all)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON")
    output.add_argument(
        "--html", type=Path, metavar="OUT", help="write the report as one HTML file"
    )
    parser.add_argument(
        "--worst",
        type=_count,
        default=10,
        metavar="N",
        help="how many worst documents to list (default 10)",
    )
    gamma = parser.add_argument_group(
        "gamma",
        "Mathet et al. (2015) gamma over all labels, as pygamma-agreement computes it: the best "
        "alignment of all annotators' spans (exact integer program) against the mean of random "
        "continua. Slower than the other measures, so only on request; seeded: the same project, "
        "options and seed give the same value.",
    )
    gamma.add_argument("--gamma", action="store_true", help="also compute gamma")
    gamma.add_argument(
        "--gamma-samples",
        type=_positive,
        default=30,
        metavar="N",
        help="random continua for the expected disorder (default 30, as pygamma)",
    )
    gamma.add_argument(
        "--gamma-seed", type=int, default=0, metavar="S", help="random seed (default 0)"
    )
    gamma.add_argument(
        "--gamma-sampler",
        choices=("statistical", "shuffle"),
        default="statistical",
        help="statistical (pygamma's default) or shuffle (Mathet et al.'s, the Gamma Software's)",
    )
    gamma.add_argument(
        "--gamma-alpha",
        type=_weight,
        default=1.0,
        metavar="A",
        help="weight of the positional dissimilarity (default 1, as pygamma; the Gamma "
        "Software uses 3)",
    )
    gamma.add_argument(
        "--gamma-beta",
        type=_weight,
        default=1.0,
        metavar="B",
        help="weight of the categorical dissimilarity (default 1)",
    )
    gamma.add_argument(
        "--gamma-precision",
        type=_fraction,
        default=None,
        metavar="P",
        help="draw more samples until the expected disorder is within this relative error at "
        "95%% (e.g. 0.02; default: just --gamma-samples)",
    )
    parser.set_defaults(func=run_agree)


def _positive(value: str) -> int:
    number = _count(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def _weight(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return number


def _gamma_options(args: argparse.Namespace) -> GammaOptions | None:
    from annotator.agreement.gamma import GammaOptions

    if not args.gamma:
        return None
    if args.gamma_precision is not None and not 0 < args.gamma_precision < 1:
        raise UsageError("--gamma-precision must be between 0 and 1 (exclusive)")
    return GammaOptions(
        alpha=args.gamma_alpha,
        beta=args.gamma_beta,
        n_samples=args.gamma_samples,
        precision=args.gamma_precision,
        sampler=args.gamma_sampler,
        seed=args.gamma_seed,
    )


def run_agree(args: argparse.Namespace) -> int:
    from annotator.agreement.project_report import agreement_report
    from annotator.agreement.render_html import write_html
    from annotator.agreement.render_text import render_text
    from annotator.agreement.report import to_json
    from annotator.team import open_readonly

    if args.html is not None and not args.html.parent.is_dir():
        raise UsageError(f"{args.html.parent}: no such folder for the HTML report")
    with open_readonly(args.project) as project:
        report = agreement_report(
            project,
            args.annotators,
            args.labels,
            include_unfinished=args.include_unfinished,
            worst_n=args.worst,
            gamma=_gamma_options(args),
            min_done=args.min_done,
        )
    if args.json:
        print(to_json(report))
    elif args.html is not None:
        write_html(report, args.html)
        sel = report["selection"]
        print(
            f"wrote {args.html}: {sel['documents_used']:,} document(s), "
            f"{len(report['annotators'])} annotators, {len(report['labels'])} label(s)"
        )
    else:
        print(render_text(report), end="")
    return 0


# ---------------------------------------------------------------- adjudicate


def add_adjudicate(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "adjudicate",
        help="merge agreed spans into the gold standard and count what is left to review",
        description="For each document every compared annotator marked done (or, with "
        "--include-unfinished, each document with their work), do what the review window does on "
        "first opening: spans on which all compared annotators agree (or --min-agree K of them; "
        "same label and boundaries) become gold spans, with the attributes their proposers agree "
        "on and the relations between them, remembering who proposed them. Documents already "
        "under curation are left as they are. Document labels (document attributes) gold has no "
        "value of take the value all compared annotators (or K) gave, on every run. Prints, per "
        "document, the spans and document labels merged and the disagreements left for the "
        "review window. Merged documents stay 'in progress' in the "
        "gold standard, and `annotator export --gold` takes only those marked done: mark them "
        "in the review window, with --mark-done, or with `annotator status --set done --gold`.",
        epilog="examples:\n  annotator adjudicate corpus.sqlite\n"
        "  annotator adjudicate corpus.sqlite --annotators amal,badr,carim --min-agree 2\n"
        "  annotator adjudicate corpus.sqlite --mark-done    # then, with no review window:\n"
        "  annotator export corpus.sqlite --gold --format conll --out gold.conll",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="the project file")
    _add_comparison_arguments(parser)
    parser.add_argument(
        "--min-agree",
        type=_count,
        default=None,
        metavar="K",
        help="merge spans at least K annotators share (default: all of them)",
    )
    parser.add_argument(
        "--mark-done",
        action="store_true",
        help="mark done in the gold standard every selected document left with nothing to "
        "review (every disagreement resolved; also one already under curation), as the review "
        "window's 'curation done' does",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run_adjudicate)


def run_adjudicate(args: argparse.Namespace) -> int:
    import json
    from contextlib import nullcontext

    from annotator import adjudication
    from annotator.agreement.selection import resolve_annotators, select_documents
    from annotator.rules import DONE
    from annotator.store import Project

    with Project.open(args.project) as project:
        names = resolve_annotators(project, args.annotators)
        if args.min_agree is not None and not 1 <= args.min_agree <= len(names):
            raise UsageError(f"--min-agree must be between 1 and {len(names)}")
        selection = select_documents(
            project, names, args.include_unfinished, min_done=args.min_done
        )
        rows: list[dict[str, Any]] = []
        for doc_id in selection.document_ids:
            before = adjudication.curation_status(project, doc_id)
            # with --mark-done, merged and marked done in one transaction, or neither
            with project.transaction() if args.mark_done else nullcontext():
                state = adjudication.open_for_review(project, doc_id, names, args.min_agree)
                marked = args.mark_done and adjudication.mark_done_if_resolved(project, state)
            rows.append(
                {
                    "document_id": doc_id,
                    "name": project.document(doc_id).name,
                    "was": before,
                    "merged": len(state.auto_merged),
                    "gold_spans": len(state.gold),
                    "unresolved": len(state.unresolved),
                    "doc_labels_merged": state.auto_merged_labels,
                    "doc_labels_to_review": [r.name for r in state.unresolved_doc_labels],
                    "status": DONE if marked else state.status,
                    "marked_done": marked,
                }
            )
    done = sum(r["marked_done"] for r in rows)
    if args.json:
        summary = {"annotators": names, "documents": rows, "marked_done": done}
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print_table(
        ["document", "curation before", "merged", "gold spans", "to review", "curation now"],
        [
            [r["name"], r["was"], r["merged"], r["gold_spans"], r["unresolved"], r["status"]]
            for r in rows
        ],
    )
    merged = sum(r["merged"] for r in rows)
    left = sum(r["unresolved"] for r in rows)
    print(
        f"{len(rows)} document(s); {merged} span(s) merged into gold; "
        f"{left} disagreement(s) left for review ({', '.join(names)})"
    )
    labels_merged = sum(len(r["doc_labels_merged"]) for r in rows)
    labels_left = sum(len(r["doc_labels_to_review"]) for r in rows)
    if labels_merged or labels_left:
        print(
            f"document labels: {labels_merged} agreed value(s) put into gold; "
            f"{labels_left} left for review"
        )
        for r in rows:
            for name, value in r["doc_labels_merged"].items():
                print(f"  {r['name']}: {name} = {json.dumps(value, ensure_ascii=False)}")
    if args.mark_done:
        print(f"{done} document(s) with nothing left to review marked done in the gold standard")
    return 0


# ---------------------------------------------------------------- feedback


def add_feedback(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "feedback",
        help="how the gold standard differs from one annotator's spans",
        description="For each document where gold holds something (or --document), list how "
        "ANNOTATOR's spans differ from gold's, as Review > Compare with gold shows them: "
        "missing (only in gold), extra (not in gold), different label, boundaries or "
        "attributes. Spans are matched as the agreement matches them. The project is only read.",
    )
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("--annotator", required=True, help="whose spans to compare with gold")
    parser.add_argument(
        "--document", type=int, default=None, metavar="ID", help="only this document"
    )
    parser.add_argument("--json", action="store_true", help="print the differences as JSON")
    parser.set_defaults(func=run_feedback)


def run_feedback(args: argparse.Namespace) -> int:
    import json

    from annotator import adjudication
    from annotator.agreement.feedback import SAME
    from annotator.team import open_readonly

    with open_readonly(args.project) as project:
        if args.annotator not in project.annotators(role=None):
            raise UsageError(f"unknown annotator: {args.annotator}")
        documents = (
            [args.document]
            if args.document is not None
            else [d for d in project.document_ids() if adjudication.has_gold(project, d)]
        )
        found = []
        for doc_id in documents:
            name = project.document(doc_id).name
            for item in adjudication.gold_feedback(project, doc_id, args.annotator):
                if item.kind != SAME:
                    found.append((doc_id, name, item))
    if args.json:
        rows = [
            {
                "document_id": doc_id,
                "name": name,
                "kind": item.kind,
                "own": _span_json(item.own),
                "gold": _span_json(item.gold),
                "attributes": {k: list(v) for k, v in item.attributes.items()},
            }
            for doc_id, name, item in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print_table(
        ["document", "difference", args.annotator, "gold"],
        [[name, item.kind, _span_line(item.own), _span_line(item.gold)] for _, name, item in found],
    )
    print(f"{len(found)} difference(s) from gold in {len(documents)} document(s)")
    return 0


def _span_json(span: Any) -> dict[str, Any] | None:
    if span is None:
        return None
    return {
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "attributes": span.attributes,
    }


def _span_line(span: Any) -> str:
    return "-" if span is None else f"{span.label} {span.start}-{span.end} {span.text}"


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_assign,
    add_merge,
    add_agree,
    add_adjudicate,
    add_feedback,
]
