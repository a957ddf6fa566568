"""Claim attribution rules: a reporting verb, what it reports (CLAIM) and who reports it (ACTOR).

For each reporting verb (`annotator.text.reporting`: قال أكد أعلن أفاد ذكر صرّح أضاف اتهم نفى
أوضح in their news forms, under the search normalization) within one sentence
(`annotator.text.split_sentences`):

* **what is reported**, the CLAIM: a quotation («...», “...”, "...") right after the verb,
  after the subject and a colon, or right after the subject when it holds two words or more
  and ends its clause («وقال الرئيس «لن نسمح بذلك».»), without its quote marks (any other
  quotation, a name «منصة "إكس":» or a word in quotes, is passed over whole: no clause starts
  inside a quotation); else the clause after «أن/إن» (انه، انها، بأن ...; also after «على
  أن»), without the complementizer, to the end of the sentence without its final punctuation,
  as the demo's claims are drawn (quote marks inside the clause are kept; a clause that is one
  whole quotation loses its marks). The clause stops before a
  later reporting verb joined by و/ف («...، واتّهمت») and before a trailing «، على حد وصفه»,
  «، بحسب ...», «، وفق ...», «، نقلا عن ...». After a colon with no quotation, the rest of the
  sentence;
* **who reports it**, the source: the verb's subject. Verb-subject first: the words between the
  verb and the complementizer, colon or quotation, after leading time words and adverbs
  (اليوم، الثلاثاء، مؤخرا ...), up to a comma, a time word or a phrase saying where or to whom
  it was said (في بيان، على منصة، لقناة، للصحفيين ...); else, for a verb without و, subject-verb:
  the words before it back to the clause start (a comma, a complementizer: «قالت إن الوزارة
  أكدت أن»), without leading particles (أما، كما، وكانت ...) and trailing «قد/فقد». An ACTOR the
  annotator already has there (``doc.spans``) is the source, else an ACTOR an earlier
  recommender proposed there (``earlier``); else the subject itself is proposed as an ACTOR
  (at most `MAX_SUBJECT_WORDS` words; a longer one is cut to its first `CUT_SUBJECT_WORDS`,
  lower score) and is the source. No subject (a pronoun: «وأضاف أن ...»): a CLAIM without
  source; the same for اتهم without a known ACTOR, whose subject may run into its object
  («اتهمت أرمينيا موسكو بأنها»). After «، الذي/التي» («أرمينيا، التي قالت إن ...، ...») the
  claim ends at the next comma;
* the nominal forms «بحسب/حسب X»، «وفقا لـX»، «نقلا عن X» (`annotator.text.reporting.NOMINAL_RE`):
  at a sentence's start, the rest of the sentence after X's comma is X's CLAIM; after a comma at
  its end, the sentence before the comma (unless a reporting verb there has it already).

Scores: quotation 0.8 > clause 0.7 > after a colon 0.6 > nominal form 0.45 with a subject after
the verb; 0.1 less with one before it; 0.3 less without any. A proposed ACTOR scores 0.5 (0.4
before the verb or after a nominal form, 0.1 less when cut). Nothing is proposed of a label the
project lacks; a CLAIM the annotator already holds at that span is not proposed again.

Speed: one normalization and a literal search (``str.find``) for the verbs' stems over the whole
text (the normalization and its map back are those the other recommenders used on the text:
`annotator.text.normalize` and `annotator.text.normalized_offsets.offsets_of` remember them);
then only the lines holding a verb are split into
sentences, and only a few words around each verb are tokenized. Where a verb's content starts
(a complementizer, a colon, a quote mark) is found by one regex search (`_STOP_RE`), and only
then are the words before it tokenized, as two lists (``findall`` for the texts, ``str.find``
for where each starts: a match object and a tuple per token cost several times more).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from types import MappingProxyType
from typing import Any, NamedTuple

from annotator.model import DocRecord
from annotator.rules import ACTOR, CLAIM, LabelDef, initial_attributes
from annotator.suggestions.base import Proposal, Setting
from annotator.text import normalize, split_sentences
from annotator.text.normalize import original_span
from annotator.text.normalized_offsets import offsets_of
from annotator.text.reporting import (
    COMPLEMENTIZER_RE,
    COMPLEMENTIZERS,
    NOMINAL_RE,
    NOMINAL_STEMS,
    STEMS,
    VERB_RE,
    verb_lemma,
)

__all__ = ["CUT_SUBJECT_WORDS", "MAX_SUBJECT_BEFORE", "MAX_SUBJECT_WORDS", "ClaimRules"]

MAX_SUBJECT_WORDS = 8
"""Longest subject proposed whole as an ACTOR."""
CUT_SUBJECT_WORDS = 6
"""Words kept of a longer subject."""
MAX_SUBJECT_BEFORE = 5
"""Longest subject taken before the verb (subject-verb order; never cut)."""
_WINDOW_WORDS = 16  # words looked through after a verb for its complementizer, colon or quote
_WINDOW_CHARS = 300  # (and characters)

_SCORES = {"quote": 0.8, "clause": 0.7, "colon": 0.6, "nominal": 0.45}
_BEFORE_VERB = 0.1  # less when the subject precedes the verb
_NO_SOURCE = 0.3  # less without a subject
_ACTOR_SCORE = 0.5
_CUT_ACTOR = 0.1  # less for a subject cut to CUT_SUBJECT_WORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize(text).split())


_OPENERS = {"«": "»", "“": "”", '"': '"'}
_FINAL_PUNCTUATION = ".!?؟…۔،,;؛: \t"
_COMMAS = frozenset("،,")
# before a complementizer, part of it: «أكد على أن», «أشار إلى أن»
_PRE_COMPLEMENTIZER = _words("على إلى")
# leading words skipped before a subject after the verb: time and adverbs
_TIME = _words(
    "اليوم أمس غدا الليلة الآن يوم مساء صباح ليل ليلة ظهر فجر الأحد الاثنين الإثنين الثلاثاء "
    "الأربعاء الخميس الجمعة السبت مؤخرا سابقا لاحقا أيضا كذلك بدوره بدورها بدورهم مجددا "
    "أخيرا حينها وقتها"
)
# skipped before a subject after the verb: those and «في الوقت الذي أكدت فيه باكو»
_LEADING_SKIPS = _TIME | _words("فيه فيها فيهم له لها لهم")
_RELATIVE_PRONOUNS = _words("الذي التي الذين اللذين اللتين اللواتي اللاتي")
_RELATIVES = _RELATIVE_PRONOUNS | _words("ما")
# words a subject stops before: time, where, how and to whom it was said
_SUBJECT_CUTS = (
    _TIME
    | _RELATIVES
    | _words(
        "ل ب عبر خلال أمام بعد قبل منذ عقب أثناء إثر لدى حول بشأن ردا تعليقا بدلا "
        "لقناة لقنوات للصحفيين للصحافيين للصحافة لوكالة لوكالات لصحيفة لصحف لموقع لتلفزيون "
        "للتلفزيون لإذاعة للإذاعة لشبكة لمراسل لمراسلي للجزيرة للعربية"
    )
)
# «في/على» + one of these: where it was said, not part of the subject
_SAID_IN = _words(
    "بيان بيانات تصريح تصريحات مؤتمر حديث منشور تغريدة تدوينة كلمة رسالة مقابلة لقاء اتصال "
    "وقت ساعة ساعات وقت منصة منصات حسابه حسابها حساب تليغرام تلغرام تويتر فيسبوك إكس موقعه "
    "موقعها هامش صفحته صفحتها نشرة مؤتمرا إفادة"
)
_PLACE_PREPOSITIONS = _words("في على")
# a subject never starts with these
_NOT_SUBJECT = _words(
    "في من على إلى عن مع ب ل ما لا لم لن قد الذي التي الذين اللذين اللتين هذا هذه ذلك تلك هنا "
    "هناك هو هي هم هما نحن أنا أنت إنه أنه إن أن لكن لكنه لكنها ولكن بل ثم حيث كما أما وأما "
    "إذ إذا لو كيف متى أين لماذا بينما فيما حين بعدما"
)
_SVO_LEADING = _words(
    "و ف أما وأما فأما كما وكما كانت وكانت وكان كان بينما فيما ثم حيث ولكن لكن بل"
)
_SVO_TRAILING = _words("قد فقد لقد وقد ف")
_INNER_PUNCTUATION = frozenset("-.'")


class _Tokens(NamedTuple):
    """The tokens (`_TOKEN_RE`) of a stretch of a normalized line: their texts and where each
    starts (two lists: no object per token)."""

    texts: list[str]
    starts: list[int]  # in the normalized line

    def end(self, k: int) -> int:
        return self.starts[k] + len(self.texts[k])


def _tokens(line: str, start: int, end: int, words: int | None = None) -> _Tokens:
    """The tokens of ``line[start:end]`` (up to the `words`-th word when given): their texts by
    ``findall``, then where each starts by ``str.find`` (only whitespace lies between two)."""
    texts = _TOKEN_RE.findall(line, start, end)
    if words is not None:
        for k, text in enumerate(texts):
            words -= text[0].isalnum()
            if not words:
                del texts[k + 1 :]
                break
    starts: list[int] = []
    for text in texts:
        start = line.find(text, start)
        starts.append(start)
        start += len(text)
    return _Tokens(texts, starts)


class _Verb(NamedTuple):
    start: int  # word start (clitics included), in the normalized line
    end: int
    joined: bool  # after و/ف
    nominal: bool = False  # «بحسب»، «وفقا لـ» ...: the source follows
    accuses: bool = False  # اتهم: its object follows its subject


class _Found(NamedTuple):
    """One reporting verb's reading, in the normalized line's offsets."""

    kind: str  # quote, clause, colon
    content: tuple[int, int]
    subject: tuple[int, int] | None  # the proposed ACTOR span
    cut: bool  # the subject was cut to CUT_SUBJECT_WORDS
    before_verb: bool  # subject-verb order
    stretch: tuple[int, int] | None  # where an existing ACTOR may be the source


class _LineMap(NamedTuple):
    """A line of the text: where it starts in the text and in its normalized form, and the
    whole text's normalization map (None when nothing was removed in the line)."""

    text: str
    offsets: Sequence[int] | None  # None: the line's offsets are the same in both
    start: int
    normalized_start: int

    def span(self, normalized: tuple[int, int]) -> tuple[int, int]:
        """The text's span behind a span of the normalized line."""
        if self.offsets is None:
            return normalized[0] + self.start, normalized[1] + self.start
        shift = self.normalized_start
        return original_span(self.text, self.offsets, normalized[0] + shift, normalized[1] + shift)


