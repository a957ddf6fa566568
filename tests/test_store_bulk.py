"""import_records' chunked path (annotator.store.bulk): same project as one record at a time,
documents already there, problems found in the middle of a chunk, UUIDs, the journal mode."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from pathlib import Path

import pytest

from annotator.commands.project import check_project
from annotator.model import DocRecord, InputError, RelationRecord, SpanRecord
from annotator.store import Project, RelationType
from annotator.store import importer as importer_module
from annotator.store.search import index_terms, normalize_for_index
from annotator.text.normalize import REMOVED, normalize_table

UUID7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def article(i: int) -> str:
    # an emoji before the spans (code points, not UTF-16), tashkeel, tatweel, a NBSP, a ZWNJ,
    # Latin capitals and Arabic-Indic digits: all normalized for the search index
    return f"😀 قال الوزيرُ {i} إن الجيـــش قصف\u00a0المدينة ٣ مرات\u200c و ALPHA بيروت"


def spans_of(text: str, label: str, word: str, **extra) -> SpanRecord:
    start = text.index(word)
    return SpanRecord(start, start + len(word), label, **extra)


def record(i: int, *, line: int | None = None, text: str | None = None) -> DocRecord:
    text = text or article(i)
    claim = SpanRecord(2, len(text), "CLAIM", id="c")
    actor = spans_of(text, "ACTOR", "الوزيرُ", id="a", attributes={"kind": "person"})
    army = spans_of(text, "ACTOR", "الجيـــش", id="b", attributes={"kind": "state"})
    place = spans_of(text, "PLACE", "بيروت", id="p")  # a label the schema does not have
    return DocRecord(
        text=text,
        name=f"doc{i}",
        meta={"title": f"t{i}", "n": i},
        spans=[claim, actor, army, place, SpanRecord(actor.start, actor.end, "ACTOR")],
        relations=[
            RelationRecord("c", "a", "source"),
            RelationRecord("c", "b", "source", id="r2"),
            RelationRecord("c", "a", "source"),  # the same again: stored once
            RelationRecord("p", "b", "near"),  # a relation type the schema does not have
        ],
        source="in.jsonl",
        line=line if line is not None else i + 1,
    )


def dump(project: Project) -> dict:
    """Everything an import writes, without UUIDs and times."""
    conn = project.conn
    where = {
        uuid: (label, start, end)
        for uuid, label, start, end in conn.execute(
            'SELECT uuid, label, start, "end" FROM annotations'
        )
    }
    return {
        "documents": conn.execute(
            "SELECT id, name, title, source, text, typeof(text), sha256, length, meta "
            "FROM documents ORDER BY id"
        ).fetchall(),
        "annotations": sorted(
            conn.execute(
                'SELECT document_id, annotator_id, label, start, "end", text, attributes '
                "FROM annotations"
            )
        ),
        "relations": sorted(
            (doc, who, label, where[head], where[tail])
            for doc, who, label, head, tail in conn.execute(
                "SELECT document_id, annotator_id, label, head, tail FROM relations"
            )
        ),
        "status": sorted(conn.execute("SELECT document_id, annotator_id, status FROM doc_status")),
        "labels": conn.execute(
            "SELECT name, position, attributes FROM labels ORDER BY position"
        ).fetchall(),
        "relation_types": project.relation_types(),
        "history": conn.execute(
            "SELECT annotator, action, document_id, detail FROM history ORDER BY id"
        ).fetchall(),
        "terms": sorted(conn.execute("SELECT term FROM terms")),
        "search": [
            project.search(query, limit=None).document_ids
            for query in ("الجيش", "الوزير", "alpha", "3", "قصف المدينه", "بيروت")
        ],
    }


def summary_tuple(summary) -> tuple:
    return (
        summary.documents_added,
        summary.documents_matched,
        summary.spans_added,
        summary.spans_duplicate,
        summary.relations_added,
        summary.labels_added,
        summary.document_ids,
    )


def one_by_one(project: Project, records, annotator: str, **options):
    """The policy "skip" (documents written a run at a time around the ones left out), which
    must leave nothing out here."""
    summary = project.import_records(records, annotator, on_problem="skip", **options)
    assert summary.skipped == []
    return summary


@pytest.fixture
def two(tmp_path: Path):
    with (
        Project.create(tmp_path / "chunks.sqlite") as a,
        Project.create(tmp_path / "one.sqlite") as b,
    ):
        yield a, b


class Packed:
    """Records prepared and packed as the import's worker processes do (a ChunkSource)."""

    def __init__(self, records: list[DocRecord]) -> None:
        self.records = records

    def chunks(self, context):
        from annotator.store import bulk

        for chunk in bulk.chunks_of_records(self.records, context, itertools.count()):
            yield bulk.pack(chunk)


