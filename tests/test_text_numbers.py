"""The casualty-count reader: digits, number words, duals, vague quantities, qualifiers, outcome."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text import CountReading, find_counts, read_count, split_sentences


def reading(text: str, context: str = "") -> CountReading:
    result = read_count(text, context)
    assert result is not None, text
    return result


def value(text: str, context: str = "") -> int | None:
    return reading(text, context).value


# --- the examples ------------------------------------------------------------------


def test_sum_of_counted_groups():
    result = reading("مقتل أربعة جنود ومدنيين اثنين")
    assert (result.value, result.groups, result.outcome) == (6, (4, 2), "killed")
    assert result.qualifier == "exact" and result.low is None and result.high is None


def test_policemen():
    result = reading("مقتل 11 من رجال الشرطة")
    assert (result.value, result.outcome) == (11, "killed")


# --- digits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3000", 3000),
        ("3,000", 3000),
        ("3٬000", 3000),  # U+066C Arabic thousands separator
        ("3،000", 3000),
        ("٣٠٠٠", 3000),
        ("۳۰۰۰", 3000),
        ("٣٬٠٠٠", 3000),
        ("1,250,000", 1250000),
        ("120 ألف", 120000),
        ("1.5 مليون", 1500000),
        ("٢٫٥ ألف", 2500),
    ],
)
def test_digits(text, expected):
    assert value(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**9))
def test_any_integer_in_digits(n):
    assert value(str(n)) == n
    assert value(f"{n:,}") == n
    assert value(f"{n:,}".replace(",", "٬")) == n
    arabic_indic = str(n).translate({ord(d): chr(0x0660 + int(d)) for d in "0123456789"})
    assert value(arabic_indic) == n


def test_not_counts():
    assert read_count("في عام 2020") is None
    assert read_count("الساعة 14:00") is None
    assert read_count("بنسبة 10%") is None
    assert read_count("يوم الاثنين") is None  # Monday, not «two»
    assert read_count("يوم الأحد") is None  # Sunday, not «one»
    assert read_count("عدد القتلى") is None
    assert read_count("") is None
    assert read_count("الأربعاء ١٤ سبتمبر ٢٠٢٢") is None  # a date (seed 004)
    assert read_count("في 12/9/2022") is None
    assert read_count("منذ 30 عاماً") is None


def test_quantities_of_units_are_not_added():
    assert reading("مقتل 24 شخصا خلال 48 ساعة").groups == (24,)
    assert reading("مقتل 5 على بعد 10 كيلومترات").groups == (5,)


def test_one_victim_noun_without_a_number_reads_one():
    assert (value("مقتل جندي إسرائيلي"), value("قتيلا"), value("مقتل الطفل")) == (1, 1, 1)
    assert reading("مقتل 25 شخصا").groups == (25,)  # the counted noun after a number
    assert read_count("جنود") is None


# --- number words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("واحد", 1),
        ("إحدى", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتين", 2),
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("ثماني", 8),
        ("عشر", 10),
        ("عشرة", 10),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("اثني عشر", 12),
        ("اثنتي عشرة", 12),
        ("ثلاثة عشر", 13),
        ("ثلاث عشرة", 13),
        ("عشرون", 20),
        ("عشرين", 20),
        ("خمسة وعشرون", 25),
        ("خمس وعشرين", 25),
        ("تسعة وتسعون", 99),
        ("مئة", 100),
        ("مائة", 100),
        ("مئة وخمسون", 150),
        ("مئتان", 200),
        ("مائتين", 200),
        ("ثلاثمائة", 300),
        ("ثلاث مئة", 300),
        ("تسعمئة وتسعة", 909),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ألفان", 2000),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000),
        ("أحد عشر ألفا", 11000),
        ("مئة ألف", 100000),
        ("ثلاثة آلاف وخمسمائة", 3500),
        ("ثلاثمائة وخمسة وعشرون ألفا", 325000),
        ("ألف و500", 1500),
        ("مليون", 1000000),
        ("مليونين", 2000000),
        ("ثلاثة ملايين", 3000000),
        ("twenty five", 25),
        ("a dozen", 12),
        ("two hundred", 200),
    ],
)
def test_number_words(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وثلاثة", 3),
        ("بخمسة", 5),
        ("والخمسة", 5),
        ("لعشرة", 10),
        ("وبعشرين", 20),
        ("خمـــسة", 5),  # tatweel
        ("خَمْسَةُ", 5),  # diacritics
        ("ثَلَاثَةُ آلافٍ", 3000),
        ("أَرْبَعَةٌ وَعِشْرُونَ", 24),
    ],
)
def test_clitics_diacritics_tatweel(text, expected):
    assert value(text) == expected


UNITS_M = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
TEENS = ["عشرة", "أحد عشر", "اثنا عشر"] + [f"{u} عشر" for u in UNITS_M[3:]]
TENS = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
HUNDREDS = ["", "مائة", "مائتان"] + [f"{u[:-1]}مائة" for u in UNITS_M[3:]]


def arabic_below_1000(n: int) -> str:
    """A straightforward Arabic spelling of 1..999 (masculine, nominative)."""
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(HUNDREDS[hundreds].replace("ثمانمائة", "ثمانمائة"))
    if rest:
        if rest < 10:
            words.append(UNITS_M[rest])
        elif rest < 20:
            words.append(TEENS[rest - 10])
        else:
            tens, units = divmod(rest, 10)
            words.append(f"{UNITS_M[units]} و{TENS[tens]}" if units else TENS[tens])
    return " و".join(words)


def arabic(n: int) -> str:
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands == 1:
        words.append("ألف")
    elif thousands == 2:
        words.append("ألفان")
    elif 3 <= thousands <= 10:
        words.append(f"{arabic_below_1000(thousands)} آلاف")
    elif thousands:
        words.append(f"{arabic_below_1000(thousands)} ألفا")
    if rest:
        words.append(arabic_below_1000(rest))
    return " و".join(words)


def test_spelled_numbers_sample():
    assert arabic(325) == "ثلاثمائة وخمسة وعشرون"
    assert arabic(3500) == "ثلاثة آلاف وخمسمائة"
    for n in random.Random(7).sample(range(1, 1_000_000), 300):
        assert value(arabic(n)) == n, arabic(n)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 999_999), st.sampled_from(["", "و", "ب"]), st.booleans())
def test_spelled_numbers_with_clitic_and_diacritics(n, clitic, decorate):
    text = clitic + arabic(n)
    if decorate:  # a fatha and a tatweel after every second Arabic letter
        text = "".join(
            c + ("\u064e" if i % 2 else "\u0640") if "\u0621" <= c <= "\u064a" else c
            for i, c in enumerate(text)
        )
    assert value(text) == n, text


# --- duals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["مدنيان", "جنديين", "قتيلين", "جنديان", "رهينتين", "امرأتين", "شخصين", "مدنيَّين"]
)
def test_duals(text):
    assert value(text) == 2


def test_sound_plural_is_not_a_dual():
    assert read_count("مدنيين") is None
    assert read_count("مدنيِّين") is None  # kasra: plural
    assert read_count("شرطيين") is None


def test_dual_followed_by_two_counts_once():
    assert reading("مقتل جنديين اثنين").groups == (2,)


def test_real_seed_dual_and_plural():
    # seed 001: «أربعة شرطيين ومدنيَّين قتلوا» = four policemen and two civilians.
    result = reading("أربعة شرطيين ومدنيَّين قتلوا")
    assert (result.value, result.groups, result.outcome) == (6, (4, 2), "killed")


def test_subset_among_them_is_not_added():
    result = reading("25 شخصا قتلوا، بينهم مدنيان")
    assert (result.value, result.groups) == (25, (25,))
    assert value("قتل 3 جنود منهم ضابطان") == 3


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ألفا جندي", 2000),  # a dual in construct, not the accusative «ألفًا»
        ("ألفي جندي", 2000),
        ("بألفي جندي", 2000),
        ("وألفا جندي", 2000),
        ("أَلْفَا جُنْدِيٍّ", 2000),
        ("ألـفـي جندي", 2000),
        ("مئتا جندي", 200),
        ("لمئتي جندي", 200),
        ("مليونا نازح", 2_000_000),
        ("مليوني نازح", 2_000_000),
        ("ومليونَي لاجئ", 2_000_000),
        ("مليارا شخص", 2_000_000_000),
        ("ملياري نسمة", 2_000_000_000),
    ],
)
def test_duals_of_hundred_thousand_million_billion(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("عشرون ألفا", 20_000),  # the accusative after a number: one thousand
        ("أحد عشر ألفا جندي", 11_000),
        ("قتل ألفًا", 1000),  # tanween: «ألفًا», one thousand
        ("أَلْفًا جندي", 1000),
        ("ألفا من الجنود", 1000),  # «ألفًا من»: a dual in construct takes no «من»
        ("خمسة ملايين", 5_000_000),
    ],
)
def test_accusative_thousand_is_not_a_dual(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("نصف مليون", 500_000),
        ("بنصف مليون", 500_000),
        ("نِصْفُ مليون", 500_000),
        ("نصف ألف", 500),
        ("مليون ونصف", 1_500_000),
        ("مليون و نصف", 1_500_000),
        ("ألف ونصف", 1500),
        ("ثلاثة آلاف ونصف", 3500),
        ("مليونان ونصف", 2_500_000),
        ("1.5 مليون", 1_500_000),
        ("مليون ونصف لاجئ", 1_500_000),
    ],
)
def test_halves_of_large_numbers(text, expected):
    assert value(text) == expected


def test_half_alone_is_not_a_count():
    assert read_count("نصف القتلى") is None  # half of the dead: no number stated
    assert value("مليون نصف") == 1_000_000  # a half is added with «و» only
    assert value("النصف مليون") == 1_000_000  # «النصف»: the half, not a number word
    assert value("ثلاثة ونصف") == 3  # 3.5 people is no count


@pytest.mark.parametrize(
    "text, expected",
    [
        ("مليون ونصف المليون", 1_500_000),  # a half of the unit already read
        ("ألف ونصف الألف", 1500),
        ("ثلاثة آلاف ونصف الألف", 3500),
        ("مليونان ونصف المليون", 2_500_000),
        ("مليون وربع المليون", 1_250_000),
        ("مليون وربع", 1_250_000),
        ("مليون وثلث", 1_333_333),
        ("ربع مليون", 250_000),
        ("بربع مليون", 250_000),
        ("رُبع مليون", 250_000),
        ("ربع ألف", 250),
        ("ثلث مليون", 333_333),  # a third is rounded to the nearest whole number
        ("ثلث ألف", 333),
        ("ثلثا مليون", 666_667),
        ("ثلثي مليون", 666_667),
        ("ثلاثة أرباع مليون", 750_000),
        ("ثلاثة أرباع المليون", 750_000),
        ("ثلاثة أرباع مليون لاجئ", 750_000),
    ],
)
def test_fractions_of_large_numbers(text, expected):
    result = reading(text)
    assert (result.value, result.groups) == (expected, (expected,))


def test_a_fraction_alone_is_not_a_count():
    for text in ("ربع القتلى", "ثلث السكان", "ثلثا السكان", "ثلاثة أرباع السكان", "ربع ساعة"):
        assert read_count(text) is None, text  # a part of something, no number stated
    assert value("الربع مليون") == 1_000_000  # «الربع»: the quarter, not a number word
    assert value("مليون ربع") == 1_000_000  # a fraction is added with «و» only
    assert value("ألف ونصف المليون") == 1_001_500  # the half of another unit: two numbers


def test_an_outcome_word_after_wa_and_before_another_count_is_that_counts():
    context = "نزح نصف مليون شخص وقتل ثلاثة"
    assert reading("نصف مليون شخص", context).outcome == "unspecified"
    assert reading("ثلاثة", context).outcome == "killed"
    assert reading("3 أشخاص", "وصل 3 أشخاص وقتلوا").outcome == "killed"  # no count after it


def test_the_context_outcome_follows_find_counts_rule():
    """A cue before the span wins a tie with one after it, and «وأصيب» after it, counting as one
    word away, starts the next clause: the reader and `find_counts` agree."""
    text = "قتل ثلاثة أشخاص وأصيب آخرون"
    assert reading("ثلاثة أشخاص", text).outcome == "killed"
    [phrase] = find_counts(text)
    assert phrase.reading.outcome == "killed"
    assert reading("ثلاثة أشخاص", "أصيب ثلاثة أشخاص، وقتل آخرون").outcome == "injured"


def test_nisba_dual_needs_a_stem_without_the_article():
    assert value("الإسرائيليان") == 2
    assert value("فلسطينيان") == 2
    for word in ("البيان", "بالبيان", "الكيان", "في بعض الأحيان"):
        assert read_count(word) is None, word  # «-يان» words that are not duals


# --- vague quantities and ranges --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("عشرات القتلى", 20, 99),
        ("العشرات", 20, 99),
        ("مئات الجرحى", 200, 999),
        ("آلاف", 2000, 9999),
        ("ألوفاً من الجنود", 2000, 9999),
        ("عشرات الآلاف", 20000, 99999),
        ("مئات الآلاف", 200000, 999999),
        ("بضعة", 3, 9),
        ("dozens of people", 24, 99),
    ],
)
def test_vague(text, low, high):
    result = reading(text)
    assert (result.value, result.low, result.high, result.qualifier) == (
        None,
        low,
        high,
        "approximately",
    )


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("بين 10 و20", 10, 20),
        ("بين 10 و 20 قتيلا", 10, 20),
        ("بين عشرة وعشرين", 10, 20),
        ("10-20", 10, 20),
        ("10 - 20", 10, 20),
        ("من 10 إلى 20", 10, 20),
        ("ثلاثة أو أربعة", 3, 4),
        ("بين ثلاثة و خمسة", 3, 5),  # a spaced «و» between number words
        ("between 5 and 7", 5, 7),
    ],
)
def test_ranges(text, low, high):
    result = reading(text)
    assert (result.value, result.low, result.high) == (None, low, high)
    assert result.qualifier == "approximately"


def test_two_numbers_without_a_range_cue_add_up():
    assert value("10 جنود و20 مدنيا") == 30


# --- qualifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("أكثر من 60", "at least"),
        ("ما لا يقل عن 60", "at least"),
        ("لا يقل عن 60", "at least"),
        ("ما يزيد على 60", "at least"),
        ("60 على الأقل", "at least"),
        ("60 قتيلا على الأقل", "at least"),
        ("60 أو أكثر", "at least"),
        ("at least 60", "at least"),
        ("أقل من 60", "at most"),
        ("حتى 60", "at most"),
        ("ما يصل إلى 60", "at most"),
        ("لا يزيد عن 60", "at most"),
        ("نحو 60", "approximately"),
        ("بنحو 60", "approximately"),
        ("حوالي 60", "approximately"),
        ("حوالى 60", "approximately"),
        ("قرابة 60", "approximately"),
        ("ما يقرب من 60", "approximately"),
        ("زهاء 60", "approximately"),
        ("60 تقريبا", "approximately"),
        ("about 60", "approximately"),
        ("60", "exact"),
    ],
)
def test_qualifiers(text, qualifier):
    result = reading(text)
    assert (result.value, result.qualifier) == (60, qualifier)
    assert result.low == (60 if qualifier == "at least" else None)
    assert result.high == (60 if qualifier == "at most" else None)


def test_until_now_is_not_at_most():
    assert reading("قتل حتى الآن 25 شخصا").qualifier == "exact"


def test_qualifier_just_before_the_span_in_context():
    context = "استولت القوات على أكثر من 60 موقعا عسكريا"
    assert reading("60 موقعا", context).qualifier == "at least"
    assert reading("60 موقعا", "قالت إن 60 موقعا سقطت").qualifier == "exact"


# --- outcome ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, outcome",
    [
        ("مقتل 5", "killed"),
        ("5 قتلى", "killed"),
        ("القتلى 5", "killed"),
        ("5 قتيلا", "killed"),
        ("لقي 5 مصرعهم", "killed"),
        ("استشهاد 5", "killed"),
        ("5 شهداء", "killed"),
        ("5 جرحى", "injured"),
        ("جريح 5", "injured"),
        ("إصابة 5", "injured"),
        ("5 مصابين", "injured"),
        ("أصيب 5", "injured"),
        ("5 مفقودين", "missing"),
        ("فقدان 5", "missing"),
        ("أسر 5 جنود", "captured"),
        ("5 أسرى", "captured"),
        ("اختطاف 5", "captured"),
        ("5 رهائن", "captured"),
        ("5 جنود", "unspecified"),
        ("5 إسرائيليين", "unspecified"),  # «اسر...» is not «أسر»
    ],
)
def test_outcome_from_the_span(text, outcome):
    assert reading(text).outcome == outcome


def test_outcome_from_context_nearest_cue():
    context = "أصيب 3 أشخاص، وأسفر القصف عن مقتل 5 جنود"
    assert reading("5 جنود", context).outcome == "killed"
    assert reading("3 أشخاص", context).outcome == "injured"
    assert reading("5 جنود", "").outcome == "unspecified"


# --- real phrases from the seeds ------------------------------------------------------------


def seed_sentence(seeds_dir, name: str, phrase: str) -> str:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    for start, end in split_sentences(text):
        if phrase in text[start:end]:
            return text[start:end]
    raise AssertionError(f"{phrase!r} not in {name}")


@pytest.mark.parametrize(
    "name, span, expected",
    [
        (
            "000_d16953ad185bce75.txt",
            "11 من رجال الشرطة والمدنيين الأذربيجانيين",
            (11, "exact", "killed"),
        ),
        ("003_e285bc6e3422a1ef.txt", "أربعة جنود ومدنيين اثنين", (6, "exact", "killed")),
        ("003_e285bc6e3422a1ef.txt", "25 شخصا قتلوا، بينهم مدنيان", (25, "exact", "killed")),
        ("001_dcf8befaf0a38c62.txt", "أربعة شرطيين ومدنيَّين", (6, "exact", "killed")),
        ("004_6b939b76667bada4.txt", "49 جندياً أرمينياً", (49, "exact", "killed")),
        ("003_e285bc6e3422a1ef.txt", "60 موقعا عسكريا", (60, "at least", "unspecified")),
        ("003_e285bc6e3422a1ef.txt", "20 مركبة عسكرية", (20, "at most", "unspecified")),
        ("000_d16953ad185bce75.txt", "120 ألف أرمني", (120000, "approximately", "unspecified")),
        ("000_d16953ad185bce75.txt", "3000 جندي", (3000, "approximately", "unspecified")),
    ],
)
def test_seed_phrases(seeds_dir, name, span, expected):
    context = seed_sentence(seeds_dir, name, span)
    result = reading(span, context)
    assert (result.value, result.qualifier, result.outcome) == expected


def test_seed_vague_thousands(seeds_dir):
    context = seed_sentence(seeds_dir, "004_6b939b76667bada4.txt", "ألوفاً")
    result = reading("ألوفاً من قوات حفظ السلام", context)
    assert (result.value, result.low, result.qualifier) == (None, 2000, "approximately")


_WORD_PARTS = [
    *"و ف ب ل ك ال وال بال لل".split(),
    *"ثلاثه الف الفا مئتين عشرات بضعه جنديين مدنيان مدني رهينتين فلسطيني ربع نصف قتلي".split(),
    *"ين ان يان يين ه ا ي ت ن م ل 5 ١٢".split(),
]
_MARKS = ["", "\u064e", "\u0650", "\u0651", "\u064b", "\u0652"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_WORD_PARTS), min_size=1, max_size=3),
    st.lists(st.sampled_from(_MARKS), min_size=1, max_size=12),
)
def test_a_plain_word_starts_no_group(parts, marks):
    """`numbers._plain_word`, the test `_groups` skips most words with, holds of no word a
    group may start at, whatever its diacritics (a dual «مدنيَّين» is written with a fatha)."""
    from annotator.text import numbers

    word = "".join(parts)
    # diacritics after the letters, cycling through the drawn marks
    marked = "".join(c + marks[k % len(marks)] for k, c in enumerate(word))
    tokens = numbers._tokens(marked + " اليوم")
    first = tokens[0].norm
    if numbers._plain_word(first):
        assert numbers._vague_word(first) is None
        assert numbers._number_word(first) is None and not first[0].isdigit()
        assert not numbers._is_dual_noun(tokens[0])
        assert all(group.first > 0 for group in numbers._groups(tokens))


def test_plain_words_include_no_fatha_dual():
    from annotator.text import numbers

    assert not numbers._plain_word("مدنيين")  # «مدنيَّين» two civilians: only the fatha tells
    assert numbers._groups(numbers._tokens("مدنيَّين اليوم"))[0].dual
    assert numbers._plain_word("اليوم")


_CONTEXT_CHARS = [
    *"أكثر من ما لا يقل عن نحو على الأقل قتل شخصا",
    *"0123456789٠١٢٣",
    *"\u064e\u0651\u064b\u0640\u200c\u200f\ufeff",  # removed: diacritics, tatweel, controls
    *" \n\t\u00a0\u2028\u3000\u202f\x0b",  # whitespace, some of it folded to a space
    *"،.,:؛«»()%٪-+…_'",
    *"ΣσİIAa",
]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CONTEXT_CHARS), max_size=40), st.integers(1, 9))
def test_last_words_are_those_of_the_whole_normalized_text(text, count):
    """`numbers._last_words`, which reads the context before a span word by word (with a
    per-word cache), gives the last tokens of the normalized text read whole."""
    from annotator.text import normalize, numbers

    expected = numbers._TOKEN_RE.findall(normalize(text))[-count:]
    assert numbers._last_words(text, count) == expected


def test_qualifier_before_the_span_with_marks_and_odd_spaces():
    context = "قُتِلَ أكـثرُ\u00a0مِنْ\n60 شخصا"
    assert reading("60 شخصا", context).qualifier == "at least"
    assert reading("60 شخصا", "قتل ما لا\u2028يقل\u200c عن 60 شخصا").qualifier == "at least"
    assert reading("60 شخصا", "قتل بنحو\t60 شخصا").qualifier == "approximately"
    assert reading("60 شخصا", "قتل من 60 شخصا").qualifier == "exact"  # «من» alone is no cue
