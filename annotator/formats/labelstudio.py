"""Label Studio JSON: the export of a Labels-over-Text project, read and written.

A file is a JSON array of tasks (Label Studio's "JSON" export; one task object, or one task per
line, are read too)::

    {"id": 7, "data": {"text": "..."},
     "annotations": [{"id": 31, "completed_by": 2, "was_cancelled": false, "result": [
         {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
          "value": {"start": 4, "end": 8, "text": "...", "labels": ["ACTOR"]}},
         {"type": "relation", "from_id": "r2", "to_id": "r1", "direction": "right",
          "labels": ["source"]}]}],
     "predictions": [...]}

and the "JSON-MIN" export (one record per annotation: the data fields, one list of
``{"start", "end", "text", "labels"}`` per control tag, ``annotator``, ``annotation_id``).

Offsets are code points, as Label Studio has stored them since 2022 (1.6); its earlier versions
counted UTF-16 code units, so spans after an emoji sit one unit per emoji too far. Such a span
is found by its ``value.text`` and never moved silently: it is an error (or, with ``skip_bad``,
skipped and reported), unless ``fix_utf16`` asks to move it, which reports each one. A span
whose ``value.text`` fits both readings counts code points, unless another span of its task
fits only the UTF-16 one: then it is treated as that one is. The conversion is
`annotator.text.offsets.OffsetMap`.

Several annotators' annotations of a task are never merged under one name: a file holding more
than one user's annotations is read one user at a time (``completed_by``). Predictions are
machine suggestions, not annotations: they are counted and left out unless ``predictions``
asks to read them (instead of the annotations), which only an import as suggestions does
(`annotator.importing_suggestions`): each span then keeps its ``model_version`` and score.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from annotator.errors import UsageError
from annotator.model import DocRecord, InputError, RelationRecord, SpanRecord
from annotator.rules import span_problem
from annotator.text.offsets import OffsetMap

from ._common import (
    DEFAULT_ENCODING,
    ImportReport,
    Notice,
    Sink,
    Source,
    iter_lines,
    lone_surrogate,
    open_output,
    source_name,
    suggestion_score,
    surrogate_message,
)
from ._json import json_line, raw_json

__all__ = ["read", "write"]

FROM_NAME = "label"  # the <Labels name="label" toName="text"> of the written tasks
TO_NAME = "text"  # ... and its <Text name="text" value="$text">
# JSON-MIN keys that are neither data fields nor results
_MIN_KEYS = frozenset(
    {"id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement"}
)
_TASK_KEYS = ("data", "annotations", "completions", "predictions")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_REGION_ID = re.compile(r"[A-Za-z0-9_-]+")


def read(
    source: Source,
    *,
    path: str | None = None,
    text_key: str = "text",
    completed_by: str | int | None = None,
    predictions: bool = False,
    fix_utf16: bool = False,
    encoding: str = DEFAULT_ENCODING,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read Label Studio JSON (or JSON-MIN): one document per task that holds an annotation.

    text_key: the data field holding the text (``$text`` in the labeling config).
    encoding: of the file (default UTF-8, a BOM dropped).
    completed_by: read only this Label Studio user's annotations (its id, or its email); the
        others are counted (``annotations_other_users``). Without it, a file holding several
        users' annotations is an InputError listing them.
    predictions: read the predictions instead of the annotations, every model version's (or,
        with ``completed_by``, one ``model_version``'s), each span with its ``model_version``
        as `SpanRecord.annotator` and its `SpanRecord.score`: the result's ``score``, else the
        prediction's, else None; a score that is not a number in (0, 1] is a bad result.
        Without it predictions are counted and reported as skipped.
    fix_utf16: move a span whose ``value.text`` shows offsets counted in UTF-16 code units to
        its code points (each reported, ``offsets_utf16_fixed``); without it such a span is
        an InputError (with ``skip_bad``: skipped, ``offsets_utf16``). So is a span whose
        ``value.text`` fits both readings when another span of its task fits only the UTF-16
        one (otherwise it is taken at its code points).

    A ``labels`` result becomes one span per label (ids: the result id, then ``id#2``, ...),
    a ``relation`` one relation per label (head: ``from_id``, unless ``direction`` is
    ``"left"``). Other results (choices, text areas, ...) are reported as skipped
    (``results_unsupported``); so are relations without a label and relations whose ends are
    not spans read here. Cancelled (skipped) annotations and tasks without an annotation are
    counted and left out. A bad result is an InputError naming file, line, task and result
    (with ``skip_bad``: skipped and reported); a bad task (no text, not an object) likewise.
    """
    report = report if report is not None else ImportReport()
    name = source_name(source, path)
    tasks = _load(source, path, name, encoding)
    wanted = None if completed_by is None else str(completed_by)
    reader = _Reader(name, text_key, wanted, predictions, fix_utf16, skip_bad, report)
    reader.check_users(tasks)
    for line, task in tasks:
        try:
            doc = reader.task(line, task)
        except InputError as error:
            if not skip_bad:
                raise
            report.skip(name, line, f"{error.message}; task skipped", "bad_tasks")
            continue
        if doc is None:
            continue
        report.count("documents")
        report.count("spans", len(doc.spans))
        report.count("relations", len(doc.relations))
        yield doc
    reader.finish()


