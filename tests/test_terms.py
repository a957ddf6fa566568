"""Term matching (annotator.text.terms): whole tokens, normalized, longest first, through
proclitics but not into derived words."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator.text import TermMatch, TermMatcher, term_key, tokenize
from annotator.text.normalize import normalize_with_map, original_span
from annotator.text.terms import MIN_CLITIC_STEM, PROCLITICS
from annotator.text.tokens import token_spans


def texts_found(terms: list[str], text: str, **options: bool) -> list[str]:
    return [text[m.start : m.end] for m in TermMatcher(terms, **options).find(text)]


def test_a_name_is_found_after_proclitics_as_the_exact_sub_token_span():
    text = "زار أذربيجان ثم وأذربيجان ولأذربيجان فبأذربيجان"
    found = TermMatcher(["أذربيجان"]).find(text)
    assert [(m.start, m.end) for m in found] == [
        (4, 12),
        (text.index("وأذربيجان") + 1, text.index("وأذربيجان") + 9),
        (text.index("ولأذربيجان") + 2, text.index("ولأذربيجان") + 10),
        (text.index("فبأذربيجان") + 2, text.index("فبأذربيجان") + 10),
    ]
    assert [m.clitic for m in found] == ["", "و", "ول", "فب"]
    assert {m.term for m in found} == {"اذربيجان"}
    assert all(text[m.start : m.end] == "أذربيجان" for m in found)


def test_not_inside_derived_words():
    text = "الأذربيجانية والأذربيجاني أذربيجاني وأذربيجانيون الأذربيجان"
    assert TermMatcher(["أذربيجان"]).find(text) == []


def test_results_are_typed_with_original_offsets():
    text = "قالت «وأذربيجانَ» اليوم"
    [match] = TermMatcher(["اذربيجان"]).find(text)
    assert isinstance(match, TermMatch)
    assert match == TermMatch(7, 16, "اذربيجان", "و")  # the fatha after the last letter too
    assert text[match.start : match.end] == "أذربيجانَ"


@pytest.mark.parametrize(
    "variant",
    ["أذربيـــجان", "أَذْرَبِيجَان", "اذربيجان", "إذربيجان", "أذربيجان\u200f"],
)
def test_normalization_variants(variant):
    text = f"من {variant} إلى"
    assert texts_found(["أذربيجان"], text) == [variant.rstrip("\u200f")]
    assert texts_found([variant], "من أذربيجان إلى") == ["أذربيجان"]


def test_teh_marbuta_yeh_nbsp_and_digits():
    text = "وزارة\u00a0الخارجية في مصر عام ٢٠٢٣"
    assert texts_found(["وزاره الخارجيه", "مصر", "2023"], text) == [
        "وزارة\u00a0الخارجية",
        "مصر",
        "٢٠٢٣",
    ]
    assert texts_found(["مستشفى"], "في مستشفي المدينة") == ["مستشفي"]


def test_longest_match_first_and_no_overlap():
    terms = ["وزارة الخارجية", "وزارة الخارجية الروسية", "الخارجية الروسية", "الروسية"]
    text = "قالت وزارة الخارجية الروسية إن وزارة الخارجية ردت"
    assert texts_found(terms, text) == ["وزارة الخارجية الروسية", "وزارة الخارجية"]


def test_any_whitespace_between_words_but_not_none():
    terms = ["الأمم المتحدة"]
    text = "الأمم  المتحدة\nثم الأمم\u00a0المتحدة ثم الأمم-المتحدة ثم الأممالمتحدة"
    assert texts_found(terms, text) == ["الأمم  المتحدة", "الأمم\u00a0المتحدة"]


def test_a_word_holding_the_term_before_it_is_no_match():
    text = "مصرية مصر ومصريون ثم مصر"
    found = TermMatcher(["مصر"]).find(text)
    assert [(m.start, m.end) for m in found] == [(6, 9), (21, 24)]


def test_a_term_ends_at_a_token_end():
    # a number is one token: «3» is not in «3.5»; punctuation ends a token
    assert texts_found(["3"], "بين 3.5 و 3، ثم 30") == ["3"]
    assert texts_found(["القاهرة"], "في القاهرة، والقاهرةُ.") == ["القاهرة", "القاهرةُ"]


def test_tokens_without_gaps_must_have_none():
    assert texts_found(["أ.ف.ب"], "(أ.ف.ب) أ. ف. ب") == ["أ.ف.ب"]


def test_a_clitic_match_needs_three_letters_after_the_clitic():
    # «كما» is not ك + «ما», nor «ولي» و + «لي»
    assert MIN_CLITIC_STEM == 3
    assert texts_found(["ما", "لي"], "كما ولي وما") == []
    assert texts_found(["ما"], "ما") == ["ما"]  # the term itself, whole: found
    assert texts_found(["مصر", "قطر"], "ومصر بمصر وقطر") == ["مصر", "مصر", "قطر"]


def test_lam_before_the_article():
    """ل + ال is written لل: a term starting with ال is found from the article's lam."""
    text = "قدم للحكومة وللحكومة وبالحكومة للأمم المتحدة"
    found = TermMatcher(["الحكومة", "الأمم المتحدة"]).find(text)
    assert [(text[m.start : m.end], m.clitic) for m in found] == [
        ("لحكومة", "ل"),
        ("لحكومة", "ول"),
        ("الحكومة", "وب"),  # after ب the article keeps its alef
        ("لأمم المتحدة", "ل"),
    ]
    assert found[0].start == text.index("للحكومة") + 1
    assert texts_found(["لبنان"], "للبنان") == ["لبنان"]  # ل + لبنان, no article involved
    assert texts_found(["الحكومة"], "للحكومة", clitics=False) == []


