"""The named cleaning rules (`formats.cleaning`): exactly what each removes from the five
scraped seeds, that every line of the articles' own text stays (on the seeds and on made-up
articles that quote the residue's phrases in their body), the preview, and the offset map."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats import plaintext
from annotator.formats.cleaning import (
    INVISIBLE_MARKS,
    LAYOUT_RULES,
    RULES,
    Removed,
    SpanLost,
    clean_text,
    clean_text_mapped,
    cleaning_preview,
)
from annotator.importing import import_annotated
from annotator.model import InputError
from annotator.store import Project

LRM, RLM = "\u200e", "\u200f"

# What cleaning removes from each seed, by line number (blank-looking lines aside), read off
# the files by hand.
SEED_RESIDUE: dict[str, dict[int, str]] = {
    "000_d16953ad185bce75.txt": {
        1: "latin_banner",  # «in»
        5: "repeated_title",
        41: "author_bio",  # «Written by نور الدين»
        43: "author_bio",  # «نور الدين من مواليد عام 1984، ... إقرأ المزيد»
        45: "comment_form",  # «اترك تعليقاً»
        47: "comment_form",  # «لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية ... *»
        49: "related_headlines",  # four other articles' headlines
        51: "related_headlines",
        53: "related_headlines",
        55: "related_headlines",
    },
    "001_dcf8befaf0a38c62.txt": {34: "related_headlines"},  # «شاهد أيضاً»
    "002_f95e305dd3dafc5c.txt": {
        1: "head_label",  # «وكالات..»
        5: "head_label",  # «"أرشيفية"»
        7: "head_label",  # «فرنسا»
    },
    "003_e285bc6e3422a1ef.txt": {1: "placeholder", 32: "placeholder", 33: "site_label"},
    "004_6b939b76667bada4.txt": {
        1: "latin_banner",  # «Lebanon News I ليبانون تابلويد : …»
        8: "date_line",  # «الأربعاء ١٤ سبتمبر ٢٠٢٢»
        10: "click_here",  # «اخبار ليبانون تابلويد الآن عبر خدمة»
        11: "click_here",  # «اضغط هنا»
        34: "related_headlines",  # «أحدث مقاطع الفيديو»
        35: "view_counter",  # «مشاهدة :45926 الجمعة ٢٦ / يناير / ٢٠٢٤»
        36: "view_counter",
        37: "view_counter",
        38: "site_label",  # «معرض الصور»
    },
}

# The article in each seed, read by hand: its title (if any) and body, as line numbers; every
# non-blank line in them must come out of cleaning byte for byte, and nothing else.
SEED_ARTICLE: dict[str, list[int]] = {
    "000_d16953ad185bce75.txt": [3, *range(7, 40)],
    "001_dcf8befaf0a38c62.txt": list(range(1, 33)),
    "002_f95e305dd3dafc5c.txt": [3, *range(9, 39)],
    "003_e285bc6e3422a1ef.txt": list(range(2, 32)),
    "004_6b939b76667bada4.txt": [4, 6, *range(13, 30)],
}


@pytest.fixture
def seeds(seeds_dir: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


def content(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


# ---------------------------------------------------------------- the seeds


def test_each_seed_loses_exactly_its_residue(seeds):
    assert set(seeds) == set(SEED_RESIDUE)
    for name, text in seeds.items():
        found = {
            removed.line: removed.rule
            for removed in cleaning_preview(text)
            if removed.rule not in LAYOUT_RULES
        }
        assert found == SEED_RESIDUE[name], name


def test_every_line_of_each_seeds_article_stays(seeds):
    for name, text in seeds.items():
        lines = text.split("\n")
        article = [lines[n - 1] for n in SEED_ARTICLE[name] if lines[n - 1].strip()]
        cleaned, _ = clean_text(text)
        assert content(cleaned) == article, name


def test_the_seeds_counts_per_rule(seeds):
    totals: Counter[str] = Counter()
    for text in seeds.values():
        cleaned, removed = clean_text(text)
        assert removed == Counter(r.rule for r in cleaning_preview(text))
        totals += removed
    assert dict(totals) == {
        "blank_line": 23,
        "placeholder": 2,
        "whitespace_line": 2,
        "latin_banner": 2,
        "repeated_title": 1,
        "author_bio": 2,
        "comment_form": 2,
        "related_headlines": 6,
        "head_label": 3,
        "site_label": 2,
        "date_line": 1,
        "click_here": 2,
        "view_counter": 3,
    }
    assert set(totals) <= set(RULES)


def test_invisible_marks_change_no_decision(seeds):
    """Marks in and around residue lines (as scraped news has them) do not hide it."""
    for name, text in seeds.items():
        marked = "\n".join(
            f"{RLM}{line}{LRM}"
            if n in SEED_RESIDUE[name] and n % 2
            else line.replace(" ", f" {LRM}", 1)
            for n, line in enumerate(text.split("\n"), 1)
        )
        found = {r.line: r.rule for r in cleaning_preview(marked) if r.rule not in LAYOUT_RULES}
        assert found == SEED_RESIDUE[name], name


# ---------------------------------------------------------------- made-up articles

TITLE = "أذربيجان تطلق عملية عسكرية جديدة في كاراباخ"
# Body lines that quote the residue's phrases or use their words in their own meaning
BODY = [
    "قالت وزارة الدفاع إن أذربيجان تطلق عملية عسكرية جديدة في كاراباخ لمكافحة الإرهاب.",
    'وقال الخبير إن عبارة "اضغط هنا" باتت فخاً شائعاً في رسائل الاحتيال.',
    "ونشرت الصفحة رسالة تقول «اضغط هنا»",
    "ولم يترك المتحدث أي تعليق على الحادثة، واكتفى بالقول إن التحقيق جار.",
    'وكتبت الصحيفة: "لن يتم نشر عنوان بريدك الإلكتروني"، هكذا وعد الموقع قراءه قبل التسريب.',
    "وحقق المقطع 45926 مشاهدة خلال يومين، بحسب الموقع.",
    "وأكد شهود عيان مشاهدة دبابات قرب الحدود.",
    "وفي الأربعاء ١٤ سبتمبر ٢٠٢٢ اندلعت الاشتباكات على الحدود.",
    "شاهد أيضاً الرئيس وهو يصافح الوفد، بحسب الفيديو.",
    "المصدر الذي تحدث للوكالة طلب عدم ذكر اسمه.",
    "كتب الرئيس على تويتر أن الهدنة صامدة.",
    "وشارك في الاجتماع ممثلون عن فيسبوك وتويتر.",
    "التعليقات التي نشرها المستخدمون أثارت جدلاً واسعاً.",
    "معرض الصور الذي افتتح أمس يضم 200 لوحة عن الحرب.",
    "إجراء مباحثات",  # a subhead
    "ورفض المتحدث الرد، وقال للصحفيين: اترك تعليقاتك لما بعد المؤتمر.",
    "اقرأ أيضاً ما قاله الوزير في مؤتمره الصحفي.",
    "وأضاف أن الوضع «مستقر نسبياً»",  # the last line, with no full stop
]
ARTICLE = "\n\n".join([TITLE, *BODY]) + "\n"
SENTENCES = [line for line in BODY if line.endswith(".")]


def test_an_article_quoting_the_phrases_is_kept_whole():
    assert clean_text(ARTICLE) == (ARTICLE, Counter())
    assert cleaning_preview(ARTICLE) == []


# Residue around the same article: (line, the rule that removes it), placed before the title,
# right after it, after the first paragraph, or after the last one.
ABOVE = [("in", "latin_banner"), ("BBC News | أخبار", "latin_banner"), ("وكالات..", "head_label")]
BELOW_TITLE = [(TITLE, "repeated_title"), ('"أرشيفية"', "head_label"), ("فرنسا", "head_label")]
AFTER_LEDE = [
    ("[ad_1]", "placeholder"),
    ("الأربعاء، 20 سبتمبر 2023 - 10:30 ص", "date_line"),
    ("نشر في: 19/09/2023", "date_line"),
    ("منذ 3 ساعات", "date_line"),
    ("لمتابعة آخر الأخبار عبر تيليجرام", "click_here"),
    ("اضغط هنا", "click_here"),
    ("للاشتراك في النشرة انقر هنا.", "click_here"),
    ("شارك | فيسبوك | تويتر | واتساب", "share_buttons"),
    ("اقرأ أيضاً: روسيا تدعو إلى ضبط النفس", "related_headlines"),
    ("إعلان", "site_label"),
]
AFTER_BODY = [
    ("بقلم: سارة أحمد", "author_bio"),
    ("سارة أحمد صحفية متخصصة في شؤون القوقاز منذ عشر سنوات. اقرأ المزيد", "author_bio"),
    ("الوسوم: أذربيجان، أرمينيا، كاراباخ", "site_label"),
    ("عدد المشاهدات: 1,204", "view_counter"),
    ("3 تعليقات", "comment_form"),
    ("اترك تعليقاً", "comment_form"),
    ("لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", "comment_form"),
    ("التعليق *", "comment_form"),
    ("الاسم *", "comment_form"),
    (
        "احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة "
        "المقبلة في تعليقي.",
        "comment_form",
    ),
    ("مقالات ذات صلة", "related_headlines"),
    ("روسيا تدعو إلى ضبط النفس في القوقاز", "related_headlines"),
    ("باشينيان: لن نتخلى عن كاراباخ", "related_headlines"),
    ("المصدر", "site_label"),
]


def dirty_article() -> tuple[str, dict[int, str]]:
    """ARTICLE with every kind of residue around it, and the residue's line numbers."""
    rows = [
        *ABOVE,
        (TITLE, None),
        *BELOW_TITLE,
        (BODY[0], None),
        *AFTER_LEDE,
        *((line, None) for line in BODY[1:]),
        *AFTER_BODY,
    ]
    text = "\n".join(line for line, _ in rows) + "\n"
    return text, {n: rule for n, (_, rule) in enumerate(rows, 1) if rule}


