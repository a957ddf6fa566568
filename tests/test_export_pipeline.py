"""Export's parts: the one JSONL encoder, formats asked by capability, atomic outputs."""

from __future__ import annotations

import ast
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.exporting import ExportOptions
from annotator.exporting.select import writer_options
from annotator.files import Staging, atomic_file
from annotator.formats import FORMATS, doccano, hf, jsonl, spacy
from annotator.formats._json import json_line, raw_json
from annotator.model import DocRecord, RelationRecord, SpanRecord

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"

# ---------------------------------------------------------------- the JSONL encoder

_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=30)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_json_line_writes_what_json_dumps_writes(value):
    assert json_line(value) == (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.floats() | _values, max_size=4))
def test_free_form_values_keep_json_dumps_floats(value):
    """Metadata and attributes go in as json.dumps writes them (1e+16, not msgspec's 1e16)."""
    assert json_line({"meta": raw_json(value)}) == (
        json.dumps({"meta": value}, ensure_ascii=False) + "\n"
    ).encode("utf-8")


_text = st.text(alphabet=st.sampled_from('ab "\\\t\n\r\x01\u2028😀قال'), min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(_text, st.dictionaries(st.text(max_size=5), st.floats(allow_nan=False) | _scalars))
def test_a_stored_document_encodes_as_its_record(text, attributes):
    """The lossless line from stored rows is the line of the DocRecord they stand for."""
    stored_attributes = json.dumps(attributes, ensure_ascii=False)
    by = {"recommender": text, "score": 0.5}
    spans = [
        ("u1", 0, len(text), "ACTOR", "amal", stored_attributes, None),
        ("u2", 0, len(text), "CLAIM", "amal", "{}", json.dumps(by, ensure_ascii=False)),
    ]
    relations = [(None, "u1", "u1", "same", "amal")]
    meta = {"score": 1e16, "n": [1, None]}
    line = jsonl.stored_line(7, 'a "name"', text, json.dumps(meta), spans, relations)
    record = DocRecord(
        text,
        name='a "name"',
        id="7",
        meta=meta,
        spans=[
            SpanRecord(0, len(text), "ACTOR", "u1", "amal", attributes),
            SpanRecord(0, len(text), "CLAIM", "u2", "amal", suggested_by=by),
        ],
        relations=[RelationRecord("u1", "u1", "same", None, "amal")],
    )
    assert line == jsonl.doc_line(record)
    expected = jsonl_dumps(record)
    assert line == expected


def jsonl_dumps(doc: DocRecord) -> bytes:
    """The native JSONL line as json.dumps writes it (the format's definition)."""
    obj = {
        "id": doc.id,
        "name": doc.name,
        "text": doc.text,
        "meta": doc.meta,
        "spans": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "text": doc.text[s.start : s.end],
                "annotator": s.annotator,
                "attributes": s.attributes,
            }
            | ({} if s.suggested_by is None else {"suggested_by": s.suggested_by})
            for s in doc.spans
        ],
        "relations": [
            {"id": r.id, "head": r.head, "tail": r.tail, "label": r.label, "annotator": r.annotator}
            for r in doc.relations
        ],
    }
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


DOC = DocRecord(
    'قال "الوزير"\t\\ 😀',
    name="n\u2028",
    id="d1",
    meta={"score": 1e16, "small": 1e-07, "k": ['x"y', None]},
    spans=[SpanRecord(4, 12, "ACTOR", "a", "amal", {"kind": "state", "w": 2.5e20})],
    relations=[RelationRecord("a", "a", "self")],
)


@pytest.mark.parametrize(
    ("module", "options", "expected"),
    [
        (
            doccano,
            {},
            {
                "id": "d1",
                "name": "n\u2028",
                "text": DOC.text,
                "label": [[4, 12, "ACTOR"]],
                "meta": DOC.meta,
            },
        ),
        (
            spacy,
            {},
            {
                "text": DOC.text,
                "spans": [
                    {"start": 4, "end": 12, "label": "ACTOR", "token_start": 1, "token_end": 3}
                ],
                "tokens": [
                    {"text": "قال", "start": 0, "end": 3, "id": 0, "ws": True},
                    {"text": '"', "start": 4, "end": 5, "id": 1, "ws": False},
                    {"text": "الوزير", "start": 5, "end": 11, "id": 2, "ws": False},
                    {"text": '"', "start": 11, "end": 12, "id": 3, "ws": True},
                    {"text": "\\", "start": 13, "end": 14, "id": 4, "ws": True},
                    {"text": "😀", "start": 15, "end": 16, "id": 5, "ws": False},
                ],
                "sents": [{"start": 0, "end": 16}],
                "meta": {**DOC.meta, "id": "d1", "name": "n\u2028"},
            },
        ),
    ],
    ids=["doccano", "spacy"],
)
def test_json_writers_write_what_json_dumps_writes(module, options, expected):
    out = io.StringIO()
    module.write([DOC], out, **options)
    assert out.getvalue() == json.dumps(expected, ensure_ascii=False) + "\n"
    assert "1e+16" in out.getvalue()


