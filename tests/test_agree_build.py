"""`annotator.agreement.selection` and `.build`: document selection and DocAnnotations built from
the store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.agreement import render_html
from annotator.agreement.build import TokenSpans, build_docs
from annotator.agreement.selection import (
    AgreeError,
    resolve_annotators,
    resolve_labels,
    select_documents,
)
from annotator.errors import NotFoundError
from annotator.model import DocRecord
from annotator.store import Project

WORDS = "قال المتحدث باسم الدفاع المدني إن خمسة أشخاص قتلوا في الغارة".split()
DAYS = ["أمس", "اليوم", "صباحا", "مساء", "ليلا", "فجرا", "ظهرا"]


def article(i: int) -> str:
    """An emoji, eleven words and a word of its own: 13 whitespace-separated tokens."""
    return "😀 " + " ".join(WORDS) + " " + DAYS[i]


def where(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def new_project(path: Path, n_docs: int) -> tuple[Project, list[int]]:
    project = Project.create(path)
    added = project.add_documents(
        DocRecord(text=article(i), name=f"مقال {i}") for i in range(n_docs)
    ).added
    return project, added


def mark(project: Project, doc_id: int, annotator: str, label: str, phrase: str, **attributes):
    start, end = where(project.document_text(doc_id), phrase)
    return project.add_annotation(doc_id, annotator, label, start, end, attributes=attributes)


@pytest.fixture
def project(tmp_path):
    project, _ = new_project(tmp_path / "p.sqlite", 7)
    yield project
    project.close()


def test_spans_offsets_relations_and_attributes_come_from_the_store(project):
    doc = project.document_ids()[0]
    text = project.document_text(doc)
    actor = mark(project, doc, "a", "ACTOR", "المتحدث")
    claim = mark(project, doc, "a", "CLAIM", "قال المتحدث باسم")
    project.add_relation(doc, "a", "source", claim.uuid, actor.uuid)
    mark(project, doc, "a", "CASUALTY", "خمسة أشخاص", count=5)
    mark(project, doc, "b", "CASUALTY", "خمسة أشخاص", count=[4, 6])
    for annotator in "ab":
        project.set_status(doc, annotator, "done")

    (built,) = build_docs(project, ["a", "b"])
    assert built.doc_id == str(doc)
    assert built.text_length == len(text) == 66  # code points: the emoji counts once
    assert len(text.encode("utf-16-le")) // 2 == 67
    assert list(built.tokens) == [m.span() for m in re.finditer(r"\S+", text)]
    spans_a = {(s.label, s.start, s.end): s for s in built.spans_of("a")}
    assert set(spans_a) == {
        ("ACTOR", 6, 13),
        ("CLAIM", 2, 18),
        ("CASUALTY", *where(text, "خمسة أشخاص")),
    }
    assert text[6:13] == "المتحدث"
    assert all(s.annotator == "a" for s in built.spans_of("a"))
    assert spans_a[("CASUALTY", *where(text, "خمسة أشخاص"))].attributes == {"count": 5}
    assert [s.attributes for s in built.spans_of("b")] == [{"count": [4, 6]}]
    (relation,) = built.relations_of("a")
    assert (relation.label, relation.head, relation.tail) == ("source", claim.uuid, actor.uuid)
    assert spans_a[("CLAIM", 2, 18)].id == claim.uuid
    assert built.relations_of("b") == []


def test_attribute_dicts_are_not_shared_between_spans(project):
    doc = project.document_ids()[0]
    for annotator in "ab":
        mark(project, doc, annotator, "CASUALTY", "خمسة أشخاص", count=5)
        project.set_status(doc, annotator, "done")
    (built,) = build_docs(project, ["a", "b"])
    first, second = built.spans_of("a")[0], built.spans_of("b")[0]
    first.attributes["count"] = 99
    assert second.attributes == {"count": 5}


def test_batches_give_the_same_documents_in_id_order(project):
    ids = project.document_ids()
    for n, doc in enumerate(ids):
        for annotator in "ab":
            mark(project, doc, annotator, "ACTOR", WORDS[n % len(WORDS)])
            project.set_status(doc, annotator, "done")
    mark(project, ids[3], "b", "CLAIM", "في الغارة")

    def flat(docs):
        return [
            (
                d.doc_id,
                d.text_length,
                list(d.tokens),
                {
                    annotator: [(s.label, s.start, s.end, s.id) for s in spans]
                    for annotator, spans in d.spans.items()
                },
            )
            for d in docs
        ]

    small = flat(build_docs(project, ["a", "b"], batch=2))
    large = flat(build_docs(project, ["a", "b"], batch=500))
    assert small == large
    assert [d[0] for d in small] == [str(i) for i in ids]
    assert [len(d[3]["b"]) for d in small] == [1, 1, 1, 2, 1, 1, 1]


def test_labels_filter_keeps_only_those_spans(project):
    doc = project.document_ids()[0]
    mark(project, doc, "a", "ACTOR", "المتحدث")
    mark(project, doc, "a", "CLAIM", "قال المتحدث باسم")
    mark(project, doc, "b", "CLAIM", "قال المتحدث")
    for annotator in "ab":
        project.set_status(doc, annotator, "done")
    (built,) = build_docs(project, ["a", "b"], labels=["CLAIM"])
    assert [s.label for s in built.spans_of("a")] == ["CLAIM"]
    assert [s.label for s in built.spans_of("b")] == ["CLAIM"]


def test_an_annotator_without_spans_has_an_empty_annotation(project):
    doc = project.document_ids()[0]
    mark(project, doc, "a", "ACTOR", "المتحدث")
    for annotator in "ab":
        project.set_status(doc, annotator, "done")
    (built,) = build_docs(project, ["a", "b"])
    assert "b" not in built.spans
    assert built.spans_of("b") == []


def test_default_selection_is_documents_done_by_every_compared_annotator(project):
    d = project.document_ids()
    for annotator in "ab":
        project.set_status(d[0], annotator, "done")  # done by both, no spans: still used
    project.set_status(d[1], "a", "done")
    mark(project, d[1], "b", "ACTOR", "المتحدث")  # b: in progress
    project.set_status(d[2], "a", "done")  # b: nothing at all
    mark(project, d[3], "c", "ACTOR", "المتحدث")  # only someone not compared
    project.set_status(d[3], "c", "done")
    project.set_status(d[4], "b", "new")  # an explicit 'new' is no work
    for annotator in "abc":
        project.set_status(d[5], annotator, "done")

    chosen = select_documents(project, ["a", "b"])
    assert chosen.document_ids == [d[0], d[5]]
    assert (chosen.done_by_all, chosen.left_out, chosen.documents_in_project) == (2, 2, 7)
    assert [x.doc_id for x in build_docs(project, ["a", "b"])] == [str(d[0]), str(d[5])]

    unfinished = select_documents(project, ["a", "b"], include_unfinished=True)
    assert unfinished.document_ids == [d[0], d[1], d[2], d[5]]
    assert (unfinished.done_by_all, unfinished.left_out) == (2, 0)
    assert unfinished.to_json()["documents_unfinished_used"] == 2

    three = select_documents(project, ["a", "b", "c"])
    assert three.document_ids == [d[5]]
    assert select_documents(project, ["a", "c"], include_unfinished=True).document_ids == [
        d[0],
        d[1],
        d[2],
        d[3],
        d[5],
    ]


def test_default_annotators_leave_out_gold(project):
    for name in ("zeina", "ali"):
        project.annotator_id(name)
    project.annotator_id("gold", role="gold")
    assert resolve_annotators(project, None) == ["ali", "zeina"]
    assert resolve_annotators(project, ["gold", "ali"]) == ["gold", "ali"]


def test_annotator_errors(project):
    with pytest.raises(AgreeError, match="no annotators"):
        resolve_annotators(project, None)
    project.annotator_id("ali")
    project.annotator_id("gold", role="gold")
    with pytest.raises(AgreeError, match="at least 2 annotators, got 1: ali"):
        resolve_annotators(project, None)
    with pytest.raises(NotFoundError, match="unknown annotator.*: bob"):
        resolve_annotators(project, ["ali", "bob"])
    with pytest.raises(AgreeError, match="more than once: ali"):
        resolve_annotators(project, ["ali", "ali"])


def test_label_names_are_checked(project):
    assert resolve_labels(project, None) is None
    assert resolve_labels(project, ["CLAIM", "ACTOR"]) == ["CLAIM", "ACTOR"]
    with pytest.raises(NotFoundError, match="unknown label.*: actor, PERSON"):
        resolve_labels(project, ["actor", "PERSON"])


def test_write_html_replaces_the_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    monkeypatch.setattr(render_html, "render_html", lambda report: "نص جديد")
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    render_html.write_html({}, target)
    assert target.read_text(encoding="utf-8") == "نص جديد"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_write_html_failure_keeps_the_old_file(tmp_path, monkeypatch):
    monkeypatch.setattr(render_html, "render_html", lambda report: "bad \ud800 surrogate")
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        render_html.write_html({}, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_token_spans_behave_as_a_list_of_pairs():
    pairs = [(0, 1), (2, 7), (8, 300), (301, 70000)]
    packed = TokenSpans.pack(pairs)
    assert len(packed) == 4
    assert packed.flat.tolist() == [0, 1, 2, 7, 8, 300, 301, 70000]
    assert list(packed) == pairs
    assert packed == pairs and packed != pairs[:3] and packed != [(0, 1)] * 4
    assert packed[1] == (2, 7) and packed[-1] == (301, 70000)
    assert packed[1:3] == [(2, 7), (8, 300)]
    with pytest.raises(IndexError):
        packed[4]
    assert TokenSpans.pack([]) == [] and list(TokenSpans.pack([])) == []


def test_corpus_reads_packed_tokens_like_lists():
    """The zero-copy path for TokenSpans gives the same token arrays as plain lists."""
    from annotator.agreement.build import TokenSpans
    from annotator.agreement.corpus import Corpus
    from annotator.agreement.data import DocAnnotations
    from annotator.text import token_spans

    texts = ["قال الجيش إن 11 قتلوا", "😀 مقتل أربعة جنود", ""]
    as_lists = [
        DocAnnotations(str(i), len(t), token_spans(t), {"a": [], "b": []})
        for i, t in enumerate(texts)
    ]
    packed = [
        DocAnnotations(str(i), len(t), TokenSpans.pack(token_spans(t)), {"a": [], "b": []})
        for i, t in enumerate(texts)
    ]
    expected = Corpus(as_lists, ["a", "b"]).tokens()
    got = Corpus(packed, ["a", "b"]).tokens()
    assert all((e == g).all() for e, g in zip(expected, got, strict=True))
    assert len(expected[0]) == sum(len(token_spans(t)) for t in texts)


def test_worker_tokenization_gives_the_same_documents(tmp_path, monkeypatch, one_worker_requests):
    """Tokens computed in the worker process equal those computed here."""
    from annotator.agreement import build
    from annotator.store import Project
    from annotator.text import token_spans

    texts = [f"😀 قال الجيش إن {n} قتلوا في القصف." for n in range(7)]
    path = tmp_path / "w.sqlite"
    with Project.create(path) as project:
        project.add_documents(DocRecord(text=t, name=str(i)) for i, t in enumerate(texts))
        for doc_id in project.document_ids():
            project.add_annotation(doc_id, "a", "ACTOR", 6, 11)
            project.add_annotation(doc_id, "b", "ACTOR", 6, 11)
        monkeypatch.setattr(build, "WORKER_MIN_BATCHES", 99)
        here = list(build.build_docs(project, ["a", "b"], True, batch=2))
        monkeypatch.setattr(build, "WORKER_MIN_BATCHES", 1)
        started = one_worker_requests(build)
        there = list(build.build_docs(project, ["a", "b"], True, batch=2))
    assert started == [True]
    assert [d.doc_id for d in there] == [d.doc_id for d in here] == [str(i) for i in range(1, 8)]
    for doc, text in zip(there, texts, strict=True):
        assert doc.text_length == len(text)
        assert list(doc.tokens) == token_spans(text)
    assert [(d.text_length, list(d.tokens), d.spans) for d in there] == [
        (d.text_length, list(d.tokens), d.spans) for d in here
    ]


def test_token_offsets_are_the_documents_own_tokens_when_it_has_them():
    from annotator.agreement.build import token_offsets
    from annotator.model import Tokenization
    from annotator.text import token_spans

    text = "سعر 3.99 دولار"
    own = Tokenization.from_sentences([[(0, 3), (4, 5), (5, 8), (9, 14)]])
    assert token_offsets(text, own).tolist() == [0, 3, 4, 5, 5, 8, 9, 14]
    mine = [offset for span in token_spans(text) for offset in span]
    assert token_offsets(text).tolist() == mine
