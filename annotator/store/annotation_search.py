"""Search over annotations (`annotator find`, the app's Find annotations bar) and the reads of
the consistency checks (`annotator.consistency`).

A query (`annotator.query`) is narrowed in SQL on label, annotator, status and document, then
each row is tested by `Query.matches`, the query's one definition.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from annotator.query import ANNOTATOR, DOC, LABEL, STATUS, Condition, Query, parse_query
from annotator.rules import NEW
from annotator.store.annotations import Annotations
from annotator.store.search import _line_part

CONTEXT = 40
"""Code points of context on each side of a found span (on its line)."""


class Found(NamedTuple):
    """An annotation a query found, with the annotator's status of its document and the
    context around it (`before`, `after`: on the span's line)."""

    uuid: str
    document_id: int
    document: str  # the document's name
    annotator: str
    label: str
    start: int
    end: int
    text: str
    attributes: dict[str, Any]
    status: str
    before: str = ""
    after: str = ""

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


class FoundAnnotations(NamedTuple):
    """What `find_annotations` found: the first `limit` rows and how many match in all."""

    query: Query
    rows: list[Found]
    total: int

    @property
    def complete(self) -> bool:
        return len(self.rows) == self.total


class LabelledSpan(NamedTuple):
    """An annotation as the consistency checks read it."""

    uuid: str
    document_id: int
    annotator: str
    label: str
    start: int
    end: int
    text: str


_SQL_COLUMN = {
    LABEL: "a.label",
    ANNOTATOR: "w.name",
    STATUS: f"coalesce(s.status, '{NEW}')",
}


def _where(condition: Condition) -> tuple[str, list[Any]]:
    """An SQL condition equal to `condition` (a label, annotator, status or doc one)."""
    values: list[Any] = list(condition.values)
    negated = condition.op in ("!=", "!~")
    if condition.key == DOC:
        if condition.op in ("~", "!~"):
            sql, params = "instr(d.name, ?) > 0", values[:1]
        else:
            ids = [int(v) for v in values if v.isascii() and v.isdigit()]
            sql = f"(d.name IN ({', '.join('?' * len(values))})"
            sql += f" OR d.id IN ({', '.join('?' * len(ids))}))" if ids else ")"
            params = [*values, *ids]  # names, then ids
    else:
        sql = f"{_SQL_COLUMN[condition.key]} IN ({', '.join('?' * len(values))})"
        params = values
    return (f"NOT {sql}" if negated else sql), params


class AnnotationSearch(Annotations):
    """Finding annotations by a query (a layer of `Project`)."""

    def parse_query(self, text: str) -> Query:
        """`text` read as a query and checked against this project's labels and annotators
        (`annotator.query.parse_query`; UsageError naming the condition at fault)."""
        return parse_query(text, labels=self.labels(), annotators=self.annotators(role=None))

    def find_annotations(
        self,
        query: str | Query,
        *,
        limit: int | None = None,
        context: int = CONTEXT,
        annotator: str | None = None,
    ) -> FoundAnnotations:
        """The annotations (of every annotator, gold's too; only `annotator`'s when given,
        whatever the query says: the workbench's blind mode) meeting `query`, in document
        order, then by start; at most `limit` rows, each with `context` code points either
        side, and how many match in all."""
        if isinstance(query, str):
            query = self.parse_query(query)
        if annotator is not None:
            query = query.only(annotator)
        rows: list[Found] = []
        total = 0
        for found in self._matching(query):
            total += 1
            if limit is None or len(rows) < limit:
                rows.append(found)
        return FoundAnnotations(query, self._with_context(rows, context), total)

    def _matching(self, query: Query) -> Iterator[Found]:
        clauses, params = [], []
        for condition in query.sql_conditions:
            sql, values = _where(condition)
            clauses.append(sql)
            params += values
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        cursor = self.conn.execute(
            'SELECT a.uuid, a.document_id, d.name, w.name, a.label, a.start, a."end", a.text, '
            f"a.attributes, coalesce(s.status, '{NEW}') FROM annotations a "
            "JOIN annotators w ON w.id = a.annotator_id JOIN documents d ON d.id = a.document_id "
            "LEFT JOIN doc_status s ON s.document_id = a.document_id "
            f"AND s.annotator_id = a.annotator_id {where} "
            'ORDER BY a.document_id, a.start, a."end" DESC, w.name, a.id',
            params,
        )
        # the fields first, the attributes' JSON read only for the rows that pass them
        fields, attributes_wanted = query.field_conditions, query.attribute_conditions
        for uuid, doc, name, who, label, start, end, text, attributes, status in cursor:
            found = Found(uuid, doc, name, who, label, start, end, text, {}, status)
            if not all(condition.matches(found) for condition in fields):
                continue
            found = found._replace(attributes=json.loads(attributes))
            if all(condition.matches(found) for condition in attributes_wanted):
                yield found

    def _with_context(self, rows: Sequence[Found], context: int) -> list[Found]:
        """`rows` with the text around each span (each document's text read once)."""
        result = []
        text, current = "", None
        for row in rows:
            if row.document_id != current:
                current, text = row.document_id, self.document_text(row.document_id)
            before = _line_part(text[max(0, row.start - context) : row.start], keep_end=True)
            after = _line_part(text[row.end : row.end + context], keep_end=False)
            result.append(row._replace(before=before, after=after))
        return result

    def labelled_spans(self, annotators: Sequence[str] | None = None) -> list[LabelledSpan]:
        """Every annotation of `annotators` (None: all), in document order: what the
        consistency checks compare."""
        sql = (
            'SELECT a.uuid, a.document_id, w.name, a.label, a.start, a."end", a.text '
            "FROM annotations a JOIN annotators w ON w.id = a.annotator_id"
        )
        params: list[Any] = []
        if annotators is not None:
            sql += f" WHERE w.name IN ({', '.join('?' * len(annotators))})"
            params = list(annotators)
        sql += ' ORDER BY a.document_id, a.start, a."end" DESC, a.id'
        return [LabelledSpan(*row) for row in self.conn.execute(sql, params)]

    def worked_documents(self, annotators: Sequence[str] | None = None) -> dict[str, set[int]]:
        """For each annotator (of `annotators`, None: all), the documents they have worked on:
        a status other than new, or an annotation there."""
        sql = (
            "SELECT w.name, s.document_id FROM doc_status s JOIN annotators w "
            f"ON w.id = s.annotator_id WHERE s.status != '{NEW}' "
            "UNION SELECT w.name, a.document_id FROM annotations a JOIN annotators w "
            "ON w.id = a.annotator_id"
        )
        worked: dict[str, set[int]] = {}
        wanted = None if annotators is None else set(annotators)
        for name, document_id in self.conn.execute(sql):
            if wanted is None or name in wanted:
                worked.setdefault(name, set()).add(document_id)
        return worked
