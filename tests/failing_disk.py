"""A project connection whose COMMIT fails as a full or failing disk makes it fail."""

from __future__ import annotations

import sqlite3


class FailingCommits:
    """Wraps a project's connection: while `failing`, every COMMIT raises SQLite's error
    `code` with `message` (SQLite leaves the transaction open then, as a failing disk does)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        code: int = sqlite3.SQLITE_IOERR,
        message: str = "disk I/O error",
        failing: bool = False,
    ) -> None:
        self._conn = conn
        self.code, self.message, self.failing = code, message, failing

    def execute(self, sql: str, *args):
        if self.failing and sql == "COMMIT":
            error = sqlite3.OperationalError(self.message)
            error.sqlite_errorcode = self.code
            raise error
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)
