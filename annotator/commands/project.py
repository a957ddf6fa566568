"""Core project commands: `new`, `import`, `stats`, `search`, `demo`, `check`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.errors import NotFoundError, ProjectError, UsageError

if TYPE_CHECKING:
    from annotator.store import Project

_RAW = argparse.RawDescriptionHelpFormatter


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_new(subparsers)
    _register_import(subparsers)
    _register_stats(subparsers)
    _register_search(subparsers)
    _register_demo(subparsers)
    _register_check(subparsers)


# ------------------------------------------------------------------ helpers


def _open(path: Path) -> Project:
    from annotator.store import Project

    if not path.exists():
        raise ProjectError(
            f"{path}: no such project file (create it with: annotator new {path})", kind="missing"
        )
    return Project.open(path)


def _must_exist(path: Path) -> None:
    """ProjectError (kind "missing") when project file `path` does not exist."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file", kind="missing")


@contextmanager
def progress_bar(description: str, total: int | None = None, unit: str = "doc") -> Iterator[Any]:
    """A tqdm bar on stderr, silent when stderr is not a terminal."""
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        desc=description,
        unit=unit,
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        leave=False,
        dynamic_ncols=True,
    )
    try:
        yield bar
    finally:
        bar.close()


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value:,}" for key, value in counts.items()) or "none"


# ------------------------------------------------------------------ new


def _register_new(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="create an empty project file",
        description="Create a new, empty project file with the default label schema "
        "(ACTOR, CLAIM, CASUALTY; CLAIM --source--> ACTOR).",
        epilog="examples:\n  annotator new corpus.sqlite\n"
        "  annotator new corpus.sqlite && annotator import corpus.sqlite articles/ --clean",
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="project file to create (.sqlite)")
    parser.set_defaults(func=_new)


def _new(args: argparse.Namespace) -> int:
    from annotator.store import Project

    Project.create(args.project).close()
    print(f"created {args.project}")
    return 0


# ------------------------------------------------------------------ import