# ---------------------------------------------------------------- reading the file


def _load(source: Source, path: str | None, name: str, encoding: str) -> list[tuple[int, Any]]:
    """The tasks of the file (decoded as `encoding`), each with the line it starts on: a JSON
    array of them, one object, or objects one after another (JSON lines)."""
    text = "\n".join(line for _, line in iter_lines(source, path, encoding))
    decode = json.JSONDecoder().raw_decode
    lines = _LineCounter(text)
    tasks: list[tuple[int, Any]] = []
    pos = _skip(text, 0)
    if pos == len(text):
        raise InputError(name, None, "empty file: expected a JSON array of Label Studio tasks")
    try:
        if text[pos] == "[":
            pos = _skip(text, pos + 1)
            if text.startswith("]", pos):
                pos += 1
            else:
                while True:
                    task, end = decode(text, pos)
                    tasks.append((lines.at(pos), task))
                    pos = _skip(text, end)
                    if text.startswith(",", pos):
                        pos = _skip(text, pos + 1)
                    elif text.startswith("]", pos):
                        pos += 1
                        break
                    else:
                        raise InputError(name, lines.at(pos), "expected ',' or ']' after a task")
            pos = _skip(text, pos)
            if pos < len(text):
                raise InputError(name, lines.at(pos), "text after the array of tasks")
        elif text[pos] == "{":
            while pos < len(text):
                task, end = decode(text, pos)
                tasks.append((lines.at(pos), task))
                pos = _skip(text, end)
        else:
            raise InputError(
                name,
                lines.at(pos),
                f"expected a JSON array of Label Studio tasks, found {text[pos : pos + 10]!r}",
            )
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (column {exc.colno})"
        raise InputError(name, exc.lineno, message) from exc
    return tasks


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE.match(text, pos)
    return match.end() if match else pos


