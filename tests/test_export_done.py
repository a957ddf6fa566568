"""Export holds only documents marked done by default, says how many it left out and why, and
includes the others on request; an export the filter leaves empty is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import UsageError
from annotator.exporting import (
    ExportOptions,
    LeftOut,
    NothingToExport,
    export,
    split_documents,
)
from annotator.exporting.select import left_out
from annotator.formats import jsonl
from annotator.model import DocRecord
from annotator.rules import DONE, IN_PROGRESS
from annotator.store import Project

TEXTS = [
    "قال وزير الدفاع إن ثلاثة جنود قتلوا.",
    "أعلن الجيش أن خمسة مدنيين أصيبوا.",
    "نقلت الوكالة عن مصدر أمني أن الهجوم فشل.",
    "نص رابع لم يفتحه أحد.",
]
HINT = "use --include-unfinished to export them"


@pytest.fixture
def project(tmp_path: Path):
    """Four documents. amal: the first two done, the third in progress, the fourth new; omar:
    the first done, the second in progress; the gold: the first done."""
    with Project.create(tmp_path / "p.sqlite") as opened:
        ids = opened.add_documents(
            [DocRecord(text=t, name=f"doc{i}") for i, t in enumerate(TEXTS)]
        ).added
        for doc_id in ids[:3]:
            opened.add_annotation(doc_id, "amal", "ACTOR", 0, 3)
        for doc_id in ids[:2]:
            opened.add_annotation(doc_id, "omar", "ACTOR", 0, 3)
        opened.annotator_id("gold", role="gold")
        opened.add_annotation(ids[0], "gold", "ACTOR", 0, 3)
        for who, done in (("amal", ids[:2]), ("omar", ids[:1]), ("gold", ids[:1])):
            for doc_id in done:
                opened.set_status(doc_id, who, DONE)
        assert opened.status(ids[2], "amal") == IN_PROGRESS
        yield opened


def texts(path: Path) -> list[str]:
    return [doc.text for doc in jsonl.read(path)]


def run(project: Project, out: Path, *args: str) -> int:
    argv = ["export", str(project.path), "--format", "jsonl", "--out", str(out), *args]
    return main(argv)


def test_by_default_only_documents_marked_done_and_the_rest_counted(project, tmp_path):
    out = tmp_path / "amal.jsonl"
    result = export(project, out, ExportOptions(format="jsonl", annotator="amal"))
    assert texts(out) == TEXTS[:2]
    assert result.files[0].documents == 2
    assert result.left_out == [LeftOut(2, "amal", "not marked done by amal", True)]
    assert f"2 documents not marked done by amal left out; {HINT}" in result.summary()
    assert "left out; tick" in result.summary("tick the box to export them")


def test_the_option_includes_the_others(project, tmp_path):
    out = tmp_path / "all.jsonl"
    options = ExportOptions(format="jsonl", annotator="amal", include_unfinished=True)
    result = export(project, out, options)
    assert texts(out) == TEXTS
    assert result.left_out == []
    assert "left out" not in result.summary()


def test_an_explicit_status_selects_that_status_without_the_hint(project, tmp_path):
    out = tmp_path / "wip.jsonl"
    result = export(project, out, ExportOptions(format="jsonl", annotator="amal", status="new"))
    assert texts(out) == TEXTS[3:]
    [dropped] = result.left_out
    assert dropped.documents == 3 and not dropped.by_default
    assert "3 documents of a status other than 'new' for amal (--status new) left out" in (
        result.summary()
    )
    assert HINT not in result.summary()
    explicit = export(project, out, ExportOptions(format="jsonl", annotator="amal", status=DONE))
    assert texts(out) == TEXTS[:2] and not explicit.left_out[0].by_default
    with pytest.raises(UsageError, match="not both"):
        both = ExportOptions(format="jsonl", annotator="amal", status=DONE, include_unfinished=True)
        export(project, out, both)


def test_gold_takes_the_gold_status(project, tmp_path):
    out = tmp_path / "gold.jsonl"
    result = export(project, out, ExportOptions(format="jsonl", gold=True))
    assert texts(out) == TEXTS[:1]
    assert result.left_out == [LeftOut(3, "gold", "not marked done in the gold standard", True)]


def test_majority_takes_documents_every_voter_marked_done(project, tmp_path):
    out = tmp_path / "vote.jsonl"
    result = export(project, out, ExportOptions(format="jsonl", majority=1))
    assert texts(out) == TEXTS[:1]  # the second is done by amal only
    reason = "not marked done by every voter (amal, omar; not done: amal 2, omar 3)"
    assert result.left_out == [LeftOut(3, None, reason, True)]
    assert f"3 documents {reason} left out; {HINT}" in result.summary()
    export(project, out, ExportOptions(format="jsonl", majority=1, include_unfinished=True))
    assert texts(out) == TEXTS
    new = export(project, out, ExportOptions(format="jsonl", majority=1, status="new"))
    assert texts(out) == TEXTS[3:]  # new for both; the third is new for omar only
    assert new.left_out[0].reason == (
        "of a status other than 'new' for some voter (amal, omar; of another status: amal 3, "
        "omar 2) (--status new)"
    )


def test_each_annotator_gets_their_own_done_documents(project, tmp_path):
    out = tmp_path / "each.jsonl"
    result = export(project, out, ExportOptions(format="jsonl", all_annotators=True))
    assert texts(tmp_path / "each.amal.jsonl") == TEXTS[:2]
    assert texts(tmp_path / "each.omar.jsonl") == TEXTS[:1]
    assert [(item.annotator, item.documents) for item in result.left_out] == [
        ("amal", 2),
        ("omar", 3),
    ]
    summary = result.summary()
    assert "2 documents not marked done by amal left out" in summary
    assert "3 documents not marked done by omar left out" in summary


def test_each_annotators_split_puts_a_document_in_the_same_part_for_everyone(tmp_path):
    with Project.create(tmp_path / "s.sqlite") as project:
        ids = project.add_documents(
            [DocRecord(text=f"نص رقم {i} عن الجيش", name=f"n{i}") for i in range(40)]
        ).added
        for who, done in (("amal", ids[:30]), ("omar", ids[10:])):
            for doc_id in done:
                project.add_annotation(doc_id, who, "ACTOR", 0, 2)
                project.set_status(doc_id, who, DONE)
        options = ExportOptions(format="jsonl", all_annotators=True, split=(50, 50), seed=2)
        export(project, tmp_path / "out.jsonl", options)
        sha = {key.id: key.sha256 for key in _keys(project)}
    part_of: dict[tuple[str, str], str] = {}
    for who, done in (("amal", ids[:30]), ("omar", ids[10:])):
        held = []
        for part in ("train", "test"):
            for text in texts(tmp_path / f"out.{who}.{part}.jsonl"):
                part_of[(who, text)] = part
                held.append(text)
        assert len(held) == len(done) == 30
    shared = [f"نص رقم {i} عن الجيش" for i in range(10, 30)]
    assert all(part_of[("amal", text)] == part_of[("omar", text)] for text in shared)
    # the cut is the split of the documents either marked done: all forty
    train, test = split_documents([(sha[i], i) for i in ids], (50, 50), 2)
    expected = {f"نص رقم {ids.index(i)} عن الجيش": "train" for i in train}
    expected |= {f"نص رقم {ids.index(i)} عن الجيش": "test" for i in test}
    assert all(part_of[(who, text)] == expected[text] for who, text in part_of)


def _keys(project: Project):
    from annotator.store.readmodel import document_keys

    return document_keys(project)


def test_nothing_marked_done_is_refused_and_writes_nothing(project, tmp_path):
    ids = project.document_ids()
    project.set_status(ids[0], "omar", IN_PROGRESS)
    out = tmp_path / "omar.jsonl"
    with pytest.raises(NothingToExport) as refused:
        export(project, out, ExportOptions(format="jsonl", annotator="omar"))
    assert str(refused.value) == (
        f"nothing to export: 4 documents not marked done by omar left out; {HINT}"
    )
    assert not out.exists()
    out.write_text("old\n", encoding="utf-8")
    assert run(project, out, "--annotator", "omar") == 2
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())
    assert out.read_text(encoding="utf-8") == "old\n"  # an earlier export stays as it was
    assert run(project, out, "--annotator", "omar", "--include-unfinished") == 0
    assert texts(out) == TEXTS


def test_one_empty_output_among_others_is_written_and_said(project, tmp_path):
    project.set_status(project.document_ids()[0], "omar", IN_PROGRESS)
    result = export(
        project, tmp_path / "e.jsonl", ExportOptions(format="jsonl", all_annotators=True)
    )
    assert texts(tmp_path / "e.amal.jsonl") == TEXTS[:2]
    assert (tmp_path / "e.omar.jsonl").read_bytes() == b""
    assert "4 documents not marked done by omar left out" in result.summary()


def test_all_documents_done_leaves_nothing_out(tmp_path):
    with Project.create(tmp_path / "d.sqlite") as project:
        ids = project.add_documents([DocRecord(text=t) for t in TEXTS]).added
        for doc_id in ids:
            project.set_status(doc_id, "amal", DONE)
        result = export(
            project, tmp_path / "d.jsonl", ExportOptions(format="jsonl", annotator="amal")
        )
    assert texts(tmp_path / "d.jsonl") == TEXTS and result.left_out == []
    assert "left out" not in result.summary()


def test_left_out_before_exporting(project):
    assert left_out(project, ExportOptions(annotator="omar")) == [
        LeftOut(3, "omar", "not marked done by omar", True)
    ]
    assert left_out(project, ExportOptions(annotator="omar", include_unfinished=True)) == []


# ---------------------------------------------------------------------------- command line


def test_cli_says_what_it_left_out(project, tmp_path, capsys):
    out = tmp_path / "cli.jsonl"
    assert run(project, out, "--annotator", "amal") == 0
    printed = capsys.readouterr().out
    assert f"2 documents not marked done by amal left out; {HINT}" in printed
    assert texts(out) == TEXTS[:2]
    assert run(project, out, "--annotator", "amal", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents_left_out"] == 2
    assert summary["left_out"] == [
        {
            "annotator": "amal",
            "documents": 2,
            "reason": "not marked done by amal",
            "by_default": True,
        }
    ]
    assert summary["files"][0]["documents"] == 2
    for every in (["--include-unfinished"], ["--status", "any"]):
        assert run(project, out, "--annotator", "amal", "--json", *every) == 0
        summary = json.loads(capsys.readouterr().out)
        assert (summary["documents_left_out"], summary["left_out"]) == (0, [])
        assert texts(out) == TEXTS
    assert run(project, out, "--annotator", "amal", "--status", "in-progress") == 0
    assert texts(out) == TEXTS[2:3]
    assert "(--status in-progress) left out\n" in capsys.readouterr().out + "\n"


def test_cli_status_and_include_unfinished_exclude_each_other(project, tmp_path, capsys):
    out = tmp_path / "x.jsonl"
    with pytest.raises(SystemExit) as exited:
        run(project, out, "--annotator", "amal", "--status", "done", "--include-unfinished")
    assert exited.value.code == 2
    assert "not allowed with" in capsys.readouterr().err
    assert not out.exists()


def test_cli_refusal_names_the_reason(project, tmp_path, capsys):
    project.set_status(project.document_ids()[0], "gold", IN_PROGRESS)
    assert run(project, tmp_path / "g.jsonl", "--gold") == 2
    error = capsys.readouterr().err
    assert "nothing to export: 4 documents not marked done in the gold standard left out" in error
    assert HINT in error


# ---------------------------------------------------------------------------- the demo


def test_a_first_export_of_the_demo_holds_its_finished_documents(tmp_path, capsys):
    from annotator.demo import SAMPLES, ensure_demo_project

    path = ensure_demo_project()
    out = tmp_path / "demo.jsonl"
    argv = ["export", str(path), "--format", "jsonl", "--out", str(out), "--annotator", "demo"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert f"{len(SAMPLES)} documents" in printed
    assert f"2 documents not marked done by demo left out; {HINT}" in printed
    exported = list(jsonl.read(out))
    assert sorted(doc.name for doc in exported) == sorted(SAMPLES)
    assert all(doc.spans for doc in exported)


# ---------------------------------------------------------------------------- the dialog


@pytest.fixture
def dialog(qtbot, project):
    from annotator.gui.export_dialog import ExportDialog

    widget = ExportDialog(project)
    qtbot.addWidget(widget)
    widget.errors = []
    widget.show_error = widget.errors.append
    return widget


def test_dialog_exports_done_documents_and_says_what_it_left_out(qtbot, dialog, tmp_path):
    from annotator.gui.export_dialog import GUI_HINT, INCLUDE_TEXT

    assert not dialog.include_check.isChecked()
    assert dialog.include_check.text() == INCLUDE_TEXT
    dialog.set_format("jsonl")
    dialog.annotator_combo.setCurrentText("amal")
    assert dialog.documents_label.text() == "2 documents not marked done by amal left out."
    dialog.annotator_combo.setCurrentText("omar")
    assert dialog.documents_label.text() == "3 documents not marked done by omar left out."
    dialog.majority_radio.setChecked(True)
    assert "by every voter (amal, omar; not done: amal 2, omar 3)" in (
        dialog.documents_label.text()
    )
    dialog.annotator_radio.setChecked(True)
    dialog.annotator_combo.setCurrentText("amal")
    out = tmp_path / "gui.jsonl"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exportFinished, timeout=30000):
        assert dialog.start_export()
    assert texts(out) == TEXTS[:2]
    shown = dialog.summary_view.toPlainText()
    assert f"2 documents not marked done by amal left out; {GUI_HINT}" in shown
    assert INCLUDE_TEXT in GUI_HINT and "--include-unfinished" not in shown
    dialog.include_check.setChecked(True)
    assert dialog.options().include_unfinished
    assert dialog.documents_label.text() == "Every document, finished or not."
    with qtbot.waitSignal(dialog.exportFinished, timeout=30000):
        assert dialog.start_export()
    assert texts(out) == TEXTS
    assert "left out" not in dialog.summary_view.toPlainText()


def test_dialog_refusal_says_why_and_how(qtbot, dialog, project, tmp_path):
    from annotator.gui.export_dialog import GUI_HINT

    project.set_status(project.document_ids()[0], "omar", IN_PROGRESS)
    dialog.set_format("jsonl")
    dialog.annotator_combo.setCurrentText("omar")
    out = tmp_path / "none.jsonl"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exportFailed, timeout=30000) as failed:
        assert dialog.start_export()
    expected = f"nothing to export: 4 documents not marked done by omar left out; {GUI_HINT}"
    assert failed.args[0] == expected and dialog.errors == [expected]
    assert not out.exists()


def test_an_empty_project_is_refused_not_exported_as_an_empty_corpus(tmp_path, capsys):
    path = tmp_path / "empty.sqlite"
    with Project.create(path) as project:
        project.annotator_id("amal")  # an annotator, no document
    out = tmp_path / "out.conll"
    argv = ["export", str(path), "--format", "conll", "--out", str(out), "--annotator", "amal"]
    code = main([*argv, "--include-unfinished"])
    assert code == 2 and not out.exists()
    assert "the project holds no documents" in capsys.readouterr().err
