"""Casualty rules (annotator.suggestions.casualty): counts near outcome words become CASUALTY
proposals with count, qualifier and outcome."""

from __future__ import annotations

import pickle

import pytest

from annotator.demo import SAMPLES
from annotator.model import DocRecord, SpanRecord
from annotator.rules import ACTOR, CASUALTY, CLAIM, LabelDef
from annotator.store.labels import default_schema
from annotator.suggestions import Proposal, Setting, make
from annotator.suggestions.casualty import CasualtyRules

LABELS = {
    entry["name"]: LabelDef(entry["name"], attributes=entry.get("attributes", []))
    for entry in default_schema()["labels"]
}


def rules(**options) -> CasualtyRules:
    return CasualtyRules(Setting(LABELS), **options)


def proposed(text: str, spans: list[SpanRecord] | None = None, **options) -> list[Proposal]:
    return rules(**options).suggest(DocRecord(text, spans=spans or []))


def shown(text: str, proposals: list[Proposal]) -> list[tuple[str, str, dict]]:
    return [(text[p.start : p.end], p.label, dict(p.attributes)) for p in proposals]


def test_built_by_name_and_learns_nothing():
    recommender = make("casualty", Setting(LABELS), gazetteer=[("الجيش", ACTOR)])
    assert isinstance(recommender, CasualtyRules) and recommender.name == "casualty"
    text = "قتل 3 جنود"
    before = recommender.suggest(DocRecord(text))
    recommender.train([DocRecord(text, spans=[SpanRecord(0, 3, CASUALTY)])])
    assert recommender.suggest(DocRecord(text)) == before != []


def test_counts_next_to_outcome_words():
    text = "أسفر القصف عن مقتل 25 شخصا وإصابة 40 آخرين في عام 2020."
    proposals = proposed(text)
    assert shown(text, proposals) == [
        ("مقتل 25 شخصا", CASUALTY, {"count": 25, "qualifier": "exact", "outcome": "killed"}),
        ("إصابة 40 آخرين", CASUALTY, {"count": 40, "qualifier": "exact", "outcome": "injured"}),
    ]
    assert [p.score for p in proposals] == [0.9, 0.9]
    assert [(p.start, p.end) for p in proposals] == [(14, 26), (28, 42)]


def test_outcome_word_after_the_count_and_qualifiers():
    text = "وقالت الوزارة إن أكثر من 60 شخصا قتلوا، وفقدت ما لا يقل عن 12 آخرين"
    assert shown(text, proposed(text)) == [
        (
            "أكثر من 60 شخصا قتلوا",
            CASUALTY,
            {"count": 60, "qualifier": "at least", "outcome": "killed"},
        ),
        (
            "فقدت ما لا يقل عن 12 آخرين",
            CASUALTY,
            {"count": 12, "qualifier": "at least", "outcome": "missing"},
        ),
    ]


def test_years_dates_percentages_and_things_are_not_proposed():
    text = (
        "قتل في عام 2020 وقتل في 2014 وارتفع عدد القتلى بنسبة 10% يوم 14 سبتمبر، "
        "وأسفر الهجوم عن مقتل ثلاثة بعد 48 ساعة من إطلاق 20 صاروخا قتلت 5 مدنيين"
    )
    assert shown(text, proposed(text)) == [
        ("مقتل ثلاثة", CASUALTY, {"count": 3, "qualifier": "exact", "outcome": "killed"}),
        ("قتلت 5 مدنيين", CASUALTY, {"count": 5, "qualifier": "exact", "outcome": "killed"}),
    ]


def test_vague_and_far_counts_score_lower():
    text = "قتل الجيش أمس عشرات المسلحين"
    (proposal,) = proposed(text)
    assert shown(text, [proposal]) == [
        (
            "عشرات المسلحين",  # the cue two tokens away stays out of the span
            CASUALTY,
            {"count": [20, 99], "qualifier": "approximately", "outcome": "killed"},
        )
    ]
    assert proposal.score == pytest.approx((0.9 - 2 * 0.15) * 0.7)
    assert 0 < proposal.score < proposed("مقتل 5 مسلحين")[0].score <= 1


def test_a_part_of_an_earlier_count_scores_lower():
    text = "25 شخصا قتلوا، بينهم مدنيان"
    whole, part = proposed(text)
    assert shown(text, [part]) == [
        ("مدنيان", CASUALTY, {"count": 2, "qualifier": "exact", "outcome": "killed"})
    ]
    assert part.score < whole.score


def test_max_distance():
    text = "قتل الجيش خلال العملية الواسعة 5 مسلحين"
    assert proposed(text) == []
    assert shown(text, proposed(text, max_distance=4)) == [
        ("5 مسلحين", CASUALTY, {"count": 5, "qualifier": "exact", "outcome": "killed"})
    ]