def test_each_kind_of_residue_goes_and_the_article_stays():
    text, residue = dirty_article()
    found = {r.line: r.rule for r in cleaning_preview(text)}
    assert found == residue
    cleaned, removed = clean_text(text)
    assert content(cleaned) == content(ARTICLE)
    assert removed == Counter(residue.values())
    assert {rule for rule in residue.values()} | LAYOUT_RULES | {
        "invisible_mark",
        "arclean",
    } == set(RULES)


@pytest.mark.parametrize(
    "line",
    [
        "اترك تعليقاً على هذا الخبر إن شئت، قال المذيع.",
        "لن يتم نشر عنوان بريدك الإلكتروني، هذا ما وعدت به الشركة قبل أن تسرب البيانات.",
        "مشاهدة :45926 مرة للمقطع الذي نشرته الوزارة، بحسب الموقع.",
        "شارك في العملية آلاف الجنود.",
        "الأربعاء ١٤ سبتمبر ٢٠٢٢ يوم لن ينساه سكان الإقليم.",
        "كتب: الرئيس في تغريدة أن الهدنة صامدة وأن القتال توقف.",
        "Written by the ministry in a statement, the letter was sent.",
    ],
)
def test_a_body_line_that_starts_like_residue_stays(line):
    text = f"{TITLE}\n\n{BODY[0]}\n\n{line}\n\n{BODY[1]}\n"
    assert clean_text(text) == (text, Counter())


