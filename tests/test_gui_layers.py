"""Pure parts of the GUI: code point <-> UTF-16 offsets and the rows of span layers."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from annotator.gui.highlights import SpanItem, SpanLayers
from annotator.gui.offsets import OffsetMap


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


def overlapping(a: SpanItem, b: SpanItem) -> bool:
    return a.start < b.end and b.start < a.end


def check_rows(layers: SpanLayers) -> None:
    items = layers.items()
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if overlapping(a, b):
                assert a.row != b.row, (a, b)


def check_leaves(layers: SpanLayers) -> None:
    items = layers.items()
    for a in items:
        contains = any(
            b is not a
            and a.start <= b.start
            and b.end <= a.end
            and (a.start, a.end) != (b.start, b.end)
            for b in items
        )
        assert a.leaf == (not contains), a


def test_nested_spans_get_distinct_rows_shortest_nearest_the_text():
    layers = SpanLayers()
    claim = SpanItem("claim", 0, 50, "CLAIM")
    actor = SpanItem("actor", 5, 20, "ACTOR")
    casualty = SpanItem("casualty", 25, 40, "CASUALTY")
    layers.reset([claim, actor, casualty])
    assert (actor.row, casualty.row) == (0, 0)  # they do not overlap: same row
    assert claim.row == 1
    assert not claim.leaf and actor.leaf and casualty.leaf
    assert [i.uuid for i in layers.at(10)] == ["actor", "claim"]


def test_random_adds_and_removes_keep_rows_and_leaves_consistent():
    rng = random.Random(5)
    layers = SpanLayers()
    live = {}
    for step in range(600):
        if live and rng.random() < 0.35:
            uuid = rng.choice(sorted(live))
            del live[uuid]
            removed, _changed = layers.remove(uuid)
            assert removed is not None
        else:
            start = rng.randrange(0, 300)
            item = SpanItem(f"s{step}", start, start + rng.randint(1, 40), "ACTOR")
            rows_before = {i.uuid: i.row for i in layers.items()}
            layers.add(item)
            live[item.uuid] = item
            assert all(layers.get(u).row == r for u, r in rows_before.items())  # rows never move
        check_rows(layers)
        check_leaves(layers)
        found = {i.uuid for i in layers.overlapping(100, 120)}
        assert found == {u for u, i in live.items() if i.start < 120 and i.end > 100}
