"""`annotator new / import / stats / search / check` through `annotator.cli.main`."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import annotator.importing
from annotator.cli import main
from annotator.store import Project

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project_path(tmp_path, capsys) -> Path:
    path = tmp_path / "corpus.sqlite"
    assert run(capsys, "new", path)[0] == 0
    return path


@pytest.fixture
def seeded(project_path, seeds_dir, capsys) -> Path:
    assert run(capsys, "import", project_path, seeds_dir, "--clean")[0] == 0
    return project_path


def test_new_creates_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "corpus.sqlite"
    code, out, _ = run(capsys, "new", path)
    assert code == 0 and "created" in out
    with Project.open(path) as project:
        assert project.count_documents() == 0
    code, out, err = run(capsys, "new", path)
    assert code == 2
    assert err.startswith("annotator: error: ") and "already exists" in err
    assert "Traceback" not in err


def test_import_with_clean_reports_what_it_removed(project_path, seeds_dir, capsys):
    code, out, err = run(capsys, "import", project_path, seeds_dir, "--clean")
    assert code == 0, err
    assert out.splitlines()[0] == f"imported 5 document(s) into {project_path}"
    assert (
        "cleaning removed: author_bio 2, blank_line 23, click_here 2, comment_form 2, "
        "date_line 1, head_label 3, latin_banner 2, placeholder 2, related_headlines 6, "
        "repeated_title 1, site_label 2, view_counter 3, whitespace_line 2"
    ) in out
    assert "003_e285bc6e3422a1ef.txt: placeholder 2, site_label 1" in out
    code, out, _ = run(capsys, "import", project_path, seeds_dir, "--clean")
    assert "imported 0 document(s)" in out and "5 duplicate(s) skipped" in out
    assert out.count("same text as document") == 5


def test_import_json_report(project_path, seeds_dir, capsys):
    code, out, _ = run(capsys, "import", project_path, seeds_dir, "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 5 and report["removed"] == {}


def test_a_bad_file_fails_the_import_with_a_clear_message(project_path, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("نص عربي سليم تماما", encoding="utf-8")
    (folder / "bad.txt").write_bytes("سطر\n".encode() + b"\x00\x00")
    code, out, err = run(capsys, "import", project_path, folder)
    assert code == 2 and out == ""
    assert "nothing imported" in err
    assert f"{folder / 'bad.txt'}:2: binary file" in err
    assert "Traceback" not in err
    with Project.open(project_path) as project:
        assert project.count_documents() == 0
    code, out, err = run(capsys, "import", project_path, folder, "--skip-bad")
    assert code == 0
    assert "imported 1 document(s)" in out and "1 bad input(s) skipped" in out
    assert f"skipped {folder / 'bad.txt'}:2: binary file" in out


def test_import_size_limit_option(project_path, tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_text("كلمة " * 300_000, encoding="utf-8")  # 3 MB
    code, _, err = run(capsys, "import", project_path, big, "--max-size", "2")
    assert code == 2 and "exceeds the limit of 2,097,152 bytes" in err
    assert run(capsys, "import", project_path, big, "--max-size", "4")[0] == 0
    code, _, err = run(capsys, "import", project_path, big, "--max-size", "0")
    assert code == 2 and "--max-size" in err


def test_import_errors_for_missing_project_and_paths(tmp_path, project_path, capsys):
    code, _, err = run(capsys, "import", tmp_path / "nope.sqlite", tmp_path)
    assert code == 2 and "no such project file" in err and "annotator new" in err
    code, _, err = run(capsys, "import", project_path, tmp_path / "missing-folder")
    assert code == 2 and "missing-folder: no such file or folder" in err


def test_stats(seeded, capsys):
    code, out, _ = run(capsys, "stats", seeded, "--json")
    figures = json.loads(out)
    assert code == 0
    assert figures["documents"] == 5
    assert figures["tokens"] > 2000
    assert figures["annotations"] == 0
    with Project.open(seeded) as project:
        doc = project.document_ids()[0]
        project.add_annotation(doc, "lina", "ACTOR", 0, 8)
        project.add_annotation(doc, "omar", "CLAIM", 0, 8)
        project.set_status(doc, "omar", "done")
    code, out, _ = run(capsys, "stats", seeded, "--json")
    figures = json.loads(out)
    assert figures["annotations_by_label"] == {"ACTOR": 1, "CLAIM": 1}
    assert figures["annotations_by_annotator"] == {"lina": {"ACTOR": 1}, "omar": {"CLAIM": 1}}
    assert figures["status_by_annotator"]["omar"] == {"new": 4, "in progress": 0, "done": 1}
    code, out, _ = run(capsys, "stats", seeded)
    assert "documents:   5" in out and "ACTOR 1, CLAIM 1" in out
    assert "omar: CLAIM 1; documents new 4, in progress 0, done 1" in out


def test_search(seeded, capsys):
    code, out, _ = run(capsys, "search", seeded, "اذربيجان", "--json", "--limit", "0")
    result = json.loads(out)
    assert code == 0
    # 72: cleaning took the seeds' repeated title and a related headline, which hold one each
    assert (len(result["hits"]), result["documents"], result["complete"]) == (72, 5, True)
    hit = result["hits"][0]
    assert set(hit) >= {"document_id", "name", "start", "end", "before", "match", "after"}
    code, out, _ = run(capsys, "search", seeded, "اذربيجان")
    lines = out.splitlines()
    assert lines[-1] == "72 hit(s) in 5 document(s)"
    assert lines[0].startswith("000_d16953ad185bce75.txt:") and "[أذربيجان]" in lines[0]
    code, out, _ = run(capsys, "search", seeded, "اذربيجان", "--limit", "2")
    assert out.splitlines()[-1] == "2 hit(s) (first 2 shown) in 5 document(s)"
    code, out, _ = run(capsys, "search", seeded, "اذربيجان", "--whole-word", "--json")
    assert 0 < len(json.loads(out)["hits"]) < 72
    code, out, _ = run(capsys, "search", seeded, "زززززز")
    assert out.strip() == "0 hit(s) in 0 document(s)"


def test_check_finds_broken_spans(seeded, capsys):
    code, out, _ = run(capsys, "check", seeded)
    assert code == 0 and "ok (documents 5, annotations 0, relations 0 checked)" in out
    with Project.open(seeded) as project:
        doc = project.document_ids()[0]
        ann = project.add_annotation(doc, "lina", "ACTOR", 0, 8)
    conn = sqlite3.connect(seeded)
    conn.execute("UPDATE annotations SET text = 'wrong' WHERE uuid = ?", (ann.uuid,))
    conn.execute("UPDATE documents SET text = text || '!' WHERE id = 2")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "check", seeded)
    assert code == 1
    assert f"annotation {ann.uuid} in document {doc}: span 0-8" in out
    assert "document 2 (" in out and "differs from its stored hash" in out
    assert "2 problem(s) found" in out


def test_check_finds_schema_damage(seeded, capsys):
    conn = sqlite3.connect(seeded)
    conn.execute("DROP INDEX relations_tail")
    conn.execute("ALTER TABLE documents ADD COLUMN extra TEXT")
    conn.execute("CREATE TABLE stray (x INTEGER)")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "check", seeded)
    assert code == 1
    assert "schema: table stray is not part of the schema" in out
    assert "schema: table documents: column extra is not part of the schema" in out
    assert "schema: table relations: index on (tail) is missing" in out
    assert "3 problem(s) found" in out


def test_check_on_a_file_that_is_not_a_project(tmp_path, capsys):
    """A foreign file is a problem found (status 1, reported on stdout); a missing one is a
    usage error (status 2)."""
    text, empty, other = tmp_path / "x.sqlite", tmp_path / "empty.sqlite", tmp_path / "o.sqlite"
    text.write_text("hello, not a database at all", encoding="utf-8")
    empty.write_bytes(b"")
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    for path, words in [
        (text, "not a project file (not an SQLite database"),
        (empty, "not a project file (not an SQLite database: empty file)"),
        (other, "an SQLite database, but not an annotator project"),
    ]:
        code, out, err = run(capsys, "check", path)
        assert code == 1 and err == ""
        first, last = out.splitlines()
        assert first.startswith(f"{path}: {words}") and last == "1 problem(s) found"
    code, _, err = run(capsys, "check", tmp_path / "missing.sqlite")
    assert code == 2 and "no such project file" in err


def test_import_with_format_runs_import_annotated(project_path, tmp_path, capsys, monkeypatch):
    code, _, err = run(capsys, "import", project_path, tmp_path, "--format", "conll")
    assert code == 2 and "needs --annotator" in err
    calls = []

    def fake(project, paths, fmt, *, annotator, done, skip_bad, clean, max_bytes, **options):
        calls.append((project.path, paths, fmt, annotator, done, skip_bad, clean, max_bytes))
        options_seen.append(options)
        return "3 documents"

    options_seen: list[dict] = []

    monkeypatch.setattr(annotator.importing, "import_annotated", fake)
    code, out, _ = run(
        capsys,
        "import",
        project_path,
        tmp_path,
        "--format",
        "brat",
        "--annotator",
        "lina",
        "--done",
    )
    assert code == 0 and out.strip() == "3 documents"
    assert calls == [(project_path, [tmp_path], "brat", "lina", True, False, False, 10 * 2**20)]
    # --clean and --max-size reach the annotated import too
    run(capsys, "import", project_path, tmp_path, "--format", "brat", "--annotator", "lina")
    run(
        capsys,
        *("import", project_path, tmp_path, "--format", "jsonl", "--annotator", "lina"),
        *("--clean", "--max-size", "0.5", "--skip-bad"),
    )
    assert calls[-1] == (project_path, [tmp_path], "jsonl", "lina", False, True, True, 2**19)
    assert options_seen[-1]["strip_marks"] is False
    brat = ("--format", "brat", "--annotator", "lina")
    run(capsys, "import", project_path, tmp_path, *brat, "--strip-marks")
    assert options_seen[-1]["strip_marks"] is True
    code, _, err = run(capsys, "import", project_path, tmp_path, "--annotator", "lina")
    assert code == 2 and "need --format" in err


@pytest.mark.parametrize("command", ["new", "import", "stats", "search", "demo", "check"])
def test_every_command_has_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert caught.value.code == 0
    assert f"annotator {command}" in out and "examples:" in out


def test_python_dash_m_annotator_help():
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for command in ("new", "import", "stats", "search", "demo", "check"):
        assert command in done.stdout


def test_search_first_page_says_what_was_not_read(seeded, capsys):
    code, out, _ = run(capsys, "search", seeded, "وزارة الدفاع", "--json", "--limit", "0")
    full = json.loads(out)
    code, out, _ = run(capsys, "search", seeded, "وزارة الدفاع", "--limit", "1", "--first-page")
    assert code == 0
    last = out.splitlines()[-1]
    assert last.startswith("1 hit(s) (first 1 shown) in 1 document(s); ")
    assert last.endswith("more may match")
    unchecked = int(last.split("; ")[1].split()[0].replace(",", ""))
    assert unchecked >= full["documents"] - 1