def _register_import(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import articles (text files, folders, JSONL) into a project",
        description="Import plain-text articles into PROJECT: .txt files, folders of them "
        "(recursively; *.txt and *.jsonl), and JSONL files with one "
        '{"text": ..., "id": ..., "meta": {...}} object per line. Encodings (UTF-8, UTF-16 '
        "with BOM, Windows-1256) are detected. All or nothing: if any input is bad, nothing is "
        "imported and every bad file is listed (unless --skip-bad). Articles already in the "
        "project (same text) are skipped. With --format, imports annotated data instead (UTF-8 "
        "unless --encoding): the first bad row or document stops it, naming file and line; "
        "bad rows in several files are all listed; an empty file or folder is an error, and "
        "the files a folder holds besides the format's are listed as ignored (unless "
        "--skip-bad).",
        epilog="examples:\n  annotator import corpus.sqlite articles/ --clean\n"
        "  annotator import corpus.sqlite a.txt b.txt news.jsonl --skip-bad\n"
        "  annotator import corpus.sqlite big/ --max-size 2 --json > report.json\n"
        "  annotator import corpus.sqlite ali.jsonl --format jsonl --annotator ali --clean\n"
        "  annotator import corpus.sqlite ner/ --format conll --annotator ali --encoding cp1256\n"
        "  annotator import corpus.sqlite brat/ --format brat --annotator ali "
        "--split-discontinuous\n"
        "  annotator import corpus.sqlite tasks.json --format labelstudio --annotator ali "
        "--as-suggestions\n"
        "  annotator import corpus.sqlite ner.jsonl --format jsonl --annotator ali "
        "--as-suggestions --recommender my-ner",
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or folder")
    parser.add_argument(
        "--clean",
        action="store_true",
        help="remove scraper residue, whole lines only, each rule counted in the report: "
        "placeholders ([ad_1]), blank-only lines, repeated blank lines, comment forms, view "
        "counters, date lines, «اضغط هنا» promotions, share buttons, related headlines, site "
        "labels, a Latin banner or labels above the title, the title repeated, author bios "
        "(docs/formats.md, 'Cleaning scraped news'; `annotator clean PATH` shows each line "
        "it would remove). The article's own lines are never changed; with --format the spans "
        "move with the text, and a span that ends in removed text is a bad document",
    )
    parser.add_argument(
        "--strip-marks",
        action="store_true",
        help="remove invisible marks (LRM, RLM, ALM, bidi embeddings and isolates, ZWSP, WJ, "
        "a BOM inside a text), which are otherwise counted and kept; spans and tokens keep "
        "their other characters (with --format a span of only marks is a bad document)",
    )
    parser.add_argument(
        "--arclean",
        action="store_true",
        help="map every character through camel-tools' arclean map after the other "
        "cleaning: tashkeel and tatweel removed, Arabic punctuation and digits and typographic "
        "quotes made ASCII, Persian and presentation-form letters made basic Arabic, ligatures "
        "expanded (ﻻ -> لا), every character outside Arabic, ASCII and Latin-1 removed; each "
        "line it changes counted in the report (`annotator clean PATH --arclean` shows what "
        "it changes); with --format the spans move with the text",
    )
    parser.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the good files (with --format: documents) and list the bad ones",
    )
    parser.add_argument(
        "--max-size",
        type=float,
        default=10.0,
        metavar="MB",
        help="largest document accepted, in MB (default 10; also with --format)",
    )
    parser.add_argument("--json", action="store_true", help="print the import report as JSON")
    annotated = parser.add_argument_group("annotated data")
    annotated.add_argument(
        "--format",
        metavar="FORMAT",
        help="import annotated documents in FORMAT (e.g. conll, brat, doccano, jsonl)",
    )
    annotated.add_argument(
        "--annotator", metavar="NAME", help="whose annotations (or suggestions) they are"
    )
    annotated.add_argument(
        "--done", action="store_true", help="mark the imported documents done for NAME"
    )
    annotated.add_argument(
        "--as-suggestions",
        action="store_true",
        help="store the spans as NAME's suggestions, not annotations (a model's output: "
        "labelstudio reads the predictions, never the annotations, with their scores and "
        'model_version; jsonl a "score" per span; else score 1.0); documents are matched '
        "by text, new ones added; importing a model's output again replaces its suggestions",
    )
    annotated.add_argument(
        "--recommender",
        metavar="NAME",
        help="with --as-suggestions: the recommender of spans whose file names no model "
        "(default: imported)",
    )
    annotated.add_argument(
        "--tag-names",
        type=_tag_names,
        metavar="O,B-X,I-X",
        help="hf: the tag of each integer tag id, in id order (default: labels.json beside "
        "the file)",
    )
    annotated.add_argument(
        "--completed-by",
        metavar="USER",
        help="labelstudio: only the annotations of this Label Studio user (id or email); "
        "needed when a file holds several users' (predictions are counted, never imported as "
        "annotations; with --as-suggestions: only the predictions of this model_version)",
    )
    annotated.add_argument(
        "--fix-utf16-offsets",
        dest="fix_utf16",
        action="store_true",
        help="labelstudio: move spans whose text shows offsets in UTF-16 code units (Label "
        "Studio before 1.6, after an emoji) to their characters, each reported",
    )
    annotated.add_argument(
        "--encoding",
        metavar="NAME",
        help="the inputs' encoding, e.g. cp1256 (Windows-1256), utf-16 (default utf-8, a BOM "
        "dropped); bytes it cannot decode are an error naming file and line",
    )
    annotated.add_argument(
        "--text-key",
        metavar="KEY",
        help="doccano, labelstudio: the key holding the text (default text)",
    )
    annotated.add_argument(
        "--label-key",
        metavar="KEY",
        help="doccano: the key holding the [start, end, label] triples (default label)",
    )
    annotated.add_argument(
        "--split-discontinuous",
        action="store_true",
        help="brat: import each fragment of a discontinuous span (T1 L 0 5;16 23) as its own "
        "span (default: such a span is an error, with --skip-bad skipped)",
    )
    parser.set_defaults(func=_import)