class ClaimRules:
    """Reporting verbs propose CLAIMs over what they report, with their subject as source."""

    name = "claims"

    def __init__(self, setting: Setting, **options: Any) -> None:
        """Rules for `setting`'s labels; `options` (a gazetteer, ...) do not concern them."""
        self.setting = setting
        self.claim = setting.labels.get(CLAIM)
        self.actor = setting.labels.get(ACTOR)
        # a label's starting attributes, when they do not depend on the span's text
        self._fixed = {
            label.name: initial_attributes(label, "", 0, 0)
            for label in (self.claim, self.actor)
            if label is not None and not label.has_count
        }

    def train(self, docs: Sequence[DocRecord]) -> None:
        """Rules learn nothing."""

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        """CLAIM (and ACTOR) proposals for every reporting verb of ``doc``."""
        if self.claim is None and self.actor is None:
            return []
        text = doc.text
        lines = _verb_lines(text)
        if not lines:
            return []
        annotated = _Actors.of((s.start, s.end) for s in doc.spans if s.label == ACTOR)
        proposed = _Actors.of((p.start, p.end) for p in earlier if p.label == ACTOR)
        held = {(s.start, s.end) for s in doc.spans if s.label == CLAIM}
        out: dict[tuple[int, int, str], Proposal] = {}
        for line in lines:
            offsets = None
            if len(line.normalized) != line.end - line.start:  # something was removed: map back
                offsets = offsets_of(text, normalize(text))  # the whole text's, made once
            where = _LineMap(text, offsets, line.start, line.normalized_start)
            for found in _read_line(line.normalized, line.verbs):
                self._propose(found, where, annotated, proposed, held, text, out)
        return sorted(out.values())

    def _attributes(self, label: LabelDef, text: str, start: int, end: int) -> Mapping[str, Any]:
        """`initial_attributes` of a `label` span (shared and read-only when fixed)."""
        fixed = self._fixed.get(label.name)
        if fixed is None:
            return initial_attributes(label, text, start, end)
        return MappingProxyType(fixed)  # shared: read-only

    def _propose(
        self,
        found: _Found,
        where: _LineMap,
        annotated: _Actors,
        proposed: _Actors,
        held: set[tuple[int, int]],
        text: str,
        out: dict[tuple[int, int, str], Proposal],
    ) -> None:
        source: tuple[int, int] | None = None
        if found.stretch is not None:
            stretch = where.span(found.stretch)
            subject = where.span(found.subject) if found.subject else None
            source = _actor_in(annotated, stretch, subject, found.before_verb)
            if source is None:
                source = _actor_in(proposed, stretch, subject, found.before_verb)
            if source is None and subject is not None and self.actor is not None:
                source = subject
                less = found.before_verb or found.kind == "nominal"
                score = _ACTOR_SCORE - (_BEFORE_VERB if less else 0.0)
                score -= _CUT_ACTOR if found.cut else 0.0
                start, end = subject
                key = (start, end, self.actor.name)
                if key not in out or out[key].score < score:
                    attributes = self._attributes(self.actor, text, start, end)
                    out[key] = Proposal(start, end, self.actor.name, round(score, 2), attributes)
        if self.claim is None:
            return
        content = where.span(found.content)
        if content in held:
            return
        score = _SCORES[found.kind]
        if found.subject is None and source is None:
            score -= _NO_SOURCE
        elif found.before_verb:
            score -= _BEFORE_VERB
        start, end = content
        key = (start, end, self.claim.name)
        if key not in out or out[key].score < score:
            attributes = self._attributes(self.claim, text, start, end)
            link = source if self.actor is not None else None
            out[key] = Proposal(start, end, self.claim.name, round(score, 2), attributes, link)


