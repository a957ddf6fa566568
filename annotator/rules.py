"""The annotation rules, each in one place (no Qt, no SQL): statuses, the gold annotator, the
names code uses from the default schema (annotator/resources/labels.json), ids, the label schema
(labels, relation types) with its span, relation and attribute checks, the count value, and the
attribute values a new span starts with (autofill).

The store, its importers, adjudication, agreement, the CLI and the GUI call these; none keeps a
copy. A refused value raises `annotator.errors.SchemaError` (a ValueError) saying why.
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.errors import NotFoundError, SchemaError
from annotator.model import Tokenization

if TYPE_CHECKING:
    from annotator.text.numbers import CountReading

# ---------------------------------------------------------------------------------- statuses

NEW = "new"
IN_PROGRESS = "in progress"
DONE = "done"
STATUSES: tuple[str, ...] = (NEW, IN_PROGRESS, DONE)
"""A document's status for one annotator, in display order, which is also the order of progress
(a merge keeps the furthest along)."""
NOT_DONE: tuple[str, ...] = (NEW, IN_PROGRESS)


def furthest_along(*statuses: str) -> str:
    """The status furthest along of `statuses` (the one rule merges keep a status by)."""
    return max(statuses, key=STATUSES.index)


def check_status(status: str) -> str:
    """`status` if it is one of `STATUSES`, else NotFoundError."""
    if status not in STATUSES:
        raise NotFoundError(f"unknown status {status!r}; expected one of {STATUSES}")
    return status


# ------------------------------------------------------------------------ the gold standard

GOLD = "gold"
"""The annotator whose annotations are the adjudicated gold standard."""
ANNOTATOR_ROLE = "annotator"
GOLD_ROLE = "gold"
ROLES: tuple[str, ...] = (ANNOTATOR_ROLE, GOLD_ROLE)
LEAD = "lead"
"""A team server member's role beside ANNOTATOR_ROLE (docs/team.md): a lead reads every unit
and writes GOLD's besides their own."""


def role_for(name: str) -> str:
    """The role a new annotator of this name gets: the gold's for `GOLD` (annotations imported
    as "gold" are the gold standard's), else an annotator's."""
    return GOLD_ROLE if name == GOLD else ANNOTATOR_ROLE


# ------------------------------------------------------------ names in the default schema

ACTOR = "ACTOR"
CLAIM = "CLAIM"
CASUALTY = "CASUALTY"
SOURCE = "source"
"""The relation from a CLAIM to the ACTOR it is attributed to (one per claim in the workbench)."""
COUNT_ATTRIBUTE = "count"
"""The CASUALTY attribute holding a `Count`."""

# ------------------------------------------------------------------------------------- ids


def id_prefix() -> tuple[str, int]:
    """A fresh id prefix and a random 38-bit counter start: an id is the prefix and 12 hex digits.

    The ids are UUIDs in the version 7 layout (the time in milliseconds, then random bits), so
    new ids go to the end of the `uuid` indexes. A bulk import counts up from the start
    (`store.bulk`: consecutive ids, appended to the index); an id made alone (`new_id`) takes
    random final digits.
    """
    millis = time.time_ns() // 1_000_000
    random_bits = int.from_bytes(os.urandom(8), "big")
    rand_a, rand_b_high = random_bits >> 52, (random_bits >> 38) & 0x3FFF
    prefix = f"{millis >> 16:08x}-{millis & 0xFFFF:04x}-7{rand_a:03x}-{0x8000 | rand_b_high:04x}-"
    return prefix, random_bits & ((1 << 38) - 1)


def new_id() -> str:
    """A new annotation or relation id (a version 7 UUID in its 36-character text form)."""
    prefix, _ = id_prefix()
    return f"{prefix}{int.from_bytes(os.urandom(6), 'big'):012x}"


# -------------------------------------------------------------------------------- the schema