# The reader options the command line offers (FormatInfo.reader_options): name -> flag
_READER_FLAGS = {
    "tag_names": "--tag-names",
    "completed_by": "--completed-by",
    "fix_utf16": "--fix-utf16-offsets",
    "text_key": "--text-key",
    "label_key": "--label-key",
    "split_discontinuous": "--split-discontinuous",
}


def _reader_options(args: argparse.Namespace) -> dict[str, Any]:
    """The reader options given, each checked to be one the format's reader takes."""
    from annotator.formats import FORMATS, get_format

    info = get_format(args.format) if args.format else None
    given = {name: getattr(args, name) for name in _READER_FLAGS if getattr(args, name)}
    for name in given:
        if info is None or name not in info.reader_options:
            takes = ", ".join(n for n, i in FORMATS.items() if name in i.reader_options)
            raise UsageError(f"{_READER_FLAGS[name]} is an option of --format {takes}")
    return given


def _tag_names(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"empty tag name in {value!r}")
    return names


def _import(args: argparse.Namespace) -> int:
    if args.max_size <= 0:
        raise UsageError(f"--max-size must be positive, not {args.max_size:g}")
    _reader_options(args)
    if args.recommender is not None and not args.as_suggestions:
        raise UsageError("--recommender goes with --as-suggestions")
    if args.format:
        return _import_annotated(args)
    if args.annotator or args.done or args.encoding or args.as_suggestions:
        raise UsageError(
            "--annotator, --done, --encoding and --as-suggestions need --format (annotated "
            "data; plain text import detects UTF-8, UTF-16 and Windows-1256 itself)"
        )
    from annotator.formats.plaintext import marks_summary
    from annotator.importing_plain import import_documents

    max_bytes = int(args.max_size * 1024 * 1024)
    with _open(args.project) as project, progress_bar("importing") as bar:

        def set_total(total: int | None) -> None:
            bar.total = total
            bar.refresh()

        report = import_documents(
            project,
            args.paths,
            clean=args.clean,
            strip_marks=args.strip_marks,
            arclean=args.arclean,
            skip_bad=args.skip_bad,
            max_bytes=max_bytes,
            progress=bar.update,
            on_total=set_total,
        )
    if args.json:
        _print_json(report.to_json())
        return 0
    line = f"imported {report.added:,} document(s) into {args.project}"
    extras = []
    if report.duplicates:
        extras.append(f"{len(report.duplicates):,} duplicate(s) skipped")
    if report.bad:
        extras.append(f"{len(report.bad):,} bad input(s) skipped")
    print(line + (f" ({', '.join(extras)})" if extras else ""))
    if args.clean or args.arclean:
        totals = report.removed_totals
        print(f"cleaning removed: {_counts(totals) if totals else 'nothing'}")
        for path, counts in list(report.removed.items())[:_MAX_LISTED]:
            print(f"  {path}: {_counts(counts)}")
        _more(len(report.removed))
    if report.marks:
        done = "removed" if report.marks_stripped else "kept (--strip-marks removes them)"
        print(f"{marks_summary(report.marks_totals)}: {done}")
        for path, counts in list(report.marks.items())[:_MAX_LISTED]:
            print(f"  {path}: {marks_summary(counts)}")
        _more(len(report.marks))
    for duplicate in report.duplicates[:_MAX_LISTED]:
        print(
            f"  duplicate {duplicate.source} ({duplicate.name}): same text as document "
            f"{duplicate.existing_id} ({duplicate.existing_name})"
        )
    _more(len(report.duplicates))
    for error in report.bad[:_MAX_LISTED]:
        print(f"  skipped {error}")
    _more(len(report.bad))
    return 0