class _Actors(NamedTuple):
    """ACTOR spans, sorted, and their starts."""

    spans: list[tuple[int, int]]
    starts: list[int]

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]]) -> _Actors:
        ordered = sorted(spans)
        return cls(ordered, [start for start, _ in ordered])


def _actor_in(
    actors: _Actors,
    stretch: tuple[int, int],
    subject: tuple[int, int] | None,
    before_verb: bool,
) -> tuple[int, int] | None:
    """The ACTOR span of `actors` lying in `stretch` that best fits the verb's subject: one
    starting inside `subject` first; then the nearest the verb (the first after it, the last
    before it), the longest of those."""
    # a span inside starts in [stretch[0], stretch[1]): only those are looked at
    first, last = bisect_left(actors.starts, stretch[0]), bisect_left(actors.starts, stretch[1])
    if first == last:
        return None
    inside = [a for a in actors.spans[first:last] if a[1] <= stretch[1] and a[0] < a[1]]
    if len(inside) < 2:
        return inside[0] if inside else None

    def rank(actor: tuple[int, int]) -> tuple[bool, int, int]:
        in_subject = subject is not None and subject[0] <= actor[0] < subject[1]
        nearness = -actor[1] if before_verb else actor[0]
        return (not in_subject, nearness, actor[0] - actor[1])

    return min(inside, key=rank)


