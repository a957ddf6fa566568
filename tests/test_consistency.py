"""Consistency checks (annotator.consistency): a string labelled differently, or labelled in one
place and not in another, per annotator; `annotator check --consistency`."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.consistency import (
    DOCUMENT,
    KINDS,
    LABELS,
    PROJECT,
    UNLABELLED,
    Place,
    check_consistency,
    find_inconsistencies,
)
from annotator.model import DocRecord
from annotator.store import Project
from annotator.store.annotation_search import LabelledSpan

TEXT1 = "قالت الحكومة إن الحكومة ستعمل مع وزارة الدفاع. وللحكومة رأي في الخطة الحكومية."
TEXT2 = "أكدت وزارة الدفاع أن والحكومة لم ترد."
TEXT3 = "الحكومة في نص لم يعمل عليه أحد."


def at(text: str, piece: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "c.sqlite"
    with Project.create(path) as project:
        one, two, three = project.add_documents(
            [
                DocRecord(text=t, name=n)
                for n, t in (("one", TEXT1), ("two", TEXT2), ("three", TEXT3))
            ]
        ).added
        project.add_annotation(one, "mona", "ACTOR", *at(TEXT1, "الحكومة"))
        project.add_annotation(one, "mona", "ACTOR", *at(TEXT1, "وزارة الدفاع"))
        project.add_annotation(two, "mona", "CLAIM", *at(TEXT2, "وزارة الدفاع"))
        project.add_annotation(two, "mona", "ACTOR", *at(TEXT2, "والحكومة"))
        # ali labels every occurrence, one with its clitic (the span covers the occurrence)
        project.add_annotation(one, "ali", "ACTOR", *at(TEXT1, "الحكومة"))
        project.add_annotation(one, "ali", "ACTOR", *at(TEXT1, "الحكومة", 1))
        project.add_annotation(one, "ali", "ACTOR", *at(TEXT1, "وللحكومة"))
    return path


def test_labelled_differently_and_unlabelled(project_path: Path) -> None:
    with Project.open(project_path) as project:
        report = check_consistency(project, ["mona"])
    assert report.documents == 2 and report.spans == 4
    labels, unlabelled = report.findings
    assert (labels.kind, labels.text, labels.labels, labels.scope) == (
        LABELS,
        "وزارة الدفاع",
        {"ACTOR": 1, "CLAIM": 1},
        PROJECT,
    )
    assert [(p.document_id, p.label) for p in labels.places] == [(1, "ACTOR"), (2, "CLAIM")]
    assert (unlabelled.kind, unlabelled.text, unlabelled.scope) == (UNLABELLED, "الحكومة", DOCUMENT)
    # the second «الحكومة», and «لحكومة» in «وللحكومة» (after the clitic); never «الحكومية»,
    # nor the document nobody worked on
    second = at(TEXT1, "الحكومة", 1)
    start, end = at(TEXT1, "وللحكومة")
    clitic = (start + 2, end)
    assert [(p.document_id, p.start, p.end) for p in unlabelled.places] == [
        (1, *second),
        (1, *clitic),
    ]
    assert report.names == {1: "one", 2: "two"}
    assert "within a document" in unlabelled.describe()


def test_each_annotator_is_checked_on_their_own(project_path: Path) -> None:
    with Project.open(project_path) as project:
        assert check_consistency(project, ["ali"]).findings == []
        everyone = check_consistency(project)
    assert {f.annotator for f in everyone.findings} == {"mona"}
    assert everyone.annotators == ["ali", "mona"]


def test_a_document_worked_on_by_status_counts(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.set_status(3, "mona", "in progress")
        report = check_consistency(project, ["mona"])
    unlabelled = next(f for f in report.findings if f.kind == UNLABELLED)
    assert (3, *at(TEXT3, "الحكومة")) in [
        (p.document_id, p.start, p.end) for p in unlabelled.places
    ]


def test_cli(capsys, project_path: Path) -> None:
    assert main(["check", str(project_path), "--consistency", "--annotator", "ali"]) == 0
    assert capsys.readouterr().out.startswith("0 inconsistencies")
    assert main(["check", str(project_path), "--consistency", "--annotator", "mona"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0] == "mona: «وزارة الدفاع» labelled differently (ACTOR 1×, CLAIM 1×), across documents"
    )
    assert (
        out[1] == f"  one:{':'.join(map(str, at(TEXT1, 'وزارة الدفاع'))).replace(':', '-')}\tACTOR"
    )
    assert out[-1].startswith(
        "2 inconsistencies (1 labelled differently, 1 not labelled elsewhere)"
    )
    assert main(["check", str(project_path), "--consistency", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["kind"] for f in data["findings"]] == [LABELS, UNLABELLED]
    assert data["findings"][1]["places"][0]["document"] == "one"
    # the file check is unchanged, and --annotator needs --consistency
    assert main(["check", str(project_path)]) == 0
    capsys.readouterr()
    assert main(["check", str(project_path), "--annotator", "ali"]) == 2
    assert main(["check", str(project_path), "--consistency", "--annotator", "zed"]) == 2
    assert "no annotator named 'zed'" in capsys.readouterr().err


def test_a_string_inside_a_span_of_another_label_is_looked_at() -> None:
    text = "قالت الحكومة إن الحكومة سترد."
    spans = [
        LabelledSpan("a", 1, "x", "ACTOR", *at(text, "الحكومة"), "الحكومة"),
        LabelledSpan("c", 1, "x", "CLAIM", *at(text, "الحكومة سترد"), "الحكومة سترد"),
    ]
    (finding,) = find_inconsistencies(spans, [(1, text)], {"x": {1}})
    assert (finding.kind, finding.key, finding.scope) == (UNLABELLED, "الحكومه", DOCUMENT)
    assert finding.places == [Place(1, *at(text, "الحكومة", 1))]
    # a document the annotator did not work on is not looked at
    assert find_inconsistencies(spans, [(1, text), (2, text)], {"x": {1}}) == [finding]


def test_another_annotators_longer_string_hides_nothing(tmp_path: Path) -> None:
    one_text, two_text = "قالت الحكومة إنها سترد.", "رفضت الحكومة السورية الاتهامات."
    with Project.create(tmp_path / "two.sqlite") as project:
        one, two = project.add_documents(
            [DocRecord(text=one_text, name="one"), DocRecord(text=two_text, name="two")]
        ).added
        project.add_annotation(one, "ali", "ACTOR", *at(one_text, "الحكومة"))
        project.add_annotation(two, "bea", "ACTOR", *at(two_text, "الحكومة السورية"))
        project.set_status(two, "ali", "in progress")  # ali worked there too, left it unlabelled
        alone = check_consistency(project, ["ali"]).findings
        everyone = check_consistency(project).findings
    (finding,) = alone
    assert (finding.kind, finding.annotator, finding.text) == (UNLABELLED, "ali", "الحكومة")
    assert finding.places == [Place(two, *at(two_text, "الحكومة"))]
    assert everyone == alone


WORDS = ["قالت", "الحكومة", "السورية", "والحكومة", "للحكومة", "وزارة", "الدفاع", "إن", "سترد"]


def test_checking_everyone_is_the_union_of_checking_each() -> None:
    rng = random.Random(17)
    for _ in range(300):
        texts: list[tuple[int, str]] = []
        spans: list[LabelledSpan] = []
        worked: dict[str, set[int]] = {}
        for document_id in range(1, rng.randint(1, 4) + 1):
            words = [rng.choice(WORDS) for _ in range(rng.randint(3, 12))]
            text = " ".join(words)
            texts.append((document_id, text))
            starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
            for annotator in ("ali", "bea", "gold"):
                if rng.random() < 0.3:
                    continue
                worked.setdefault(annotator, set()).add(document_id)
                for _ in range(rng.randint(0, 4)):
                    first = rng.randrange(len(words))
                    last = min(len(words), first + rng.randint(1, 3))
                    start, end = starts[first], starts[last - 1] + len(words[last - 1])
                    label = rng.choice(["ACTOR", "CLAIM"])
                    spans.append(
                        LabelledSpan(
                            f"{annotator}{len(spans)}",
                            document_id,
                            annotator,
                            label,
                            start,
                            end,
                            text[start:end],
                        )
                    )
        everyone = find_inconsistencies(spans, texts, worked)
        each = [
            finding
            for annotator, documents in worked.items()
            for finding in find_inconsistencies(
                [s for s in spans if s.annotator == annotator],
                [(d, t) for d, t in texts if d in documents],
                {annotator: documents},
            )
        ]
        each.sort(key=lambda f: (KINDS.index(f.kind), f.annotator, -len(f.places), f.key))
        assert everyone == each, (texts, spans, worked)
