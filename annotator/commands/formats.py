"""`annotator export`: write a project's annotations as a training corpus (any writable format).

(`annotator import PROJECT PATH --format F --annotator NAME` reads annotated corpora back: see
`annotator.commands.project` and `annotator.importing`.)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotator.camel import morphology
from annotator.camel.translit import SCHEMES
from annotator.commands.project import _must_exist, progress_bar
from annotator.errors import NotFoundError
from annotator.formats.conll import COLUMNS
from annotator.rules import TAG_SCHEMES, check_status

_RAW = argparse.RawDescriptionHelpFormatter
ANY_STATUS = "any"  # --status any: every document, as --include-unfinished

EPILOG = """\
which annotations (exactly one):
  --annotator NAME     one annotator's spans, relations and attributes
  --all-annotators     one output per annotator: OUT with the name before the suffix
                       (out.conll -> out.amal.conll; brat: out.amal/)
  --gold               the adjudicated gold standard (the annotator named "gold")
  --majority K         spans (same label and boundaries) at least K annotators share;
                       relations at least K share between kept spans; attributes: the value
                       the voters agree on, else the most common (tie: first voter by name)
  --voters A,B,C       who counts for --all-annotators/--majority (default: every annotator)

which documents:
  (default)            those marked done: by the annotator, the gold for --gold, each
                       annotator in their own output for --all-annotators, every voter
                       for --majority; the summary says how many were left out, and an
                       export that would hold no document is refused (nothing written)
  --include-unfinished every document (undone ones, exported with their missing
                       annotations as O, would teach a model false negatives)
  --status STATUS      only documents of this status (done, in-progress, new), chosen the
                       same way; any: every document

filters and split:
  --labels A,B         only spans of these labels (relations need both ends kept)
  --split 80,10,10     train/dev/test by document: texts ordered by sha256, shuffled with
                       --seed, cut by largest remainder; outputs OUT.train.conll, ...