def test_headlines_after_a_label_go_only_to_the_end_of_the_text():
    """A label in the middle of the body goes alone, and so does one whose short lines
    after it do not run to the end of the text: the article's lines after it stay."""
    middle = f"{TITLE}\n\n{BODY[0]}\n\nشاهد أيضاً\n\nإجراء مباحثات\n\n{BODY[1]}\n"
    cleaned, removed = clean_text(middle)
    assert removed == {"related_headlines": 1, "blank_line": 1}
    assert content(cleaned) == [TITLE, BODY[0], "إجراء مباحثات", BODY[1]]
    end = f"{TITLE}\n\n{BODY[0]}\n\nشاهد أيضاً\nعنوان خبر آخر\n{BODY[1]}\n"
    assert content(clean_text(end)[0]) == [TITLE, BODY[0], "عنوان خبر آخر", BODY[1]]


def test_a_first_paragraph_is_not_taken_for_a_title():
    """Without a title, the short lines after the first paragraph (a subhead) stay, and so
    does the first paragraph repeated."""
    text = f"{BODY[0]}\n\nإجراء مباحثات\n\n{BODY[1]}\n\n{BODY[0]}\n"
    assert clean_text(text) == (text, Counter())


def test_an_english_title_with_a_latin_brand_stays_in_an_arabic_article():
    text = f"iPhone 15 يصل إلى الأسواق العربية\n\n{BODY[0]}\n{BODY[1]}\n"
    assert clean_text(text) == (text, Counter())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(SENTENCES),
            st.sampled_from(["", " ", "[ad_1]", "اضغط هنا", "اترك تعليقاً", "شاهد أيضاً"]),
            st.sampled_from([line for line, _ in AFTER_LEDE + AFTER_BODY[2:]]),
        ),
        max_size=14,
    )
)
def test_sentences_of_the_body_always_stay(lines):
    """Whatever residue surrounds them, the body's sentences all stay, in order."""
    text = "\n".join(lines)
    cleaned, removed = clean_text(text)
    assert [line for line in content(cleaned) if line in SENTENCES] == [
        line for line in lines if line in SENTENCES
    ]
    assert removed == Counter(r.rule for r in cleaning_preview(text))


