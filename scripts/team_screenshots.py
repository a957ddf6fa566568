"""Make docs/team_sync.png and docs/team_progress.png: the workbench's Team menu with the sync
status, and the lead's Team progress dashboard, on a real team server.

A throwaway PostgreSQL cluster (tests/pgcluster.py: initdb in a temporary folder, 127.0.0.1
only) gets the demo project as its team project (`team init`, lead "lina"); two annotators
join (أمل as amal, بدر as badr), annotate and sync, as they would from their own desktops
(بدر also on a laptop, where the same span was changed otherwise: an open conflict);
then the lead's window is shown with the Team menu open (a menu is a window of its own: it is
drawn into the picture where it opens) and the progress dashboard reads the server.

    .venv/bin/python scripts/team_screenshots.py [--language en|ar] [--out DOCS_FOLDER] [--report]

Arabic pictures are written as team_sync_ar.png and team_progress_ar.png. With --report, only
team_report.png (team_report_ar.png): the sync report on بدر's laptop, whose Sync now finds the
conflict and a unit held here, not sent (the work of "زائر", whom the server does not know).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from _shots import ROOT, settle, workbench

MEMBERS = (("أمل", "amal"), ("بدر", "badr"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("en", "ar"), default="en")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder of the PNGs")
    parser.add_argument("--report", action="store_true", help="the sync report's picture only")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "tests"))
    import pgcluster

    if pgcluster.find_bindir() is None:
        print("PostgreSQL server binaries not found (scripts/ensure_postgres.sh)", file=sys.stderr)
        return 2
    suffix = "_ar" if args.language == "ar" else ""
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ANNOTATOR_HOME"] = folder  # settings: not the user's
        os.environ["PGPASSFILE"] = str(Path(folder) / "pgpass")
        cluster = pgcluster.start_cluster()
        try:
            lead = _team(pgcluster, cluster, Path(folder), report=args.report)
            if args.report:
                laptop = Path(folder) / f"{MEMBERS[1][1]}-laptop.sqlite"
                return _shoot_report(laptop, args.language, args.out / f"team_report{suffix}.png")
            return _shoot(
                lead,
                args.language,
                args.out / f"team_sync{suffix}.png",
                args.out / f"team_progress{suffix}.png",
            )
        finally:
            cluster.stop()


def _team(pgcluster, cluster, folder: Path, *, report: bool = False) -> Path:
    """The lead's project, joined to a team database where two annotators have worked (report:
    the laptop's conflicting change and a guest's unit wait for the laptop's next sync)."""
    from annotator import team_server
    from annotator.demo import build_demo_project
    from annotator.rules import DONE, IN_PROGRESS
    from annotator.store import Project, sync_local
    from annotator.sync import sync_project

    database = pgcluster.create_database(cluster, "team", folder / "pgpass")
    lead = folder / "lead.sqlite"
    build_demo_project(lead)
    team_server.init(lead, database.url, lead="lina")
    for name, login in MEMBERS:
        team_server.add_member(database.url, name, login=login, new_password=f"pw-{login}")
        database.remember(login, f"pw-{login}")
    team_server.assign(database.url, [name for name, _ in MEMBERS], overlap=0.4, seed=3)
    for index, (name, login) in enumerate(MEMBERS):
        path = folder / f"{login}.sqlite"
        team_server.join(database.url_for(login), path)
        with Project.open(path) as project:
            for number, document in enumerate(project.document_ids()):
                text = project.document_text(document)
                project.add_annotation(document, name, "ACTOR", 0, text.index(" "))
                status = DONE if number < 2 - index else IN_PROGRESS
                project.set_status(document, name, status)
                if status == IN_PROGRESS:
                    break
        sync_project(path)
        if index:  # the same span changed otherwise on the annotator's laptop: a conflict
            laptop = folder / f"{login}-laptop.sqlite"
            team_server.join(database.url_for(login), laptop)
            with Project.open(path) as project:
                document = project.document_ids()[0]
                title = project.document(document).name
                [span] = project.annotations(document, name)
                project.update_annotation(span.uuid, label="CLAIM")
            sync_project(path)
            with Project.open(laptop) as project:
                [document] = sync_local.documents_matching(project, title)
                [span] = project.annotations(document, name)
                text = project.document_text(document)
                project.update_annotation(span.uuid, end=text.index(" ", span.end + 1))
                if report:  # a unit of someone the server does not know: held here
                    project.add_annotation(document, "زائر", "ACTOR", 0, text.index(" "))
            if not report:
                sync_project(laptop)
    sync_project(lead)
    return lead


def _shoot(lead: Path, language: str, sync_png: Path, progress_png: Path) -> int:
    from PySide6.QtGui import QPainter

    from annotator.gui import i18n
    from annotator.gui.app import application
    from annotator.store import Project

    app = application()
    i18n.install(app, language)
    with Project.open(lead) as project:
        window = workbench(project, "lina")
        window.others_action.trigger()  # the lead sees everyone's work
        window.open_initial_document()
        window.show()
        sync = window.team_sync
        text = window.session.text
        second = text.index(" ") + 1
        window.editor.annotate("ACTOR", second, text.index(" ", second))  # one change pending
        sync.refresh()
        settle()
        menu = next(
            action.menu()
            for action in window.menuBar().actions()
            if action.menu() is not None and action.menu().actions()[:1] == [window.assign_action]
        )
        bar = window.menuBar()
        anchor = bar.actionGeometry(menu.menuAction())
        # right to left, a popup's right edge goes to the point given
        spot = anchor.bottomRight() if window.isRightToLeft() else anchor.bottomLeft()
        menu.popup(bar.mapToGlobal(spot))
        sync.update_actions()
        menu.setActiveAction(sync.sync_action)
        settle()
        picture = window.grab()
        painter = QPainter(picture)
        painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
        painter.end()
        menu.hide()
        saved = picture.save(str(sync_png))
        print(f"screenshot written to {sync_png}" if saved else f"cannot write {sync_png}")

        progress = sync.open_progress()
        for _ in range(200):  # the server answers in the background
            time.sleep(0.05)
            settle()
            if progress.progress:
                break
        progress.resize(1000, 230)
        settle()
        saved_progress = progress.grab().save(str(progress_png))
        print(
            f"screenshot written to {progress_png}"
            if saved_progress
            else f"cannot write {progress_png}"
        )
        progress.close()
        window.close()
        settle()
    return 0 if saved and saved_progress else 2


def _shoot_report(laptop: Path, language: str, png: Path) -> int:
    """The laptop's window syncs (Sync now); its report: a conflict and a unit held here."""
    from annotator.gui import i18n
    from annotator.gui.app import application
    from annotator.store import Project

    app = application()
    i18n.install(app, language)
    with Project.open(laptop) as project:
        window = workbench(project, MEMBERS[1][0])
        window.show()
        sync = window.team_sync
        sync.sync_now()
        for _ in range(400):  # the sync runs in the background
            time.sleep(0.05)
            settle()
            if sync.report_dialog is not None:
                break
        dialog = sync.report_dialog
        if dialog is None:
            print(f"no sync report ({sync.state.state}: {sync.state.problem})", file=sys.stderr)
            window.close()
            return 2
        dialog.resize(820, 440)
        settle()
        saved = dialog.grab().save(str(png))
        print(f"screenshot written to {png}" if saved else f"cannot write {png}")
        dialog.close()
        window.close()
        settle()
    return 0 if saved else 2


if __name__ == "__main__":
    raise SystemExit(main())