@dataclass
class LabelDef:
    """A span label: colour as #rrggbb, optional one-key hotkey, attribute definitions, and a
    description for the annotators (the guidelines' word on it; may be empty).

    An attribute definition is a dict: name, type ("choice", "count", "text", "integer"),
    values (for choice), an optional default and an optional description.
    """

    name: str
    colour: str = "#888888"
    hotkey: str | None = None
    attributes: list[dict[str, Any]] = field(default_factory=list)
    position: int = 0
    description: str = ""

    def attribute(self, name: str) -> dict[str, Any] | None:
        return next((a for a in self.attributes if a.get("name") == name), None)

    @property
    def has_count(self) -> bool:
        """Whether a span of this label has a count attribute (as CASUALTY)."""
        return any(a.get("type") == "count" for a in self.attributes)


LABEL_PUNCTUATION = "_-.:/+"
"""The characters besides letters, combining marks, digits and single inner spaces that a plain
label or relation type name holds (`label_oddity`)."""


def label_oddity(name: str) -> str | None:
    """Why the label or relation type `name` found in an imported file looks like a slip (a
    stray key, a broken conversion), or None when it is plain. Plain: letters, combining marks
    and digits of any script, the characters of `LABEL_PUNCTUATION`, and single spaces between
    them. Odd: leading or trailing whitespace, a run of spaces, and any other character: a
    control or format character (tab, bidi mark), other punctuation or a symbol (the backtick
    of ``MIS1` ``). Importing keeps the name as it is and warns."""
    if not name:
        return "is empty"
    if name != name.strip():
        return "has leading or trailing whitespace"
    if "  " in name:
        return "has a run of spaces"
    odd = dict.fromkeys(
        char
        for char in name
        if not (unicodedata.category(char)[0] in "LMN" or char in LABEL_PUNCTUATION or char == " ")
    )
    if not odd:
        return None
    shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in odd)
    return f"holds {shown}"


@dataclass
class RelationType:
    name: str
    head_label: str | None = None
    tail_label: str | None = None
    hotkey: str | None = None

    def fit_problem(self, head_label: str, tail_label: str) -> str | None:
        """Why a relation of this type cannot link a `head_label` span to a `tail_label` span,
        or None when it can: the one rule for the ends of a relation."""
        if self.head_label and head_label != self.head_label:
            return f"{self.name} must start at a {self.head_label} span, not {head_label}"
        if self.tail_label and tail_label != self.tail_label:
            return f"{self.name} must point to a {self.tail_label} span, not {tail_label}"
        return None


def relation_problem(
    kind: RelationType | None, head: str, tail: str, head_label: str, tail_label: str
) -> str | None:
    """Why a relation of type `kind` (None: a type the schema does not know yet, which fits any
    ends) cannot link span `head` to span `tail`, or None when it can."""
    if head == tail:
        return "a relation needs two different spans"
    return kind.fit_problem(head_label, tail_label) if kind is not None else None


def span_problem(text: str, start: object, end: object, snapshot: str | None = None) -> str | None:
    """Why `(start, end)` is not a span of `text`, or None when it is: the offsets are integers
    (code points, end-exclusive) with `0 <= start < end <= len(text)`, and `snapshot`, when
    given, is the text they cover."""
    if type(start) is not int or type(end) is not int:
        return f"span offsets must be integers, got {start!r}, {end!r}"
    if not 0 <= start < end <= len(text):
        return (
            f"span {start}-{end} is outside the text "
            f"(out of range: need 0 <= start < end <= {len(text)})"
        )
    if snapshot is not None and snapshot != text[start:end]:
        return f"span {start}-{end} text {snapshot!r} does not match {text[start:end]!r}"
    return None


def note_problem(text: str, needs_review: bool) -> str | None:
    """Why a note cannot be kept as it is (None: it can): it says nothing and flags nothing.
    The store's writes, the importers' readers and `annotator check` all apply it."""
    if not text.strip() and not needs_review:
        return "a note needs a text or the 'needs review' flag"
    return None


TAG_SCHEMES = ("IOB2", "IOB1", "BIOES", "BILOU")
"""The tag schemes of tokenized corpora, read and written (`formats._tags`)."""


