"""Claim attribution rules (annotator.suggestions.claims): reporting verbs, reported content,
the ACTOR it is attributed to."""

from __future__ import annotations

import pickle

import pytest

from annotator.demo import SAMPLES
from annotator.model import DocRecord, SpanRecord
from annotator.rules import ACTOR, CASUALTY, CLAIM, LabelDef
from annotator.suggestions import Proposal, Setting, make
from annotator.suggestions.claims import ClaimRules
from annotator.text.reporting import STEMS, VERB_RE, verb_forms, verb_lemma

LABELS = {name: LabelDef(name) for name in (ACTOR, CLAIM, CASUALTY)}


def rules(*labels: str) -> ClaimRules:
    names = labels or (ACTOR, CLAIM, CASUALTY)
    return ClaimRules(Setting({name: LABELS[name] for name in names}))


def at(text: str, phrase: str, after: str = "") -> tuple[int, int]:
    start = text.index(phrase, text.index(after) + len(after) if after else 0)
    return start, start + len(phrase)


def by_label(proposals: list[Proposal], label: str) -> list[Proposal]:
    return [p for p in proposals if p.label == label]


def spans(proposals: list[Proposal], label: str) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in by_label(proposals, label)]


def test_built_by_name_and_learns_nothing() -> None:
    recommender = make("claims", Setting(LABELS))
    assert isinstance(recommender, ClaimRules) and recommender.name == "claims"
    text = "وقال الوزير إن الحرب انتهت."
    before = recommender.suggest(DocRecord(text))
    recommender.train([DocRecord(text, spans=[SpanRecord(0, 4, ACTOR)])])
    assert recommender.suggest(DocRecord(text)) == before


def test_verb_subject_with_quotation() -> None:
    text = "وقال وزير الخارجية الروسي سيرغي لافروف: «لن نقبل بهذا الاتفاق». وغادر."
    proposals = rules().suggest(DocRecord(text))
    actor = at(text, "وزير الخارجية الروسي سيرغي لافروف")
    (claim,) = by_label(proposals, CLAIM)
    assert (claim.start, claim.end) == at(text, "لن نقبل بهذا الاتفاق")  # inside the marks
    assert claim.source == actor and claim.score == 0.8
    (proposed,) = by_label(proposals, ACTOR)
    assert (proposed.start, proposed.end) == actor and proposed.score < claim.score


def test_verb_subject_with_complementizer() -> None:
    text = "وقال وزير الخارجية الروسي سيرغي لافروف إن بلاده لن تقبل بهذا الاتفاق."
    proposals = rules().suggest(DocRecord(text))
    actor = at(text, "وزير الخارجية الروسي سيرغي لافروف")
    (claim,) = by_label(proposals, CLAIM)
    # without «إن» and without the final full stop
    assert (claim.start, claim.end) == at(text, "بلاده لن تقبل بهذا الاتفاق")
    assert claim.source == actor and claim.score == 0.7
    assert spans(proposals, ACTOR) == [actor]


@pytest.mark.parametrize(
    ("text", "subject", "content"),
    [
        # time words after the verb are skipped, «في بيان» ends the subject
        ("أكدت أذربيجان اليوم الثلاثاء أنها ستواصل عمليتها.", "أذربيجان", "ستواصل عمليتها"),
        ("وقالت الوزارة في بيان إن القوات تقدمت.", "الوزارة", "القوات تقدمت"),
        # a comma ends it: the apposition and the audience are left out
        (
            "وقال المتحدث باسم الكرملين، ديمتري بيسكوف، للصحفيين: «الوضع مستقر».",
            "المتحدث باسم الكرملين",
            "الوضع مستقر",
        ),
        # «على منصة» ends it; the quoted name before the colon is no quotation
        (
            'وقال الانفصاليون على منصة "إكس": "تحاول القوات التقدم".',
            "الانفصاليون",
            "تحاول القوات التقدم",
        ),
        # «لـ» (with its tatweel) + the outlet is where it was said
        ('وقالت مصادر مطلعة لـ"العربية" إن الاتفاق قريب.', "مصادر مطلعة", "الاتفاق قريب"),
        # a title is no time word
        (
            "وقال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن الهدنة ضرورية.",
            "الأمين العام للأمم المتحدة أنطونيو غوتيريش",
            "الهدنة ضرورية",
        ),
        # a relative clause is left out
        ("وقال المسؤول الذي طلب عدم ذكر اسمه إن القصف توقف.", "المسؤول", "القصف توقف"),
        # time words and «فيه» before the subject are skipped too
        ("أعلنت اليوم وزارة الدفاع أن القوات تقدمت.", "وزارة الدفاع", "القوات تقدمت"),
        ("في الوقت الذي أكدت فيه باكو أن الهدنة انتهت.", "باكو", "الهدنة انتهت"),
        # «على أن»: the preposition belongs to the complementizer
        ("وأكد الرئيس على أن الحوار مستمر.", "الرئيس", "الحوار مستمر"),
    ],
)
def test_subject_and_content(text: str, subject: str, content: str) -> None:
    proposals = rules().suggest(DocRecord(text))
    (claim,) = by_label(proposals, CLAIM)
    assert (claim.start, claim.end) == at(text, content)
    assert claim.source == at(text, subject)
    assert spans(proposals, ACTOR) == [at(text, subject)]


