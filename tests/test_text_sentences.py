"""Sentence splitting: one test per rule, plus coverage properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_terminators_split():
    assert sentences("قتل جندي. أصيب آخر! هل انتهى؟ نعم? لا") == [
        "قتل جندي.",
        "أصيب آخر!",
        "هل انتهى؟",
        "نعم?",
        "لا",
    ]


def test_runs_of_terminators_are_one_end():
    assert sentences("حقا؟! نعم... ثم") == ["حقا؟!", "نعم...", "ثم"]


def test_line_breaks_split():
    assert sentences("عنوان\nنص أول\r\nنص ثان\u2029ثالث") == ["عنوان", "نص أول", "نص ثان", "ثالث"]
    assert sentences("أ\n\n\n  ب  ") == ["أ", "ب"]


def test_no_split_inside_numbers():
    assert sentences("بلغ 3.5 مليون. ثم") == ["بلغ 3.5 مليون.", "ثم"]
    assert sentences("بلغ ٣.٥ مليون وأيضا ٣٫٥ مليون. ثم") == [
        "بلغ ٣.٥ مليون وأيضا ٣٫٥ مليون.",
        "ثم",
    ]


def test_no_split_after_single_letter_abbreviations():
    assert sentences("قال د. محمد إن م. علي غادر. ثم") == ["قال د. محمد إن م. علي غادر.", "ثم"]
    assert sentences("Said J. R. Smith. Then") == ["Said J. R. Smith.", "Then"]
    assert sentences("قال دَ. محمد") == ["قال دَ. محمد"]  # with a diacritic


def test_no_split_inside_a_quotation_that_goes_on():
    for open_, close in (("«", "»"), ("“", "”"), ('"', '"')):
        text = f"قال {open_}لن نتوقف. سنواصل حتى النهاية{close} وغادر. ثم"
        assert sentences(text) == [f"قال {open_}لن نتوقف. سنواصل حتى النهاية{close} وغادر.", "ثم"]


def test_terminator_closing_a_quotation_ends_the_sentence_after_the_quote():
    assert sentences("قال «سنواصل.» وأضاف آخر") == ["قال «سنواصل.»", "وأضاف آخر"]
    assert sentences("قال “انتهى!”. ثم") == ["قال “انتهى!”.", "ثم"]
    assert sentences('قال "انتهى". ثم') == ['قال "انتهى".', "ثم"]


def test_nested_quotations():
    text = "قال «إن “الوضع. مستقر” هناك. وسنرى» ثم غادر. بعد"
    assert sentences(text) == ["قال «إن “الوضع. مستقر” هناك. وسنرى» ثم غادر.", "بعد"]


def test_an_unpaired_quote_does_not_glue_the_paragraph():
    assert sentences("قال «لن نتوقف. ثم غادر. وبعد") == ["قال «لن نتوقف.", "ثم غادر.", "وبعد"]


def test_quotes_are_paired_within_a_line_only():
    assert sentences("قال «أول.\nثان» ثالث. رابع") == ["قال «أول.", "ثان» ثالث.", "رابع"]


def test_period_glued_to_a_word():
    assert sentences("زوروا example.com اليوم") == ["زوروا example.com اليوم"]
    assert sentences("انتهى.وقال آخر") == ["انتهى.", "وقال آخر"]
    assert sentences("بلغ .5 بالمئة") == ["بلغ .5 بالمئة"]


def test_closing_brackets_stay_with_the_sentence():
    assert sentences("(قتل جندي.) ثم") == ["(قتل جندي.)", "ثم"]


def test_seed_sentences(seeds_dir):
    text = (seeds_dir / "002_f95e305dd3dafc5c.txt").read_text(encoding="utf-8")
    found = sentences(text)
    assert found[0] == "وكالات.."
    # A quotation with «...» and a full stop inside stays one sentence.
    quoted = [s for s in found if s.startswith("وقالت الناطقة")]
    assert len(quoted) == 1 and quoted[0].endswith('بدء العملية".')
    assert "ذلك لا يتوافق مع الواقع." in quoted[0]
    text = (seeds_dir / "000_d16953ad185bce75.txt").read_text(encoding="utf-8")
    assert "ويعيش ما يقدر بنحو 120 ألف أرمني في الجيب الجبلي." in sentences(text)


def assert_partition(text: str, spans: list[tuple[int, int]]) -> None:
    position = 0
    for start, end in spans:
        assert position <= start < end
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[position:start].strip() == ""
        position = end
    assert text[position:].strip() == ""


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(list("ابت دَ A 3 ٣ ٫")),
            st.sampled_from(list('.!?؟…«»“”"()\n\r\u2029 \xa0')),
            st.characters(),
        ),
        max_size=50,
    ).map("".join)
)
def test_spans_partition_all_non_whitespace(text):
    assert_partition(text, split_sentences(text))


def test_seeds_are_partitioned(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = split_sentences(text)
        assert_partition(text, spans)
        assert len(spans) > 10


def test_every_line_break_of_splitlines_splits():
    for line_break in ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\r"):
        assert sentences(f"أول{line_break}ثان. ثالث") == ["أول", "ثان.", "ثالث"]
