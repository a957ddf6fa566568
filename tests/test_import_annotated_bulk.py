"""import_annotated's chunked path: worker processes, progress, a kill in the middle."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.commands.project import check_project
from annotator.importing import import_annotated
from annotator.model import InputError
from annotator.store import Project

ROOT = Path(__file__).resolve().parent.parent


def rows(n: int, first: int = 0) -> list[dict]:
    found = []
    for i in range(first, first + n):
        text = f"😀 قال الوزير {i} إن الجيش قصف المدينة"
        found.append(
            {
                "text": text,
                "name": f"d{i}",
                "spans": [
                    {"id": "c", "start": 2, "end": len(text), "label": "CLAIM"},
                    {"id": 7, "start": 6, "end": 12, "label": "ACTOR", "text": "الوزير"},
                    {"start": 6, "end": 12, "label": "ACTOR", "attributes": {"kind": "state"}},
                ],
                "relations": [{"head": "c", "tail": 7, "label": "source"}],
            }
        )
    return found


def write(path: Path, items: list) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False))
            out.write("\n")
    return path


def contents(project: Project) -> list[tuple]:
    return [
        (
            project.document(doc).name,
            sorted(
                (a.label, a.start, a.end, a.text, tuple(a.attributes.items()))
                for a in project.annotations(doc)
            ),
            len(project.relations(doc)),
            project.status(doc, "amal"),
        )
        for doc in project.document_ids()
    ]


@pytest.fixture(params=[None, 900], ids=["2MB-blocks", "900B-blocks"])
def block_size(request, monkeypatch):
    """The bytes of lines given to a worker at once: the default, or a few lines (a line may
    not fit)."""
    from annotator import importing

    if request.param is not None:
        monkeypatch.setattr(importing, "_BYTES_PER_TASK", request.param)
    return request.param


def test_workers_and_this_process_give_the_same_project(tmp_path, block_size):
    items = rows(700)
    items[650] = items[30]  # a text seen in an earlier chunk: matched
    items[20] = items[19]  # in the same chunk
    path = write(tmp_path / "in.jsonl", items[:400] + [""] + items[400:])  # and a blank line
    results = []
    for workers in (0, 1, 2):
        with Project.create(tmp_path / f"p{workers}.sqlite") as project:
            report = import_annotated(
                project, [path], "jsonl", annotator="amal", workers=workers, done=True
            )
            results.append((report.to_json(), contents(project)))
    assert results[0] == results[1] == results[2]
    report = results[0][0]
    assert (report["documents_added"], report["documents_matched"]) == (698, 2)
    assert report["spans_duplicate"] == 698 + 2 * 3  # the 3rd span; all of a matched document
    assert report["document_ids"][650] == report["document_ids"][30]


def test_a_bom_is_dropped_at_the_start_of_the_file_only(tmp_path, block_size):
    bom = b"\xef\xbb\xbf"
    path = write(tmp_path / "in.jsonl", rows(300))
    path.write_bytes(bom + path.read_bytes())
    with Project.create(tmp_path / "p.sqlite") as project:
        for workers in (0, 2):
            report = import_annotated(
                project, [path], "jsonl", annotator=f"a{workers}", workers=workers
            )
            assert report.documents_added + report.documents_matched == 300
    lines = path.read_bytes().split(b"\n")
    lines[200] = bom + lines[200]  # one inside the file: not JSON
    path.write_bytes(b"\n".join(lines))
    with Project.create(tmp_path / "q.sqlite") as project:
        for workers in (0, 2):
            with pytest.raises(InputError) as caught:
                import_annotated(project, [path], "jsonl", annotator="amal", workers=workers)
            assert caught.value.line == 201
    # a BOM before every line: only the first is read, whichever line starts a worker's range
    path.write_bytes(b"\n".join(lines[:1] + [bom + line if line else line for line in lines[1:]]))
    with Project.create(tmp_path / "r.sqlite") as project:
        for workers in (0, 2):
            report = import_annotated(
                project, [path], "jsonl", annotator=f"a{workers}", workers=workers, skip_bad=True
            )
            assert report.documents_added + report.documents_matched == 1
            assert [n.line for n in report.reader.skipped] == list(range(2, 301))


def test_a_bad_line_after_a_bad_document_reports_the_document(tmp_path, block_size):
    items: list = rows(300)
    items[100]["spans"][1]["attributes"] = {"kind": "robot"}  # refused by the store
    items[250] = '{"text": "x", "spans": [{"start": 0, "end": 5, "label": "A"}]}'  # by the reader
    path = write(tmp_path / "in.jsonl", items)
    with Project.create(tmp_path / "p.sqlite") as project:
        for workers in (0, 2):
            with pytest.raises(InputError) as caught:
                import_annotated(project, [path], "jsonl", annotator="amal", workers=workers)
            assert (caught.value.line, "robot" in caught.value.message) == (101, True)
        assert project.count_documents() == 0 and project.annotators(role=None) == []


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.binary(max_size=40).map(lambda raw: raw.replace(b"\n", b"")), max_size=12),
    final_newline=st.booleans(),
    size=st.integers(1, 64),
    scan=st.integers(1, 8),
)
def test_byte_ranges_give_every_line_once_as_iterating_over_the_file_does(
    tmp_path_factory, lines, final_newline, size, scan
):
    from annotator import importing

    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    path = tmp_path_factory.mktemp("blocks") / "in.jsonl"
    path.write_bytes(data)
    with path.open("rb") as handle:
        expected = [raw.removesuffix(b"\n") for raw in handle]
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(importing, "_BYTES_PER_TASK", size)
        patched.setattr(importing, "_SCAN_BYTES", scan)  # lines longer than a scan
        ranges = importing._byte_ranges(path)
        found = [importing._block_lines(str(path), *piece) for piece in ranges]
    assert [line for block in found for line in block] == expected
    assert ranges == [
        (offset, min(size, len(data) - offset)) for offset in range(0, len(data), size)
    ]


def test_a_missing_file_is_reported_by_name(tmp_path):
    from annotator import importing

    with pytest.raises(InputError) as caught:
        importing._byte_ranges(tmp_path / "gone.jsonl")
    assert caught.value.path.endswith("gone.jsonl") and "cannot open" in caught.value.message


def test_progress_is_called_once_per_document(tmp_path):
    path = write(tmp_path / "in.jsonl", rows(450))
    with Project.create(tmp_path / "p.sqlite") as project:
        calls: list[int] = []
        import_annotated(
            project, [path], "jsonl", annotator="amal", workers=2, progress=calls.append
        )
    assert calls == [1] * 450


CHILD = """
import multiprocessing
import sys
from annotator.importing import import_annotated
from annotator.store import Project