def test_the_article_is_never_stripped():
    assert texts_found(["حكومة"], "الحكومة والحكومة للحكومة") == []


def test_the_whole_token_wins_over_a_clitic_reading():
    # «وزارة» is a term and so is «زارة»: the whole token reads first
    found = TermMatcher(["وزارة", "زارة"]).find("ووزارة وزارة")
    assert [(m.start, m.end, m.clitic) for m in found] == [(1, 6, "و"), (7, 12, "")]


def test_without_clitics_only_whole_tokens():
    assert texts_found(["أذربيجان"], "وأذربيجان أذربيجان", clitics=False) == ["أذربيجان"]


def test_term_keys_and_membership():
    matcher = TermMatcher(["  أذربيـجان  ", "", "   ", "الأمم \n المتحدة"])
    assert len(matcher) == 2
    assert matcher.keys() == {"اذربيجان", "الامم المتحده"}
    assert "اذربيجان" in matcher and "مصر" not in matcher
    assert term_key("وزارة\u00a0 الخارجية") == "وزاره الخارجيه"
    assert matcher.add("\u0640") is None  # tatweel only: nothing to match
    assert matcher.find("") == [] and TermMatcher().find("أذربيجان") == []


def test_required_text_is_in_every_matching_text():
    matcher = TermMatcher(["الحكومة", "أذربيجان"])
    assert matcher.required_text("الحكومة") == "لحكومه"
    assert matcher.required_text("أذربيجان") == "اذربيجان"
    assert TermMatcher(clitics=False).required_text("الحكومة") == "الحكومه"


def test_adding_terms_after_matching():
    matcher = TermMatcher(["مصر"])
    text = "من مصر إلى ليبيا"
    assert texts_found(["مصر"], text) == ["مصر"]
    assert [m.term for m in matcher.find(text)] == ["مصر"]
    matcher.add("ليبيا")
    assert [m.term for m in matcher.find(text)] == ["مصر", "ليبيا"]


def test_a_multi_word_term_running_past_the_text_end():
    assert texts_found(["الأمم المتحدة للطفولة"], "قالت الأمم المتحدة") == []


def test_emoji_and_astral_text_keep_code_point_offsets():
    text = "😀 زار أذربيجان 👨‍👩‍👧 وأذربيجان"
    found = TermMatcher(["أذربيجان"]).find(text)
    assert [text[m.start : m.end] for m in found] == ["أذربيجان", "أذربيجان"]
    assert found[0].start == 6