def tokenization_problem(text: str, tokens: Tokenization) -> str | None:
    """What is wrong with `tokens` as the tokenization of `text`, or None: every token non-empty
    and inside the text, tokens sorted without overlap, sentence starts strictly increasing
    token indices beginning at 0 (none when there is no token)."""
    starts, ends, sentences = tokens.starts, tokens.ends, tokens.sentence_starts
    if tokens.scheme is not None and tokens.scheme not in TAG_SCHEMES:
        return f"unknown tag scheme {tokens.scheme!r}"
    if len(starts) != len(ends):
        return f"{len(starts)} token starts but {len(ends)} ends"
    previous = 0
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if not (type(start) is int and type(end) is int):
            return f"token {index + 1}: offsets must be integers"
        if not previous <= start < end <= len(text):
            if start < previous:
                return f"token {index + 1} ({start}-{end}) overlaps or precedes the one before"
            return f"token {index + 1} ({start}-{end}) is empty or outside the text"
        previous = end
    if not all(type(index) is int for index in sentences):
        return "sentence starts must be integers"
    if not starts:
        return "sentences without tokens" if sentences else None
    if not sentences or sentences[0] != 0:
        return "the first sentence must start at token 0"
    for before, after in zip(sentences, sentences[1:], strict=False):
        if not before < after < len(starts):
            return f"sentence start {after} is not after {before} and inside the tokens"
    return None


def checked_span(text: str, start: int, end: int, snapshot: str | None = None) -> str:
    """The piece of `text` a span covers; SchemaError saying why (`span_problem`) if none."""
    if problem := span_problem(text, start, end, snapshot):
        raise SchemaError(problem)
    return text[start:end]


ATTRIBUTE_TYPES: tuple[str, ...] = ("choice", "count", "integer", "text")
"""The types an attribute definition may have (`LabelDef.attributes`)."""


def attribute_from_text(kind: str | None, text: str, choices: Sequence[str] = ()) -> Any:
    """The value a person typed as `text` for an attribute of type `kind` (None when empty): a
    whole number for "integer", a count in its stored form (`count_value`), one of `choices`
    for "choice", else the text as typed; SchemaError saying why when it is not one."""
    if not text.strip():
        return None
    if kind == "count":
        return count_value(text)
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise SchemaError(f"{text.strip()!r} is not a whole number") from None
    if kind == "choice" and text not in choices:
        raise SchemaError(f"{text!r} is not one of {', '.join(choices)}")
    return text


def attribute_value(where: str, definition: dict[str, Any], value: Any) -> Any:
    """One attribute value checked against its definition (`where` names it in a refusal, as
    ``CASUALTY.count``): a choice one of the values, a count in its stored form
    (`count_value`), an integer a whole number; None passes (no value)."""
    kind = definition.get("type")
    if kind == "choice" and value is not None and value not in definition.get("values", []):
        raise SchemaError(f"{where} must be one of {definition.get('values')}, not {value!r}")
    if kind == "count":
        try:
            value = count_value(value)
        except SchemaError as err:
            raise SchemaError(f"{where}: {err}") from None
    if (
        kind == "integer"
        and value is not None
        and not (isinstance(value, int) and not isinstance(value, bool))
    ):
        raise SchemaError(f"{where} must be an integer, not {value!r}")
    return value


def validate_attributes(label: LabelDef, attributes: dict[str, Any]) -> dict[str, Any]:
    """Attribute values checked against the label's definitions (`attribute_value`); names the
    label does not define pass through unchanged."""
    if not isinstance(attributes, dict):
        raise SchemaError(f"attributes must be an object, not {type(attributes).__name__}")
    return {
        name: attribute_value(f"{label.name}.{name}", label.attribute(name) or {}, value)
        for name, value in attributes.items()
    }