class _LineCounter:
    """Line numbers of increasing positions in a text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


# ---------------------------------------------------------------- users


def _user_keys(value: Any) -> tuple[str, ...]:
    """The names a ``completed_by`` (an id, ``{"id", "email", ...}``, or an email) or a
    ``model_version`` answers to, the first the one shown; () when it names nobody."""
    if value is None or isinstance(value, bool):
        return ()
    if isinstance(value, dict):
        keys = [value.get("email"), value.get("id")]
        return tuple(str(key) for key in keys if key is not None and not isinstance(key, bool))
    return (str(value),)


def _shown(keys: tuple[str, ...]) -> str:
    return keys[0] if keys else "(nobody)"


class _Reader:
    """Tasks to DocRecords, with the options of one `read`."""

    def __init__(
        self,
        name: str,
        text_key: str,
        wanted: str | None,
        predictions: bool,
        fix_utf16: bool,
        skip_bad: bool,
        report: ImportReport,
    ) -> None:
        self.name = name
        self.text_key = text_key
        self.wanted = wanted
        self.predictions = predictions
        self.fix_utf16 = fix_utf16
        self.skip_bad = skip_bad
        self.report = report
        self.not_read = 0  # predictions (or, with `predictions`, annotations) left out
        # the document being read: its UTF-16 offsets, and whether a span of it is proven
        # to count UTF-16 code units (see `_start`)
        self.offsets = OffsetMap("")
        self.utf16_proven = False

    # ------------------------------------------------------------ whose annotations

    @property
    def _kind(self) -> str:
        return "predictions" if self.predictions else "annotations"

    def _items(self, task: dict[str, Any]) -> tuple[list[Any], Any]:
        """The annotations (or predictions) of a full task, and what they were read from."""
        if self.predictions:
            key = "predictions"
        else:
            key = "annotations" if "annotations" in task else "completions"
        items = task.get(key)
        return (items if isinstance(items, list) else []), key

    def _who(self, item: dict[str, Any]) -> tuple[str, ...]:
        return _user_keys(item.get("model_version" if self.predictions else "completed_by"))

    def _cancelled(self, item: dict[str, Any]) -> bool:
        return not self.predictions and bool(item.get("was_cancelled") or item.get("skipped"))

    def check_users(self, tasks: list[tuple[int, Any]]) -> None:
        """InputError when the file holds several users' annotations and none was chosen;
        a warning when the chosen one has none."""
        users: Counter[str] = Counter()
        names: set[str] = set()  # every id and email
        for _, task in tasks:
            if not isinstance(task, dict):
                continue
            if not _is_full(task):
                if not self.predictions and _has_annotation(task):
                    keys = _user_keys(task.get("annotator"))
                    users[_shown(keys)] += 1
                    names.update(keys)
                continue
            items, _ = self._items(task)
            for item in items:
                if isinstance(item, dict) and not self._cancelled(item):
                    keys = self._who(item)
                    users[_shown(keys)] += 1
                    names.update(keys)
        what = "predictions of model versions" if self.predictions else "annotations by users"
        # several model versions are read together: each span keeps its own (`_results`)
        if self.wanted is None and len(users) > 1 and not self.predictions:
            listed = ", ".join(f"{user} ({count})" for user, count in sorted(users.items()))
            option = "completed_by (annotator import --completed-by)"
            raise InputError(
                self.name,
                None,
                f"{what} {listed}: read one at a time, choosing it with {option}, so that "
                "each is stored under its own annotator name",
            )
        if self.wanted is not None and users and self.wanted not in names:
            found = ", ".join(sorted(users))
            self.report.warn(
                self.name, None, f"no {what} {self.wanted!r} (found: {found})", "user_not_found"
            )

    def _chosen(self, keys: tuple[str, ...]) -> bool:
        return self.wanted is None or self.wanted in keys

    def finish(self) -> None:
        """Report what was left out of the whole file (predictions, or annotations)."""
        if not self.not_read:
            return
        if self.predictions:
            kind, message = "annotations_not_read", "annotations not read (reading predictions)"
        else:
            kind = "predictions_skipped"
            message = (
                "predictions (machine suggestions, not annotations) not read: they are never "
                "imported as anyone's annotations"
            )
        self.report.skipped.append(Notice(self.name, None, f"{self.not_read} {message}", kind))
        self.report.count(kind, self.not_read)

    # ------------------------------------------------------------ one task

    def task(self, line: int, task: Any) -> DocRecord | None:
        """The document of one task (None: no annotation to read); InputError if bad."""
        if not isinstance(task, dict):
            raise InputError(self.name, line, "a task must be a JSON object")
        task_id = task.get("id")
        where = f"task {task_id}" if task_id is not None else "task"
        surrogate = lone_surrogate(task)
        if surrogate is not None:
            raise InputError(self.name, line, f"{where}: {surrogate_message(surrogate)}")
        if _is_full(task):
            return self._full(line, task, where)
        return self._minimal(line, task, where)

    def _text(self, fields: dict[str, Any], line: int, where: str, prefix: str) -> str:
        text = fields.get(self.text_key)
        if not isinstance(text, str):
            keys = ", ".join(sorted(map(str, fields))) or "none"
            raise InputError(
                self.name,
                line,
                f"{where}: {prefix}{self.text_key} is missing or not a string (keys: {keys}); "
                "text_key names the field holding the text",
            )
        return text

    def _full(self, line: int, task: dict[str, Any], where: str) -> DocRecord | None:
        data = task.get("data")
        if not isinstance(data, dict):
            raise InputError(self.name, line, f"{where}: 'data' must be an object")
        text = self._text(data, line, where, "data.")
        other = task.get("annotations" if self.predictions else "predictions")
        if isinstance(other, list):
            self.not_read += len(other)
        items, key = self._items(task)
        if task.get(key) is not None and not isinstance(task.get(key), list):
            raise InputError(self.name, line, f"{where}: {key!r} must be a list")
        chosen: list[tuple[dict[str, Any], tuple[str, ...]]] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise InputError(self.name, line, f"{where}: {key}[{index}] is not an object")
            if self._cancelled(item):
                self.report.count("annotations_cancelled")
                continue
            keys = self._who(item)
            if not self._chosen(keys):
                self.report.count(f"{self._kind}_other_users")
                continue
            chosen.append((item, keys))
        if not chosen:
            self.report.count("tasks_unannotated")
            return None
        if len(chosen) > 1 and not self.predictions:
            self.report.warn(
                self.name,
                line,
                f"{where}: {len(chosen)} {key} by {_shown(chosen[0][1])}: their spans are read "
                "together",
                f"{self._kind}_merged",
            )
        doc = self._doc(text, data, task, line)
        self._start(text, _values(item.get("result") for item, _ in chosen))
        ids: set[str] = set()
        for item, keys in chosen:
            result = item.get("result")
            if result is None:
                continue
            if not isinstance(result, list):
                raise InputError(self.name, line, f"{where}: 'result' must be a list")
            self._results(doc, result, keys, line, where, ids, item.get("score"))
        return doc

    def _doc(self, text: str, data: dict[str, Any], task: dict[str, Any], line: int) -> DocRecord:
        meta = {key: value for key, value in data.items() if key not in (self.text_key, "name")}
        task_meta = task.get("meta")
        if isinstance(task_meta, dict):
            meta.update(task_meta)
        name = data.get("name")
        task_id = task.get("id")
        return DocRecord(
            text=text,
            name=name if isinstance(name, str) else "",
            id=None if task_id is None else str(task_id),
            meta=meta,
            line=line,
            source=self.name,
        )

    def _minimal(self, line: int, task: dict[str, Any], where: str) -> DocRecord | None:
        """A JSON-MIN record: data fields, and a list of regions per control tag."""
        text = self._text(task, line, where, "")
        if self.predictions or not _has_annotation(task):
            self.report.count("tasks_unannotated")
            return None
        keys = _user_keys(task.get("annotator"))
        if not self._chosen(keys):
            self.report.count("annotations_other_users")
            return None
        doc = self._doc(text, {}, {}, line)
        doc.id = None if task.get("id") is None else str(task["id"])
        regions = (
            value
            for key, value in task.items()
            if key != self.text_key and key not in _MIN_KEYS and _is_regions(value)
        )
        self._start(text, (region for value in regions for region in value))
        ids: set[str] = set()
        for key, value in task.items():
            if key == self.text_key or key in _MIN_KEYS:
                continue
            if _is_regions(value):
                results = [{"type": "labels", "value": region} for region in value]
                self._results(doc, results, keys, line, f"{where}, {key}", ids)
            elif key == "name" and isinstance(value, str):
                doc.name = value
            else:
                doc.meta[key] = value
        return doc

    # ------------------------------------------------------------ results

    def _start(self, text: str, values: Iterable[Any]) -> None:
        """Begin a document: whether one of its regions (`values`) counts UTF-16 code units
        for sure (its ``value.text`` is only there when its offsets count them)."""
        self.offsets = OffsetMap(text)
        self.utf16_proven = not self.offsets.is_identity and any(
            self._utf16_reading(text, value) is not None
            and span_problem(text, value["start"], value["end"], value["text"]) is not None
            for value in values
            if isinstance(value, dict)
        )

    def _utf16_reading(self, text: str, value: dict[str, Any]) -> tuple[int, int] | None:
        """Where a region's ``value.text`` is when its offsets count UTF-16 code units, if it
        is there and not where they point counted in code points; None otherwise."""
        start, end, snapshot = value.get("start"), value.get("end"), value.get("text")
        if type(start) is not int or type(end) is not int or not isinstance(snapshot, str):
            return None
        if self.offsets.is_identity or start >= end:
            return None
        moved = self.offsets.range_to_cp_exact(start, end)
        if moved is None or moved == (start, end) or text[moved[0] : moved[1]] != snapshot:
            return None
        return moved

    def _bad(self, line: int, message: str, kind: str) -> None:
        """A result that cannot be read: InputError, or with skip_bad skipped and reported."""
        if not self.skip_bad:
            raise InputError(self.name, line, message)
        self.report.skip(self.name, line, f"{message}; result skipped", kind)

    def _results(
        self,
        doc: DocRecord,
        results: list[Any],
        keys: tuple[str, ...],
        line: int,
        where: str,
        ids: set[str],
        score: Any = None,
    ) -> None:
        """The spans and relations of one annotation's results, added to `doc`; `score`: the
        prediction's, for its results without their own (read with ``predictions``)."""
        annotator = keys[0] if keys else None
        regions: dict[str, str] = {}  # result id -> id of its first span
        relations: list[tuple[str, dict[str, Any]]] = []
        for index, result in enumerate(results):
            if not isinstance(result, dict):
                self._bad(line, f"{where}, result {index + 1}: not an object", "bad_results")
                continue
            result_id = result.get("id")
            here = f"{where}, result {result_id!r}" if result_id is not None else where
            kind = result.get("type")
            if kind == "labels":
                first = self._span(doc, result, annotator, line, here, ids, score)
                if first is not None and result_id is not None:
                    regions.setdefault(str(result_id), first)
            elif kind == "relation":
                relations.append((here, result))
            else:
                tag = result.get("from_name")
                self.report.skip(
                    self.name,
                    line,
                    f"{here}: a {kind!r} result (from_name {tag!r}) is not carried",
                    "results_unsupported",
                )
        for here, result in relations:
            self._relation(doc, result, regions, annotator, line, here)

    def _span(
        self,
        doc: DocRecord,
        result: dict[str, Any],
        annotator: str | None,
        line: int,
        where: str,
        ids: set[str],
        score: Any = None,
    ) -> str | None:
        """Adds the spans of a ``labels`` result (one per label); the id of the first. With
        ``predictions`` each has the result's score, else `score` (the prediction's)."""
        value = result.get("value")
        if not isinstance(value, dict):
            self._bad(line, f"{where}: 'value' must be an object", "bad_results")
            return None
        labels = value.get("labels")
        if (
            not isinstance(labels, list)
            or not labels
            or not all(isinstance(label, str) and label for label in labels)
        ):
            message = f"{where}: value.labels must be a list of label names, not {labels!r}"
            self._bad(line, message, "bad_results")
            return None
        confidence = None
        if self.predictions:
            given = result.get("score", score)
            if given is not None:
                confidence = suggestion_score(given)
                if confidence is None:
                    which = "result" if "score" in result else "prediction"
                    message = f"{where}: the {which}'s score {given!r} is not a number in (0, 1]"
                    self._bad(line, message, "bad_scores")
                    return None
        found = self._locate(doc.text, value, line, where)
        if found is None:
            return None
        start, end = found
        base = result.get("id")
        first = None
        for label in labels:
            span_id = _unique(None if base is None else str(base), ids)
            first = first or span_id
            doc.spans.append(
                SpanRecord(
                    start=start,
                    end=end,
                    label=label,
                    id=span_id,
                    annotator=annotator,
                    text=doc.text[start:end],
                    score=confidence,
                )
            )
        return first

    def _locate(
        self, text: str, value: dict[str, Any], line: int, where: str
    ) -> tuple[int, int] | None:
        """The code-point offsets of a region, checked against its ``text`` (see `read`)."""
        start, end, snapshot = value.get("start"), value.get("end"), value.get("text")
        if snapshot is not None and not isinstance(snapshot, str):
            self._bad(line, f"{where}: value.text must be a string", "bad_results")
            return None
        problem = span_problem(text, start, end)
        moved = self._utf16_reading(text, value)
        if problem is None and type(start) is int and type(end) is int:
            if snapshot is None:
                self.report.count("spans_unchecked")
                return start, end
            if text[start:end] == snapshot:
                if moved is None or not self.utf16_proven:
                    return start, end
                # both readings fit, and another span of the document counts UTF-16 units
                return self._utf16(
                    line,
                    f"{where}: {snapshot!r} is both at {start}-{end} and at {moved[0]}-{moved[1]}"
                    ", where offsets counting UTF-16 code units put it, as other spans of this "
                    "task count them (Label Studio before 1.6)",
                    moved,
                )
        if moved is not None:
            return self._utf16(
                line,
                f"{where}: offsets {start}-{end} count UTF-16 code units, as Label Studio "
                f"before 1.6 did after an emoji: {snapshot!r} is at {moved[0]}-{moved[1]}",
                moved,
            )
        if problem is not None:
            self._bad(line, f"{where}: {problem}", "bad_results")
        else:
            message = (
                f"{where}: value.text {snapshot!r} is not the text at {start}-{end} "
                f"({text[start:end]!r})"
            )
            self._bad(line, message, "offsets_mismatch")
        return None

    def _utf16(self, line: int, message: str, moved: tuple[int, int]) -> tuple[int, int] | None:
        """A span whose offsets count UTF-16 code units: `moved` there with fix_utf16 (reported),
        else bad."""
        if self.fix_utf16:
            self.report.warn(self.name, line, f"{message}; moved", "offsets_utf16_fixed")
            return moved
        hint = "; fix_utf16 (annotator import --fix-utf16-offsets) moves such spans"
        self._bad(line, message + hint, "offsets_utf16")
        return None

    def _relation(
        self,
        doc: DocRecord,
        result: dict[str, Any],
        regions: dict[str, str],
        annotator: str | None,
        line: int,
        where: str,
    ) -> None:
        from_id, to_id = result.get("from_id"), result.get("to_id")
        head = regions.get(str(from_id))
        tail = regions.get(str(to_id))
        where = f"{where} (relation {from_id} -> {to_id})"
        if head is None or tail is None:
            message = f"{where}: an end is not a span read here"
            self.report.skip(self.name, line, message, "relations_dangling")
            return
        direction = result.get("direction", "right")
        if direction == "left":
            head, tail = tail, head
        elif direction == "bi":
            message = f"{where}: both ways in Label Studio, read as {from_id} -> {to_id}"
            self.report.warn(self.name, line, message, "relations_bidirectional")
        elif direction not in ("right", None):
            self._bad(line, f"{where}: unknown direction {direction!r}", "bad_results")
            return
        labels = result.get("labels") or []
        if not isinstance(labels, list) or not all(
            isinstance(label, str) and label for label in labels
        ):
            self._bad(line, f"{where}: labels must be a list of names", "bad_results")
            return
        if not labels:
            message = f"{where}: a relation without a label is not carried"
            self.report.skip(self.name, line, message, "relations_unlabeled")
            return
        for label in labels:  # named for messages: Label Studio's relations have no id
            relation_id = f"{from_id}->{to_id}"
            doc.relations.append(RelationRecord(head, tail, label, relation_id, annotator))