class _Line(NamedTuple):
    start: int  # in the text
    end: int
    normalized: str  # the line normalized
    verbs: list[_Verb]  # in the line's normalized offsets
    normalized_start: int  # where the line starts in the normalized text


def _verb_lines(text: str) -> list[_Line]:
    """The lines of `text` holding a reporting verb, with the verbs.

    The whole text is normalized once and the verbs' stems looked for with ``str.find``; a
    normalized text has the same lines as the text (line breaks are kept, and normalization
    goes code point by code point), so a verb's line in one is its line in the other."""
    normalized = normalize(text)
    verbs = _verbs(normalized)
    if not verbs:
        return []
    lines = normalized.splitlines(keepends=True)
    # (the text's own lines matter only when normalization removed something)
    originals = lines if len(normalized) == len(text) else text.splitlines(keepends=True)
    if len(lines) != len(originals):  # a removed character inside «\r\n»: one line then
        return [_Line(0, len(text), normalized, verbs, 0)]
    starts = list(accumulate(map(len, lines), initial=0))
    original_starts = (
        starts if originals is lines else list(accumulate(map(len, originals), initial=0))
    )
    found: dict[int, list[_Verb]] = {}
    for verb in verbs:
        number = bisect_right(starts, verb.start) - 1
        shift = starts[number]
        start, end, joined, nominal, accuses = verb  # (faster than _replace)
        found.setdefault(number, []).append(
            _Verb(start - shift, end - shift, joined, nominal, accuses)
        )
    return [
        _Line(
            original_starts[number],
            original_starts[number] + len(originals[number].rstrip(_LINE_BREAKS)),
            lines[number].rstrip(_LINE_BREAKS),
            line_verbs,
            starts[number],
        )
        for number, line_verbs in found.items()
    ]


