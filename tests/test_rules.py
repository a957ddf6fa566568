"""The annotation rules (annotator.rules, no Qt): the count value, ids, statuses, span,
relation and attribute checks, autofill."""

from __future__ import annotations

import re
import uuid

import pytest

from annotator import rules
from annotator.agreement.data import parse_count as agreement_count
from annotator.errors import NotFoundError, SchemaError
from annotator.rules import (
    Count,
    LabelDef,
    RelationType,
    count_value,
    format_count,
    initial_attributes,
    relabelled_attributes,
    resized_attributes,
)
from annotator.store.labels import default_schema

UUID7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def schema_label(name: str) -> LabelDef:
    (spec,) = [label for label in default_schema()["labels"] if label["name"] == name]
    return LabelDef(spec["name"], spec["colour"], spec["hotkey"], spec["attributes"])


CASUALTY = schema_label("CASUALTY")

# ------------------------------------------------------------------------------- the count


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (12, 12),
        (0, 0),
        ("7", 7),
        (" 12 ", 12),
        ("١٢", 12),
        ("٣٬٠٠٠", 3000),
        ("3,000", 3000),
        ("10–15", [10, 15]),
        ("10 to 15", [10, 15]),
        ("10..15", [10, 15]),
        ("خمسة وعشرون", 25),
        ("ثلاثة آلاف", 3000),
        ("نصف مليون", 500_000),  # halves of the large numbers, typed in the count field
        ("مليون ونصف", 1_500_000),
        ("مليون و نصف", 1_500_000),  # a spaced «و»
        ("ثلاثة آلاف ونصف", 3500),
        ("مليون ونصف المليون", 1_500_000),
        ("ربع مليون", 250_000),  # quarters and thirds too (a third rounded)
        ("ثلث مليون", 333_333),
        ("ثلاثة أرباع مليون", 750_000),
        ("مليون وربع", 1_250_000),
        ("عشرات", [20, 99]),
        ([3, 5], [3, 5]),
        ((3, 5), [3, 5]),
        (["3", "5"], [3, 5]),
        ({"low": 10, "high": 20}, [10, 20]),
        ({"min": 1, "max": 2}, [1, 2]),
        ({"from": 1, "to": 2}, [1, 2]),
        (Count(4, 6), [4, 6]),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_a_count_is_read_from_any_form_into_one_stored_form(value, stored):
    assert count_value(value) == stored
    low, high = stored if isinstance(stored, list) else (stored, stored)
    expected = None if stored is None else (float(low), float(high))
    assert agreement_count(value) == expected  # agreement reads the same counts


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "is not a number"),
        ("12x", "is not a number"),
        ("abc 12", "is not a number"),
        ("خمسة abc", "is not a number"),
        ("مقتل خمسة", "is not a number"),  # a phrase with a number is not a count
        ("نصف", "is not a number"),  # a half alone is no count
        ("ربع", "is not a number"),  # nor a quarter, a third, three quarters
        ("ثلث", "is not a number"),
        ("ثلاثة أرباع", "is not a number"),
        ("4 جنود", "is not a number"),
        ("10,15", "is not a number"),
        ("1e3", "is not a number"),
        ("1.5", "is not a number"),
        ("كثير", "is not a number"),
        ("many", "is not a number"),
        ("-3", "cannot be negative"),
        (-1, "cannot be negative"),
        ("15-10", "low ≤ high"),
        ([5, 3], "low ≤ high"),
        ([1, 2, 3], "range"),
        ([1, None], "range"),
        ([1, "3-5"], "range"),
        ({"low": 10}, "range"),
        ({"size": 10}, "range"),
        (True, "integer"),
        (2.5, "integer"),
        (12.0, "integer"),
        (float("nan"), "integer"),
    ],
)
def test_what_is_not_a_count_is_refused_and_agreement_reads_no_count(value, message):
    with pytest.raises(SchemaError, match=message):
        Count.parse(value)
    assert agreement_count(value) is None


def test_the_copies_disagreed_here_and_the_rule_decides():
    """The store kept [4, 4] while the count field stored 4; agreement swapped a reversed
    range and took floats and negative numbers the store refused; the store refused ranges,
    dicts and number words as text that the count field and agreement took."""
    assert count_value([4, 4]) == 4 == count_value("4-4")
    assert agreement_count([5, 3]) is None and agreement_count(-3) is None
    assert agreement_count(12.5) is None
    assert count_value("10-15") == [10, 15] and count_value({"low": 1, "high": 2}) == [1, 2]
    assert count_value("عشرات") == [20, 99]


