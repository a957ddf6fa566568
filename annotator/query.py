"""The query language over annotations (no Qt, no SQL): `annotator find` and the app's
Find annotations bar read it, the store runs it (`Project.find_annotations`).

A query is conditions separated by spaces, all of which an annotation must meet::

    label=CASUALTY outcome=injured count>=10 annotator=mona status=done text~الحكومة doc=article_3

Each condition is ``KEY OP VALUE``. A value with spaces is quoted (``text~"وزارة الدفاع"``,
``status="in progress"``); ``a,b`` after ``=`` or ``!=`` means either (``label=ACTOR,CLAIM``).
A quoted comma (or ``\\,``) is part of the value (``text="قتل 1,200 شخص"``,
``doc="report, part 1"``); the Arabic comma «،» is always part of the value.

* ``label``, ``annotator``: ``=`` / ``!=`` a name (labels and annotators must exist).
* ``status``: the annotator's status of the annotation's document (``new``, ``in progress``
  (also ``in_progress``, ``in-progress``), ``done``); ``=`` / ``!=``.
* ``doc`` (or ``document``): ``=`` / ``!=`` a document's name or id; ``~`` a part of its name.
* ``text``: the span's text under the search normalization (`annotator.text.normalize`:
  hamza and alef forms, tashkeel, tatweel, digits, case): ``=`` the whole text, ``~`` a part of
  it, ``!=`` / ``!~`` their negations.
* any other key is an attribute of the label schema. ``=`` / ``!=`` a value (``outcome=injured``;
  for a text attribute under the search normalization, and ``~`` / ``!~`` a part of it); for a
  count or integer attribute also ``<``, ``<=``, ``>``, ``>=`` a number and ``=`` a range
  ``10..20`` (``10-20``, ``10–20``). A stored range (``10–15``; «عشرات» is 20–99) meets a
  condition only when all of it does: ``count>=10`` holds for 20–99, not for 5–15;
  ``count=10..20`` holds for 12 and 10–15, not for 15–25. An empty value means "not set"
  (``count=``), ``!=`` with an empty value "set". An attribute condition only holds for
  annotations whose label defines the attribute, or that carry it.

`parse_query` reads the text (a `UsageError` naming the bad condition); given the label schema
and the annotators, it also checks keys, labels, choices and numbers. `Query.matches` is the
whole definition; the store narrows on label, annotator, status and document in SQL first
(`Query.sql_conditions`), then calls it on each row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from annotator.errors import NotFoundError, SchemaError, UsageError
from annotator.rules import STATUSES, Count, LabelDef, check_status
from annotator.text.terms import term_key

__all__ = [
    "FIELDS",
    "SQL_FIELDS",
    "Condition",
    "Query",
    "QueryRow",
    "parse_query",
]

LABEL, ANNOTATOR, STATUS, DOC, TEXT = "label", "annotator", "status", "doc", "text"
FIELDS: tuple[str, ...] = (LABEL, ANNOTATOR, STATUS, DOC, TEXT)
"""The keys that are not attributes (``document`` is read as ``doc``)."""
SQL_FIELDS = frozenset({LABEL, ANNOTATOR, STATUS, DOC})
"""The keys the store narrows on in SQL before `Query.matches`."""
_ALIASES = {"document": DOC}

_EQUAL, _NOT, _LIKE, _UNLIKE = "=", "!=", "~", "!~"
_ORDER = ("<", "<=", ">", ">=")
_CONDITION = re.compile(r"^([^\s=!<>~]+)(<=|>=|!=|!~|=|<|>|~)(.*)$", re.DOTALL)
_INTEGER_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:\.\.|–|—|-|\s+to\s+)\s*(-?\d+)\s*$")
_NUMBER_TYPES = ("count", "integer")


class QueryRow(Protocol):
    """What a condition looks at in a found annotation (`store.annotation_search.Found`)."""

    @property
    def document_id(self) -> int: ...
    @property
    def document(self) -> str: ...
    @property
    def annotator(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def attributes(self) -> Mapping[str, Any]: ...
    @property
    def status(self) -> str: ...


class _Bounds(NamedTuple):
    low: int
    high: int


@dataclass(frozen=True)
class Condition:
    """One ``KEY OP VALUE`` of a query. `values`: the value, or its alternatives (``a,b``);
    `token`: the condition as written, for messages."""

    key: str
    op: str
    values: tuple[str, ...]
    token: str
    kind: str | None = None  # an attribute's type, once checked against the schema
    labels: frozenset[str] = frozenset()  # the labels defining the attribute (checked)
    _keys: tuple[str, ...] = field(default=(), repr=False)  # normalized texts (text, ~)
    _bounds: tuple[_Bounds | None, ...] = field(default=(), repr=False)  # numbers, ranges

    @property
    def is_attribute(self) -> bool:
        return self.key not in FIELDS

    def matches(self, row: QueryRow) -> bool:
        key, op = self.key, self.op
        if key == LABEL:
            return (row.label in self.values) == (op == _EQUAL)
        if key == ANNOTATOR:
            return (row.annotator in self.values) == (op == _EQUAL)
        if key == STATUS:
            return (row.status in self.values) == (op == _EQUAL)
        if key == DOC:
            if op in (_LIKE, _UNLIKE):
                return (self.values[0] in row.document) == (op == _LIKE)
            found = any(
                row.document == value or str(row.document_id) == value for value in self.values
            )
            return found == (op == _EQUAL)
        if key == TEXT:
            return self._text_matches(row.text)
        attributes = row.attributes
        if key not in attributes and row.label not in self.labels:
            return False  # not an attribute of this annotation
        return self._value_matches(attributes.get(key))

    def _text_matches(self, text: str) -> bool:
        normalized = _key(text)
        keys = self._keys or tuple(term_key(value) for value in self.values)
        if self.op in (_LIKE, _UNLIKE):
            return (keys[0] in normalized) == (self.op == _LIKE)
        return (normalized in keys) == (self.op == _EQUAL)

    def _value_matches(self, value: Any) -> bool:
        op = self.op
        if self.values == ("",):  # not set / set
            return (value is None or value == "") == (op == _EQUAL)
        if self.kind in _NUMBER_TYPES:
            stored = _stored_bounds(value)
            if stored is None:
                return op == _NOT
            if op in _ORDER:
                bound = self._bounds[0]
                assert bound is not None
                return _compare(stored, op, bound.low)
            inside = any(
                b is not None and b.low <= stored.low and stored.high <= b.high
                for b in self._bounds
            )
            return inside == (op == _EQUAL)
        if value is None:
            return op in (_NOT, _UNLIKE)
        if self.kind == "text" or op in (_LIKE, _UNLIKE):
            return self._text_matches(str(value))
        return (str(value) in self.values) == (op == _EQUAL)


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """`term_key` of a span's text, remembered: spans repeat the same strings."""
    return term_key(text)


