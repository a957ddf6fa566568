"""One import path: --max-size and --clean honoured with every annotated format (native JSONL
here and in worker processes, CoNLL, brat), the policies "raise" and "skip" storing the same on
clean input, a bad document under each policy, and the cleaning's offset map."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats.cleaning import SpanLost
from annotator.formats.plaintext import clean_text, clean_text_mapped
from annotator.importing import import_annotated
from annotator.model import InputError
from annotator.store import Project

AD = "[ad_1]"
# residue around and between the article's lines: removed by cleaning
DIRTY = f"{AD}\nقال الجيش\n\u00a0\n\n\nإن المدينة قصفت\n{AD}\n"
CLEAN = "قال الجيش\n\nإن المدينة قصفت\n"


def spans_in(text: str) -> list[dict]:
    army, city = text.index("الجيش"), text.index("المدينة")
    return [
        {"id": "a", "start": army, "end": army + 5, "label": "ACTOR"},
        {"id": "p", "start": city, "end": city + 7, "label": "PLACE"},
    ]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return path


def stored(project: Project) -> list[tuple]:
    """The documents with their spans as (label, covered text, start, end)."""
    out = []
    for doc in project.iter_documents():
        spans = sorted(
            (a.label, doc.text[a.start : a.end], a.start, a.end)
            for a in project.annotations(doc.id, None)
        )
        out.append((doc.name, doc.text, spans))
    return out


def dump(project: Project) -> dict:
    """What an import writes, without ids, UUIDs and times."""
    return {
        "documents": stored(project),
        "relations": sorted(
            (r.label, r.document_id)
            for doc in project.iter_documents()
            for r in project.relations(doc.id, None)
        ),
        "labels": [label.name for label in project.labels()],
        "status": {doc.id: project.status(doc.id, "amal") for doc in project.iter_documents()},
        "history": [(h[1], h[2], h[4]) for h in project.history(1000)],
    }


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


# ---------------------------------------------------------------- --clean


@pytest.mark.parametrize("workers", [0, 2], ids=["here", "workers"])
def test_clean_moves_jsonl_spans_with_the_text(project, tmp_path, workers):
    rows = [{"name": "d1", "text": DIRTY, "spans": spans_in(DIRTY)}, {"name": "d2", "text": "نص"}]
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    report = import_annotated(
        project, [path], "jsonl", annotator="amal", clean=True, workers=workers
    )
    assert report.documents_added == 2 and report.spans_added == 2
    assert stored(project)[0] == (
        "d1",
        CLEAN,
        [("ACTOR", "الجيش", 4, 9), ("PLACE", "المدينة", 14, 21)],
    )
    assert report.removed == {str(path): {"placeholder": 2, "whitespace_line": 1, "blank_line": 2}}
    assert "cleaning removed: blank_line 2, placeholder 2, whitespace_line 1" in report.summary()


def test_without_clean_the_text_is_kept(project, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"text": DIRTY, "spans": spans_in(DIRTY)}])
    import_annotated(project, [path], "jsonl", annotator="amal")
    assert stored(project)[0][1] == DIRTY


@pytest.mark.parametrize("workers", [0, 2], ids=["here", "workers"])
def test_a_span_in_removed_text_is_a_problem_of_its_document(project, tmp_path, workers):
    bad = {"name": "bad", "text": DIRTY, "spans": [{"start": 0, "end": 6, "label": "ACTOR"}]}
    good = {"name": "good", "text": DIRTY.replace("الجيش", "الشرطة"), "spans": []}
    path = write_jsonl(tmp_path / "in.jsonl", [good, bad])
    with pytest.raises(
        InputError, match=r"span +0-6: an end lies in a line that cleaning \(--clean\) removes"
    ) as err:
        import_annotated(project, [path], "jsonl", annotator="amal", clean=True, workers=workers)
    assert (err.value.path, err.value.line) == (str(path), 2)
    assert project.count_documents() == 0
    report = import_annotated(
        project, [path], "jsonl", annotator="amal", clean=True, workers=workers, skip_bad=True
    )
    assert [doc[0] for doc in stored(project)] == ["good"]
    assert [(n.path, n.line) for n in report.rejected] == [(str(path), 2)]


def test_clean_moves_conll_spans(project, tmp_path):
    path = tmp_path / "in.conll"
    path.write_text(
        "# doc_id = d1\nقال\tO\nالجيش\tB-ACTOR\n\n[ad_1]\tO\n\nإن\tO\nالمدينة\tB-PLACE\n",
        encoding="utf-8",
    )
    report = import_annotated(project, [path], "conll", annotator="amal", clean=True)
    assert stored(project) == [
        ("d1", "قال الجيش\nإن المدينة", [("ACTOR", "الجيش", 4, 9), ("PLACE", "المدينة", 13, 20)])
    ]
    assert report.removed_totals == {"placeholder": 1}
    # a tagged placeholder: its span ends in removed text
    path.write_text(
        "# doc_id = d2\nقال\tO\n\n[ad_2]\tB-ACTOR\n\nالمدينة\tB-PLACE\n", encoding="utf-8"
    )
    with pytest.raises(
        InputError, match=r"an end lies in a line that cleaning \(--clean\) removes"
    ):
        import_annotated(project, [path], "conll", annotator="amal", clean=True)


def test_clean_moves_brat_spans(project, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d.txt").write_text(DIRTY, encoding="utf-8")
    army, city = DIRTY.index("الجيش"), DIRTY.index("المدينة")
    (folder / "d.ann").write_text(
        f"T1\tACTOR {army} {army + 5}\tالجيش\nT2\tPLACE {city} {city + 7}\tالمدينة\n"
        "R1\tnear Arg1:T2 Arg2:T1\n",
        encoding="utf-8",
    )
    report = import_annotated(project, [folder], "brat", annotator="amal", clean=True)
    assert report.relations_added == 1
    assert stored(project) == [
        ("d", CLEAN, [("ACTOR", "الجيش", 4, 9), ("PLACE", "المدينة", 14, 21)])
    ]
    (folder / "d.ann").write_text("T1\tACTOR 0 6\t[ad_1]\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"span T1 0-6: an end lies in a line that cleaning \(--clean\)"
    ) as err:
        import_annotated(project, [folder], "brat", annotator="omar", clean=True)
    assert err.value.path == str(folder / "d.ann")


# ---------------------------------------------------------------- --max-size


def big_and_small() -> list[dict]:
    return [{"name": "small", "text": "قال الجيش"}, {"name": "big", "text": "ا" * 600}]


@pytest.mark.parametrize("workers", [0, 2], ids=["here", "workers"])
def test_max_bytes_with_jsonl(project, tmp_path, workers):
    path = write_jsonl(tmp_path / "in.jsonl", big_and_small())
    with pytest.raises(InputError, match="1,200 bytes exceeds the limit of 1,000") as err:
        import_annotated(project, [path], "jsonl", annotator="a", max_bytes=1000, workers=workers)
    assert (err.value.path, err.value.line) == (str(path), 2)
    assert project.count_documents() == 0
    report = import_annotated(
        project, [path], "jsonl", annotator="a", max_bytes=1000, workers=workers, skip_bad=True
    )
    assert [doc[0] for doc in stored(project)] == ["small"]
    assert [n.line for n in report.rejected] == [2]


def test_max_bytes_with_conll_and_brat(project, tmp_path):
    conll = tmp_path / "in.conll"
    conll.write_text("# doc_id = big\n" + "كلمة\tO\n" * 200, encoding="utf-8")
    with pytest.raises(InputError, match="exceeds the limit"):
        import_annotated(project, [conll], "conll", annotator="a", max_bytes=1000)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d.txt").write_text("ا" * 600, encoding="utf-8")
    (folder / "d.ann").write_text("T1\tACTOR 0 3\tااا\n", encoding="utf-8")
    with pytest.raises(InputError, match="exceeds the limit"):
        import_annotated(project, [folder], "brat", annotator="a", max_bytes=1000)
    assert project.count_documents() == 0
    import_annotated(project, [folder], "brat", annotator="a", max_bytes=1200)
    assert project.count_documents() == 1


def test_the_cli_honours_clean_and_max_size_with_format(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    Project.create(path).close()
    rows = [{"name": "d1", "text": DIRTY, "spans": spans_in(DIRTY)}, {"text": "ب" * 400_000}]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    common = ["import", str(path), str(source), "--format", "jsonl", "--annotator", "amal"]
    assert main([*common, "--clean", "--max-size", "0.5"]) == 2
    assert "in.jsonl:2: 800,000 bytes exceeds the limit" in capsys.readouterr().err
    assert main([*common, "--clean", "--max-size", "1"]) == 0
    assert main([*common, "--max-size", "1"]) == 0
    with Project.open(path) as project:
        texts = [doc[1] for doc in stored(project)]
    # cleaned the first time; the second import's dirty text is another document, the
    # large one the same
    assert texts == [CLEAN, "ب" * 400_000, DIRTY]


# ---------------------------------------------------------------- the policies


def corpus(tmp_path: Path) -> Path:
    rows = []
    for i in range(40):
        text = f"قال الجيش {i} إن المدينة قصفت"
        rows.append(
            {
                "id": f"d{i}",
                "text": text,
                "spans": [
                    *spans_in(text),
                    {"id": "c", "start": 0, "end": len(text), "label": "CLAIM"},
                ],
                "relations": [{"head": "c", "tail": "a", "label": "source"}],
            }
        )
    rows.append(dict(rows[3], id="again"))  # the same text again: matched
    return write_jsonl(tmp_path / "in.jsonl", rows)


@pytest.mark.parametrize("workers", [0, 2], ids=["here", "workers"])
def test_skip_and_raise_store_the_same_on_clean_input(tmp_path, workers):
    path = corpus(tmp_path)
    dumps, summaries = [], []
    for skip_bad in (False, True):
        with Project.create(tmp_path / f"{skip_bad}.sqlite") as project:
            report = import_annotated(
                project, [path], "jsonl", annotator="amal", skip_bad=skip_bad, workers=workers
            )
            dumps.append(dump(project))
            summaries.append((report.documents_added, report.documents_matched, report.spans_added))
    assert dumps[0] == dumps[1]
    assert summaries[0] == summaries[1] == (40, 1, 120)


@pytest.mark.parametrize("workers", [0, 2], ids=["here", "workers"])
def test_a_bad_document_under_each_policy(tmp_path, workers):
    path = corpus(tmp_path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[7]["spans"][0]["attributes"] = {"kind": "robot"}  # not a kind the schema allows
    rows[20]["relations"] = [{"head": "a", "tail": "c", "label": "source"}]  # wrong way round
    bad = write_jsonl(tmp_path / "bad.jsonl", rows)
    expected = write_jsonl(tmp_path / "good.jsonl", rows[:7] + rows[8:20] + rows[21:])
    with Project.create(tmp_path / "raise.sqlite") as project:
        with pytest.raises(InputError, match="robot") as err:
            import_annotated(project, [bad], "jsonl", annotator="amal", workers=workers)
        assert (err.value.path, err.value.line) == (str(bad), 8)
        assert project.count_documents() == 0 and project.annotators() == []
    with (
        Project.create(tmp_path / "skip.sqlite") as skipped,
        Project.create(tmp_path / "good.sqlite") as good,
    ):
        report = import_annotated(
            skipped, [bad], "jsonl", annotator="amal", skip_bad=True, workers=workers
        )
        assert [(n.path, n.line) for n in report.rejected] == [(str(bad), 8), (str(bad), 21)]
        assert "robot" in report.rejected[0].message
        assert "source must start" in report.rejected[1].message
        import_annotated(good, [expected], "jsonl", annotator="amal", workers=workers)
        assert dump(skipped) == dump(good)


def test_a_bad_line_is_skipped_in_worker_processes_too(project, tmp_path):
    path = corpus(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = "{not json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_annotated(project, [path], "jsonl", annotator="amal", workers=2, skip_bad=True)
    assert [(n.line, n.kind) for n in report.reader.skipped] == [(6, "bad_lines")]
    assert report.documents_added == 39


# ---------------------------------------------------------------- the offset map


def test_clean_map_sends_every_kept_code_point_to_its_place():
    pieces = ["", " ", "\u00a0", "\u200b", AD, "[ads]", "قال", "a b", "x"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        text += rng.choice(["", "\n"])
        cleaned, removed, offsets = clean_text_mapped(text)
        assert (cleaned, removed) == clean_text(text)
        mapped = [offsets.offset(position) for position in range(len(text))]
        kept = [position for position in mapped if position is not None]
        assert kept == list(range(len(cleaned)))  # each cleaned code point from one place
        for position, new in enumerate(mapped):
            if new is not None:
                assert cleaned[new] == text[position]
    cleaned, _, offsets = clean_text_mapped(DIRTY)
    army = DIRTY.index("الجيش")
    assert offsets.span(army, army + 5) == (4, 9)
    with pytest.raises(SpanLost, match="in a line that cleaning"):
        offsets.span(0, 6)  # the placeholder line
    with pytest.raises(SpanLost, match="in a line that cleaning"):
        offsets.span(army, len(DIRTY))  # ends in the trailing placeholder


def test_plain_text_is_stored_by_the_same_importer(project, tmp_path):
    """Plain documents go through the store's one importer with no annotator: no statuses,
    one history entry, documents already there listed as duplicates; annotated data of the
    same texts then lands on them."""
    from annotator.importing_plain import import_documents

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("نص آخر", encoding="utf-8")
    report = import_documents(project, [tmp_path / "in"], clean=True)
    assert report.added == 2 and report.removed_totals == {
        "blank_line": 2,
        "placeholder": 2,
        "whitespace_line": 1,
    }
    assert [(h[1], h[2], h[4]) for h in project.history()] == [
        (None, "import documents", {"count": 2})
    ]
    assert project.annotators() == []
    again = import_documents(project, [tmp_path / "in"], clean=True)
    assert again.added == 0
    assert [(d.name, d.existing_name) for d in again.duplicates] == [
        ("a.txt", "a.txt"),
        ("b.txt", "b.txt"),
    ]
    path = write_jsonl(tmp_path / "in.jsonl", [{"text": DIRTY, "spans": spans_in(DIRTY)}])
    annotated = import_annotated(project, [path], "jsonl", annotator="amal", clean=True)
    assert (annotated.documents_added, annotated.documents_matched) == (0, 1)
    assert stored(project)[0][2] == [("ACTOR", "الجيش", 4, 9), ("PLACE", "المدينة", 14, 21)]
