"""`--clean` on the real scraped seeds: what goes, what stays byte for byte, the titles (the
rules line by line: tests/test_cleaning.py)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.cli import main
from annotator.formats.cleaning import arclean
from annotator.formats.plaintext import clean_text, cleaning_preview, guess_title
from annotator.importing_plain import import_documents
from annotator.store import Project


def lines_kept(original: str, cleaned: str) -> None:
    """Every line of `cleaned` is a line of `original`, in order, byte for byte (an empty
    line may stand for a whitespace-only one that separated paragraphs)."""
    if not cleaned:
        return
    remaining = iter(original.split("\n"))
    for line in cleaned.split("\n"):
        assert any(
            line == candidate or (line == "" and not candidate.strip()) for candidate in remaining
        ), line


@pytest.fixture
def seeds(seeds_dir) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture
def imported(tmp_path, seeds_dir):
    with Project.create(tmp_path / "p.sqlite") as project:
        report = import_documents(project, [seeds_dir], clean=True)
        docs = {doc.name: doc for doc in project.iter_documents()}
    return report, docs


def test_placeholder_lines_go(imported, seeds):
    report, docs = imported
    name = "003_e285bc6e3422a1ef.txt"
    assert seeds[name].startswith("[ad_1]\n") and "\n[ad_2]\n" in seeds[name]
    assert "[ad_" not in docs[name].text
    without_ads = seeds[name].replace("[ad_1]\n", "").replace("[ad_2]\n", "")
    assert docs[name].text == without_ads.removesuffix("\nالمصدر")  # a lone label, last
    [counts] = [c for path, c in report.removed.items() if path.endswith(name)]
    assert counts == {"placeholder": 2, "site_label": 1}


def test_nbsp_only_lines_and_repeated_blank_lines_go(imported, seeds):
    report, docs = imported
    for name, original in seeds.items():
        text = docs[name].text
        lines = text.split("\n")
        assert all(line == "" or line.strip() for line in lines), name  # no NBSP-only line
        assert "\n\n\n" not in text and not text.startswith("\n"), name
        lines_kept(original, text)
        removed = original.count("\n") - text.count("\n")
        [counts] = [c for path, c in report.removed.items() if path.endswith(name)] or [{}]
        assert removed == sum(counts.values()), name  # each removed line is counted once
    totals = report.removed_totals
    assert totals == {
        "author_bio": 2,
        "blank_line": 23,
        "click_here": 2,
        "comment_form": 2,
        "date_line": 1,
        "head_label": 3,
        "latin_banner": 2,
        "placeholder": 2,
        "related_headlines": 6,
        "repeated_title": 1,
        "site_label": 2,
        "view_counter": 3,
        "whitespace_line": 2,
    }
    assert report.to_json()["removed_totals"] == totals


def test_the_articles_words_are_untouched(imported, seeds):
    _, docs = imported
    for name, original in seeds.items():
        assert docs[name].text == clean_text(original)[0]
        gone = {removed.line for removed in cleaning_preview(original)}
        content = [
            line
            for number, line in enumerate(original.split("\n"), 1)
            if line.strip() and number not in gone
        ]
        assert [line for line in docs[name].text.split("\n") if line] == content
    lebanon = docs["004_6b939b76667bada4.txt"].text
    assert "١٤ سبتمبر ٢٠٢٢" not in lebanon and "مشاهدة" not in lebanon  # date line, counters
    assert "\xa0دعت كل من روسيا" in lebanon  # a line that only starts with NBSP is content
    assert "بوتين\xa0إنه" in lebanon  # NBSP inside a line kept
    assert "تُطلق" in docs["000_d16953ad185bce75.txt"].text  # diacritics kept
    assert "ومدنيَّين" in docs["001_dcf8befaf0a38c62.txt"].text


def test_titles_of_the_seeds(imported):
    _, docs = imported
    titles = {name: doc.title for name, doc in docs.items()}
    assert titles["000_d16953ad185bce75.txt"] == (
        "أذربيجان تُطلق عملية عسكرية جديدة ضد أرمينيا حول إقليم ناجورنو كاراباخ"
    )  # not the stray "in" above it
    assert titles["001_dcf8befaf0a38c62.txt"] == "سنواصل العملية العسكرية في كاراباخ حتى النهاية"
    assert titles["002_f95e305dd3dafc5c.txt"].startswith(
        "الصراع في ناغورنو كاراباخ يعود إلى الواجهة"
    )  # not the byline «وكالات..»
    assert titles["003_e285bc6e3422a1ef.txt"].startswith("أرسلت أذربيجان قوات مدعومة")
    assert titles["004_6b939b76667bada4.txt"] == (
        "مساعي لتطويق المواجهة العسكرية بين اذربيجان وارمينيا"
    )  # not the site banner "Lebanon News I ..."
    for doc in docs.values():
        assert doc.meta["title"] == doc.title


def test_without_clean_the_text_is_kept_whole(tmp_path, seeds_dir, seeds):
    with Project.create(tmp_path / "p.sqlite") as project:
        report = import_documents(project, [seeds_dir])
        assert report.removed == {}
        assert {doc.name: doc.text for doc in project.iter_documents()} == seeds


@pytest.mark.parametrize(
    ("text", "cleaned", "removed"),
    [
        ("a\n\n\n\nb", "a\n\nb", {"blank_line": 2}),
        ("[ad_1]\nx\n[ad_12]\ny\n", "x\ny\n", {"placeholder": 2}),
        ("  [ad_3]  \nx", "x", {"placeholder": 1}),
        ("[ads]\nx", "x", {"placeholder": 1}),
        ("x\n \xa0\t\ny", "x\n\ny", {"whitespace_line": 1}),
        ("x\n\n\xa0\n\ny", "x\n\ny", {"whitespace_line": 1, "blank_line": 1}),
        ("\n\nx\n\n", "x\n", {"blank_line": 3}),
        # not placeholders (a lone bracketed «[المصدر]» is a site's label)
        ("x\n[AD 1]\n[المصدر]\n[ad_1] extra", "x\n[AD 1]\n[ad_1] extra", {"site_label": 1}),
        ("x\n[AD 1]\n[نص]\n[ad_1] extra", "x\n[AD 1]\n[نص]\n[ad_1] extra", {}),
        ("قتل ٣ جنود في ١٤ سبتمبر ٢٠٢٢.\n", "قتل ٣ جنود في ١٤ سبتمبر ٢٠٢٢.\n", {}),
        ("\u200f\nx", "x", {"whitespace_line": 1}),
        ("", "", {}),
    ],
)
def test_clean_text_cases(text, cleaned, removed):
    assert clean_text(text) == (cleaned, removed)


@given(st.lists(st.sampled_from(["", " ", "\xa0", "[ad_1]", "نص", "x y", "\xa0نص"]), max_size=12))
def test_clean_text_properties(lines):
    text = "\n".join(lines)
    cleaned, removed = clean_text(text)
    lines_kept(text, cleaned)
    assert "\n\n\n" not in cleaned
    assert not cleaned.startswith("\n") and not cleaned.rstrip("\n").endswith("\n")
    kept_content = [line for line in lines if line.strip() and line != "[ad_1]"]
    assert [line for line in cleaned.split("\n") if line] == kept_content
    assert removed.get("placeholder", 0) == lines.count("[ad_1]")
    assert removed.get("whitespace_line", 0) == sum(1 for ln in lines if ln and not ln.strip())


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("in\n\nعنوان من ثلاث كلمات\nنص", "عنوان من ثلاث كلمات"),
        ("Written by someone\nنص المقال الطويل هنا\n" + "كلمة " * 50, "نص المقال الطويل هنا"),
        ("An English headline here\nbody text follows", "An English headline here"),
        ("كلمة\nكلمتان فقط", "كلمة"),  # no line of three words: the first line
        ("\n\n", None),
        ("ب " * 200, ("ب " * 75).strip() + "…"),  # cut at a space, at most 150 characters
    ],
)
def test_guess_title(text, title):
    assert guess_title(text) == title


# ---------------------------------------------------------------- --arclean


def test_arclean_import_of_the_seeds_is_camel_tools_map_of_the_cleaned_text(
    tmp_path, seeds_dir, seeds
):
    from camel_tools.utils.charmap import CharMapper

    mapper = CharMapper.builtin_mapper("arclean")
    with Project.create(tmp_path / "p.sqlite") as project:
        report = import_documents(project, [seeds_dir], clean=True, arclean=True)
        docs = {doc.name: doc for doc in project.iter_documents()}
    assert docs
    for name, text in seeds.items():
        cleaned, removed = clean_text(text)
        assert docs[name].text == mapper(cleaned)
        changed = sum(1 for line in cleaned.split("\n") if mapper(line) != line)
        assert report.removed[str(seeds_dir / name)]["arclean"] == changed > 0
        assert "\u064e" not in docs[name].text and "،" not in docs[name].text


def test_arclean_cli_import_and_annotated_spans_move(tmp_path, capsys):
    import json

    from annotator.cli import main
    from annotator.importing import import_annotated
    from annotator.model import InputError

    text = "قالَ الوزيرُ ﻻ… «نعم»، في ٣ أيام\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    project_path = tmp_path / "p.sqlite"
    assert main(["new", str(project_path)]) == 0
    assert main(["import", str(project_path), str(path), "--arclean"]) == 0
    out = capsys.readouterr().out
    assert "cleaning removed: arclean 1" in out
    with Project.open(project_path) as project:
        [doc] = project.iter_documents()
        assert doc.text == 'قال الوزير لا... "نعم", في 3 أيام\n'
    # annotated: a span over «الوزيرُ ﻻ…» covers «الوزير لا...»; one ending in a damma, which
    # arclean removes, keeps what is left of it: its text is the map of the original's
    start = text.index("الوزير")
    end = text.index("…") + 1
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        json.dumps(
            {"text": text, "spans": [{"start": start, "end": end, "label": "ACTOR"}]},
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    with Project.create(tmp_path / "q.sqlite") as project:
        import_annotated(project, [jsonl], "jsonl", annotator="amal", arclean=True)
        [doc] = project.iter_documents()
        [span] = project.annotations(doc.id, None)
        assert doc.text[span.start : span.end] == "الوزير لا..."
    damma = start + len("الوزيرُ")
    assert text[damma - 1] == "\u064f"
    spans = [
        {"start": start, "end": damma, "label": "ACTOR"},  # «الوزيرُ»: ends in a damma
        {"start": 0, "end": len("قالَ"), "label": "ACTOR"},  # «قالَ»: ends in a fatha
        {"start": 2, "end": damma, "label": "CLAIM"},  # «لَ الوزيرُ»: both
    ]
    jsonl.write_text(json.dumps({"text": text, "spans": spans}, ensure_ascii=False) + "\n", "utf-8")
    with Project.create(tmp_path / "r.sqlite") as project:
        import_annotated(project, [jsonl], "jsonl", annotator="amal", arclean=True)
        [doc] = project.iter_documents()
        found = sorted(
            (doc.text[a.start : a.end], a.label) for a in project.annotations(doc.id, None)
        )
        assert found == [("الوزير", "ACTOR"), ("قال", "ACTOR"), ("ل الوزير", "CLAIM")]
        assert arclean(text[start:damma]) == "الوزير" and arclean(text[2:damma]) == "ل الوزير"
    # a span of the damma alone keeps nothing: refused, naming the file and line
    jsonl.write_text(
        json.dumps(
            {"text": text, "spans": [{"start": damma - 1, "end": damma, "label": "ACTOR"}]},
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    with Project.create(tmp_path / "s.sqlite") as project:
        with pytest.raises(InputError, match="cleaning removes every character of it") as caught:
            import_annotated(project, [jsonl], "jsonl", annotator="amal", arclean=True)
        assert f"{jsonl}:1" in str(caught.value)
        assert project.count_documents() == 0


def test_arclean_import_of_conll_spans_ending_in_vowel_marks(tmp_path, capsys):
    # the reviewer's file: each token's final vowel mark goes, its span stays on the word
    conll = tmp_path / "a.conll"
    conll.write_text("قالَ O\nالوزيرُ B-ACTOR\nإنّ O\nالجيشَ B-ACTOR\nانسحب O\n. O\n", encoding="utf-8")
    project_path = tmp_path / "c.sqlite"
    assert main(["new", str(project_path)]) == 0
    argv = ["import", str(project_path), str(conll), "--format", "conll", "--annotator", "ali"]
    assert main([*argv, "--arclean"]) == 0, capsys.readouterr().err
    with Project.open(project_path) as project:
        [doc] = project.iter_documents()
        assert doc.text == "قال الوزير إن الجيش انسحب ."
        found = [doc.text[a.start : a.end] for a in project.annotations(doc.id, None)]
        assert sorted(found) == ["الجيش", "الوزير"]


def test_clean_still_refuses_a_span_ending_in_a_removed_line(tmp_path):
    from annotator.importing import import_annotated
    from annotator.model import InputError

    text = "قالَ الوزيرُ نعم\n[ad_1]\nفي ٣ أيام\n"
    jsonl = tmp_path / "a.jsonl"
    ad = text.index("[ad_1]")
    jsonl.write_text(
        json.dumps(
            {"text": text, "spans": [{"start": 0, "end": ad + 3, "label": "ACTOR"}]},
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    with Project.create(tmp_path / "p.sqlite") as project:
        with pytest.raises(InputError, match="an end lies in a line that cleaning") as caught:
            import_annotated(project, [jsonl], "jsonl", annotator="amal", clean=True, arclean=True)
        assert f"{jsonl}:1" in str(caught.value)


def test_the_import_dialog_previews_and_requests_arclean(qtbot, tmp_path):
    from annotator.gui.import_dialog import ImportDialog, run_import

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "[ad_1]\nقالَ الوزير، اليوم\nوصل الوفد إلى المدينة صباح أمس.\n", encoding="utf-8"
    )
    with Project.create(tmp_path / "p.sqlite") as project:
        dialog = ImportDialog(project, "amal")
        qtbot.addWidget(dialog)
        dialog.add_paths([folder])
        assert not dialog.tabs.isTabEnabled(1)
        dialog.arclean_check.setChecked(True)  # arclean alone: no line rules listed
        assert dialog.tabs.isTabEnabled(1)
        # shown left to right, each Arabic character isolated (FSI...PDI) inside
        shown = dialog.preview_tree.topLevelItem(0).child(0).text(2)
        assert shown.startswith("\u2066U+064E «\u2068\u064e\u2069»") and shown.endswith("\u2069")
        assert [without_isolates(line) for line in dialog.preview_lines()] == [
            "a.txt — 1 line(s)",
            "  2 | arclean | U+064E «َ» removed ×1, U+060C «،» → «,» ×1",
        ]
        dialog.clean_check.setChecked(True)
        assert [without_isolates(line) for line in dialog.preview_lines()[1:]] == [
            "  1 | placeholder | [ad_1]",
            "  2 | arclean | U+064E «َ» removed ×1, U+060C «،» → «,» ×1",
        ]
        request = dialog.request()
        assert request.arclean and request.clean
        report = run_import(project, request)
        assert report.removed_totals == {"placeholder": 1, "arclean": 1}
        [doc] = project.iter_documents()
        assert doc.text == "قال الوزير, اليوم\nوصل الوفد إلى المدينة صباح أمس.\n"


def without_isolates(line: str) -> str:
    return line.translate(dict.fromkeys((0x2066, 0x2068, 0x2069)))


def test_arclean_suggestions_ending_in_a_vowel_mark_keep_the_word(tmp_path):
    # --as-suggestions takes the same rule: the span moves to what is left of it
    from annotator.importing_suggestions import import_suggestions

    text = "قالَ الوزيرُ إنّ الجيشَ انسحب."
    start = text.index("الوزيرُ")
    path = tmp_path / "model.jsonl"
    spans = [{"start": start, "end": start + len("الوزيرُ"), "label": "ACTOR", "score": 0.9}]
    path.write_text(json.dumps({"text": text, "spans": spans}, ensure_ascii=False) + "\n", "utf-8")
    with Project.create(tmp_path / "p.sqlite") as project:
        import_suggestions(project, [path], "jsonl", annotator="amal", arclean=True)
        [doc] = project.iter_documents()
        assert doc.text == arclean(text)
        [suggestion] = project.suggestions(doc.id, "amal")
        assert suggestion.text == doc.text[suggestion.start : suggestion.end] == "الوزير"
