"""Every annotated import: encodings, empty inputs, ignored files, several bad files at once,
odd labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import UsageError
from annotator.formats import ImportReport, conll
from annotator.formats._common import iter_lines, read_text
from annotator.importing import import_annotated
from annotator.model import BatchError, InputError
from annotator.rules import label_oddity
from annotator.store import Project

ANERCORP = "arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt"
CONLL = "قال O\nوزير B-ACTOR\nالدفاع I-ACTOR\n\n"


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


def nothing_registered(project: Project, labels_before: list[str]) -> bool:
    return (
        project.count_documents() == 0
        and project.annotators() == []
        and [label.name for label in project.labels()] == labels_before
    )


def label_names(project: Project) -> list[str]:
    return [label.name for label in project.labels()]


def write_rows(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------------------- encodings


def test_iter_lines_decodes_any_encoding_split_on_newline_only(tmp_path):
    path = tmp_path / "a.txt"
    text = "\ufeffقال\r\nأحمد\u2028ثم\rقال\n٣\n"
    for encoding in ("utf-8", "utf-16", "utf-16-le", "utf-8-sig", "cp1256"):
        expected = [(1, "قال"), (2, "أحمد\u2028ثم\rقال"), (3, "٣")]
        if encoding == "cp1256":  # no BOM, U+2028 or Arabic-Indic digits in Windows-1256
            text = text[1:].replace("\u2028", "،").replace("٣", "3")
            expected = [(1, "قال"), (2, "أحمد،ثم\rقال"), (3, "3")]
        path.write_bytes(text.encode(encoding))
        assert list(iter_lines(path, encoding=encoding)) == expected, encoding


def test_iter_lines_names_the_line_it_cannot_decode(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("قال\nأحمد\n".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le"))
    with pytest.raises(InputError) as caught:
        list(iter_lines(path, encoding="utf-16-le"))
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert caught.value.message == "not valid utf-16-le"
    path.write_bytes(b"abc\ndef\n\x81x\n")
    with pytest.raises(InputError) as caught:
        list(iter_lines(path, encoding="windows-1253"))
    assert (caught.value.line, caught.value.message) == (3, "not valid cp1253")
    with pytest.raises(InputError) as caught:
        read_text(path, encoding="cp1253")
    assert caught.value.line == 3
    with pytest.raises(UsageError, match="unknown encoding 'klingon'"):
        list(iter_lines(path, encoding="klingon"))


def test_windows_1256_conll_import(project, tmp_path, capsys):
    path = tmp_path / "a.conll"
    path.write_bytes(CONLL.encode("cp1256"))
    with pytest.raises(InputError) as caught:
        import_annotated(project, [path], "conll", annotator="a")
    assert (caught.value.path, caught.value.line) == (str(path), 1)
    assert "not valid UTF-8" in caught.value.message
    report = import_annotated(project, [path], "conll", annotator="a", encoding="windows-1256")
    assert report.documents_added == 1
    [doc_id] = project.document_ids()
    assert [(a.text, a.label) for a in project.annotations(doc_id, "a")] == [
        ("وزير الدفاع", "ACTOR")
    ]


def test_utf16_jsonl_import_through_the_cli(tmp_path, capsys):
    project_path = tmp_path / "p.sqlite"
    assert main(["new", str(project_path)]) == 0
    row = {"text": "قال الوزير", "spans": [{"start": 4, "end": 10, "label": "ACTOR"}]}
    path = write_rows(tmp_path / "a.jsonl", [row, row | {"text": "قال الوزير٢"}], "utf-16")
    argv = ["import", str(project_path), str(path), "--format", "jsonl", "--annotator", "a"]
    capsys.readouterr()
    assert main(argv) == 2
    assert f"{path}:1: not valid UTF-8" in capsys.readouterr().err
    assert main([*argv, "--encoding", "utf-16"]) == 0
    assert "imported 2 document(s)" in capsys.readouterr().out
    assert main([*argv, "--encoding", "klingon"]) == 2
    assert "unknown encoding 'klingon'" in capsys.readouterr().err
    assert main(argv[:3] + ["--encoding", "cp1256"]) == 2  # plain import detects it itself
    assert "--encoding and --as-suggestions need --format" in capsys.readouterr().err


def test_a_large_jsonl_in_another_encoding_is_read_in_this_process(project, tmp_path):
    rows = [{"text": f"قال الوزير {n}", "spans": []} for n in range(50)]
    path = write_rows(tmp_path / "a.jsonl", rows, "cp1256")
    report = import_annotated(project, [path], "jsonl", annotator="a", workers=2, encoding="cp1256")
    assert report.documents_added == 50
    assert project.document_text(project.document_ids()[0]) == "قال الوزير 0"


# ---------------------------------------------------------------------------- empty inputs


@pytest.mark.parametrize(
    ("fmt", "content"),
    [
        ("conll", ""),
        ("conll", "\n\n# a comment\n\n"),
        ("jsonl", "\n  \n"),
        ("doccano", ""),
    ],
)
def test_an_empty_file_is_an_error_and_registers_nothing(project, tmp_path, fmt, content):
    labels = label_names(project)
    good = tmp_path / "good.conll"
    good.write_text(CONLL, encoding="utf-8")
    empty = tmp_path / f"empty.{fmt}"
    empty.write_text(content, encoding="utf-8")
    sources = [good, empty] if fmt == "conll" else [empty]
    with pytest.raises(InputError) as caught:
        import_annotated(project, sources, fmt, annotator="a")
    assert (caught.value.path, caught.value.line) == (str(empty), None)
    assert caught.value.message == "holds no documents (an empty input)"
    assert nothing_registered(project, labels)
    report = import_annotated(project, sources, fmt, annotator="a", skip_bad=True)
    assert [(n.path, n.kind) for n in report.reader.skipped] == [(str(empty), "empty_inputs")]
    assert report.documents_added == len(sources) - 1
    if sources == [empty]:  # nothing read at all: not even the annotator is registered
        assert nothing_registered(project, labels)
        assert "empty_inputs 1" in report.summary()


def test_an_empty_folder_is_an_error_naming_it(project, tmp_path):
    labels = label_names(project)
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.md").write_text("x", encoding="utf-8")
    for fmt, wanted in (("brat", ".ann"), ("conll", ".conll")):
        with pytest.raises(BatchError) as caught:
            import_annotated(project, [folder], fmt, annotator="a")
        [error] = caught.value.errors
        assert error.path == str(folder) and error.message.startswith(f"folder holds no {wanted}")
        assert nothing_registered(project, labels)


# ---------------------------------------------------------------------------- ignored files


def test_a_folder_lists_the_files_it_ignored(project, tmp_path, capsys):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.conll").write_text(CONLL, encoding="utf-8")
    (folder / "sub" / "b.iob").write_text(CONLL.replace("قال", "وقال"), encoding="utf-8")
    (folder / "README.md").write_text("about", encoding="utf-8")
    (folder / "sub" / "labels.json").write_text("{}", encoding="utf-8")
    (folder / ".hidden.md").write_text("x", encoding="utf-8")
    report = import_annotated(project, [folder], "conll", annotator="a")
    assert report.documents_added == 2
    assert report.ignored == [str(folder / "README.md"), str(folder / "sub" / "labels.json")]
    assert report.to_json()["ignored"] == report.ignored
    summary = report.summary()
    assert "ignored 2 file(s) of the folder(s), not .conll" in summary
    assert f"  ignored {folder / 'README.md'}" in summary


def test_a_brat_folder_ignores_what_is_not_an_ann_and_its_text(project, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d.txt").write_text("قال أحمد", encoding="utf-8")
    (folder / "d.ann").write_text("T1\tACTOR 4 8\tأحمد\n", encoding="utf-8")
    (folder / "orphan.txt").write_text("نص بلا تعليقات", encoding="utf-8")
    (folder / "annotation.conf").write_text("[entities]\nACTOR\n", encoding="utf-8")
    report = import_annotated(project, [folder], "brat", annotator="a")
    assert report.documents_added == 1
    assert report.ignored == [str(folder / "annotation.conf"), str(folder / "orphan.txt")]


# ---------------------------------------------------------------------------- several bad files


def test_several_bad_files_are_all_listed_and_nothing_registered(project, tmp_path):
    labels = label_names(project)
    good = tmp_path / "1-good.conll"
    good.write_text(CONLL, encoding="utf-8")
    bad_tag = tmp_path / "2-bad.conll"
    bad_tag.write_text("قال O\nالجيش B-NEW\nإن OO\nثم O\nقال OO\n", encoding="utf-8")
    empty = tmp_path / "3-empty.conll"
    empty.write_text("", encoding="utf-8")
    undecodable = tmp_path / "4-cp1256.conll"
    undecodable.write_bytes(("قال O\n" * 3).encode("utf-8") + "ب O\n".encode("cp1256"))
    good_too = tmp_path / "5-good.conll"
    good_too.write_text(CONLL.replace("قال", "وقال"), encoding="utf-8")
    sources = [good, bad_tag, empty, undecodable, good_too]
    with pytest.raises(BatchError) as caught:
        import_annotated(project, sources, "conll", annotator="a")
    assert [(Path(e.path).name, e.line) for e in caught.value.errors] == [
        ("2-bad.conll", 3),  # the first problem of each file only
        ("3-empty.conll", None),
        ("4-cp1256.conll", 4),
    ]
    assert "3 bad input(s), nothing imported" in str(caught.value)
    assert nothing_registered(project, labels)  # not even the label NEW of the bad file


def test_a_missing_input_lists_the_other_bad_files_too(project, tmp_path):
    labels = label_names(project)
    bad = write_rows(tmp_path / "bad.jsonl", [{"text": "x", "spans": [{"start": 0}]}])
    with pytest.raises(BatchError) as caught:
        import_annotated(project, [tmp_path / "missing.jsonl", bad], "jsonl", annotator="a")
    assert [(Path(e.path).name, e.line) for e in caught.value.errors] == [
        ("missing.jsonl", None),
        ("bad.jsonl", 1),
    ]
    assert nothing_registered(project, labels)


def test_with_skip_bad_a_file_that_cannot_be_read_on_is_listed(project, tmp_path):
    path = tmp_path / "a.conll"
    text = f"# doc_id = 1\n{CONLL}# doc_id = 2\n"
    path.write_bytes(text.encode("utf-8") + "قال O\n".encode("cp1256"))
    report = import_annotated(project, [path], "conll", annotator="a", skip_bad=True)
    assert report.documents_added == 1  # the document before the undecodable line
    [notice] = report.reader.skipped
    assert (notice.line, notice.kind) == (7, "bad_inputs")
    assert notice.message == "not valid UTF-8 (byte 1 of the line); the rest of the input skipped"


# ---------------------------------------------------------------------------- odd labels


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("MIS1`", "holds U+0060 GRAVE ACCENT"),
        (" ACTOR", "has leading or trailing whitespace"),
        ("ACTOR\u00a0", "has leading or trailing whitespace"),
        ("A  B", "has a run of spaces"),
        ("OR\tG", "holds U+0009 control character"),
        ("ORG\u200f", "holds U+200F RIGHT-TO-LEFT MARK"),
        ("B'\"", "holds U+0027 APOSTROPHE, U+0022 QUOTATION MARK"),
        ("", "is empty"),
    ],
)
def test_label_oddity(name, problem):
    assert label_oddity(name) == problem


@pytest.mark.parametrize(
    "name", ["ACTOR", "Merge-org", "B LOC", "شخص_مهم", "org.dkpro:Type/x+y", "LOC2", "ÉTAT"]
)
def test_plain_labels(name):
    assert label_oddity(name) is None


def test_an_odd_label_is_a_warning_naming_file_and_line(project, tmp_path):
    path = tmp_path / "a.conll"
    sentence = "قال O\nوزير B-MIS1`\nالدفاع I-MIS1`\n\n"
    path.write_text(
        f"# doc_id = 1\n{sentence}# doc_id = 2\n{sentence.replace('قال', 'وقال')}",
        encoding="utf-8",
    )
    report = import_annotated(project, [path], "conll", annotator="a")
    assert report.spans_added == 2  # kept as it is
    [warning] = report.reader.warnings
    assert (warning.path, warning.line, warning.kind) == (str(path), 1, "odd_labels")
    assert warning.message == "label 'MIS1`' holds U+0060 GRAVE ACCENT"
    assert "warning " + str(warning) in report.summary()


def test_odd_labels_and_relation_types_in_jsonl_read_by_workers(tmp_path, monkeypatch):
    import annotator.importing as importing

    monkeypatch.setattr(importing, "_BYTES_PER_TASK", 2000)
    spans = [
        {"id": "s1", "start": 0, "end": 3, "label": "ACTOR "},
        {"id": "s2", "start": 4, "end": 9, "label": "CLAIM"},
    ]
    relation = {"head": "s2", "tail": "s1", "label": "`source"}
    rows = [{"text": f"قال الوزير {n}", "spans": spans, "relations": [relation]} for n in range(60)]
    path = write_rows(tmp_path / "a.jsonl", rows)
    for workers in (2, 0):
        with Project.create(tmp_path / f"p{workers}.sqlite") as project:
            report = import_annotated(project, [path], "jsonl", annotator="a", workers=workers)
        assert report.documents_added == 60
        assert [(n.line, n.message) for n in report.reader.warnings] == [
            (1, "label 'ACTOR ' has leading or trailing whitespace"),
            (1, "relation type '`source' holds U+0060 GRAVE ACCENT"),
        ]
        assert report.reader.counts["odd_labels"] == 2


def test_conll_reader_alone_does_not_warn(tmp_path):
    report = ImportReport()
    list(conll.read(["قال B-MIS1`"], report=report))
    assert report.warnings == []  # the warning is the import's, made once for every format
