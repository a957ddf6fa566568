"""`annotator check`: what is wrong with a project file, sound or damaged (no Qt).

`check_file` reads the file through SQLite only, without writing to it, as far as a damaged
file allows (`salvage.connect_damaged`), and never raises for what it finds: a file that is not
a database or not a project; SQLite's integrity check, each damaged page named with the table or
index it belongs to; when something is damaged, how many rows of each table can still be read;
then the schema, foreign keys, the search index, every document's text against its hash, every
annotation against its text (and an accepted suggestion's provenance), every relation against
its spans and its type, and every pending suggestion against its text.
`check_project` runs the same checks on an open project.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.errors import SchemaError
from annotator.rules import (
    RelationType,
    doc_attribute_definition,
    doc_label_value,
    note_problem,
    relation_problem,
)
from annotator.store import schema
from annotator.store.project import ProjectError, sha256_text
from annotator.store.salvage import (
    TableRead,
    TableReader,
    connect_damaged,
    identify,
    is_misuse,
    read_keyed,
)
from annotator.store.sync_local import missing_triggers

if TYPE_CHECKING:
    from annotator.store.project import Project

MAX_PROBLEMS = 1000
_INTEGRITY_LINES = 100
_PAGE = re.compile(r"\bpage (\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a project file. `kind` is one of: file, integrity, table (rows
    that cannot be read), schema, foreign key, search index, document, annotation, relation,
    suggestion, document attribute, document label, unchecked (a check that could not read
    everything)."""

    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class CheckReport:
    """What `check_file` or `check_project` found."""

    problems: list[Problem] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # documents, annotations, relations
    tables: list[TableRead] = field(default_factory=list)  # rows readable, when damage was found
    version: int | None = None  # the file's schema version, when known
    unlisted: int = 0  # problems found beyond `MAX_PROBLEMS`
    limit: int = MAX_PROBLEMS

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def damaged(self) -> bool:
        """Whether SQLite found damaged pages (`annotator recover` saves what is readable)."""
        return any(p.kind in ("integrity", "table") for p in self.problems)

    def add(self, kind: str, message: str) -> None:
        if len(self.problems) < self.limit:
            self.problems.append(Problem(kind, message))
        else:
            self.unlisted += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "schema_version": self.version,
            "problems": [{"kind": p.kind, "message": p.message} for p in self.problems],
            "problems_not_listed": self.unlisted,
            "checked": self.checked,
            "tables": [table.to_json() for table in self.tables],
        }


def check_file(path: Path, max_problems: int = MAX_PROBLEMS) -> CheckReport:
    """Check project file `path` without writing to it; what is wrong is in the report."""
    path = Path(path)
    report = CheckReport(limit=max_problems)
    try:
        conn = connect_damaged(path)
    except ProjectError as err:
        report.add("file", str(err).removeprefix(f"{path}: "))
        return report
    with closing(conn):
        try:
            identity = identify(path, conn, "check")
        except ProjectError as err:
            report.add("file", str(err).removeprefix(f"{path}: "))
            return report
        report.version = identity.version
        if identity.version is None:
            report.add("file", "the meta table cannot be read: schema version unknown")
        _check(conn, identity.version or schema.SCHEMA_VERSION, report)
    return report


def check_project(project: Project, max_problems: int = MAX_PROBLEMS) -> CheckReport:
    """The checks of `check_file` on an open project."""
    report = CheckReport(version=schema.SCHEMA_VERSION, limit=max_problems)
    _check(project.conn, schema.SCHEMA_VERSION, report)
    return report


def _check(conn: sqlite3.Connection, version: int, report: CheckReport) -> None:
    def guarded(what: str, check: Callable[[], None]) -> None:
        try:
            check()
        except sqlite3.DatabaseError as err:
            if is_misuse(err):
                raise
            report.add("unchecked", f"{what}: not checked to the end, SQLite stopped: {err}")

    guarded("schema", lambda: _schema(conn, version, report))
    if _integrity(conn, report):
        _count_rows(conn, report)
    guarded("foreign keys", lambda: _foreign_keys(conn, report))
    _search_index(conn, report)
    guarded("documents", lambda: _documents(conn, report))
    if version >= 4:
        guarded("document tokens", lambda: _tokens(conn, report))
    guarded("annotations", lambda: _annotations(conn, report))
    guarded("relations", lambda: _relations(conn, report))
    if version >= 5:
        guarded("suggestions", lambda: _suggestions(conn, report))
    if version >= 6:
        guarded("document labels", lambda: _doc_labels(conn, report))
        guarded("notes", lambda: _notes(conn, report))
    if version >= 7:
        guarded("sync", lambda: _sync(conn, report))