def attribute_definition(
    name: str,
    kind: str,
    values: Sequence[str] = (),
    default: str = "",
    description: str = "",
    *,
    require_values: bool = True,
) -> dict[str, Any]:
    """An attribute definition (of a label or of documents) from what a person typed: the
    name, a type of `ATTRIBUTE_TYPES`, the choice values (distinct; at least one unless not
    `require_values`, as while a label's attribute is being edited), the default read as
    `attribute_from_text` reads it, the description; SchemaError when inconsistent."""
    name = name.strip()
    if not name:
        raise SchemaError("an attribute needs a name")
    if kind not in ATTRIBUTE_TYPES:
        raise SchemaError(f"attribute type must be one of {', '.join(ATTRIBUTE_TYPES)}")
    definition: dict[str, Any] = {"name": name, "type": kind}
    if kind == "choice":
        choices = [v.strip() for v in values if v.strip()]
        if not choices and require_values:
            raise SchemaError(f"{name}: a choice needs values")
        if len(set(choices)) != len(choices):
            raise SchemaError(f"{name}: choice values must be distinct")
        definition["values"] = choices
    if default.strip():
        try:
            definition["default"] = attribute_from_text(
                kind, default.strip(), definition.get("values", [])
            )
        except SchemaError as err:
            raise SchemaError(f"{name}: default {err}") from None
    if description.strip():
        definition["description"] = description.strip()
    return definition


# ------------------------------------------------------------------- document attributes


def doc_attribute_definition(definition: Any) -> dict[str, Any]:
    """A document attribute's definition (as a label's attribute definitions: name, type,
    values for a choice, optional default and description) checked; SchemaError saying why."""
    if not isinstance(definition, dict):
        raise SchemaError(f"a document attribute must be an object, not {definition!r}")
    name, kind = definition.get("name"), definition.get("type", "text")
    if not isinstance(name, str) or not name.strip():
        raise SchemaError("a document attribute needs a name")
    values = definition.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SchemaError(f"document attribute {name}: values must be a list of texts")
    description = definition.get("description", "")
    if not isinstance(description, str):
        raise SchemaError(f"document attribute {name}: the description must be a text")
    checked = attribute_definition(name, str(kind), values, "", description)
    if definition.get("default") is not None:
        checked["default"] = doc_label_value(checked, definition["default"])
    return checked


def doc_label_value(definition: dict[str, Any], value: Any) -> Any:
    """A document label's value checked against its attribute's definition (`attribute_value`;
    a text attribute holds a text); None for no value."""
    where = f"document attribute {definition.get('name')}"
    value = attribute_value(where, definition, value)
    if definition.get("type") in ("text", None) and value is not None:
        if not isinstance(value, str):
            raise SchemaError(f"{where} must be a text, not {value!r}")
        value = value if value.strip() else None
    return value