class Spooled(Packed):
    """Packed into two spool files used in turn, as the import's workers hand chunks over, the
    chunks made small so that a file holds a larger image before a smaller one."""

    def chunks(self, context):
        from annotator.store import bulk
        from annotator.workers import spool_folder

        with spool_folder() as folder:
            tasks = itertools.count()
            records = bulk.chunks_of_records(
                self.records, context, tasks, size=7 + len(self.records) % 5
            )
            for index, chunk in enumerate(records):
                spool = f"{folder}/chunk-{index % 2}.sqlite"
                packed = bulk.pack(chunk, spool)
                assert packed.image is None and packed.spooled[0] == spool
                yield bulk.unspool(packed)


def chunked_import(project: Project, records, annotator: str, **options):
    return project.import_records(records, annotator, **options)


def packed_import(project: Project, records, annotator: str, **options):
    return project.import_records(Packed(records), annotator, **options)


def spooled_import(project: Project, records, annotator: str, **options):
    return project.import_records(Spooled(records), annotator, **options)


@pytest.mark.parametrize(
    "importer", [chunked_import, packed_import, spooled_import], ids=["rows", "packed", "spooled"]
)
def test_chunks_store_what_one_record_at_a_time_stores(two, importer):
    chunked, single = two
    # documents already there: one with a span and a relation of the same annotator, one of
    # another annotator; duplicates inside the import, in one chunk and across chunks
    first = [record(3), record(700)]
    for project in two:
        project.add_documents([DocRecord(text=article(1), name="old")])
        one_by_one(project, first, "amal")
        one_by_one(project, [record(5)], "omar")
    records = [record(i) for i in range(600)]
    records[10] = record(4, line=11)  # the same text as record 4, in the same chunk
    records[400] = record(7, line=401)  # the same text as record 7, in another chunk
    matched = []
    for done in (False, True):
        results = []
        for project, how in ((chunked, importer), (single, one_by_one)):
            summary = how(project, records[: 300 if not done else 600], "amal", done=done)
            results.append(summary_tuple(summary))
        assert results[0] == results[1]
        matched.append(results[0][1])
    assert dump(chunked) == dump(single)
    assert check_project(chunked)[0] == []
    # 1, 3 and 5 were there, 4 twice; then the first 300 again and 7 twice
    assert matched == [4, 301]
    assert RelationType("near") in dump(chunked)["relation_types"]


def test_existing_identical_spans_are_skipped_unchecked(two):
    """A span or relation the annotator already has is skipped even where a new one would
    now be refused (as one record at a time does)."""
    chunked, single = two
    text = article(0)
    good = record(0, text=text)
    for project in two:
        project.import_records([good], "amal")
        # stricter now, as in a file from before the store refused such a change
        project.conn.execute(
            "UPDATE relation_types SET head_label = 'PLACE', tail_label = 'CLAIM' "
            "WHERE name = 'near'"
        )
    bad = record(0, text=text)
    bad.spans[1].attributes = {"kind": "robot"}  # not a kind, but that span is there already
    new = [record(8), record(9)]
    for doc in new:
        doc.relations.pop()  # the near relation, refused now
    for project, importer in ((chunked, Project.import_records), (single, one_by_one)):
        summary = importer(project, [new[0], bad, new[1]], "amal")
        assert summary.spans_duplicate == 1 + 5 + 1 and summary.relations_added == 2 * 2
    assert dump(chunked) == dump(single)
    bad.spans.append(spans_of(text, "ACTOR", "المدينة", attributes={"kind": "robot"}))
    for project in two:
        with pytest.raises(InputError, match="robot"):
            project.import_records([bad], "amal")