def _sync(conn: sqlite3.Connection, report: CheckReport) -> None:
    """A project joined to a team server has every sync trigger (`store.sync_local`)."""
    missing = missing_triggers(conn)
    if missing:
        report.add(
            "sync",
            f"sync: {len(missing)} trigger(s) missing ({', '.join(missing[:3])}...): changes "
            "may not have been marked for the team server; `annotator sync` makes them again "
            "and compares every unit",
        )


def _schema(conn: sqlite3.Connection, version: int, report: CheckReport) -> None:
    for difference in schema.schema_differences(conn, version):
        report.add("schema", f"schema: {difference}")


def _integrity(conn: sqlite3.Connection, report: CheckReport) -> bool:
    """Add what SQLite's integrity check finds; whether it found anything."""
    lines, stopped = _integrity_lines(conn)
    if not lines and stopped is None:
        return False
    owners = _page_owners(conn)
    for line in lines:
        page = _PAGE.search(line)
        owner = owners.get(int(page.group(1))) if page else None
        report.add("integrity", f"integrity: {line}" + (f" ({owner})" if owner else ""))
    if stopped is not None:
        report.add("integrity", f"integrity: the check stopped at a page it cannot read: {stopped}")
    return True


def _integrity_lines(conn: sqlite3.Connection) -> tuple[list[str], str | None]:
    """The lines of `PRAGMA integrity_check` other than "ok", and SQLite's error when the check
    itself stopped. SQLite reports the damaged pages first, then may stop at one of them while
    comparing indexes with their tables: the rows before the stop are read one more at a time."""
    sql = "SELECT * FROM pragma_integrity_check(?) LIMIT ?"
    stopped = None
    try:
        rows = [row for (row,) in conn.execute(sql, (_INTEGRITY_LINES, _INTEGRITY_LINES))]
    except sqlite3.DatabaseError as err:
        if is_misuse(err):
            raise
        stopped, rows = str(err), []
        for count in range(1, _INTEGRITY_LINES + 1):
            try:
                more = [row for (row,) in conn.execute(sql, (_INTEGRITY_LINES, count))]
            except sqlite3.DatabaseError:
                break
            rows = more
            if len(more) < count:
                break
    lines = [
        line
        for row in rows
        if row != "ok"
        for line in str(row).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    return lines, stopped


def _page_owners(conn: sqlite3.Connection) -> dict[int, str]:
    """Page number: "table NAME" or "index NAME", for the pages SQLite can still attribute
    (each b-tree's own pages from `dbstat`, where available; else its root page)."""
    try:
        objects = conn.execute(
            "SELECT type, name, rootpage FROM sqlite_master WHERE rootpage > 0"
        ).fetchall()
    except sqlite3.DatabaseError:
        return {}
    owners = {root: f"{kind} {name}" for kind, name, root in objects}
    for kind, name, _ in objects:
        try:
            pages = conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (name,)).fetchall()
        except sqlite3.DatabaseError:
            continue
        owners.update((page, f"{kind} {name}") for (page,) in pages)
    return owners


def _count_rows(conn: sqlite3.Connection, report: CheckReport) -> None:
    """How many rows of each table can be read; a problem for each table not read whole."""
    try:
        tables = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND rootpage > 0 "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rootpage"
        ).fetchall()
    except sqlite3.DatabaseError:
        return
    for name, sql in tables:
        try:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({_quoted(name)})")]
        except sqlite3.DatabaseError:
            continue
        if "WITHOUT ROWID" in (sql or "").upper():
            found = read_keyed(conn, name, columns, (), tuple)[1]
        else:
            reader = TableReader(conn, name, columns)
            for _ in reader:
                pass
            reader.lost_keys()  # fills in how many rows the indexes list
            found = reader.found
        report.tables.append(found)
        if found.damaged:
            report.add("table", found.describe())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _foreign_keys(conn: sqlite3.Connection, report: CheckReport) -> None:
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
        report.add(
            "foreign key", f"foreign key: {table} row {rowid} refers to a missing {parent} row"
        )


