"""`annotator clean`: what `annotator import --clean` would remove from articles, line by line
with the rule that removes each (`formats.cleaning.cleaning_preview`), importing nothing."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from annotator.commands.project import _print_json
from annotator.errors import BatchError, InputError
from annotator.formats.cleaning import ARCLEAN, LAYOUT_RULES, RULES, Removed

_SHOWN_CHARS = 100  # of a removed line, in the text output


def _epilog() -> str:
    rules = "\n".join(
        f"  {rule:<18}{what}"
        for rule, what in RULES.items()
        if rule not in ("invisible_mark", ARCLEAN)
    )
    return (
        "the rules (what each removes; whole lines only):\n"
        f"{rules}\n"
        f"with --arclean, each kept line the character map changes:\n  {ARCLEAN:<18}"
        f"{RULES[ARCLEAN]}\n\n"
        "examples:\n"
        "  annotator clean articles/\n"
        "  annotator clean news.jsonl --all\n"
        "  annotator clean articles/ --arclean\n"
        "  annotator clean articles/ --json > removed.json"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="show what import --clean would remove from articles (imports nothing)",
        description="Read articles as `annotator import` does (text files, folders of them, "
        "JSONL; encodings detected) and list, for each, the lines that --clean would remove: "
        "line number, rule and the line itself, then the counts per rule, which are the "
        "import report's. Lines of an article are never changed, only whole lines removed. "
        "No project is opened or written. A bad input is listed at the end (exit status 2).",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or folder")
    parser.add_argument(
        "--all",
        action="store_true",
        help="also list the blank-looking lines that go (rules "
        + ", ".join(sorted(LAYOUT_RULES))
        + ")",
    )
    parser.add_argument(
        "--arclean",
        action="store_true",
        help="also list each kept line that import --arclean changes, and what it changes "
        "(camel-tools' arclean character map: «U+060C «،» → «,» ×3, U+0640 «ـ» removed ×2»)",
    )
    parser.add_argument(
        "--strip-marks",
        action="store_true",
        help="as import --strip-marks: the invisible marks go before --arclean sees them",
    )
    parser.add_argument(
        "--json", action="store_true", help="print every removed line as JSON (blank ones too)"
    )
    parser.set_defaults(func=_clean)


def _clean(args: argparse.Namespace) -> int:
    from annotator.formats.plaintext import BadInput, cleaning_previews

    bad: list[InputError] = []
    documents: list[dict[str, Any]] = []
    totals: Counter[str] = Counter()
    for preview in cleaning_previews(
        args.paths, arclean=args.arclean, strip_marks=args.strip_marks
    ):
        if isinstance(preview, BadInput):
            bad.append(InputError(*preview))
            continue
        counts = Counter(item.rule for item in preview.removed)
        totals.update(counts)
        documents.append(
            {
                "name": preview.name,
                "source": preview.source,
                "input_line": preview.line,  # of a JSONL file
                "counts": dict(sorted(counts.items())),
                "removed": [item._asdict() for item in preview.removed],
            }
        )
        if not args.json:
            _print_document(preview.name, preview.removed, counts, args.all)
    if args.json:
        _print_json(
            {
                "documents": documents,
                "totals": dict(sorted(totals.items())),
                "bad": [{"path": e.path, "line": e.line, "message": e.message} for e in bad],
            }
        )
    else:
        cleaned = sum(1 for document in documents if document["counts"])
        each = ", ".join(f"{rule} {count:,}" for rule, count in sorted(totals.items()))
        print(
            f"{sum(totals.values()):,} line(s) to remove in {cleaned:,} of "
            f"{len(documents):,} document(s)" + (f": {each}" if each else "")
        )
    if len(bad) == 1:
        raise bad[0]
    if bad:
        raise BatchError(bad)
    return 0


def _print_document(name: str, removed: list[Removed], counts: Counter[str], every: bool) -> None:
    if not removed:
        return
    each = ", ".join(f"{rule} {count:,}" for rule, count in sorted(counts.items()))
    print(f"{name}: {sum(counts.values()):,} line(s): {each}")
    for item in removed:
        if every or item.rule not in LAYOUT_RULES:
            text = item.text if len(item.text) <= _SHOWN_CHARS else item.text[:_SHOWN_CHARS] + "…"
            print(f"  {item.line:>5}  {item.rule:<18}{text}")
