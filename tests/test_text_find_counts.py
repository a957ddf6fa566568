"""Counts of people in running text (annotator.text.find_counts): spans, readings, cues."""

from __future__ import annotations

import random

import pytest
from test_text_numbers import arabic

from annotator.text import CountPhrase, find_counts, read_count


def found(text: str, cued: bool = False) -> list[tuple[str, int | None, str]]:
    """(phrase, value, outcome) of every count found in `text`."""
    return [
        (text[p.start : p.end], p.reading.value, p.reading.outcome)
        for p in find_counts(text, cued=cued)
    ]


def cue_of(text: str, phrase: CountPhrase) -> tuple[str, int] | None:
    return (
        None
        if phrase.cue is None
        else (text[phrase.cue.start : phrase.cue.end], phrase.cue.distance)
    )


def test_counts_with_their_outcome_cues():
    text = "أسفر القصف عن مقتل 25 شخصا وإصابة 40 آخرين في عام 2020."
    phrases = find_counts(text)
    assert found(text) == [("25 شخصا", 25, "killed"), ("40 آخرين", 40, "injured")]
    assert [cue_of(text, p) for p in phrases] == [("مقتل", 0), ("إصابة", 0)]  # no «و»
    assert all(isinstance(p, CountPhrase) and not p.subset for p in phrases)


def test_what_is_not_a_count_of_people():
    text = (
        "في عام 2020 وفي 14 سبتمبر الساعة 14:00 ارتفعت الأسعار بنسبة 10% خلال 48 ساعة، "
        "ودمرت 20 مركبة و3 صواريخ وفق القرار 2254 وقال أحد المسؤولين إن البيان صدر في 2014 "
        "وقتل مرة واحدة في 12/9/2022 على بعد 10 كيلومترات."
    )
    assert found(text) == []


def test_percent_ordinals_and_one_after_a_unit():
    text = "فقدت نحو 25 في المئة من قيمتها، واختطف يوم الخامس عشر من أغسطس، وقتل 3 في يوم واحد"
    assert found(text) == [("3", 3, "killed")]
    assert read_count("25 في المئة") is None and read_count("عشر من أغسطس") is None
    assert read_count("قتل 3 في يوم واحد").groups == (3,)


def test_a_number_after_wa_does_not_count_the_noun_before_it():
    assert found("القتلى مدنيون واثنين من الشرطة") == [("اثنين من الشرطة", 2, "killed")]


def test_digits_in_names_and_codes_are_not_counts():
    text = "مقاتلات J-35 وF16 [ad_1] قتلت و20 مدنيا"
    assert found(text) == [("20 مدنيا", 20, "killed")]  # «و»: a proclitic, not a code


def test_offsets_are_code_points_of_the_original_text():
    text = "😀 قُتِلَ ثَلاثَةُ جُنُودٍ في القصف"
    (phrase,) = find_counts(text)
    assert text[phrase.start : phrase.end] == "ثَلاثَةُ جُنُودٍ"  # with the final tanween
    assert (phrase.reading.value, cue_of(text, phrase)) == (3, ("قُتِلَ", 0))


def test_groups_joined_by_wa_are_one_count():
    assert found("مقتل أربعة جنود ومدنيين اثنين") == [("أربعة جنود ومدنيين اثنين", 6, "killed")]
    assert found("أربعة شرطيين ومدنيَّين قتلوا") == [("أربعة شرطيين ومدنيَّين", 6, "killed")]
    assert found("قتل 3 جنود و5 مدنيين") == [("3 جنود و5 مدنيين", 8, "killed")]
    assert found("3 قتلى و5 جرحى") == [("3 قتلى", 3, "killed"), ("5 جرحى", 5, "injured")]
    assert found("قتل 3 جنود وأصيب 5 مدنيين") == [
        ("3 جنود", 3, "killed"),
        ("5 مدنيين", 5, "injured"),
    ]


def test_a_part_of_an_earlier_count():
    text = "25 شخصا قتلوا، بينهم مدنيان"
    first, second = find_counts(text)
    assert (text[first.start : first.end], first.subset) == ("25 شخصا", False)
    assert (text[second.start : second.end], second.reading.value, second.subset) == (
        "مدنيان",
        2,
        True,
    )
    assert cue_of(text, second) == ("قتلوا", 2)


def test_qualifier_range_noun_phrase_and_one_after_its_noun():
    text = "قتل أكثر من 60 شخصا"
    (phrase,) = find_counts(text)
    assert text[phrase.start : phrase.end] == "أكثر من 60 شخصا"
    assert (phrase.reading.value, phrase.reading.low, phrase.reading.qualifier) == (
        60,
        60,
        "at least",
    )
    (between,) = find_counts("سقط بين 10 و20 قتيلا")
    assert (between.reading.low, between.reading.high) == (10, 20)
    assert found("مقتل 11 من رجال الشرطة في الهجوم") == [("11 من رجال الشرطة", 11, "killed")]
    assert found("قتلت 49 جندياً أرمينياً") == [("49 جندياً أرمينياً", 49, "killed")]
    assert found("مقتل شخص واحد") == [("شخص واحد", 1, "killed")]


def test_duals_halves_vague_quantities():
    assert found("أصيب ألفا جندي") == [("ألفا جندي", 2000, "injured")]
    assert found("نزح مليون ونصف لاجئ") == [("مليون ونصف لاجئ", 1_500_000, "unspecified")]
    assert found("مقتل مدنيَّين") == [("مدنيَّين", 2, "killed")]  # fatha: a dual
    assert found("مقتل مدنيين") == []  # a plural, no number
    assert found("قال باشينيان إن عشرات القتلى سقطوا") == [("عشرات القتلى", None, "killed")]


