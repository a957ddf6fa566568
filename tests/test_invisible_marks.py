"""Invisible marks (LRM, RLM, ALM, a BOM inside a text...): counted in every import report, kept
by default, removed with `strip_marks` (`--strip-marks`), every span and token kept on the same
characters.

The five seeds hold none (checked below), so the tests put marks into them the way scraped
Arabic news carries them: an LRM on each side of every Latin word or number, an RLM after each
Arabic comma, an ALM before each «(», and a BOM where two files were once concatenated.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.plaintext import (
    INVISIBLE_MARKS,
    clean_text,
    clean_text_mapped,
    count_marks,
    marks_summary,
    trim_marks,
)
from annotator.importing import import_annotated
from annotator.importing_plain import import_documents
from annotator.model import InputError
from annotator.store import Project
from annotator.store.tokens import document_tokens
from annotator.text.normalize import REMOVED

LRM, RLM, ALM, BOM = "\u200e", "\u200f", "\u061c", "\ufeff"
# a Latin word or a number (not the [ad_1] placeholders)
_LATIN_OR_NUMBER = re.compile(r"(?<![\w\[])[A-Za-z0-9]+(?:[.:-][A-Za-z0-9]+)*(?![\w\]])")


def unmarked(text: str) -> str:
    return "".join(c for c in text if c not in INVISIBLE_MARKS)


def with_marks(text: str) -> str:
    """`text` with marks where scraped news has them (see the module docstring)."""
    text = _LATIN_OR_NUMBER.sub(lambda m: f"{LRM}{m.group()}{LRM}", text)
    text = text.replace("،", "،" + RLM).replace("(", ALM + "(")
    middle = text.index("\n", len(text) // 2)
    return text[:middle] + BOM + text[middle:]


@pytest.fixture
def seeds(seeds_dir) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture
def marked(tmp_path, seeds) -> dict[str, str]:
    """The seeds with marks, written to tmp_path/marked."""
    folder = tmp_path / "marked"
    folder.mkdir()
    texts = {}
    for name, text in seeds.items():
        texts[name] = with_marks(text)
        (folder / name).write_text(texts[name], encoding="utf-8")
    return texts


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


# ---------------------------------------------------------------------------- the rules


def test_the_seeds_hold_no_marks_of_their_own(seeds):
    assert all(count_marks(text) == {} for text in seeds.values())


def test_the_marks_and_what_is_not_one():
    assert {"\u200e", "\u200f", "\u061c", "\ufeff", "\u200b", "\u2066", "\u2069"} <= set(
        INVISIBLE_MARKS
    )
    # ZWNJ/ZWJ change how letters join (Persian, Urdu; emoji sequences); soft hyphen shows
    for not_mark in ("\u200c", "\u200d", "\u00ad", "a", " ", "\u064e"):
        assert not_mark not in INVISIBLE_MARKS
    assert set(INVISIBLE_MARKS) <= REMOVED  # search ignores every mark


def test_count_marks_and_summary():
    text = f"{RLM}قال{RLM}، {LRM}NATO{LRM} {BOM}ب{ALM} \u200cی\u200d"
    counts = count_marks(text)
    assert counts == {"U+061C": 1, "U+200E": 2, "U+200F": 2, "U+FEFF": 1}
    assert marks_summary(counts) == (
        "6 invisible marks (U+200E LRM ×2, U+200F RLM ×2, U+061C ALM ×1, U+FEFF BOM ×1)"
    )
    assert marks_summary({}) == "no invisible marks"
    assert count_marks("قال") == {}


def test_trim_marks():
    text = f"{RLM}{LRM}3.5{LRM} {RLM}{RLM}"
    assert trim_marks(text, 0, 6) == (2, 5)
    assert trim_marks(text, 6, 9) == (6, 7)  # a space is no mark
    assert trim_marks(text, 7, 9) is None
    assert trim_marks(text, 0, 2) is None


def test_strip_only_marks_keeps_every_other_character():
    text = f"{RLM}قال{RLM}\n\n\n[ad_1]\n{ALM}\n{LRM}3.5{LRM} مليار{BOM}\n"
    cleaned, removed, offsets = clean_text_mapped(text, lines=False, marks=True)
    assert cleaned == unmarked(text)
    assert removed == {"invisible_mark": 6}
    for position, char in enumerate(text):
        moved = offsets.offset(position)
        assert (moved is None) == (char in INVISIBLE_MARKS)
        if moved is not None:
            assert cleaned[moved] == char


def test_strip_marks_with_clean_one_map():
    text = f"[ad_1]\n{RLM}قال{RLM}\n{ALM}\n\n\nب{LRM}ج\n"
    cleaned, removed = clean_text(text, marks=True)
    assert cleaned == "قال\n\nبج\n"
    # a line of only marks is a line of invisible characters: cleaning removes it whole
    assert removed == {"placeholder": 1, "invisible_mark": 3, "whitespace_line": 1, "blank_line": 2}
    assert clean_text(text) == (f"{RLM}قال{RLM}\n\nب{LRM}ج\n", removed - Counter(invisible_mark=3))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["ب", "a", " ", "\n", "\xa0", "[ad_1]", "\u200c", *INVISIBLE_MARKS])),
    st.booleans(),
)
def test_clean_map_property(pieces, lines):
    text = "".join(pieces)
    cleaned, removed, offsets = clean_text_mapped(text, lines=lines, marks=True)
    assert not any(c in INVISIBLE_MARKS for c in cleaned)
    assert removed.get("invisible_mark", 0) <= sum(count_marks(text).values())
    if not lines:
        assert cleaned == unmarked(text)
    kept = [offsets.offset(i) for i in range(len(text))]
    positions = [i for i in kept if i is not None]
    assert positions == list(range(len(cleaned)))  # kept in order, nothing inserted
    assert all(cleaned[j] == text[i] for i, j in enumerate(kept) if j is not None)
    assert clean_text_mapped(text, lines=lines)[0] == clean_text(text, lines=lines)[0]


# ---------------------------------------------------------------------------- plain import


def test_plain_import_counts_and_keeps_marks_by_default(project, tmp_path, marked):
    report = import_documents(project, [tmp_path / "marked"])
    texts = {doc.name: doc.text for doc in project.iter_documents()}
    assert texts == marked  # byte for byte
    assert not report.marks_stripped and report.removed == {}
    for name, text in marked.items():
        [counts] = [c for path, c in report.marks.items() if path.endswith(name)]
        assert counts == count_marks(text)
        assert counts["U+FEFF"] == 1 and counts.get("U+200E", 0) % 2 == 0
    total = sum(report.marks_totals.values())
    assert total == sum(sum(count_marks(t).values()) for t in marked.values()) > 100
    assert report.to_json()["invisible_marks_totals"] == report.marks_totals


def test_plain_import_strip_marks(project, tmp_path, marked, seeds):
    report = import_documents(project, [tmp_path / "marked"], strip_marks=True)
    texts = {doc.name: doc.text for doc in project.iter_documents()}
    assert texts == seeds  # exactly the texts without the marks
    assert report.marks_stripped
    assert report.removed_totals == {"invisible_mark": sum(report.marks_totals.values())}


def test_plain_jsonl_import_strip_marks_with_clean(project, tmp_path, marked, seeds):
    path = tmp_path / "news.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n" for n, t in marked.items()
        ),
        encoding="utf-8",
    )
    report = import_documents(project, [path], clean=True, strip_marks=True)
    texts = {doc.name: doc.text for doc in project.iter_documents()}
    assert texts == {name: clean_text(text)[0] for name, text in seeds.items()}
    assert report.marks == {str(path): report.marks_totals}


# ---------------------------------------------------------------------------- annotated import


def spans_over(text: str) -> list[dict]:
    """Spans over every Latin word or number, the marks around it included, and over every
    word before an Arabic comma (the RLM after the comma is outside)."""
    found = [
        {"start": m.start(), "end": m.end(), "label": "LAT"}
        for m in re.finditer(f"{LRM}[^{LRM}]+{LRM}", text)
    ]
    found += [
        {"start": m.start(), "end": m.end(), "label": "W"} for m in re.finditer(r"\w+(?=،)", text)
    ]
    return found


def write_jsonl(path: Path, texts: dict[str, str], spans=spans_over) -> Path:
    rows = [{"name": name, "text": text, "spans": spans(text)} for name, text in texts.items()]
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return path


def stored_spans(project: Project, annotator: str) -> dict[str, list[str]]:
    found = {}
    for doc in project.iter_documents():
        annotations = project.annotations(doc.id, annotator)
        found[doc.name] = sorted(doc.text[a.start : a.end] for a in annotations)
    return found


def test_annotated_import_counts_and_keeps_marks(project, tmp_path, marked):
    path = write_jsonl(tmp_path / "ali.jsonl", marked)
    report = import_annotated(project, [path], "jsonl", annotator="ali")
    assert {doc.name: doc.text for doc in project.iter_documents()} == marked
    assert report.marks == {
        str(path): dict(sum((Counter(count_marks(t)) for t in marked.values()), Counter()))
    }
    assert f"{marks_summary(report.marks_totals)}: kept" in report.summary()
    expected = {
        n: sorted(t[s["start"] : s["end"]] for s in spans_over(t)) for n, t in marked.items()
    }
    assert stored_spans(project, "ali") == expected
    assert report.to_json()["marks_stripped"] is False


@pytest.mark.parametrize("workers", [0, 1])
def test_annotated_import_strip_marks_keeps_spans_on_their_characters(
    project, tmp_path, marked, seeds, workers
):
    path = write_jsonl(tmp_path / "ali.jsonl", marked)
    report = import_annotated(
        project, [path], "jsonl", annotator="ali", strip_marks=True, workers=workers
    )
    assert {doc.name: doc.text for doc in project.iter_documents()} == seeds
    expected = {
        name: sorted(unmarked(text[s["start"] : s["end"]]) for s in spans_over(text))
        for name, text in marked.items()
    }
    assert stored_spans(project, "ali") == expected
    assert sum(map(len, expected.values())) == report.spans_added > 50
    assert report.marks_totals == dict(
        sum((Counter(count_marks(t)) for t in marked.values()), Counter())
    )
    assert f"{marks_summary(report.marks_totals)}: removed" in report.summary()
    assert report.removed_totals == {"invisible_mark": sum(report.marks_totals.values())}


def test_a_span_of_only_marks_is_a_bad_document(project, tmp_path):
    text = f"قال {RLM} الوزير"
    rows = [
        {"id": "good", "text": "نص آخر", "spans": []},
        {"id": "bad", "text": text, "spans": [{"start": 4, "end": 5, "label": "X"}]},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    with pytest.raises(InputError) as caught:
        import_annotated(project, [path], "jsonl", annotator="ali", strip_marks=True)
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert "cleaning removes every character of it" in caught.value.message
    assert "--strip-marks" in caught.value.message
    assert project.document_ids() == []
    report = import_annotated(
        project, [path], "jsonl", annotator="ali", strip_marks=True, skip_bad=True
    )
    assert [(n.path, n.line) for n in report.rejected] == [(str(path), 2)]
    assert "cleaning removes every character of it" in report.rejected[0].message
    # kept, the same span imports
    report = import_annotated(project, [path], "jsonl", annotator="ali")
    assert report.spans_added == 1


def test_own_tokens_follow_the_marks(project, tmp_path):
    # CoNLL tokens: one of only an RLM (it goes), one with marks at its edges (they go)
    path = tmp_path / "a.conll"
    path.write_text(
        f"قال O\n{RLM} O\n{LRM}NATO{LRM} B-ORG\nاليوم O\n\nوأضاف O\n3.5 O\n",
        encoding="utf-8",
    )
    report = import_annotated(project, [path], "conll", annotator="ali", strip_marks=True)
    [doc_id] = project.document_ids()
    text = project.document_text(doc_id)
    assert text == "قال  NATO اليوم\nوأضاف 3.5"
    tokens = document_tokens(project.conn, [doc_id])[doc_id]
    words = [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    assert words == ["قال", "NATO", "اليوم", "وأضاف", "3.5"]
    assert tokens.sentence_starts == [0, 3]  # the sentences stay
    [span] = project.annotations(doc_id, "ali")
    assert (span.label, text[span.start : span.end]) == ("ORG", "NATO")
    assert report.marks_totals == {"U+200E": 2, "U+200F": 1}


# ---------------------------------------------------------------------------- command line


def test_cli_strip_marks(tmp_path, marked, seeds):
    project = tmp_path / "cli.sqlite"
    cli = [sys.executable, "-m", "annotator"]
    subprocess.run([*cli, "new", str(project)], check=True, capture_output=True)
    kept = subprocess.run(
        [*cli, "import", str(project), str(tmp_path / "marked")],
        capture_output=True,
        text=True,
        check=True,
    )
    total = sum(sum(count_marks(t).values()) for t in marked.values())
    assert f"{total:,} invisible marks (U+200" in kept.stdout and "U+200E LRM ×" in kept.stdout
    assert "kept (--strip-marks removes them)" in kept.stdout
    other = tmp_path / "other.sqlite"
    subprocess.run([*cli, "new", str(other)], check=True, capture_output=True)
    stripped = subprocess.run(
        [*cli, "import", str(other), str(tmp_path / "marked"), "--strip-marks", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(stripped.stdout)
    assert report["marks_stripped"] is True
    assert sum(report["invisible_marks_totals"].values()) == total
    with Project.open(other) as opened:
        assert {doc.name: doc.text for doc in opened.iter_documents()} == seeds