# ------------------------------------------------------------------ against a brute force


def reference_find(terms: list[str], text: str) -> list[tuple[int, int, str, str]]:
    """The definition, slowly: every token of the normalized text, every clitic reading of it,
    every run of tokens from there; the furthest-reaching match wins, then the earliest."""
    keys = {term_key(t) for t in terms} - {""}
    longest = max(len(token_spans(key)) for key in keys)
    normalized, offsets = normalize_with_map(text)
    spans = token_spans(normalized)
    found = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        word = normalized[start:end]
        forms = [(0, word, "")]
        for clitic in PROCLITICS:
            rest = word[len(clitic) :]
            if word.startswith(clitic) and sum(c.isalpha() for c in rest) >= MIN_CLITIC_STEM:
                forms.append((len(clitic), rest, clitic))
                if clitic.endswith("ل") and rest.startswith("ل"):
                    forms.append((len(clitic), "ا" + rest, clitic))
        best = None
        for offset, form, clitic in forms:
            for j in range(i + 1, min(i + longest, len(spans)) + 1):
                key = " ".join((form + normalized[end : spans[j - 1][1]]).split())
                if key in keys and (best is None or j > best[0]):
                    best = (j, offset, key, clitic)
        if best is None:
            i += 1
            continue
        j, offset, key, clitic = best
        span = original_span(text, offsets, start + offset, spans[j - 1][1])
        found.append((*span, key, clitic))
        i = j
    return found


def test_same_as_the_brute_force_on_the_seeds(seeds_dir: Path):
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    words = [token.text for text in texts for token in tokenize(text)]
    rng = random.Random(7)
    for _ in range(4):
        terms: set[str] = set()
        for _ in range(300):
            i = rng.randrange(len(words) - 3)
            terms.add(" ".join(words[i : i + rng.choice([1, 1, 2, 3])]))
            terms.add(words[i][1:])  # what a clitic reading would leave
            terms.add("ال" + words[i][2:])  # what a ل + ال reading would put back
        matcher = TermMatcher(sorted(terms))
        for text in texts:
            found = [tuple(m) for m in matcher.find(text)]
            assert found == reference_find(sorted(terms), text)
            assert found  # the comparison is not vacuous


def test_same_as_the_brute_force_on_anercorp(reference_dir: Path):
    """The ANERcorp test split's gold entities as terms, matched over its own sentences."""
    path = reference_dir / "arabic" / "anercorp_camel_test" / "ANERCorp_CamelLab_test.txt"
    entities: set[str] = set()
    tokens: list[str] = []
    current: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        token, _, tag = line.strip().rpartition(" ")
        if line.strip():
            tokens.append(token)
        if current and not tag.startswith("I-"):
            entities.add(" ".join(current))
            current = []
        if tag.startswith("B-"):
            current = [token]
        elif tag.startswith("I-") and current:
            current.append(token)
    matcher = TermMatcher(sorted(entities))
    assert len(matcher) > 1000
    total = 0
    for first in range(0, 6000, 400):
        text = " ".join(tokens[first : first + 400])
        found = [tuple(m) for m in matcher.find(text)]
        assert found == reference_find(sorted(entities), text)
        total += len(found)
    assert total > 300


def test_the_word_cache_is_bounded(monkeypatch, seeds_dir: Path):
    from annotator.text import terms

    monkeypatch.setattr(terms, "WORDS_KEPT", 10)
    text = (seeds_dir / "004_6b939b76667bada4.txt").read_text(encoding="utf-8")
    matcher = TermMatcher(["أذربيجان", "الأذربيجاني", "وزارة الخارجية"])
    first = matcher.find(text)
    assert len(matcher._words) > 10
    assert (
        matcher.find(text)
        == first
        == [
            TermMatch(*m)
            for m in reference_find(["أذربيجان", "الأذربيجاني", "وزارة الخارجية"], text)
        ]
    )
    assert len(matcher._words) <= len(set(text.split())) + 1