def test_a_half_of_the_unit_and_fractions_in_running_text():
    assert found("وقتل مليون ونصف المليون") == [("مليون ونصف المليون", 1_500_000, "killed")]
    assert found("نزح ربع مليون شخص") == [("ربع مليون شخص", 250_000, "unspecified")]
    text = "وقتل ثلاثة أرباع مليون شخص"
    assert found(text) == [("ثلاثة أرباع مليون شخص", 750_000, "killed")]


def test_an_outcome_word_after_wa_belongs_to_the_count_after_it():
    text = "نزح نصف مليون شخص وقتل ثلاثة"
    half, three = find_counts(text)
    assert text[half.start : half.end] == "نصف مليون شخص"
    assert half.cue is None and half.reading.outcome == "unspecified"
    assert cue_of(text, three) == ("قتل", 0) and three.reading.outcome == "killed"
    assert found(text, cued=True) == [("ثلاثة", 3, "killed")]
    text = "نزح 500 شخص و قتل أكثر من 60 مدنيا"  # «و» apart, a qualifier before the count
    assert find_counts(text)[0].cue is None
    # with no count after it, the outcome word is still the count's before it
    assert found("وصل 5 أشخاص وقتلوا") == [("5 أشخاص", 5, "killed")]
    assert found("قتل 3 وأصيب 5") == [("3", 3, "killed"), ("5", 5, "injured")]


def test_cue_in_another_sentence_or_far_is_none():
    text = "قتل جندي أمس. وصل 5 أشخاص إلى المستشفى"
    (phrase,) = find_counts(text)
    assert text[phrase.start : phrase.end] == "5 أشخاص" and phrase.cue is None
    assert phrase.reading.outcome == "unspecified"
    (far,) = find_counts("قتل الجيش أمس 5 مسلحين")
    assert far.cue is not None and far.cue.distance == 2


def test_cued_keeps_only_counts_near_an_outcome_word():
    text = "وصل 3000 جندي إلى المنطقة.\nوقتل 5 مدنيين في القصف"
    assert [value for _, value, _ in found(text)] == [3000, 5]
    assert found(text, cued=True) == [("5 مدنيين", 5, "killed")]


@pytest.mark.parametrize("n", random.Random(13).sample(range(3, 1_000_000), 150))
def test_spelled_numbers_in_a_sentence_read_as_the_reader_does(n):
    text = f"وأفادت المصادر بمقتل {arabic(n)} شخصا في القصف"
    (phrase,) = find_counts(text)
    assert phrase.reading.value == n
    reading = read_count(text[phrase.start : phrase.end])
    assert reading is not None and reading.value == n


def test_text_without_numbers():
    assert find_counts("") == []
    assert find_counts("قال المتحدث إن الوضع هادئ في المنطقة\r\nولم يصب أحد") == []


def test_cued_is_the_counts_with_a_cue(seeds_dir):
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    texts.append("أصيب 5 أشخاص في 2020، وقتل 3 آخرون. وأسر الجيش 12 مسلحا\nومقتل 4 و20 جريحا")
    filler = "وقال المتحدث في مؤتمر صحفي عقده في العاصمة إن الوضع يتطلب الهدوء والحذر. " * 4
    cues = ["قتل", "أصيب", "أسر", "مقتل", "اختطاف", "إصابة", "استشهاد", "مصرع", "فقدان"]
    texts.append(filler.join(f"{cue} {n + 3} أشخاص" for n, cue in enumerate(cues)))
    for text in texts:
        cued = find_counts(text, cued=True)
        assert cued == [p for p in find_counts(text) if p.cue is not None]
    assert len(find_counts(texts[-1], cued=True)) == len(cues)
    assert sum(len(find_counts(text, cued=True)) for text in texts) >= 10 + len(cues)


def test_near_keeps_the_positions_within_reach_of_a_cue():
    import random

    from annotator.text.numbers import _near

    rng = random.Random(7)
    for _ in range(300):
        cues = sorted(rng.randrange(0, 400) for _ in range(rng.randrange(0, 5)))
        positions = sorted(rng.randrange(0, 400) for _ in range(rng.randrange(0, 30)))
        reach = rng.randrange(0, 60)
        expected = [p for p in positions if any(abs(p - c) <= reach for c in cues)]
        assert _near(cues, positions, reach) == expected


def test_windows_reach_six_words_each_side_within_the_line():
    """`numbers._windows`: the words `find_counts` reads around a place a count may start."""
    from annotator.text import numbers

    text = " ".join(f"w{i}" for i in range(21))
    (first, last), *_ = numbers._windows(text, [text.index("w10")])
    assert text[first:last].split() == [f"w{i}" for i in range(4, 17)]
    merged = numbers._windows(text, [text.index("w3"), text.index("w5"), text.index("w19")])
    assert [text[a:b].split() for a, b in merged] == [
        [f"w{i}" for i in range(12)],
        [f"w{i}" for i in range(13, 21)],
    ]
    lines = "a b c\nw0 w1 w2 w3 w4 w5 w6 w7 w8 w9\nx y"
    (first, last), *_ = numbers._windows(lines, [lines.index("w2")])
    assert lines[first:last].split() == [f"w{i}" for i in range(9)]
    (first, last), *_ = numbers._windows("w0  w1 w2", [0])  # a double space is a word less
    assert "w0  w1 w2"[first:last] == "w0  w1 w2"