@pytest.mark.parametrize(
    ("text", "subject", "content"),
    [
        # a quotation right after the subject is the content, as after a colon
        ("وقال الرئيس «إننا لن نسمح بذلك».", "الرئيس", "إننا لن نسمح بذلك"),
        ("وقال الرئيس: «إننا لن نسمح بذلك».", "الرئيس", "إننا لن نسمح بذلك"),
        ("وقال الرئيس «لن نسمح بذلك».", "الرئيس", "لن نسمح بذلك"),
        ('وقال الرئيس "إننا لن نسمح بذلك".', "الرئيس", "إننا لن نسمح بذلك"),
        ("وأكد وزير الدفاع “لن نسمح بذلك”، ثم غادر.", "وزير الدفاع", "لن نسمح بذلك"),
        # a quoted name in the subject, then the quotation
        ('وقال المتحدث باسم "حماس" «لن نقبل بذلك».', "المتحدث باسم", "لن نقبل بذلك"),
        # no «إن» clause starts inside a quoted name
        ("وقالت جمعية «إن غدا لناظره قريب» إن التبرعات وصلت.", "جمعية", "التبرعات وصلت"),
    ],
)
def test_quotation_right_after_the_subject(text: str, subject: str, content: str) -> None:
    proposals = rules().suggest(DocRecord(text))
    (claim,) = by_label(proposals, CLAIM)
    assert (claim.start, claim.end) == at(text, content)
    assert claim.source == at(text, subject)
    assert spans(proposals, ACTOR) == [at(text, subject)]


def test_subject_verb_order() -> None:
    text = "بعد ساعات من القصف، وزارة الدفاع قالت إن القوات انسحبت."
    proposals = rules().suggest(DocRecord(text))
    (claim,) = by_label(proposals, CLAIM)
    assert (claim.start, claim.end) == at(text, "القوات انسحبت")
    assert claim.source == at(text, "وزارة الدفاع")
    # less sure than a subject after the verb
    assert claim.score == 0.6
    assert spans(proposals, ACTOR) == [at(text, "وزارة الدفاع")]


@pytest.mark.parametrize(
    "text",
    [
        "وصل الموعد أيضا قال إن المحادثات ستستمر.",  # an adverb: no noun phrase
        "الرئيس والوزير والقائد والسفير والمبعوث والناطق قالوا إن المحادثات ستستمر.",  # too long
        "في 12 مايو قال إن المحادثات ستستمر.",
    ],
)
def test_no_subject_before_the_verb(text: str) -> None:
    proposals = rules().suggest(DocRecord(text))
    assert [(p.label, p.source) for p in proposals] == [(CLAIM, None)]


def test_subject_verb_after_particles_and_inside_a_claim() -> None:
    text = "أما روسيا فقد أكدت أنها تلقت تنبيها. وقالت أرمينيا إن الوزارة أعلنت أن الهدنة انتهت."
    proposals = rules().suggest(DocRecord(text))
    claims = {(p.start, p.end): p.source for p in by_label(proposals, CLAIM)}
    assert claims[at(text, "تلقت تنبيها")] == at(text, "روسيا")
    # the outer claim holds the inner one, whose subject starts after «إن»
    assert claims[at(text, "الوزارة أعلنت أن الهدنة انتهت")] == at(text, "أرمينيا")
    assert claims[at(text, "الهدنة انتهت")] == at(text, "الوزارة")