def _compare(stored: _Bounds, op: str, number: int) -> bool:
    """Whether every value of `stored` is `op` `number`."""
    if op == "<":
        return stored.high < number
    if op == "<=":
        return stored.high <= number
    if op == ">":
        return stored.low > number
    return stored.low >= number


def _stored_bounds(value: Any) -> _Bounds | None:
    """A stored count or integer as its bounds; None when unset or not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _Bounds(value, value)
    try:
        count = Count.parse(value)
    except SchemaError:
        return None
    return None if count is None else _Bounds(count.low, count.high)


@dataclass(frozen=True)
class Query:
    """A parsed query: every condition must hold (`matches`)."""

    text: str
    conditions: tuple[Condition, ...]

    def matches(self, row: QueryRow) -> bool:
        return all(condition.matches(row) for condition in self.conditions)

    @property
    def field_conditions(self) -> tuple[Condition, ...]:
        """The conditions on label, annotator, status, doc and text (no attribute)."""
        return tuple(c for c in self.conditions if not c.is_attribute)

    @property
    def attribute_conditions(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.is_attribute)

    def only(self, annotator: str) -> Query:
        """This query narrowed to `annotator`'s annotations: a condition the query's own
        cannot widen (the workbench's blind mode)."""
        condition = Condition(ANNOTATOR, _EQUAL, (annotator,), f"annotator={annotator}")
        return Query(self.text, (*self.conditions, condition))

    @property
    def sql_conditions(self) -> tuple[Condition, ...]:
        """The conditions the store can narrow on in SQL (label, annotator, status, doc)."""
        return tuple(c for c in self.conditions if c.key in SQL_FIELDS)

    def __str__(self) -> str:
        return self.text


class _Token(NamedTuple):
    """A condition as read: its `text` without quotes and escapes, and where in it the
    unquoted commas are (they separate alternatives)."""

    text: str
    commas: tuple[int, ...]


def _tokens(text: str) -> list[_Token]:
    """`text` split on unquoted whitespace, as a POSIX shell does (``"..."``, ``'...'``, a
    backslash escaping the next character outside quotes, and ``\\"`` or ``\\\\`` inside
    double quotes); the unquoted commas of each token are noted. UsageError for an unclosed
    quote or a trailing backslash."""
    tokens: list[_Token] = []
    chars: list[str] = []
    commas: list[int] = []
    started = False  # a token is under way (``""`` is an empty one)
    quote = ""
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        index += 1
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"' and index < length and text[index] in '"\\':
                chars.append(text[index])
                index += 1
            else:
                chars.append(char)
        elif char.isspace():
            if started:
                tokens.append(_Token("".join(chars), tuple(commas)))
                chars, commas, started = [], [], False
        elif char in "\"'":
            quote, started = char, True
        elif char == "\\":
            if index == length:
                raise UsageError(f"query {text!r}: no escaped character")
            chars.append(text[index])
            index += 1
            started = True
        else:
            if char == ",":
                commas.append(len(chars))
            chars.append(char)
            started = True
    if quote:
        raise UsageError(f"query {text!r}: no closing quotation")
    if started:
        tokens.append(_Token("".join(chars), tuple(commas)))
    return tokens


def _alternatives(value: str, start: int, commas: tuple[int, ...]) -> tuple[str, ...]:
    """`value` (which begins at `start` of its token) split at the token's unquoted commas."""
    cuts = [comma - start for comma in commas if comma >= start]
    pieces, previous = [], 0
    for cut in cuts:
        pieces.append(value[previous:cut])
        previous = cut + 1
    pieces.append(value[previous:])
    return tuple(pieces)


def parse_query(
    text: str,
    *,
    labels: Sequence[LabelDef] | None = None,
    annotators: Iterable[str] | None = None,
) -> Query:
    """Read a query (see the module docstring). With the label schema (`labels`) the keys,
    labels, choice values and numbers are checked; with `annotators`, the names. UsageError
    naming the condition at fault."""
    conditions = []
    for token, commas in _tokens(text):
        found = _CONDITION.match(token)
        if found is None:
            raise UsageError(
                f"query: {token!r} is not a condition: write KEY=VALUE (or KEY!=, <, <=, >, "
                ">=, ~ VALUE), e.g. label=ACTOR"
            )
        key, op, value = found.groups()
        key = _ALIASES.get(key.lower(), key.lower() if key.lower() in FIELDS else key)
        alternatives = op in (_EQUAL, _NOT) and value
        values = _alternatives(value, found.start(3), commas) if alternatives else (value,)
        condition = Condition(key, op, values, token)
        conditions.append(_checked(condition, labels, annotators))
    if not conditions:
        raise UsageError("query: empty; e.g. label=CASUALTY outcome=injured count>=10")
    return Query(text, tuple(conditions))


def _checked(
    condition: Condition, labels: Sequence[LabelDef] | None, annotators: Iterable[str] | None
) -> Condition:
    key, op, values, token = condition.key, condition.op, condition.values, condition.token

    def refuse(why: str) -> UsageError:
        return UsageError(f"query: {token!r}: {why}")

    if key in (LABEL, ANNOTATOR, STATUS) and op not in (_EQUAL, _NOT):
        raise refuse(f"{key} takes = or != only")
    if key in (LABEL, ANNOTATOR, STATUS, DOC) and values in ((), ("",)):
        raise refuse(f"{key} needs a value")
    if key == LABEL and labels is not None:
        known = [label.name for label in labels]
        for value in values:
            if value not in known:
                raise refuse(f"no label {value!r} (labels: {', '.join(known)})")
    if key == ANNOTATOR and annotators is not None:
        names = sorted(annotators)
        for value in values:
            if value not in names:
                raise refuse(f"no annotator {value!r} (annotators: {', '.join(names)})")
    if key in (LABEL, ANNOTATOR):
        return condition
    if key == STATUS:
        try:
            values = tuple(check_status(" ".join(re.split(r"[\s_-]+", v.lower()))) for v in values)
        except NotFoundError:
            raise refuse(f"a status is one of {', '.join(STATUSES)}") from None
        return Condition(key, op, values, token)
    if key == DOC:
        if op not in (_EQUAL, _NOT, _LIKE, _UNLIKE):
            raise refuse("doc takes =, !=, ~ or !~")
        return condition
    if key == TEXT:
        if op in _ORDER:
            raise refuse("text takes =, !=, ~ or !~")
        keys = tuple(term_key(value) for value in values)
        if not all(keys):
            raise refuse("text needs something to match (letters or digits)")
        return Condition(key, op, values, token, _keys=keys)
    # an attribute
    definitions = [
        (label.name, definition)
        for label in labels or ()
        for definition in label.attributes
        if definition.get("name") == key
    ]
    if labels is not None and not definitions:
        names = sorted({d.get("name", "") for label in labels for d in label.attributes})
        raise refuse(
            f"unknown key {key!r}: keys are {', '.join(FIELDS)}"
            + (f" or an attribute ({', '.join(names)})" if names else "")
        )
    kind = definitions[0][1].get("type") if definitions else None
    owners = frozenset(name for name, _ in definitions)
    if kind is None:  # no schema: numbers when the values read as numbers
        kind = "count" if op in _ORDER or _numeric(values) else None
    if kind in _NUMBER_TYPES:
        if op in (_LIKE, _UNLIKE):
            raise refuse(f"{key} is a number: use =, !=, <, <=, >, >= or a range 10..20")
        if values == ("",):
            return Condition(key, op, values, token, kind, owners)
        bounds = tuple(_bounds(value, kind, refuse) for value in values)
        if op in _ORDER and bounds[0] is not None and bounds[0].low != bounds[0].high:
            raise refuse(f"{op} takes one number, not a range")
        return Condition(key, op, values, token, kind, owners, _bounds=bounds)
    if op in _ORDER:
        raise refuse(f"{key} is not a number: < <= > >= apply to count and integer attributes")
    if kind == "choice" and values != ("",) and op in (_EQUAL, _NOT):
        choices = [
            str(choice) for _, definition in definitions for choice in definition.get("values", [])
        ]
        for value in values:
            if value not in choices:
                raise refuse(f"{value!r} is not a value of {key} ({', '.join(choices)})")
    keys = tuple(term_key(value) for value in values)
    return Condition(key, op, values, token, kind, owners, _keys=keys)


def _numeric(values: tuple[str, ...]) -> bool:
    return all(re.fullmatch(r"\s*-?\d+\s*|" + _INTEGER_RANGE.pattern, v) for v in values if v)


def _bounds(value: str, kind: str, refuse: Any) -> _Bounds:
    """The bounds a number or a range stands for (a count as `rules.Count` reads it)."""
    if kind == "integer":
        try:
            number = int(value)
            return _Bounds(number, number)
        except ValueError:
            pass
        found = _INTEGER_RANGE.match(value)
        if found is None:
            raise refuse(f"{value!r} is not a whole number or a range such as 10..20")
        low, high = int(found.group(1)), int(found.group(2))
    else:
        try:
            count = Count.parse(value)
        except SchemaError as err:
            raise refuse(str(err)) from None
        if count is None:
            raise refuse("a number is needed")
        low, high = count.low, count.high
    if high < low:
        raise refuse(f"a range needs low ≤ high, not {value!r}")
    return _Bounds(low, high)
