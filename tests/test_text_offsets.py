"""`annotator.text.offsets`: code point <-> UTF-16 code unit positions, the one conversion the
GUI (Qt positions), WebAnno TSV and Label Studio (before 1.6) share."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.text.offsets import OffsetMap, utf16_length

ALPHABET = st.sampled_from(["a", "ب", " ", "😀", "🇸", "\U0001f468", "\u200d"])


def utf16_position(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def test_emoji_before_a_span():
    text = "😀 مقتل 11 شخصا"
    offsets = OffsetMap(text)
    start = text.index("11")
    assert offsets.to_utf16(start) == start + 1
    assert offsets.to_cp(offsets.to_utf16(start)) == start
    assert offsets.utf16_length == len(text.encode("utf-16-le")) // 2


def test_plain_text_maps_to_itself():
    offsets = OffsetMap("قالت الوزارة")
    assert offsets.is_identity
    assert offsets.to_utf16(5) == 5 and offsets.to_cp(5) == 5


@given(st.text(alphabet=st.sampled_from(["a", "ب", " ", "😀", "🇸", "\U0001f468", "\u200d"])))
def test_round_trip_matches_utf16_encoding(text):
    offsets = OffsetMap(text)
    for cp in range(len(text) + 1):
        u16 = offsets.to_utf16(cp)
        assert u16 == utf16_position(text, cp)
        assert offsets.to_cp(u16) == cp


def test_position_inside_a_surrogate_pair_maps_to_the_characters_end():
    offsets = OffsetMap("a😀b")
    assert offsets.to_cp(2) == 2  # between the two halves of the emoji


def decoded_range(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The reference: code point offsets of UTF-16 offsets by decoding, None when they are
    not positions of the text."""
    units = text.encode("utf-16-le")
    if not 0 <= start <= end <= len(units) // 2:
        return None
    try:
        before = len(units[: 2 * start].decode("utf-16-le"))
        inside = len(units[2 * start : 2 * end].decode("utf-16-le"))
    except UnicodeDecodeError:
        return None
    return before, before + inside


@given(st.text(alphabet=ALPHABET, max_size=12))
def test_exact_conversion_matches_decoding_and_refuses_halves_of_a_pair(text):
    offsets = OffsetMap(text)
    assert offsets.utf16_length == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    top = offsets.utf16_length
    for start in range(-1, top + 2):
        for end in range(start, top + 2):
            assert offsets.range_to_cp_exact(start, end) == decoded_range(text, start, end)


def test_exact_conversion_of_file_offsets():
    text = "😀 قال وزير الخارجية"
    offsets = OffsetMap(text)
    minister = text.index("وزير")
    assert offsets.range_to_cp_exact(minister + 1, len(text) + 1) == (minister, len(text))
    assert offsets.to_cp_exact(1) is None  # inside the emoji
    assert offsets.range_to_cp_exact(0, 999) is None  # past the end
    assert offsets.range_to_cp_exact(5, 4) is None
    plain = OffsetMap("قالت")
    assert plain.range_to_cp_exact(0, 4) == (0, 4) and plain.to_cp_exact(5) is None