examples:
  annotator export corpus.sqlite --format conll --out ner.conll --annotator amal
  annotator export corpus.sqlite --format jsonl --out draft.jsonl --annotator amal \\
      --include-unfinished
  annotator export corpus.sqlite --format conll --out ner.conll --gold --split 80,10,10 --seed 1
  annotator export corpus.sqlite --format jsonl --out all.jsonl --all-annotators
  annotator export corpus.sqlite --format hf --out hf/train.jsonl --majority 2 --scheme bioes
  annotator export corpus.sqlite --format conll --out flat.conll --gold --single-column \\
      --priority CLAIM,ACTOR,CASUALTY --offsets
  annotator export corpus.sqlite --format conll --out ner.conll --gold --translit bw
  annotator export corpus.sqlite --format conll --out clitics.conll --gold --segment d3tok
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    from annotator.formats import FORMATS

    writable = [name for name, info in FORMATS.items() if info.can_write]
    parser = subparsers.add_parser(
        "export",
        help=f"export annotations as a training corpus ({', '.join(writable)})",
        description="Export the annotations of PROJECT to OUT in FORMAT, streaming (any "
        "corpus size). Prints what was written and what was left out, and why. Outputs are "
        "written under temporary names and renamed at the end: a failure leaves nothing.",
        epilog=EPILOG,
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument("--format", required=True, choices=writable, help="output format")
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="PATH",
        help="output file (a folder for brat, webanno)",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--annotator", metavar="NAME", help="one annotator's annotations")
    which.add_argument("--all-annotators", action="store_true", help="one output per annotator")
    which.add_argument("--majority", type=_positive, metavar="K", help="merge by vote")
    which.add_argument("--gold", action="store_true", help="the adjudicated gold standard")
    parser.add_argument("--voters", type=_names, metavar="A,B", help="annotators who vote")
    parser.add_argument("--labels", type=_names, metavar="L1,L2", help="only these labels")
    documents = parser.add_mutually_exclusive_group()
    documents.add_argument(
        "--include-unfinished",
        action="store_true",
        help="also documents not marked done (default: only those marked done)",
    )
    documents.add_argument(
        "--status",
        type=_status,
        metavar="STATUS",
        help="only documents with this status (done, in-progress, new; any: every document)",
    )
    parser.add_argument("--split", metavar="TRAIN,DEV,TEST", help="e.g. 80,10,10 or 90,10")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")
    tags = parser.add_argument_group("CoNLL and Hugging Face")
    tags.add_argument(
        "--scheme",
        default="auto",
        type=lambda value: "auto" if value.lower() == "auto" else value.upper(),
        choices=["auto", *TAG_SCHEMES],
        help="tag scheme; auto (default): CoNLL writes each document imported from a tagged "
        "corpus in the scheme that corpus used, the others in IOB2; Hugging Face (one scheme "
        "per file) the one every document's corpus used when they agree, else IOB2",
    )
    tags.add_argument(
        "--priority",
        type=_names,
        metavar="L1,L2",
        help="label order deciding overlaps in one column (default: the label schema order)",
    )
    conll = parser.add_argument_group("CoNLL")
    conll.add_argument(
        "--header",
        choices=["comment", "docstart"],
        default="comment",
        help="document header: '# doc_id = ...' comments (default) or -DOCSTART-",
    )
    conll.add_argument("--offsets", action="store_true", help="add a start-end offsets column")
    conll.add_argument(
        "--columns",
        choices=list(COLUMNS),
        default="levels",
        help="tag columns, the same for the whole file and named once in its '# columns' line: "
        "levels (default): one column when no exported spans overlap, else one per nesting "
        "level, outermost first (the Wojood/GermEval layout); labels: one per label (and per "
        "nesting level of a label); single: one column, overlaps resolved by --priority",
    )
    conll.add_argument(
        "--single-column",
        action="store_true",
        help="the same as --columns single",
    )
    conll.add_argument(
        "--layers",
        type=_names,
        metavar="L1,L1,L2",
        help="with --columns labels: these tag columns, a label repeated per nesting level "
        "(e.g. ACTOR,ACTOR,CLAIM; default: those the exported spans need)",
    )
    parser.add_argument(
        "--translit",
        choices=list(SCHEMES),
        help="conll, jsonl, hf: add each token's (JSONL: the text's and each span's) Latin "
        "transliteration: bw (Buckwalter), safebw (Safe Buckwalter), hsb "
        "(Habash-Soudi-Buckwalter); CoNLL: a 'translit' column after the token, JSONL: "
        "'text_translit' fields, HF: 'tokens_translit'",
    )
    parser.add_argument(
        "--segment",
        choices=list(morphology.SCHEMES),
        help="conll, hf: cut each word into its clitic pieces with the morphology database "
        "(camel_data's morphology-db-msa-r13 or the one set in Settings > Arabic tools): "
        "d3tok every clitic apart (و+ ب+ ال+ مدنيين), atbtok the article kept on its word; "
        "tokens stay the text's own characters, spans stay exact (a span boundary inside a "
        "piece cuts it too); the word each piece comes from goes in a 'word' column (CoNLL) / "
        "a 'words' field (HF)",
    )
    other = parser.add_argument_group("other formats")
    other.add_argument(
        "--relations",
        action="store_true",
        help="doccano: write the entities/relations form (default: label triples only)",
    )
    other.add_argument(
        "--flat", action="store_true", help="hf: only ner_tags, no ner_tags_<LABEL> fields"
    )
    other.add_argument(
        "--completed-by",
        metavar="USER",
        help="labelstudio: the Label Studio user (id or email) the annotations are given to on "
        "import (default: the annotator's name if it is one, else whoever imports the file)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes rendering a large export (default: auto; 0: none)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run_export)


def _names(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"empty name in {value!r}")
    return names


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _status(value: str) -> str:
    if value.lower() == ANY_STATUS:
        return ANY_STATUS
    try:
        return check_status(value.replace("-", " ").replace("_", " ").lower())
    except NotFoundError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def run_export(args: argparse.Namespace) -> int:
    from annotator.exporting import ExportOptions, export, parse_split
    from annotator.store import Project

    _must_exist(args.project)
    options = ExportOptions(
        format=args.format,
        annotator=args.annotator,
        all_annotators=args.all_annotators,
        majority=args.majority,
        gold=args.gold,
        voters=args.voters,
        labels=args.labels,
        status=None if args.status == ANY_STATUS else args.status,
        include_unfinished=args.include_unfinished or args.status == ANY_STATUS,
        split=parse_split(args.split) if args.split else None,
        seed=args.seed,
        scheme=args.scheme,
        header=args.header,
        offsets=args.offsets,
        columns=args.columns,
        single_column=args.single_column,
        priority=args.priority,
        layers=args.layers,
        relations=args.relations,
        completed_by=args.completed_by,
        nested=not args.flat,
        translit=args.translit,
        segment=args.segment,
        workers=args.workers,
    )
    with Project.open(args.project) as project, progress_bar("exporting") as bar:

        def shown(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        result = export(project, args.out, options, progress=shown)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(result.summary())
    return 0