def _search_index(conn: sqlite3.Connection, report: CheckReport) -> None:
    """FTS5's own check of the search index, run on a copy in memory: the check is an
    INSERT, which on the file itself would hold the write lock (and keep the app from
    saving) for as long as it runs."""
    try:
        copy = _search_index_copy(conn)
    except sqlite3.DatabaseError as err:
        if is_misuse(err):
            raise
        report.add("search index", f"search index: {err}")
        return
    with closing(copy):
        try:
            copy.execute("INSERT INTO doc_index(doc_index) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as err:
            report.add("search index", f"search index: {err}")


def _search_index_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    """An in-memory database holding the search index of `conn`: its definition and its
    tables (`doc_index_*`) as they are, read in one transaction."""
    copy = sqlite3.connect(":memory:", isolation_level=None)
    began = not conn.in_transaction
    try:
        if began:
            conn.execute("BEGIN")
        (definition,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'doc_index'"
        ).fetchone()
        copy.execute(definition)
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'doc\\_index\\_%' "
            "ESCAPE '\\'"
        ).fetchall():
            rows = conn.execute(f"SELECT * FROM {_quoted(table)}")
            marks = ", ".join("?" * len(rows.description))
            copy.execute(f"DELETE FROM {_quoted(table)}")
            copy.executemany(f"INSERT INTO {_quoted(table)} VALUES ({marks})", rows)
    except BaseException:
        copy.close()
        raise
    finally:
        if began and conn.in_transaction:
            conn.execute("COMMIT")
    return copy


def _documents(conn: sqlite3.Connection, report: CheckReport) -> None:
    report.checked["documents"] = 0
    for doc_id, name, text, sha, length in conn.execute(
        "SELECT id, name, text, sha256, length FROM documents ORDER BY id"
    ):
        report.checked["documents"] += 1
        if not isinstance(text, str):
            kind = type(text).__name__
            report.add("document", f"document {doc_id} ({name}): its text is not text ({kind})")
        elif sha256_text(text) != sha or len(text) != length:
            report.add("document", f"document {doc_id} ({name}): text differs from its stored hash")


def _tokens(conn: sqlite3.Connection, report: CheckReport) -> None:
    from annotator.store.tokens import token_problems

    stored = conn.execute("SELECT count(*) FROM doc_tokens").fetchone()[0]
    if stored:  # named only in projects with imported tokens
        report.checked["document tokens"] = stored
    for doc_id, problem in token_problems(conn):
        report.add("document", f"document {doc_id}: its stored tokens: {problem}")


def _annotations(conn: sqlite3.Connection, report: CheckReport) -> None:
    report.checked["annotations"] = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    for uuid, doc_id, start, end, snapshot, piece in conn.execute(
        'SELECT a.uuid, a.document_id, a.start, a."end", a.text, '
        'substr(d.text, a.start + 1, a."end" - a.start) FROM annotations a '
        'JOIN documents d ON d.id = a.document_id WHERE a.start < 0 OR a."end" <= a.start '
        'OR a."end" > d.length OR a.text IS NOT substr(d.text, a.start + 1, a."end" - a.start)'
    ):
        report.add(
            "annotation",
            f"annotation {uuid} in document {doc_id}: span {start}-{end} holds {piece!r}, "
            f"its snapshot is {snapshot!r}",
        )


def _relations(conn: sqlite3.Connection, report: CheckReport) -> None:
    report.checked["relations"] = conn.execute("SELECT count(*) FROM relations").fetchone()[0]
    for uuid, doc_id in conn.execute(
        "SELECT r.uuid, r.document_id FROM relations r "
        "LEFT JOIN annotations h ON h.uuid = r.head LEFT JOIN annotations t ON t.uuid = r.tail "
        "WHERE h.document_id IS NOT r.document_id OR t.document_id IS NOT r.document_id "
        "OR h.annotator_id IS NOT r.annotator_id OR t.annotator_id IS NOT r.annotator_id"
    ):
        report.add("relation", f"relation {uuid} in document {doc_id}: its spans are not its own")
    kinds = {
        name: RelationType(name, head, tail)
        for name, head, tail in conn.execute(
            "SELECT name, head_label, tail_label FROM relation_types"
        )
    }
    for uuid, doc_id, label, head, tail, head_label, tail_label in conn.execute(
        "SELECT r.uuid, r.document_id, r.label, r.head, r.tail, h.label, t.label FROM relations r "
        "JOIN annotations h ON h.uuid = r.head JOIN annotations t ON t.uuid = r.tail "
        "ORDER BY r.id"
    ):
        kind = kinds.get(label)
        unfit = (
            relation_problem(kind, head, tail, head_label, tail_label)
            if kind
            else f"its type {label} is not in the schema"
        )
        if unfit:
            report.add("relation", f"relation {uuid} in document {doc_id}: {unfit}")