# ---------------------------------------------------------------- the preview


def test_the_preview_lists_each_removed_line_with_its_rule_and_number(seeds):
    text = seeds["004_6b939b76667bada4.txt"]
    preview = cleaning_preview(text)
    assert all(isinstance(r, Removed) for r in preview)
    lines = text.split("\n")
    assert all(lines[r.line - 1] == r.text for r in preview)
    assert [r for r in preview if r.rule not in LAYOUT_RULES][:3] == [
        Removed("latin_banner", 1, lines[0]),
        Removed("date_line", 8, "الأربعاء ١٤ سبتمبر ٢٠٢٢"),
        Removed("click_here", 10, "اخبار ليبانون تابلويد الآن عبر خدمة"),
    ]
    assert cleaning_preview("") == [] and cleaning_preview(ARTICLE) == []
    assert plaintext.cleaning_preview is cleaning_preview  # the codec's names still work


# ---------------------------------------------------------------- offsets


def test_offsets_of_the_articles_phrases_map_to_the_same_text(seeds):
    rng = random.Random(15)
    for name, text in seeds.items():
        cleaned, _, offsets = clean_text_mapped(text)
        lines = text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        for n in SEED_ARTICLE[name]:
            line = lines[n - 1]
            if not line.strip():
                continue
            for _ in range(5):
                a = rng.randrange(len(line))
                b = rng.randrange(a, len(line)) + 1
                start, end = starts[n - 1] + a, starts[n - 1] + b
                moved = offsets.span(start, end)
                assert moved is not None and cleaned[slice(*moved)] == text[start:end]
        for n in SEED_RESIDUE[name]:
            start = starts[n - 1]
            with pytest.raises(SpanLost, match="an end lies in a line that cleaning"):
                offsets.span(start, start + len(lines[n - 1]))


POOL = [TITLE, *BODY, *(line for line, _ in ABOVE + BELOW_TITLE + AFTER_LEDE + AFTER_BODY)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([*POOL, "", " ", f"{RLM}اترك تعليقاً{LRM}"]), max_size=16),
    st.booleans(),
    st.booleans(),
)
def test_the_map_sends_each_kept_code_point_to_its_place(lines, ending, marks):
    text = "\n".join(lines) + ("\n" if ending else "")
    cleaned, removed, offsets = clean_text_mapped(text, marks=marks)
    assert (cleaned, removed) == clean_text(text, marks=marks)
    moved = [offsets.offset(position) for position in range(len(text))]
    assert [new for new in moved if new is not None] == list(range(len(cleaned)))
    assert all(cleaned[new] == text[old] for old, new in enumerate(moved) if new is not None)
    kept = Counter(r.rule for r in cleaning_preview(text))
    assert removed - Counter(invisible_mark=removed["invisible_mark"]) == kept


def span(start: int, size: int) -> dict:
    return {"start": start, "end": start + size, "label": "ACTOR"}


def test_annotated_import_moves_spans_past_the_residue(tmp_path):
    text, _ = dirty_article()
    phrases = ["وزارة الدفاع", "45926 مشاهدة", "«مستقر نسبياً»"]
    spans = [span(text.index(p), len(p)) for p in phrases]
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": text, "spans": spans}, ensure_ascii=False) + "\n", "utf-8")
    with Project.create(tmp_path / "p.sqlite") as project:
        report = import_annotated(project, [path], "jsonl", annotator="amal", clean=True)
        assert report.removed_totals["comment_form"] == 6
        [doc] = project.iter_documents()
        assert content(doc.text) == content(ARTICLE)
        stored = sorted(project.annotations(doc.id, None), key=lambda a: a.start)
        assert [doc.text[a.start : a.end] for a in stored] == phrases
    # a span on a line that cleaning removes makes its document bad, naming the span
    start = text.index("اترك تعليقاً")
    path.write_text(
        json.dumps({"text": text, "spans": [span(start, 5)]}, ensure_ascii=False) + "\n",
        "utf-8",
    )
    with Project.create(tmp_path / "q.sqlite") as project:
        with pytest.raises(InputError, match="an end lies in a line that cleaning .--clean"):
            import_annotated(project, [path], "jsonl", annotator="amal", clean=True)


