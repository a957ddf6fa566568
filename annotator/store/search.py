"""Corpus search: normalized matching inside words, fast on large projects.

The index is a contentless FTS5 table over each document's index terms (its normalized words,
read by FTS5's `ascii` tokenizer; see `IndexBodies`) plus a `terms` table holding every distinct
term. A query word matches inside words by
expanding it to the indexed terms that contain it; FTS5 then gives the candidate documents and
`annotator.text.find` locates the hits in the original text (exact code-point offsets).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import filterfalse
from typing import TYPE_CHECKING

from annotator.store.rows import id_batches
from annotator.text.normalize import REMOVED, find, normalize, normalize_table
from annotator.text.tokens import token_spans

if TYPE_CHECKING:
    from annotator.store.project import Project

WORD = re.compile(r"[^\W_]+")
# A query word contained in more terms than this filters too little: skip it as a filter.
MAX_EXPANSION = 400
# Among several query words, those expanding to at most this many terms filter (see
# candidate_documents); the others are left to the verification on the text.
SELECTIVE_EXPANSION = 24


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


# How many distinct words an IndexBodies remembers normalized (news repeats its words).
WORDS_KEPT = 100_000


class IndexBodies:
    """Search-index bodies for a stream of documents, normalizing each distinct word once.

    A document's body is the index terms of its distinct whitespace-separated words, normalized,
    separated by spaces. Normalization maps each character on its own and never makes or removes
    whitespace, so these are the terms of the whole normalized text. The index's `ascii`
    tokenizer splits on ASCII spaces and punctuation only and takes every other character as part
    of a word, so a body must hold nothing but terms (`WORD` matches, in lower case as
    `normalize` leaves them): each is then exactly one index token. With `share_terms`, each
    index term is reported once for the stream (`seen_tokens`), so a batch sends and inserts it
    once.
    """

    def __init__(self, share_terms: bool = True) -> None:
        self.seen_tokens: set[str] | None = set() if share_terms else None
        # UTF-8 word -> UTF-8 index terms of its normalized form
        self._normalized: dict[bytes, bytes] = {}

    def __len__(self) -> int:
        """What is held: words remembered plus tokens seen (for callers bounding memory)."""
        return len(self._normalized) + len(self.seen_tokens or ())

    def clear(self) -> None:
        self._normalized.clear()
        if self.seen_tokens is not None:
            self.seen_tokens.clear()

    def body(self, text: str, terms: set[str]) -> str:
        """The index body of `text`; adds to `terms` its index terms (with `share_terms`, only
        those not reported before)."""
        return self.utf8_body(text.encode("utf-8"), terms).decode("utf-8")

    def utf8_body(self, data: bytes, terms: set[str]) -> bytes:
        """`body` of UTF-8 `data`, in UTF-8. Bytes split on ASCII whitespace only (a word may
        hold a no-break space), which is cheaper and gives the same terms: each word's terms
        are what `WORD` finds in all of it."""
        known = self._normalized
        distinct = set(data.split())
        if self.seen_tokens is not None:
            try:  # most often every word is known
                return b" ".join([known[word] for word in distinct])
            except KeyError:
                pass
        new = distinct - known.keys()
        if new:
            order = list(new)
            pieces = normalize_for_index(b"\n".join(order).decode("utf-8")).split("\n")
            if self.seen_tokens is not None:
                terms.update(new_index_terms(" ".join(pieces), self.seen_tokens))
            found = [
                (piece if piece.isalnum() else " ".join(WORD.findall(piece))).encode("utf-8")
                for piece in pieces
            ]
            if len(known) >= WORDS_KEPT:
                extra = dict(zip(order, found, strict=True))
                body = b" ".join([known.get(word) or extra.get(word, b"") for word in distinct])
                if self.seen_tokens is None:
                    terms.update(body.decode("utf-8").split())
                return body
            known.update(zip(order, found, strict=True))
        body = b" ".join(map(known.__getitem__, distinct))  # every word is known now
        if self.seen_tokens is None:
            terms.update(body.decode("utf-8").split())
        return body


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
    """Documents with hits, and the hits in document order up to the limit.

    `document_ids` lists every document holding the query, unless the search was not
    exhaustive: then `unchecked` candidate documents (which may or may not hold it) were left
    unread once the page of hits was full.
    """

    query: str
    document_ids: list[int] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    complete: bool = True  # False when hits were cut at the limit
    unchecked: int = 0

    @property
    def document_count(self) -> int:
        return len(self.document_ids)


def _fts_literal(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class TermCache:
    """Every indexed term, as one newline-separated string scanned for substrings.

    Scanning it takes a couple of milliseconds for 300,000 terms where SQL `instr` over the
    `terms` table takes ~20 ms. Kept per Project; rebuilt when the project inserted terms
    (`Project._terms_cache` is reset) or another connection committed (`PRAGMA data_version`).
    """

    def __init__(self, project: Project) -> None:
        self.version = _data_version(project)
        self.blob = "\n" + "\n".join(t for (t,) in project.conn.execute("SELECT term FROM terms"))
        self.blob += "\n"

    def containing(self, word: str, limit: int) -> list[str]:
        """Up to `limit` terms that contain `word` (which holds no newline), in term order."""
        blob = self.blob
        terms: list[str] = []
        position = blob.find(word)
        while position >= 0 and len(terms) < limit:
            start = blob.rfind("\n", 0, position) + 1
            end = blob.find("\n", position)
            terms.append(blob[start:end])
            position = blob.find(word, end)
        return terms


def _data_version(project: Project) -> int:
    return project.conn.execute("PRAGMA data_version").fetchone()[0]


def term_cache(project: Project) -> TermCache:
    cache = getattr(project, "_terms_cache", None)
    if cache is None or cache.version != _data_version(project):
        cache = TermCache(project)
        project._terms_cache = cache
    return cache


def candidate_documents(project: Project, query: str, whole_word: bool) -> tuple[list[int], bool]:
    """Ids of documents that may hold `query`, and whether every one of them surely does.

    Every query word must occur (inside some indexed word). When several words do, only the
    most selective ones filter (those expanding to the fewest terms: a short word such as «ان»
    expands to hundreds, which costs far more to merge than it removes); the candidates of a
    multi-word query are verified on the text anyway.
    """
    words = WORD.findall(normalize(query))
    exact = len(words) == 1 and not whole_word and WORD.fullmatch(normalize(query).strip())
    expansions: list[list[str]] = []
    for word in words:
        if whole_word:
            terms = (
                [word]
                if project.conn.execute("SELECT 1 FROM terms WHERE term = ?", (word,)).fetchone()
                else []
            )
        else:
            terms = term_cache(project).containing(word, MAX_EXPANSION + 1)
        if not terms:
            return [], True
        if len(terms) > MAX_EXPANSION:
            exact = False
            continue
        expansions.append(terms)
    if not expansions:
        return [
            doc_id for (doc_id,) in project.conn.execute("SELECT id FROM documents ORDER BY id")
        ], False
    expansions.sort(key=len)
    kept = [e for e in expansions if len(e) <= SELECTIVE_EXPANSION] or expansions[:1]
    clauses = ["(" + " OR ".join(_fts_literal(t) for t in terms) + ")" for terms in kept]
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
    exhaustive: bool = True,
) -> SearchResult:
    """Find `query` across the project (see the module docstring for how).

    Documents are read in order until `limit` hits are found; after that, the remaining
    candidates only need a yes or no, answered without mapping offsets (or, when the index
    says every candidate holds the query, without reading them). With `exhaustive=False`,
    candidates the index cannot vouch for are not read once the page is full (a first page
    of results at once, whatever the corpus); their number is `unchecked`.
    """
    result = SearchResult(query=query)
    if not normalize(query).strip():
        return result
    candidates, exact = candidate_documents(project, query, whole_word)
    # candidates the index cannot vouch for are first screened on the raw text (no mapping)
    screen = None if exact else raw_pattern(query)
    position = 0
    while position < len(candidates) and (limit is None or len(result.hits) < limit):
        doc_id = candidates[position]
        position += 1
        name, text = project.conn.execute(
            "SELECT name, text FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if screen is not None and screen.search(text) is None:
            continue
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
    rest = candidates[position:]
    if not rest:
        return result
    if not exact and not exhaustive:
        result.unchecked = len(rest)
        result.complete = False
        return result
    more = rest if exact else _holding(project, rest, query, whole_word)
    result.document_ids += more
    if more:
        result.complete = False  # hits in these documents were left out
    return result


def _holding(project: Project, doc_ids: list[int], query: str, whole_word: bool) -> list[int]:
    """Those of `doc_ids` whose text holds `query` (in order): `find` would give a hit."""
    pattern = raw_pattern(query)
    found = []
    for chunk, marks in id_batches(doc_ids):
        rows = project.conn.execute(
            f"SELECT id, text FROM documents WHERE id IN ({marks}) ORDER BY id",
            chunk,
        )
        for doc_id, text in rows:
            if whole_word:
                if any(_whole_word(text, *m.span()) for m in pattern.finditer(text)):
                    found.append(doc_id)
            elif pattern.search(text) is not None:
                found.append(doc_id)
    return found


_RAW_TABLES: tuple[dict[str, str], str, frozenset[str]] | None = None


def _raw_tables() -> tuple[dict[str, str], str, frozenset[str]]:
    """For each normalized character the class of original ones; removed ones; trailing marks."""
    global _RAW_TABLES
    if _RAW_TABLES is None:
        variants: dict[str, set[str]] = {}
        for code, replacement in normalize_table().items():
            if replacement:
                variants.setdefault(replacement, {replacement}).add(chr(code))
        classes = {
            char: "[" + "".join(re.escape(v) for v in sorted(chars)) + "]"
            for char, chars in variants.items()
        }
        removed = "".join(re.escape(c) for c in sorted(REMOVED))
        marks = frozenset(c for c in REMOVED if unicodedata.category(c) == "Mn")
        _RAW_TABLES = (classes, removed, marks)
    return _RAW_TABLES


@lru_cache(maxsize=64)
def raw_pattern(query: str) -> re.Pattern[str]:
    """A pattern that matches the original text exactly where `find(text, query)` would.

    `find` normalizes the text (a 1:1 map of kept characters, others removed) and searches
    the normalized query there, any whitespace run matching any other. Searching the original
    text instead, with each query character standing for all the characters normalized to it
    and removed characters allowed between them, gives the same matches without normalizing
    (and mapping offsets of) every document: about 30 times faster.
    """
    classes, removed, _ = _raw_tables()
    skip = f"[{removed}]*"
    pieces = [
        skip.join(classes.get(char, re.escape(char)) for char in piece)
        for piece in normalize(query).split()
    ]
    return re.compile((skip + rf"\s[\s{removed}]*").join(pieces))


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether the match `[start, end)` begins and ends at token boundaries, as `find` decides.

    Tokens never cross whitespace, so only the whitespace-delimited words around the match are
    tokenized. Like `find`, the match covers the combining marks after its last letter, and
    removed characters at the token's edges are ignored.
    """
    _, _, marks = _raw_tables()
    length = len(text)
    while end < length and text[end] in marks:
        end += 1
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < length and not text[right].isspace():
        right += 1
    spans = token_spans(text[left:right])
    starts = {s + left for s, _ in spans}
    ends = {e + left for _, e in spans}
    while start not in starts:
        if start == 0 or text[start - 1] not in REMOVED:
            return False
        start -= 1
    while end not in ends:
        if end >= length or text[end] not in REMOVED:
            return False
        end += 1
    return True


def _line_part(piece: str, *, keep_end: bool) -> str:
    """Context stays on the hit's line."""
    if keep_end:
        return piece.rsplit("\n", 1)[-1]
    return piece.split("\n", 1)[0]
