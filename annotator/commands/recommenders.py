"""`annotator recommenders`: what the recommenders are and how good they are, and the project's
gazetteers.

With no action it lists the recommenders (name, what each does, whether it can run here: CAMeL
NER needs its model installed), the gazetteers loaded into the project (name, entries per
label) and the suggestions pending per annotator. `--from NAME
--evaluate` scores each recommender against NAME's done documents
(`annotator.suggestions.evaluate`, the same evaluation as the app's Recommenders dialog);
`--add-gazetteer FILE` / `--remove-gazetteer NAME` load or drop a gazetteer the string matcher
(and the sequence model's features) use.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.commands.agreement import print_table
from annotator.commands.project import _must_exist, _open, _print_json, progress_bar
from annotator.commands.suggest import recommender_names
from annotator.errors import NotFoundError, SchemaError

if TYPE_CHECKING:  # pragma: no cover
    from annotator.store import Project
    from annotator.suggestions.evaluate import Evaluation, RecommenderScores, Score

EPILOG = """\
listing (no action):
  the recommenders (name, what each does, and whether it can run here or what to install),
  the gazetteers loaded into the project (name and entries per label) and how many
  suggestions each annotator has pending, per recommender

evaluating (--from NAME --evaluate):
  NAME's done documents, in document order: the first --split (0.8) train the recommenders,
  the rest are shown to them without NAME's spans; each recommender's own proposals are
  scored by exact span (label, start, end): precision, recall, F1, support (NAME's spans),
  per label and overall (over the labels it proposes). A learning curve gives the F1 after
  training on the first 10%, 25%, 50%, 75% and 100% of the training part. Needs at least
  two done documents. Nothing is written.

gazetteers:
  --add-gazetteer FILE loads a TSV file (text<TAB>label per line) under --gazetteer-name
  (default: the file's name), replacing what was loaded under that name; its labels must be
  the project's. --remove-gazetteer NAME drops one.

examples:
  annotator recommenders corpus.sqlite
  annotator recommenders corpus.sqlite --from amal --evaluate
  annotator recommenders corpus.sqlite --from amal --evaluate --recommenders strings,model --json
  annotator recommenders corpus.sqlite --add-gazetteer countries.tsv
  annotator recommenders corpus.sqlite --remove-gazetteer countries.tsv
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "recommenders",
        help="list the recommenders, evaluate them (--evaluate), manage gazetteers",
        description="List the recommenders that propose suggestions, the project's gazetteers "
        "and the suggestions pending per annotator; or evaluate the recommenders against an "
        "annotator's done documents (--from NAME --evaluate); or load or remove a gazetteer.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--evaluate",
        action="store_true",
        help="score each recommender against --from's done documents (precision, recall, F1 "
        "per label, and a learning curve)",
    )
    action.add_argument(
        "--add-gazetteer",
        type=Path,
        metavar="FILE",
        help="load a gazetteer: a TSV file of text<TAB>label lines",
    )
    action.add_argument(
        "--remove-gazetteer", metavar="NAME", help="drop the gazetteer loaded under NAME"
    )
    parser.add_argument(
        "--from",
        dest="teacher",
        metavar="NAME",
        help="the annotator whose done documents train and test (with --evaluate)",
    )
    parser.add_argument(
        "--recommenders",
        type=recommender_names,
        metavar="NAMES",
        help="comma-separated recommenders to evaluate (default: all)",
    )
    parser.add_argument(
        "--split",
        type=float,
        metavar="FRACTION",
        help="the part of the done documents that trains, the first ones (default: 0.8)",
    )
    parser.add_argument(
        "--gazetteer-name",
        metavar="NAME",
        help="the name to load --add-gazetteer under (default: the file's name)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run_recommenders, parser=parser)


def run_recommenders(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    if args.evaluate and not args.teacher:
        parser.error("--evaluate needs --from NAME (whose done documents to evaluate against)")
    if not args.evaluate:
        for given, option in (
            (args.teacher, "--from"),
            (args.recommenders, "--recommenders"),
            (args.split is not None, "--split"),
        ):
            if given:
                parser.error(f"{option} goes with --evaluate")
    if args.gazetteer_name and not args.add_gazetteer:
        parser.error("--gazetteer-name goes with --add-gazetteer")
    if args.evaluate:
        return evaluate_command(args)
    if args.add_gazetteer:
        return add_gazetteer(args)
    if args.remove_gazetteer:
        return remove_gazetteer(args)
    return list_recommenders(args)


# ---------------------------------------------------------------- evaluating


def evaluate_command(args: argparse.Namespace) -> int:
    """`--from NAME --evaluate`: each recommender's scores, as a table per recommender or JSON."""
    from annotator.store.team import open_readonly
    from annotator.suggestions.evaluate import DEFAULT_SPLIT, evaluate

    _must_exist(args.project)
    split = DEFAULT_SPLIT if args.split is None else args.split
    with open_readonly(args.project) as project, progress_bar("training", unit="run") as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        names = args.recommenders  # None: the available ones
        result = evaluate(project, args.teacher, names, split=split, progress=progress)
    if args.json:
        _print_json(result.as_dict())
    else:
        print_evaluation(result)
    return 0


def print_evaluation(result: Evaluation) -> None:
    print(
        f"{result.teacher}'s done documents: the first {result.training_documents} train, "
        f"the other {result.evaluation_documents} test (split {result.split:g})"
    )
    for scores in result.recommenders:
        print()
        print_scores(scores)


def print_scores(scores: RecommenderScores) -> None:
    """One recommender: P, R, F1, support per label and overall, then its learning curve."""
    print(f"{scores.name}:")
    rows: list[list[object]] = [[label, *_figures(score)] for label, score in scores.labels.items()]
    rows.append(["overall", *_figures(scores.overall)])
    print_table(["label", "precision", "recall", "F1", "support", "TP", "FP", "FN"], rows)
    if not scores.labels:
        print("(it proposed nothing)")
    print("learning curve:")
    print_table(
        ["trained on", "documents", "precision", "recall", "F1"],
        [
            [
                f"{point.fraction:.0%}",
                point.documents,
                *(_decimal(v) for v in (point.score.precision, point.score.recall)),
                _decimal(point.score.f1),
            ]
            for point in scores.curve
        ],
    )


def _figures(score: Score) -> list[object]:
    return [
        _decimal(score.precision),
        _decimal(score.recall),
        _decimal(score.f1),
        score.support,
        score.true_positives,
        score.false_positives,
        score.false_negatives,
    ]


class _Decimal(float):
    """A figure printed with three decimals (and right-aligned by `print_table`)."""

    def __str__(self) -> str:
        return f"{self:.3f}"


def _decimal(value: float) -> _Decimal:
    return _Decimal(value)


# ---------------------------------------------------------------- listing


def list_recommenders(args: argparse.Namespace) -> int:
    """The recommenders, the loaded gazetteers and the suggestions pending per annotator."""
    from annotator.store.team import open_readonly

    _must_exist(args.project)
    with open_readonly(args.project) as project:
        overview = _overview(project)
    if args.json:
        _print_json(overview)
        return 0
    print("recommenders (in the order they run):")
    print_table(
        ["name", "what it does", "available"],
        [
            [item["name"], item["description"], item["unavailable"] or "yes"]
            for item in overview["recommenders"]
        ],
    )
    print()
    if overview["gazetteers"]:
        print("gazetteers:")
        print_table(
            ["name", "entries", "labels"],
            [
                [item["name"], item["entries"], _counts(item["labels"])]
                for item in overview["gazetteers"]
            ],
        )
    else:
        print("gazetteers: none (load one with --add-gazetteer FILE)")
    print()
    if overview["suggestions"]:
        print("pending suggestions:")
        print_table(
            ["annotator", "recommender", "suggestions", "labels"],
            [
                [item["annotator"], item["recommender"], item["total"], _counts(item["labels"])]
                for item in overview["suggestions"]
            ],
        )
    else:
        print("pending suggestions: none (make some with: annotator suggest)")
    return 0


def _overview(project: Project) -> dict[str, Any]:
    gazetteers: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in project.gazetteer():
        gazetteers[entry.name][entry.label] += 1
    pending: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for count in project.suggestion_counts():
        pending[count.annotator, count.recommender][count.label] = count.pending
    return {
        "recommenders": [
            {"name": name, "description": description, "unavailable": _unavailable(name)}
            for name, description in recommender_descriptions().items()
        ],
        "gazetteers": [
            {"name": name, "entries": sum(labels.values()), "labels": dict(sorted(labels.items()))}
            for name, labels in sorted(gazetteers.items())
        ],
        "suggestions": [
            {
                "annotator": annotator,
                "recommender": recommender,
                "total": sum(labels.values()),
                "labels": labels,
            }
            for (annotator, recommender), labels in pending.items()
        ],
    }


def recommender_descriptions() -> dict[str, str]:
    """Each registered recommender's name and what it does (the first paragraph of its
    module's docstring: one module per recommender), in running order; one whose module
    cannot be loaded says so."""
    import importlib

    from annotator.suggestions import RECOMMENDERS

    described: dict[str, str] = {}
    for name, (module, _) in RECOMMENDERS.items():
        try:
            doc = importlib.import_module(module).__doc__ or ""
        except ImportError as err:
            described[name] = f"(not available: {err})"
            continue
        described[name] = " ".join(doc.strip().split("\n\n")[0].split())
    return described


def _unavailable(name: str) -> str | None:
    """Why the recommender cannot run here and how to mend it (`suggestions.unavailable`), or
    None; one whose module cannot be loaded says so in its description already."""
    from annotator.camel.ner_worker import problem_text
    from annotator.suggestions import unavailable

    try:
        reason = unavailable(name)
    except ImportError as err:
        return f"not available: {err}"
    return None if reason is None else problem_text(reason)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value:,}" for key, value in counts.items())


# ---------------------------------------------------------------- gazetteers


def add_gazetteer(args: argparse.Namespace) -> int:
    """Read the TSV (the string matcher's own reader) and load it under its name."""
    from annotator.suggestions.strings import read_gazetteer

    path: Path = args.add_gazetteer
    name = args.gazetteer_name or path.name
    entries = [(entry.text, entry.label) for entry in read_gazetteer(path)]
    with _open(args.project) as project:
        known = {label.name for label in project.labels()}
        unknown = Counter(label for _, label in entries if label not in known)
        if unknown:
            listed = ", ".join(f"{label!r} ({count})" for label, count in sorted(unknown.items()))
            raise SchemaError(
                f"{path}: labels not in the project's schema: {listed}; "
                f"add them first (annotator labels) or fix the file"
            )
        loaded = project.set_gazetteer(name, entries)
    if args.json:
        _print_json({"gazetteer": name, "entries": loaded})
    else:
        print(f"gazetteer {name}: {loaded:,} entries loaded")
    return 0


def remove_gazetteer(args: argparse.Namespace) -> int:
    with _open(args.project) as project:
        removed = project.remove_gazetteer(args.remove_gazetteer)
    if not removed:
        raise NotFoundError(f"no gazetteer {args.remove_gazetteer!r} in {args.project}")
    if args.json:
        _print_json({"gazetteer": args.remove_gazetteer, "removed": removed})
    else:
        print(f"gazetteer {args.remove_gazetteer}: {removed:,} entries removed")
    return 0