path, source, log, workers = sys.argv[1:5]
out = open(log, "w", buffering=1)
with Project.open(path) as project:
    def progress(count, seen=[0]):
        seen[0] += count
        if seen[0] == 2000:
            workers = [str(child.pid) for child in multiprocessing.active_children()]
            out.write(f"importing {' '.join(workers)}\\n")
    import_annotated(
        project, [source], "jsonl", annotator="amal", workers=int(workers), progress=progress
    )
out.write("done\\n")
"""


@pytest.mark.parametrize("workers", [0, 2], ids=["this-process", "packed-by-workers"])
def test_a_kill_in_the_middle_of_an_import_leaves_the_project_as_it_was(tmp_path, workers):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        import_annotated(project, [write(tmp_path / "a.jsonl", rows(50))], "jsonl", annotator="o")
        before = contents(project)
    source = write(tmp_path / "big.jsonl", rows(30_000, first=100))
    log = tmp_path / "log"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(source), str(log), str(workers)], cwd=ROOT
    )
    try:
        deadline = time.monotonic() + 120
        while "importing" not in (log.read_text() if log.exists() else ""):
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    assert "done" not in log.read_text()
    workers_of_child = [int(pid) for pid in log.read_text().split()[1:]]
    assert len(workers_of_child) == workers
    from annotator.workers import SPOOL_PREFIX, _spool_parent

    spools = list(Path(_spool_parent()).glob(f"{SPOOL_PREFIX}{child.pid}-*"))
    assert len(spools) == (1 if workers else 0)  # left by the killed import
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers_of_child):  # they end with their parent
        assert time.monotonic() < deadline, "worker processes outlived the killed import"
        time.sleep(0.05)
    assert Path(f"{path}-journal").exists()  # a hot journal: opening must roll it back first
    with Project.open(path) as project:
        assert contents(project) == before
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert check_project(project)[0] == []
        import_annotated(project, [source], "jsonl", annotator="amal", workers=workers)
        assert project.count_documents() == 50 + 30_000  # the import can be run again
    assert not Path(f"{path}-journal").exists()
    assert not any(spool.exists() for spool in spools)  # removed by the next import


def _running(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