_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines splits at


def _verbs(normalized: str) -> list[_Verb]:
    """The reporting verbs and nominal attributions of a normalized text, in order: where one
    of `STEMS` (`NOMINAL_STEMS`) lies in a word `VERB_RE` (`NOMINAL_RE`) matches whole."""
    verbs: list[_Verb] = []
    for start in sorted(_word_starts(normalized, STEMS)):
        match = VERB_RE.match(normalized, start)
        if match is None or _previous_word(normalized, start) in _BEFORE_MASDAR:
            continue  # «طلب عدم ذكر اسمه»: a noun
        clitic, form = match.group("clitic", "verb")
        reading = verb_lemma(form)
        if reading is None or (clitic.lstrip("وف") and not reading[1]):
            continue  # ل/س only before a present form
        joined = clitic.startswith(("و", "ف"))
        verbs.append(_Verb(start, match.end(), joined, accuses=reading[0] == "اتهم"))
    for start in _word_starts(normalized, NOMINAL_STEMS):
        match = NOMINAL_RE.match(normalized, start)
        if match is not None:
            verbs.append(_Verb(start, match.end(), bool(match.group("clitic")), True))
    verbs.sort()
    return verbs


def _previous_word(text: str, start: int) -> str:
    """The whitespace-separated word before `start` (a word's start)."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text[max(0, text.rfind(" ", 0, end) + 1) : end]


def _word_starts(normalized: str, stems: Iterable[str]) -> set[int]:
    """Starts of the words holding one of `stems` after at most 3 letters."""
    starts: set[int] = set()
    for stem in stems:
        found = normalized.find(stem)
        while found >= 0:
            start = found
            while start > 0 and found - start < 3 and normalized[start - 1].isalnum():
                start -= 1
            if start == 0 or not normalized[start - 1].isalnum():
                starts.add(start)
            found = normalized.find(stem, found + 1)
    return starts


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


# before a verb's letters, these make it a verbal noun: «عدم ذكر اسمه», «دون ذكر»
_BEFORE_MASDAR = _words("عدم دون بدون")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
# what ends a subject after the verb: a colon, a quote mark, a complementizer
_STOP_RE = re.compile("[:" + "".join(_OPENERS) + "]|" + COMPLEMENTIZER_RE.pattern)
# a trailing «، بحسب ...», «، على حد وصفه»: attribution, not content
_TAIL_RE = re.compile(r"[،,]\s*(?:بحسب|حسب|وفقا|وفق|نقلا|علي\s+حد)(?!\w)")


def _read_line(line: str, verbs: list[_Verb]) -> list[_Found]:
    """What each verb (or nominal attribution) of a normalized line reports and who reports
    it."""
    sentences = split_sentences(line)
    sentence_starts = [start for start, _ in sentences]
    real = [verb for verb in verbs if not verb.nominal]
    at = {verb.start: verb for verb in real}
    found: list[_Found] = []
    for verb in verbs:
        s = bisect_right(sentence_starts, verb.start) - 1
        if s < 0 or verb.start >= sentences[s][1]:
            continue
        if verb.nominal:
            reading = _read_nominal(line, verb, sentences[s], at)
        else:
            i = bisect_right(real, verb)
            following = real[i].start if i < len(real) else len(line)
            reading = _read_verb(line, verb, sentences[s], following, at)
        if reading is not None:
            found.append(reading)
    return found


def _read_nominal(
    line: str, marker: _Verb, sentence: tuple[int, int], verbs: dict[int, _Verb]
) -> _Found | None:
    """«بحسب X، ...» or «...، بحسب X»: the rest of the sentence after X's comma, or the sentence
    before the comma, attributed to X. Nothing without X (a noun phrase), nor where a reporting
    verb reports the same."""
    tokens = _tokens(line, marker.end, sentence[1], _WINDOW_WORDS + 1)
    texts, starts = tokens
    word = line[marker.start + marker.joined : marker.end]  # without «و»
    if word in ("وفقا", "نقلا"):
        preposition = "ل" if word == "وفقا" else "عن"
        if texts and texts[0] == preposition:
            del texts[0], starts[0]
        elif word == "وفقا" and texts and texts[0][:1] == "ل" and texts[0][1:2] != "ل":
            texts[0] = texts[0][1:]  # «وفقا لوزارة الدفاع»: the source starts after the lam
            starts[0] += 1
        else:
            return None
    found = _subject_after(tokens, len(texts))
    if found is None:
        return None
    subject, cut = found
    before = line[sentence[0] : marker.start].rstrip()
    if not before:  # «وبحسب الوزارة، قتل 25 شخصا»
        comma = next(
            (k for k, text in enumerate(texts) if text in _COMMAS and starts[k] >= subject[1]),
            None,
        )
        if comma is None:
            return None
        content = _clause(line, tokens.end(comma), sentence[1], verbs)
    elif before[-1] in _COMMAS:  # «قتل 25 شخصا، بحسب الوزارة»
        if any(sentence[0] <= start < marker.start for start in verbs):
            return None  # the verb's claim stops before the comma
        content = _trimmed(line, sentence[0], len(before) + sentence[0])
    else:
        return None
    if content is None:
        return None
    return _Found("nominal", content, subject, cut, False, (marker.end, subject[1]))


def _read_verb(
    line: str, verb: _Verb, sentence: tuple[int, int], following: int, verbs: dict[int, _Verb]
) -> _Found | None:
    """The reading of `verb` in `sentence` (normalized line offsets); `following`: where the
    next verb starts; `verbs` by start."""
    start = _content_start(line, verb, min(sentence[1], following))
    if start is None:
        return None
    content_start, kind, after = start  # after: the tokens between the verb and its content
    if kind == "quote":
        close = line.find(_OPENERS[line[content_start]], content_start + 1)
        if close < 0:
            kind = "colon"
            content = _clause(line, content_start, sentence[1], verbs)
        else:
            content = _trimmed(line, content_start + 1, close)
    else:
        content = _clause(line, content_start, sentence[1], verbs)
        if content is not None and _in_apposition(line, verb.start):
            content = _before_comma(line, *content)
    if content is None:
        return None
    count = len(after.texts)  # the tokens looked at
    if kind == "clause" and count > 1 and after.texts[-1] in _PRE_COMPLEMENTIZER:
        count -= 1
    stretch = (verb.end, after.end(count - 1)) if count else None
    subject = _subject_after(after, count)
    if subject is not None:
        if verb.accuses:  # «اتهمت أرمينيا موسكو بأنها»: where the subject ends is unknown
            return _Found(kind, content, None, False, False, stretch)
        return _Found(kind, content, subject[0], subject[1], False, stretch)
    if not verb.joined or line[verb.start] == "ف":
        before = _subject_before(line, sentence[0], verb.start, verbs)
        if before is not None:
            return _Found(kind, content, before, False, True, (before[0], verb.start))
    return _Found(kind, content, None, False, False, stretch)


def _in_apposition(line: str, start: int) -> bool:
    """Whether the verb at `start` follows «، الذي/التي/الذين»: its clause ends at a comma."""
    word = _previous_word(line, start)
    if word not in _RELATIVE_PRONOUNS:
        return False
    before = line[:start].rstrip()
    before = before[: len(before) - len(word)].rstrip()
    return bool(before) and before[-1] in _COMMAS


def _before_comma(line: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) up to its first comma."""
    commas = [at for at in (line.find(comma, start, end) for comma in _COMMAS) if at >= 0]
    return _trimmed(line, start, min(commas)) if commas else (start, end)


