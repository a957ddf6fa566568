"""Real damaged project files for the check and recover tests.

A project is made through the store and closed; then pages of it are overwritten as a failing
disk would. That is plain file I/O on a closed test file, which no package code ever does (no
connection is open on it in this process). Which rows sit on which page is asked of SQLite's
`dbstat` table before the damage, independently of the code under test.
"""

from __future__ import annotations

import os
import random
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from annotator.model import DocRecord
from annotator.store import Project

WORDS = (
    "قال المتحدث باسم وزارة الدفاع إن القوات قتلت ثلاثة آلاف مدني في الهجوم على المدينة "
    "وأكد مصدر طبي مقتل خمسة وعشرين شخصا بينهم أطفال ونساء فيما نفت الحكومة هذه الأرقام"
).split()


@dataclass
class Original:
    """What the project held before it was damaged."""

    path: Path
    documents: dict[int, str] = field(default_factory=dict)  # id: name
    annotations: dict[str, tuple] = field(default_factory=dict)  # uuid: (doc, who, label, s, e)
    relations: dict[str, tuple[str, str]] = field(default_factory=dict)  # uuid: (head, tail)
    big_document: int = 0  # a document long enough to run onto overflow pages


def build_project(path: Path, documents: int = 200, seed: int = 7) -> Original:
    """A project with `documents` articles (one of them over a page long), four annotations
    on each by two annotators, a source relation per article and statuses; closed."""
    rng = random.Random(seed)
    original = Original(path)
    texts = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 300))) + f" ({number})"
        for number in range(documents)
    ]
    texts[documents // 2] = " ".join(rng.choice(WORDS) for _ in range(9000))
    with Project.create(path) as project, project.transaction():
        added = project.add_documents(
            DocRecord(text=text, name=f"article-{number:03d}.txt")
            for number, text in enumerate(texts)
        ).added
        original.big_document = added[documents // 2]
        for doc_id, number in zip(added, range(documents), strict=True):
            original.documents[doc_id] = f"article-{number:03d}.txt"
            words = texts[number].split(" ")
            ends = [sum(len(w) + 1 for w in words[: i + 1]) - 1 for i in range(4)]
            claim = project.add_annotation(doc_id, "lina", "CLAIM", 0, ends[1])
            actor = project.add_annotation(doc_id, "lina", "ACTOR", ends[2] + 1, ends[3])
            count = project.add_annotation(doc_id, "omar", "CASUALTY", 0, ends[0])
            other = project.add_annotation(doc_id, "omar", "ACTOR", ends[1] + 1, ends[2])
            for ann in (claim, actor, count, other):
                original.annotations[ann.uuid] = (
                    doc_id,
                    ann.annotator,
                    ann.label,
                    ann.start,
                    ann.end,
                )
            relation = project.add_relation(doc_id, "lina", "source", claim.uuid, actor.uuid)
            original.relations[relation.uuid] = (claim.uuid, actor.uuid)
            if number % 3 == 0:
                project.set_status(doc_id, "lina", "done")
    assert not Path(f"{path}-wal").exists()
    return original


def _connect(path: Path) -> sqlite3.Connection:
    """An ordinary connection: the last to close removes the -wal/-shm files (a read-only one
    would leave them)."""
    return sqlite3.connect(path)


def page_size(path: Path) -> int:
    with closing(_connect(path)) as conn:
        return conn.execute("PRAGMA page_size").fetchone()[0]


def pages(path: Path, name: str, kind: str) -> list[int]:
    """Page numbers of b-tree `name` of type `kind` (leaf, internal, overflow), in order."""
    with closing(_connect(path)) as conn:
        return [
            page
            for (page,) in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY path",
                (name, kind),
            )
        ]


def rows_by_leaf(path: Path, table: str) -> list[tuple[int, list[int]]]:
    """Each leaf page of rowid table `table` with the rowids on it, in rowid order."""
    with closing(_connect(path)) as conn:
        leaves = conn.execute(
            "SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
            (table,),
        ).fetchall()
        keys = [key for (key,) in conn.execute(f"SELECT rowid FROM {table} ORDER BY rowid")]
    result, start = [], 0
    for page, cells in leaves:
        result.append((page, keys[start : start + cells]))
        start += cells
    assert start == len(keys)
    return result


def uuids_of(path: Path, table: str, rowids: list[int]) -> set[str]:
    with closing(_connect(path)) as conn:
        return {
            conn.execute(f"SELECT uuid FROM {table} WHERE rowid = ?", (key,)).fetchone()[0]
            for key in rowids
        }


def overwrite_page(path: Path, page: int, *, garbage: bool = False, at: int = 0, size=None):
    """Overwrite page `page` (from byte `at` of it, `size` bytes: all of it by default) with
    zeros or random bytes."""
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    length = page_size(path)
    size = length - at if size is None else size
    data = random.Random(page).randbytes(size) if garbage else bytes(size)
    with open(path, "r+b") as handle:  # a closed test file, never a project in use
        handle.seek((page - 1) * length + at)
        handle.write(data)


def truncate(path: Path, keep_pages: int) -> None:
    os.truncate(path, keep_pages * page_size(path))


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at `at`: its value and the offset after it."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def cells_hit(path: Path, page: int, start: int, end: int) -> list[int]:
    """The rowids of the cells of table leaf page `page` that bytes `start`..`end` of the
    page overlap (read from the closed test file; a cell runs to the next cell's start)."""
    length = page_size(path)
    with open(path, "rb") as handle:  # a closed test file, never a project in use
        handle.seek((page - 1) * length)
        data = handle.read(length)
    assert data[0] == 0x0D, "not a table leaf page"
    count = int.from_bytes(data[3:5], "big")
    starts = sorted(int.from_bytes(data[8 + 2 * i : 10 + 2 * i], "big") for i in range(count))
    hit = []
    for first, after in zip(starts, [*starts[1:], length], strict=True):
        if first < end and start < after:
            _, at = _varint(data, first)  # the payload's size, then the rowid
            hit.append(_varint(data, at)[0])
    return hit


def renumber_cell(path: Path, page: int, rowid: int, new_rowid: int) -> None:
    """Give the cell of `rowid` on table leaf page `page` the rowid `new_rowid` (both written
    in two bytes), its payload left whole: a damaged cell that still reads as a row."""
    assert 128 <= rowid < 16384 and 128 <= new_rowid < 16384
    length = page_size(path)
    with open(path, "r+b") as handle:  # a closed test file, never a project in use
        handle.seek((page - 1) * length)
        data = handle.read(length)
        count = int.from_bytes(data[3:5], "big")
        for i in range(count):
            start = int.from_bytes(data[8 + 2 * i : 10 + 2 * i], "big")
            _, at = _varint(data, start)
            if _varint(data, at)[0] == rowid:
                handle.seek((page - 1) * length + at)
                handle.write(bytes([0x80 | (new_rowid >> 7), new_rowid & 0x7F]))
                return
    raise AssertionError(f"no rowid {rowid} on page {page}")