def test_a_bad_document_in_the_middle_of_a_chunk_writes_nothing(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as project:
        project.import_records([record(1)], "amal")
        before = dump(project)
        cases = [
            (SpanRecord(0, 999, "ACTOR", id="x"), r"in\.jsonl:51: span x .*outside"),
            (SpanRecord(2, 4, "ACTOR", text="خطأ"), r"in\.jsonl:51: span .*does not match"),
            (SpanRecord(2, 4, "ACTOR", attributes={"kind": "robot"}), r"in\.jsonl:51: .*robot"),
        ]

        def records_100() -> list[DocRecord]:
            return [record(i, line=k + 1) for k, i in enumerate(range(100, 200))]

        for span, message in cases:
            records = records_100()
            records[50].spans.append(span)
            with pytest.raises(InputError, match=message):
                project.import_records(records, "omar")
            assert dump(project) == before
            assert project.annotators(role=None) == ["amal"]
        records = records_100()
        records[60].relations.append(RelationRecord("a", "c", "source", id="back"))
        with pytest.raises(InputError, match=r"in\.jsonl:61: relation back: source must start"):
            project.import_records(records, "omar")
        records = records_100()
        records[70].relations.append(RelationRecord("c", "zz", "source"))
        with pytest.raises(InputError, match=r"in\.jsonl:71: .*unknown span 'zz'"):
            project.import_records(records, "omar")
        # the first problem in document order is the one reported
        records = records_100()
        records[80].spans.append(SpanRecord(0, 999, "ACTOR"))
        records[20].relations.append(RelationRecord("c", "c", "source", id="self"))
        with pytest.raises(InputError, match=r"in\.jsonl:21: relation self: .*two different"):
            project.import_records(records, "omar")
        records = [record(i) for i in range(100, 110)]
        records[5] = DocRecord(text="ا" * 300, name="doc5", source="in.jsonl", line=6)
        with pytest.raises(InputError, match=r"in\.jsonl:6: doc5: 600 bytes exceeds"):
            project.import_records(records, "omar", max_bytes=500)
        assert dump(project) == before


def test_uuids_are_unique_ordered_version_7(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as project:
        for annotator in ("amal", "omar", "lina"):
            project.import_records([record(i) for i in range(300)], annotator)
        uuids = [uuid for (uuid,) in project.conn.execute("SELECT uuid FROM annotations")]
        uuids += [uuid for (uuid,) in project.conn.execute("SELECT uuid FROM relations")]
    assert len(uuids) == len(set(uuids)) == 3 * 300 * (4 + 3)
    assert all(UUID7.fullmatch(uuid) for uuid in uuids)
    rows = [
        uuid
        for (uuid,) in sqlite3.connect(tmp_path / "p.sqlite").execute(
            "SELECT uuid FROM annotations WHERE annotator_id = 1 ORDER BY id"
        )
    ]
    assert rows == sorted(rows)  # consecutive: appended to the uuid index


def test_index_body_gives_the_terms_of_the_whole_normalized_text(tmp_path, seeds_dir):
    """The search index gets a document's distinct normalized words; normalization never
    makes or removes whitespace, so these are the whole normalized text's words."""
    table = normalize_table()
    assert not any(char.isspace() for char in REMOVED)
    assert all(chr(code).isspace() for code, value in table.items() if value and value.isspace())
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))[:5]]
    with (
        Project.create(tmp_path / "a.sqlite") as annotated,
        Project.create(tmp_path / "b.sqlite") as plain,
    ):
        annotated.import_records([DocRecord(text=t, name=str(i)) for i, t in enumerate(texts)], "a")
        plain.add_documents([DocRecord(text=t, name=str(i)) for i, t in enumerate(texts)])
        terms = [sorted(p.conn.execute("SELECT term FROM terms")) for p in (annotated, plain)]
        assert terms[0] == terms[1]
        assert {t for (t,) in terms[0]} == set().union(
            *(index_terms(normalize_for_index(t)) for t in texts)
        )
        words = sorted({w for t in texts for w in normalize_for_index(t).split()})[::97]
        for word in words:
            assert (
                annotated.search(word, limit=None).document_ids
                == plain.search(word, limit=None).document_ids
            )
        annotated.conn.execute("INSERT INTO doc_index(doc_index) VALUES ('integrity-check')")