def test_pronoun_subject_gives_a_claim_without_source() -> None:
    text = "وأضاف أن المحادثات ستستمر. ما قالت إنها قوات أجنبية."
    proposals = rules().suggest(DocRecord(text))
    assert by_label(proposals, ACTOR) == []
    claims = by_label(proposals, CLAIM)
    assert [(p.start, p.end) for p in claims] == [
        at(text, "المحادثات ستستمر"),
        at(text, "قوات أجنبية"),
    ]
    assert all(p.source is None and p.score == 0.4 for p in claims)


def test_scores_order_quotation_clause_no_source() -> None:
    text = "وقال الوزير: «الحرب انتهت». وقال الوزير إن السلام قريب. وأضاف أن الجيش مستعد."
    scores = {
        text[p.start : p.end]: p.score for p in by_label(rules().suggest(DocRecord(text)), CLAIM)
    }
    assert scores["الحرب انتهت"] > scores["السلام قريب"] > scores["الجيش مستعد"] > 0


def test_existing_actor_annotation_is_the_source() -> None:
    text = "وقال وزير الخارجية الروسي سيرغي لافروف إن بلاده لن تقبل بهذا الاتفاق."
    actor = at(text, "سيرغي لافروف")
    doc = DocRecord(text, spans=[SpanRecord(*actor, ACTOR), SpanRecord(0, 4, CASUALTY)])
    proposals = rules().suggest(doc)
    (claim,) = by_label(proposals, CLAIM)
    assert claim.source == actor
    assert by_label(proposals, ACTOR) == []  # nothing new to propose


def test_earlier_actor_proposal_is_the_source() -> None:
    text = "وقال وزير الخارجية الروسي سيرغي لافروف إن بلاده لن تقبل بهذا الاتفاق."
    earlier = [
        Proposal(*at(text, "الروسي"), CASUALTY, 0.9),
        Proposal(*at(text, "وزير الخارجية الروسي"), ACTOR, 0.9),
        Proposal(*at(text, "بلاده"), ACTOR, 0.9),  # in the claim, not the subject
    ]
    proposals = rules().suggest(DocRecord(text), earlier)
    (claim,) = by_label(proposals, CLAIM)
    assert claim.source == at(text, "وزير الخارجية الروسي")
    assert by_label(proposals, ACTOR) == []


def test_annotation_preferred_to_earlier_proposal() -> None:
    text = "وقالت وزارة الدفاع الأذربيجانية إنها بدأت عمليات."
    annotated = at(text, "وزارة الدفاع الأذربيجانية")
    doc = DocRecord(text, spans=[SpanRecord(*annotated, ACTOR)])
    earlier = [Proposal(*at(text, "الأذربيجانية"), ACTOR, 0.9)]
    (claim,) = by_label(rules().suggest(doc, earlier), CLAIM)
    assert claim.source == annotated


def test_reporting_verb_inside_another_word_is_no_verb() -> None:
    text = (
        "وجاء في مقال إن الحرب انتهت. وصنع قالب إن الحلوى جاهزة. "
        "الانتقال أن يتم بسرعة. مقالات إن كثيرة. وتذكرة إن السفر."
    )
    assert rules().suggest(DocRecord(text)) == []


def test_diacritics_and_tatweel_do_not_matter() -> None:
    text = "وقـــالَ الوزيرُ إنّ الحربَ انتهتْ."
    proposals = rules().suggest(DocRecord(text))
    (claim,) = by_label(proposals, CLAIM)
    # the claim ends after the sukun of its last letter; the subject keeps its damma
    assert (claim.start, claim.end) == at(text, "الحربَ انتهتْ")
    assert claim.source == at(text, "الوزيرُ")
    assert spans(proposals, ACTOR) == [at(text, "الوزيرُ")]


