"""Worker processes that end with the process that started them.

A pool's workers wait for work on a pipe whose writing end they hold themselves, so when the
parent dies without closing the pool (a kill -9, a crash) they would wait forever. Every pool
of the app starts its workers with `follow_parent`.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading


def follow_parent() -> None:
    """In a worker process: exit as soon as the parent process is gone."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()
