"""Reading what is left of a damaged project file (no Qt).

SQLite stops a query at the first page it cannot read. `TableReader` goes on past it: it reads a
table in ranges of rowids, and a range that fails is halved until the rows that cannot be read
are known one by one, so a damaged page costs only the rows on it (the idea of the sqlite3
shell's `.recover`, restricted to the pages SQL can still reach: rows under a damaged interior
page are lost with it). The file is only read, and only through SQLite (`connect_damaged`).
Used by `health` (how many rows can be read) and `recover` (saving them).
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from annotator.store.project import ProjectError, connect_readonly, error_kind, project_version

_KEY_MIN, _KEY_MAX = -(2**63), 2**63 - 1
# Tables every project has had since schema 1: a file whose `meta` table cannot be read is
# still taken for a project when it has them.
PROJECT_TABLES = ("meta", "documents", "annotators", "annotations", "relations")
# Walking past a damaged cell gives up after this many cells in a row cannot be read.
_MAX_UNREADABLE_CELLS = 64
_CAREFUL_STEPS = 4  # cells read one by one after one that fails, before a cursor again
_MAX_STEP_BACK = 1024  # rows read before a gap that a walk to it may start from
# Reading a table no index lists gives up after this many failed reads (a damaged page high up
# a large table's tree): the rowids not tried yet are reported unreadable.
_MAX_FAILED_READS = 200_000


class _Tolerant(sqlite3.Connection):
    """A connection that reads the schema where SQLite would refuse all of it (a table whose
    root page lies past the end of a truncated file) and checks each cell's size as it reads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute("PRAGMA writable_schema = ON")
        self.execute("PRAGMA cell_size_check = ON")


def connect_damaged(path: Path) -> sqlite3.Connection:
    """A connection that cannot write (`connect_readonly`) and reads as much of a damaged
    file as SQLite can. ProjectError when the file is missing, not a database, or not even
    its list of tables can be read."""
    return connect_readonly(Path(path), factory=_Tolerant, isolation_level=None)


def is_misuse(err: sqlite3.DatabaseError) -> bool:
    """Whether `err` is a mistake in a statement or its use rather than damage in the file."""
    return isinstance(err, sqlite3.ProgrammingError | sqlite3.InterfaceError)


class Identity(NamedTuple):
    """What a database file holds: its objects (name: type) and its project schema version
    (None when its `meta` table cannot be read)."""

    objects: dict[str, str]
    version: int | None


def identify(path: Path, conn: sqlite3.Connection, purpose: str) -> Identity:
    """Which project `conn` (on `path`) is. ProjectError when it is not an annotator project
    this version can `purpose`, or its list of tables cannot be read."""
    try:
        objects = dict(conn.execute("SELECT name, type FROM sqlite_master"))
    except sqlite3.DatabaseError as err:
        raise ProjectError(
            f"{path}: its list of tables cannot be read ({err})", kind=error_kind(err, "damaged")
        ) from err
    try:
        conn.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.DatabaseError:
        if all(objects.get(name) == "table" for name in PROJECT_TABLES):
            return Identity(objects, None)
    return Identity(objects, project_version(path, conn, purpose))


