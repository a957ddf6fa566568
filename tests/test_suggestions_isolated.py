"""Suggestions are not annotations (house rule 6): pending suggestions, rejections and
gazetteers change nothing that `annotator export` (every format), `annotator agree` and
`annotator adjudicate` write, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats import FORMATS
from annotator.model import DocRecord
from annotator.rules import GOLD
from annotator.store import NewSuggestion, Project

TEXTS = [
    "😀 قالت وزارة الدفاع الأذربيجانية إن 11 شرطيا قتلوا في انفجار لغم.",
    "وأكد المتحدث باسم الجيش أن ثلاثة آلاف مدني نزحوا من القرية.",
    "نفى الحزب الحاكم الاتهامات، وقال إن الانتخابات كانت نزيهة.",
]
ANNOTATORS = ("amal", "badr")


def span_of(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def build(path: Path) -> None:
    """Two annotators' work (spans, a source link, a count, statuses), partly agreeing."""
    with Project.create(path) as project:
        ids = project.add_documents(
            DocRecord(text=text, name=f"doc-{i}") for i, text in enumerate(TEXTS)
        ).added
        for who in ANNOTATORS:
            for doc, text in zip(ids, TEXTS, strict=True):
                actor = project.add_annotation(
                    doc, who, "ACTOR", *span_of(text, text.split()[2 if who == "amal" else 1])
                )
                claim = project.add_annotation(doc, who, "CLAIM", *span_of(text, text.split()[-1]))
                project.add_relation(doc, who, "source", claim.uuid, actor.uuid)
                project.set_status(doc, who, "done")
        first = TEXTS[0]
        project.add_annotation(
            ids[0], "amal", "CASUALTY", *span_of(first, "11 شرطيا"), attributes={"count": 11}
        )


def add_suggestions(path: Path) -> None:
    """Pending suggestions for both annotators, the gold and someone with no work; a rejection
    and a gazetteer."""
    with Project.open(path) as project:
        for who in (*ANNOTATORS, GOLD, "carol"):
            for doc in project.document_ids():
                text = project.document_text(doc)
                words = text.split()
                items = [
                    NewSuggestion(doc, "strings", "ACTOR", *span_of(text, words[0]), 0.9),
                    NewSuggestion(doc, "model", "ACTOR", *span_of(text, words[1]), 0.6),
                    NewSuggestion(
                        doc,
                        "claims",
                        "CLAIM",
                        *span_of(text, " ".join(words[3:])),
                        0.7,
                        source=span_of(text, words[1]),
                    ),
                    NewSuggestion(
                        doc, "casualty", "CASUALTY", *span_of(text, words[-2]), 0.5, {"count": 3}
                    ),
                ]
                project.replace_suggestions(who, [doc], items)
            (first, *_) = project.suggestions(project.document_ids()[1], who)
            project.reject_suggestions([first.uuid])
        project.set_gazetteer("places.tsv", [("أذربيجان", "ACTOR"), ("الجيش", "ACTOR")])
        assert len(project.suggestion_counts()) > 10


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two folders, each with corpus.sqlite: the same project, the second with suggestions."""
    plain, suggested = tmp_path / "plain", tmp_path / "suggested"
    plain.mkdir()
    suggested.mkdir()
    build(plain / "corpus.sqlite")
    shutil.copy(plain / "corpus.sqlite", suggested / "corpus.sqlite")  # closed: no -wal
    add_suggestions(suggested / "corpus.sqlite")
    return plain, suggested


def outputs(folder: Path, capsys, monkeypatch, *commands: list[str]) -> dict[str, bytes]:
    """Run `commands` in `folder`; what each printed and every file they wrote, by name."""
    monkeypatch.chdir(folder)
    found: dict[str, bytes] = {}
    for number, command in enumerate(commands):
        assert main(command) == 0, command
        out, err = capsys.readouterr()
        found[f"{number}: {' '.join(command)}"] = (out + err).encode("utf-8")
    for path in sorted((folder / "out").rglob("*")):
        if path.is_file():
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def export_commands() -> list[list[str]]:
    commands = []
    for name, info in FORMATS.items():
        if not info.can_write:
            continue
        for who in (["--annotator", "amal"], ["--all-annotators"], ["--majority", "2"]):
            out = f"out/{name}/{who[0].strip('-')}/corpus"
            commands.append(["export", "corpus.sqlite", "--format", name, "--out", out, *who])
    return commands


def test_exports_in_every_format_are_the_same_with_suggestions(pair, capsys, monkeypatch):
    plain, suggested = pair
    commands = export_commands()
    assert len(commands) == 3 * len(FORMATS)
    without = outputs(plain, capsys, monkeypatch, *commands)
    with_them = outputs(suggested, capsys, monkeypatch, *commands)
    assert len([name for name in without if name.startswith("out")]) >= len(commands)
    assert without.keys() == with_them.keys()
    for name, data in without.items():
        assert with_them[name] == data, name


def test_agreement_is_the_same_with_suggestions(pair, capsys, monkeypatch):
    plain, suggested = pair
    commands = [
        ["agree", "corpus.sqlite"],
        ["agree", "corpus.sqlite", "--json"],
        ["agree", "corpus.sqlite", "--json", "--gamma", "--gamma-seed", "1"],
    ]
    without = outputs(plain, capsys, monkeypatch, *commands)
    with_them = outputs(suggested, capsys, monkeypatch, *commands)
    assert b"amal" in without["1: agree corpus.sqlite --json"]
    assert with_them == without


def test_adjudication_and_the_gold_standard_are_the_same_with_suggestions(
    pair, capsys, monkeypatch
):
    plain, suggested = pair
    commands = [
        ["adjudicate", "corpus.sqlite", "--min-agree", "2", "--mark-done"],
        ["status", "corpus.sqlite", "--json"],
        ["status", "corpus.sqlite", "--set", "done", "--gold", "--all"],
        # gold spans get new ids: compare formats without them
        ["export", "corpus.sqlite", "--format", "conll", "--gold", "--out", "out/gold.conll"],
        ["export", "corpus.sqlite", "--format", "hf", "--gold", "--out", "out/gold.hf.jsonl"],
    ]
    without = outputs(plain, capsys, monkeypatch, *commands)
    with_them = outputs(suggested, capsys, monkeypatch, *commands)
    assert "B-" in without["out/gold.conll"].decode("utf-8")  # agreed spans became gold
    assert with_them == without
    with Project.open(suggested / "corpus.sqlite") as project:  # and stayed suggestions
        assert {c.annotator for c in project.suggestion_counts()} == {*ANNOTATORS, GOLD, "carol"}