def _content_start(line: str, verb: _Verb, end: int) -> tuple[int, str, _Tokens] | None:
    """Where the verb's content starts, its kind and the tokens passed on the way (the
    subject's): after a complementizer (clause), after a colon (quote when a quotation follows
    it), or a quotation right after the verb or after its subject (`_said_after_subject`),
    looked for up to `end` (the sentence's end or the next verb); any other quotation («منصة
    "إكس":», a word in quotes) is passed over whole, so no clause starts inside it. None when
    there is none, or `_WINDOW_WORDS` words before it."""
    limit = min(end, verb.end + _WINDOW_CHARS)
    at = verb.end
    while True:
        stop = _STOP_RE.search(line, at, limit)
        if stop is None:
            return None
        mark = stop.group()
        if mark in COMPLEMENTIZERS:
            found = stop.end(), "clause"
            break
        if mark == ":":
            following = _TOKEN_RE.search(line, stop.end(), end)
            if following is not None and following.group() in _OPENERS:
                found = following.start(), "quote"
            else:
                found = stop.end(), "colon"
            break
        if not line[verb.end : stop.start()].strip():  # a quote mark right after the verb
            found = stop.start(), "quote"
            break
        close = line.find(_OPENERS[mark], stop.end())
        if close >= 0 and _said_after_subject(line, stop.end(), close, limit):
            found = stop.start(), "quote"  # «وقال الرئيس «...».»: as after a colon
            break
        # a stray quote mark, or «منصة "إكس":», «وقوفها "الدائم" إلى»: nothing inside stops
        at = close + 1 if close >= 0 else stop.end()
    after = _tokens(line, verb.end, stop.start())
    texts = after.texts
    if len(texts) > _WINDOW_WORDS and sum(text[0].isalnum() for text in texts) > _WINDOW_WORDS:
        return None
    return found[0], found[1], after


