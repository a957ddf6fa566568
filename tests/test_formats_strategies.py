"""Hypothesis strategies shared by the format tests, and checks that they cover what matters."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from annotator.model import DocRecord, NoteRecord, RelationRecord, SpanRecord
from annotator.rules import note_problem

# Pieces of messy Arabic news text: clitics glued to words, punctuation, emoji (with
# modifiers and ZWJ sequences), tatweel, bidi marks, digits, several kinds of whitespace.
PIECES = [
    "قالت",
    "وزارة",
    "الدفاع",
    "وأذربيجان",
    "أرمينيا",
    "ناجورنو",
    "كاراباخ",
    "بالـ",
    "عشرات",
    "Google",
    "U.N.",
    "٣٥",
    "2023",
    "3.5",
    "،",
    "؛",
    ".",
    "؟",
    "!",
    "«",
    "»",
    "(",
    ")",
    "😀",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "\u200f",
    "\u200c",
    "ـ",
    "#وسم",
]
SPACES = [" ", " ", " ", "\n", "  ", "\n\n", "\t", "\u00a0"]
LABELS = ["ACTOR", "CLAIM", "CASUALTY"]


@st.composite
def texts(draw: st.DrawFn, max_pieces: int = 25) -> str:
    pieces = draw(st.lists(st.sampled_from(PIECES), max_size=max_pieces))
    out = []
    for piece in pieces:
        out.append(piece)
        glue = draw(st.sampled_from(["", *SPACES]))  # "" glues pieces into one word
        out.append(glue)
    return "".join(out)


@st.composite
def spans_of(draw: st.DrawFn, text: str, max_spans: int = 8) -> list[SpanRecord]:
    if not text:
        return []
    spans = []
    n = draw(st.integers(0, max_spans))
    for index in range(n):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(
            SpanRecord(
                start=start,
                end=end,
                label=draw(st.sampled_from(LABELS)),
                id=f"s{index}",
                text=text[start:end],
            )
        )
    return spans


ATTRIBUTE_VALUES = st.one_of(
    st.just(True),
    st.integers(0, 10**6),
    st.sampled_from(["person", "state", "militia", "killed", "injured"]),
    st.lists(st.sampled_from(["person", "state", "militia"]), min_size=2, max_size=3),
)


NOTES = st.builds(
    NoteRecord,
    st.sampled_from(["check this", "مصدر غير مؤكد", ""]),
    st.sampled_from([None, "amal"]),
    st.sampled_from([None, "2026-12-03T21:00:00.000+00:00"]),
    st.booleans(),
).filter(lambda note: note_problem(note.text, note.needs_review) is None)  # as stored


@st.composite
def docs(
    draw: st.DrawFn,
    *,
    attributes: bool = False,
    relations: bool = False,
    annotators: bool = False,
    notes: bool = False,
) -> DocRecord:
    text = draw(texts())
    spans = draw(spans_of(text))
    for span in spans:
        if attributes:
            keys = draw(
                st.lists(
                    st.sampled_from(["kind", "count", "roles", "negated"]), unique=True, max_size=3
                )
            )
            span.attributes = {key: draw(ATTRIBUTE_VALUES) for key in keys}
        if notes and draw(st.booleans()):
            span.notes = draw(st.lists(NOTES, min_size=1, max_size=2))
        if annotators:
            span.annotator = draw(st.sampled_from([None, "amal", "omar"]))
    rels = []
    if relations and spans:
        ids = [span.id for span in spans]
        for index in range(draw(st.integers(0, 4))):
            rels.append(
                RelationRecord(
                    head=draw(st.sampled_from(ids)),
                    tail=draw(st.sampled_from(ids)),
                    label=draw(st.sampled_from(["source", "about"])),
                    id=f"r{index}",
                    annotator=draw(st.sampled_from([None, "amal"])) if annotators else None,
                )
            )
    name = draw(st.sampled_from(["", "article 1.txt", "خبر"]))
    doc_id = draw(st.sampled_from([None, "7", "doc-x"]))
    doc_notes = draw(st.lists(NOTES, max_size=2)) if notes else []
    return DocRecord(text=text, name=name, id=doc_id, spans=spans, relations=rels, notes=doc_notes)


def non_space_index(text: str) -> list[int]:
    """``result[i]``: how many non-whitespace characters precede offset ``i``."""
    out = [0]
    for char in text:
        out.append(out[-1] + (not char.isspace()))
    return out


# ------------------------------------------------------------------ the strategies themselves


@settings(max_examples=200)
@given(texts())
def test_texts_only_use_the_pieces(text):
    assert all(char.isspace() or any(char in piece for piece in PIECES) for char in text)


@pytest.mark.parametrize(
    "wanted",
    [
        lambda text: "😀" in text or "👍🏽" in text,
        lambda text: "\n" in text,
        lambda text: any(a + b in text for a in PIECES[:9] for b in ("،", ".", "😀")),
        lambda text: "👨\u200d👩\u200d👧" in text,
    ],
    ids=["emoji", "newline", "glued punctuation", "zwj sequence"],
)
def test_texts_reach_the_hard_cases(wanted):
    find(texts(), wanted, settings=settings(max_examples=5000, database=None))


def test_non_space_index():
    assert non_space_index("a b\nc") == [0, 1, 1, 2, 2, 3]
