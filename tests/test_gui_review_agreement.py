"""Choosing annotators and documents for agreement, and why a document was left out: the
selection (no Qt), `annotator agree --annotators --min-done`, and the dashboard (offscreen)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.agreement.project_report import agreement_report
from annotator.agreement.selection import AgreeError, select_documents
from annotator.model import DocRecord
from annotator.store import Project

TEXT = "قال المتحدث باسم الجيش إن الوضع هادئ في المدينة."
ACTOR = (TEXT.index("المتحدث"), TEXT.index("المتحدث") + len("المتحدث باسم الجيش"))
NAMES = ["ali", "mona", "sara"]


def build(path: Path) -> Project:
    """all: done by all three; two: done by ali and mona; alone: done by ali only (nothing by
    mona or sara there); started: ali's span, nobody done."""
    project = Project.create(path)
    ids = project.add_documents(
        [
            DocRecord(text=f"{TEXT} ({n})", name=name)
            for n, name in enumerate(("all", "two", "alone", "started"))
        ]
    ).added
    every, two, alone, started = ids
    for doc, who in [(every, NAMES), (two, ["ali", "mona"]), (alone, ["ali"])]:
        for name in who:
            project.add_annotation(doc, name, "ACTOR", *ACTOR)
            project.set_status(doc, name, "done")
    project.add_annotation(every, "sara", "CLAIM", 0, 3)
    project.add_annotation(started, "ali", "ACTOR", *ACTOR)
    return project


@pytest.fixture
def project(tmp_path: Path):
    with build(tmp_path / "choose.sqlite") as opened:
        yield opened


def names(project: Project, ids: list[int]) -> list[str]:
    return [project.document(i).name for i in ids]


def reasons(project: Project, selection) -> dict[str, str]:
    return {project.document(x.document_id).name: x.reason for x in selection.left_out_documents}


def test_documents_done_by_all_and_why_the_others_were_left_out(project: Project) -> None:
    chosen = select_documents(project, NAMES)
    assert names(project, chosen.document_ids) == ["all"]
    assert reasons(project, chosen) == {
        "two": "not marked done by sara; no annotations by sara",
        "alone": "done by only one annotator (ali); no annotations by mona, sara",
        "started": "not marked done by any of them; no annotations by mona, sara",
    }
    assert chosen.left_out == 3


def test_only_two_annotators_and_at_least_n_done(project: Project) -> None:
    pair = select_documents(project, ["ali", "mona"])
    assert names(project, pair.document_ids) == ["all", "two"]
    assert (
        reasons(project, pair)["alone"]
        == "done by only one annotator (ali); no annotations by mona"
    )
    two = select_documents(project, NAMES, min_done=2)
    assert names(project, two.document_ids) == ["all", "two"]
    assert reasons(project, two)["alone"].startswith("done by only one annotator (ali)")
    assert "at least 2" in two.rule
    one = select_documents(project, NAMES, min_done=1)
    assert names(project, one.document_ids) == ["all", "two", "alone"]
    with pytest.raises(AgreeError):
        select_documents(project, NAMES, min_done=4)
    with pytest.raises(AgreeError):
        select_documents(project, NAMES, include_unfinished=True, min_done=2)


def test_the_report_lists_the_left_out_and_an_empty_choice_says_why(project: Project) -> None:
    report = agreement_report(project, ["ali", "mona"], min_done=2)
    listed = {e["name"]: e["reason"] for e in report["selection"]["left_out_documents"]}
    assert listed["alone"] == "done by only one annotator (ali); no annotations by mona"
    assert report["selection"]["min_done"] == 2
    project.set_status(project.document_ids()[0], "sara", "in progress")
    with pytest.raises(AgreeError) as caught:
        agreement_report(project, ["mona", "sara"])
    assert "no annotations by" in str(caught.value) or "not marked done" in str(caught.value)
    assert {e["name"] for e in caught.value.left_out} >= {"all", "two"}


def agree(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "agree", str(path), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_chooses_annotators_and_min_done(tmp_path: Path) -> None:
    path = tmp_path / "cli.sqlite"
    build(path).close()
    result = agree(path, "--annotators", "ali,mona", "--min-done", "1", "--json")
    assert result.returncode == 0, result.stderr
    selection = json.loads(result.stdout)["selection"]
    assert selection["annotators"] == ["ali", "mona"] and selection["min_done"] == 1
    assert selection["documents_used"] == 3
    text = agree(path, "--annotators", "ali,mona")
    assert text.returncode == 0, text.stderr
    assert "left out: alone" in text.stdout
    assert "done by only one annotator (ali); no annotations by mona" in text.stdout
    bad = agree(path, "--min-done", "2", "--include-unfinished")
    assert bad.returncode != 0 and "--min-done" in bad.stderr


def test_dashboard_chooses_annotators_and_documents(qtbot, project: Project) -> None:
    from annotator.gui.dashboard import AgreementDashboard

    dashboard = AgreementDashboard(project, standalone=False, autostart=False)
    qtbot.addWidget(dashboard)
    dashboard.show()
    assert sorted(dashboard.annotator_boxes) == NAMES
    dashboard.annotator_boxes["sara"].setChecked(False)  # only ali vs mona
    with qtbot.waitSignal(dashboard.reportReady, timeout=30_000):
        dashboard.compute()
    qtbot.waitUntil(lambda: not dashboard.computing, timeout=30_000)
    assert dashboard.report["annotators"] == ["ali", "mona"]
    assert dashboard.report["counts"]["documents"] == 2
    assert dashboard.left_out_reasons() == {
        "alone": "done by only one annotator (ali); no annotations by mona",
        "started": "not marked done by any of them; no annotations by mona",
    }

    dashboard.annotator_boxes["sara"].setChecked(True)
    dashboard.min_done.setValue(2)  # documents done by at least two
    with qtbot.waitSignal(dashboard.reportReady, timeout=30_000):
        dashboard.compute()
    qtbot.waitUntil(lambda: not dashboard.computing, timeout=30_000)
    assert dashboard.report["annotators"] == NAMES
    assert dashboard.report["counts"]["documents"] == 2
    assert set(dashboard.left_out_reasons()) == {"alone", "started"}


def test_dashboard_says_why_when_nothing_is_left(qtbot, project: Project) -> None:
    from annotator.gui.dashboard import AgreementDashboard

    project.set_status(project.document_ids()[0], "sara", "in progress")
    dashboard = AgreementDashboard(project, standalone=False, autostart=False)
    qtbot.addWidget(dashboard)
    dashboard.annotator_boxes["ali"].setChecked(False)  # mona vs sara: nothing done by both
    with qtbot.waitSignal(dashboard.failed, timeout=30_000):
        dashboard.compute()
    qtbot.waitUntil(lambda: not dashboard.computing, timeout=30_000)
    listed = dashboard.left_out_reasons()
    assert listed["all"] == "done by only one annotator (mona)"
    assert listed["two"] == "done by only one annotator (mona); no annotations by sara"


def test_html_report_lists_the_left_out(project: Project) -> None:
    from annotator.agreement.render_html import render_html

    page = render_html(agreement_report(project, ["ali", "mona"]))
    assert "Documents left out, and why" in page
    assert "alone: done by only one annotator (ali); no annotations by mona" in page
