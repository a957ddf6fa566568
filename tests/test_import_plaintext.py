"""Importing plain documents: encodings, line breaks, bad input, JSONL, batches, duplicates."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.formats.plaintext import (
    cp1256_problem,
    decode_bytes,
    read_documents,
)
from annotator.importing_plain import import_documents
from annotator.model import BatchError, InputError
from annotator.store import Project
from annotator.store.search import index_terms
from annotator.text import normalize

ARABIC = (
    "قالت وزارة الدفاع الأذربيجانية إنها بدأت عمليات “لمكافحة الإرهاب” في منطقة ناجورنو "
    "كاراباخ.\nوتصاعدت التوترات منذ أشهر حول الجيب الأرميني المعترف به دوليا كجزء من "
    "أذربيجان.\nتم الإبلاغ عن مقتل 11 من رجال الشرطة والمدنيين الأذربيجانيين في انفجار لغم."
)


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


def stored_texts(project: Project) -> dict[str, str]:
    return {doc.name: doc.text for doc in project.iter_documents()}


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encode", "text"),
    [
        (lambda t: t.encode("utf-8"), "😀 " + ARABIC),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "😀 " + ARABIC),
        (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "😀 " + ARABIC),
        (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "😀 " + ARABIC),
        (lambda t: t.encode("cp1256"), ARABIC),  # no emoji in Windows-1256
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "windows-1256"],
)
def test_each_encoding_is_detected(project, tmp_path, encode, text):
    write(tmp_path / "in", "a.txt", encode(text))
    report = import_documents(project, [tmp_path / "in"])
    assert report.added == 1
    assert stored_texts(project) == {"a.txt": text}


def test_windows_1256_of_every_seed_is_read_back(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        encodable = text.encode("cp1256", errors="ignore").decode("cp1256")  # no ٠-٩ in 1256
        assert decode_bytes(encodable.encode("cp1256"), path.name) == encodable


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (("Le ministère a déclaré que l'opération était terminée.\n" * 30).encode("latin-1"), 1),
        (("Die Mädchen würden schön über die Brücke gehen.\n" * 30).encode("latin-1"), 1),
        (("Министерство обороны заявило о начале операции.\n" * 30).encode("cp1251"), 1),
        (("Министерство обороны заявило о начале операции.\n" * 30).encode("koi8_r"), 1),
        (("阿塞拜疆国防部表示已开始反恐行动。\n" * 30).encode("gbk"), 1),
        (("アゼルバイジャン国防省は作戦開始を発表した。\n" * 30).encode("shift_jis"), 1),
        (("Το υπουργείο Άμυνας ανακοίνωσε την επιχείρηση.\n" * 30).encode("cp1253"), 1),
        (("משרד ההגנה הודיע על תחילת מבצע.\n" * 30).encode("cp1255"), 1),
        ((ARABIC * 3).replace("“", "").replace("”", "").encode("iso8859_6"), 1),
        (b"plain ASCII line\nsecond line\nthird \xe9t\xe9 line\n", 3),
    ],
    ids=[
        "french",
        "german",
        "russian-1251",
        "russian-koi8",
        "chinese",
        "japanese",
        "greek",
        "hebrew",
        "arabic-iso8859-6",
        "ascii-with-latin1",
    ],
)
def test_text_in_other_encodings_is_not_taken_for_windows_1256(data, line):
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "x.txt")
    assert caught.value.path == "x.txt"
    assert caught.value.line == line  # the line of the first byte that is not UTF-8
    assert "not UTF-8" in caught.value.message


def test_random_bytes_are_not_text():
    rng = random.Random(7)
    printable = list(range(0x20, 0x7F)) + list(range(0xA0, 0x100)) + [0x0A] * 5
    data = bytes(rng.choice(printable) for _ in range(5000))
    assert cp1256_problem(data.decode("cp1256")) is not None
    # even bytes that all decode to Arabic letters: letter statistics unlike Arabic
    arabic_bytes = [b for b in range(0xC1, 0x100) if "ء" <= bytes([b]).decode("cp1256") <= "ي"]
    shuffled = bytes(rng.choice(arabic_bytes + [0x20] * 6) for _ in range(5000))
    assert cp1256_problem(shuffled.decode("cp1256")) is not None


def test_crlf_and_lone_cr_become_lf(project, tmp_path):
    write(tmp_path, "crlf.txt", "سطر أول\r\nسطر ثان\r\n".encode())
    write(tmp_path, "cr.txt", b"\xff\xfe" + "سطر أول\rسطر ثالث\r".encode("utf-16-le"))
    import_documents(project, [tmp_path / "crlf.txt", tmp_path / "cr.txt"])
    assert stored_texts(project) == {
        "crlf.txt": "سطر أول\nسطر ثان\n",
        "cr.txt": "سطر أول\nسطر ثالث\n",
    }


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        ("سطر\nسطر\n".encode() + b"\x00\x01\x02binary", 3, "NUL"),
        ("نص عربي".encode("utf-16-le"), 1, "NUL"),  # UTF-16 without its BOM
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), 3, "NUL"),
        ("سطر أول\nهنا \x07 جرس".encode(), 2, "control character U+0007"),
        (b"\xff\xfe" + "نص".encode("utf-16-le") + b"\x00\xd8", 1, "UTF-16"),
    ],
    ids=["nul", "utf-16-without-bom", "png", "control", "bad-utf-16"],
)
def test_binary_files_are_rejected_naming_file_and_line(project, tmp_path, data, line, reason):
    bad = write(tmp_path, "bad.txt", data)
    write(tmp_path, "good.txt", ARABIC.encode())
    with pytest.raises(BatchError) as caught:
        import_documents(project, [tmp_path])
    [error] = caught.value.errors
    assert (error.path, error.line) == (str(bad), line)
    assert reason in error.message
    assert f"{bad}:{line}:" in str(caught.value)
    assert project.count_documents() == 0


def test_empty_files_are_rejected(project, tmp_path):
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.txt", " \n\xa0\n".encode())
    with pytest.raises(BatchError) as caught:
        import_documents(project, [tmp_path])
    assert sorted(Path(e.path).name for e in caught.value.errors) == ["blank.txt", "empty.txt"]
    assert all("empty document" in e.message for e in caught.value.errors)


# ---------------------------------------------------------------- batches


def test_a_bad_file_imports_nothing_and_every_bad_file_is_named(project, tmp_path):
    for i in range(3):
        write(tmp_path / "in", f"good{i}.txt", f"{ARABIC}\nرقم {i}".encode())
    first = write(tmp_path / "in", "sub/bad1.txt", b"abc\x00")
    second = write(tmp_path / "in", "zz.jsonl", b'{"text": "\xd9\x86\xd8\xb5"}\n{"txt": 1}\n')
    with pytest.raises(BatchError) as caught:
        import_documents(project, [tmp_path / "in"])
    assert [(e.path, e.line) for e in caught.value.errors] == [(str(first), 1), (str(second), 2)]
    assert "nothing imported" in str(caught.value)
    assert project.count_documents() == 0
    assert project.history() == []


def test_skip_bad_imports_the_good_files_and_reports_the_bad(project, tmp_path):
    for i in range(3):
        write(tmp_path / "in", f"good{i}.txt", f"{ARABIC}\nرقم {i}".encode())
    bad = write(tmp_path / "in", "bad.txt", b"abc\x00")
    report = import_documents(project, [tmp_path / "in", tmp_path / "missing"], skip_bad=True)
    assert report.added == 3
    assert sorted(stored_texts(project)) == ["good0.txt", "good1.txt", "good2.txt"]
    assert [(e.path, e.line) for e in report.bad] == [
        (str(tmp_path / "missing"), None),
        (str(bad), 1),
    ]


def test_duplicates_in_the_batch_and_in_the_project_are_skipped(project, tmp_path):
    write(tmp_path / "a", "one.txt", ARABIC.encode())
    write(tmp_path / "a", "two.txt", ARABIC.encode("utf-16"))  # same text, other bytes
    write(tmp_path / "a", "three.txt", (ARABIC + "\nإضافة").encode())
    report = import_documents(project, [tmp_path / "a"])
    assert report.added == 2
    [dup] = report.duplicates
    assert (dup.name, dup.existing_name) == ("two.txt", "one.txt")
    assert dup.source == str(tmp_path / "a" / "two.txt")
    again = import_documents(project, [tmp_path / "a"])
    assert again.added == 0 and len(again.duplicates) == 3
    assert project.count_documents() == 2


def test_size_limit(project, tmp_path):
    write(tmp_path, "small.txt", ARABIC.encode())
    big = write(tmp_path, "big.txt", ("ب" * 2000).encode())  # 4,000 bytes of UTF-8
    with pytest.raises(BatchError, match="exceeds the limit of 3,000 bytes") as caught:
        import_documents(project, [tmp_path], max_bytes=3000)
    assert caught.value.errors[0].path == str(big)
    report = import_documents(project, [tmp_path], max_bytes=3000, skip_bad=True)
    assert report.added == 1 and len(report.bad) == 1
    # the limit counts the UTF-8 text, not the bytes of the file
    legacy = ARABIC.encode("cp1256")
    size = len(ARABIC.encode("utf-8"))
    assert size > len(legacy) + 10
    write(tmp_path / "w", "legacy.txt", legacy)
    with pytest.raises(
        BatchError, match=f"{size:,} bytes exceeds the limit of {len(legacy) + 10:,}"
    ):
        import_documents(project, [tmp_path / "w"], max_bytes=len(legacy) + 10)


def test_folders_are_read_recursively_and_names_are_relative(project, tmp_path):
    root = tmp_path / "corpus"
    write(root, "a.txt", "نص أ".encode())
    write(root, "x/b.txt", "نص ب".encode())
    write(root, "x/y/c.TXT", "نص ج".encode())
    write(root, "x/notes.md", b"# not an article")
    write(root, ".hidden/d.txt", "نص د".encode())
    explicit = write(tmp_path, "e.text", "نص هـ".encode())
    report = import_documents(project, [root, explicit])
    assert report.added == 4
    assert sorted(stored_texts(project)) == ["a.txt", "e.text", "x/b.txt", "x/y/c.TXT"]
    sources = {doc.name: doc.source for doc in project.iter_documents()}
    assert sources["x/b.txt"] == str(root / "x" / "b.txt")


def test_titles_are_the_first_meaningful_line(project, tmp_path):
    write(tmp_path, "a.txt", "in\n\nوكالات..\n\nعنوان المقال الحقيقي هنا\n\nنص المقال.".encode())
    write(
        tmp_path, "b.txt", "Lebanon News I ليبانون تابلويد\nمساعي لتطويق المواجهة العسكرية".encode()
    )
    import_documents(project, [tmp_path])
    titles = {doc.name: doc.title for doc in project.iter_documents()}
    assert titles == {
        "a.txt": "عنوان المقال الحقيقي هنا",
        "b.txt": "مساعي لتطويق المواجهة العسكرية",
    }


def test_the_worker_process_gives_the_same_result(tmp_path, seeds_dir):
    for i in range(5):
        write(tmp_path / "in", f"{i}.txt", f"{ARABIC}\nنسخة {i}".encode())
    write(tmp_path / "in", "dup.txt", f"{ARABIC}\nنسخة 0".encode())
    results = []
    for workers in (0, 1):
        with Project.create(tmp_path / f"p{workers}.sqlite") as project:
            report = import_documents(
                project, [tmp_path / "in", seeds_dir], clean=True, workers=workers
            )
            texts = stored_texts(project)
            terms = {t for (t,) in project.conn.execute("SELECT term FROM terms")}
            # every term of every document is indexed, though each is sent only once
            assert terms == set().union(*(index_terms(normalize(t)) for t in texts.values()))
            hits = project.search("اذربيجان", limit=None)
            assert len(hits.hits) == sum(normalize(t).count("اذربيجان") for t in texts.values())
            results.append((texts, report.to_json(), terms, hits.hits))
    assert results[0] == results[1]
    assert len(results[0][0]) == 10 and len(results[0][1]["duplicates"]) == 1


# ---------------------------------------------------------------- JSONL


def test_jsonl_documents(project, tmp_path):
    lines = [
        json.dumps({"text": ARABIC, "id": "n-1", "meta": {"title": "عنوان", "url": "u"}}),
        "",
        json.dumps({"text": "سطر\r\nثان", "id": 7}, ensure_ascii=False),
        json.dumps({"text": "بلا معرف ولا عنوان هنا"}, ensure_ascii=False),
    ]
    path = write(tmp_path, "news.jsonl", "\n".join(lines).encode())
    report = import_documents(project, [path])
    assert report.added == 3
    docs = {doc.name: doc for doc in project.iter_documents()}
    assert set(docs) == {"n-1", "7", "news.jsonl:4"}
    assert docs["n-1"].title == "عنوان" and docs["n-1"].meta["url"] == "u"
    assert docs["7"].text == "سطر\nثان"
    assert docs["news.jsonl:4"].title == "بلا معرف ولا عنوان هنا"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "نص", ', "invalid JSON"),
        ('["text"]', "expected an object"),
        ('{"id": 3}', 'no "text"'),
        ('{"text": 5}', 'no "text"'),
        ('{"text": "نص", "meta": []}', '"meta" must be an object'),
        ('{"text": "نص", "id": true}', '"id" must be'),
        ('{"text": ""}', "empty document"),
        ('{"text": "\\u0000"}', "control character"),
        ('{"text": "نص \\ud800"}', "text holds a lone surrogate"),
        ('{"text": "نص", "meta": {"a": ["\\udfff"]}}', "meta.a[0] holds a lone surrogate"),
    ],
)
def test_a_bad_jsonl_line_is_named(project, tmp_path, line, reason):
    good = json.dumps({"text": ARABIC})
    lines = [good, json.dumps({"text": "ثاني"}), line, good]
    path = write(tmp_path, "in.jsonl", "\n".join(lines).encode())
    with pytest.raises(BatchError) as caught:
        import_documents(project, [path])
    [error] = caught.value.errors
    assert (error.path, error.line) == (str(path), 3)
    assert reason in error.message
    assert project.count_documents() == 0


def test_jsonl_encodings(project, tmp_path):
    line = json.dumps({"text": ARABIC, "id": "x"}, ensure_ascii=False) + "\n"
    write(tmp_path / "a", "u16.jsonl", b"\xff\xfe" + line.encode("utf-16-le"))
    write(tmp_path / "b", "bom.jsonl", b"\xef\xbb\xbf" + line.replace('"x"', '"y"').encode())
    import_documents(project, [tmp_path / "a", tmp_path / "b"])
    assert project.count_documents() == 1  # same text twice
    bad = write(tmp_path / "c", "legacy.jsonl", ('{"text": "' + ARABIC + '"}\n').encode("cp1256"))
    with pytest.raises(BatchError, match=r"legacy\.jsonl:1: not UTF-8"):
        import_documents(project, [bad])


def test_read_documents_streams_records(tmp_path):
    write(tmp_path, "a.txt", "[ad_1]\nنص المقال الأول هنا\n".encode())
    [record] = list(read_documents([tmp_path], clean=True))
    assert (record.name, record.text, record.meta["title"]) == (
        "a.txt",
        "نص المقال الأول هنا\n",
        "نص المقال الأول هنا",
    )
    write(tmp_path, "b.txt", b"\x00")
    with pytest.raises(InputError, match="b.txt:1"):
        list(read_documents([tmp_path]))


def test_reading_tasks_travel_pickled_to_a_worker(tmp_path):
    """`read_tasks`' typed tasks (files, JSONL lines, an input found bad while cutting them)
    carry their reading options to a worker process: pickled, each reads as it reads here."""
    import pickle

    from annotator.formats.plaintext import (
        BadInput,
        FilesTask,
        JsonlTask,
        ReadOptions,
        collect_sources,
        read_task,
        read_tasks,
    )

    write(tmp_path, "a.txt", f"[ad_1]\n{ARABIC}\n".encode())
    long_line = json.dumps({"text": "x" * 8000})
    lines = [json.dumps({"text": ARABIC, "id": 1}), "not json", long_line, "[1]"]
    write(tmp_path, "b.jsonl", "\n".join(lines).encode())
    write(tmp_path, "c.txt", "\u200fنص قصير هنا".encode())
    sources, missing = collect_sources([tmp_path])
    assert not missing
    options = ReadOptions(clean=True, max_bytes=2000, strip_marks=True)
    tasks = list(read_tasks(sources, options))
    assert [type(task) for task in tasks] == [FilesTask, BadInput, JsonlTask, FilesTask]
    assert tasks[1] == BadInput(
        str(tmp_path / "b.jsonl"), 3, "line of 8,013 bytes exceeds the document limit"
    )
    assert all(task.options == options for task in tasks if not isinstance(task, BadInput))
    for task in tasks:
        travelled = pickle.loads(pickle.dumps(task))
        assert travelled == task and type(travelled) is type(task)
        assert read_task(travelled) == read_task(task)
    reads = [read for task in tasks for read in read_task(task)]
    assert [type(read).__name__ for read in reads] == [
        "ReadDocument",
        "BadInput",
        "ReadDocument",
        "BadInput",
        "BadInput",
        "ReadDocument",
    ]
    assert reads[0].removed == {"placeholder": 1} and reads[-1].record.text == "نص قصير هنا"
