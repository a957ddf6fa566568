"""Project file schema and its migrations.

A project is one SQLite file. `meta` holds `app` (always "annotator"), `schema_version` and
`app_version`. Each schema change adds a function to `MIGRATIONS` that lifts a file from version
N-1 to N inside the caller's transaction; files written by a newer version are refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from annotator.rules import ANNOTATOR_ROLE, ROLES, STATUSES

APP_ID = "annotator"
SCHEMA_VERSION = 7


def _sql_list(values: tuple[str, ...]) -> str:
    """`values` as the items of an SQL `IN (...)` list (the rules' statuses and roles)."""
    return ", ".join(repr(value) for value in values)


_V1 = f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE labels (
    name TEXT PRIMARY KEY,
    colour TEXT NOT NULL,
    hotkey TEXT,
    position INTEGER NOT NULL,
    attributes TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE relation_types (
    name TEXT PRIMARY KEY,
    head_label TEXT,
    tail_label TEXT,
    hotkey TEXT
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    title TEXT,
    source TEXT,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    length INTEGER NOT NULL,
    n_tokens INTEGER,
    meta TEXT NOT NULL DEFAULT '{{}}',
    imported_at TEXT NOT NULL
);
CREATE TABLE annotators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL DEFAULT '{ANNOTATOR_ROLE}' CHECK (role IN ({_sql_list(ROLES)})),
    created_at TEXT NOT NULL
);
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{{}}',
    proposed_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX annotations_doc ON annotations(document_id, annotator_id);
CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    label TEXT NOT NULL,
    head TEXT NOT NULL REFERENCES annotations(uuid) ON DELETE CASCADE,
    tail TEXT NOT NULL REFERENCES annotations(uuid) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX relations_doc ON relations(document_id, annotator_id);
CREATE INDEX relations_head ON relations(head);
CREATE INDEX relations_tail ON relations(tail);
CREATE TABLE doc_status (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    status TEXT NOT NULL CHECK (status IN ({_sql_list(STATUSES)})),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
) WITHOUT ROWID;
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    annotator TEXT,
    action TEXT NOT NULL,
    document_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{{}}'
);
CREATE VIRTUAL TABLE doc_index USING fts5(
    body, content='', detail=none, tokenize='unicode61 remove_diacritics 0'
);
CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
"""

# Version 2: curation decisions of the gold standard's review (annotator.adjudication). One row
# per annotator proposal (an annotation of a role-'annotator' annotator): 'accepted' links it to
# the gold span made from it (`gold_uuid`), 'rejected' records that the curator turned it down.
# `label`, `start`, `end` are the proposal as it was decided (a rejection of a span that was
# changed since no longer applies). Rows go with the annotations they refer to.
_V2 = """
CREATE TABLE curation (
    annotation_uuid TEXT PRIMARY KEY REFERENCES annotations(uuid) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    gold_uuid TEXT REFERENCES annotations(uuid) ON DELETE CASCADE,
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    at TEXT NOT NULL,
    CHECK ((decision = 'accepted') = (gold_uuid IS NOT NULL))
) WITHOUT ROWID;
CREATE INDEX curation_doc ON curation(document_id);
CREATE INDEX curation_gold ON curation(gold_uuid);
"""


# Version 3: the search index's tokenizer is `ascii` instead of `unicode61`. Its bodies hold
# only index terms (see `search.IndexBodies`), which `ascii` reads as they are, at a third of
# the cost; the bodies are rebuilt from the documents' texts.
_V3 = """
DROP TABLE doc_index;
CREATE VIRTUAL TABLE doc_index USING fts5(
    body, content='', detail=none, tokenize='ascii'
);
"""

# Version 4: a document's own tokens and sentences, when it was imported from a tokenized corpus
# (CoNLL, WebAnno TSV, Hugging Face, spaCy with tokens): exports write exactly these. `data` is
# packed by `annotator.store.tokens.pack_tokens`. The token counts kept for `stats` are counted
# again: the tokenizer now keeps numbers such as 3.99 whole.
_V4 = """
CREATE TABLE doc_tokens (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    data BLOB NOT NULL
);
UPDATE documents SET n_tokens = NULL;
"""

# Version 5: suggestions (annotator.suggestions), stored apart from annotations and per
# annotator, never exported, counted or merged into gold; `source_start`/`source_end`: the ACTOR
# span a suggested CLAIM's source relation would point to; `key`: the normalized term a
# recommender matched, when it is not the span's own text («لحكومة» in «للحكومة» stands for
# «الحكومة»). `rejections`: what an annotator turned down (a label and the rejected key, else
# text, normalized: `rules.suggestion_key`), never proposed
# to them again. `gazetteer`: the entries of the gazetteer files loaded into the project, by file
# name. An accepted suggestion's annotation keeps `suggested_by` (JSON: recommender, score and,
# for a bulk acceptance, its batch).
_V5 = """
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    recommender TEXT NOT NULL,
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    score REAL NOT NULL CHECK (0 < score AND score <= 1),
    attributes TEXT NOT NULL DEFAULT '{}',
    source_start INTEGER,
    source_end INTEGER,
    created_at TEXT NOT NULL,
    key TEXT,
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX suggestions_doc ON suggestions(document_id, annotator_id);
CREATE TABLE rejections (
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    label TEXT NOT NULL,
    key TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (annotator_id, label, key)
) WITHOUT ROWID;
CREATE TABLE gazetteer (
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (name, text, label)
) WITHOUT ROWID;
ALTER TABLE annotations ADD COLUMN suggested_by TEXT
"""

# Version 6: what annotators and leads write beside spans. `labels.description`: what the label
# means (guidelines; an attribute's description is the `description` key of its definition in
# `labels.attributes`); the project's guideline text is the `meta` key 'guidelines'. `notes`: a
# note by its author (`annotator_id`) on an annotation (`annotation_uuid`) or, when that is
# NULL, on the document, with a "needs review" flag. `doc_attribute_defs`: the document-level
# attributes the schema defines (JSON definitions as a label's attributes: name, type, values,
# default, description), in order. `doc_labels`: an annotator's value (JSON) of a document
# attribute on a document, blind like spans. `doc_time`: active editing seconds per document
# and annotator.
_V6 = """
ALTER TABLE labels ADD COLUMN description TEXT NOT NULL DEFAULT '';
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotation_uuid TEXT REFERENCES annotations(uuid) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    text TEXT NOT NULL,
    needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX notes_doc ON notes(document_id, annotator_id);
