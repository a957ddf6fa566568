"""Chaos test of issue 10: no acknowledged annotation is ever lost, whatever runs beside the app.

    .venv/bin/python bench/chaos.py --rounds 1000 --seed 1 [--json] [--max-seconds S]

Each round starts a writer process that edits the project as the workbench does (`Session` and
`Editor`: annotate, relabel, set a claim's source, set a status, delete, undo, redo) and writes
one line to its log after each action *returned*, naming what that action changed; between
actions it opens the read-only paths itself (`team.open_readonly`, `connect_readonly`, a second
`Project.open`, the dashboard's report). Meanwhile random processes run every command that
opens the project: stats, search, check, labels, export (each format; every document, or
the default selection: documents marked done only), agree, adjudicate (sometimes with
--mark-done), status --set (the importer's statuses, or the gold's), merge of teammate copies,
assign, import (plain text, and annotated: JSONL, CoNLL, Hugging Face, WebAnno TSV, Label
Studio) and the dashboard's read path. The writer, and some of the others, are killed with
SIGKILL at random moments (seeded by --seed). When every process of the round is dead the
project is opened and checked: every acknowledged annotation is there with its acknowledged
label (and relations, statuses and deletions as acknowledged), every status a `status --set`
of the importer's set and acknowledged (exit 0) is there (one such command runs at a time, so
the last acknowledged one holds; the importer's statuses of the template's documents are
changed by nothing else), `annotator check` finds nothing (SQLite's integrity check included),
and the writer saw its -wal file keep its inode while it held its connection (a -wal deleted
under a live writer is how acknowledged work gets lost). Each export that was not killed is
checked as it ends: one that succeeded left its output, one that failed or was refused
(nothing marked done: "nothing to export") left nothing, not even a temporary file.

A command failing with a "database is locked"-like message is counted as busy, an export
refused for want of documents marked done as refused; any other failure is suspicious and
listed. Exit status 1 when anything was lost or damaged.
The project starts afresh from the demo-corpus template every --rounds-per-project rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve()
WRITER = "chaos"  # the writer's annotator name
TEAM = ("ali", "mona")  # teammates: copies made by `annotator assign`, merged back
IMPORTER = "importer"  # annotator of the annotated imports
LABELS = ("ACTOR", "CLAIM", "CASUALTY")
EXPORT_FORMATS = ("jsonl", "conll", "doccano", "spacy", "hf", "brat", "webanno", "labelstudio")
IMPORT_FORMATS = ("hf", "webanno", "labelstudio")  # annotated imports written by our own codecs
WRITE_OPTIONS: dict[str, dict[str, Any]] = {"hf": {"labels": LABELS}}  # the codecs' options
CLI_STATUS = {"done": "done", "in-progress": "in progress", "new": "new"}  # --set: as stored
REFUSED = re.compile(r"nothing to export")
BUSY = re.compile(r"database (table )?is locked|\bbusy\b", re.IGNORECASE)
OTHER_KINDS = (
    ["stats", "search", "check", "labels", "agree", "adjudicate", "merge", "assign", "backups"]
    + ["notes"]
    + [f"export-{name}" for name in EXPORT_FORMATS]
    + ["import-text", "import-text", "import-jsonl", "import-conll", "dashboard"]
    + ["import-suggestions", "suggest"]
    + [f"import-{name}" for name in IMPORT_FORMATS]
    + ["status-set", "status-set"]
    + ["find", "consistency"]
)
MISSING = object()


# ====================================================================== the writer (child)


class Writer:
    """Edits the project through Session/Editor and logs what each returned action changed.

    Log lines (JSON): `ready`; `?` with the keys an action may change, written before it; `ack`
    with their state once it returned (`set`: key -> value, `del`: keys now absent); `error`
    when an action raised (its keys stay uncertain); `probe` for a read-only opening; `wal`
    when the -wal file vanished or changed while the writer held its connection; `mismatch`
    when the store shows the writer something else than it was acknowledged earlier.
    Keys: `a:<uuid>` (value: label), `r:<uuid>` (value: [head, tail]), `s:<doc id>` (status).
    """

    def __init__(self, path: Path, log: Path, seed: int) -> None:
        from annotator.gui.commands import Editor
        from annotator.gui.session import Session
        from annotator.store import Project
        from annotator.text import token_spans

        self.path = path
        self.rng = random.Random(seed)
        self._lock = threading.Lock()
        self.out = open(log, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - the whole run
        self.project = Project.open(path)
        self.wal = _wal_id(path)
        threading.Thread(target=self._watch_wal, daemon=True).start()
        self.session = Session(self.project, WRITER)
        self.editor = Editor(self.session)
        if hasattr(self.editor, "failed"):  # a write the store refused, reported to the user
            self.editor.failed.connect(lambda message: self.emit(op="failed", error=message))
        self.token_spans = token_spans
        self.logged: dict[str, Any] = {}  # key -> acknowledged value (None: absent)
        self.doc_keys: dict[int, set[str]] = {}
        self.tainted: set[str] = set()  # changed by an action that raised: never acknowledged
        self.unresolved: set[str] = set()  # marked uncertain, in a document not on screen after
        self.relation_ends: dict[str, tuple[str, str]] = {}  # every relation seen: its spans
        self.documents = self.project.document_ids()
        self._open(self.rng.choice(self.documents))
        self.emit(op="ready", pid=os.getpid(), wal=self.wal)

    def emit(self, **record: Any) -> None:
        with self._lock:
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _watch_wal(self) -> None:
        """Report any change of the -wal file's identity while this process holds it open."""
        while True:
            time.sleep(0.002)
            now = _wal_id(self.path)
            if self.wal is None:
                self.wal = now
            elif now != self.wal:
                self.emit(op="wal", before=self.wal, after=now)
                self.wal = now

    # ------------------------------------------------------------ the acknowledged view

    def view(self) -> tuple[int, dict[str, Any]]:
        """What the workbench shows of the current document: own spans, relations, status."""
        session = self.session
        doc = session.document_id
        assert doc is not None
        shown: dict[str, Any] = {
            f"a:{a.uuid}": a.label for a in session.annotations.values() if a.annotator == WRITER
        }
        shown.update(
            {f"r:{r.uuid}": [r.head, r.tail] for r in session.relations if r.annotator == WRITER}
        )
        shown[f"s:{doc}"] = session.current_status
        for key, value in shown.items():
            if key.startswith("r:"):
                self.relation_ends[key] = tuple(value)
        return doc, shown

    def _open(self, doc: int) -> None:
        self.session.open_document(doc)
        self.text = self.session.text
        self.tokens = self.token_spans(self.text)
        doc, shown = self.view()
        if doc not in self.doc_keys:  # first sight in this process: the store's state
            self.doc_keys[doc] = set(shown)
            self.logged.update(shown)
            return
        again: dict[str, Any] = {}
        for key in (self.doc_keys[doc] | set(shown)) - self.tainted:
            if self.logged.get(key) != shown.get(key):
                self.emit(op="mismatch", key=key, acked=self.logged.get(key), seen=shown.get(key))
                self.logged[key] = shown.get(key)
            elif key in self.unresolved:
                again[key] = shown.get(key)
        self.doc_keys[doc] |= set(shown)
        if again:  # unchanged since they were marked uncertain: acknowledged again
            self.unresolved -= set(again)
            self._emit_ack("revisit", again)

    def _emit_ack(self, action: str, changed: dict[str, Any]) -> None:
        self.emit(
            op="ack",
            action=action,
            set={k: v for k, v in changed.items() if v is not None},
            deleted=[k for k, v in changed.items() if v is None],
        )

    def _act(self, keys: set[str], action: Any, *args: Any) -> Any:
        """Run one action: its keys marked uncertain before, the new view acknowledged after."""
        doc = self.session.document_id
        keys = set(keys) | {f"s:{doc}"}
        name = getattr(action, "__name__", "action")
        self.emit(op="?", keys=sorted(keys))
        try:
            result = action(*args)
        except Exception as err:  # noqa: BLE001 - logged; the action's keys stay uncertain
            self.tainted |= keys
            self.emit(op="error", action=name, error=f"{type(err).__name__}: {err}")
            return None
        doc, shown = self.view()
        known = self.doc_keys.setdefault(doc, set())
        changed: dict[str, Any] = {}
        for key in (known | set(shown) | keys) - self.tainted:
            if key not in shown and key not in known:
                self.unresolved.add(key)  # in a document not on screen: acknowledged on return
                continue
            value = shown.get(key)
            before = self.logged.get(key, MISSING)
            if key in keys or (before is MISSING and value is not None):  # or made by it
                changed[key] = value
                self.logged[key] = value
                self.unresolved.discard(key)
            elif before != value:  # not the action's doing: the store changed under us
                self.emit(op="mismatch", key=key, acked=before, seen=value, action=name)
                self.logged[key] = value
        known |= set(shown)
        self._emit_ack(name, changed)
        return result

    def _relations_of(self, uuids: set[str]) -> set[str]:
        """Keys of every relation this process has seen with an end in `uuids`."""
        return {key for key, ends in self.relation_ends.items() if set(ends) & uuids}

    # ------------------------------------------------------------ actions

    def own(self) -> list[Any]:
        return [a for a in self.session.annotations.values() if a.annotator == WRITER]

    def _fresh_tokens(self) -> None:
        if self.session.text is not self.text:  # an undo or redo showed another document
            self.text = self.session.text
            self.tokens = self.token_spans(self.text)

    def annotate(self) -> None:
        self._fresh_tokens()
        if not self.tokens:
            return
        first = self.rng.randrange(len(self.tokens))
        last = min(len(self.tokens) - 1, first + self.rng.choice((0, 0, 1, 2)))
        start, end = self.tokens[first][0], self.tokens[last][1]
        self._act(set(), self.editor.annotate, self.rng.choice(LABELS), start, end)

    def annotate_all(self) -> None:
        """The find bar's "annotate all": every token of the document with the same text."""
        self._fresh_tokens()
        if not self.tokens:
            return
        start, end = self.rng.choice(self.tokens)
        word = self.text[start:end]
        ranges = [(s, e) for s, e in self.tokens if self.text[s:e] == word]
        self._act(set(), self.editor.annotate_all, self.rng.choice(LABELS), ranges)

    def relabel(self) -> None:
        own = self.own()
        if own:
            ann = self.rng.choice(own)
            keys = {f"a:{ann.uuid}"} | self._relations_of({ann.uuid})
            self._act(keys, self.editor.relabel, ann.uuid, self.rng.choice(LABELS))

    def set_source(self) -> None:
        own = self.own()
        claims = [a for a in own if a.label == "CLAIM"]
        actors = [a for a in own if a.label == "ACTOR"]
        if claims and actors:
            claim, actor = self.rng.choice(claims), self.rng.choice(actors)
            keys = self._relations_of({claim.uuid})
            self._act(keys, self.editor.set_source, claim.uuid, actor.uuid)

    def set_status(self) -> None:
        doc = self.session.document_id
        status = self.rng.choice(("new", "in progress", "done", "done"))
        self._act(set(), self.editor.set_status, doc, status)

    def delete(self) -> None:
        own = self.own()
        if own:
            ann = self.rng.choice(own)
            keys = {f"a:{ann.uuid}"} | self._relations_of({ann.uuid})
            self._act(keys, self.editor.delete, [ann.uuid])
            if self.rng.random() < 0.5:
                self.undo()

    def undo(self) -> None:
        stack = self.editor.stack
        if stack.canUndo():  # through the Editor, which keeps the stack right on a failure
            step = getattr(self.editor, "undo", stack.undo)
            self._act(self._command_keys(stack.command(stack.index() - 1)), step)

    def redo(self) -> None:
        stack = self.editor.stack
        if stack.canRedo():
            step = getattr(self.editor, "redo", stack.redo)
            self._act(self._command_keys(stack.command(stack.index())), step)

    def _command_keys(self, command: Any) -> set[str]:
        """Everything an undo or redo of `command` may change: the spans and relations it
        holds (in any attribute), the relations of those spans, its documents' statuses."""
        items: list[Any] = []
        for value in vars(command).values():
            items += value if isinstance(value, (list, tuple)) else [value]
        keys: set[str] = set()
        uuids: set[str] = set()
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool):
                keys.add(f"s:{item}")  # e.g. SetStatus.document_id, reopened documents
            if not hasattr(item, "uuid") or not hasattr(item, "document_id"):
                continue
            if hasattr(item, "head"):
                keys.add(f"r:{item.uuid}")
            else:
                keys.add(f"a:{item.uuid}")
                uuids.add(item.uuid)
            keys.add(f"s:{item.document_id}")
        return keys | self._relations_of(uuids)

    def other_document(self) -> None:
        if self.rng.random() < 0.3:
            self.documents = self.project.document_ids()  # others import meanwhile
        self._open(self.rng.choice(self.documents))

    def probe(self) -> None:
        """Open a read-only path of the app in this process, read, close."""
        from annotator.store.project import Project, connect_readonly
        from annotator.team import open_readonly

        kind = self.rng.choice(("open_readonly", "connect_readonly", "project_open", "dashboard"))
        try:
            if kind == "open_readonly":
                other = open_readonly(self.path)
                other.annotations(self.session.document_id or 1)
                other.conn.close()
            elif kind == "connect_readonly":
                conn = connect_readonly(self.path)
                conn.execute("SELECT count(*) FROM annotations").fetchone()
                conn.close()
            elif kind == "project_open":
                second = Project.open(self.path)
                second.annotations(self.session.document_id or 1)
                second.close()
            else:
                dashboard_report(str(self.path))
        except Exception as err:  # noqa: BLE001 - logged and counted
            self.emit(op="probe", kind=kind, error=f"{type(err).__name__}: {err}")
        else:
            self.emit(op="probe", kind=kind)

    def run(self) -> None:
        actions = (
            [self.annotate] * 10
            + [self.annotate_all]
            + [self.relabel, self.set_source, self.set_status, self.delete, self.undo] * 2
            + [self.redo, self.other_document, self.other_document]
            + [self.probe] * 3
        )
        while True:
            self.rng.choice(actions)()
            if self.rng.random() < 0.2:
                time.sleep(self.rng.uniform(0, 0.01))


