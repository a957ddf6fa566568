"""Corpus search on the seed articles: normalized, in-word, whole-word, multi-word, limits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model import DocRecord
from annotator.store import Project
from annotator.store.search import _whole_word, raw_pattern
from annotator.text import find, normalize, tokenize


@pytest.fixture
def seeded(tmp_path, seeds_dir):
    project = Project.create(tmp_path / "p.sqlite")
    project.add_documents(
        DocRecord(text=path.read_text(encoding="utf-8"), name=path.name)
        for path in sorted(seeds_dir.glob("*.txt"))
    )
    yield project
    project.close()


def texts(project: Project) -> dict[int, str]:
    return {doc.id: doc.text for doc in project.iter_documents()}


def test_normalized_query_finds_every_spelling(seeded):
    result = seeded.search("اذربيجان", limit=None)
    assert len(result.hits) == 74
    assert result.document_count == 5
    assert result.complete
    spellings = {hit.match for hit in result.hits}
    assert {"أذربيجان", "اذربيجان"} <= spellings  # hamza on the alef, and without
    corpus = texts(seeded)
    for hit in result.hits:
        assert corpus[hit.document_id][hit.start : hit.end] == hit.match
        assert normalize(hit.match) == "اذربيجان"


def test_tanween_position_does_not_matter(seeded):
    result = seeded.search("حصاراً", limit=None)  # fathatan after the alef
    corpus = texts(seeded)
    expected = sum(text.count("حصارًا") for text in corpus.values())  # fathatan before it
    assert expected > 0
    assert [hit.match for hit in result.hits] == ["حصارًا"] * expected


def test_hits_inside_words(seeded):
    corpus = texts(seeded)
    hits = seeded.search("اذربيجان", limit=None).hits
    inside = [h for h in hits if h.start > 0 and corpus[h.document_id][h.start - 1].isalpha()]
    assert any(corpus[h.document_id][h.start - 2 : h.start] == "ال" for h in inside)
    assert any(corpus[h.document_id][h.start - 1] == "و" for h in inside)


def test_whole_word_keeps_only_hits_that_are_tokens(seeded):
    corpus = texts(seeded)
    every = seeded.search("اذربيجان", limit=None)
    whole = seeded.search("اذربيجان", whole_word=True, limit=None)
    assert 0 < len(whole.hits) < len(every.hits)
    tokens = {doc_id: {(t.start, t.end) for t in tokenize(text)} for doc_id, text in corpus.items()}
    for hit in whole.hits:
        assert (hit.start, hit.end) in tokens[hit.document_id]
    whole_spans = {(h.document_id, h.start) for h in whole.hits}
    for hit in every.hits:
        if (hit.document_id, hit.start) not in whole_spans:
            assert (hit.start, hit.end) not in tokens[hit.document_id]
    assert set(whole.document_ids) <= set(every.document_ids)


def test_multi_word_queries_match_across_spacing(seeded):
    result = seeded.search("وزارة الدفاع", limit=None)
    corpus = texts(seeded)
    expected = sum(len(re.findall(r"وزاره\s+الدفاع", normalize(text))) for text in corpus.values())
    assert expected > 0 and len(result.hits) == expected
    assert all(" " in hit.match or "\xa0" in hit.match for hit in result.hits)
    phrase = seeded.search("وزارة الدفاع الأذربيجانية", limit=None)
    assert 0 < len(phrase.hits) < len(result.hits)


@pytest.mark.parametrize("query", ["زززززز", "كاراباخستان", "   ", "\u0640\u064e"])
def test_no_hits(seeded, query):
    result = seeded.search(query)
    assert result.hits == [] and result.document_count == 0


def test_punctuation_is_searchable_too(seeded):
    corpus = texts(seeded)
    result = seeded.search("،", limit=None)
    assert len(result.hits) == sum(text.count("،") for text in corpus.values())
    assert result.document_count == sum(1 for text in corpus.values() if "،" in text)


def test_limit_cuts_hits_but_not_the_document_list(seeded):
    result = seeded.search("اذربيجان", limit=3)
    assert len(result.hits) == 3
    assert not result.complete
    assert result.document_count == 5
    assert result.document_ids == sorted(result.document_ids)
    full = seeded.search("اذربيجان", limit=None)
    assert result.hits == full.hits[:3]


@pytest.mark.parametrize("whole_word", [False, True])
@pytest.mark.parametrize("query", ["اذربيجان", "وزارة الدفاع", "كاراباخ"])
def test_the_document_list_does_not_depend_on_the_limit(seeded, query, whole_word):
    full = seeded.search(query, whole_word=whole_word, limit=None)
    assert full.complete and full.document_count > 1
    for limit in (1, 2, len(full.hits) - 1):
        cut = seeded.search(query, whole_word=whole_word, limit=limit)
        assert cut.document_ids == full.document_ids
        assert cut.hits == full.hits[:limit] and not cut.complete
    exact = seeded.search(query, whole_word=whole_word, limit=len(full.hits))
    assert exact.hits == full.hits and exact.complete


def test_documents_added_by_another_connection_are_found(seeded):
    assert seeded.search("فوجيانستان").document_count == 0  # the terms are now cached
    with Project.open(seeded.path) as other:
        other.add_documents([DocRecord(text="حاملة الطائرات فوجيانستان", name="other")])
    assert seeded.search("فوجيانستان").document_count == 1
    assert seeded.search("انستان").document_count == 1  # inside a word too


def test_document_list_has_exactly_the_documents_with_hits(seeded):
    corpus = texts(seeded)
    result = seeded.search("باشينيان", limit=None)
    with_hits = sorted(doc_id for doc_id, text in corpus.items() if "باشينيان" in normalize(text))
    assert result.document_ids == with_hits
    assert 0 < len(with_hits) < 5


def test_context_stays_on_the_hit_line(seeded):
    for hit in seeded.search("كاراباخ", limit=None).hits:
        assert "\n" not in hit.before and "\n" not in hit.after
        assert len(hit.before) <= 40 and len(hit.after) <= 40


def test_new_documents_are_searchable_at_once(seeded):
    before = seeded.search("فوجيانستان").document_count
    seeded.add_documents([DocRecord(text="حاملة الطائرات فوجيانستان الجديدة", name="new")])
    after = seeded.search("فوجيانستان")
    assert (before, after.document_count, len(after.hits)) == (0, 1, 1)


# ---------------------------------------------------------------- raw-text matching

ALPHABET = "ااأإآٱبلدفعيىیهة ،.\n\xa0\u064e\u0651\u0640\u200f\u200c1١Aaİiσ😀-_"


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=ALPHABET, max_size=40),
    st.text(alphabet=ALPHABET, min_size=1, max_size=6),
)
def test_raw_matching_agrees_with_find(text, query):
    """What the search decides for documents past the limit is what `find` says."""
    if not normalize(query).strip():
        return
    pattern = raw_pattern(query)
    spans = find(text, query)
    assert [m.start() for m in pattern.finditer(text)] == [start for start, _ in spans]
    whole = any(_whole_word(text, *m.span()) for m in pattern.finditer(text))
    assert whole == bool(find(text, query, whole_word=True))


@pytest.mark.parametrize("whole_word", [False, True])
def test_raw_matching_on_the_seeds(seeds_dir, whole_word):
    queries = ["اذربيجان", "وزارة الدفاع", "حصاراً", "الانفصاليين", "ال", "١٤", "14", "،"]
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for query in queries:
            matches = list(raw_pattern(query).finditer(text))
            expected = find(text, query, whole_word=whole_word)
            if whole_word:
                kept = [m.start() for m in matches if _whole_word(text, *m.span())]
                assert kept == [start for start, _ in expected], (path.name, query)
            else:
                assert [m.start() for m in matches] == [s for s, _ in expected], query


def test_first_page_stops_reading_once_the_page_is_full(seeded):
    """A phrase (the index cannot vouch for candidates) leaves the rest unread."""
    full = seeded.search("وزارة الدفاع", limit=None)
    assert full.document_count >= 2
    first_doc_hits = sum(1 for h in full.hits if h.document_id == full.document_ids[0])
    page = seeded.search("وزارة الدفاع", limit=first_doc_hits, exhaustive=False)
    assert page.hits == full.hits[:first_doc_hits]
    assert page.document_ids == full.document_ids[:1]
    assert not page.complete
    assert page.unchecked >= full.document_count - 1
    assert page.unchecked + page.document_count <= seeded.count_documents()


def test_first_page_of_a_single_word_still_lists_every_document(seeded):
    """For one word the index is exact: every candidate holds it, none is left unchecked."""
    page = seeded.search("اذربيجان", limit=3, exhaustive=False)
    assert len(page.hits) == 3
    assert page.document_count == 5 and page.unchecked == 0


def test_first_page_that_is_not_full_is_exhaustive(seeded):
    full = seeded.search("وزارة الدفاع", limit=None)
    page = seeded.search("وزارة الدفاع", limit=len(full.hits) + 10, exhaustive=False)
    assert page.hits == full.hits and page.document_ids == full.document_ids
    assert page.complete and page.unchecked == 0