def doc_label_number(value: Any) -> float | None:
    """A number document label (integer, or count: a range's midpoint) as a number, for
    interval agreement; None for no value."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    count = Count.parse(value)
    return None if count is None else (count.low + count.high) / 2


class DocLabelVote(NamedTuple):
    """What voters agree on for one document label (`vote_doc_label`)."""

    value: Any  # the agreed value; None when there is none
    tie: bool  # no agreement because several values had the most votes, enough of them


def vote_doc_label(values: Iterable[Any], min_agree: int) -> DocLabelVote:
    """The value of a document label the voters agree on, from each voter's value (values
    compared as JSON): the one with the most votes, when it has at least `min_agree` and no
    other value has as many. A tie is no agreement: the gold standard's merge
    (`adjudication`) and the majority export (`exporting`) both decide this way."""
    tally = Counter(json.dumps(value, sort_keys=True) for value in values).most_common(2)
    if not tally or tally[0][1] < min_agree:
        return DocLabelVote(None, False)
    if len(tally) > 1 and tally[1][1] == tally[0][1]:
        return DocLabelVote(None, True)
    return DocLabelVote(json.loads(tally[0][0]), False)


# ---------------------------------------------------------------------------------- counts


class Count(NamedTuple):
    """A count of people (a CASUALTY's `count`): exactly `low` when `low == high`, else a range.

    Stored as an integer or `[low, high]` (`to_json`), written as `12` or `10–15` (`str`).
    """

    low: int
    high: int

    @classmethod
    def parse(cls, value: Any) -> Count | None:
        """The one reading of a count, from a stored value or from what a person typed; None
        for no count (None, empty text), SchemaError for anything that is not a count.

        A count is a non-negative integer, or a range `low <= high` given as `[low, high]`, a
        dict with `low`/`high` (or `min`/`max`, `from`/`to`), or text `10-15`, `10–15`, `10..15`,
        `10 to 15`. Text may use Arabic-Indic digits and thousands separators (`3,000`,
        `٣٬٠٠٠`), or be made only of number words as `annotator.text.read_count` reads them
        (`خمسة وعشرون` 25, `ثلاثة آلاف` 3000, `عشرات` 20–99); a phrase that merely contains
        a number (`مقتل خمسة`, `4 جنود`) is not a count. Floats, booleans and negative numbers
        are refused.
        """
        kind = type(value)  # the stored forms first, read fast (agreement reads millions)
        if kind is int and value >= 0:
            return _new_count(cls, (value, value))
        if kind is list and len(value) == 2:
            low, high = value
            if type(low) is int and type(high) is int and 0 <= low <= high:
                return _new_count(cls, (low, high))
        if value is None:
            return None
        if isinstance(value, str):
            return _count_in_text(value)
        if isinstance(value, int) and not isinstance(value, bool):
            raise SchemaError(f"a count cannot be negative: {value}")
        bounds: Any = None
        if isinstance(value, list | tuple) and len(value) == 2:
            bounds = value
        elif isinstance(value, dict):
            for low_key, high_key in (("low", "high"), ("min", "max"), ("from", "to")):
                if low_key in value or high_key in value:
                    bounds = (value.get(low_key), value.get(high_key))
                    break
        if bounds is None:
            raise SchemaError(
                f"a count must be a non-negative integer or a [low, high] range, not {value!r}"
            )
        low, high = (cls.parse(bound) for bound in bounds)
        if low is None or high is None or not low.exact or not high.exact:
            raise SchemaError(f"a count range needs two whole numbers, not {value!r}")
        if high.low < low.low:
            raise SchemaError(f"a count range needs low ≤ high, not {value!r}")
        return cls(low.low, high.low)

    @classmethod
    def from_reading(cls, reading: CountReading) -> Count | None:
        """The count a `read_count` reading states: its value, or its range when both bounds
        are known (a reading with one bound only, as «أكثر من» without a number, is none)."""
        if reading.value is not None:
            return cls(reading.value, reading.value)
        if reading.low is not None and reading.high is not None:
            return cls(reading.low, reading.high)
        return None

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def to_json(self) -> int | list[int]:
        """The stored form: the integer, or `[low, high]`."""
        return self.low if self.low == self.high else [self.low, self.high]

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


_new_count = tuple.__new__  # a Count without the checks of its generated __new__


def count_value(value: Any) -> int | list[int] | None:
    """The stored form of a count given in any form `Count.parse` reads; SchemaError if none."""
    count = Count.parse(value)
    return None if count is None else count.to_json()


def format_count(value: Any) -> str:
    """A stored count as a person writes it (`12`, `10–15`, empty for none); a value that is
    not a count is shown as it is."""
    try:
        count = Count.parse(value)
    except SchemaError:
        return str(value)
    return "" if count is None else str(count)


_THOUSANDS = re.compile(r"(?<=\d)[,٬،](?=\d{3}(?!\d))")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_RANGE_DASHES = ("–", "—", "-", "..", " to ")


def _count_in_text(text: str) -> Count | None:
    cleaned = _THOUSANDS.sub("", text.strip().translate(_DIGITS))
    if not cleaned:
        return None
    if not any(char.isdigit() for char in cleaned):
        return _count_in_words(text)
    if cleaned.startswith("-") and cleaned[1:].strip().isdigit():
        raise SchemaError(f"{text.strip()!r}: a count cannot be negative")
    for dash in _RANGE_DASHES:
        if dash in cleaned:
            low, _, high = cleaned.partition(dash)
            low_n, high_n = _whole_number(low, text), _whole_number(high, text)
            if high_n < low_n:
                raise SchemaError(f"{text.strip()!r}: a count range needs low ≤ high")
            return Count(low_n, high_n)
    number = _whole_number(cleaned, text)
    return Count(number, number)


def _whole_number(digits: str, text: str) -> int:
    digits = digits.strip()
    if not digits.isascii() or not digits.isdigit():
        raise SchemaError(f"{text.strip()!r} is not a number")
    return int(digits)


def _count_in_words(text: str) -> Count:
    """The count that number words state, when every word is one (`read_count` alone also
    reads a count from a phrase such as «مقتل خمسة», which a count must refuse)."""
    from annotator.text import read_count
    from annotator.text.numbers import is_fraction_word

    reading = read_count(text)
    if reading is None or any(
        read_count(word) is None and not is_fraction_word(word) and word != "و"
        for word in text.split()
    ):
        raise SchemaError(f"{text.strip()!r} is not a number")
    count = Count.from_reading(reading)
    if count is None:
        raise SchemaError(f"{text.strip()!r} is not a number")
    return count


# -------------------------------------------------------------------------------- autofill

CONTEXT_CHARS = 60
"""How far around a span `read_casualty` looks for a qualifier or an outcome."""


def initial_attributes(label: LabelDef, text: str, start: int, end: int) -> dict[str, Any]:
    """The attributes a new `label` span of `text[start:end]` starts with: the label's
    defaults, overridden by what the span's text says (`read_casualty`)."""
    attributes = {a["name"]: a["default"] for a in label.attributes if "default" in a}
    if label.has_count:
        attributes.update(read_casualty(label, text, start, end))
    return attributes


def read_casualty(label: LabelDef, text: str, start: int, end: int) -> dict[str, Any]:
    """Count, qualifier and outcome of a casualty span, as far as `annotator.text.read_count`
    can tell from the span and its context; values the label does not allow are left out."""
    from annotator.text import read_count

    context = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
    reading = read_count(text[start:end], context)
    if reading is None:
        return {}
    found: dict[str, Any] = {}
    count = Count.from_reading(reading)
    for definition in label.attributes:
        name, kind = str(definition.get("name")), definition.get("type")
        if kind == "count" and count is not None:
            found[name] = count.to_json()
        elif kind == "choice" and name in ("qualifier", "outcome"):
            value = getattr(reading, name, None)
            if value is not None and value in definition.get("values", []):
                found[name] = value
    return found


def relabelled_attributes(
    label: LabelDef, text: str, start: int, end: int, attributes: dict[str, Any]
) -> dict[str, Any]:
    """The attributes of a span given the label `label`: what a new span would start with,
    and the span's own values of the attributes `label` defines."""
    known = {a.get("name") for a in label.attributes}
    relabelled = initial_attributes(label, text, start, end)
    relabelled.update({k: v for k, v in attributes.items() if k in known})
    return relabelled


def resized_attributes(
    label: LabelDef,
    text: str,
    before: tuple[int, int],
    after: tuple[int, int],
    attributes: dict[str, Any],
) -> dict[str, Any] | None:
    """The attributes of a span of `label` moved from `before` to `after` (start, end): the
    values autofill read from the old text are read again from the new one, unless the
    annotator changed one of them (then, or when the label has no count, None: keep them)."""
    if not label.has_count:
        return None
    old_auto = read_casualty(label, text, *before)
    if any(attributes.get(k) != v for k, v in old_auto.items()):
        return None
    resized = {k: v for k, v in attributes.items() if k not in old_auto}
    resized.update(read_casualty(label, text, *after))
    return resized


# -------------------------------------------------------------------------------- suggestions


def suggestion_key(span_text: str) -> str:
    """What a rejection remembers of a suggested span's text: its normalized form (the
    project's search normalization: `annotator.text.normalize`), whitespace runs as one space.
    A suggestion of a label and key its annotator rejected is never proposed to them again."""
    from annotator.text.terms import term_key

    return term_key(span_text)


def suggestion_held(
    document_id: int, label: str, start: int, end: int, held: Container[tuple[int, str, int, int]]
) -> bool:
    """Whether a suggestion is hidden because its annotator holds it already: `held` has the
    (document id, label, start, end) of their spans, and only the same label over the same
    offsets hides it (not another label, nor an overlapping span). The other half of what an
    annotator is not shown: a label and key they rejected (`suggestion_key`)."""
    return (document_id, label, start, end) in held


def check_score(score: float) -> float:
    """A suggestion's score, which lies in (0, 1]; anything else is a SchemaError."""
    value = float(score)
    if not 0.0 < value <= 1.0:
        raise SchemaError(f"a suggestion's score must lie in (0, 1], not {score!r}")
    return value
