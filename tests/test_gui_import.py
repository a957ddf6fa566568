"""File > Import…: the dialog imports through the CLI's importers off the GUI thread, shows the
report, names file and line of an error with nothing written, and Cancel leaves nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from test_gui_support import make_project, make_window

import annotator.gui.import_dialog as import_dialog
from annotator.formats import conll
from annotator.gui.import_dialog import READER_OPTIONS, ImportDialog, guess_format, shown_path
from annotator.store import Project, backups

CONLL = "قال O\nوزير B-PERS\nالدفاع I-PERS\nفي O\nبغداد B-LOC\n. O\n\nوصل O\nالوفد B-ORG\n"
TEXTS = {
    "a.txt": "قال وزير الدفاع إن ثلاثة جنود قتلوا.",
    "b.txt": "وصل الوفد إلى عمّان صباح اليوم.",
    "c.txt": "أعلنت الوزارة ارتفاع عدد الضحايا إلى ٣٠٠٠.",
}


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


def make_dialog(qtbot, project: Project, annotator: str = "amal") -> ImportDialog:
    dialog = ImportDialog(project, annotator)
    qtbot.addWidget(dialog)
    dialog.errors = []
    dialog.show_error = dialog.errors.append
    return dialog


def conll_file(tmp_path: Path, text: str = CONLL, name: str = "news.conll") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def texts_folder(tmp_path: Path, texts: dict[str, str] = TEXTS, name: str = "articles") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(qtbot, dialog: ImportDialog, expected: str = "importFinished"):
    """Start the import, wait for its end; it must end with the signal `expected` (its
    argument is returned)."""
    ended: list[tuple[str, tuple]] = []
    signals = {
        name: getattr(dialog, name)
        for name in ("importFinished", "importFailed", "importCancelled")
    }
    slots = {name: lambda *args, name=name: ended.append((name, args)) for name in signals}
    for name, signal in signals.items():
        signal.connect(slots[name])
    try:
        assert dialog.start_import()
        assert dialog.is_running() and not dialog.import_button.isEnabled()
        qtbot.waitUntil(lambda: bool(ended), timeout=60000)
    finally:
        for name, signal in signals.items():
            signal.disconnect(slots[name])
    [(name, args)] = ended
    assert name == expected, args
    assert not dialog.is_running() and dialog.import_button.isEnabled()
    return args[0] if args else None


def test_a_conll_file_through_the_dialog(qtbot, project, tmp_path):
    path = conll_file(tmp_path)
    dialog = make_dialog(qtbot, project)
    dialog.choose_files = lambda: [str(path)]
    dialog.add_files_button.click()
    assert dialog.paths() == [path]
    assert dialog.selected_format().name == "conll"  # guessed from the suffix
    assert dialog.annotator_combo.currentText() == "amal"  # the current annotator
    dialog.done_check.setChecked(True)
    outcome = run(qtbot, dialog)
    assert not dialog.errors
    [doc_id] = project.document_ids()
    spans = sorted((a.label, a.start, a.end) for a in project.annotations(doc_id, "amal"))
    text = project.document_text(doc_id)
    assert [(label, text[s:e]) for label, s, e in spans] == [
        ("LOC", "بغداد"),
        ("ORG", "الوفد"),
        ("PERS", "وزير الدفاع"),
    ]
    assert project.status(doc_id, "amal") == "done"
    assert outcome.document_ids == [doc_id]
    lines = dialog.report_lines()
    assert "Imported 1 document(s) for amal from 1 conll input(s)" in lines
    assert "Spans: 3 added, 0 already there; relations: 0 added" in lines
    assert "Tag scheme detected: IOB2" in lines
    assert "Marked done for amal: 1 document(s)" in lines
    [snapshot] = backups.list_snapshots(project.path)
    assert snapshot.reason == backups.BEFORE_IMPORT
    assert dialog.undo_label.text().startswith("Not undoable with Edit > Undo. A snapshot")
    assert dialog.cancel_button.text() == "Close"


def test_the_readers_warnings_are_listed_with_file_and_line(qtbot, project, tmp_path):
    path = conll_file(tmp_path, "قال B-PERS\nوزير O\nالدفاع I-ORG\n")  # I- after O: warned
    dialog = make_dialog(qtbot, project)
    dialog.add_paths([path])
    run(qtbot, dialog)
    lines = dialog.report_lines()
    assert "  i without b: 1" in lines
    warning = lines.index("Warnings: 1")
    assert lines[warning + 1].startswith(f"  {shown_path(path)}:3: ")


def test_a_folder_of_plain_texts_then_its_duplicates(qtbot, project, tmp_path):
    folder = texts_folder(tmp_path, name="أخبار")
    dialog = make_dialog(qtbot, project)
    dialog.choose_folder = lambda: str(folder)
    dialog.add_folder_button.click()
    assert dialog.paths() == [folder]
    assert dialog.paths_list.item(0).text() == shown_path(folder)
    assert dialog.selected_format() is None  # plain text
    assert not dialog.annotated_box.isEnabled()
    conll_choice = dialog.format_combo.findData("conll")
    dialog.format_combo.activated.emit(conll_choice)  # the user chose a format: kept
    dialog.format_combo.setCurrentIndex(conll_choice)
    dialog.add_paths([tmp_path / "more.txt"])
    assert dialog.selected_format().name == "conll"
    dialog.paths_list.item(1).setSelected(True)
    dialog.remove_button.click()
    assert dialog.paths() == [folder]
    dialog.set_format(None)
    run(qtbot, dialog)
    assert not dialog.errors
    assert sorted(project.document_text(i) for i in project.document_ids()) == sorted(
        TEXTS.values()
    )
    assert dialog.report_lines()[0] == "Imported 3 document(s)"
    run(qtbot, dialog)  # the same folder again: nothing new, each duplicate listed
    lines = dialog.report_lines()
    assert lines[:2] == ["Imported 0 document(s)", "Already in the project, skipped: 3"]
    b_id = next(i for i in project.document_ids() if project.document_text(i) == TEXTS["b.txt"])
    shown = shown_path(folder / "b.txt")
    assert f"  {shown} (b.txt): same text as document {b_id} (b.txt)" in lines
    assert project.count_documents() == 3


def test_an_error_names_file_and_line_and_nothing_is_written(qtbot, project, tmp_path):
    good = conll_file(tmp_path, name="good.conll")
    bad = conll_file(tmp_path, "قال O\nالجيش B-ACTOR\nإن OO\n", name="bad.conll")
    labels = [label.name for label in project.labels()]
    dialog = make_dialog(qtbot, project)
    dialog.add_paths([good, bad])
    error = run(qtbot, dialog, "importFailed")
    assert (error.path, error.line) == (str(bad), 3)
    assert len(dialog.errors) == 1 and dialog.errors[0].startswith(f"{bad}:3: ")
    lines = dialog.report_lines()
    assert lines[0] == "Nothing was imported: the project is as it was."
    assert lines[1].startswith(f"  {shown_path(bad)}:3: ")
    assert project.count_documents() == 0
    assert project.annotators(role=None) == []
    assert [label.name for label in project.labels()] == labels
    # skipping bad documents instead: the good file is imported, the bad one listed
    dialog.skip_radio.setChecked(True)
    run(qtbot, dialog)
    assert project.count_documents() == 1
    assert any(line.startswith(f"  {shown_path(bad)}:3: ") for line in dialog.report_lines())


def test_every_bad_plain_input_is_named(qtbot, project, tmp_path):
    folder = texts_folder(tmp_path)
    for name in ("broken.txt", "empty.txt"):
        (folder / name).write_bytes(b"\x00\x01binary" if name == "broken.txt" else b"")
    dialog = make_dialog(qtbot, project)
    dialog.add_paths([folder])
    error = run(qtbot, dialog, "importFailed")
    bad = sorted(str(folder / name) for name in ("broken.txt", "empty.txt"))
    assert sorted(e.path for e in error.errors) == bad
    shown = sorted(shown_path(path) for path in bad)
    lines = dialog.report_lines()
    assert lines[0] == "Nothing was imported: the project is as it was."
    assert sorted(line.split(":")[0].strip() for line in lines[1:]) == shown
    assert project.count_documents() == 0


def test_cancel_inside_the_transaction_leaves_the_project_as_it_was(
    qtbot, project, tmp_path, monkeypatch
):
    folder = texts_folder(tmp_path, {f"{i:03}.txt": f"خبر رقم {i} عن الوفد." for i in range(200)})
    written: list[int] = []
    real = import_dialog.ImportJob._progress

    def cancel_after_first_chunk(job, count: int) -> None:
        written.append(count)  # a chunk of documents was written in the transaction
        job.cancel()  # as the Cancel button does
        real(job, count)

    monkeypatch.setattr(import_dialog.ImportJob, "_progress", cancel_after_first_chunk)
    dialog = make_dialog(qtbot, project)
    dialog.add_paths([folder])
    run(qtbot, dialog, "importCancelled")
    assert written and written[0] > 0
    assert project.count_documents() == 0
    assert "nothing was imported" in dialog.status_label.text()
    assert dialog.outcome is None and dialog.import_button.isEnabled()


def test_incomplete_choices_are_shown_not_run(qtbot, project, tmp_path):
    dialog = make_dialog(qtbot, project)
    assert not dialog.start_import()
    assert dialog.errors == ["choose the files or folders to import"]
    dialog.add_paths([conll_file(tmp_path)])
    dialog.annotator_combo.setCurrentText("  ")
    assert not dialog.start_import()
    assert "annotator" in dialog.errors[-1]
    assert project.count_documents() == 0


def test_the_format_is_guessed_from_the_inputs(tmp_path):
    brat = tmp_path / "brat"
    brat.mkdir()
    for stem in ("a", "b"):
        (brat / f"{stem}.txt").write_text("نص", encoding="utf-8")
        (brat / f"{stem}.ann").write_text("", encoding="utf-8")
    assert guess_format([brat]) == "brat"
    assert guess_format([tmp_path / "x.conll"]) == "conll"
    assert guess_format([tmp_path / "x.txt"]) is None  # plain text wins a tie
    assert guess_format([tmp_path / "x.jsonl"]) is None
    assert guess_format([texts_folder(tmp_path)]) is None
    # .tsv is CoNLL's and WebAnno's: WebAnno's first line tells them apart
    conll_tsv = tmp_path / "ner.tsv"
    conll_tsv.write_text("وزير\tB-ACTOR\n", encoding="utf-8")
    assert guess_format([conll_tsv]) == "conll"
    webanno_tsv = tmp_path / "doc.tsv"
    webanno_tsv.write_text("\ufeff#FORMAT=WebAnno TSV 3.3\n", encoding="utf-8")
    assert guess_format([webanno_tsv]) == "webanno"


def test_file_import_in_the_window_refreshes_the_documents(qtbot, tmp_path, monkeypatch):
    project = make_project(tmp_path / "w.sqlite")
    window = make_window(qtbot, project, "amal")
    assert window.import_action in window.menuBar().actions()[0].menu().actions()
    assert window.import_action.shortcuts() == [QKeySequence("Ctrl+I")]
    shown: list[ImportDialog] = []
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.import_action.trigger()
    [dialog] = shown
    qtbot.addWidget(dialog)
    dialog.show_error = pytest.fail
    before = window.documents.model.total
    assert "LOC" not in window.session.labels
    dialog.add_paths([conll_file(tmp_path)])
    run(qtbot, dialog)
    assert window.documents.model.total == before + 1
    new_id = dialog.outcome.document_ids[0]
    assert window.documents.model.row_of(new_id) is not None
    assert {"LOC", "ORG", "PERS"} <= set(window.session.labels)  # labels the import added


def test_the_open_document_shows_what_was_imported_into_it(qtbot, tmp_path):
    path = conll_file(tmp_path)
    [record] = conll.read(path)
    project = make_project(tmp_path / "w.sqlite", [("news", record.text)])
    window = make_window(qtbot, project, "amal")
    assert window.session.document_id == 1 and not window.session.annotations
    dialog = ImportDialog(project, "amal", window)
    dialog.importFinished.connect(window.imported)
    dialog.show_error = pytest.fail
    dialog.add_paths([path])
    dialog.done_check.setChecked(True)
    run(qtbot, dialog)
    assert dialog.outcome.report.documents_matched == 1
    shown = sorted(record.text[a.start : a.end] for a in window.session.annotations.values())
    assert shown == ["الوفد", "بغداد", "وزير الدفاع"]
    assert window.session.current_status == "done"


def test_paths_with_arabic_names_keep_their_folders_in_order():
    lrm = "\u200e"
    assert shown_path("/data/news/a.conll") == "/data/news/a.conll"  # nothing to keep apart
    assert shown_path("/tmp/أخبار/بغداد.conll") == (f"{lrm}/{lrm}tmp/{lrm}أخبار/{lrm}بغداد.conll")


def test_in_an_arabic_window_a_paths_leading_slash_stays_at_its_left(qapp):
    """Without right-to-left names, only a right-to-left window needs a mark: before a path
    that does not start with a left-to-right letter (its «/» would show at the right end)."""
    lrm = "\u200e"
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        assert shown_path("/data/news/a.conll") == f"{lrm}/data/news/a.conll"
        assert shown_path("data/a.conll") == "data/a.conll"  # starts left-to-right already
        assert shown_path("/tmp/أخبار/a.conll") == f"{lrm}/{lrm}tmp/{lrm}أخبار/{lrm}a.conll"
    finally:
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    assert shown_path("/data/news/a.conll") == "/data/news/a.conll"


def test_every_reader_option_of_every_format_has_a_widget(qtbot, project):
    dialog = make_dialog(qtbot, project)
    dialog.show()
    for info in import_dialog.readable_formats():
        assert set(info.reader_options) <= set(READER_OPTIONS), info.name
        dialog.set_format(info.name)
        shown = {name for name, w in dialog.option_widgets.items() if w.isVisibleTo(dialog)}
        assert shown == set(info.reader_options), info.name
        assert dialog.annotated_box.isEnabled()
    dialog.set_format(None)
    assert not dialog.annotated_box.isEnabled()


def test_doccano_keys_and_the_encoding_reach_the_reader(qtbot, project, tmp_path):
    text = "قال وزير الدفاع"
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        json.dumps({"content": text, "ents": [[4, 15, "ACTOR"]]}, ensure_ascii=False) + "\n",
        "cp1256",
    )
    dialog = make_dialog(qtbot, project)
    dialog.add_paths([rows])
    dialog.set_format("doccano")
    dialog.option_widgets["text_key"].setText("content")
    dialog.option_widgets["label_key"].setText("ents")
    error = run(qtbot, dialog, "importFailed")  # read as UTF-8, the default
    assert (error.path, error.line) == (str(rows), 1)
    assert project.count_documents() == 0
    dialog.encoding_combo.setCurrentText("windows-1256")
    request = dialog.request()
    assert (request.encoding, request.options) == (
        "windows-1256",
        {"text_key": "content", "label_key": "ents"},
    )
    run(qtbot, dialog)
    [doc_id] = project.document_ids()
    assert project.document_text(doc_id) == text
    [span] = project.annotations(doc_id, "amal")
    assert (text[span.start : span.end], span.label) == ("وزير الدفاع", "ACTOR")


def test_invisible_marks_are_counted_and_removed_on_request(qtbot, project, tmp_path):
    folder = texts_folder(tmp_path, {"a.txt": "قال\u200f الوزير\u200f", "b.txt": "وصل الوفد"})
    dialog = make_dialog(qtbot, project)
    dialog.add_paths([folder])
    dialog.strip_marks_check.setChecked(True)
    assert dialog.request().strip_marks
    run(qtbot, dialog)
    lines = dialog.report_lines()
    assert "2 invisible marks (U+200F RLM ×2): removed" in lines
    assert f"  {shown_path(folder / 'a.txt')}: 2 invisible marks (U+200F RLM ×2)" in lines
    texts = {project.document_text(i) for i in project.document_ids()}
    assert texts == {"قال الوزير", "وصل الوفد"}


def test_anercorp_through_the_dialog(qtbot, project, reference_dir):
    path = reference_dir / "arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt"
    dialog = make_dialog(qtbot, project, "camel")
    dialog.add_paths([path])
    assert dialog.selected_format() is None  # a .txt: plain text wins the tie
    dialog.set_format("conll")
    run(qtbot, dialog)
    lines = dialog.report_lines()
    assert "Tag scheme detected: IOB2" in lines
    assert "  i without b: 74" in lines
    warnings = lines.index("Warnings: 74")
    listed = lines[warnings + 1 : warnings + 75]
    assert all(line.startswith(f"  {shown_path(path)}:") for line in listed)
    assert {line.split(":")[1].isdigit() for line in listed} == {True}


# ---------------------------------------------------------------------------- cleaning preview

RESIDUE = "[ad_1]\nقال وزير الدفاع إن ثلاثة جنود قتلوا.\n\n\n\nوصل الوفد إلى عمّان.\n[ad_2]\n"


def test_the_preview_lists_what_cleaning_removes_before_importing(qtbot, project, tmp_path):
    folder = texts_folder(tmp_path, {"a.txt": RESIDUE, "b.txt": TEXTS["b.txt"]})
    jsonl = tmp_path / "more.jsonl"
    lines = [{"text": TEXTS["c.txt"]}, {"text": "[ads]\nأعلنت الوزارة ارتفاع عدد الضحايا."}]
    jsonl.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    dialog = make_dialog(qtbot, project)
    dialog.add_paths([folder, jsonl])
    assert not dialog.tabs.isTabEnabled(1)  # cleaning is off
    dialog.clean_check.setChecked(True)
    assert dialog.tabs.isTabEnabled(1) and dialog.tabs.currentIndex() == 1
    assert dialog.preview_lines() == [
        "a.txt — 4 line(s)",
        "  1 | placeholder | [ad_1]",
        "  7 | placeholder | [ad_2]",
        "  blank_line | 2 line(s) with nothing to read",
        "more.jsonl:2 — 1 line(s)",
        "  1 | placeholder | [ads]",
    ]
    assert dialog.preview_label.text().startswith("Cleaning would remove 5 line(s) from 2 of 4")
    assert project.count_documents() == 0  # a preview writes nothing
    # the import removes what the preview showed
    run(qtbot, dialog)
    assert "Cleaning removed: blank line 2, placeholder 3" in dialog.report_lines()
    dialog.clean_check.setChecked(False)
    assert not dialog.tabs.isTabEnabled(1) and dialog.preview_lines() == []


def test_the_preview_names_what_cannot_be_read(qtbot, project, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "نص"}\nnot json\n', encoding="utf-8")
    dialog = make_dialog(qtbot, project)
    dialog.clean_check.setChecked(True)
    dialog.add_paths([bad])
    assert dialog.preview_lines()[0] == "Cannot be read: 1"
    assert dialog.preview_lines()[1].startswith(f"  {shown_path(bad)}:2: invalid JSON")


# ---------------------------------------------------------------------------- annotated data


def test_import_annotated_data_offers_every_readable_format(qtbot, tmp_path, monkeypatch):
    project = make_project(tmp_path / "w.sqlite")
    window = make_window(qtbot, project, "amal")
    file_menu = window.menuBar().actions()[0].menu()
    assert window.import_annotated_action in file_menu.actions()
    shown: list[ImportDialog] = []
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.import_annotated_action.trigger()
    [dialog] = shown
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Import annotated data"
    offered = [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())]
    assert offered == [info.name for info in import_dialog.readable_formats()]
    assert dialog.annotated_box.isEnabled()
    assert dialog.annotator_combo.currentText() == "amal"
    dialog.add_paths([tmp_path / "x.txt"])  # looks like plain text: the format stays annotated
    assert dialog.selected_format() is not None
    assert not dialog.tabs.isTabEnabled(1)
    # the scheme and the annotator reach the import
    dialog.set_format("conll")
    dialog.annotator_combo.setCurrentText("reem")
    dialog.paths_list.clear()
    dialog.add_paths([conll_file(tmp_path)])
    request = dialog.request()
    assert (request.format, request.annotator) == ("conll", "reem")
    project.close()


def test_annotated_data_progress_errors_and_cancel(qtbot, project, tmp_path, monkeypatch):
    dialog = ImportDialog(project, "amal", annotated=True)
    qtbot.addWidget(dialog)
    dialog.errors = []
    dialog.show_error = dialog.errors.append
    bad = conll_file(tmp_path, "قال O\nالجيش B-ACTOR\nإن OO\n", name="bad.conll")
    dialog.add_paths([bad])
    error = run(qtbot, dialog, "importFailed")
    assert (error.path, error.line) == (str(bad), 3)
    assert dialog.report_lines()[1].startswith(f"  {shown_path(bad)}:3: ")
    assert project.count_documents() == 0

    many = conll_file(tmp_path, "".join(f"خبر{i} O\nوزير B-PERS\n\n" for i in range(300)))
    progressed: list[tuple[int, int]] = []
    real = import_dialog.ImportJob._progress

    def cancel_after_first_chunk(job, count: int) -> None:
        progressed.append((count, job._total))
        job.cancel()
        real(job, count)

    monkeypatch.setattr(import_dialog.ImportJob, "_progress", cancel_after_first_chunk)
    dialog.paths_list.clear()
    dialog.add_paths([many])
    run(qtbot, dialog, "importCancelled")
    assert progressed and progressed[0][0] > 0
    assert project.count_documents() == 0
    assert "nothing was imported" in dialog.status_label.text()
