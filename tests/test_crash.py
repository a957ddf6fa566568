"""Kill -9 a process that is annotating: everything it reported saved is there, the file is sound.

A child process annotates through the real store in a loop and writes each annotation's uuid
to a file once `add_annotation` has returned (and, now and then, a batch of documents once
`add_documents` has returned). It is killed with SIGKILL after a random delay, several times.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.commands.project import check_project
from annotator.importing_plain import import_documents
from annotator.store import Project

ROOT = Path(__file__).resolve().parent.parent
BATCH = 200

CHILD = f"""
import random, sys
from annotator.model import DocRecord
from annotator.store import Project

path, seed, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
out = open(log, "w", buffering=1, encoding="utf-8")
project = Project.open(path)
docs = project.document_ids()
texts = {{doc: project.document_text(doc) for doc in docs}}
out.write("ready\\n")
out.flush()
n = 0
while True:
    n += 1
    doc = rng.choice(docs)
    text = texts[doc]
    start = rng.randrange(len(text) - 1)
    end = min(len(text), start + rng.randint(1, 40))
    if text[start:end].strip():
        label = rng.choice(["ACTOR", "CLAIM", "CASUALTY"])
        ann = project.add_annotation(doc, "crash", label, start, end)
        out.write(ann.uuid + "\\n")
        out.flush()
    if n % 40 == 0:
        batch = [DocRecord(text=f"وثيقة {{seed}}-{{n}}-{{i}} " * 20, name=f"b{{seed}}-{{n}}-{{i}}")
                 for i in range({BATCH})]
        project.add_documents(batch)
        out.write(f"batch b{{seed}}-{{n}}-\\n")
        out.flush()
    if n % 7 == 0:
        project.set_status(doc, "crash", rng.choice(["in progress", "done"]))
"""


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_sigkill_loses_nothing_reported(tmp_path, seeds_dir):
    path = tmp_path / "crash.sqlite"
    with Project.create(path) as project:
        import_documents(project, [seeds_dir], clean=True)
    rng = random.Random(20240917)
    reported: set[str] = set()
    batches: list[str] = []
    for round_number in range(6):
        log = tmp_path / f"round{round_number}.log"
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(round_number), str(log)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            while not (log.exists() and log.read_text(encoding="utf-8").startswith("ready")):
                assert child.poll() is None, child.stderr.read().decode()
                assert time.monotonic() < deadline, "the child did not start"
                time.sleep(0.02)
            time.sleep(rng.uniform(0.05, 1.2))
            assert child.poll() is None, child.stderr.read().decode()
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            child.stderr.close()
        lines = log.read_text(encoding="utf-8").split("\n")[1:-1]  # the last may be partial
        reported.update(line for line in lines if not line.startswith("batch "))
        batches += [line.split(" ", 1)[1] for line in lines if line.startswith("batch ")]

        with Project.open(path) as project:
            stored = {u for (u,) in project.conn.execute("SELECT uuid FROM annotations")}
            assert reported <= stored, f"round {round_number}: lost {reported - stored}"
            problems, _ = check_project(project)
            assert problems == [], problems
            for prefix in batches:
                count = project.conn.execute(
                    "SELECT count(*) FROM documents WHERE name LIKE ?", (prefix + "%",)
                ).fetchone()[0]
                assert count == BATCH, f"batch {prefix} has {count} documents"
            names = [n for (n,) in project.conn.execute("SELECT name FROM documents")]
            prefixes = {n.rsplit("-", 1)[0] + "-" for n in names if n.startswith("b")}
            for prefix in prefixes:  # a batch cut by the kill left nothing behind
                assert sum(1 for n in names if n.startswith(prefix)) == BATCH
    assert len(reported) > 20 and batches  # the child did get work done