_MAX_LISTED = 50


def _more(count: int) -> None:
    if count > _MAX_LISTED:
        print(f"  ... and {count - _MAX_LISTED:,} more (use --json for the full report)")


def _import_annotated(args: argparse.Namespace) -> int:
    from annotator.importing import import_annotated

    if not args.annotator:
        raise UsageError("--format needs --annotator NAME (whose annotations they are)")
    if args.as_suggestions:
        return _import_suggestions(args)
    with _open(args.project) as project:
        result = import_annotated(
            project,
            args.paths,
            args.format,
            annotator=args.annotator,
            done=args.done,
            skip_bad=args.skip_bad,
            clean=args.clean,
            strip_marks=args.strip_marks,
            arclean=args.arclean,
            max_bytes=int(args.max_size * 1024 * 1024),
            **_reader_options(args),
            **({"encoding": args.encoding} if args.encoding else {}),
        )
    if args.json and hasattr(result, "to_json"):
        _print_json(result.to_json())
    elif hasattr(result, "summary"):
        print(result.summary())
    elif result is not None:
        print(result)
    return 0


def _import_suggestions(args: argparse.Namespace) -> int:
    from annotator.importing_suggestions import DEFAULT_RECOMMENDER, import_suggestions

    if args.done:
        raise UsageError("--done does not go with --as-suggestions (nothing is annotated yet)")
    with _open(args.project) as project:
        result = import_suggestions(
            project,
            args.paths,
            args.format,
            annotator=args.annotator,
            recommender=args.recommender or DEFAULT_RECOMMENDER,
            skip_bad=args.skip_bad,
            clean=args.clean,
            strip_marks=args.strip_marks,
            arclean=args.arclean,
            max_bytes=int(args.max_size * 1024 * 1024),
            **_reader_options(args),
            **({"encoding": args.encoding} if args.encoding else {}),
        )
    if args.json:
        _print_json(result.to_json())
    else:
        print(result.summary())
    return 0


# ------------------------------------------------------------------ stats


