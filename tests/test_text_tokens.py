"""Tokens: camel-tools' simple_word_tokenize with numbers joined, with exact code-point offsets.

Equality with ``simple_word_tokenize``, except that the pieces of a number (``3`` ``.`` ``99``)
are joined (``camel_tokens_joined``), is asserted on every text tested here: the seeds, generated
strings mixing Arabic, diacritics, tatweel, Latin, digits, number separators, emoji sequences,
NBSP, bidi controls and newlines, and every single code point. camel-tools drops no character
(format controls such as RLM/ZWJ are glued to the adjacent word, or form a token of their own
between symbols or spaces), so no other exception is needed.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.text import Token, snap, token_spans, tokenize, trim_whitespace
from annotator.text.tokens import camel_tokens_joined, token_range

camel_word = pytest.importorskip("camel_tools.tokenizers.word")
simple_word_tokenize = camel_word.simple_word_tokenize

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىة"
DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653))
ARABIC_INDIC = "".join(chr(c) for c in range(0x0660, 0x066A))
EASTERN_INDIC = "".join(chr(c) for c in range(0x06F0, 0x06FA))
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
PUNCT = "،؛؟«»“”.,:;!?()-\"'/…–٫٬"
EMOJI = [
    "😀",
    "👍🏽",  # skin tone
    "👨\u200d👩\u200d👧\u200d👦",  # ZWJ family
    "🏳️\u200d🌈",  # flag with VS16 and ZWJ
    "🇵🇸",  # regional indicators
    "🇦",  # lone regional indicator
    "#️⃣",  # keycap
    "5\ufe0f\u20e3",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # tag sequence
    "©\ufe0f",
    "❤",
    "\u200d",
    "\ufe0f",
]
PIECES = st.one_of(
    st.sampled_from(list(ARABIC_LETTERS)),
    st.sampled_from(list(DIACRITICS + "\u0640\u0670")),
    st.sampled_from(list("abcXYZ019")),
    st.sampled_from(list(ARABIC_INDIC + EASTERN_INDIC)),
    st.sampled_from(list(BIDI + "\u200c\u200d\ufeff")),
    st.sampled_from(list(PUNCT)),
    st.sampled_from(["3.5", "58,883", "٣٫٥", "١٬٢٠٠", "۱٫۲", "1.2.3", "2،3", "5️⃣.5", "5.5⃣"]),
    st.sampled_from(EMOJI),
    st.sampled_from([" ", "  ", "\n", "\xa0", "\t", "\u2009", "\r\n"]),
    st.characters(),
)
MIXED_TEXT = st.lists(PIECES, max_size=40).map("".join)


def assert_well_formed(text: str, tokens: list[Token]) -> None:
    position = 0
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert token.start < token.end
        assert text[position : token.start].isspace() or position == token.start
        position = token.end
    assert text[position:].strip() == ""


@settings(max_examples=400, deadline=None)
@given(MIXED_TEXT)
@example("3.5😀\u200d😀")  # camel-tools reads «5😀‍» as one piece, not a word: no number
def test_same_tokens_as_camel_tools_numbers_joined_with_offsets(text):
    tokens = tokenize(text)
    reference = camel_tokens_joined(text, simple_word_tokenize)
    assert [t.text for t in tokens] == reference
    assert "".join(reference) == "".join(text.split())  # camel-tools drops nothing
    assert_well_formed(text, tokens)
    assert token_spans(text) == [(t.start, t.end) for t in tokens]


def test_seeds_tokenize_like_camel_tools(seeds_dir):
    paths = sorted(seeds_dir.glob("*.txt"))
    assert len(paths) == 5
    for path in paths:
        text = path.read_text(encoding="utf-8")
        tokens = tokenize(text)
        assert [t.text for t in tokens] == camel_tokens_joined(text, simple_word_tokenize)
        assert_well_formed(text, tokens)


def test_every_code_point_tokenizes_like_camel_tools():
    # Each code point inside a word, doubled before a space and alone: all ways it can interact.
    astral = [*range(0x1F000, 0x1FB00), *range(0xE0000, 0xE0080), *range(0x10000, 0x110000, 97)]
    for code_points in (range(0x10000), astral):
        text = " ".join(f"a{chr(c)}b{chr(c)}{chr(c)}" for c in code_points)
        assert [t.text for t in tokenize(text)] == simple_word_tokenize(text)
        # and between digits, where a separator joins them
        text = " ".join(f"1{chr(c)}2{chr(c)}{chr(c)}3 ٤{chr(c)}٥" for c in code_points)
        assert [t.text for t in tokenize(text)] == camel_tokens_joined(text, simple_word_tokenize)


def test_regex_whitespace_is_str_split_whitespace():
    # The tokenizer's \s must be exactly what str.split() splits on.
    everything = [chr(c) for c in range(sys.maxunicode + 1)]
    assert [c for c in everything if re.match(r"\s", c)] == [c for c in everything if c.isspace()]


def test_arabic_punctuation_is_split_off():
    text = "قال،«نعم»؛ لماذا؟ “حقا”"
    assert [t.text for t in tokenize(text)] == [
        "قال",
        "،",
        "«",
        "نعم",
        "»",
        "؛",
        "لماذا",
        "؟",
        "“",
        "حقا",
        "”",
    ]


def test_offsets_are_code_points_after_an_emoji():
    text = "👨\u200d👩\u200d👧 قُتل 😀 ٣ جنود"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["👨\u200d👩\u200d👧", "قُتل", "😀", "٣", "جنود"]
    assert tokens[1] == Token(6, 10, "قُتل")  # UTF-16 would say 9
    assert tokens[-1].end == len(text)


def test_format_controls_are_kept_not_dropped():
    text = "\u200fقال\u200f، \u200f \u202bب\u202c"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["\u200fقال\u200f", "،", "\u200f", "\u202bب\u202c"]
    assert [t.text for t in tokens] == simple_word_tokenize(text)
    assert_well_formed(text, tokens)


def test_numbers_stay_whole():
    text = "3.99 و58,883 ٣٫٥ ١٬٢٠٠ ۱۲٫۵ 1.2.3 (3.5%)"
    assert [t.text for t in tokenize(text)] == [
        "3.99",
        "و58,883",  # the conjunction stays glued, as camel-tools glues it to the digits
        "٣٫٥",  # U+066B ARABIC DECIMAL SEPARATOR
        "١٬٢٠٠",  # U+066C ARABIC THOUSANDS SEPARATOR
        "۱۲٫۵",
        "1.2.3",
        "(",
        "3.5",
        "%",
        ")",
    ]
    assert [t.text for t in tokenize(text)] == camel_tokens_joined(text, simple_word_tokenize)
    assert simple_word_tokenize("3.99") == ["3", ".", "99"]  # what is joined


def test_separators_not_between_two_digits_split():
    text = "2،3 .5 5. 3.,5 3/5 a.5 5.a 3km.5 عام 2020.وقال 5️⃣.5 3.5️⃣"
    assert [t.text for t in tokenize(text)] == simple_word_tokenize(text)
    assert [t.text for t in tokenize("2،3")] == ["2", "،", "3"]  # the Arabic comma lists
    assert [t.text for t in tokenize("3.5️⃣")] == ["3", ".", "5️⃣"]  # a keycap emoji


def test_numbers_joined_in_words_that_need_the_slow_path():
    # an astral character or emoji sequence in the word sends it through the per-word loop
    text = "😀3.5 3.5👍🏽 ٣٫٥𐀀 1,000‍"
    expected = ["😀", "3.5", "3.5", "👍🏽", "٣٫٥\U00010000", "1,000\u200d"]
    assert [t.text for t in tokenize(text)] == expected
    assert camel_tokens_joined(text, simple_word_tokenize) == expected
    assert token_spans(text) == [(t.start, t.end) for t in tokenize(text)]


def test_empty_and_blank_text():
    assert tokenize("") == []
    assert tokenize(" \n\xa0\t") == []
    assert token_spans("") == []


TOKENS_TEXT = "قال «مقتل 11 شخصا»."
# tokens:     قال(0,3) «(4,5) مقتل(5,9) 11(10,12) شخصا(13,17) »(17,18) .(18,19)


def test_snap_expand_covers_every_touched_token():
    tokens = tokenize(TOKENS_TEXT)
    assert snap(tokens, 6, 11, "expand") == (5, 12)
    assert snap(tokens, 9, 10, "expand") is None  # only the space
    assert snap(tokens, 3, 5, "expand") == (4, 5)
    assert snap(tokens, 0, len(TOKENS_TEXT), "expand") == (0, 19)


def test_snap_contract_keeps_whole_tokens_inside():
    tokens = tokenize(TOKENS_TEXT)
    assert snap(tokens, 6, 17, "contract") == (10, 17)
    assert snap(tokens, 6, 8, "contract") is None
    assert snap(tokens, 4, 12, "contract") == (4, 12)


def test_snap_strict_needs_exact_boundaries():
    tokens = tokenize(TOKENS_TEXT)
    assert snap(tokens, 5, 12, "strict") == (5, 12)
    assert snap(tokens, 5, 11, "strict") is None
    assert snap(tokens, 4, 12, "strict") == (4, 12)
    assert snap(tokens, 3, 12, "strict") is None  # starts on a space


def test_snap_edge_cases():
    tokens = tokenize(TOKENS_TEXT)
    assert snap(tokens, 7, 7, "expand") is None
    assert snap([], 0, 3) is None
    assert token_range(tokens, 6, 11, "expand") == (2, 4)
    assert snap(token_spans(TOKENS_TEXT), 6, 11) == (5, 12)
    with pytest.raises(ValueError, match="snap mode"):
        snap(tokens, 0, 3, "loose")  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(MIXED_TEXT, st.integers(0, 60), st.integers(0, 60))
def test_snap_properties(text, a, b):
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    tokens = tokenize(text)
    expanded = snap(tokens, start, end, "expand")
    contracted = snap(tokens, start, end, "contract")
    strict = snap(tokens, start, end, "strict")
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    for found in (expanded, contracted, strict):
        if found is not None:
            assert found[0] in starts and found[1] in ends
    if contracted is not None:
        assert start <= contracted[0] < contracted[1] <= end
        assert expanded is not None and expanded[0] <= contracted[0] <= contracted[1] <= expanded[1]
    if expanded is not None:
        assert expanded[0] < end and expanded[1] > start
    else:
        assert text[start:end].strip() == "" or start >= end
    if strict is not None:
        assert strict == (start, end)


def test_trim_whitespace():
    text = "  قال \xa0\n"
    assert trim_whitespace(text, 0, len(text)) == (2, 5)
    assert trim_whitespace(text, 0, 2) == (2, 2)
    assert trim_whitespace("abc", 1, 2) == (1, 2)


def test_importing_the_package_does_not_import_camel_tools_or_build_tables():
    code = (
        "import sys, annotator.text, annotator.text.tokens as t\n"
        "assert not [m for m in sys.modules if m.startswith('camel_tools')]\n"
        "assert 'regex' not in sys.modules and 'emoji' not in sys.modules\n"
        "assert t._TABLES is None\n"
        "annotator.text.tokenize('قال 😀')\n"
        "assert not [m for m in sys.modules if m.startswith('camel_tools')]\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
