"""The text core's hand-rolled Arabic normalization against camel-tools' own (camel_tools.utils).

`annotator.text.normalize` keeps its one-table normalization (a single fused pass, 1:1 or
removal, so offsets map back): camel-tools' dediacritization and alef / alef maksura / teh
marbuta normalization are each a part of it. These tests prove that part identical, character
by character and on whole texts (hypothesis, the seed articles, the reference corpora), and pin
down exactly where ours does more (`CAMEL_PARITY` in the module's docstring).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.normalize import REMOVED, normalize, normalize_table

dediac = pytest.importorskip("camel_tools.utils.dediac")
camel_normalize = pytest.importorskip("camel_tools.utils.normalize")
charsets = pytest.importorskip("camel_tools.utils.charsets")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
REFERENCE = ROOT.parent / "shared" / "reference" / "arabic"
REFERENCE_FILES = sorted(REFERENCE.glob("*/*.txt")) if REFERENCE.is_dir() else []

# What camel-tools changes, each to what (dediac_ar removes AR_DIAC_CHARSET)
CAMEL_ALEFS = "\u0625\u0623\u0671\u0622"  # normalize_alef_ar: إ أ ٱ آ -> ا
CAMEL_DOMAIN = frozenset(charsets.AR_DIAC_CHARSET) | set(CAMEL_ALEFS) | {"\u0649", "\u0629"}


def camel(text: str) -> str:
    """camel-tools' dediacritization and alef, alef maksura, teh marbuta normalization."""
    text = dediac.dediac_ar(text)
    text = camel_normalize.normalize_alef_ar(text)
    text = camel_normalize.normalize_alef_maksura_ar(text)
    return camel_normalize.normalize_teh_marbuta_ar(text)


def shared_table() -> dict[int, str | None]:
    """Our normalization table restricted to the characters camel-tools' functions change."""
    return {cp: value for cp, value in normalize_table().items() if chr(cp) in CAMEL_DOMAIN}


ARABIC_PIECES = st.one_of(
    st.sampled_from(
        [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
    ),
    st.sampled_from(sorted(CAMEL_DOMAIN)),
    st.sampled_from([chr(c) for c in range(0x0600, 0x0700)]),  # the whole Arabic block
    st.sampled_from(list(" \n\t.،؛؟0123456789٠١٢٣abcXYZ\u0640\u200f\xa0")),
    st.characters(),
)
ARABIC_TEXT = st.lists(ARABIC_PIECES, max_size=60).map("".join)


def _corpus_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in [*SEEDS, *REFERENCE_FILES]]


def test_each_camel_function_is_a_part_of_our_table():
    table = normalize_table()
    for char in charsets.AR_DIAC_CHARSET:
        assert table[ord(char)] is None, hex(ord(char))  # dediac_ar removes it; so do we
        assert dediac.dediac_ar(char) == ""
    for char in CAMEL_ALEFS:
        assert table[ord(char)] == camel_normalize.normalize_alef_ar(char) == "\u0627"
    assert table[0x0649] == camel_normalize.normalize_alef_maksura_ar("\u0649") == "\u064a"
    assert table[0x0629] == camel_normalize.normalize_teh_marbuta_ar("\u0629") == "\u0647"


def test_every_code_point_camel_changes_we_change_alike_and_what_we_change_besides():
    """Over all of Unicode, one character at a time: wherever camel-tools changes a character
    ours gives the same; where ours differs, it is exactly one of the documented extras."""
    table = normalize_table()
    ours_only: dict[str, set[str]] = {"removed": set(), "lower": set(), "space": set()}
    ours_only |= {"digit": set(), "letter": set()}
    for cp in range(sys.maxunicode + 1):
        char = chr(cp)
        theirs = camel(char)
        if theirs != char:
            assert normalize(char) == theirs, hex(cp)
            continue
        ours = normalize(char)
        if ours == char:
            continue
        if ours == "":
            ours_only["removed"].add(char)
        elif ours == char.lower()[0]:
            ours_only["lower"].add(char)
        elif ours == " ":
            ours_only["space"].add(char)
        elif ours in "0123456789":
            ours_only["digit"].add(char)
        else:
            ours_only["letter"].add(char)
    # removed besides tashkeel: the other Arabic marks, tatweel, invisible format controls
    assert ours_only["removed"] == REMOVED - charsets.AR_DIAC_CHARSET
    assert "\u0640" in ours_only["removed"] and "\u0653" in ours_only["removed"]
    assert all(cp in table for cp in map(ord, ours_only["lower"] | ours_only["space"]))
    assert ours_only["digit"] == {chr(0x0660 + d) for d in range(10)} | {
        chr(0x06F0 + d) for d in range(10)
    }
    # the alef forms normalize_alef_ar leaves, Farsi yeh, keheh, Arabic decimal/thousands/percent
    assert ours_only["letter"] == set("\u0672\u0673\u0675\u06cc\u06a9\u066b\u066c\u066a")


@settings(max_examples=400, deadline=None)
@given(ARABIC_TEXT)
def test_the_shared_part_is_identical_on_any_text(text: str):
    assert text.translate(shared_table()) == camel(text)
    # ours does all camel-tools does: normalizing its output changes nothing more
    assert normalize(camel(text)) == normalize(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(sorted(CAMEL_DOMAIN) + list("ابتثجحخدذرزسشصضطظعغفقكلمنهويء .\n")),
        max_size=60,
    ).map("".join)
)
def test_identical_outright_on_text_made_of_camel_tools_domain(text: str):
    """Text of Arabic letters, tashkeel, the alef forms, ى and ة, spaces and full stops: both
    normalizations give the very same string."""
    assert normalize(text) == camel(text)


@pytest.mark.skipif(not SEEDS, reason="no seed articles in seeds/")
def test_the_shared_part_is_identical_on_the_corpora():
    texts = _corpus_texts()
    assert texts
    table = shared_table()
    for text in texts:
        assert text.translate(table) == camel(text)
        assert normalize(camel(text)) == normalize(text)


# ---------------------------------------------------------------- arclean (import's --arclean)


def _camel_arclean():
    from camel_tools.utils.charmap import CharMapper

    return CharMapper.builtin_mapper("arclean")


@settings(max_examples=400, deadline=None)
@given(ARABIC_TEXT)
def test_our_arclean_is_camel_tools_arclean(text: str):
    from annotator.formats.cleaning import arclean, clean_text

    assert arclean(text) == _camel_arclean()(text)
    assert clean_text(text, lines=False, arclean=True)[0] == _camel_arclean()(text)


def test_our_arclean_is_camel_tools_arclean_on_the_corpora():
    from annotator.formats.cleaning import arclean, clean_text

    mapper = _camel_arclean()
    for text in _corpus_texts():
        assert arclean(text) == mapper(text)
        assert clean_text(text, lines=False, arclean=True)[0] == mapper(text)