def _register_stats(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="documents, tokens, annotations by label and annotator, statuses",
        description="Show a project's size and progress: documents, tokens, annotations by "
        "label and by annotator, relations, and document statuses per annotator.",
        epilog="examples:\n  annotator stats corpus.sqlite\n  annotator stats corpus.sqlite --json",
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(func=_stats)


def _stats(args: argparse.Namespace) -> int:
    with _open(args.project) as project:
        figures = _project_stats(project)
    _show_stats(figures, args.json, args.project)
    return 0


def _project_stats(project: Project) -> dict[str, Any]:
    from annotator.store.stats import documents_without_token_count, stats

    missing = documents_without_token_count(project)
    with progress_bar("counting tokens", total=missing) as bar:
        return stats(project, progress=bar.update)


def _show_stats(figures: dict[str, Any], as_json: bool, path: Path) -> None:
    from annotator.store.doc_time import format_duration

    if as_json:
        _print_json({"project": str(path), **figures})
        return
    print(f"project:     {path}")
    print(f"documents:   {figures['documents']:,}")
    print(f"tokens:      {figures['tokens']:,}")
    print(f"annotations: {figures['annotations']:,} ({_counts(figures['annotations_by_label'])})")
    print(f"relations:   {_counts(figures['relations_by_label'])}")
    print(f"labels:      {', '.join(figures['labels'])}")
    for annotator in figures["annotators"]:
        labels = figures["annotations_by_annotator"].get(annotator, {})
        status = figures["status_by_annotator"].get(annotator, {})
        seconds = figures["time_seconds_by_annotator"].get(annotator)
        spent = f"; time {format_duration(seconds)}" if seconds else ""
        print(f"  {annotator}: {_counts(labels)}; documents {_counts(status)}{spent}")


# ------------------------------------------------------------------ search


def _register_search(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="find a word or phrase in every document",
        description="Search the project's documents. Matching ignores diacritics, tatweel and "
        "hamza/alef variants (اذربيجان finds أذربيجان) and finds the query inside words "
        "(وأذربيجان, الأذربيجانية) unless --whole-word. Prints each hit with its document, "
        "code-point offsets and context, then the number of documents with hits.",
        epilog="examples:\n  annotator search corpus.sqlite اذربيجان\n"
        '  annotator search corpus.sqlite "وزارة الدفاع" --whole-word --limit 20\n'
        "  annotator search corpus.sqlite حصار --json",
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument("query", help="word(s) to find")
    parser.add_argument("--whole-word", action="store_true", help="match whole words only")
    parser.add_argument(
        "--limit", type=int, default=100, metavar="N", help="show at most N hits (0: all)"
    )
    parser.add_argument(
        "--first-page",
        action="store_true",
        help="stop once N hits are found: fast on any corpus, but the document count then only "
        "covers the documents read",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=_search)


def _search(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise UsageError(f"--limit must be 0 (all) or positive, not {args.limit}")
    with _open(args.project) as project:
        result = project.search(
            args.query,
            whole_word=args.whole_word,
            limit=args.limit or None,
            exhaustive=not args.first_page,
        )
    if args.json:
        _print_json(
            {
                "query": result.query,
                "documents": result.document_count,
                "document_ids": result.document_ids,
                "hits": [vars(hit) for hit in result.hits],
                "complete": result.complete,
                "unchecked_documents": result.unchecked,
            }
        )
        return 0
    for hit in result.hits:
        print(f"{hit.name}:{hit.start}-{hit.end}\t…{hit.before}[{hit.match}]{hit.after}…")
    shown = "" if result.complete else f" (first {len(result.hits):,} shown)"
    unchecked = f"; {result.unchecked:,} more may match" if result.unchecked else ""
    print(f"{len(result.hits):,} hit(s){shown} in {result.document_count:,} document(s){unchecked}")
    return 0


# ------------------------------------------------------------------ demo


def _register_demo(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create the demo project if needed and show its figures",
        description="Create the demo project (the seed articles, cleaned, with sample "
        "annotations by 'demo') in the user data folder if it does not exist yet, then print "
        "its path and statistics.",
        epilog="examples:\n  annotator demo\n  annotator demo --json",
        formatter_class=_RAW,
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    from annotator.demo import ensure_demo_project
    from annotator.store import Project

    path = ensure_demo_project()
    with Project.open(path) as project:
        figures = _project_stats(project)
    _show_stats(figures, args.json, path)
    return 0


# ------------------------------------------------------------------ check


def _register_check(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="verify a project file's integrity (damaged files included)",
        description="Check a project without writing to it: SQLite's integrity check (each "
        "damaged page named with its table or index), and for a damaged file how many rows of "
        "each table can still be read; then the schema, foreign keys, the search index, every "
        "document's text against its stored hash, every annotation against the text it was "
        "made on (offsets in range, snapshot equal to the text), and every relation against "
        "its spans and its type (a source relation must still go from a CLAIM to an ACTOR). "
        "A file that is damaged, empty, not a database or not a project is reported too. "
        "Exit status 0 when all is well, 1 when problems are found (each is listed), 2 when "
        "the file does not exist. A damaged file's readable rows are saved with "
        "`annotator recover`. With --consistency, checks the annotations instead (brat's "
        "consistency checks, normalized as search is), for each annotator over the documents "
        "they worked on: the same string labelled differently, and a string labelled in one "
        "place but not in another (whole tokens, also after و ف ب ل ك, as Annotate all finds "
        "them), each said to show within a document or across documents; exit status 1 when "
        "there are any.",
        epilog="examples:\n  annotator check corpus.sqlite\n"
        "  annotator check corpus.sqlite --json > health.json\n"
        "  annotator check corpus.sqlite || annotator recover corpus.sqlite --out saved.sqlite\n"
        "  annotator check corpus.sqlite --consistency --annotator mona\n"
        "  annotator check corpus.sqlite --consistency --json",
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument(
        "--consistency",
        action="store_true",
        help="check the annotations' consistency instead of the file (see above)",
    )
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        action="append",
        help="with --consistency: this annotator's work only (repeat for several; default: "
        "everyone's, gold's too)",
    )
    parser.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    from annotator.store.health import check_file

    _must_exist(args.project)
    if args.consistency:
        return _check_consistency(args)
    if args.annotator:
        raise UsageError("--annotator goes with --consistency")
    report = check_file(args.project)
    if args.json:
        _print_json({"project": str(args.project), **report.to_json()})
        return 0 if report.ok else 1
    for problem in report.problems:
        print(f"{args.project}: {problem}")
    if report.unlisted:
        print(f"  ... and {report.unlisted:,} more (use --json)")
    if report.damaged and report.tables:
        readable = ", ".join(
            f"{table.table} {table.rows:,}" + (f" of {table.listed:,}" if table.listed else "")
            for table in report.tables
        )
        print(f"readable rows: {readable}")
    if not report.ok:
        print(f"{len(report.problems) + report.unlisted:,} problem(s) found")
        if report.damaged:
            print(
                "to save every readable row into a new project: "
                f"annotator recover {args.project} --out NEW.sqlite"
            )
        return 1
    from annotator.store.schema import SCHEMA_VERSION

    older = report.version is not None and report.version < SCHEMA_VERSION
    upgrade = f"; schema {report.version}, upgraded when next opened" if older else ""
    print(f"{args.project}: ok ({_counts(report.checked)} checked{upgrade})")
    return 0


def _check_consistency(args: argparse.Namespace) -> int:
    from annotator.consistency import LABELS, UNLABELLED, check_consistency
    from annotator.store.team import open_readonly

    with open_readonly(args.project) as project:
        if args.annotator:
            known = project.annotators(role=None)
            for name in args.annotator:
                if name not in known:
                    raise NotFoundError(
                        f"no annotator named {name!r} (annotators: {', '.join(known)})"
                    )
        report = check_consistency(project, args.annotator)
    if args.json:
        _print_json({"project": str(args.project), **report.to_json()})
        return 1 if report.findings else 0
    for finding in report.findings:
        print(f"{finding.annotator}: {finding.describe()}")
        for place in finding.places[:_PLACES_SHOWN]:
            what = place.label if finding.kind == LABELS else "not labelled"
            print(f"  {report.names[place.document_id]}:{place.start}-{place.end}\t{what}")
        if len(finding.places) > _PLACES_SHOWN:
            print(f"  ... and {len(finding.places) - _PLACES_SHOWN:,} more (use --json)")
    counts = {kind: sum(f.kind == kind for f in report.findings) for kind in (LABELS, UNLABELLED)}
    print(
        f"{len(report.findings):,} inconsistenc{'y' if len(report.findings) == 1 else 'ies'} "
        f"({counts[LABELS]:,} labelled differently, {counts[UNLABELLED]:,} not labelled "
        f"elsewhere) in {report.spans:,} annotations of {', '.join(report.annotators) or 'nobody'}"
        f" over {report.documents:,} document(s)"
    )
    return 1 if report.findings else 0


_PLACES_SHOWN = 5


def check_project(project: Project, max_problems: int = 1000) -> tuple[list[str], dict[str, int]]:
    """Problems found in open `project` (empty when it is sound) and how many items were
    checked: `store.health.check_project` as text."""
    from annotator.store.health import check_project as check

    report = check(project, max_problems)
    return [str(problem) for problem in report.problems], report.checked