def test_a_count_is_written_as_a_person_writes_it():
    assert format_count(12) == "12" and str(Count(12, 12)) == "12"
    assert format_count([10, 15]) == "10–15" == str(Count(10, 15))
    assert format_count(None) == ""
    assert format_count("not a count") == "not a count"
    for text in ("٣٠٠٠", "10–15", "ثلاثة آلاف"):  # what is shown reads back the same
        assert count_value(format_count(count_value(text))) == count_value(text)


def test_a_reading_of_the_text_gives_a_count():
    from annotator.text import read_count

    assert Count.from_reading(read_count("مقتل أربعة جنود")) == Count(4, 4)
    assert Count.from_reading(read_count("عشرات القتلى")) == Count(20, 99)
    assert Count.from_reading(read_count("أكثر من 60 قتيلا")) == Count(60, 60)
    assert Count.from_reading(read_count("عدة قتلى")) is None  # 3 or more: no upper bound


def test_a_count_made_directly_is_checked_when_read():
    with pytest.raises(SchemaError, match="low ≤ high"):
        Count.parse(Count(5, 3))
    with pytest.raises(SchemaError, match="negative"):
        count_value(Count(-1, 2))


# ------------------------------------------------------------------------------------- ids


def test_ids_are_unique_version_7_uuids_of_one_format():
    """Ids made alone (the GUI, add_annotation/add_relation) have the format of an import's
    (tests/test_store_bulk.py checks those: the prefix and a counter of 12 hex digits)."""
    alone = [rules.new_id() for _ in range(5000)]
    assert len(set(alone)) == len(alone)
    for made in alone[:50]:
        assert UUID7.fullmatch(made) and uuid.UUID(made).version == 7
    prefix, start = rules.id_prefix()
    assert UUID7.fullmatch(f"{prefix}{start:012x}") and 0 <= start < 1 << 38


# -------------------------------------------------------------------------------- statuses


def test_statuses_in_order_and_checked():
    assert rules.STATUSES == ("new", "in progress", "done")
    assert set(rules.NOT_DONE) == set(rules.STATUSES) - {rules.DONE}
    for status in rules.STATUSES:
        assert rules.check_status(status) == status
    with pytest.raises(NotFoundError, match="unknown status 'finished'"):
        rules.check_status("finished")


def test_the_cli_status_option_takes_exactly_the_statuses():
    import argparse

    from annotator.commands.formats import _status

    assert [_status(s.replace(" ", "-")) for s in rules.STATUSES] == list(rules.STATUSES)
    with pytest.raises(argparse.ArgumentTypeError):
        _status("finished")


# ----------------------------------------------------------------- spans, relations, values


def test_span_check():
    text = "😀 نص قصير"
    assert rules.checked_span(text, 2, 4) == "نص"
    assert rules.checked_span(text, 2, 4, "نص") == "نص"
    for start, end, message in ((4, 4, "outside"), (0, 99, "outside"), (-1, 2, "outside")):
        with pytest.raises(SchemaError, match=message):
            rules.checked_span(text, start, end)
    with pytest.raises(SchemaError, match="integers"):
        rules.checked_span(text, 2.0, 4)  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match="does not match"):
        rules.checked_span(text, 2, 4, "قصير")


def test_one_span_rule_for_the_store_and_the_formats():
    """The store took True/False as offsets 1/0 where the formats refused them; both said
    "outside" and "out of range" for the same problem."""
    text = "😀 نص قصير"
    assert rules.span_problem(text, 2, 4) is None
    assert "integers" in rules.span_problem(text, True, 4)
    with pytest.raises(SchemaError, match="integers"):
        rules.checked_span(text, False, 1)
    problem = rules.span_problem(text, 0, 99)
    assert "outside the text" in problem and "out of range" in problem


def test_relation_check():
    source = RelationType("source", "CLAIM", "ACTOR")
    assert rules.relation_problem(source, "a", "b", "CLAIM", "ACTOR") is None
    assert "two different spans" in rules.relation_problem(source, "a", "a", "CLAIM", "CLAIM")
    assert "must start at a CLAIM" in rules.relation_problem(source, "a", "b", "ACTOR", "ACTOR")
    assert "must point to a ACTOR" in rules.relation_problem(source, "a", "b", "CLAIM", "CLAIM")
    assert rules.relation_problem(None, "a", "b", "X", "Y") is None  # a new type fits any ends
    assert "two different spans" in rules.relation_problem(None, "a", "a", "X", "X")


def test_attribute_validation_stores_a_count_in_its_one_form():
    clean = rules.validate_attributes(CASUALTY, {"count": "٣٬٠٠٠", "outcome": "killed", "x": 1})
    assert clean == {"count": 3000, "outcome": "killed", "x": 1}
    with pytest.raises(SchemaError, match=r"CASUALTY\.count: 'many' is not a number"):
        rules.validate_attributes(CASUALTY, {"count": "many"})
    with pytest.raises(SchemaError, match="must be one of"):
        rules.validate_attributes(CASUALTY, {"outcome": "dead"})
    integer = LabelDef("X", attributes=[{"name": "n", "type": "integer"}])
    with pytest.raises(SchemaError, match="must be an integer"):
        rules.validate_attributes(integer, {"n": True})
    with pytest.raises(SchemaError, match="must be an object"):
        rules.validate_attributes(integer, [])  # type: ignore[arg-type]