# ---------------------------------------------------------------- journal mode


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def test_wal_mode_is_restored_after_an_import_and_after_a_failed_one(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.import_records([record(i) for i in range(50)], "amal")
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        bad = [record(i) for i in range(50, 100)]
        bad[30].spans.append(SpanRecord(0, 999, "ACTOR"))
        with pytest.raises(InputError):
            project.import_records(bad, "amal")
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.count_documents() == 50
    assert journal_mode(path) == "wal"
    assert not Path(f"{path}-journal").exists()


def test_an_import_beside_another_connection_stays_in_wal_mode(tmp_path, monkeypatch):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project, Project.open(path) as reader:
        assert reader.count_documents() == 0  # the other connection has read the file
        seen: list[str] = []
        original = importer_module.write_chunk

        def spy(*args):
            seen.append(project.conn.execute("PRAGMA journal_mode").fetchone()[0])
            return original(*args)

        monkeypatch.setattr(importer_module, "write_chunk", spy)
        project.import_records([record(i) for i in range(20)], "amal")
        assert seen == ["wal"]
        assert reader.count_documents() == 20


@pytest.mark.parametrize("importer", [chunked_import, packed_import], ids=["rows", "packed"])
def test_an_import_inside_a_transaction_joins_it(tmp_path, importer):
    with Project.create(tmp_path / "p.sqlite") as project:
        with pytest.raises(RuntimeError), project.transaction():
            importer(project, [record(i) for i in range(20)], "amal")
            assert project.count_documents() == 20  # packed chunks unpacked: nothing attached
            assert project.search("الوزير", limit=None).document_count == 20
            raise RuntimeError("caller changes its mind")
        assert project.count_documents() == 0
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _settings(project: Project) -> tuple:
    conn = project.conn
    return (
        conn.execute("PRAGMA foreign_keys").fetchone()[0],
        [name for _, name, _ in conn.execute("PRAGMA database_list")],
        conn.execute("SELECT v FROM doc_index_config WHERE k = 'automerge'").fetchone(),
    )


def test_a_bulk_import_restores_the_connection_and_index_settings(tmp_path, monkeypatch):
    with Project.create(tmp_path / "p.sqlite") as project:
        assert _settings(project) == (1, ["main"], (4,))  # FTS5's default, set by schema v3
        seen = []
        original = importer_module.write_chunk

        def spy(*args):
            seen.append(_settings(project))
            return original(*args)

        monkeypatch.setattr(importer_module, "write_chunk", spy)
        packed_import(project, [record(i) for i in range(20)], "amal")
        # during: no foreign key checks, the chunk database attached, fewer index merges
        assert seen == [(0, ["main", "import_chunk"], (16,))]
        assert _settings(project) == (1, ["main"], (4,))
        bad = [record(i) for i in range(20, 40)]
        bad[5].spans.append(SpanRecord(0, 999, "ACTOR"))
        with pytest.raises(InputError):
            packed_import(project, bad, "amal")
        assert _settings(project) == (1, ["main"], (4,))
        assert project.count_documents() == 20
        assert check_project(project)[0] == []


def test_history_entries_of_a_chunked_import(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as project:
        summary = project.import_records([record(1), record(2)], "amal", done=True)
        history = project.history(3)
    assert [h[2] for h in history] == ["import annotations"] * 3
    assert history[0][3] is None and history[0][4] == {"documents": 2, "spans": 8}
    assert [(h[3], h[4]) for h in history[:0:-1]] == [
        (doc, {"spans": 4, "relations": 3, "status": "done"}) for doc in summary.document_ids
    ]
    assert json.loads(json.dumps(history[1][4])) == history[1][4]


def test_index_body_holds_the_index_terms_with_a_full_word_memo(seeds_dir, monkeypatch):
    from annotator.store import bulk, search

    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    texts.append("ـــ \u200c قال\u00a0ALPHA ١٢ أَحمد")  # words of removed characters only
    context = bulk.new_context([], [], 1000)
    monkeypatch.setattr(search, "WORDS_KEPT", 500)
    for share_terms in (True, False):
        preparer = bulk.Preparer(context, share_terms=share_terms)
        terms: set[str] = set()
        for text in texts + texts:
            body = preparer.index_body(text.encode("utf-8"), terms).decode("utf-8")
            # only terms (the `ascii` tokenizer reads each as one token), every one of them
            assert set(body.split()) == index_terms(normalize_for_index(text))
            assert sorted(preparer.bodies.body(text, set()).split()) == sorted(body.split())
        assert terms == set().union(*(index_terms(normalize_for_index(t)) for t in texts))
        assert 500 <= len(preparer.bodies._normalized) < 1500


def test_a_chunk_whose_spool_cannot_be_written_keeps_its_image(tmp_path):
    from annotator.store import bulk

    with Project.create(tmp_path / "p.sqlite") as project:
        context = bulk.new_context(project.labels(), project.relation_types(), 10**6)
    [chunk] = bulk.chunks_of_records([record(1)], context, itertools.count())
    packed = bulk.pack(chunk, str(tmp_path / "no-such-folder" / "chunk-0.sqlite"))
    assert packed.spooled is None and packed.image is not None
    assert bulk.unspool(packed) is packed
    assert [row[1] for row in bulk.unpack(packed).docs] == [record(1).name]
