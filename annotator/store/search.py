"""Corpus search: normalized matching inside words, fast on large projects.

The index is a contentless FTS5 table over each document's normalized text (word level) plus a
`terms` table holding every distinct normalized word. A query word matches inside words by
expanding it to the indexed terms that contain it; FTS5 then gives the candidate documents and
`annotator.text.find` locates the hits in the original text (exact code-point offsets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import filterfalse
from typing import TYPE_CHECKING

from annotator.text.normalize import find, normalize

if TYPE_CHECKING:
    from annotator.store.project import Project

WORD = re.compile(r"[^\W_]+")
# A query word contained in more terms than this filters too little: skip it as a filter.
MAX_EXPANSION = 400


def normalize_for_index(text: str) -> str:
    return normalize(text)


def index_terms(normalized: str) -> frozenset[str]:
    return frozenset(WORD.findall(normalized))


def new_index_terms(normalized: str, seen_tokens: set[str]) -> frozenset[str]:
    """The index terms of the whitespace-separated tokens of `normalized` not in `seen_tokens`
    (which is updated). Over a batch, the union equals that of `index_terms`; it is much
    cheaper as most tokens were seen before.
    """
    fresh = set(filterfalse(seen_tokens.__contains__, normalized.split()))
    seen_tokens |= fresh
    terms: set[str] = set()
    for token in fresh:
        if token.isalnum():  # exactly one WORD match: [^\W_] is str.isalnum
            terms.add(token)
        else:
            terms.update(WORD.findall(token))
    return frozenset(terms)


@dataclass(frozen=True)
class Hit:
    document_id: int
    name: str
    start: int
    end: int
    before: str
    match: str
    after: str


@dataclass
class SearchResult:
    """Documents with hits (all of them), and the hits in document order up to the limit."""

    query: str
    document_ids: list[int] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    complete: bool = True  # False when hits were cut at the limit

    @property
    def document_count(self) -> int:
        return len(self.document_ids)


def _fts_literal(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def candidate_documents(project: Project, query: str, whole_word: bool) -> tuple[list[int], bool]:
    """Ids of documents that may hold `query`, and whether every one of them surely does."""
    words = WORD.findall(normalize(query))
    clauses: list[str] = []
    exact = len(words) == 1 and not whole_word and WORD.fullmatch(normalize(query).strip())
    for word in words:
        if whole_word:
            terms = (
                [word]
                if project.conn.execute("SELECT 1 FROM terms WHERE term = ?", (word,)).fetchone()
                else []
            )
        else:
            terms = [
                t
                for (t,) in project.conn.execute(
                    "SELECT term FROM terms WHERE instr(term, ?) > 0 LIMIT ?",
                    (word, MAX_EXPANSION + 1),
                )
            ]
        if not terms:
            return [], True
        if len(terms) > MAX_EXPANSION:
            exact = False
            continue
        clauses.append("(" + " OR ".join(_fts_literal(t) for t in terms) + ")")
    if not clauses:
        return [
            doc_id for (doc_id,) in project.conn.execute("SELECT id FROM documents ORDER BY id")
        ], False
    rows = project.conn.execute(
        "SELECT rowid FROM doc_index WHERE doc_index MATCH ? ORDER BY rowid",
        (" AND ".join(clauses),),
    )
    return [doc_id for (doc_id,) in rows], bool(exact)


def search(
    project: Project,
    query: str,
    *,
    whole_word: bool = False,
    limit: int | None = 100,
    context: int = 40,
) -> SearchResult:
    """Find `query` across the project (see the module docstring for how)."""
    result = SearchResult(query=query)
    if not normalize(query).strip():
        return result
    candidates, exact = candidate_documents(project, query, whole_word)
    for doc_id in candidates:
        room = limit is None or len(result.hits) < limit
        if exact and not room:
            result.document_ids.append(doc_id)
            result.complete = False
            continue
        name, text = project.conn.execute(
            "SELECT name, text FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        spans = find(text, query, whole_word=whole_word)
        if not spans:
            continue
        result.document_ids.append(doc_id)
        for start, end in spans:
            if limit is not None and len(result.hits) >= limit:
                result.complete = False
                break
            result.hits.append(
                Hit(
                    doc_id,
                    name,
                    start,
                    end,
                    _line_part(text[max(0, start - context) : start], keep_end=True),
                    text[start:end],
                    _line_part(text[end : end + context], keep_end=False),
                )
            )
    return result


def _line_part(piece: str, *, keep_end: bool) -> str:
    """Context stays on the hit's line."""
    if keep_end:
        return piece.rsplit("\n", 1)[-1]
    return piece.split("\n", 1)[0]