_CLAUSE_ENDS = frozenset("،,;؛.!?؟…")


def _said_after_subject(line: str, inside: int, close: int, limit: int) -> bool:
    """Whether the quotation [inside, close) after a verb's first words is what is said, not a
    name or a word in quotes («وقال الرئيس «لن نسمح بذلك».», not «قالت منصة "إكس": ...» nor
    «أكدت تركيا وقوفها "الدائم" إلى جانب»): it holds two words or more and ends its clause
    (only punctuation after it, up to a comma, a full stop or `limit`)."""
    if len(line[inside:close].split()) < 2:
        return False
    following = close + 1
    while following < limit and not _is_word(line[following]):
        if line[following] in _CLAUSE_ENDS:
            return True
        following += 1
    return following >= limit


def _clause(line: str, start: int, end: int, verbs: dict[int, _Verb]) -> tuple[int, int] | None:
    """The clause from `start` to the sentence's `end`, up to a reporting verb joined by و/ف or
    a trailing «، على حد وصفه»/«، بحسب ...»; without final punctuation, and without the quote
    marks when it is one whole quotation."""
    span = _trimmed(line, start, end)
    if span is None:
        return None
    start = span[0]
    for verb_start, verb in verbs.items():
        if start < verb_start < end and verb.joined:
            end = verb_start
    tail = _TAIL_RE.search(line, start, end)
    if tail is not None:
        end = tail.start()
    span = _trimmed(line, start, end)
    if span is not None:
        first, stop = span
        closer = _OPENERS.get(line[first])
        if closer is not None and line.find(closer, first + 1) == stop - 1:
            return _trimmed(line, first + 1, stop - 1)
    return span