def test_emoji_before_keeps_code_point_offsets() -> None:
    text = "😀 قالت أذربيجان إن الوضع مستقر."
    proposals = rules().suggest(DocRecord(text))
    assert spans(proposals, CLAIM) == [at(text, "الوضع مستقر")]
    assert spans(proposals, ACTOR) == [at(text, "أذربيجان")]


def test_clause_stops_before_a_joined_reporting_verb_and_an_attribution_tail() -> None:
    text = (
        "أعلنت باكو أن أربعة شرطيين قتلوا، واتّهمت الانفصاليين بالمسؤولية.\n"
        'وقال الوزير إنه يعتزم إنهاء الهجوم "الفظيع"، على حد وصفه.'
    )
    proposals = rules().suggest(DocRecord(text))
    assert spans(proposals, CLAIM) == [
        at(text, "أربعة شرطيين قتلوا"),
        at(text, 'يعتزم إنهاء الهجوم "الفظيع"'),  # quote marks inside a clause are kept
    ]


def test_clause_that_is_one_quotation_loses_its_marks() -> None:
    text = "وقال الانفصاليون في بيان إن “القوات تستخدم المدفعية”."
    (claim,) = by_label(rules().suggest(DocRecord(text)), CLAIM)
    assert (claim.start, claim.end) == at(text, "القوات تستخدم المدفعية")


def test_no_source_across_sentences() -> None:
    # the claim ends with its sentence
    text = "وقال الوزير إن الحرب انتهت! وغادر القاعة إن شاء الله."
    assert spans(rules().suggest(DocRecord(text)), CLAIM) == [at(text, "الحرب انتهت")]
    # the complementizer is in the next sentence: nothing is reported here
    assert rules().suggest(DocRecord("وقال الوزير. إن الوضع مستقر.")) == []
    assert rules().suggest(DocRecord("وقال الوزير\nإن الوضع مستقر.")) == []
    assert rules().suggest(DocRecord("وقال الوزير. وزاد: «الحرب انتهت».")) == []
    # a subject before the verb never reaches into the previous sentence
    text = "انتهى الاجتماع أمس. قالت إن المحادثات ستستمر."
    (claim,) = by_label(rules().suggest(DocRecord(text)), CLAIM)
    assert claim.source is None


def test_long_subject_is_cut() -> None:
    text = (
        "وقال مسؤول أرمني في مجال حقوق الإنسان انفصالي في منطقة ناجورنو كاراباخ الانفصالية "
        "إن 25 شخصا قتلوا، بينهم مدنيان."
    )
    proposals = rules().suggest(DocRecord(text))
    (actor,) = by_label(proposals, ACTOR)
    assert (actor.start, actor.end) == at(text, "مسؤول أرمني في مجال حقوق الإنسان")
    assert actor.score == 0.4  # less than a whole subject
    (claim,) = by_label(proposals, CLAIM)
    assert (claim.start, claim.end) == at(text, "25 شخصا قتلوا، بينهم مدنيان")


def test_held_claim_is_not_proposed_again() -> None:
    text = "وقال الوزير إن الحرب انتهت."
    doc = DocRecord(text, spans=[SpanRecord(*at(text, "الحرب انتهت"), CLAIM)])
    proposals = rules().suggest(doc)
    assert by_label(proposals, CLAIM) == []
    assert spans(proposals, ACTOR) == [at(text, "الوزير")]


def test_labels_the_project_lacks_are_not_proposed() -> None:
    text = "وقال الوزير إن الحرب انتهت."
    without_actor = rules(CLAIM).suggest(DocRecord(text))
    assert [(p.label, p.source) for p in without_actor] == [(CLAIM, None)]
    without_claim = rules(ACTOR).suggest(DocRecord(text))
    assert spans(without_claim, ACTOR) == [at(text, "الوزير")]
    assert by_label(without_claim, CLAIM) == []
    assert rules(CASUALTY).suggest(DocRecord(text)) == []


def test_no_complementizer_no_claim() -> None:
    text = 'أكدت تركيا وقوفها "الدائم" إلى جانب أذربيجان. ونفت أذربيجان زيادة قواتها.'
    assert rules().suggest(DocRecord(text)) == []


