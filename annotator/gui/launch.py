"""Starting the workbench: project, annotator identity, window; or a screenshot and exit."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
SCREENSHOT_SIZE = (1600, 1000)
START_PAGE_SIZE = (1100, 700)  # a screenshot of the start page


def run(
    project_path: Path | None = None,
    *,
    annotator: str | None = None,
    screenshot: Path | None = None,
    document: int | None = None,
    show_others: bool = False,
    demo: bool = False,
    language: str | None = None,
    theme: str | None = None,
) -> int:
    """Open the main window (or render it to `screenshot` and return). Returns an exit status.

    `project_path` None shows the start page (`start_page.StartWindow`: recent projects, new
    project, the demo, import; a screenshot of it with `screenshot`), or with `demo` opens the
    demo project. The annotator is `main_window.session_annotator`'s: `annotator`, the
    environment variable ANNOTATOR_NAME, the remembered one, the copy's assignee (else "demo")
    for a screenshot, else asked and remembered. `annotator` and ANNOTATOR_NAME apply to this
    session only; in a teammate copy made for someone else the user may switch to them (for the
    session). A file that cannot be opened is explained in a dialog (for a screenshot, on
    stderr only) and exits with status 2.
    `language` (ar, en, system) overrides the remembered View > Language for this session,
    `theme` (system, light, dark) the remembered View > Theme.
    With ANNOTATOR_TIMING set, the time from start to the first painted article is printed.
    """
    from annotator.gui.app import display_problem

    problem = display_problem()
    if problem is not None:
        if screenshot is None:
            print(f"annotator: {problem}", file=sys.stderr)
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from annotator.gui import i18n
    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow, discard_window, session_annotator
    from annotator.gui.opening import assigned_to, report_open_problem
    from annotator.gui.settings import Settings
    from annotator.gui.theme import apply_theme
    from annotator.store import Project

    app = application()
    chosen = Settings()
    i18n.install(app, language or chosen.language, arabic_digits=chosen.arabic_digits)
    apply_theme(theme or chosen.theme, app)
    interactive = screenshot is None
    if project_path is None and demo:
        from annotator.demo import ensure_demo_project

        project_path = ensure_demo_project()
    if project_path is None:
        return _start_page(app, annotator, screenshot, show_others)
    project = window = None
    try:
        project = Project.open(project_path)
        owner = assigned_to(project)
    except Exception as err:  # any failure to read the file is explained, not a traceback
        discard_window(None, project)
        report_open_problem(None, project_path, err, dialog=interactive)
        return 2
    settings = Settings()
    name = session_annotator(annotator, settings, owner, interactive=interactive)
    if name is None:
        discard_window(None, project)
        print("annotator: no annotator name given; nothing opened", file=sys.stderr)
        return 1
    try:
        window = MainWindow(
            project,
            name,
            settings=settings,
            blind=not show_others,
            restore_layout=interactive,
            owns_project=True,
            auto_suggest=interactive,  # the recommenders' worker suggests for each document
        )
        if not interactive:
            return _screenshot(app, window, Path(screenshot), document)
        window.open_initial_document(document)
    except Exception as err:
        discard_window(window, project)
        report_open_problem(None, project_path, err, dialog=interactive)
        return 2
    settings.add_recent_project(project_path)
    if os.environ.get("ANNOTATOR_TIMING"):
        window.view.after_paint = lambda: print(
            f"first article paint after {1000 * (time.perf_counter() - STARTED):.0f} ms "
            "(since the gui module was imported)",
            flush=True,
        )
    window.show()
    return app.exec()


def _start_page(app, annotator: str | None, screenshot: Path | None, show_others: bool) -> int:
    """The start page (no project given), or its screenshot."""
    from annotator.gui.main_window import open_project_window
    from annotator.gui.settings import Settings
    from annotator.gui.start_page import show_start_page

    settings = Settings()
    window = show_start_page(
        settings,
        lambda parent, path: open_project_window(
            parent, path, settings=settings, annotator=annotator, blind=not show_others
        ),
    )
    if screenshot is None:
        return app.exec()
    window.resize(*START_PAGE_SIZE)
    for _ in range(5):
        app.processEvents()
    return _save(window, Path(screenshot))


def _save(window, path: Path) -> int:
    """Save `window` as a PNG at `path`, then close it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        print(f"annotator: error: cannot write {path}", file=sys.stderr)
        return 2
    print(f"screenshot written to {path}")
    window.close()
    return 0


def _screenshot(app, window, path: Path, document: int | None) -> int:
    """Render the window offscreen to a PNG: current document, annotations, a relation shown."""
    from PySide6.QtCore import Qt

    window.resize(*SCREENSHOT_SIZE)
    window.resizeDocks(
        [window.docks["documents"], window.docks["labels"]], [330, 300], Qt.Orientation.Horizontal
    )
    window.open_initial_document(document if document is not None else _showcase(window))
    window.show()
    for _ in range(5):
        app.processEvents()
    session = window.session
    claim = next((r.head for r in session.relations if r.annotator == session.annotator), None)
    if claim is not None:
        window.view.select_annotation(claim, reveal=True)
    for _ in range(5):
        app.processEvents()
    return _save(window, path)


def _showcase(window) -> int | None:
    """The current annotator's document that shows the most: labels, relations, nested spans."""
    project, annotator = window.project, window.session.annotator
    best, best_score = None, -1
    for doc_id in project.document_ids()[:200]:
        annotations = project.annotations(doc_id, annotator)
        if not annotations:
            continue
        nested = sum(
            1
            for outer in annotations
            for inner in annotations
            if outer is not inner and outer.start <= inner.start and inner.end <= outer.end
        )
        score = (
            10 * len({a.label for a in annotations})
            + 5 * min(len(project.relations(doc_id, annotator)), 2)
            + 8 * min(nested, 3)
        )
        if score > best_score:
            best, best_score = doc_id, score
    return best
