"""A snapshot taken while another process writes as fast as it can: it opens, passes SQLite's
integrity check, and holds every annotation acknowledged before the snapshot began."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from annotator.model import DocRecord
from annotator.store import Project, backups

# Adds annotations in a loop; prints each uuid once `add_annotation` has returned (committed).
WRITER = """
import sys
from annotator.store import Project

with Project.open(sys.argv[1]) as project:
    ids = project.document_ids()
    print("ready", flush=True)
    i = 0
    while True:
        ann = project.add_annotation(ids[i % len(ids)], "writer", "ACTOR", 0, 4)
        print(ann.uuid, flush=True)
        i += 1
"""
TEXT = "قالت وزارة الدفاع إن ثلاثة آلاف جندي وصلوا إلى المدينة صباح اليوم. " * 40


class Acknowledged:
    """The uuids a writer process printed, read on a thread as they come."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.uuids: list[str] = []
        self._lock = threading.Lock()
        self._more = threading.Condition(self._lock)
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            line = line.strip()
            if line and line != "ready":
                with self._more:
                    self.uuids.append(line)
                    self._more.notify_all()
        with self._more:
            self._more.notify_all()

    def so_far(self) -> set[str]:
        with self._lock:
            return set(self.uuids)

    def wait_for(self, count: int, timeout: float = 60) -> None:
        with self._more:
            done = self._more.wait_for(
                lambda: len(self.uuids) >= count or not self._thread.is_alive(), timeout
            )
        assert done and len(self.uuids) >= count, f"the writer acknowledged {len(self.uuids)}"


def snapshot_uuids(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return {uuid for (uuid,) in conn.execute("SELECT uuid FROM annotations")}
    finally:
        conn.close()


def test_a_snapshot_during_heavy_writing_holds_everything_acknowledged_before_it(tmp_path):
    path = tmp_path / "busy.sqlite"
    with Project.create(path) as project:  # a few MB, so that a copy is not instantaneous
        project.add_documents([DocRecord(text=f"{TEXT}{i}", name=f"d{i}") for i in range(400)])
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        acknowledged = Acknowledged(writer)
        acknowledged.wait_for(20)
        checked = []
        for round_ in range(5):
            before = acknowledged.so_far()  # each was committed before the snapshot began
            snapshot = backups.take_snapshot(path, backups.TIMER)
            during = len(acknowledged.so_far()) - len(before)
            held = snapshot_uuids(snapshot.path)
            assert before <= held, f"round {round_}: {len(before - held)} acknowledged missing"
            checked.append((len(before), during))
            acknowledged.wait_for(len(before) + 20)  # the writer goes on meanwhile
        assert writer.poll() is None, "the writer stopped"
    finally:
        writer.kill()
        writer.wait()
    latest = backups.list_snapshots(path)[0]
    with Project.open(latest.path) as copy:  # the snapshot opens as a project
        assert len(copy.document_ids()) == 400
        assert copy.annotators() == ["writer"]
    assert len(backups.list_snapshots(path)) == 5
    assert checked[-1][0] > checked[0][0]
