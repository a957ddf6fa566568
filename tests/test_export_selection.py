"""Which annotations an export holds: one annotator, each, majority vote, gold; filters; split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import NotFoundError, UsageError
from annotator.exporting import (
    ExportCancelled,
    ExportOptions,
    export,
    output_path,
    split_documents,
    split_sizes,
)
from annotator.formats import FORMATS, jsonl
from annotator.model import DocRecord
from annotator.store import Project

TEXTS = [
    "😀 قال وزير الدفاع إن ثلاثة جنود قتلوا في القصف.",
    "أعلن الجيش أن خمسة مدنيين أصيبوا.",
    "نص ثالث بلا شروح.",
]


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


@pytest.fixture
def project(tmp_path: Path):
    """Three annotators who agree and disagree on the first two texts; a gold standard.
    Done: the first text by everyone, the second by amal; the third is new for all."""
    with Project.create(tmp_path / "p.sqlite") as opened:
        ids = opened.add_documents(
            [DocRecord(text=t, name=f"doc{i}") for i, t in enumerate(TEXTS)]
        ).added
        one, two, _ = ids
        t1, t2 = TEXTS[0], TEXTS[1]
        add = opened.add_annotation
        claims = {}
        actors = {}
        for who, kind in (("amal", "person"), ("omar", "person"), ("sara", "state")):
            actors[who] = add(one, who, "ACTOR", *at(t1, "وزير الدفاع"), attributes={"kind": kind})
        for who in ("amal", "omar"):
            claims[who] = add(one, who, "CLAIM", *at(t1, "وزير الدفاع إن ثلاثة جنود قتلوا"))
            opened.add_relation(one, who, "source", claims[who].uuid, actors[who].uuid)
        add(one, "sara", "CASUALTY", *at(t1, "ثلاثة جنود"), attributes={"count": 3})
        add(one, "amal", "ACTOR", *at(t1, "وزير"))  # nested, amal only
        # a tie on 'kind' (amal: person, omar: state), and an attribute only some voters set
        add(two, "amal", "ACTOR", *at(t2, "الجيش"), attributes={"kind": "person"})
        add(two, "omar", "ACTOR", *at(t2, "الجيش"), attributes={"kind": "state"})
        for who, attributes in (("amal", {}), ("omar", {"count": 5}), ("sara", {"count": 5})):
            add(two, who, "CASUALTY", *at(t2, "خمسة مدنيين"), attributes=attributes)
        opened.annotator_id("gold", role="gold")
        add(one, "gold", "ACTOR", *at(t1, "وزير الدفاع"), attributes={"kind": "person"})
        for who in ("amal", "omar", "sara"):
            opened.set_status(one, who, "done")
        opened.set_status(two, "amal", "done")
        opened.set_status(one, "gold", "done")
        yield opened


def read(path: Path) -> list[DocRecord]:
    return list(jsonl.read(path))


def keyed(doc: DocRecord) -> dict[tuple[str, str], dict]:
    return {(s.label, doc.text[s.start : s.end]): s.attributes for s in doc.spans}


def relation_texts(doc: DocRecord) -> list[tuple[str, str, str]]:
    text = {s.id: doc.text[s.start : s.end] for s in doc.spans}
    return [(r.label, text[r.head], text[r.tail]) for r in doc.relations]


def test_one_annotator_equals_the_codec_over_doc_records(project, tmp_path):
    fast = tmp_path / "fast.jsonl"
    result = export(
        project, fast, ExportOptions(format="jsonl", annotator="amal", include_unfinished=True)
    )
    slow = tmp_path / "slow.jsonl"
    jsonl.write(project.doc_records(["amal"]), slow)
    assert fast.read_bytes() == slow.read_bytes()
    counts = result.files[0].report.counts
    assert (counts["documents"], counts["spans"], counts["relations"]) == (3, 5, 1)
    assert "3 documents, 5 spans, 1 relations" in result.summary()


def test_majority_vote(project, tmp_path):
    out = tmp_path / "vote.jsonl"
    result = export(
        project, out, ExportOptions(format="jsonl", majority=2, include_unfinished=True)
    )
    first, second, third = read(out)
    assert keyed(first) == {
        ("ACTOR", "وزير الدفاع"): {"kind": "person"},  # 2 of 3 say person
        ("CLAIM", "وزير الدفاع إن ثلاثة جنود قتلوا"): {},
    }
    assert relation_texts(first) == [("source", "وزير الدفاع إن ثلاثة جنود قتلوا", "وزير الدفاع")]
    assert all(s.annotator is None for s in first.spans)
    # the tie goes to amal (first by name); absence of 'count' loses 1 to 2
    assert keyed(second) == {
        ("ACTOR", "الجيش"): {"kind": "person"},
        ("CASUALTY", "خمسة مدنيين"): {"count": 5},
    }
    assert third.spans == []
    assert result.counts["spans_below_majority"] == 2  # sara's CASUALTY, amal's nested ACTOR
    assert result.counts["attributes_by_majority"] == 3
    # the kept span carries the id of the first voter's annotation
    amal_actor = next(a for a in project.annotations(1, "amal") if a.text == "وزير الدفاع")
    assert any(s.id == amal_actor.uuid for s in first.spans)


def test_majority_of_one_is_the_union_and_of_all_the_intersection(project, tmp_path):
    export(
        project,
        tmp_path / "k1.jsonl",
        ExportOptions(format="jsonl", majority=1, include_unfinished=True),
    )
    export(
        project,
        tmp_path / "k3.jsonl",
        ExportOptions(format="jsonl", majority=3, include_unfinished=True),
    )
    union = read(tmp_path / "k1.jsonl")
    everyone = read(tmp_path / "k3.jsonl")
    assert [len(d.spans) for d in union] == [4, 2, 0]
    assert len(union[0].relations) == 1
    assert [sorted(keyed(d)) for d in everyone] == [
        [("ACTOR", "وزير الدفاع")],
        [("CASUALTY", "خمسة مدنيين")],
        [],
    ]
    with pytest.raises(UsageError, match="between 1 and 3"):
        export(project, tmp_path / "k4.jsonl", ExportOptions(format="jsonl", majority=4))


def test_voters_restrict_the_vote(project, tmp_path):
    out = tmp_path / "v.jsonl"
    options = ExportOptions(
        format="jsonl", majority=2, voters=["omar", "sara"], include_unfinished=True
    )
    export(project, out, options)
    first, second, _ = read(out)
    assert keyed(first) == {("ACTOR", "وزير الدفاع"): {"kind": "person"}}  # tie: omar first
    assert keyed(second) == {("CASUALTY", "خمسة مدنيين"): {"count": 5}}


def test_each_annotator_gets_a_file(project, tmp_path):
    out = tmp_path / "each.jsonl"
    result = export(project, out, ExportOptions(format="jsonl", all_annotators=True))
    names = ["amal", "omar", "sara"]
    assert [f.path for f in result.files] == [tmp_path / f"each.{n}.jsonl" for n in names]
    for name in names:
        single = tmp_path / f"single-{name}.jsonl"
        export(project, single, ExportOptions(format="jsonl", annotator=name))
        assert (tmp_path / f"each.{name}.jsonl").read_bytes() == single.read_bytes()
    assert not out.exists()
    brat = export(project, tmp_path / "bratout", ExportOptions(format="brat", all_annotators=True))
    assert [f.path.name for f in brat.files] == [f"bratout.{n}" for n in names]
    assert all((f.path / "annotation.conf").is_file() for f in brat.files)


def test_gold(project, tmp_path):
    out = tmp_path / "gold.jsonl"
    export(project, out, ExportOptions(format="jsonl", gold=True))
    docs = read(out)
    assert keyed(docs[0]) == {("ACTOR", "وزير الدفاع"): {"kind": "person"}}
    assert {s.annotator for s in docs[0].spans} == {"gold"}
    with Project.create(tmp_path / "no-gold.sqlite") as empty:
        empty.add_documents([DocRecord(text="نص")])
        with pytest.raises(UsageError, match="no gold standard"):
            export(empty, tmp_path / "x.jsonl", ExportOptions(format="jsonl", gold=True))


def test_labels_filter(project, tmp_path):
    out = tmp_path / "actors.jsonl"
    result = export(project, out, ExportOptions(format="jsonl", annotator="amal", labels=["ACTOR"]))
    docs = read(out)
    assert {s.label for d in docs for s in d.spans} == {"ACTOR"}
    assert all(not d.relations for d in docs)
    assert result.counts["spans_other_labels"] == 2  # CLAIM and CASUALTY
    assert result.counts["relations_other_labels"] == 1
    assert "relations with an end of a label not selected" in result.summary()
    with pytest.raises(NotFoundError, match="unknown label"):
        export(project, out, ExportOptions(format="jsonl", annotator="amal", labels=["PLACE"]))


def test_status_filter(project, tmp_path):
    out = tmp_path / "done.jsonl"
    export(project, out, ExportOptions(format="jsonl", annotator="amal", status="done"))
    assert [d.text for d in read(out)] == TEXTS[:2]
    export(project, out, ExportOptions(format="jsonl", majority=1, status="done"))
    assert [d.text for d in read(out)] == TEXTS[:1]  # only the first is done by all three
    export(project, out, ExportOptions(format="jsonl", all_annotators=True, status="done"))
    assert [d.text for d in read(tmp_path / "done.sara.jsonl")] == TEXTS[:1]
    assert [d.text for d in read(tmp_path / "done.amal.jsonl")] == TEXTS[:2]  # each their own
    export(project, out, ExportOptions(format="jsonl", annotator="sara", status="in progress"))
    assert [d.text for d in read(out)] == TEXTS[1:2]  # annotated, not done
    export(project, out, ExportOptions(format="jsonl", annotator="sara", status="new"))
    assert [d.text for d in read(out)] == TEXTS[2:]


def test_unknown_annotator_and_bad_choices(project, tmp_path):
    out = tmp_path / "x.jsonl"
    with pytest.raises(NotFoundError, match="no annotator named 'nobody'"):
        export(project, out, ExportOptions(format="jsonl", annotator="nobody"))
    with pytest.raises(UsageError, match="exactly one"):
        export(project, out, ExportOptions(format="jsonl", annotator="amal", gold=True))
    with pytest.raises(UsageError, match="exactly one"):
        export(project, out, ExportOptions(format="jsonl"))
    with pytest.raises(UsageError, match="add up to 100"):
        export(project, out, ExportOptions(format="jsonl", annotator="amal", split=(80, 10)))
    assert not any(tmp_path.glob("x*"))


# ---------------------------------------------------------------------------- split


def test_split_sizes_by_largest_remainder():
    assert split_sizes(10, (80, 10, 10)) == [8, 1, 1]
    assert split_sizes(7, (80, 10, 10)) == [5, 1, 1]  # 5.6, 0.7, 0.7
    assert split_sizes(3, (50, 50)) == [2, 1]  # tie: train first
    assert split_sizes(9, (34, 33, 33)) == [3, 3, 3]
    assert split_sizes(0, (80, 10, 10)) == [0, 0, 0]
    for n in range(60):
        sizes = split_sizes(n, (70, 20, 10))
        assert sum(sizes) == n
        assert all(abs(size - n * p / 100) < 1 for size, p in zip(sizes, (70, 20, 10), strict=True))


def test_split_depends_on_texts_and_seed_only():
    docs = [(f"{i:064x}", i + 1) for i in range(40)]
    parts = split_documents(docs, (80, 10, 10), seed=7)
    assert [len(p) for p in parts] == [32, 4, 4]
    assert sorted(i for p in parts for i in p) == [i for _, i in docs]  # disjoint, complete
    renumbered = [(sha, 1000 - i) for sha, i in docs]  # same texts, other ids
    again = split_documents(list(reversed(renumbered)), (80, 10, 10), seed=7)
    assert [sorted(1000 - i for i in p) for p in again] == parts
    assert split_documents(docs, (80, 10, 10), seed=8) != parts


def make_corpus(path: Path, texts: list[str]) -> Project:
    project = Project.create(path)
    ids = project.add_documents([DocRecord(text=t, name=f"n{i}") for i, t in enumerate(texts)])
    for doc_id in ids.added:
        project.add_annotation(doc_id, "amal", "ACTOR", 0, 3)
        project.set_status(doc_id, "amal", "done")
    return project


def test_split_outputs_are_reproducible_and_disjoint(tmp_path):
    texts = [f"نص رقم {i} عن الجيش" for i in range(57)]
    with make_corpus(tmp_path / "a.sqlite", texts) as first:
        options = ExportOptions(format="jsonl", annotator="amal", split=(80, 10, 10), seed=3)
        result = export(first, tmp_path / "a" / "out.jsonl", options)
    assert [f.path.name for f in result.files] == [
        "out.train.jsonl",
        "out.dev.jsonl",
        "out.test.jsonl",
    ]
    parts = [[d.text for d in read(f.path)] for f in result.files]
    assert [len(p) for p in parts] == split_sizes(57, (80, 10, 10)) == [45, 6, 6]
    assert sorted(t for p in parts for t in p) == sorted(texts)
    # the same texts imported in another order (other ids) split the same way
    with make_corpus(tmp_path / "b.sqlite", list(reversed(texts))) as second:
        again = export(second, tmp_path / "b" / "out.jsonl", options)
    assert [sorted(d.text for d in read(f.path)) for f in again.files] == [sorted(p) for p in parts]
    with make_corpus(tmp_path / "c.sqlite", texts) as third:
        options.seed = 4
        other = export(third, tmp_path / "c" / "out.jsonl", options)
    assert [sorted(d.text for d in read(f.path)) for f in other.files] != [sorted(p) for p in parts]


def test_output_names():
    assert output_path("out/x.conll", "conll", "amal", "train") == Path("out/x.amal.train.conll")
    assert output_path("out/x.conll", "conll") == Path("out/x.conll")
    assert output_path("out/corpus", "brat", "أمل س", "dev") == Path("out/corpus.أمل_س.dev")


# ---------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("fmt", ["conll", "hf", "spacy"])
def test_worker_processes_write_the_same_bytes(project, tmp_path, fmt):
    outputs = []
    for workers in (0, 2):
        out = tmp_path / f"w{workers}" / f"out.{fmt}"
        result = export(
            project,
            out,
            ExportOptions(
                format=fmt, majority=1, scheme="BIOES", workers=workers, include_unfinished=True
            ),
        )
        outputs.append((out.read_bytes(), dict(result.totals())))
    assert outputs[0] == outputs[1]
    lost = "relations_dropped" if FORMATS[fmt].counts_losses else "relations_not_carried"
    assert outputs[0][1][lost] == 1
    if fmt == "hf":
        spec = json.loads((tmp_path / "w2" / "labels.json").read_text(encoding="utf-8"))
        assert spec["labels"] == ["ACTOR", "CLAIM", "CASUALTY"] and spec["scheme"] == "BIOES"


def test_conll_options_reach_the_writer(project, tmp_path):
    out = tmp_path / "flat.conll"
    result = export(
        project,
        out,
        ExportOptions(
            format="conll",
            annotator="amal",
            single_column=True,
            priority=["CLAIM", "ACTOR"],
            header="docstart",
            offsets=True,
        ),
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("-DOCSTART-\t-\tO\n\n")
    assert "B-CLAIM" in text and "B-ACTOR" in text  # amal's ACTOR on doc 2 survives
    assert result.totals()["spans_dropped_overlap"] == 2  # the ACTORs inside the CLAIM
    assert "spans overlapping a kept span" in result.summary()


def test_cancel_leaves_no_output(project, tmp_path):
    out = tmp_path / "out" / "c.jsonl"
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3  # after the first split part is written

    options = ExportOptions(
        format="jsonl", annotator="amal", split=(50, 50), include_unfinished=True
    )
    with pytest.raises(ExportCancelled):
        export(project, out, options, cancelled=cancelled)
    assert list((tmp_path / "out").iterdir()) == []
    seen = []
    export(project, out, options, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["c.test.jsonl", "c.train.jsonl"]


def test_an_existing_output_is_replaced_only_on_success(project, tmp_path):
    out = tmp_path / "keep.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(ExportCancelled):
        export(
            project, out, ExportOptions(format="jsonl", annotator="amal"), cancelled=lambda: True
        )
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "keep.jsonl",
        "p.sqlite",
        "p.sqlite-shm",
        "p.sqlite-wal",
    ]
    export(project, out, ExportOptions(format="jsonl", annotator="amal", include_unfinished=True))
    assert len(read(out)) == 3


# ---------------------------------------------------------------------------- command line


def test_cli_export(project, tmp_path, capsys):
    out = tmp_path / "cli.conll"
    code = main(
        [
            "export",
            str(project.path),
            "--format",
            "conll",
            "--out",
            str(out),
            "--majority",
            "2",
            "--scheme",
            "iob1",
            "--labels",
            "ACTOR,CLAIM",
            "--split",
            "50,50",
            "--seed",
            "1",
            "--include-unfinished",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "majority of 2 out of 3 (amal, omar, sara)" in printed
    assert str(tmp_path / "cli.train.conll") in printed
    library = export(
        project,
        tmp_path / "lib.conll",
        ExportOptions(
            format="conll",
            majority=2,
            scheme="IOB1",
            labels=["ACTOR", "CLAIM"],
            split=(50, 50),
            seed=1,
            include_unfinished=True,
        ),
    )
    for item in library.files:
        cli_file = tmp_path / item.path.name.replace("lib.", "cli.")
        assert cli_file.read_bytes() == item.path.read_bytes()
    code = main(
        [
            "export",
            str(project.path),
            "--format",
            "jsonl",
            "--out",
            str(out),
            "--annotator",
            "nobody",
        ]
    )
    assert code == 2
    assert "no annotator named 'nobody'" in capsys.readouterr().err
    main(
        [
            "export",
            str(project.path),
            "--format",
            "jsonl",
            "--out",
            str(tmp_path / "j.jsonl"),
            "--gold",
            "--json",
        ]
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["spans"] == 1 and summary["selection"] == "the gold standard"


def test_fast_jsonl_escapes_like_json_dumps(tmp_path):
    text = 'قال "الوزير" \\ مرحبا\tثم\r\nسطر\x01\x1f\x7f\u2028😀 «نعم»'
    with Project.create(tmp_path / "t.sqlite") as project:
        [doc_id] = project.add_documents(
            [DocRecord(text=text, name='a "quoted"\tname', meta={"k": ['x"y', 1.5, None]})]
        ).added
        for piece in ('"الوزير"', "\\", "ثم\r\nسطر\x01", "\x7f\u2028😀"):
            start = text.index(piece)
            project.add_annotation(
                doc_id, "amal", "CLAIM", start, start + len(piece), attributes={"q": 'a"\\b'}
            )
        fast = tmp_path / "fast.jsonl"
        export(
            project, fast, ExportOptions(format="jsonl", annotator="amal", include_unfinished=True)
        )
        slow = tmp_path / "slow.jsonl"
        jsonl.write(project.doc_records(["amal"]), slow)
    assert fast.read_bytes() == slow.read_bytes()
    [back] = read(fast)
    assert back.text == text and len(back.spans) == 4