CREATE INDEX notes_annotation ON notes(annotation_uuid);
CREATE TABLE doc_attribute_defs (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    definition TEXT NOT NULL
);
CREATE TABLE doc_labels (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id, name)
) WITHOUT ROWID;
CREATE TABLE doc_time (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
) WITHOUT ROWID
"""


# Version 7: team sync through a shared PostgreSQL (annotator.sync, store/sync_local.py). A unit
# is one annotator's work on one document. `sync_units`: the server version, content digest and
# content (JSON: the base of sync's three-way comparison) each unit was last synced at;
# `sync_sent`: a push not yet recorded here, the digest sent and the local content it was made
# from (written before it, cleared with the base after it: a kill in between leaves it, so the
# next sync knows the server holds it and what to compare with);
# `sync_outbox`: the units changed here since, `seq` growing at each change (a push clears the
# row only if `seq` is still what it read). They stay empty, and no trigger fills them, until
# the project is joined to a server (`sync_local.enable`).
_V7 = """
CREATE TABLE sync_units (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    version INTEGER NOT NULL,
    digest TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
) WITHOUT ROWID;
CREATE TABLE sync_sent (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    digest TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
) WITHOUT ROWID;
CREATE TABLE sync_outbox (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    seq INTEGER NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
) WITHOUT ROWID
"""


def _run(conn: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def _to_v2(conn: sqlite3.Connection, search_index: bool) -> None:
    _run(conn, _V2)


def _to_v4(conn: sqlite3.Connection, search_index: bool) -> None:
    _run(conn, _V4)


def _to_v5(conn: sqlite3.Connection, search_index: bool) -> None:
    _run(conn, _V5)


def _to_v6(conn: sqlite3.Connection, search_index: bool) -> None:
    _run(conn, _V6)


def _to_v7(conn: sqlite3.Connection, search_index: bool) -> None:
    _run(conn, _V7)


def _to_v3(conn: sqlite3.Connection, search_index: bool) -> None:
    from annotator.store.search import IndexBodies

    _run(conn, _V3)
    if not search_index:
        return
    # fewer segment merges while every document is added, as a bulk import does
    conn.execute("INSERT INTO doc_index(doc_index, rank) VALUES ('automerge', 16)")
    bodies = IndexBodies()
    unused: set[str] = set()
    conn.executemany(
        "INSERT INTO doc_index(rowid, body) VALUES (?, CAST(? AS TEXT))",
        (
            (doc_id, bodies.utf8_body(data, unused))
            for doc_id, data in conn.execute(
                "SELECT id, CAST(text AS BLOB) FROM documents ORDER BY id"
            )
        ),
    )
    conn.execute("INSERT INTO doc_index(doc_index, rank) VALUES ('automerge', 4)")


# MIGRATIONS[n] lifts a version n-1 file to version n. Version 1 is created directly; `create`
# then applies every migration, so a new file is exactly a migrated old one. The flag says
# whether the search index is to be filled (see `migrate`).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection, bool], None]] = {
    2: _to_v2,
    3: _to_v3,
    4: _to_v4,
    5: _to_v5,
    6: _to_v6,
    7: _to_v7,
}


def create(conn: sqlite3.Connection, app_version: str) -> None:
    """Create every table of the current schema in an empty database (caller's transaction)."""
    _run(conn, _V1)
    for version in range(2, SCHEMA_VERSION + 1):
        MIGRATIONS[version](conn, True)
    conn.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?)",
        [("app", APP_ID), ("schema_version", str(SCHEMA_VERSION)), ("app_version", app_version)],
    )