@pytest.mark.parametrize(
    "word",
    [
        "قالت", "يقول", "تقول", "أكدت", "يؤكد", "أعلنت", "أفادت", "ذكرت", "صرّح", "أضافت",
        "اتهمت", "نفت", "نفى", "أوضحت", "وقال", "فقالت", "قالوا", "يقولون", "ليؤكد", "سيعلن",
        "تنفي", "أوضحا", "وأكّدت",
    ],
)  # fmt: skip
def test_verb_forms(word: str) -> None:
    text = (
        f"و{word} المصدر إن الوضع مستقر."
        if word[0] not in "وف"
        else f"{word} المصدر إن الوضع مستقر."
    )
    (claim,) = by_label(rules().suggest(DocRecord(text)), CLAIM)
    accuses = "تهم" in word  # its subject is not guessed (test_accusation)
    assert claim.source == (None if accuses else at(text, "المصدر"))


def test_stems_cover_every_form() -> None:
    forms = verb_forms()
    assert all(any(stem in form for stem in STEMS) for form in forms)
    for form in forms:
        match = VERB_RE.fullmatch("و" + form)
        assert match is not None and verb_lemma(match.group("verb")) is not None, form
    assert VERB_RE.fullmatch("لقال") is not None  # the regex allows it; the rules refuse it
    assert rules().suggest(DocRecord("لقال الوزير إن الحرب انتهت.")) == []


def test_demo_seed_claims_are_proposed(seeds_dir) -> None:
    """The demo's annotated claims and sources on the seed articles, once with the demo's ACTOR
    annotations present (they are the sources) and once without (the subjects are proposed)."""
    checked = 0
    for name, (samples, relations) in SAMPLES.items():
        text = (seeds_dir / name).read_text(encoding="utf-8")
        placed = {s.key: (at(text, s.phrase, s.after), s.label) for s in samples}
        actors = [SpanRecord(*span, ACTOR) for span, label in placed.values() if label == ACTOR]
        with_actors = rules().suggest(DocRecord(text, spans=actors))
        alone = rules().suggest(DocRecord(text))
        for claim_key, actor_key in relations:
            (start, end), _ = placed[claim_key]
            actor, _ = placed[actor_key]
            for proposals in (with_actors, alone):
                claims = [p for p in by_label(proposals, CLAIM) if p.start == start]
                assert len(claims) == 1, (name, claim_key)
                # The demo's first claim stops before the sentence's last words (الانفصالية
                # الخاضعة للسيطرة الأرمينية); the rule goes on to the sentence's end.
                if claim_key == "mod_claim":
                    assert claims[0].end > end and "." not in text[end : claims[0].end]
                else:
                    assert claims[0].end == end, (name, claim_key)
                assert claims[0].source == actor, (name, claim_key)
            assert (*actor, ACTOR) in [(p.start, p.end, p.label) for p in alone]
            checked += 1
    assert checked == 4


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\u2028", "\n\n\r"])
def test_lines_of_any_break(newline: str) -> None:
    text = newline.join(
        ["عنوانٌ", "وقالَ الوزير إن الحرب انتهت.", "خبر آخر", "وأكدت الوزارة أن السلام قريب."]
    )
    proposals = rules().suggest(DocRecord(text))
    assert spans(proposals, CLAIM) == [at(text, "الحرب انتهت"), at(text, "السلام قريب")]
    assert spans(proposals, ACTOR) == [at(text, "الوزير"), at(text, "الوزارة")]


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        ("وبحسب وزارة الصحة، قتل 25 شخصا في القصف.", "وزارة الصحة", "قتل 25 شخصا في القصف"),
        ("قتل 25 شخصا في القصف، بحسب وزارة الصحة.", "وزارة الصحة", "قتل 25 شخصا في القصف"),
        ("حسب مصادر محلية، انسحبت القوات.", "مصادر محلية", "انسحبت القوات"),
        ("ووفقا لوزارة الدفاع، تقدمت القوات.", "وزارة الدفاع", "تقدمت القوات"),
        ("وفقا لـوزارة الدفاع، تقدمت القوات.", "وزارة الدفاع", "تقدمت القوات"),
        ("انسحبت القوات، نقلا عن مصادر عسكرية.", "مصادر عسكرية", "انسحبت القوات"),
    ],
)
def test_nominal_attribution(text: str, source: str, content: str) -> None:
    proposals = rules().suggest(DocRecord(text))
    (claim,) = by_label(proposals, CLAIM)
    assert (claim.start, claim.end) == at(text, content)
    assert claim.source == at(text, source)
    assert claim.score < 0.7  # less sure than a reporting verb's clause
    assert spans(proposals, ACTOR) == [at(text, source)]