def _wal_id(path: Path) -> list[int] | None:
    """Device and inode of the project's -wal file (os.stat opens no descriptor on it)."""
    try:
        info = os.stat(f"{path}-wal")
    except FileNotFoundError:
        return None
    return [info.st_dev, info.st_ino]


def writer_main(path: Path, log: Path, seed: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    _app = QCoreApplication.instance() or QCoreApplication([])
    Writer(path, log, seed).run()
    return 0


def dashboard_report(path: str) -> dict:
    """What Review > Agreement dashboard does to read the project (its report thread's body,
    run here without starting a thread). Raises RuntimeError with the dashboard's message."""
    from annotator.gui.dashboard import _ReportThread

    thread = _ReportThread(path, None, True)
    results: list[Any] = []
    thread.computed.connect(lambda report: results.append(report))
    thread.failed.connect(lambda message: results.append(RuntimeError(message)))
    thread.run()
    if not results or isinstance(results[0], Exception):
        raise results[0] if results else RuntimeError("the dashboard reported nothing")
    return results[0]


def dashboard_main(path: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        report = dashboard_report(path)
    except RuntimeError as err:
        print(f"dashboard: {err}", file=sys.stderr)
        return 1
    return 0 if report else 1


# ====================================================================== the harness


@dataclass
class Figures:
    rounds: int = 0
    rounds_requested: int = 0
    writer_kills: int = 0
    other_kills: int = 0
    annotations_acknowledged: int = 0
    actions_acknowledged: int = 0
    lost: int = 0  # acknowledged annotations missing from the file
    lost_changes: int = 0  # other acknowledged changes not in the file (label, relation, ...)
    half_written: int = 0  # a failed or refused export left something, a finished one nothing
    integrity_failures: int = 0
    check_problems: int = 0
    unreadable: int = 0  # rounds after which the project would not open or read
    hot_journals: int = 0  # rounds that left a killed bulk import's journal to roll back
    wal_deletions: int = 0
    writer_mismatches: int = 0
    writer_start_failures: int = 0
    writer_errors: Counter = field(default_factory=Counter)
    probes: Counter = field(default_factory=Counter)
    probe_errors: Counter = field(default_factory=Counter)
    commands: Counter = field(default_factory=Counter)
    busy: Counter = field(default_factory=Counter)
    busy_at_once: Counter = field(default_factory=Counter)  # locked sooner than the timeout
    refused: Counter = field(default_factory=Counter)  # exports with nothing marked done
    failures: Counter = field(default_factory=Counter)  # suspicious: not a busy message
    timeouts: int = 0
    samples: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def damaged(self) -> bool:
        return bool(
            self.lost
            or self.lost_changes
            or self.half_written
            or self.integrity_failures
            or self.check_problems
            or self.unreadable
            or self.wal_deletions
            or self.writer_mismatches
        )

    def to_json(self) -> dict:
        return {
            "rounds": self.rounds,
            "rounds_requested": self.rounds_requested,
            "kills": {"writer": self.writer_kills, "others": self.other_kills},
            "annotations_acknowledged": self.annotations_acknowledged,
            "actions_acknowledged": self.actions_acknowledged,
            "lost": self.lost,
            "lost_changes": self.lost_changes,
            "half_written": self.half_written,
            "integrity_failures": self.integrity_failures,
            "check_problems": self.check_problems,
            "unreadable": self.unreadable,
            "wal_deletions": self.wal_deletions,
            "writer_mismatches": self.writer_mismatches,
            "writer_start_failures": self.writer_start_failures,
            "writer_errors": dict(self.writer_errors),
            "probes": dict(self.probes),
            "probe_errors": dict(self.probe_errors),
            "commands": dict(sorted(self.commands.items())),
            "busy": dict(sorted(self.busy.items())),
            "busy_at_once": dict(sorted(self.busy_at_once.items())),
            "refused": dict(sorted(self.refused.items())),
            "failures": dict(sorted(self.failures.items())),
            "failure_samples": self.samples,
            "hot_journals": self.hot_journals,
            "timeouts": self.timeouts,
            "problems": self.problems[:50],
            "seconds": round(self.seconds, 1),
        }


@dataclass
class Other:
    kind: str
    process: subprocess.Popen
    stderr: Path
    kill_at: float | None
    started: float
    killed: bool = False
    argv: list[str] = field(default_factory=list)
    effect: dict[str, str] = field(default_factory=dict)  # keys acknowledged by its exit 0


class Harness:
    def __init__(self, workdir: Path, seed: int, figures: Figures, verbose: bool) -> None:
        self.work = workdir
        self.seed = seed
        self.rng = random.Random(seed)
        self.figures = figures
        self.verbose = verbose
        self.template = workdir / "template.sqlite"
        self.team = workdir / "team"
        self.extra = workdir / "extra"
        self.inputs = workdir / "inputs"
        self.outs = workdir / "out"
        self.logs = workdir / "logs"
        self.failures = workdir / "failures"
        self.env = dict(os.environ)
        home = workdir / "home"
        self.env.update(
            QT_QPA_PLATFORM="offscreen",
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"),
            ANNOTATOR_HOME=str(home / "annotator"),
        )
        self.generation = 0
        self.project = workdir / "project-0.sqlite"
        self.state: dict[str, Any] = {}  # key -> ("ok", value) | ("gone",) | ("?",)
        self.acknowledged: set[str] = set()  # annotation keys ever acknowledged
        self.unusable = False  # the project cannot be read: the next round gets a fresh one
        self.counter = 0
        self.words: list[str] = []
        self.sentences: list[str] = []
        self.template_docs: list[int] = []  # whose importer's statuses `status --set` sets
        self.effect: dict[str, str] = {}  # what the command just made acknowledges by exit 0
        self.setting = False  # a `status --set` of the importer's is running

    # ------------------------------------------------------------ setup

    def cli(self, *args: str | Path) -> None:
        subprocess.run(
            [sys.executable, "-m", "annotator", *map(str, args)],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def setup(self) -> None:
        """The demo corpus, two teammates' annotated copies merged back, a gold standard, and a
        folder of extra articles to import."""
        from annotator.store import Project
        from annotator.text import split_sentences, token_spans

        for folder in (self.inputs, self.outs, self.logs, self.extra):
            folder.mkdir(parents=True, exist_ok=True)
        self.cli("new", self.template)
        self.cli("import", self.template, ROOT / "seeds", "--clean")
        self.cli(
            "assign", self.template, "--annotators", ",".join(TEAM), "--overlap", "1",
            "--out", self.team, "--seed", str(self.seed), "--force",
        )  # fmt: skip
        for name in TEAM:
            with Project.open(self.team / f"{name}.sqlite") as copy:
                for doc in copy.document_ids():
                    text = copy.document_text(doc)
                    spans = token_spans(text)
                    shared = random.Random(doc)  # the same first spans for both: agreement
                    own = random.Random(f"{name}{doc}{self.seed}")
                    for index in range(12):
                        rng = shared if index < 8 else own
                        first = rng.randrange(len(spans))
                        last = min(len(spans) - 1, first + rng.choice((0, 1)))
                        start, end = spans[first][0], spans[last][1]
                        label = rng.choice(LABELS)
                        if not any(
                            a.start == start and a.end == end and a.label == label
                            for a in copy.annotations(doc, name)
                        ):
                            copy.add_annotation(doc, name, label, start, end)
                    copy.set_status(doc, name, "done")
        self.cli("merge", self.template, *(self.team / f"{n}.sqlite" for n in TEAM))
        self.cli("adjudicate", self.template, "--min-agree", "2")
        with Project.open(self.template) as project:
            texts = [project.document_text(doc) for doc in project.document_ids()]
        for text in texts:
            for start, end in split_sentences(text):
                if end - start > 20:
                    self.sentences.append(text[start:end])
            self.words += [text[s:e] for s, e in token_spans(text) if e - s > 3]
        for index in range(300):
            (self.extra / f"extra-{index:03}.txt").write_text(self.article(), encoding="utf-8")
        importer = self.annotated_jsonl(self.inputs / "importer.jsonl")  # the importer exists
        self.cli("import", self.template, importer, "--format", "jsonl", "--annotator", IMPORTER)
        with Project.open(self.template) as project:
            self.template_docs = project.document_ids()
        self.new_project()

    def article(self) -> str:
        """A new article: seed sentences in a new order and a line no other article has."""
        self.counter += 1
        body = "\n".join(self.rng.sample(self.sentences, min(6, len(self.sentences))))
        return f"مقال رقم {self.seed}-{self.counter}\n{body}\n"

    def new_project(self) -> None:
        """A fresh copy of the template (SQLite's backup API), the acknowledged state reset."""
        old = self.project
        self.generation += 1
        self.project = self.work / f"project-{self.generation}.sqlite"
        source = sqlite3.connect(self.template)
        target = sqlite3.connect(self.project)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{old}{suffix}").unlink(missing_ok=True)
        self.state = {}
        self.unusable = False

    # ------------------------------------------------------------ other processes

    def command(self, kind: str) -> list[str]:
        """The command line of one process of `kind`, with fresh inputs where it imports."""
        from annotator.formats import get_format

        rng = self.rng
        project = str(self.project)
        self.counter += 1
        out = self.outs / f"{kind}-{self.counter}"
        cli = [sys.executable, "-m", "annotator"]
        if kind == "stats":
            return cli + ["stats", project] + rng.choice(([], ["--json"]))
        if kind == "search":
            return cli + ["search", project, rng.choice(self.words)]
        if kind == "check":
            return cli + ["check", project]
        if kind == "find":
            query = rng.choice(("label=ACTOR", "label=CASUALTY count>=2", "status=done"))
            return cli + ["find", project, query] + rng.choice(([], ["--json"]))
        if kind == "consistency":  # exit status 1: inconsistencies found
            return cli + ["check", project, "--consistency"] + rng.choice(([], ["--json"]))
        if kind == "labels":  # read the schema, dump it, or write the guideline text
            guide = Path(f"{out}.md")
            guide.write_text(f"# Guidelines {self.counter}\n\nMark actors.\n", encoding="utf-8")
            extra = rng.choice(
                (["--json"], ["--dump", f"{out}.json"], ["--guidelines", str(guide)])
            )
            return cli + ["labels", project, *extra]
        if kind == "notes":
            return cli + ["notes", project] + rng.choice(([], ["--flagged", "--json"]))
        if kind == "backups":
            return cli + ["backups", project, "--now"]
        if kind == "agree":
            extra = rng.choice(([], ["--json"], ["--html", f"{out}.html"]))
            return cli + ["agree", project, "--include-unfinished", *extra]
        if kind == "adjudicate":
            every = rng.choice((["--include-unfinished"], []))
            done = rng.choice((["--mark-done"], []))  # gold statuses: checked by `check` only
            return cli + ["adjudicate", project, *every, "--min-agree", "2", *done]
        if kind == "status-set":
            docs = sorted(rng.sample(self.template_docs, rng.randint(1, 3)))
            status = rng.choice(("done", "done", "in-progress", "new"))
            whose = ["--gold"]  # adjudicate changes the gold's too: not followed
            if not self.setting and rng.random() < 0.7:
                whose = ["--annotator", IMPORTER]
                self.effect = {f"i:{doc}": CLI_STATUS[status] for doc in docs}
            ids = ",".join(map(str, docs))
            return cli + ["status", project, "--set", status, *whose, "--documents", ids]
        if kind == "merge":
            return cli + ["merge", project, *(str(self.team / f"{n}.sqlite") for n in TEAM)]
        if kind == "assign":
            names = ",".join(TEAM)
            return cli + ["assign", project, "--annotators", names, "--out", str(out)]
        if kind.startswith("export-"):
            fmt = kind.split("-", 1)[1]
            who = rng.choice(
                (
                    ["--annotator", WRITER],
                    ["--annotator", IMPORTER],
                    ["--all-annotators"],
                    ["--majority", "2"],
                    ["--gold"],
                )
            )
            written = any(k.startswith("a:") and v[0] == "ok" for k, v in self.state.items())
            if who[0] == "--annotator" and (not written or rng.random() < 0.5):
                who = ["--annotator", rng.choice(TEAM)]  # the writer's name exists once it wrote
            workers = ["--workers", "2"] if fmt in ("conll", "hf") and rng.random() < 0.3 else []
            target = out if get_format(fmt).folder else out.with_suffix(f".{fmt}")
            # every document, or the default: those marked done (by the writer, the importer
            # (status --set), the teammates (all), the gold (adjudicate --mark-done, status
            # --set)), refused when there are none
            every = rng.choice((["--include-unfinished"], []))
            export = ["export", project, "--format", fmt, "--out", str(target)]
            return cli + export + who + workers + every
        if kind == "import-text":
            files = rng.sample(sorted(self.extra.iterdir()), rng.randint(1, 3))
            clean = ["--clean"] if rng.random() < 0.5 else []
            return cli + ["import", project, *map(str, files), *clean]
        if kind == "import-jsonl":
            path = self.annotated_jsonl(out.with_suffix(".jsonl"))
            done = ["--done"] if rng.random() < 0.5 else []
            how = ["--format", "jsonl", "--annotator", IMPORTER]
            return cli + ["import", project, str(path), *how, *done]
        if kind == "import-suggestions":  # a model's output: the spans become suggestions
            path = self.annotated_jsonl(out.with_suffix(".jsonl"))
            how = ["--format", "jsonl", "--annotator", IMPORTER, "--as-suggestions"]
            return cli + ["import", project, str(path), *how]
        if kind == "suggest":  # the rules propose (and pre-annotate) for someone not followed
            how = ["--for", "chaos-suggest", "--recommenders", "strings,casualty,claims"]
            accept = ["--accept", "--min-score", "0.5"] if rng.random() < 0.5 else []
            return cli + ["suggest", project, *how, *accept]
        if kind == "import-conll":
            path = self.annotated_conll(out.with_suffix(".conll"))
            how = ["--format", "conll", "--annotator", IMPORTER]
            return cli + ["import", project, str(path), *how]
        if kind.startswith("import-") and kind[7:] in IMPORT_FORMATS:
            name = kind[7:]
            path = self.annotated_file(name, out)
            return cli + ["import", project, str(path), "--format", name, "--annotator", IMPORTER]
        if kind == "dashboard":
            return [sys.executable, str(SCRIPT), "--role", "dashboard", project]
        raise ValueError(kind)

    def annotated_file(self, fmt: str, out: Path) -> Path:
        """New articles with spans on their tokens, written in `fmt` by its codec into the
        folder `out` (an hf file has its labels.json beside it)."""
        from annotator.formats import get_format
        from annotator.model import DocRecord, SpanRecord
        from annotator.text import token_spans

        docs = []
        for _ in range(self.rng.randint(1, 2)):
            text = self.article()
            tokens = sorted(self.rng.sample(token_spans(text), 5))
            spans = [SpanRecord(s, e, self.rng.choice(LABELS)) for s, e in tokens]
            self.counter += 1
            docs.append(DocRecord(text=text, name=f"{fmt}-{self.seed}-{self.counter}", spans=spans))
        info = get_format(fmt)
        out.mkdir()
        path = out / "docs" if info.folder else (out / "docs").with_suffix(info.suffix)
        info.module.write(docs, path, **WRITE_OPTIONS.get(fmt, {}))
        return path

    def annotated_jsonl(self, path: Path) -> Path:
        from annotator.text import token_spans

        lines = []
        for _ in range(self.rng.randint(1, 2)):
            text = self.article()
            tokens = token_spans(text)
            spans = []
            for index, (start, end) in enumerate(self.rng.sample(tokens, min(5, len(tokens)))):
                spans.append(
                    {
                        "id": f"s{index}",
                        "start": start,
                        "end": end,
                        "label": self.rng.choice(LABELS),
                    }
                )
            self.counter += 1
            record = {"id": f"j{self.seed}-{self.counter}", "text": text, "spans": spans}
            lines.append(json.dumps(record, ensure_ascii=False))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def annotated_conll(self, path: Path) -> Path:
        self.counter += 1
        words = [f"كلمة{self.seed}x{self.counter}"] + self.rng.sample(self.words, 12)
        rows = [f"# doc_id = c{self.seed}-{self.counter}"]
        previous = "O"
        for word in words:
            tag = self.rng.choice(("O", "O", "B-ACTOR", "B-CLAIM"))
            if tag == "O" and previous != "O" and self.rng.random() < 0.5:
                tag = "I-" + previous[2:]
            rows.append(f"{word}\t{tag}")
            previous = tag
        path.write_text("\n".join(rows) + "\n\n", encoding="utf-8")
        return path

    def launch(self, others: list[Other], now: float) -> None:
        kind = self.rng.choice(OTHER_KINDS)
        self.effect = {}
        argv = self.command(kind)
        effect, self.effect = self.effect, {}
        for key in effect:  # committed or not until it exits 0
            self.state[key] = ("?",)
        self.setting |= bool(effect)
        self.counter += 1
        stderr_path = self.outs / f"stderr-{self.counter}.txt"
        with open(stderr_path, "wb") as stderr:
            process = subprocess.Popen(
                argv, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=stderr
            )
        kill_at = now + self.rng.uniform(0.05, 1.5) if self.rng.random() < 0.3 else None
        others.append(Other(kind, process, stderr_path, kill_at, now, argv=argv, effect=effect))
        self.figures.commands[kind] += 1

    def reap(self, others: list[Other], now: float) -> None:
        for other in list(others):
            code = other.process.poll()
            if code is None and other.kill_at is not None and now >= other.kill_at:
                other.process.send_signal(signal.SIGKILL)
                other.killed = True
                self.figures.other_kills += 1
                other.process.wait()
                code = other.process.returncode
            if code is None:
                continue
            others.remove(other)
            message = ""
            if not other.killed and code != 0 and (other.kind, code) != ("consistency", 1):
                message = other.stderr.read_text(encoding="utf-8", errors="replace").strip()
                self.failed(other.kind, code, message, now - other.started, other.argv)
            if other.effect:
                self.setting = False
                if not other.killed and code == 0:
                    self.state.update({key: ("ok", value) for key, value in other.effect.items()})
            if other.kind.startswith("export-") and not other.killed:
                self.check_output(other, code)
            other.stderr.unlink(missing_ok=True)

    def check_output(self, other: Other, code: int) -> None:
        """An export that ended left its output, or nothing when it failed or was refused."""
        out = Path(other.argv[other.argv.index("--out") + 1])
        stem = out.name.split(".", 1)[0]  # out.conll, out.amal.conll, out/ (brat), temporaries
        left = sorted(
            path.name
            for path in self.outs.iterdir()
            if path.name == stem or path.name.startswith((f"{stem}.", f".{stem}."))
        )
        if (code == 0) != bool(left) or any(name.startswith(".") for name in left):
            self.figures.half_written += 1
            self.figures.problems.append(f"{' '.join(other.argv[3:])} exit {code} left {left}")

    def failed(
        self, kind: str, code: int, message: str, seconds: float, argv: list[str] | None = None
    ) -> None:
        """Count a process that exited with an error: busy, refused (an export of the default
        selection with no document marked done), or suspicious (kept as a sample).
        A busy error sooner than the store's busy timeout means SQLite did not wait."""
        from annotator.store import project

        default = "--include-unfinished" not in (argv or [])
        if kind.startswith("export-") and default and REFUSED.search(message[-300:]):
            self.figures.refused[kind] += 1
            return
        if BUSY.search(message[-300:]):
            self.figures.busy[kind] += 1
            if seconds < getattr(project, "BUSY_TIMEOUT_MS", 5000) / 1000:
                self.figures.busy_at_once[kind] += 1
            return
        self.figures.failures[kind] += 1
        if len(self.figures.samples) < 30:
            self.figures.samples.append({"kind": kind, "exit": code, "stderr": message[-600:]})
            if self.verbose:
                print(f"suspicious {kind} exit {code}: {message[-300:]}", flush=True)

    # ------------------------------------------------------------ one round

    def round(self, number: int, active: float) -> None:
        """One round: writer and others for about `active` seconds, kills, then the checks."""
        rng = self.rng
        figures = self.figures
        log = self.logs / f"writer-{number}.log"
        writer_err = self.logs / f"writer-{number}.err"
        if rng.random() < 0.3:
            self.touch_teammate()
        with open(writer_err, "wb") as err:
            argv = [sys.executable, str(SCRIPT), "--role", "writer", str(self.project), str(log)]
            writer = subprocess.Popen(
                [*argv, str(rng.randrange(2**32))], cwd=ROOT, env=self.env, stderr=err
            )
        started = time.monotonic()
        others: list[Other] = []
        kill_at = started + rng.uniform(0.02, 0.8) if rng.random() < 0.1 else None
        ready = False
        while True:
            now = time.monotonic()
            if not ready and log.exists() and log.stat().st_size > 0:
                ready = True
                if kill_at is None:
                    kill_at = now + rng.uniform(0.05, active)
            if writer.poll() is not None:  # died by itself: it could not start or crashed
                figures.writer_start_failures += 1
                message = writer_err.read_text(encoding="utf-8", errors="replace").strip()
                self.failed("writer", writer.returncode, message, now - started)
                figures.problems.append(
                    f"round {number}: the writer exited after {now - started:.2f} s "
                    f"(running: {', '.join(o.kind for o in others) or 'nothing'}): "
                    f"{message[-300:]}"
                )
                break
            if kill_at is not None and now >= kill_at:
                writer.send_signal(signal.SIGKILL)
                writer.wait()
                figures.writer_kills += 1
                break
            if now - started > 60:
                writer.send_signal(signal.SIGKILL)
                writer.wait()
                figures.writer_start_failures += 1
                figures.problems.append(f"round {number}: the writer did not start in 60 s")
                break
            if len(others) < 2 and rng.random() < 0.25:
                self.launch(others, now)
            self.reap(others, now)
            time.sleep(rng.uniform(0.005, 0.03))
        tail = time.monotonic() + rng.uniform(0, 0.3)
        while time.monotonic() < tail:
            if len(others) < 2 and rng.random() < 0.2:
                self.launch(others, time.monotonic())
            self.reap(others, time.monotonic())
            time.sleep(0.01)
        deadline = time.monotonic() + 60
        while others:
            now = time.monotonic()
            if now > deadline:
                for other in others:
                    other.process.send_signal(signal.SIGKILL)
                    other.process.wait()
                    other.killed = True
                    figures.timeouts += 1
                    figures.problems.append(f"round {number}: {other.kind} ran over 60 s")
            self.reap(others, now)
            time.sleep(0.01)
        damaged = self.read_log(log, number) | self.verify(number)
        if damaged:
            self.keep_failure(number, log, writer_err)
        else:
            log.unlink(missing_ok=True)
            writer_err.unlink(missing_ok=True)
        shutil.rmtree(self.outs)  # the round's exports, inputs and copies
        self.outs.mkdir()
        if self.unusable:
            self.new_project()
        figures.rounds += 1

    def touch_teammate(self) -> None:
        """A teammate annotated more in their copy: the next merges extend the project."""
        from annotator.store import Project
        from annotator.text import token_spans

        name = self.rng.choice(TEAM)
        with Project.open(self.team / f"{name}.sqlite") as copy:
            doc = self.rng.choice(copy.document_ids())
            start, end = self.rng.choice(token_spans(copy.document_text(doc)))
            label = self.rng.choice(LABELS)
            if not any(
                (a.start, a.end, a.label) == (start, end, label) for a in copy.annotations(doc)
            ):
                copy.add_annotation(doc, name, label, start, end)

    def read_log(self, log: Path, number: int) -> bool:
        """Apply the writer's log to the acknowledged state; True when it saw its -wal go."""
        figures = self.figures
        damaged = False
        try:
            lines = log.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return False
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # the last line, cut by the kill
            op = record.get("op")
            if op == "?":
                for key in record["keys"]:
                    self.state[key] = ("?",)
            elif op == "ack":
                figures.actions_acknowledged += 1
                for key, value in record["set"].items():
                    if key.startswith("a:") and key not in self.acknowledged:
                        self.acknowledged.add(key)
                        figures.annotations_acknowledged += 1
                    self.state[key] = ("ok", value)
                for key in record["deleted"]:
                    self.state[key] = ("gone",)
            elif op in ("error", "failed"):  # raised / refused by the store and reported
                figures.writer_errors[f"{op}: {record['error'][:120]}"] += 1
            elif op == "probe":
                figures.probes[record["kind"]] += 1
                if "error" in record:
                    figures.probe_errors[record["error"][:120]] += 1
            elif op == "wal":
                figures.wal_deletions += 1
                figures.problems.append(
                    f"round {number}: the -wal file changed under the live writer: "
                    f"{record['before']} -> {record['after']}"
                )
                damaged = True
            elif op == "mismatch":
                figures.writer_mismatches += 1
                figures.problems.append(f"round {number}: writer saw {record}")
                damaged = True
        return damaged

    def verify(self, number: int) -> bool:
        """Open the project after the round and compare it with what was acknowledged."""
        from annotator.store import Project, ProjectError

        figures = self.figures
        if Path(f"{self.project}-journal").exists():
            figures.hot_journals += 1  # a bulk import was killed: the opening rolls it back
        try:
            project = Project.open(self.project)
        except (ProjectError, sqlite3.Error) as err:
            return self.unreadable(number, f"the project does not open: {err}")
        try:
            try:
                problems = project_problems(project)
            except Exception as err:  # noqa: BLE001 - a damaged file can make it fail
                problems = [f"integrity: annotator check failed: {type(err).__name__}: {err}"]
            try:
                stored = self.stored(project)
            except Exception as err:  # noqa: BLE001 - counted: nothing can be compared
                return self.unreadable(number, f"cannot read: {type(err).__name__}: {err}")
        finally:
            project.close()
        integrity = [p for p in problems if p.split(":", 1)[0] in ("integrity", "table", "file")]
        figures.integrity_failures += bool(integrity)
        figures.check_problems += len(problems) - len(integrity)
        figures.problems += [f"round {number}: check: {p}" for p in problems[:10]]
        lost = []
        for key, state in self.state.items():
            value = stored.get(key)
            if state[0] == "ok" and value != state[1]:
                lost.append(f"{key} acknowledged {state[1]!r}, stored {value!r}")
                if key.startswith("a:") and value is None:
                    figures.lost += 1
                else:
                    figures.lost_changes += 1
            elif state[0] == "gone" and value is not None and not key.startswith("s:"):
                lost.append(f"{key} acknowledged deleted, stored {value!r}")
                figures.lost_changes += 1
        for entry in lost:
            figures.problems.append(f"round {number}: {entry}")
        for entry in lost:  # counted once: from now on the stored state is expected
            key = entry.split(" ", 1)[0]
            self.state[key] = ("ok", stored[key]) if key in stored else ("gone",)
        return bool(lost or problems)

    @staticmethod
    def stored(project: Any) -> dict[str, Any]:
        """The writer's spans (label), relations (ends) and statuses in `project`, by key."""
        stored: dict[str, Any] = {}
        for doc in project.document_ids():
            stored.update({f"a:{a.uuid}": a.label for a in project.annotations(doc, WRITER)})
            relations = project.relations(doc, WRITER)
            stored.update({f"r:{r.uuid}": [r.head, r.tail] for r in relations})
            stored[f"s:{doc}"] = project.status(doc, WRITER)
            stored[f"i:{doc}"] = project.status(doc, IMPORTER)  # set by `status --set`
        return stored

    def unreadable(self, number: int, problem: str) -> bool:
        """The project cannot be opened or read after the round: everything acknowledged on it
        counts as lost, and the next round starts from a fresh copy."""
        figures = self.figures
        figures.unreadable += 1
        figures.problems.append(f"round {number}: {problem}")
        figures.lost += sum(1 for k, v in self.state.items() if k[0] == "a" and v[0] == "ok")
        self.unusable = True
        return True

    def keep_failure(self, number: int, log: Path | None, writer_err: Path | None) -> None:
        """Keep the round's writer log and a copy of the project (backup API) for a look."""
        folder = self.failures / f"round-{number}"
        folder.mkdir(parents=True, exist_ok=True)
        for path in (log, writer_err):
            if path is not None and path.exists():
                shutil.move(path, folder / path.name)
        source = sqlite3.connect(self.project)
        target = sqlite3.connect(folder / "project.sqlite")
        try:
            source.backup(target)
        except sqlite3.Error as err:
            (folder / "backup-error.txt").write_text(str(err), encoding="utf-8")
        finally:
            target.close()
            source.close()


def project_problems(project: Any) -> list[str]:
    """What `annotator check` finds in open `project`, each as "kind: message"."""
    try:
        from annotator.store.health import check_project
    except ImportError:  # before store.health: the command's own check, kinds in its text
        from annotator.commands.project import check_project as check_text

        return check_text(project)[0]
    return [f"{problem.kind}: {problem.message}" for problem in check_project(project).problems]


def run(args: argparse.Namespace) -> tuple[Figures, Path]:
    figures = Figures(rounds_requested=args.rounds)
    started = time.monotonic()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="annotator-chaos-"))
    workdir.mkdir(parents=True, exist_ok=True)
    harness = Harness(workdir, args.seed, figures, verbose=not args.json)
    harness.setup()
    overhead = 1.0  # seconds of a round outside its active part (estimated as it goes)
    for number in range(args.rounds):
        if number and number % args.rounds_per_project == 0:
            harness.new_project()
        active = args.round_seconds
        if args.max_seconds:
            left = args.max_seconds - (time.monotonic() - started)
            if left <= 0:
                break
            active = max(0.1, min(active, left / (args.rounds - number) - overhead))
        begun = time.monotonic()
        harness.round(number, active)
        spent = time.monotonic() - begun
        overhead = 0.8 * overhead + 0.2 * max(0.0, spent - active / 2)
        if not args.json and (number + 1) % 50 == 0:
            print(
                f"round {number + 1}: acknowledged {figures.annotations_acknowledged}, "
                f"lost {figures.lost}, damaged {figures.damaged()}",
                flush=True,
            )
    figures.seconds = time.monotonic() - started
    return figures, workdir


def summary(figures: Figures, workdir: Path, kept: bool) -> str:
    lines = [
        f"rounds                    {figures.rounds} of {figures.rounds_requested}",
        f"kills                     writer {figures.writer_kills}, others {figures.other_kills}",
        f"annotations acknowledged  {figures.annotations_acknowledged}"
        f" ({figures.actions_acknowledged} acknowledged actions)",
        f"lost                      {figures.lost}",
        f"other changes lost        {figures.lost_changes}",
        f"exports half written      {figures.half_written}",
        f"integrity failures        {figures.integrity_failures}",
        f"other check problems      {figures.check_problems}",
        f"unreadable after a round  {figures.unreadable}",
        f"killed imports rolled back {figures.hot_journals}",
        f"-wal deleted under writer {figures.wal_deletions}",
        f"writer saw other state    {figures.writer_mismatches}",
        f"writer start failures     {figures.writer_start_failures}",
        f"writer action errors      {sum(figures.writer_errors.values())}",
        f"read-only probes          {sum(figures.probes.values())}"
        f" ({sum(figures.probe_errors.values())} failed)",
        f"commands run              {sum(figures.commands.values())}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(figures.commands.items())),
        f"busy (database locked)    {sum(figures.busy.values())}"
        f" ({sum(figures.busy_at_once.values())} sooner than the busy timeout)",
        f"exports refused           {sum(figures.refused.values())} (nothing marked done)",
        f"suspicious failures       {sum(figures.failures.values())}",
        f"seconds                   {figures.seconds:.1f}",
    ]
    for sample in figures.samples[:10]:
        lines.append(f"  {sample['kind']} exit {sample['exit']}: {sample['stderr'][-300:]}")
    for error, count in figures.writer_errors.most_common(5):
        lines.append(f"  writer error x{count}: {error}")
    for error, count in figures.probe_errors.most_common(5):
        lines.append(f"  probe error x{count}: {error}")
    for problem in figures.problems[:20]:
        lines.append(f"  {problem}")
    if kept:
        lines.append(f"kept for a look: {workdir}")
    lines.append("LOST OR DAMAGED" if figures.damaged() else "nothing lost, nothing damaged")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=100, help="rounds (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="seed of every random choice")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=0,
        help="shorten rounds to fit in this time, and stop when it is over (default: no limit)",
    )
    parser.add_argument(
        "--round-seconds",
        type=float,
        default=1.2,
        help="longest time the writer runs before its kill (default 1.2)",
    )
    parser.add_argument(
        "--rounds-per-project",
        type=int,
        default=40,
        help="rounds on one project before a fresh copy of the template (default 40)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="folder for the projects and logs (default: a temporary one, removed unless "
        "something was lost or damaged)",
    )
    parser.add_argument("--role", choices=("writer", "dashboard"), help=argparse.SUPPRESS)
    parser.add_argument("role_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role == "writer":
        path, log, seed = args.role_args
        return writer_main(Path(path), Path(log), int(seed))
    if args.role == "dashboard":
        return dashboard_main(args.role_args[0])
    figures, workdir = run(args)
    kept = figures.damaged() or args.workdir is not None
    if not kept:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(figures.to_json() | {"workdir": str(workdir) if kept else None}))
    else:
        print(summary(figures, workdir, kept))
    return 1 if figures.damaged() else 0


if __name__ == "__main__":
    sys.exit(main())
