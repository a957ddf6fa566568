"""The app's background recommender: one worker process that trains and proposes, so the window
never waits.

`SuggestionService` starts a spawned process (it ends with the app, `workers.follow_parent`)
which opens the project file itself (through SQLite), trains the recommenders on the teacher's
annotations and stores suggestions with `run.suggest`, the one path the CLI takes too. Requests
go down a pipe; events come back up it (`events()` never blocks; `connection` can be watched for
readability). Requests that arrive while it works are merged: it then suggests once for all the
documents asked. It retrains on demand, and by itself once the teacher has made `retrain_every`
annotations since it last learned.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from annotator.suggestions.run import Skipped

__all__ = ["RETRAIN_EVERY", "ServiceEvent", "SuggestionService"]

RETRAIN_EVERY = 20  # new annotations by the teacher after which the recommenders learn again

EventKind = Literal["status", "trained", "ready", "warning", "error", "stopped"]


class ServiceEvent(NamedTuple):
    """What the worker reports: ``status`` (what it is doing, for a status line), ``trained``
    (it learned from the documents counted in `text`), ``ready`` (suggestions of
    `document_ids` are stored), ``warning`` (after ``ready``, or ``trained`` when nothing was
    asked: an optional recommender was left out, or failed on some documents, and why: the
    `run.Skipped` itself in `skipped`, for the app to word; `text` is its English, for logs),
    ``error`` (a request failed; the worker goes on)."""

    kind: EventKind
    text: str
    document_ids: tuple[int, ...] = ()
    skipped: Skipped | None = None


class _Request(NamedTuple):
    document_ids: tuple[int, ...]
    retrain: bool
    stop: bool = False


class SuggestionService:
    """A running background recommender for one annotator of one project."""

    def __init__(
        self,
        project_path: str | Path,
        annotator: str,
        *,
        teacher: str | None = None,
        recommenders: Sequence[str] | None = None,
        retrain_every: int = RETRAIN_EVERY,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe(duplex=True)
        self.annotator = annotator
        self.ended = False  # the worker said it stopped, or its end of the pipe closed
        self.process = context.Process(
            target=_serve,
            args=(
                child,
                str(project_path),
                annotator,
                teacher or annotator,
                None if recommenders is None else tuple(recommenders),
                retrain_every,
            ),
            name="annotator-recommenders",
            daemon=True,
        )
        self.process.start()
        child.close()

    def suggest(self, document_ids: Sequence[int], *, retrain: bool = False) -> None:
        """Ask for suggestions on these documents (first ones first); never blocks."""
        self._send(_Request(tuple(document_ids), retrain))

    def retrain(self) -> None:
        """Make the recommenders learn again from the teacher's annotations now."""
        self._send(_Request((), True))

    def events(self) -> list[ServiceEvent]:
        """The events reported since the last call (never blocks)."""
        found: list[ServiceEvent] = []
        if self.ended:
            return found
        try:
            while self.connection.poll():
                found.append(self.connection.recv())
        except (EOFError, OSError):
            self.ended = True
            if not found or found[-1].kind != "stopped":
                found.append(ServiceEvent("stopped", "the recommender process ended"))
        if found and found[-1].kind == "stopped":
            self.ended = True
        return found

    def wait(self, timeout: float) -> list[ServiceEvent]:
        """Events, waiting up to `timeout` seconds for the first (scripts and tests)."""
        if not self.ended:
            try:
                self.connection.poll(timeout)
            except (EOFError, OSError):
                pass
        return self.events()

    def close(self) -> None:
        """Stop the worker (at most a second's wait, then it is ended)."""
        self._send(_Request((), False, stop=True))
        self.process.join(1.0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(1.0)
        self.ended = True
        self.connection.close()

    def _send(self, request: _Request) -> None:
        try:
            self.connection.send(request)
        except (OSError, ValueError):  # the worker is gone; events() says so
            pass


def _serve(
    conn: Any,
    path: str,
    annotator: str,
    teacher: str,
    names: tuple[str, ...] | None,
    retrain_every: int,
) -> None:
    """The worker's loop (in the spawned process)."""
    from annotator.workers import follow_parent

    follow_parent()
    from annotator.store import Project
    from annotator.suggestions.run import suggest, trained

    project = Project.open(path)
    recommenders: list = []
    left_out: tuple = ()  # the optional recommenders the last training left out, not yet said
    learned_at = -1  # the teacher's annotation count when the recommenders last learned

    def send(
        kind: EventKind, text: str, ids: tuple[int, ...] = (), skipped: Skipped | None = None
    ) -> None:
        conn.send(ServiceEvent(kind, text, ids, skipped))

    try:
        while True:
            requests = [conn.recv()]
            while conn.poll():
                requests.append(conn.recv())
            if any(r.stop for r in requests):
                break
            ids = tuple(dict.fromkeys(i for r in requests for i in r.document_ids))
            try:
                made = project.annotation_count(teacher)
                if (
                    not recommenders
                    or any(r.retrain for r in requests)
                    or made - learned_at >= retrain_every
                ):
                    send("status", "training")
                    recommenders, learned_from, left_out = trained(project, teacher, names)
                    learned_at = made
                    send("trained", str(learned_from))
                if ids:
                    send("status", "suggesting", ids)
                    summary = suggest(
                        project, annotator, recommenders=recommenders, document_ids=ids, workers=0
                    )
                    send("ready", str(summary.total), ids)
                for skipped in (*left_out, *(summary.skipped if ids else ())):
                    send("warning", str(skipped), ids, skipped)
                left_out = ()
            except Exception as err:  # noqa: BLE001 (reported; the worker serves on)
                send("error", str(err) or type(err).__name__, ids)
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    finally:
        project.close()
        try:
            conn.send(ServiceEvent("stopped", "stopped"))
        except (OSError, ValueError):
            pass
