"""TextOffsets: the normalized-to-text map of normalize_with_map, built from the removed runs."""

import pytest

from annotator.text import normalize_with_map
from annotator.text.normalize import original_span
from annotator.text.normalized_offsets import TextOffsets

TEXTS = [
    "",
    "قتل خمسة أشخاص",  # nothing removed
    "مدنيَّين اثنين",  # tashkeel inside a word
    "ـقتلـــى وجرحى ـ",  # tatweel at the edges and a run of them
    "\u200fأكثر من 60\u200e شخصاً\u064b",  # bidi controls, tanween at the very end
    "ab\u0640\u0640cd\u064e",
]


@pytest.mark.parametrize("text", TEXTS)
def test_reads_like_the_map_of_normalize_with_map(text: str) -> None:
    normalized, expected = normalize_with_map(text)
    offsets = TextOffsets(text, normalized)
    assert len(offsets) == len(normalized)
    assert [offsets[k] for k in range(len(normalized))] == expected
    for start in range(len(normalized)):
        for end in range(start + 1, len(normalized) + 1):
            assert original_span(text, offsets, start, end) == original_span(
                text, expected, start, end
            )


def test_the_end_is_the_end_of_the_text() -> None:
    for text in ("قتلى\u0640", "\u0640قتلى", "قت\u0640لى"):
        normalized, _ = normalize_with_map(text)
        assert TextOffsets(text, normalized)[len(normalized)] == len(text)


def test_offsets_of_gives_the_last_texts_again() -> None:
    from annotator.text.normalized_offsets import offsets_of

    first = "قُتل خمسة"
    normalized, expected = normalize_with_map(first)
    offsets = offsets_of(first, normalized)
    assert offsets_of("".join([first]), normalized) is offsets  # an equal text: the same map
    assert [offsets[k] for k in range(len(normalized))] == expected
    other = "جُرح ثلاثة"
    normalized, expected = normalize_with_map(other)
    assert [offsets_of(other, normalized)[k] for k in range(len(normalized))] == expected
    assert offsets_of(first, normalize_with_map(first)[0]) is not offsets  # made again