def test_a_typed_attribute_value_is_read_by_its_type():
    """The attribute editor and the schema editor's defaults read typed values with this one
    rule (the attribute editor had its own integer parser, the schema editor its own branches)."""
    assert rules.attribute_from_text("integer", " ١٢ ") == 12
    assert rules.attribute_from_text("count", "10–15") == [10, 15]
    assert rules.attribute_from_text("text", " a note ") == " a note "
    assert rules.attribute_from_text("choice", "b", ["a", "b"]) == "b"
    for kind in rules.ATTRIBUTE_TYPES:
        assert rules.attribute_from_text(kind, "   ") is None
    with pytest.raises(SchemaError, match="not a whole number"):
        rules.attribute_from_text("integer", "two")
    with pytest.raises(SchemaError, match="is not a number"):
        rules.attribute_from_text("count", "many")
    with pytest.raises(SchemaError, match="not one of a, b"):
        rules.attribute_from_text("choice", "c", ["a", "b"])


# -------------------------------------------------------------------------------- autofill

TEXT = "وأعلن الجيش مقتل أربعة جنود في الهجوم، وقال إن أكثر من 60 مدنيا أصيبوا."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_a_new_casualty_span_starts_with_what_its_text_says():
    assert initial_attributes(CASUALTY, TEXT, *at("مقتل أربعة جنود")) == {
        "count": 4,
        "qualifier": "exact",
        "outcome": "killed",
    }
    # the qualifier is read from the words before the span, the outcome after it
    assert initial_attributes(CASUALTY, TEXT, *at("60 مدنيا")) == {
        "count": 60,
        "qualifier": "at least",
        "outcome": "injured",
    }
    assert initial_attributes(CASUALTY, TEXT, *at("الهجوم")) == {
        "qualifier": "exact",
        "outcome": "unspecified",
    }  # the label's defaults only
    assert initial_attributes(schema_label("ACTOR"), TEXT, *at("الجيش")) == {}


def test_a_hand_marked_casualty_reads_its_outcome_as_find_counts_does():
    text = "قتل ثلاثة أشخاص وأصيب آخرون"  # «وأصيب» starts the next clause
    start = text.index("ثلاثة أشخاص")
    attributes = initial_attributes(CASUALTY, text, start, start + len("ثلاثة أشخاص"))
    assert attributes["outcome"] == "killed"


def test_autofill_leaves_out_values_the_label_does_not_allow():
    narrow = LabelDef(
        "CASUALTY",
        attributes=[
            {"name": "count", "type": "count"},
            {"name": "outcome", "type": "choice", "values": ["missing"]},
        ],
    )
    assert initial_attributes(narrow, TEXT, *at("مقتل أربعة جنود")) == {"count": 4}


def test_relabelling_keeps_the_values_the_new_label_defines():
    attributes = {"count": 9, "kind": "person"}
    assert relabelled_attributes(CASUALTY, TEXT, *at("مقتل أربعة جنود"), attributes) == {
        "count": 9,
        "qualifier": "exact",
        "outcome": "killed",
    }
    actor = schema_label("ACTOR")
    assert relabelled_attributes(actor, TEXT, *at("الجيش"), attributes) == {"kind": "person"}


def test_resizing_reads_again_only_what_autofill_read():
    before, after = at("مقتل أربعة جنود"), at("60 مدنيا")
    read = initial_attributes(CASUALTY, TEXT, *before)
    assert resized_attributes(CASUALTY, TEXT, before, after, {**read, "note": "x"}) == {
        "count": 60,
        "qualifier": "at least",
        "outcome": "injured",
        "note": "x",
    }
    edited = {**read, "count": 5}  # the annotator corrected the count: nothing is read again
    assert resized_attributes(CASUALTY, TEXT, before, after, edited) is None
    assert resized_attributes(schema_label("ACTOR"), TEXT, before, after, {}) is None


def test_the_names_code_uses_are_the_default_schemas():
    schema = default_schema()
    assert [label["name"] for label in schema["labels"]] == [
        rules.ACTOR,
        rules.CLAIM,
        rules.CASUALTY,
    ]
    assert {"name": rules.SOURCE, "head": rules.CLAIM, "tail": rules.ACTOR}.items() <= (
        schema["relations"][0].items()
    )
    assert {"name": "count", "type": "count"}.items() <= (
        CASUALTY.attribute(rules.COUNT_ATTRIBUTE).items()  # beside its description
    )