def test_hf_rows_and_labels_file(tmp_path):
    out = io.StringIO()
    hf.write([DOC], out, labels=["ACTOR"])
    rows = out.getvalue().splitlines()
    assert rows == [json.dumps(json.loads(row), ensure_ascii=False) for row in rows]
    hf.write([DOC], tmp_path / "t.jsonl", labels=["ACTOR"])
    assert (tmp_path / "labels.json").read_text(encoding="utf-8") == hf.side_text(["ACTOR"])
    assert json.loads(hf.side_text(["ACTOR"]))["tags"] == ["O", "B-ACTOR", "I-ACTOR"]


# ---------------------------------------------------------------- capabilities, not names

FORMAT_NAMES = frozenset(FORMATS)


def format_name_checks(package: Path = PACKAGE) -> list[str]:
    """`file:line` of each comparison with a format's name (``fmt == "conll"``, ``in
    ("conll", "hf")``) and each tuple/list/set of format names, outside `package`/formats."""
    found = []
    formats = package / "formats"
    for path in sorted(p for p in package.rglob("*.py") if formats not in p.parents):
        where = path.relative_to(package.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                if any(_is_name(operand) for operand in operands):
                    found.append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.Tuple | ast.List | ast.Set):
                names = [element for element in node.elts if _is_name(element)]
                if len(names) >= 2:
                    found.append(f"{where}:{node.lineno}")
    return found


def _is_name(node: ast.expr) -> bool:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_name(element) for element in node.elts)
    return isinstance(node, ast.Constant) and node.value in FORMAT_NAMES


def test_no_code_outside_formats_tests_a_format_name():
    assert format_name_checks() == []


def test_the_check_finds_format_names(tmp_path):
    package = tmp_path / "annotator"
    (package / "formats").mkdir(parents=True)
    (package / "formats" / "x.py").write_text('ok = fmt == "conll"\n')
    (package / "exporting.py").write_text(
        'TAGGED = ("conll", "hf")\nif info.name == "jsonl":\n    pass\n'
        'if fmt not in ("brat",):\n    pass\nformat = "jsonl"\n'
    )
    assert format_name_checks(package) == [
        "annotator/exporting.py:1",
        "annotator/exporting.py:2",
        "annotator/exporting.py:4",
    ]


def test_writer_options_come_from_the_format_declaration():
    schema = ["CLAIM", "ACTOR", "CASUALTY"]
    options = ExportOptions(labels=("ACTOR",), layers=("ACTOR", "ACTOR"), scheme="BIOES")
    assert writer_options(FORMATS["conll"], options, schema) == {
        "scheme": "BIOES",
        "header": "comment",
        "offsets": False,
        "columns": "levels",
        "single_column": False,
        "priority": schema,
        "layers": ["ACTOR", "ACTOR"],
        "translit": None,
        "segment": None,
    }
    assert writer_options(FORMATS["hf"], options, schema) == {
        "labels": ["ACTOR"],
        "scheme": "BIOES",
        "priority": None,
        "nested": True,
        "translit": None,
        "segment": None,
    }
    assert writer_options(FORMATS["doccano"], options, schema) == {"relations": False}
    assert writer_options(FORMATS["jsonl"], options, schema) == {"translit": None}


# ---------------------------------------------------------------- atomic outputs