def _is_full(task: dict[str, Any]) -> bool:
    """Whether `task` is a task of the JSON export (else a JSON-MIN record or a bare task)."""
    return any(key in task for key in _TASK_KEYS)


def _has_annotation(record: dict[str, Any]) -> bool:
    """Whether a JSON-MIN record stands for an annotation (not a task without one)."""
    return record.get("annotation_id") is not None or any(
        _is_regions(value) for value in record.values()
    )


def _is_regions(value: Any) -> bool:
    """Whether a JSON-MIN field holds regions of a Labels tag over text."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "start" in item and "labels" in item for item in value)
    )


def _values(results: Iterable[Any]) -> Iterator[Any]:
    """The ``value`` of every ``labels`` result in lists of results (anything else skipped)."""
    for items in results:
        if isinstance(items, list):
            for result in items:
                if isinstance(result, dict) and result.get("type") == "labels":
                    yield result.get("value")


def _unique(base: str | None, ids: set[str], sep: str = "#") -> str:
    """`base`, else `base#2`, `base#3`, ... (without a base: `s1`, `s2`, ...), the first not
    in `ids`, which it joins."""
    if base is None:
        number = len(ids) + 1
        while f"s{number}" in ids:
            number += 1
        candidate = f"s{number}"
    else:
        candidate, number = base, 1
        while candidate in ids:
            number += 1
            candidate = f"{base}{sep}{number}"
    ids.add(candidate)
    return candidate


# ---------------------------------------------------------------- writing


def write(
    docs: Iterable[DocRecord],
    out: Sink,
    *,
    completed_by: str | int | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Write Label Studio JSON that Label Studio imports: a JSON array, one task per line.

    Each task: ``id`` (the document id when it is a number), ``data`` (``text``, and ``name``
    when set), ``meta`` (the document metadata, when any), one annotation per annotator of its
    spans (an empty one for a document without spans) with ``result``: a ``labels`` region per
    span (``from_name`` "label", ``to_name`` "text", ``value`` start, end, the text and the
    label; ids unique in the task) and a ``relation`` per relation (``direction`` "right",
    head first), ``was_cancelled`` and ``ground_truth`` false; and ``predictions`` empty.

    ``completed_by`` on import names a Label Studio user by id or by email: `completed_by` (an
    id or an email) for every annotation, else the annotator's name when it is a number or an
    email; otherwise it is left out and Label Studio gives the annotation to the user who
    imports the file (counted ``completed_by_omitted``). Span attributes are not carried
    (counted ``attributes_dropped``).
    """
    report = report if report is not None else ImportReport()
    fixed = None if completed_by is None else _ls_user(str(completed_by), strict=True)
    with open_output(out) as stream:
        count = 0
        for doc in docs:
            row = _task_row(doc, fixed, report)
            stream.write(("[\n" if count == 0 else ",\n") + json_line(row).decode("utf-8")[:-1])
            count += 1
            report.count("documents")
            report.count("spans", len(doc.spans))
        stream.write("\n]\n" if count else "[]\n")
    return report