def test_nominal_attribution_leaves_a_verb_its_claim() -> None:
    text = "وقال الوزير إن الحرب انتهت، بحسب الوكالة. وأوضح بحسب ما قال إن الهدنة صامدة."
    proposals = rules().suggest(DocRecord(text))
    assert [(p.start, p.end, p.source) for p in by_label(proposals, CLAIM)] == [
        (*at(text, "الحرب انتهت"), at(text, "الوزير")),
        (*at(text, "الهدنة صامدة"), None),
    ]


def test_pickles_for_the_worker_processes() -> None:
    text = "وقال الوزير إن الحرب انتهت."
    recommender = make("claims", Setting(LABELS), gazetteer=[("الوزير", ACTOR)])
    copy = pickle.loads(pickle.dumps(recommender))
    assert copy.suggest(DocRecord(text)) == recommender.suggest(DocRecord(text)) != []


def test_accusation_takes_only_a_known_actor_as_source() -> None:
    text = "اتهمت أرمينيا موسكو بأنها مشتتة بسبب الحرب."
    proposals = rules().suggest(DocRecord(text))
    # «أرمينيا موسكو» would be subject and object: no ACTOR is guessed
    assert [(p.label, p.start, p.end, p.source) for p in proposals] == [
        (CLAIM, *at(text, "مشتتة بسبب الحرب"), None)
    ]
    earlier = [Proposal(*at(text, "موسكو"), ACTOR, 0.9), Proposal(*at(text, "أرمينيا"), ACTOR, 0.9)]
    (claim,) = rules().suggest(DocRecord(text), earlier)
    assert claim.source == at(text, "أرمينيا")  # the first after the verb: its subject


def test_claim_in_an_apposition_ends_with_it() -> None:
    text = "ودعت أرمينيا، التي قالت إن قواتها ليست في كاراباخ، مجلس الأمن إلى التدخل."
    (claim,) = by_label(rules().suggest(DocRecord(text)), CLAIM)
    assert (claim.start, claim.end) == at(text, "قواتها ليست في كاراباخ")


def test_content_start_passes_over_a_quotation_and_a_stray_quote_mark() -> None:
    # a complementizer inside a quotation that is not what is said starts no clause
    text = 'وقال حساب "ان الحقيقة" الرسمي على منصة إكس إن القوات تقدمت.'
    proposals = rules().suggest(DocRecord(text))
    (claim,) = by_label(proposals, CLAIM)
    assert (claim.start, claim.end) == at(text, "القوات تقدمت") and claim.score == 0.7
    assert claim.source == at(text, "حساب")
    # a quote mark never closed is passed over
    text = 'وقال المتحدث "الرسمي إن القوات تقدمت.'
    (claim,) = by_label(rules().suggest(DocRecord(text)), CLAIM)
    assert (claim.start, claim.end) == at(text, "القوات تقدمت")
    assert claim.source == at(text, "المتحدث")


def test_quotation_glued_to_the_verb() -> None:
    text = "قال«لن نتراجع عن موقفنا» ثم غادر."
    (claim,) = rules().suggest(DocRecord(text))
    assert (claim.label, claim.start, claim.end) == (CLAIM, *at(text, "لن نتراجع عن موقفنا"))
    assert claim.source is None and claim.score == 0.5


def test_content_looked_for_within_the_window_words() -> None:
    words = " ".join(["كلمة"] * 16)
    text = f"وقال {words} إن القوات تقدمت."
    claims = by_label(rules().suggest(DocRecord(text)), CLAIM)
    assert [(c.start, c.end) for c in claims] == [at(text, "القوات تقدمت")]
    text = f"وقال {words} كلمة إن القوات تقدمت."  # a 17th word: too far
    assert rules().suggest(DocRecord(text)) == []