def migrate(
    conn: sqlite3.Connection, from_version: int, app_version: str, *, search_index: bool = True
) -> None:
    """Apply every migration above `from_version` (caller's transaction). Without
    `search_index` a migration that rebuilds the search index leaves it empty: for a
    read-only copy that is never searched (rebuilding takes ~8 s per 100,000 articles)."""
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](conn, search_index)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    conn.execute("UPDATE meta SET value = ? WHERE key = 'app_version'", (app_version,))


def schema_differences(conn: sqlite3.Connection, version: int = SCHEMA_VERSION) -> list[str]:
    """How the tables, columns and indexes of `conn` differ from schema `version`.

    Compares, with sqlite-utils' introspection, against a fresh in-memory project of that
    version: a table or column missing, one of another type, or a missing index (extra ones
    are reported too).
    """
    import sqlite_utils

    reference = sqlite3.connect(":memory:")
    try:
        _run(reference, _V1)
        for step in range(2, version + 1):
            MIGRATIONS[step](reference, False)
        expected, actual = sqlite_utils.Database(reference), sqlite_utils.Database(conn)
        problems: list[str] = []
        expected_tables, actual_tables = (
            {name for name in db.table_names() if not name.startswith("sqlite_")}
            for db in (expected, actual)
        )
        for name in sorted(expected_tables - actual_tables):
            problems.append(f"table {name} is missing")
        for name in sorted(actual_tables - expected_tables):
            problems.append(f"table {name} is not part of the schema")
        for name in sorted(expected_tables & actual_tables):
            want, have = expected[name].columns_dict, actual[name].columns_dict
            for column in want.keys() - have.keys():
                problems.append(f"table {name}: column {column} is missing")
            for column in have.keys() - want.keys():
                problems.append(f"table {name}: column {column} is not part of the schema")
            for column in want.keys() & have.keys():
                if want[column] is not have[column]:
                    problems.append(
                        f"table {name}: column {column} is {have[column].__name__}, "
                        f"expected {want[column].__name__}"
                    )
            want_indexes = {tuple(i.columns) for i in expected.table(name).indexes}
            have_indexes = {tuple(i.columns) for i in actual.table(name).indexes}
            for columns in sorted(want_indexes - have_indexes):
                problems.append(f"table {name}: index on ({', '.join(columns)}) is missing")
        return problems
    finally:
        reference.close()
