"""`annotator backups` and `annotator restore`: the rolling snapshots the app keeps of a project."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.commands.project import _must_exist, _print_json
from annotator.errors import ProjectError

if TYPE_CHECKING:
    from annotator.store.backups import RestoreResult, Snapshot

_RAW = argparse.RawDescriptionHelpFormatter


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_backups(subparsers)
    _register_restore(subparsers)


def _register_backups(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backups",
        help="list (or take) the snapshots kept of a project",
        description="List the snapshots of PROJECT, newest first (number 1). The app takes one "
        "when it opens a project and one every 30 minutes while you edit it; the newest 10 are "
        "kept, and at most 2 GB per project. Each is a complete copy made with SQLite's backup "
        "API, consistent even while the project is being written. They live in the user data "
        "folder (backups/<name>-<hash of the project's path>/), and are listed also when "
        "PROJECT itself is gone. Restore one with `annotator restore`.",
        epilog="examples:\n  annotator backups corpus.sqlite\n"
        "  annotator backups corpus.sqlite --now        # take a snapshot now\n"
        "  annotator backups corpus.sqlite --json",
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument(
        "--now", action="store_true", help="take a snapshot now, then list the snapshots"
    )
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.set_defaults(func=_backups)


def _register_restore(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="bring a project back to the state of one of its snapshots",
        description="Make PROJECT hold exactly what SNAPSHOT holds. SNAPSHOT is a number from "
        "`annotator backups PROJECT` (1 = the newest), a snapshot's file name, or the path of "
        "a snapshot file. The snapshot is checked first (SQLite's integrity check, an annotator "
        "project): a damaged one is refused. Then the current state of PROJECT is saved as a "
        "'before restore' snapshot, so a restore can itself be undone (restore that one). The "
        "copy goes through SQLite into the project file, which is never replaced. If PROJECT "
        "does not exist (deleted), it is created from the snapshot. Close the project in the "
        "app first, or restore from the app (File > Backups…), which reloads what it shows.",
        epilog="examples:\n  annotator restore corpus.sqlite 1\n"
        "  annotator restore corpus.sqlite 20260301-101500-000000-timer\n"
        "  annotator restore recovered.sqlite ~/.local/share/annotator/backups/corpus-3f2a/"
        "20260301-101500-000000-timer.sqlite",
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    parser.add_argument("snapshot", help="snapshot number, name or path")
    parser.set_defaults(func=_restore)


def _backups(args: argparse.Namespace) -> int:
    from annotator.store import backups

    project: Path = args.project
    taken = None
    if args.now:
        _must_exist(project)
        taken = backups.take_snapshot(project, backups.MANUAL)
    snapshots = backups.list_snapshots(project, counts=True)
    folder = backups.backup_folder(project)
    if not snapshots and not project.exists():
        raise ProjectError(
            f"{project}: no such project file, and no snapshots of it in {folder}", kind="missing"
        )
    if args.json:
        _print_json(
            {
                "project": str(project),
                "folder": str(folder),
                "taken": str(taken.path) if taken else None,
                "snapshots": [_as_json(s) for s in snapshots],
            }
        )
        return 0
    if taken is not None:
        print(f"took snapshot {taken.name} ({backups.format_size(taken.size)})")
    if not snapshots:
        print(f"no snapshots of {project} yet (take one with: annotator backups {project} --now)")
        return 0
    print(f"snapshots of {project} in {folder}:")
    print(
        f"{'#':>3}  {'taken (local time)':<19}  {'reason':<14}  {'size':>9}  {'documents':>9}  "
        f"{'annotations':>11}"
    )
    for snapshot in snapshots:
        print(_row(snapshot))
    print(f"restore one with: annotator restore {shlex.quote(str(project))} NUMBER")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from annotator.store import Project, backups

    project_path: Path = args.project
    which = backups.find_snapshot(project_path, args.snapshot)
    label = _describe(which)
    if not project_path.exists():
        result = backups.restore_as_new(project_path, which)
        print(f"created {project_path} from {label}: {_figures(result)}")
        return 0
    with Project.open(project_path) as project:
        result = backups.restore_snapshot(project, which)
    print(f"restored {project_path} from {label}: {_figures(result)}")
    if result.safety is not None:
        quoted = shlex.quote(str(project_path))
        print(
            f"its state before the restore is snapshot {result.safety.name}; undo the restore "
            f"with: annotator restore {quoted} {result.safety.path.stem}"
        )
    return 0


def _describe(which: Snapshot | Path) -> str:
    from annotator.store.backups import Snapshot

    if isinstance(which, Snapshot):
        return f"snapshot {which.number} ({_local(which)}, {which.reason}, {which.name})"
    return f"snapshot file {which}"


def _figures(result: RestoreResult) -> str:
    return f"{result.documents:,} document(s), {result.annotations:,} annotation(s)"


def _row(snapshot: Snapshot) -> str:
    from annotator.store.backups import format_size

    if snapshot.problem:
        counts = f"  {snapshot.problem}"
    else:
        counts = f"  {snapshot.documents or 0:>9,}  {snapshot.annotations or 0:>11,}"
    return (
        f"{snapshot.number:>3}  {_local(snapshot):<19}  {snapshot.reason:<14}  "
        f"{format_size(snapshot.size):>9}" + counts
    )


def _as_json(snapshot: Snapshot) -> dict:
    return {
        "number": snapshot.number,
        "name": snapshot.name,
        "path": str(snapshot.path),
        "taken_at": snapshot.taken_at.isoformat(timespec="seconds"),
        "reason": snapshot.reason,
        "size": snapshot.size,
        "documents": snapshot.documents,
        "annotations": snapshot.annotations,
        "problem": snapshot.problem,
    }


def _local(snapshot: Snapshot) -> str:
    return snapshot.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
