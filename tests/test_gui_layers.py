"""Pure parts of the GUI: the rows of span layers (offsets: tests/test_text_offsets.py)."""

from __future__ import annotations

import random

from annotator.gui.highlights import SpanItem, SpanLayers


def overlapping(a: SpanItem, b: SpanItem) -> bool:
    return a.start < b.end and b.start < a.end


def check_rows(layers: SpanLayers) -> None:
    items = layers.items()
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if overlapping(a, b):
                assert a.row != b.row, (a, b)


def check_nesting(layers: SpanLayers) -> None:
    """Outer spans get outer bars: a span containing another has a higher row."""
    items = layers.items()
    for a in items:
        for b in items:
            if (a.start, a.end) != (b.start, b.end) and a.start <= b.start and b.end <= a.end:
                assert a.row > b.row, (a, b)


def linked(layers: SpanLayers, item: SpanItem) -> set[str]:
    """The spans linked to `item` through overlaps."""
    group, todo = {item.uuid}, [item]
    while todo:
        for other in layers.overlapping(todo[0].start, todo.pop(0).end):
            if other.uuid not in group:
                group.add(other.uuid)
                todo.append(other)
    return group


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


def test_a_span_added_inside_another_puts_the_outer_bar_outside():
    layers = SpanLayers()
    claim = SpanItem("claim", 0, 50, "CLAIM")
    far = SpanItem("far", 100, 120, "ACTOR")
    layers.reset([claim, far])
    assert claim.row == far.row == 0
    actor = SpanItem("actor", 5, 20, "ACTOR")
    changed = layers.add(actor)
    assert (actor.row, claim.row) == (0, 1)  # the outer span's bar moved out
    assert changed == {"actor", "claim"}
    assert far.row == 0  # not overlapping: untouched
    inner = SpanItem("inner", 6, 9, "CASUALTY")
    layers.add(inner)
    assert (inner.row, actor.row, claim.row) == (0, 1, 2)
    check_nesting(layers)


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
            moved = {u for u, r in rows_before.items() if layers.get(u).row != r}
            assert moved <= linked(layers, item)  # only rows overlapping the new span move
        check_rows(layers)
        check_nesting(layers)
        check_leaves(layers)
        found = {i.uuid for i in layers.overlapping(100, 120)}
        assert found == {u for u, i in live.items() if i.start < 120 and i.end > 100}