# ---------------------------------------------------------------- annotator clean


def test_the_clean_command_lists_what_import_would_remove(seeds_dir, tmp_path, capsys):
    from annotator.cli import main

    assert main(["clean", str(seeds_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("000_d16953ad185bce75.txt: 22 line(s): author_bio 2, blank_line 11")
    assert out[1].split() == ["1", "latin_banner", "in"]
    assert "     47  comment_form      لن يتم نشر عنوان بريدك الإلكتروني." in "\n".join(out)
    assert not any("blank_line " in line and line.startswith("  ") for line in out)  # not --all
    assert out[-1].startswith("51 line(s) to remove in 5 of 5 document(s): author_bio 2")
    assert main(["clean", str(seeds_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    totals: Counter[str] = Counter()
    for text in (p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))):
        totals += clean_text(text)[1]
    assert report["totals"] == dict(sorted(totals.items())) and report["bad"] == []
    first = report["documents"][0]
    assert first["removed"][0] == {"rule": "latin_banner", "line": 1, "text": "in"}
    assert sum(first["counts"].values()) == len(first["removed"]) == 22
    # JSONL documents, and a bad input named with its line after the others are listed
    path = tmp_path / "news.jsonl"
    rows = [{"id": "a", "text": "نص المقال هنا.\nاضغط هنا"}, {"text": 5}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    assert main(["clean", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[:2] == [
        "a: 1 line(s): click_here 1",
        "      2  click_here        اضغط هنا",
    ]
    assert f'{path}:2: no "text" string' in captured.err


def test_cleaning_previews_reads_inputs_as_the_import_does(seeds_dir, tmp_path):
    """The import dialog's preview of files: documents in input order, bad inputs named."""
    from annotator.formats.plaintext import BadInput, DocumentPreview, cleaning_previews

    path = tmp_path / "news.jsonl"
    rows = [{"id": 7, "text": "نص المقال هنا.\r\nاضغط هنا"}, {"text": ""}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("[ad_1]\nقال الوزير إن القتال توقف.\n".encode("cp1256"))
    found = list(cleaning_previews([tmp_path / "missing.txt", path, legacy, seeds_dir]))
    assert found[:4] == [
        BadInput(str(tmp_path / "missing.txt"), None, "no such file or folder"),
        DocumentPreview("7", str(path), 1, [Removed("click_here", 2, "اضغط هنا")]),
        BadInput(str(path), 2, "empty document"),
        DocumentPreview("legacy.txt", str(legacy), None, [Removed("placeholder", 1, "[ad_1]")]),
    ]
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    assert [(d.name, d.removed) for d in found[4:]] == [
        (name, cleaning_preview(text)) for name, text in seeds.items()
    ]


# ---------------------------------------------------------------- arclean (camel-tools' map)

ARCLEAN_PIECES = st.one_of(
    st.sampled_from([*POOL, "", " "]),
    st.sampled_from(list("ﻻﷲ…‰«»،؛؟٣٫٬ـًٌٍَُِّْٰپیکﺏ€😀©\u200f\u200e\ufeff\u2066\xa0")),
    st.characters(exclude_characters="\r"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ARCLEAN_PIECES, max_size=30).map("".join), st.booleans(), st.booleans())
def test_arclean_map_sends_each_kept_code_point_to_what_it_became(text, lines, marks):
    from camel_tools.utils.charmap import CharMapper

    mapper = CharMapper.builtin_mapper("arclean")
    cleaned, removed, offsets = clean_text_mapped(text, lines=lines, marks=marks, arclean=True)
    assert (cleaned, removed) == clean_text(text, lines=lines, marks=marks, arclean=True)
    before, _, before_map = clean_text_mapped(text, lines=lines, marks=marks)
    assert cleaned == mapper(before)  # the character step is camel-tools' map, exactly
    pieces = []
    for position, char in enumerate(text):
        if before_map.offset(position) is None:  # a line rule or strip_marks removed it
            assert offsets.offset(position) is None
            continue
        if mapper(char) == "":
            assert offsets.offset(position) is None
            with pytest.raises(SpanLost, match="cleaning removes every character of it"):
                offsets.span(position, position + 1)
        else:
            moved = offsets.span(position, position + 1)
            assert cleaned[slice(*moved)] == mapper(char)
            pieces.append(cleaned[slice(*moved)])
    assert "".join(pieces) == cleaned  # nothing inserted, nothing out of order
    shown = Counter(r.rule for r in cleaning_preview(text, arclean=True, marks=marks))
    if lines:
        rules = removed - Counter(invisible_mark=removed["invisible_mark"])
        assert rules == shown


@settings(max_examples=200, deadline=None)
@given(
    # pieces may be empty strings: a span needs at least one code point to lie on
    st.lists(ARCLEAN_PIECES, min_size=1, max_size=20).map("".join).filter(bool),
    st.booleans(),
    st.data(),
)
def test_a_span_keeps_what_the_character_steps_leave_of_it(text, marks, data):
    # without line rules every span moves: to the map of its text, or it is lost when the
    # map leaves nothing of it
    from camel_tools.utils.charmap import CharMapper

    mapper = CharMapper.builtin_mapper("arclean")
    cleaned, _, offsets = clean_text_mapped(text, lines=False, marks=marks, arclean=True)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    piece = text[start:end]
    expected = mapper("".join(c for c in piece if c not in INVISIBLE_MARKS) if marks else piece)
    if expected:
        assert cleaned[slice(*offsets.span(start, end))] == expected
    else:
        with pytest.raises(SpanLost, match="cleaning removes every character of it"):
            offsets.span(start, end)


def test_arclean_counts_and_previews_the_lines_it_changes():
    text = "العنوان الأول هنا\nقالَ ﻻ… «نعم»، ٣\u200f\nسطر بلا تغيير\n😀 پ\n"
    cleaned, removed = clean_text(text, lines=False, arclean=True)
    assert cleaned == 'العنوان الأول هنا\nقال لا... "نعم", 3 \nسطر بلا تغيير\n ب\n'
    assert removed == Counter(arclean=2)
    assert cleaning_preview(text, arclean=True) == [
        Removed(
            "arclean",
            2,
            "U+064E «َ» removed ×1, U+FEFB «ﻻ» → «لا» ×1, U+2026 «…» → «...» ×1, "
            'U+00AB ««» → «"» ×1, U+00BB «»» → «"» ×1, U+060C «،» → «,» ×1, '
            "U+0663 «٣» → «3» ×1, U+200F «\u200f» → « » ×1",
        ),
        Removed("arclean", 4, "U+1F600 «😀» removed ×1, U+067E «پ» → «ب» ×1"),
    ]
    assert cleaning_preview(text) == []  # without arclean nothing is listed
    # with strip_marks the RLM is removed (as a mark) before arclean would make it a space
    cleaned, removed = clean_text(text, lines=False, marks=True, arclean=True)
    assert cleaned.split("\n")[1] == 'قال لا... "نعم", 3'
    assert removed == Counter(arclean=2, invisible_mark=1)
    assert "U+200F" not in cleaning_preview(text, arclean=True, marks=True)[0].text
    assert "arclean" in RULES


def test_arclean_moves_tokens_and_spans_over_expanded_and_removed_characters():
    from annotator.model import Tokenization

    text = "ﻻ بُدّ…"
    cleaned, _, offsets = clean_text_mapped(text, lines=False, arclean=True)
    assert cleaned == "لا بد..."
    assert offsets.span(0, 1) == (0, 2)  # ﻻ -> لا
    assert offsets.span(2, 7) == (3, 8)  # بُدّ… -> بد...
    assert offsets.span(2, 4) == (3, 4)  # بُ: the removed damma is left out, ب stays
    assert offsets.span(3, 6) == (4, 5)  # ُدّ: starts and ends in removed marks
    assert cleaned[slice(*offsets.span(2, 6))] == "بد"
    with pytest.raises(SpanLost, match="cleaning removes every character of it"):
        offsets.span(3, 4)  # the damma alone
    assert offsets.inner(2, 6) == (3, 5)  # بُدّ without its marks
    tokens = Tokenization.from_sentences([[(0, 1), (2, 6), (6, 7)]], "test")
    moved = offsets.tokens(tokens)
    assert [cleaned[s:e] for s, e in zip(moved.starts, moved.ends, strict=True)] == [
        "لا",
        "بد",
        "...",
    ]