def _notes(conn: sqlite3.Connection, report: CheckReport) -> None:
    """A note on a span is in the span's document, and says something or flags something
    (`rules.note_problem`)."""
    stored = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    if stored:  # named only in projects with notes
        report.checked["notes"] = stored
    for uuid, doc_id in conn.execute(
        "SELECT n.uuid, n.document_id FROM notes n JOIN annotations a "
        "ON a.uuid = n.annotation_uuid WHERE a.document_id IS NOT n.document_id ORDER BY n.id"
    ):
        report.add("note", f"note {uuid} in document {doc_id}: its span is in another document")
    for uuid, doc_id, text, flag in conn.execute(
        "SELECT uuid, document_id, text, needs_review FROM notes ORDER BY id"
    ):
        if problem := note_problem(text, bool(flag)):
            report.add("note", f"note {uuid} in document {doc_id}: {problem}")


def _doc_labels(conn: sqlite3.Connection, report: CheckReport) -> None:
    """Document attribute definitions (`rules.doc_attribute_definition`) and each document
    label's value against its definition (`rules.doc_label_value`)."""
    definitions: dict[str, dict[str, Any]] = {}
    for name, text in conn.execute("SELECT name, definition FROM doc_attribute_defs"):
        try:
            definition = json.loads(text)
            definitions[name] = doc_attribute_definition({**definition, "name": name})
        except (ValueError, TypeError, SchemaError) as err:
            report.add("document attribute", f"document attribute {name!r}: {err}")
    stored = conn.execute("SELECT count(*) FROM doc_labels").fetchone()[0]
    if stored:  # named only in projects with document labels
        report.checked["document labels"] = stored
    for doc_id, annotator, name, value in conn.execute(
        "SELECT l.document_id, w.name, l.name, l.value FROM doc_labels l "
        "LEFT JOIN annotators w ON w.id = l.annotator_id ORDER BY l.document_id, w.name, l.name"
    ):
        where = f"document {doc_id}, annotator {annotator}: document label {name!r}"
        definition = definitions.get(name)
        if definition is None:
            report.add("document label", f"{where}: no such document attribute")
            continue
        try:
            if doc_label_value(definition, json.loads(value)) is None:
                raise SchemaError("it holds no value")
        except (ValueError, TypeError, SchemaError) as err:
            report.add("document label", f"{where}: {err}")


def _suggestions(conn: sqlite3.Connection, report: CheckReport) -> None:
    """Pending suggestions against their documents' texts (the span and a claim's source),
    and the provenance an accepted one left on its annotation."""
    stored = conn.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    if stored:  # named only in projects with suggestions
        report.checked["suggestions"] = stored
    for uuid, doc_id, start, end, snapshot, piece in conn.execute(
        'SELECT s.uuid, s.document_id, s.start, s."end", s.text, '
        'substr(d.text, s.start + 1, s."end" - s.start) FROM suggestions s '
        'JOIN documents d ON d.id = s.document_id WHERE s.start < 0 OR s."end" <= s.start '
        'OR s."end" > d.length OR s.text IS NOT substr(d.text, s.start + 1, s."end" - s.start)'
    ):
        report.add(
            "suggestion",
            f"suggestion {uuid} in document {doc_id}: span {start}-{end} holds {piece!r}, "
            f"its snapshot is {snapshot!r}",
        )
    for uuid, doc_id, start, end in conn.execute(
        "SELECT s.uuid, s.document_id, s.source_start, s.source_end FROM suggestions s "
        "JOIN documents d ON d.id = s.document_id WHERE (s.source_start IS NULL) "
        "IS NOT (s.source_end IS NULL) OR s.source_start < 0 OR s.source_end <= s.source_start "
        "OR s.source_end > d.length"
    ):
        report.add(
            "suggestion",
            f"suggestion {uuid} in document {doc_id}: its source {start}-{end} is outside the text",
        )
    for uuid, doc_id in conn.execute(
        "SELECT uuid, document_id FROM annotations WHERE suggested_by IS NOT NULL "
        "AND CASE WHEN json_valid(suggested_by) THEN json_type(suggested_by) != 'object' "
        "ELSE 1 END"
    ):
        report.add(
            "annotation",
            f"annotation {uuid} in document {doc_id}: the suggestion it came from "
            "(suggested_by) cannot be read",
        )