def _ls_user(name: str, *, strict: bool = False) -> Any:
    """``completed_by`` for a user called `name`: an id, ``{"email": ...}``, or None."""
    if name.isascii() and name.isdigit():
        return int(name)
    if "@" in name:
        return {"email": name}
    if strict:
        raise UsageError(f"completed_by must be a Label Studio user id or email, not {name!r}")
    return None


def _task_row(doc: DocRecord, fixed: Any, report: ImportReport) -> dict[str, Any]:
    row: dict[str, Any] = {}
    if doc.id is not None and doc.id.isascii() and doc.id.isdigit():
        row["id"] = int(doc.id)
    data: dict[str, Any] = {"text": doc.text}
    if doc.name:
        data["name"] = doc.name
    row["data"] = data
    if doc.meta:
        row["meta"] = raw_json(doc.meta)
    groups: dict[str | None, list[SpanRecord]] = {}
    for span in doc.spans:
        groups.setdefault(span.annotator, []).append(span)
    if not groups:
        groups[None] = []
    region_of: dict[str, tuple[str | None, str]] = {}  # span id -> (annotator, region id)
    results: dict[str | None, list[dict[str, Any]]] = {}
    ids: set[str] = set()
    for annotator, spans in groups.items():
        result = results.setdefault(annotator, [])
        for span in spans:
            own = span.id if span.id is not None and _REGION_ID.fullmatch(span.id) else None
            region = _unique(own, ids, "_")
            if span.id is not None:
                region_of.setdefault(span.id, (annotator, region))
            result.append(
                {
                    "id": region,
                    "from_name": FROM_NAME,
                    "to_name": TO_NAME,
                    "type": "labels",
                    "value": {
                        "start": span.start,
                        "end": span.end,
                        "text": doc.text[span.start : span.end],
                        "labels": [span.label],
                    },
                }
            )
            if span.attributes:
                report.count("attributes_dropped")
    for relation in doc.relations:
        head, tail = region_of.get(relation.head), region_of.get(relation.tail)
        if head is None or tail is None or head[0] != tail[0]:
            message = f"relation {relation.label}: its ends are not spans of one annotation"
            report.skip(doc.source or doc.name, doc.line, message, "relations_dropped")
            continue
        results[head[0]].append(
            {
                "from_id": head[1],
                "to_id": tail[1],
                "type": "relation",
                "direction": "right",
                "labels": [relation.label],
            }
        )
        report.count("relations")
    annotations = []
    for annotator, result in results.items():
        annotation: dict[str, Any] = {}
        user = fixed if fixed is not None else _ls_user(annotator or "")
        if user is not None:
            annotation["completed_by"] = user
        else:
            report.count("completed_by_omitted")
        annotation["result"] = result
        annotation["was_cancelled"] = False
        annotation["ground_truth"] = False
        annotations.append(annotation)
    row["annotations"] = annotations
    row["predictions"] = []
    return row