def test_atomic_file_replaces_keeping_the_mode(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    with atomic_file(target) as stream:
        stream.write("نص\n")
        assert target.read_text(encoding="utf-8") == "old"  # not yet
    assert target.read_text(encoding="utf-8") == "نص\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_file_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target, binary=True, sync=True) as stream:
        stream.write(b"new")
        raise RuntimeError("stop")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_staging_puts_everything_in_place_at_once_or_nothing(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "kept.txt").write_text("kept", encoding="utf-8")
    with Staging() as staging:
        staging.file(tmp_path / "a.txt").write_text("a", encoding="utf-8")
        folder = staging.directory(tmp_path / "folder")
        folder.mkdir()
        (folder / "b.txt").write_text("b", encoding="utf-8")
        assert not (tmp_path / "a.txt").exists()
        staging.commit()
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "a"
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == ["b.txt", "kept.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "folder"]
    with pytest.raises(RuntimeError), Staging() as staging:
        staging.file(tmp_path / "c.txt").write_text("c", encoding="utf-8")
        staging.directory(tmp_path / "d").mkdir()
        raise RuntimeError("stop")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "folder"]


# ---------------------------------------------------------------- shares in a worker process


@pytest.fixture
def corpus(tmp_path):
    """Six documents, two annotators who marked them done; spans of two labels and relations
    between them."""
    from annotator.store import Project

    with Project.create(tmp_path / "c.sqlite") as project:
        for i in range(6):
            text = f'وزير "{i}" قال\tإن {i} جنود قتلوا'
            [doc_id] = project.add_documents([DocRecord(text=text, meta={"n": i})]).added
            for who in ("amal", "omar"):
                actor = project.add_annotation(
                    doc_id, who, "ACTOR", 0, 4, attributes={"kind": "state"}
                )
                claim = project.add_annotation(doc_id, who, "CLAIM", 0, len(text))
                project.add_relation(doc_id, who, "source", claim.uuid, actor.uuid)
                project.set_status(doc_id, who, "done")
        yield project


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(format="jsonl", annotator="amal"),
        ExportOptions(format="jsonl", annotator="amal", labels=["ACTOR"]),
        ExportOptions(format="jsonl", majority=2, labels=["CLAIM"]),
    ],
    ids=["annotator", "labels", "majority"],
)
def test_shares_rendered_in_a_worker_give_the_same_output(
    corpus, tmp_path, monkeypatch, one_worker_requests, options
):
    """Half of a large JSONL export is read and rendered by a worker process, then appended:
    the same bytes and counts as one process."""
    from annotator.exporting import export
    from annotator.exporting import write as write_stage

    alone = export(corpus, tmp_path / "alone.jsonl", options)
    monkeypatch.setattr(write_stage, "SHARE_MIN_DOCUMENTS", 2)
    started = one_worker_requests(write_stage)
    seen = []
    shared = export(
        corpus,
        tmp_path / "shared.jsonl",
        options,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert started == [True]
    assert (tmp_path / "shared.jsonl").read_bytes() == (tmp_path / "alone.jsonl").read_bytes()
    assert shared.totals() == alone.totals()
    assert shared.files[0].documents == 6 and seen[-1] == (6, 6)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_share_falls_back_here_when_the_worker_cannot_run(corpus, tmp_path, monkeypatch):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool
    from contextlib import contextmanager

    from annotator.exporting import export
    from annotator.exporting import write as write_stage

    class BrokenPool:
        def submit(self, *args, **kwargs):
            future = Future()
            future.set_exception(BrokenProcessPool("cannot start"))
            return future

    @contextmanager
    def broken(wanted):
        yield BrokenPool()

    options = ExportOptions(format="jsonl", annotator="omar")
    export(corpus, tmp_path / "alone.jsonl", options)
    monkeypatch.setattr(write_stage, "SHARE_MIN_DOCUMENTS", 2)
    monkeypatch.setattr(write_stage, "one_worker", broken)
    result = export(corpus, tmp_path / "here.jsonl", options)
    assert (tmp_path / "here.jsonl").read_bytes() == (tmp_path / "alone.jsonl").read_bytes()
    assert result.files[0].documents == 6
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("kernel_copy", [True, False], ids=["copy_file_range", "fallback"])
def test_append_file_appends_the_whole_file(tmp_path, monkeypatch, kernel_copy):
    from annotator import files

    if not kernel_copy:

        def refuse(*args):
            raise OSError(18, "Invalid cross-device link")

        monkeypatch.setattr(files.os, "copy_file_range", refuse)
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_bytes("أول\n".encode() * 1000)
    second.write_bytes("ثان\n".encode() * 3000)
    with first.open("r+b") as whole, second.open("rb") as rest:
        files.append_file(rest, whole)
    assert first.read_bytes() == "أول\n".encode() * 1000 + "ثان\n".encode() * 3000