class KeyRange(NamedTuple):
    """Rowids `first` to `last` (None: on to the end of the table)."""

    first: int
    last: int | None

    def __str__(self) -> str:
        if self.last is None:
            return f"{self.first} and after"
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass
class TableRead:
    """What reading one table of a possibly damaged file found."""

    table: str
    rows: int = 0  # rows read
    listed: int | None = None  # rows its indexes list (None: not asked, or no index readable)
    error: str | None = None  # SQLite's first complaint; None when the table read to its end
    unreadable: list[KeyRange] = field(default_factory=list)  # rowids that could not be read
    skipped: int = 0  # rows whose rowid broke the table's order: damage read as data

    @property
    def damaged(self) -> bool:
        return self.error is not None or self.skipped > 0

    def describe(self) -> str:
        """One line: how many rows could be read, and what could not."""
        total = f" of {self.listed:,}" if self.listed is not None else ""
        reasons = []
        if self.unreadable:
            more = ", ..." if len(self.unreadable) > 10 else ""
            reasons.append(
                f"rowids {', '.join(map(str, self.unreadable[:10]))}{more} cannot be read"
            )
        if self.skipped:
            reasons.append(f"{self.skipped:,} damaged cell(s) read as rows out of order")
        if self.error:
            reasons.append(self.error)
        why = f" ({'; '.join(reasons)})" if reasons else ""
        return f"table {self.table}: {self.rows:,}{total} rows readable{why}"

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "rows_readable": self.rows,
            "rows_listed_by_indexes": self.listed,
            "error": self.error,
            "unreadable_rowids": [str(keys) for keys in self.unreadable],
            "rows_out_of_order": self.skipped,
        }


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class TableReader:
    """The rows of one rowid table of a possibly damaged file, rowid first, in rowid order,
    read past the pages that cannot be read. Iterate once; `found` then says what was read.

    `partial` names columns to try on their own for a rowid whose whole row cannot be read
    (a document whose text runs onto a damaged overflow page still has its name): such rows
    are collected in `partial_rows`, rowid first.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        table: str,
        columns: Sequence[str],
        *,
        partial: Sequence[str] = (),
    ) -> None:
        self.conn = conn
        self.table = table
        self.found = TableRead(table)
        self.partial_rows: list[tuple] = []
        self._read_keys: set[int] = set()
        self._previous: int | None = None
        self._listed: list[list[int]] | None = None
        source = f"{_quoted(table)} NOT INDEXED"
        names = ", ".join(["rowid", *map(_quoted, columns)])
        # No upper bound in SQL: a damaged cell can carry a huge rowid, which would end a
        # bounded scan early without a word; `_read` drops it when the next rowid is smaller.
        self._from_sql = f"SELECT {names} FROM {source} WHERE rowid >= ? ORDER BY rowid"
        # a row alone by equality: unlike a range, its reading never steps on to the next page
        self._one_sql = f"SELECT {names} FROM {source} WHERE rowid = ?"
        # the `offset`-th row after rowid `anchor`, stepping over cells without reading them
        self._step_sql = (
            f"SELECT {names} FROM {source} WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ?"
        )
        # the rows after rowid `anchor` from the `offset`-th on, likewise
        self._walk_sql = (
            f"SELECT {names} FROM {source} WHERE rowid > ? ORDER BY rowid LIMIT -1 OFFSET ?"
        )
        self._partial_sql = (
            f"SELECT {', '.join(['rowid', *map(_quoted, partial)])} FROM {source} WHERE rowid = ?"
            if partial
            else None
        )

    def __iter__(self) -> Iterator[tuple]:
        last = yield from self._read(_KEY_MIN, _KEY_MAX)
        if last is None:
            return
        listed = next(iter(self._index_keys()), None)
        if listed is not None:
            yield from self._read_listed(sorted(key for key in set(listed) if key > last))
        else:
            yield from self._read_numbered(last)
        yield from self._step_over_damage()

    def _read_listed(self, keys: list[int]) -> Iterator[tuple]:
        """Read past damage the rows whose rowids an index lists (`keys`, sorted): a range of
        them that fails is halved, down to single rows, so the work grows with the rows and
        not with the span of their rowids."""
        pending = [(0, len(keys) - 1)]
        while pending:
            first, last = pending.pop()
            if first > last:
                continue
            read = yield from self._read(keys[first], keys[last])
            if read is None:
                continue
            if first == last:
                self._unreadable(keys[first], keys[first])
                self._read_partial(keys[first])
                continue
            first = bisect.bisect_right(keys, read, first, last + 1)
            middle = (first + last) // 2
            pending.append((middle + 1, last))
            pending.append((first, middle))

    def _read_numbered(self, last: int) -> Iterator[tuple]:
        """Read past damage a table no index lists, by halving ranges of rowids that fail,
        down to single rowids (at most `_MAX_FAILED_READS` of them fail before the rest is
        given up as unreadable)."""
        low, top, ends = self._bounds(last)
        pending = [(max(last + 1, low), top)]
        failures = 0
        while pending:
            lo, hi = pending.pop()
            if lo > hi:
                continue
            if failures > _MAX_FAILED_READS:
                self._unreadable(lo, hi)
                continue
            read = yield from self._read(lo, hi)
            if read is None:
                continue
            failures += 1
            start = read + 1
            if lo == hi:
                self._unreadable(lo, lo)
                self._read_partial(lo)
            elif start <= hi:
                middle = (start + hi) // 2
                pending.append((middle + 1, hi))
                pending.append((start, middle))
        if not ends:
            self._unreadable(top + 1, None)

    def _read(self, lo: int, hi: int) -> Generator[tuple, None, int | None]:
        """Yield the rows of rowids `lo`..`hi`; return None when all were read, else the last
        rowid read (`lo` - 1 when none). A row is kept once the next one is known to have a
        greater rowid: a damaged cell read as a row usually breaks the order."""
        last = lo - 1
        held: tuple | None = None
        sql = self._one_sql if lo == hi else self._from_sql
        try:
            for row in self.conn.execute(sql, (lo,)):
                key = row[0]
                if (
                    not isinstance(key, int)
                    or key <= last
                    or (self._previous is not None and key <= self._previous)
                ):
                    self.found.skipped += 1
                    continue
                if held is not None and key <= held[0]:
                    self.found.skipped += 1  # the held row's rowid was out of order
                elif held is not None:
                    if held[0] > hi:
                        return None
                    last = self._accept(held)
                    yield held
                held = row
            if held is not None and held[0] <= hi:
                self._accept(held)
                yield held
        except sqlite3.DatabaseError as err:
            if is_misuse(err):
                raise
            if self.found.error is None:
                self.found.error = str(err)
            return last
        return None

    def _accept(self, row: tuple) -> int:
        key = self._previous = row[0]
        self._read_keys.add(key)
        self.found.rows += 1
        return key

    def _step_over_damage(self) -> Iterator[tuple]:
        """Rows an index lists that the ranges did not reach: on a damaged page, a cell that
        cannot be read (or a rowid out of order) also hides the cells after it from a search
        by rowid. Walking cell by cell from the last rowid read before them reaches them."""
        listed = next(iter(self._index_keys()), None)
        if not listed or not self.found.damaged:
            return
        missing = set(listed) - self._read_keys
        read = sorted(self._read_keys)
        gaps: dict[int, set[int]] = {}  # position between two rowids read: the keys missing there
        for key in missing:
            gaps.setdefault(bisect.bisect_left(read, key), set()).add(key)
        for position in sorted(gaps):
            after = read[position] if position < len(read) else None
            wanted = gaps[position]
            # The search for the anchor's rowid may itself be misled by a damaged cell of the
            # same page (its rowid is garbage): walk from ever earlier rowids read, until one
            # lies on a sound page before it (a page holds fewer than `_MAX_STEP_BACK` cells).
            back = 1
            while wanted:
                anchor = read[position - back] if position >= back else _KEY_MIN
                for row in self._walk(anchor, after):
                    if row[0] in wanted:
                        wanted.discard(row[0])
                        self._accept(row)
                        self._forget_unreadable(row[0])
                        yield row
                back *= 2
                if anchor == _KEY_MIN or back > _MAX_STEP_BACK:
                    break

    def _walk(self, anchor: int, after: int | None) -> Iterator[tuple]:
        """The rows after rowid `anchor`, cell by cell, until one at or after rowid `after`.

        One cursor steps along the cells (linear in the rows walked). A cell that cannot be
        read stops it, and may take the row before it along (the cursor reads one row ahead):
        from there the walk steps one cell per query (`OFFSET` the cells already passed,
        skipping a cell that fails) until `_CAREFUL_STEPS` cells read well, then a new cursor
        goes on."""
        offset, failures, careful = 0, 0, 0
        while failures <= _MAX_UNREADABLE_CELLS:
            if careful:
                try:
                    row = self.conn.execute(self._step_sql, (anchor, offset)).fetchone()
                    careful -= 1
                    failures = 0
                except sqlite3.DatabaseError as err:
                    if is_misuse(err):
                        raise
                    row, failures, careful = (), failures + 1, _CAREFUL_STEPS
                offset += 1
                if row is None or (row and after is not None and row[0] >= after):
                    return
                if row:
                    yield row
                continue
            try:
                for row in self.conn.execute(self._walk_sql, (anchor, offset)):
                    offset += 1
                    if after is not None and row[0] >= after:
                        return
                    yield row
                return
            except sqlite3.DatabaseError as err:
                if is_misuse(err):
                    raise
                careful = _CAREFUL_STEPS

    def _bounds(self, last: int) -> tuple[int, int, bool]:
        """After a failure past rowid `last`: the lowest and highest rowids worth trying (a
        read beyond the rows lands on the first or last page, maybe a damaged one), and
        whether the table is known to end at the highest."""
        table = _quoted(self.table)
        try:
            low = self.conn.execute(f"SELECT min(rowid) FROM {table} NOT INDEXED").fetchone()[0]
        except sqlite3.DatabaseError:
            low = None
        low = 1 if low is None else low
        try:
            top = self.conn.execute(f"SELECT max(rowid) FROM {table} NOT INDEXED").fetchone()[0]
            return low, max(last, low - 1 if top is None else top), True
        except sqlite3.DatabaseError:
            pass
        # Readable rows beyond a damaged last page: probe ever further until nothing is found.
        top, step = max(last, low - 1), 1
        while step <= 2**40:
            try:
                row = self.conn.execute(
                    f"SELECT rowid FROM {table} NOT INDEXED WHERE rowid >= ? "
                    "ORDER BY rowid LIMIT 1",
                    (top + step,),
                ).fetchone()
            except sqlite3.DatabaseError:
                step *= 2
                continue
            if row is None:
                return low, top + step - 1, True
            top, step = max(top, row[0]), step * 2
        return low, top, False

    def _unreadable(self, first: int, last: int | None) -> None:
        ranges = self.found.unreadable
        if ranges and ranges[-1].last is not None and ranges[-1].last + 1 == first:
            ranges[-1] = KeyRange(ranges[-1].first, last)
        else:
            ranges.append(KeyRange(first, last))

    def _forget_unreadable(self, key: int) -> None:
        """Rowid `key` was read after all: out of the unreadable ranges."""
        ranges: list[KeyRange] = []
        for keys in self.found.unreadable:
            if keys.first <= key and (keys.last is None or key <= keys.last):
                if keys.first < key:
                    ranges.append(KeyRange(keys.first, key - 1))
                if keys.last is None or key < keys.last:
                    ranges.append(KeyRange(key + 1, keys.last))
            else:
                ranges.append(keys)
        self.found.unreadable = ranges

    def _read_partial(self, key: int) -> None:
        if self._partial_sql is None:
            return
        try:
            row = self.conn.execute(self._partial_sql, (key,)).fetchone()
        except sqlite3.DatabaseError:
            return
        if row is not None:
            self.partial_rows.append(row)

    def _indexes(self) -> list[str]:
        try:
            rows = self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                (self.table,),
            ).fetchall()
        except sqlite3.DatabaseError:
            return []
        return [name for (name,) in rows]

    def _index_keys(self) -> list[list[int]]:
        """The rowids listed by each of the table's indexes that can be read whole."""
        if self._listed is None:
            self._listed = []
            for index in self._indexes():
                sql = f"SELECT rowid FROM {_quoted(self.table)} INDEXED BY {_quoted(index)}"
                try:
                    self._listed.append([key for (key,) in self.conn.execute(sql)])
                except sqlite3.DatabaseError:
                    continue
        return self._listed

    def indexed_values(self, column: str) -> dict[int, Any] | None:
        """rowid: `column` for every row an index on `column` lists (rows that could not be
        read included), or None when no such index can be read whole."""
        for index in self._indexes():
            try:
                columns = [
                    row[2] for row in self.conn.execute(f"PRAGMA index_info({_quoted(index)})")
                ]
                if columns[:1] != [column]:
                    continue
                return dict(
                    self.conn.execute(
                        f"SELECT rowid, {_quoted(column)} FROM {_quoted(self.table)} "
                        f"INDEXED BY {_quoted(index)}"
                    )
                )
            except sqlite3.DatabaseError:
                continue
        return None

    def lost_keys(self) -> tuple[set[int], bool]:
        """After iterating: the rowids of rows that were there and could not be read, and
        whether that list is exact (from an index; else the rowids that failed, which may
        include some that never held a row, and perhaps more after the last one tried)."""
        if not self.found.damaged:
            return set(), True
        for keys in self._index_keys():
            listed = set(keys)
            self.found.listed = len(listed)
            return listed - self._read_keys, True
        lost: set[int] = set()
        exact = True
        for unread in self.found.unreadable:
            if unread.last is None:
                exact = False
            else:
                lost.update(range(unread.first, unread.last + 1))
        return lost, exact


def read_keyed(
    conn: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    key_columns: Sequence[str],
    candidates: Callable[[], Iterable[tuple]],
) -> tuple[list[tuple], TableRead]:
    """The rows of WITHOUT ROWID table `table` (`columns`, beginning with its primary key
    `key_columns`): all in one pass, or, when that pass stops at a damaged page, those found
    before it and those whose key is one of `candidates()`, each looked up alone."""
    found = TableRead(table)
    names = ", ".join(map(_quoted, columns))
    rows: list[tuple] = []
    try:
        for row in conn.execute(f"SELECT {names} FROM {_quoted(table)}"):
            rows.append(row)
    except sqlite3.DatabaseError as err:
        if is_misuse(err):
            raise
        found.error = str(err)
        width = len(key_columns)
        have = {row[:width] for row in rows}
        where = " AND ".join(f"{_quoted(name)} = ?" for name in key_columns)
        lookup = f"SELECT {names} FROM {_quoted(table)} WHERE {where}"
        for key in candidates():
            if key in have:
                continue
            try:
                row = conn.execute(lookup, key).fetchone()
            except sqlite3.DatabaseError:
                continue
            if row is not None:
                rows.append(row)
    found.rows = len(rows)
    return rows, found