def test_a_count_without_an_outcome_word_is_not_proposed():
    assert proposed("وصل 3000 جندي إلى المنطقة. قتل أحد المسلحين") == []
    assert proposed("فقد تم ترشيح 191 شخصا للجائزة") == []  # «فقد»: so, not «lost»


def test_duals_and_halves():
    text = "أصيب ألفا جندي، ونزوح مليون ونصف لاجئ، وأسر مدنيَّين"
    assert shown(text, proposed(text)) == [
        ("أصيب ألفا جندي", CASUALTY, {"count": 2000, "qualifier": "exact", "outcome": "injured"}),
        ("أسر مدنيَّين", CASUALTY, {"count": 2, "qualifier": "exact", "outcome": "captured"}),
    ]


def test_fractions_and_an_outcome_word_after_wa():
    text = "وقتل مليون ونصف المليون"
    assert shown(text, proposed(text)) == [
        (
            "قتل مليون ونصف المليون",
            CASUALTY,
            {"count": 1_500_000, "qualifier": "exact", "outcome": "killed"},
        )
    ]
    text = "نزح نصف مليون شخص وقتل ثلاثة"  # «نزح»: no casualty; «وقتل» is the three's
    assert shown(text, proposed(text)) == [
        ("قتل ثلاثة", CASUALTY, {"count": 3, "qualifier": "exact", "outcome": "killed"})
    ]
    text = "أصيب ربع مليون شخص"
    assert shown(text, proposed(text)) == [
        (
            "أصيب ربع مليون شخص",
            CASUALTY,
            {"count": 250_000, "qualifier": "exact", "outcome": "injured"},
        )
    ]


def test_offsets_in_code_points_after_an_emoji():
    text = "😀😀 مقتل 3 أشخاص"
    (proposal,) = proposed(text)
    assert (proposal.start, proposal.end) == (3, 15)
    assert text[proposal.start : proposal.end] == "مقتل 3 أشخاص"


def test_skips_counts_the_annotator_already_has():
    text = "قتل 3 جنود وأصيب 5 مدنيين"
    held = [SpanRecord(4, 10, CASUALTY, annotator="ann")]  # «3 جنود»
    assert shown(text, proposed(text, held)) == [
        ("أصيب 5 مدنيين", CASUALTY, {"count": 5, "qualifier": "exact", "outcome": "injured"})
    ]
    other_label = [SpanRecord(4, 10, ACTOR, annotator="ann")]
    assert len(proposed(text, other_label)) == 2


def test_the_label_with_a_count_whatever_its_name():
    victims = LabelDef("ضحايا", attributes=LABELS[CASUALTY].attributes)
    recommender = CasualtyRules(Setting({ACTOR: LABELS[ACTOR], "ضحايا": victims}))
    (proposal,) = recommender.suggest(DocRecord("مقتل 3 أشخاص"))
    assert proposal.label == "ضحايا" and proposal.attributes["count"] == 3
    no_count = CasualtyRules(Setting({ACTOR: LABELS[ACTOR], CLAIM: LABELS[CLAIM]}))
    assert no_count.suggest(DocRecord("مقتل 3 أشخاص")) == []


@pytest.mark.parametrize("name", ["001_dcf8befaf0a38c62.txt", "003_e285bc6e3422a1ef.txt"])
def test_demo_articles_casualty_spans(seeds_dir, name):
    """The demo project's CASUALTY spans of a seed article are proposed exactly, with the
    demo's attributes."""
    text = (seeds_dir / name).read_text(encoding="utf-8")
    proposals = {(p.start, p.end): p for p in proposed(text)}
    samples = [s for s in SAMPLES[name][0] if s.label == CASUALTY]
    assert samples
    for sample in samples:
        start = text.index(sample.phrase)
        proposal = proposals[(start, start + len(sample.phrase))]
        assert (proposal.label, dict(proposal.attributes)) == (CASUALTY, sample.attributes)
        assert proposal.score == 0.9


def test_the_outcome_is_read_in_the_sentence_of_the_count():
    text = "وقال إن بين القتلى طفلا وامرأتين. وأصيب نحو 54 شخصا بجروح"
    assert shown(text, proposed(text)) == [
        ("امرأتين", CASUALTY, {"count": 2, "qualifier": "exact", "outcome": "killed"}),
        (
            "أصيب نحو 54 شخصا",
            CASUALTY,
            {"count": 54, "qualifier": "approximately", "outcome": "injured"},
        ),
    ]


def test_pickles_for_the_worker_processes():
    recommender = rules(max_distance=1)
    copy = pickle.loads(pickle.dumps(recommender))
    text = "قتل الجيش 5 مسلحين وأصيب 3 جنود"
    assert copy.suggest(DocRecord(text)) == recommender.suggest(DocRecord(text)) != []
    assert copy.max_distance == 1