def _trimmed(line: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without surrounding whitespace and final punctuation; None if empty."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1] in _FINAL_PUNCTUATION:
        end -= 1
    return (start, end) if start < end else None


def _not_subject(word: str) -> bool:
    return (
        word in _NOT_SUBJECT
        or not _is_word(word[0])
        or word[0].isdigit()
        or (word[0] in "وف" and word[1:] in _NOT_SUBJECT)
    )


def _subject_after(tokens: _Tokens, count: int) -> tuple[tuple[int, int], bool] | None:
    """The subject in the first `count` tokens after a verb (normalized line offsets), and
    whether it was cut to `CUT_SUBJECT_WORDS`."""
    texts = tokens.texts
    k = 0
    while k < count and texts[k] in _LEADING_SKIPS:
        k += 1
    words: list[int] = []  # the subject's words, by index
    for j in range(k, count):
        text = texts[j]
        if text in _SUBJECT_CUTS:
            break
        if text in _PLACE_PREPOSITIONS and j + 1 < count and texts[j + 1] in _SAID_IN:
            break
        if not (text[0].isalnum() or text[0] == "_"):  # not a word
            if text in _INNER_PUNCTUATION and words and _glued(tokens, j, count):
                continue
            break
        words.append(j)
    if not words or _not_subject(texts[words[0]]):
        return None
    cut = len(words) > MAX_SUBJECT_WORDS
    if cut:
        words = words[:CUT_SUBJECT_WORDS]
    return (tokens.starts[words[0]], tokens.end(words[-1])), cut


def _glued(tokens: _Tokens, j: int, count: int) -> bool:
    """Whether punctuation token `j` (of the first `count`) joins the words either side without
    spaces (أ.ف.ب)."""
    return (
        0 < j < count - 1
        and _is_word(tokens.texts[j + 1][0])
        and tokens.end(j - 1) == tokens.starts[j]
        and tokens.end(j) == tokens.starts[j + 1]
    )


def _subject_before(
    line: str, start: int, end: int, verbs: dict[int, _Verb]
) -> tuple[int, int] | None:
    """The subject in [start, end) before a verb, back to the clause start (the sentence start,
    punctuation, a quote mark, a complementizer or another verb), if it looks like one."""
    tokens = _tokens(line, start, end)
    texts, starts = tokens

    def clause_start(stop: int) -> int:
        b = stop - 1
        while b >= 0:
            text = texts[b]
            if text in COMPLEMENTIZERS or starts[b] in verbs:
                break
            if not _is_word(text[0]) and text not in _INNER_PUNCTUATION:
                break
            b -= 1
        return b + 1

    first, stop = clause_start(len(texts)), len(texts)
    while stop > first and texts[stop - 1] in _SVO_TRAILING:
        stop -= 1
    if stop == first and first > 0 and texts[first - 1] in _COMMAS:
        stop = first - 1  # «وكانت الوزارة، أعلنت في وقت سابق، أنها»
        first = clause_start(stop)
    while first < stop and texts[first] in _SVO_LEADING:
        first += 1
    if first >= stop or _not_subject(texts[first]) or _not_subject(texts[stop - 1]):
        return None  # «ما قالت»، «التي تقول»
    subject = texts[first:stop]
    if any(text in _SUBJECT_CUTS or text[0].isdigit() for text in subject):
        return None  # «الموعد أيضا قال», relatives
    if sum(text[0].isalnum() for text in subject) > MAX_SUBJECT_BEFORE:
        return None
    return starts[first], tokens.end(stop - 1)
