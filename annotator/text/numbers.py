"""Reading casualty counts from Arabic (and simple English) text spans.

``read_count(span_text, context)`` reads the count a CASUALTY span states, with its qualifier
and a guess at the outcome. Text is first normalized (``normalize``: alef/yeh/teh marbuta
variants, tashkeel and tatweel removed, Arabic-Indic digits to ASCII), so diacritics and
tatweel never matter, except that the diacritics of a word are used to tell a dual from a plural
(«مدنيَّين» two civilians, «مدنيِّين» civilians).

What is read:

* digits, with thousands separators (``3,000``, ``3٬000``, ``3،000``), Arabic-Indic digits and
  decimals before a scale word (``1.5 مليون``);
* number words in all genders and cases, with clitics (و ف ب ل ك ال): «خمسة وعشرون»,
  «ثلاثة آلاف», «مئتان», «ثلاثمائة», «ألفين», «أحد عشر», «اثنتي عشرة», «120 ألف», «وبخمسة»;
* duals of مئة/ألف/مليون/مليار, also in construct («مئتا», «ألفي جندي», «مليونا نازح»);
  «ألفا» starting a number and followed by its noun is the dual (2000), else («عشرون ألفا»,
  «ألفًا») one thousand;
* fractions of ألف/مليون/مليار: before one, «نصف مليون» 500,000, «ربع مليون» 250,000, «ثلث
  مليون» 333,333, «ثلثا/ثلثي مليون» 666,667 (a third is rounded to the nearest whole number),
  «ثلاثة أرباع مليون» 750,000; after one and «و», added to it and ending the number: «مليون
  ونصف» 1,500,000, «ثلاثة آلاف ونصف» 3,500, «مليون وربع» 1,250,000, also naming the unit again
  with the article: «مليون ونصف المليون» 1,500,000, «ألف ونصف الألف» 1,500. A fraction with no
  multiplier is no number («نصف», «ربع القتلى», «ثلاثة أرباع السكان»), nor is one with the
  article («النصف», «الربع»);
* duals of the nouns victims are counted with (``قتيلين``, ``جنديين``, ``مدنيان``, ``رهينتين``;
  a sound-plural form such as «مدنيين» is a dual only when written «مدنيَّين»);
* vague quantities, read as ``value=None`` and a ``low``/``high`` range, qualifier
  ``approximately``: «بضعة» 3-9, «عدة» 3-, «عشرات» 20-99, «مئات» 200-999, «آلاف»/«ألوف»
  2000-9999, «عشرات الآلاف» 20000-99999, «ملايين», and English dozens/hundreds/thousands;
* ranges «بين 10 و20», «10-20», «من 10 إلى 20», «ثلاثة أو أربعة»: ``value=None``, ``low``,
  ``high``, qualifier ``approximately``;
* qualifiers: «أكثر من 60», «ما لا يقل عن 60», «60 على الأقل», «60 أو أكثر» -> ``at least``
  (``value=low=60``); «أقل من», «حتى», «ما يصل إلى», «لا يزيد عن» -> ``at most``
  (``value=high``); «نحو», «حوالي», «قرابة», «ما يقرب من», «زهاء», «تقريبا» -> ``approximately``.
  When the span has no qualifier and ``context`` contains the span, the words right before it
  in ``context`` are searched too (an annotator may select «60» in «أكثر من 60»).

A span naming several counted groups states their sum: «مقتل أربعة جنود ومدنيين اثنين» is 6
(``groups == (4, 2)``), «أربعة شرطيين ومدنيَّين» is 6. Groups after «بينهم/منهم» ("among them")
are a subset and are not added («25 شخصا قتلوا، بينهم مدنيان» is 25). Numbers that are years
(«عام 2020»), dates («14 سبتمبر», «12/9»), clock times («14:00»), percentages or quantities of a
unit («48 ساعة», «10 كيلومترات») are not counts. A span with no number but a noun for one victim
(«مقتل جندي») reads 1. A dual noun
followed by «اثنين» («جنديين اثنين») is one group of 2.

The outcome is guessed from cue words (قتل، مقتل، قتلى، مصرع، استشهاد، شهداء ...; جرحى، إصابة،
أصيب ...; مفقود، فقدان ...; أسر، أسرى، اختطاف، رهائن ...) in the span, else in ``context``
(the cue nearest the span); ``unspecified`` when there is none. A cue after the span (or after
a count in running text, `find_counts`) that follows «و» and has a count after it in its clause
is that count's: in «نزح نصف مليون شخص وقتل ثلاثة» the three are killed, the half million has
no cue.

``find_counts(text)`` scans running text with the same tokens, groups and filters for every
phrase stating a count of people (`CountPhrase`: offsets in ``text``, reading, nearest outcome
cue); numbers of things, names and bare years are left out too. It reads only the few words
around the places a set lookup of the normalized words finds, so text without numbers costs
little more than ``normalize``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import filterfalse
from operator import attrgetter
from typing import Literal, NamedTuple

from annotator.text.normalize import normalize, normalize_with_map, original_span
from annotator.text.normalized_offsets import TextOffsets, offsets_of
from annotator.text.sentences import split_sentences

__all__ = [
    "CountReading",
    "read_count",
    "Qualifier",
    "Outcome",
    "CountPhrase",
    "OutcomeCue",
    "find_counts",
]

Qualifier = Literal["exact", "at least", "at most", "approximately"]
Outcome = Literal["killed", "injured", "missing", "captured", "unspecified"]


@dataclass(frozen=True)
class CountReading:
    """A count read from a span.

    ``value`` is the count (None for vague quantities and ranges). ``low``/``high`` are bounds:
    both set for ranges and vague quantities, ``low`` for "at least", ``high`` for "at most",
    neither for exact or approximate single values. ``groups`` are the counts that were added up.
    """

    value: int | None
    low: int | None = None
    high: int | None = None
    qualifier: Qualifier = "exact"
    outcome: Outcome = "unspecified"
    groups: tuple[int, ...] = ()


# ---------------------------------------------------------------------------------------------
# Lexicon (normalized spellings: ا for أ إ آ, ي for ى, ه for ة, no tashkeel)

_UNITS = {
    1: "واحد واحده احد احدي",
    2: "اثنان اثنين اثنتان اثنتين اثنا اثنتا اثني اثنتي ثنتان ثنتين",
    3: "ثلاث ثلاثه",
    4: "اربع اربعه",
    5: "خمس خمسه",
    6: "ست سته",
    7: "سبع سبعه",
    8: "ثمان ثماني ثمانيه",
    9: "تسع تسعه",
    10: "عشر عشره",
}
_TENS = {
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "اربعون اربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
}
_HUNDRED_WORDS = "مئه مائه"
_HUNDREDS = {200: "مئتان مئتين مئتا مئتي مائتان مائتين مائتا مائتي"}
_HUNDRED_PREFIXES = {3: "ثلاث", 4: "اربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان ثماني", 9: "تسع"}
_MULTIPLIERS = {
    1000: "الف الفا الاف",
    1_000_000: "مليون مليونا ملايين",
    1_000_000_000: "مليار مليارا مليارات",
}
_DUAL_MULTIPLIERS = {
    1000: "الفان الفين الفا الفي",
    1_000_000: "مليونان مليونين مليونا مليوني",
    10**9: "ملياران مليارين مليارا ملياري",
}
# «ألفا», «مليونا», «مليارا»: the accusative of one (عشرون ألفا, 20,000) or, starting a number
# and followed by its noun, a dual in construct (ألفا جندي, 2,000). With tanween it is the first.
_CONSTRUCT_DUALS = {"الفا", "مليونا", "مليارا"}
_HALF = "نصف"  # «نصف مليون» 500,000; «مليون ونصف» 1,500,000
# Fractions of a multiplier: word -> (numerator, denominator); numerator 0: a plural, whose
# numerator is the number before it («ثلاثة أرباع مليون» 750,000). See `_NumberBuilder`.
_FRACTIONS: dict[str, tuple[int, int]] = {
    _HALF: (1, 2),
    "ربع": (1, 4),
    "ثلث": (1, 3),
    "ثلثا": (2, 3),  # the dual, «ثلثا/ثلثي مليون» 666,667
    "ثلثي": (2, 3),
    "ارباع": (0, 4),
}
# The singular units whose fraction may name them again, with the article: «مليون ونصف المليون»
_UNIT_NAMES = {"الف": 1000, "مليون": 1_000_000, "مليار": 1_000_000_000}
# Vague quantities: (low, high, multiplier this word also is when a number precedes it).
_VAGUE = {
    "بضع": (3, 9),
    "بضعه": (3, 9),
    "عده": (3, None),
    "عشرات": (20, 99),
    "مئات": (200, 999),
    "الاف": (2000, 9999),
    "الوف": (2000, 9999),
    "الوفا": (2000, 9999),
    "ملايين": (2_000_000, 9_999_999),
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "millions": (2_000_000, 9_999_999),
}
_ENGLISH = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
_ENGLISH_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# word -> (kind, value); kinds: "small" (< 100), "hundred" (100 itself, multiplies a unit),
# "hundreds" (200..900), "mult" (1000, 10**6, 10**9), "dualmult" (2000, ...).
_NUMBER_WORDS: dict[str, tuple[str, int]] = {}
for _value, _words in (*_UNITS.items(), *_TENS.items()):
    for _word in _words.split():
        _NUMBER_WORDS[_word] = ("small", _value)
for _word in _HUNDRED_WORDS.split():
    _NUMBER_WORDS[_word] = ("hundred", 100)
for _value, _words in _HUNDREDS.items():
    for _word in _words.split():
        _NUMBER_WORDS[_word] = ("hundreds", _value)
for _unit, _prefixes in _HUNDRED_PREFIXES.items():
    for _prefix in _prefixes.split():
        for _word in _HUNDRED_WORDS.split():
            _NUMBER_WORDS[_prefix + _word] = ("hundreds", _unit * 100)
for _value, _words in _MULTIPLIERS.items():
    for _word in _words.split():
        _NUMBER_WORDS[_word] = ("mult", _value)
for _value, _words in _DUAL_MULTIPLIERS.items():
    for _word in _words.split():
        _NUMBER_WORDS.setdefault(_word, ("dualmult", _value))
for _word in _FRACTIONS:
    _NUMBER_WORDS[_word] = ("fraction", 0)
for _word, _value in _ENGLISH.items():
    _NUMBER_WORDS[_word] = ("small", _value)
for _word, _value in _ENGLISH_MULTIPLIERS.items():
    _NUMBER_WORDS[_word] = ("hundred" if _value == 100 else "mult", _value)
# Numbers that must not lose an article: الاثنين/الاثنان is Monday, الاحد Sunday, النصف a half
# (الربع the quarter, ...).
_NO_ARTICLE = {"اثنين", "اثنان", "احد", "واحد", *_FRACTIONS}
# Words that do not start the noun a dual in construct counts («ألفا من» is «ألفًا من»).
_PARTICLES = set(
    "من في علي الي عن مع منذ خلال بعد قبل حتي او ام ثم قد لقد ان انه انها اي هو هي هم كما وفق "
    "حسب بين اثناء جراء اثر بسبب نتيجه عند لدي ضد نحو".split()
)

# Nouns victims are counted with, whose -ين/-ان form is a dual (their plural is broken).
_DUAL_STEMS = set(
    "قتيل جريح جندي شخص طفل ضابط رجل شاب اسير شهيد عنصر حارس طبيب قائد شقيق ابن راكب تلميذ "
    "طالب حاج صبي مختطف".split()
)
# Feminine nouns (ending in ه, written ت before the dual ending).
_DUAL_FEMININE_STEMS = set("امراه طفله فتاه رهينه سيده شابه طالبه ممرضه مجنده".split())
# Nouns whose -ين form is also the sound plural: a dual only as -ان, or -َين with a fatha.
_SOUND_PLURAL_STEMS = set(
    "مدني شرطي عسكري مواطن مسلح مقاتل صحفي مسعف مصور مصاب مهندس طيار عامل متظاهر مستوطن "
    "مدنيه".split()
)

_OUTCOME_WORDS: dict[str, str] = {}
for _outcome_name, _words in {
    "killed": "قتل قتلت قتلوا قتلا مقتل مقتلهم مقتله قتلي قتيل قتيلا قتيلان قتيلين يقتل قتيله "
    "مصرع مصرعه مصرعهم مصرعها حتف حتفه حتفهم استشهاد استشهد استشهدوا استشهدت شهداء شهيد شهيدا "
    "شهيدان شهيدين شهيده موتي وفاه وفيات مات ماتوا هلاك هلك جثث جثه "
    "killed dead deaths died death killing fatalities",
    "injured": "جرحي جريح جريحا جريحان جريحين جرح جرحت جرحوا اصابه اصابات اصيب اصيبوا اصيبت "
    "مصاب مصابا مصابين مصابون مصابه يصاب باصابات جراح جروح injured wounded injuries hurt",
    "missing": "مفقود مفقودا مفقودين مفقودون مفقوده فقدان فقدوا فقدت missing",  # not «فقد»
    "captured": "اسر اسري اسير اسيرا اسيرين اسرت اختطاف اختطف اختطفوا اختطفت مختطف مختطفين "
    "رهائن رهينه رهينتين رهاين خطف خطفوا captured hostages hostage kidnapped abducted "
    "prisoners",
}.items():
    for _word in _words.split():
        _OUTCOME_WORDS[_word] = _outcome_name

# Qualifier cues (token sequences). Prefix cues stand right before the number.
_PREFIX_CUES: list[tuple[tuple[str, ...], str]] = []
for _qualifier_name, _phrases in {
    "at least": "ما لا يقل عن|ما لا يقل علي|لا يقل عن|لا يقل علي|لا تقل عن|ما لا تقل عن|"
    "اكثر من|ما يزيد عن|ما يزيد علي|يزيد عن|يزيد علي|ما يربو علي|يربو علي|ما يفوق|يفوق|"
    "at least|more than|over|upwards of",
    "at most": "ما لا يزيد عن|ما لا يزيد علي|لا يزيد عن|لا يزيد علي|لا تزيد عن|اقل من|"
    "ما يصل الي|يصل الي|حتي|لا يتجاوز|ما لا يتجاوز|at most|up to|less than|fewer than|"
    "no more than",
    "approximately": "ما يقرب من|يقرب من|ما يقارب|يقارب|ما يناهز|يناهز|نحو|حوالي|قرابه|"
    "زهاء|ما يقدر ب|يقدر ب|about|around|approximately|roughly|nearly|some|an estimated",
}.items():
    for _phrase in _phrases.split("|"):
        _PREFIX_CUES.append((tuple(_phrase.split()), _qualifier_name))
_PREFIX_CUES.sort(key=lambda cue: -len(cue[0]))  # longest first: «لا يقل عن» before «يقل»
_PREFIX_BY_LAST: dict[str, list[int]] = {}  # last word of a prefix cue -> its indices
for _index, (_cue, _) in enumerate(_PREFIX_CUES):
    _PREFIX_BY_LAST.setdefault(_cue[-1], []).append(_index)
_SUFFIX_CUES: list[tuple[tuple[str, ...], str]] = [
    (("علي", "الاقل"), "at least"),
    (("او", "اكثر"), "at least"),
    (("فاكثر",), "at least"),
    (("واكثر",), "at least"),
    (("or", "more"), "at least"),
    (("at", "least"), "at least"),
    (("او", "اقل"), "at most"),
    (("فاقل",), "at most"),
    (("تقريبا",), "approximately"),
    (("approximately",), "approximately"),
]
_SUFFIX_CUE_STARTS = {cue[0] for cue, _ in _SUFFIX_CUES}
_SUBSET_CUES = {"بينهم", "منهم", "بينها", "منها", "بينهن", "منهن", "including", "among"}
_RANGE_CONNECTORS = {"-", "\u2013", "\u2014", "الي", "حتي", "او", "to", "or"}
_YEAR_WORDS = {"عام", "سنه", "year", "in", "since"}
_MONTHS = set(
    "يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر كانون شباط "
    "اذار نيسان ايار حزيران تموز اب ايلول تشرين january february march april may june july "
    "august september october november december".split()
)
# Units after a number that is then not a head count: «خلال 48 ساعة», «10 كيلومترات».
_MEASURE_UNITS = set(
    "ساعه ساعات دقيقه دقائق ثانيه ثوان يوم يوما ايام اسبوع اسبوعا اسابيع شهر شهرا اشهر شهور "
    "عاما اعوام سنوات سنين كيلومتر كيلومترا كيلومترات كم متر مترا امتار ميل ميلا اميال دولار "
    "دولارا دولارات يورو مره مرات بالمئه بالمائه المئه المائه hours hour days day weeks months "
    "years km miles dollars percent times".split()
)
_PERCENT = {"المئه", "المائه"}  # «25 في المئة»
_ORDINALS = set(
    "الحادي الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر حادي ثاني ثالث "
    "رابع خامس سادس سابع ثامن تاسع".split()
)
# A noun for one victim: read as 1 when the span holds no number at all («مقتل جندي»).
_SINGULAR_VICTIMS = set(
    "جندي جنديا شخص شخصا مدني مدنيا طفل طفلا طفله امراه رجل رجلا قتيل قتيلا جريح جريحا شرطي "
    "شرطيا ضابط ضابطا مواطن مواطنا مقاتل مقاتلا صحفي صحفيا اسير اسيرا رهينه شهيد شهيدا مصاب "
    "مصابا مستوطن مستوطنا soldier civilian person child woman man policeman".split()
)

_CLITIC_PREFIXES = sorted(
    "و ف ب ل ك ال وال فال بال كال لل ولل فلل وب ول فب فل وك".split(), key=len, reverse=True
)
_ARTICLE_PREFIXES = {p for p in _CLITIC_PREFIXES if p.endswith("ال") or p.endswith("لل")}
_ARTICLES = tuple(_ARTICLE_PREFIXES)
_TOKEN_RE = re.compile(r"\d+(?:[.,\u060c]\d+)*|[^\W\d_]+|[^\w\s]")
_DIGITS_RE = re.compile(r"\d{1,3}(?:[,\u060c]\d{3})+|\d+(?:\.\d+)?")
_FATHA, _SHADDA = "\u064e", "\u0651"


class _Token:
    """A token: its normalized form and offsets in the normalized text; its offsets in the
    text (``raw_start``, ``raw_end``) and its text (``raw``) are worked out when asked for."""

    __slots__ = ("norm", "start", "end", "_text", "_offsets")

    def __init__(
        self, norm: str, start: int, end: int, text: str, offsets: Sequence[int] | None
    ) -> None:
        self.norm = norm
        self.start = start
        self.end = end
        self._text = text
        self._offsets = offsets  # None: the text is its normalized form's length

    @property
    def raw_span(self) -> tuple[int, int]:
        if self._offsets is None:
            return self.start, self.end
        return original_span(self._text, self._offsets, self.start, self.end)

    @property
    def raw_start(self) -> int:
        return self.raw_span[0]

    def raw_offset(self, skip: int) -> int:
        """The offset in the text of the token's character ``skip`` (normalized)."""
        return self.start + skip if self._offsets is None else self._offsets[self.start + skip]

    @property
    def raw_end(self) -> int:
        return self.raw_span[1]

    @property
    def raw(self) -> str:
        start, end = self.raw_span
        return self._text[start:end]


_START = attrgetter("start")  # a token's start, to bisect a list of tokens with


@dataclass
class _Group:
    first: int  # token indices, end-exclusive
    last: int
    value: int | None
    low: int | None = None
    high: int | None = None
    dual: bool = False


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[tuple[str, bool], ...]:
    """``word`` and the words left after removing a clitic prefix; flag: an article was removed."""
    forms = [(word, False)]
    for prefix in _CLITIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.append((word[len(prefix) :], prefix in _ARTICLE_PREFIXES))
    return tuple(forms)


@lru_cache(maxsize=1 << 16)
def _number_word(word: str) -> tuple[str, int] | None:
    for form, had_article in _forms(word):
        found = _NUMBER_WORDS.get(form)
        if found is not None and not (had_article and form in _NO_ARTICLE):
            return found
    return None


@lru_cache(maxsize=1 << 16)
def _vague_word(word: str) -> tuple[int, int | None] | None:
    for form, _ in _forms(word):
        if form in _VAGUE:
            return _VAGUE[form]
    return None


def _construct_dual(tokens: list[_Token], index: int) -> bool:
    """Whether «ألفا»/«مليونا»/«مليارا» at ``index``, starting a number, is a dual in construct:
    written without tanween and followed by a noun («ألفا جندي» 2,000, «عشرون ألفا» 20,000)."""
    if not any(form in _CONSTRUCT_DUALS for form, _ in _forms(tokens[index].norm)):
        return False
    if "\u064b" in tokens[index].raw or index + 1 >= len(tokens):
        return False
    following = tokens[index + 1].norm
    return (
        following.isalpha()
        and following not in _PARTICLES
        and following not in ("و", "and")
        and _number_word(following) is None
        and _vague_word(following) is None
    )


def _is_dual_noun(token: _Token) -> bool:
    dual = _dual_word(token.norm)
    return dual if dual is not None else _fatha_before_yeh_noon(token.raw)


@lru_cache(maxsize=1 << 16)
def _dual_word(word: str) -> bool | None:
    """Whether ``word`` is a dual noun; None: only if written «ـَين» (`_fatha_before_yeh_noon`)."""
    needs_fatha = False
    for form, _ in _forms(word):
        if len(form) < 4:
            continue
        stem, ending = form[:-2], form[-2:]
        if ending == "ان":
            if stem in _DUAL_STEMS or stem in _SOUND_PLURAL_STEMS:
                return True
            if stem.endswith("ت") and stem[:-1] + "ه" in _DUAL_FEMININE_STEMS:
                return True
            if stem.endswith("ي") and len(stem) >= 4 and not form.startswith(_ARTICLES):
                return True  # nisba: فلسطينيان، مدنيان (not «البيان»: its stem is «بي»)
        elif ending == "ين":
            if stem in _DUAL_STEMS:
                return True
            if stem.endswith("ت") and stem[:-1] + "ه" in _DUAL_FEMININE_STEMS:
                return True
            if stem in _SOUND_PLURAL_STEMS or stem.endswith("ي"):
                needs_fatha = True
    return None if needs_fatha else False


def _fatha_before_yeh_noon(raw: str) -> bool:
    """Whether the word ends in «ـَيْن» (dual) rather than «ـِين»/«ـين» (plural)."""
    body = raw.rstrip("\u064b\u064c\u064d\u064f\u0650\u0652\u0640")  # marks on the final noon
    if not body.endswith("\u0646"):
        return False
    body = body[:-1].rstrip("\u0652\u0640")  # sukun on the yeh
    if not body.endswith("\u064a"):
        return False
    marks = body[:-1]
    i = len(marks)
    while i > 0 and "\u064b" <= marks[i - 1] <= "\u0652":
        i -= 1
    return _FATHA in marks[i:]


def _tokens(text: str) -> list[_Token]:
    normalized, offsets = normalize_with_map(text)
    same = len(normalized) == len(text)  # nothing removed: offsets are the same
    return [
        _Token(m.group(), m.start(), m.end(), text, None if same else offsets)
        for m in _TOKEN_RE.finditer(normalized)
    ]


def _digits_value(token: str) -> float | None:
    m = _DIGITS_RE.fullmatch(token)
    if m is None:
        return None
    if "." in token:
        return float(token)
    return int(token.replace(",", "").replace("\u060c", ""))


class _NumberBuilder:
    """Accumulates the words of one number: «ثلاثمائة وخمسة وعشرون ألفا» -> 325000."""

    def __init__(self) -> None:
        self.total: float = 0  # the chunks already multiplied (thousands, millions, ...)
        self.current: float = 0  # the chunk below the last multiplier
        self.last_multiplier: int | None = None
        self.started = False
        self.halved = False  # «مليون ونصف»: nothing more can follow
        self.fraction: Fraction | None = None  # «ربع»: the multiplier that follows is taken so

    def add_fraction(self, numerator: int, denominator: int) -> bool:
        """Adds a fraction word (`_FRACTIONS`): before a multiplier, which must follow («نصف
        مليون», «ثلثا مليون», «ثلاثة أرباع مليون»: a plural takes the number before it), or
        after «و» and a multiplier, a fraction of it («مليون ونصف», «ألف وربع»), which ends the
        number; False if it cannot be part of this number."""
        if self.halved or self.fraction is not None:
            return False
        if not self.started and numerator:
            self.fraction = Fraction(numerator, denominator)
        elif not numerator:  # «ثلاثة أرباع»: a whole number below the denominator before it
            whole = self.current == int(self.current) and 2 <= self.current < denominator
            if self.total or not whole:
                return False
            self.fraction = Fraction(int(self.current), denominator)
            self.current = 0
        elif self.total and not self.current and self.last_multiplier:  # «ألف ونصف»
            self.total += round(Fraction(numerator, denominator) * self.last_multiplier)
            self.halved = True
        else:
            return False
        self.started = True
        return True

    def add(self, kind: str, value: float) -> bool:
        """Adds a number word (or digits); False if it cannot be part of this number."""
        if self.halved or (self.fraction is not None and kind != "mult"):
            return False
        smaller = self.last_multiplier is None or value < self.last_multiplier
        if kind == "digits":
            if self.current or (self.started and not self.total) or not smaller:
                return False  # «10 20», «عشرة 20»
            self.current = value
        elif kind == "small":
            if self.current and not self._fits_small(int(value)):
                return False  # «خمسة أربعة»
            self.current += value
        elif kind == "hundred":  # مئة
            if self.current == 0:
                self.current = 100
            elif self.current < 10 and self.current == int(self.current):
                self.current *= 100  # ثلاث مئة
            else:
                return False
        elif kind == "hundreds":  # مئتان, ثلاثمائة
            if self.current:
                return False
            self.current = value
        elif kind in ("mult", "dualmult"):  # ألف, آلاف, مليون; ألفين
            if not smaller or (kind == "dualmult" and self.current):
                return False
            if self.fraction is not None:  # «ثلث مليون» 333,333: rounded to a whole number
                self.total += round(self.fraction * int(value))
                self.fraction = None
            else:
                self.total += (2 if kind == "dualmult" else (self.current or 1)) * value
            self.current = 0
            self.last_multiplier = int(value)
        else:
            raise ValueError(kind)
        self.started = True
        return True

    def _fits_small(self, value: int) -> bool:
        below = self.current % 100
        if below != int(below) or below + value >= 100:
            return False
        units_free = below % 10 == 0 or value % 10 == 0
        tens_free = below < 10 or value < 10
        return units_free and tens_free

    def value(self) -> int | None:
        if self.fraction is not None:  # «ربع» with no multiplier after it
            return None
        result = self.total + self.current
        return int(result) if result == int(result) else None


def _groups(tokens: list[_Token]) -> list[_Group]:
    """Number phrases, vague quantities and dual nouns, in order."""
    groups: list[_Group] = []
    i = 0
    n = len(tokens)
    while i < n:
        word = tokens[i].norm
        if _plain_word(word):  # most words: nothing starts here
            i += 1
            continue
        vague = _vague_word(word)
        if vague is not None:  # عشرات, مئات, آلاف (a number before آلاف was read with it)
            low, high = vague
            j = i + 1
            following = _number_word(tokens[j].norm) if j < n else None
            if following is not None and following[0] == "mult":  # عشرات الآلاف
                low *= following[1]
                high = (high + 1) * following[1] - 1 if high is not None else None
                j += 1
            groups.append(_Group(i, j, None, low, high))
            i = j
            continue
        if not word[0].isdigit() and _number_word(word) is None:  # no number starts here
            if _is_dual_noun(tokens[i]):
                groups.append(_Group(i, i + 1, 2, dual=True))
            i += 1
            continue
        builder = _NumberBuilder()
        j = i
        while j < n:
            token = tokens[j].norm
            digits = _digits_value(token)
            if digits is not None:
                if not builder.add("digits", digits):
                    break
            elif token in ("و", "and"):  # «ألف و500», «one hundred and five»
                following = _number_word(tokens[j + 1].norm) if j + 1 < n else None
                digits_follow = j + 1 < n and _digits_value(tokens[j + 1].norm) is not None
                if not builder.started or not (following or (digits_follow and builder.total)):
                    break
            else:
                word_number = _number_word(token)
                if word_number is None:
                    break
                kind = word_number[0]
                if kind == "fraction":
                    numerator, denominator = _fraction(token)
                    if numerator and builder.started and not _after_wa(tokens, j):
                        break  # a half is added with «و»: «ألف ونصف», not «ألف نصف»
                    if not builder.add_fraction(numerator, denominator):
                        break
                    if builder.halved and j + 1 < n and _names_unit(tokens[j + 1], builder):
                        j += 1  # «مليون ونصف المليون»: the half of the same unit
                    j += 1
                    continue
                if kind == "mult" and not builder.started and _construct_dual(tokens, j):
                    word_number = ("dualmult", word_number[1])  # «ألفا جندي»
                if not builder.add(*word_number):
                    break
            j += 1
        while j > i and tokens[j - 1].norm in ("و", "and"):
            j -= 1  # «ثلاثة و» of «بين ثلاثة و خمسة»: the «و» is not part of the number
        if j > i:
            value = builder.value()
            if value is not None:
                groups.append(_Group(i, j, value))
            i = j
            continue
        if _is_dual_noun(tokens[i]):
            groups.append(_Group(i, i + 1, 2, dual=True))
        i += 1
    return groups


@lru_cache(maxsize=1 << 16)
def _plain_word(word: str) -> bool:
    """Whether no group of `_groups` can start at ``word``, whatever its diacritics: no vague
    quantity, digits, number word or dual noun (one test per word instead of four)."""
    return (
        _vague_word(word) is None
        and not word[0].isdigit()
        and _number_word(word) is None
        and _dual_word(word) is False
    )


def _names_unit(token: _Token, builder: _NumberBuilder) -> bool:
    """Whether ``token`` is the builder's last multiplier, singular with the article
    («المليون» after «مليون ونصف»)."""
    word = token.norm
    return word[:2] == "ال" and _UNIT_NAMES.get(word[2:]) == builder.last_multiplier


def _fraction(word: str) -> tuple[int, int]:
    """(numerator, denominator) of a fraction word (`_FRACTIONS`), clitics removed."""
    return next(_FRACTIONS[form] for form, _ in _forms(word) if form in _FRACTIONS)


def _after_wa(tokens: list[_Token], index: int) -> bool:
    """Whether the token at ``index`` has a «و» glued to it or right before it."""
    return tokens[index].norm.startswith("و") or (index > 0 and tokens[index - 1].norm == "و")


def _not_counts(tokens: list[_Token], groups: list[_Group]) -> list[_Group]:
    """Drops years, dates, clock times, percentages and numbers of hours, days, km, ...;
    «25 في المئة» (percent), «الخامس عشر» and «عشر من أغسطس» (ordinals, dates)."""
    kept = []
    for group in groups:
        before = tokens[group.first - 1].norm if group.first > 0 else ""
        after = tokens[group.last].norm if group.last < len(tokens) else ""
        following = tokens[group.last + 1].norm if group.last + 1 < len(tokens) else ""
        if (
            _forms_in(before, _NOT_COUNT_BEFORE)
            or _forms_in(after, _NOT_COUNT_AFTER)
            or after in ("%", ":", "/")
            or before in (":", "/")
            or (after == "في" and following in _PERCENT)
            or (after == "من" and _forms_in(following, _MONTHS))
            or (before == "في" and tokens[group.first].norm in _PERCENT)
            or (_after_its_noun(tokens, group) and _forms_in(before, _MEASURE_UNITS))
        ):
            continue
        kept.append(group)
    return kept


_NOT_COUNT_BEFORE = _YEAR_WORDS | _MONTHS | _ORDINALS  # «عام 2020», «سبتمبر 14», «الخامس عشر»
_NOT_COUNT_AFTER = _MONTHS | _MEASURE_UNITS  # «14 سبتمبر», «48 ساعة»


def _after_its_noun(tokens: list[_Token], group: _Group) -> bool:
    """Whether ``group`` is one word «واحد» or «اثنان», which stand after their noun."""
    return (
        group.last - group.first == 1
        and group.value in (1, 2)
        and not group.dual
        and _number_word(tokens[group.first].norm) is not None
    )


def _forms_in(word: str, words: set[str]) -> bool:
    """Whether ``word`` or one of its forms without a clitic (`_forms`) is one of ``words``."""
    return not words.isdisjoint(_form_words(word))


@lru_cache(maxsize=1 << 16)
def _form_words(word: str) -> tuple[str, ...]:
    """The words of `_forms` (for a C-level set test)."""
    return tuple(form for form, _ in _forms(word))


def _merge_duals(groups: list[_Group]) -> list[_Group]:
    """«جنديين اثنين»: a dual noun and an adjacent «اثنين» count the same two people."""
    merged: list[_Group] = []
    for group in groups:
        if merged:
            previous = merged[-1]
            adjacent = previous.last == group.first
            if adjacent and (
                (previous.dual and group.value == 2) or (group.dual and previous.value == 2)
            ):
                merged[-1] = _Group(previous.first, group.last, 2)
                continue
        merged.append(group)
    return merged


def _ranges(tokens: list[_Token], groups: list[_Group]) -> list[_Group]:
    result: list[_Group] = []
    k = 0
    while k < len(groups):
        group = groups[k]
        if k + 1 < len(groups) and not group.dual and not groups[k + 1].dual:
            following = groups[k + 1]
            between = [t.norm for t in tokens[group.last : following.first]]
            before = tokens[group.first - 1].norm if group.first > 0 else ""
            low = group.value if group.value is not None else group.low
            high = following.value if following.value is not None else following.high
            after_between = before in ("بين", "between")
            if between:
                connected = len(between) == 1 and (
                    between[0] in _RANGE_CONNECTORS
                    or (between[0] in ("و", "and") and after_between)
                )
            else:  # «بين 10 و20» with و glued to the second number
                connected = after_between and tokens[following.first].norm.startswith("و")
            if connected and low is not None and high is not None and low < high:
                result.append(_Group(group.first, following.last, None, low, high))
                k += 2
                continue
        result.append(group)
        k += 1
    return result


def _qualifier(tokens: list[_Token], first: _Group, last: _Group) -> str | None:
    cue = _qualifier_cue(tokens, first, last)
    return cue[0] if cue else None


def _qualifier_cue(
    tokens: Sequence[_Token], first: _Group, last: _Group
) -> tuple[str, int, int] | None:
    """The qualifier of the number from group ``first`` to ``last`` and the token indices its
    cue runs over (end-exclusive): a prefix cue ending right before it, else a suffix cue
    starting at most two words after it."""
    if first.first > 0:
        for index in _prefix_cues(tokens[first.first - 1].norm):
            cue, qualifier = _PREFIX_CUES[index]
            start = first.first - len(cue)
            if start >= 0 and _cue_matches(tokens, start, cue):
                return qualifier, start, first.first
    for start in range(last.last, min(last.last + 3, len(tokens))):  # «60 شخصا على الأقل»
        for index in _suffix_cues(tokens[start].norm):
            cue, qualifier = _SUFFIX_CUES[index]
            if _cue_matches(tokens, start, cue):
                return qualifier, start, start + len(cue)
    return None


@lru_cache(maxsize=1 << 16)
def _prefix_cues(word: str) -> tuple[int, ...]:
    """The indices in `_PREFIX_CUES` (in order) of the cues that may end in ``word``: their last
    word is ``word`` or one of its forms (`_forms`)."""
    return tuple(sorted(i for form in _form_words(word) for i in _PREFIX_BY_LAST.get(form, ())))


@lru_cache(maxsize=1 << 16)
def _suffix_cues(word: str) -> tuple[int, ...]:
    """The indices in `_SUFFIX_CUES` (in order) of the cues that may start with ``word``: their
    first word is ``word`` or one of its forms (`_forms`)."""
    forms = _form_words(word)
    return tuple(i for i, (cue, _) in enumerate(_SUFFIX_CUES) if cue[0] in forms)


def _cue_matches(tokens: Sequence[_Token], start: int, cue: tuple[str, ...]) -> bool:
    """Whether the words of ``tokens`` from ``start`` on are those of ``cue``, the first one
    maybe after a clitic («بنحو», «وحوالي»)."""
    if start + len(cue) > len(tokens) or cue[0] not in _form_words(tokens[start].norm):
        return False
    return all(tokens[start + k].norm == cue[k] for k in range(1, len(cue)))


@lru_cache(maxsize=1 << 16)
def _outcome_word(word: str) -> str | None:
    for form, _ in _forms(word):
        outcome = _OUTCOME_WORDS.get(form)
        if outcome is not None:
            return outcome
    return None


def _outcome(tokens: list[_Token], near: int) -> str | None:
    """The outcome cue nearest to token index ``near``."""
    best: tuple[int, str] | None = None
    for index, token in enumerate(tokens):
        outcome = _outcome_word(token.norm)
        if outcome is not None:
            distance = abs(index - near)
            if best is None or distance < best[0]:
                best = (distance, outcome)
    return best[1] if best else None


def read_count(span_text: str, context: str = "") -> CountReading | None:
    """The count ``span_text`` states (see the module docstring), or None if it states none."""
    tokens = _tokens(span_text)
    groups = _groups(tokens)
    groups = _not_counts(tokens, groups)
    groups = _merge_duals(groups)
    for k in range(1, len(groups)):
        between = tokens[groups[k - 1].last : groups[k].first]
        if any(_forms_in(t.norm, _SUBSET_CUES) for t in between):
            groups = groups[:k]  # «25 قتيلا بينهم مدنيان»: the rest is among the first
            break
    groups = _ranges(tokens, groups)
    if not groups:
        groups = [
            _Group(i, i + 1, 1)
            for i, token in enumerate(tokens)
            if _forms_in(token.norm, _SINGULAR_VICTIMS)
        ][:1]
    if not groups:
        return None

    qualifier = _qualifier(tokens, groups[0], groups[-1])
    if qualifier is None and context:
        qualifier = _context_qualifier(span_text, context)
    outcome = _outcome(tokens, groups[0].first)
    if outcome is None and context:
        outcome = _context_outcome(span_text, context, tokens)
    return _reading(groups, qualifier, outcome)


def _reading(groups: list[_Group], qualifier: str | None, outcome: str | None) -> CountReading:
    """The reading of the counted ``groups`` (added up) with their qualifier and outcome."""
    values = [g.value for g in groups]
    if all(v is not None for v in values):
        value: int | None = sum(v for v in values if v is not None)
        low = high = None
    else:
        value = None
        low = sum((g.low or 0) if g.value is None else g.value for g in groups)
        highs = [g.high if g.value is None else g.value for g in groups]
        high = sum(h for h in highs if h is not None) if None not in highs else None
        qualifier = qualifier or "approximately"
    if value is not None:
        if qualifier == "at least":
            low = value
        elif qualifier == "at most":
            high = value

    return CountReading(
        value=value,
        low=low,
        high=high,
        qualifier=qualifier or "exact",  # type: ignore[arg-type]
        outcome=outcome or "unspecified",  # type: ignore[arg-type]
        groups=tuple(g.value if g.value is not None else (g.low or 0) for g in groups),
    )


def _context_qualifier(span_text: str, context: str) -> str | None:
    """A prefix cue right before the span's first occurrence in ``context``."""
    position = context.find(span_text.strip())
    if position < 0:
        return None
    words = _last_words(context[:position], 5)
    tokens = [_Token(word, 0, 0, "", None) for word in words]  # only their words are read
    end = _Group(len(tokens), len(tokens), None)
    return _qualifier(tokens, end, end)


def _context_outcome(span_text: str, context: str, inside: list[_Token]) -> str | None:
    """The outcome of the cue nearest to the span's first occurrence in ``context``, by
    `find_counts`' rule (`_nearest_cue`): one before it wins a tie, and one after it counts only
    in its clause and when it does not open another count after «و». ``inside``: the span's
    tokens (`_tokens`)."""
    span = span_text.strip()
    position = context.find(span)
    if position < 0:
        return _outcome(_tokens(context), 0)
    before = [_Token(word, 0, 0, "", None) for word in _last_words(context[:position], 8)]
    after = _tokens(context[position + len(span) :])[:8]
    window, first, last = before + inside + after, len(before), len(before) + len(inside)
    starts = [last + group.first for group in _groups(after)]
    cue = _nearest_cue(window, _cues(window, starts), first, last)
    return cue.outcome if cue else None  # (the cue's offsets, which ``before`` lacks, unread)


def _last_words(text: str, count: int) -> list[str]:
    """The last ``count`` tokens of ``normalize(text)`` (`_TOKEN_RE`), from the last words of
    ``text`` only: the normalization changes or removes each character on its own, keeping
    whitespace, and no token holds whitespace."""
    words: list[str] = []
    for word in reversed(text.split()):
        words[:0] = _word_tokens(word)
        if len(words) >= count:
            break
    return words[-count:]


@lru_cache(maxsize=1 << 16)
def _word_tokens(word: str) -> tuple[str, ...]:
    """The tokens (`_TOKEN_RE`) of the normalization of ``word`` (no whitespace in it)."""
    return tuple(_TOKEN_RE.findall(normalize(word)))


# ---------------------------------------------------------------------------------------------
# Counts of people in running text

# Nouns a number counts that are not people: «60 موقعا», «20 مركبة», «3 صواريخ».
_THINGS = set(
    "موقع موقعا مواقع مركبه مركبات صاروخ صاروخا صواريخ قذيفه قذائف دبابه دبابات طائره طائرات "
    "مسيره مسيرات منزل منزلا منازل بيت بيتا بيوت مبني مبان مباني سياره سيارات شاحنه شاحنات "
    "قريه قري بلده بلدات مدينه مدن منطقه مناطق هجوم هجوما هجمات غاره غارات ضربه ضربات عمليه "
    "عمليات مركز مراكز نقطه نقاط مستشفي مستشفيات مدرسه مدارس حاجز حواجز قاعده قواعد سلاح "
    "اسلحه بندقيه طن اطنان برميل دوله دول بلد بلدان قرار قرارات بند بنود مليون مليار صفحه "
    "طلقه رصاصه لغم الغام عبوه عبوات جسر جسور كتيبه كتائب لواء الويه فرقه فرق وقت".split()
)
# Words before a number that make it a name or a rank, not a count: «القرار 2254», «رقم 5».
_LABEL_WORDS = set("رقم ماده قرار بند فقره صفحه المرتبه المركز number".split())
# Plural nouns for people (with the victim nouns above): a year-like «2000» before one counts.
_PEOPLE = (
    set(
        "اشخاص اشخاصا جنود مدنيين مدنيون مدنيا اطفال نساء رجال عناصر مسلحين مسلحون مقاتلين "
        "مقاتلون مواطنين مواطنون قتلي جرحي شهداء اسري رهائن مصابين مفقودين عسكريين شرطيين "
        "ضباط افراد نازح نازحين لاجئ لاجئين لاجئا نازحا معتقل معتقلين شخص شخصا جندي جنديا "
        "people soldiers civilians".split()
    )
    | _SINGULAR_VICTIMS
)
_NISBA_ENDINGS = ("يا", "يه", "يين", "يون", "يان", "ي")
_ONE_OF = {"احد", "احدي"}  # «أحد المسؤولين»: one of, not a count of one
_SPLIT_MARKS = "،؛:.,!?؟«»()[]\"“”'/-–—"  # split words apart like spaces, for the lexicon lookup
_WINDOW = 6  # words read each side of a place a count may start
_SPACES_AFTER = re.compile(f"(?:[^ ]*+ ){{{_WINDOW + 1}}}")  # one match, not a find per space
_CUE_REACH_CHARS = 40 * (_WINDOW + 1)  # farther than an outcome word in a window would be
_DIGIT_RE = re.compile("[0-9]")
_LEXICON: frozenset[str] | None = None
_OUTCOME_FORMS: frozenset[str] | None = None
_KNOWN: frozenset[str] | None = None  # the words of either: the text's words are looked up once


class OutcomeCue(NamedTuple):
    """An outcome word near a count (`find_counts`): its span in the original text, the outcome
    it states, and ``distance``, the tokens between it and the phrase (0: adjacent or inside; a
    «و» glued to a cue after the phrase counts as one, as in «قتل 3 وأصيب 5»)."""

    start: int
    end: int
    outcome: Outcome
    distance: int


class CountPhrase(NamedTuple):
    """A phrase stating a count of people (`find_counts`): [start, end) in code points of the
    original text (qualifier, number words and counted noun: «أكثر من 60 شخصا», «11 من رجال
    الشرطة»), its reading, the nearest outcome cue in its sentence and at most `_WINDOW` words
    away (None when there is none; after the phrase, only in the same clause), and ``subset``:
    it follows «بينهم/منهم» and is a part of an earlier count («بينهم مدنيان»). ``sentence``:
    the part of its sentence that was read (offsets in the text), which holds the cue."""

    start: int
    end: int
    reading: CountReading
    cue: OutcomeCue | None = None
    subset: bool = False
    sentence: tuple[int, int] = (0, 0)


def find_counts(text: str, cued: bool = False) -> list[CountPhrase]:
    """Every phrase of ``text`` stating a count of people, in order; with ``cued``, only those
    with an outcome word (`OutcomeCue`) within a few words (`_WINDOW`), much faster on news
    full of dates and figures.

    The reader's own rules decide (`read_count`): years, dates, times, percentages and
    quantities of a unit are no counts; nor are numbers of things («60 موقعا», «3 صواريخ»),
    names («القرار 2254»), bare years («في 2020») and «أحد» ("one of"). Groups joined by «و»
    («أربعة جنود ومدنيين اثنين», «3 جنود و5 مدنيين») are one phrase, read as their sum, unless
    their nouns state different outcomes («3 قتلى و5 جرحى»). A noun with no number («مقتل
    جندي») is not reported. Fast: a set lookup of the normalized words finds where a count may
    start, and only the sentence around each of those, a few words each side, is read (with
    ``cued``: only those within reach of an outcome word, and of those only the sentences
    holding one).
    """
    normalized = normalize(text)
    spaced, words = _split_words(normalized)
    known = (_KNOWN or _known()).intersection(words)  # one look-up of each word for both
    outcome_words = _OUTCOME_FORMS or _outcome_forms()
    cues: list[int] = []
    if cued:
        cues = sorted(_whole_words(normalized, outcome_words.intersection(known)))
        if not cues:
            return []
    positions = _candidates(text, normalized, words, known)
    if cued:  # only those a cue may be near: far fewer windows to work out
        positions = _near(cues, positions, _CUE_REACH_CHARS)
    if not positions:
        return []
    offsets: TextOffsets | None = None
    phrases: list[CountPhrase] = []
    for first, last in _windows(normalized, positions):
        if cued and outcome_words.isdisjoint(spaced[first:last].split()):
            continue
        offsets = offsets or offsets_of(text, normalized)
        tokens = _tokens_of(text, normalized, offsets, first, last)
        index = 0
        for _, sentence_end in split_sentences(normalized[first:last]):
            end = bisect_left(tokens, first + sentence_end, index, key=_START)
            sentence = tokens[index:end]  # the tokens starting before the sentence's end
            index = end
            if not cued or any(_outcome_word(t.norm) for t in sentence):  # else: no cue
                phrases.extend(_counts_in_sentence(sentence))
    return [p for p in phrases if p.cue is not None] if cued else phrases


def _split_words(normalized: str) -> tuple[str, list[str]]:
    """``normalized`` with punctuation turned into spaces, and its words (a list: the lexicons
    are intersected with it, which hashes each word once and builds no set of them all)."""
    spaced = normalized
    for mark in _SPLIT_MARKS:
        if mark in spaced:  # a C-level scan, cheaper than one regex pass for all the marks
            spaced = spaced.replace(mark, " ")
    return spaced, spaced.split()


def _whole_words(normalized: str, words: Iterable[str]) -> list[int]:
    """Where ``words`` occur in ``normalized`` as whole words (not inside letters or digits)."""
    positions = []
    length = len(normalized)
    for word in words:
        index = normalized.find(word)
        while index >= 0:
            end = index + len(word)
            if (index == 0 or not normalized[index - 1].isalnum()) and (
                end == length or not normalized[end].isalnum()
            ):
                positions.append(index)
            index = normalized.find(word, end)
    return positions


def _near(cues: list[int], positions: list[int], reach: int) -> list[int]:
    """Those of ``positions`` (sorted) at most ``reach`` from one of ``cues`` (sorted), in order:
    the slices of ``positions`` in the reach of each run of cues."""
    near: list[int] = []
    index = 0
    while index < len(cues):
        low, high = cues[index] - reach, cues[index] + reach
        index += 1
        while index < len(cues) and cues[index] - reach <= high:  # reaches that overlap: one
            high = cues[index] + reach
            index += 1
        near += positions[bisect_left(positions, low) : bisect_right(positions, high)]
    return near


def _candidates(text: str, normalized: str, words: list[str], known: Iterable[str]) -> list[int]:
    """Offsets in ``normalized`` where a count may start (sorted): whole words (``words``) that
    are digits, number words, vague quantities or duals, with or without a clitic (those of
    ``words`` in `_KNOWN`: ``known``)."""
    hits = set((_LEXICON or _lexicon()).intersection(known))
    if any(digit in normalized for digit in "0123456789"):
        hits.update(filter(_DIGIT_RE.search, filterfalse(str.isalpha, words)))  # C-level loops
    positions = _whole_words(normalized, hits)
    length = len(normalized)
    for ending in ("يان", "يين") if "\u064e" in text else ("يان",):
        index = normalized.find(ending)  # nisba duals «فلسطينيان», «مدنيَّين» (fatha in the text)
        while index >= 0:
            end = index + 3
            if end == length or not normalized[end].isalpha():
                positions.append(normalized.rfind(" ", 0, index) + 1)
            index = normalized.find(ending, end)
    return sorted(positions)


def _outcome_forms() -> frozenset[str]:
    global _OUTCOME_FORMS
    prefixes = ("", *_CLITIC_PREFIXES)
    _OUTCOME_FORMS = frozenset(prefix + word for prefix in prefixes for word in _OUTCOME_WORDS)
    return _OUTCOME_FORMS


def _lexicon() -> frozenset[str]:
    global _LEXICON
    words = {w for w in (*_NUMBER_WORDS, *_VAGUE) if w not in _ONE_OF and w not in _FRACTIONS}
    words |= {stem + ending for stem in _DUAL_STEMS for ending in ("ان", "ين")}
    words |= {stem + "ان" for stem in _SOUND_PLURAL_STEMS}
    words |= {stem[:-1] + "ت" + ending for stem in _DUAL_FEMININE_STEMS for ending in ("ان", "ين")}
    _LEXICON = frozenset(prefix + word for prefix in ("", *_CLITIC_PREFIXES) for word in words)
    return _LEXICON


def _known() -> frozenset[str]:
    global _KNOWN
    _KNOWN = (_OUTCOME_FORMS or _outcome_forms()) | (_LEXICON or _lexicon())
    return _KNOWN


def _windows(normalized: str, positions: list[int]) -> list[tuple[int, int]]:
    """Spans of ``normalized`` reaching `_WINDOW` words each side of every position (within
    its line), overlapping ones merged."""
    windows: list[tuple[int, int]] = []
    line_end = -1
    for position in positions:
        if windows and position < windows[-1][1] - 1:
            first = windows[-1][0]  # inside the last window: only its end may move
        else:
            first = position
            line_start = normalized.rfind("\n", windows[-1][1] if windows else 0, position) + 1
            for _ in range(_WINDOW + 1):
                first = normalized.rfind(" ", line_start, first)
                if first < 0:
                    first = line_start
                    break
        if line_end < position:
            line_end = normalized.find("\n", position)
            line_end = len(normalized) if line_end < 0 else line_end
        spaces = _SPACES_AFTER.match(normalized, position + 1, line_end)
        last = spaces.end() - 1 if spaces else line_end  # the 7th space after it, in its line
        if windows and first <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(last, windows[-1][1]))
        else:
            windows.append((first, last))
    return windows


def _tokens_of(
    text: str, normalized: str, offsets: TextOffsets, first: int, last: int
) -> list[_Token]:
    """The tokens of ``normalized[first:last]``, with their offsets in ``text``."""
    source = offsets if offsets.starts else None
    return [
        _Token(m.group(), m.start(), m.end(), text, source)
        for m in _TOKEN_RE.finditer(normalized, first, last)
    ]


@dataclass(slots=True)
class _Phrase:
    groups: list[_Group]
    end: int  # token index after the counted noun


def _counts_in_sentence(tokens: list[_Token]) -> list[CountPhrase]:
    groups = _ranges(tokens, _merge_duals(_not_counts(tokens, _groups(tokens))))
    groups = [g for g in groups if _of_people(tokens, g)]
    if not groups:
        return []
    starts = {g.first for g in groups}
    phrases: list[_Phrase] = []
    for group in groups:
        noun_end = group.last if group.dual else _noun_end(tokens, group.last, starts)
        if phrases and _joins(tokens, phrases[-1], group, noun_end):
            phrases[-1].groups.append(group)
            phrases[-1].end = noun_end
        else:
            phrases.append(_Phrase([group], noun_end))
    extents: list[tuple[int, int, str | None]] = []  # tokens [first, last) and qualifier
    previous_end = 0
    for phrase in phrases:
        first_token, last_token = phrase.groups[0].first, phrase.end
        if _follows_its_noun(tokens, phrase.groups[0], previous_end):
            first_token -= 1  # «شخص واحد», «فلسطينيين اثنين»
        previous_end = last_token
        qualifier_cue = _qualifier_cue(tokens, phrase.groups[0], phrase.groups[-1])
        qualifier = None
        if qualifier_cue is not None:
            qualifier, cue_start, cue_end = qualifier_cue
            first_token, last_token = min(first_token, cue_start), max(last_token, cue_end)
        if first_token > 0 and tokens[first_token - 1].norm in ("بين", "between"):
            first_token -= 1  # «بين 10 و20»
        extents.append((first_token, last_token, qualifier))
    # a cue after «و» with a count after it in its clause is that count's: «نزح 500 وقتل 3»
    cues = _cues(tokens, sorted(first for first, _, _ in extents))
    sentence = (tokens[0].raw_start, tokens[-1].raw_end)
    found = []
    for phrase, (first_token, last_token, qualifier) in zip(phrases, extents, strict=True):
        cue = _nearest_cue(tokens, cues, first_token, last_token)
        reading = _reading(phrase.groups, qualifier, cue.outcome if cue else None)
        before = tokens[max(0, first_token - 2) : first_token]
        first = tokens[first_token]
        found.append(
            CountPhrase(
                first.raw_offset(_conjunction(first.norm)),
                tokens[last_token - 1].raw_end,
                reading,
                cue,
                any(_forms_in(t.norm, _SUBSET_CUES) for t in before),
                sentence,
            )
        )
    return found


def _of_people(tokens: list[_Token], group: _Group) -> bool:
    """Whether a number group of running text may count people (see `find_counts`)."""
    first = tokens[group.first].norm
    single = group.last - group.first == 1
    if group.dual and _dual_by_nisba_only(first):  # «باشينيان» (a name), «فلسطينيان»
        previous = tokens[group.first - 1].norm if group.first > 0 else ""
        if not (previous and _outcome_word(previous)) and not first.startswith("و"):
            return False
    if single and group.value == 1 and first not in ("واحد", "واحده"):
        if any(form in _ONE_OF for form, _ in _forms(first)):
            return False  # «أحد المسؤولين»
    after = tokens[group.last].norm if group.last < len(tokens) else ""
    if after == "من" and group.last + 1 < len(tokens):
        after = tokens[group.last + 1].norm  # «60 من المواقع»
    if after and _forms_in(after, _THINGS):
        return False
    before = tokens[group.first - 1].norm if group.first > 0 else ""
    if before and _forms_in(before, _LABEL_WORDS):
        return False
    if _after_its_noun(tokens, group) and _forms_in(before, _THINGS):
        return False  # «صاروخين اثنين»
    if first[0].isdigit() and _in_a_code(tokens[group.first]):
        return False  # «J-35», «F16», «ad_1»: part of a name or a code
    if single and first.isdigit() and len(first) == 4 and 1900 <= int(first) <= 2100:
        return _forms_in(after, _PEOPLE)  # «في 2020» is a year, «2000 جندي» a count
    return True


def _follows_its_noun(tokens: list[_Token], group: _Group, after: int) -> bool:
    """Whether ``group`` is «واحد» or «اثنان» after the noun it counts (at ``after`` or later)."""
    first = group.first
    if group.last - first != 1 or group.dual or group.value not in (1, 2) or first <= after:
        return False
    if _conjunction(tokens[first].norm):
        return False  # «مدنيون واثنين»: «و» joins another count
    noun = tokens[first - 1].norm
    if _outcome_word(noun) is not None and not _forms_in(noun, _PEOPLE):
        return False  # «قتل اثنان»: a verb, «قتيل واحد»: a noun
    return _number_word(tokens[first].norm) is not None and _counted_noun(noun)


def _in_a_code(token: _Token) -> bool:
    """Whether digits are glued to letters before them (other than a proclitic, «و20»), or
    joined to them by «-» or «_»."""
    text, start = token._text, token.raw_start
    if start > 1 and text[start - 1] in "-_" and text[start - 2].isalnum():
        return True
    letters = start
    while letters > 0 and text[letters - 1].isalpha():
        letters -= 1
    glued = normalize(text[letters:start])
    return bool(glued) and glued not in _CLITIC_PREFIXES


def _dual_by_nisba_only(word: str) -> bool:
    """Whether ``word`` is a dual by its «-يان/-يَين» ending only, not one of the known nouns
    (a name such as «باشينيان» looks the same)."""
    for form, _ in _forms(word):
        stem = form[:-2]
        if stem in _DUAL_STEMS or stem in _SOUND_PLURAL_STEMS:
            return False
        if stem.endswith("ت") and stem[:-1] + "ه" in _DUAL_FEMININE_STEMS:
            return False
    return True


def _conjunction(word: str) -> int:
    """1 when ``word`` is «و» and a number word or dual («وثلاثة», «ومدنيَّين»), else 0."""
    if not word.startswith("و") or word in _NUMBER_WORDS or word in _VAGUE:
        return 0
    rest = word[1:]
    return int(rest in _NUMBER_WORDS or rest in _VAGUE or _dual_word(rest) is not False)


def _cue_proclitic(word: str) -> int:
    """How many letters of the outcome word ``word`` are a proclitic other than the article:
    «وإصابة» 1, «بمقتل» 1, «والقتلى» 1, «للقتلى» 0, «القتلى» 0."""
    for form, _ in _forms(word):
        if form in _OUTCOME_WORDS:
            prefix = word[: len(word) - len(form)]
            return len(prefix) - 2 if prefix.endswith(("ال", "لل")) else len(prefix)
    return 0


def _counted_noun(word: str) -> bool:
    if not word.isalpha() or word in _PARTICLES or word in _SUFFIX_CUE_STARTS:
        return False
    if _forms_in(word, _SUBSET_CUES) or _number_word(word) or _vague_word(word):
        return False
    # «ونقل», «وأصيب»: what «و» joins after a number is a new clause, not its noun
    return not word.startswith("و") or word in _PEOPLE


def _noun_end(tokens: list[_Token], index: int, starts: set[int]) -> int:
    """The token index after the noun a number ending at ``index`` counts, with the noun it
    governs and one nisba adjective («25 شخصا», «11 من رجال الشرطة», «49 جنديا أرمينيا»), or
    ``index`` when none follows."""
    end = index
    if index < len(tokens) and index not in starts and _counted_noun(tokens[index].norm):
        end = index + 1
    elif index + 1 < len(tokens) and tokens[index].norm == "من" and index + 1 not in starts:
        if _counted_noun(tokens[index + 1].norm):
            end = index + 2
    if end == index:
        return index
    noun = tokens[end - 1].norm
    if end < len(tokens) and end not in starts and not noun.startswith(_ARTICLES):
        following = tokens[end].norm  # «رجال الشرطة», «عناصر الأمن»
        if (
            following.startswith("ال")
            and _counted_noun(following)
            and _outcome_word(following) is None
        ):
            end += 1
    if end < len(tokens) and end not in starts and _nisba(tokens[end].norm):
        end += 1  # «جنود إسرائيليين», «جنديا أرمينيا»
    return end


def _nisba(word: str) -> bool:
    """Whether ``word`` looks like a nisba adjective («أرمينيا», «فلسطينيين»)."""
    return (
        len(word) >= 5
        and word.endswith(_NISBA_ENDINGS)
        and _counted_noun(word)
        and _outcome_word(word) is None
    )


def _joins(tokens: list[_Token], phrase: _Phrase, group: _Group, noun_end: int) -> bool:
    """Whether ``group`` adds to ``phrase``: «أربعة جنود ومدنيين اثنين», «أربعة شرطيين
    ومدنيَّين», «3 جنود و5 مدنيين»."""
    words = [t.norm for t in tokens[phrase.end : group.first]]
    if not words:
        joined = tokens[group.first].norm.startswith("و")
    elif words in (["و"], ["and"]):
        joined = True
    else:  # «ومدنيين اثنين»: one and two follow their noun
        joined = (
            len(words) == 1
            and words[0].startswith("و")
            and _counted_noun(words[0][1:])
            and group.value in (1, 2)
            and group.last - group.first == 1
        )
    if not joined:
        return False
    last = phrase.groups[-1]
    outcome_before = _outcome_word(tokens[phrase.end - 1].norm) if phrase.end > last.last else None
    outcome_after = _outcome_word(tokens[noun_end - 1].norm) if noun_end > group.last else None
    return outcome_after is None or outcome_after == outcome_before  # not «3 قتلى و5 جرحى»


def _cues(tokens: list[_Token], starts: list[int]) -> list[tuple[int, str, bool]]:
    """The outcome words of ``tokens`` for `_nearest_cue`: index, outcome, and whether it opens
    a count starting at one of ``starts`` (sorted token indices, `_opens_a_count`)."""
    return [
        (k, o, _opens_a_count(tokens, k, starts))
        for k, t in enumerate(tokens)
        if (o := _outcome_word(t.norm)) is not None
    ]


def _opens_a_count(tokens: list[_Token], index: int, starts: list[int]) -> bool:
    """Whether the outcome word at ``index`` follows «و» (glued or apart) and a count phrase
    (starting at one of ``starts``, sorted) follows it in its clause: «وقتل ثلاثة»."""
    word = tokens[index].norm
    glued = word.startswith("و") and word not in _OUTCOME_WORDS
    if not glued and not (index > 0 and tokens[index - 1].norm in ("و", "and")):
        return False
    k = bisect_right(starts, index)
    return k < len(starts) and all(t.norm.isalnum() for t in tokens[index + 1 : starts[k]])


def _nearest_cue(
    tokens: list[_Token], cues: list[tuple[int, str, bool]], first: int, last: int
) -> OutcomeCue | None:
    """The outcome cue nearest to tokens [first, last), one before the phrase winning a tie; one
    after it counts only in the same clause (no punctuation between) and when it does not open
    another count after «و» (``cues``: index, outcome, whether it opens one)."""
    best: tuple[int, int, int, str] | None = None  # (distance, after, index, outcome)
    for index, outcome, opens in cues:
        if index < first:
            distance, after = first - 1 - index, 0
        elif index < last:
            distance, after = 0, 0
        elif opens or any(not t.norm.isalnum() for t in tokens[last:index]):
            continue  # another count's («وقتل ثلاثة»), or another clause's (after a comma)
        else:
            word = tokens[index].norm
            glued = word.startswith("و") and word not in _OUTCOME_WORDS
            distance, after = index - last + glued, 1
        if best is None or (distance, after) < best[:2]:
            best = (distance, after, index, outcome)
    if best is None:
        return None
    distance, _, index, outcome = best
    token = tokens[index]
    return OutcomeCue(
        token.raw_offset(_cue_proclitic(token.norm)),
        token.raw_end,
        outcome,  # type: ignore[arg-type]
        distance,
    )


def is_fraction_word(word: str) -> bool:
    """Whether `word` is a fraction word (`_FRACTIONS`: «نصف», «ربع», «ثلث», «ثلثا», «أرباع»),
    alone or after «و» («ونصف»): no number alone, part of one beside a multiplier («نصف
    مليون», «مليون وربع», «ثلاثة أرباع مليون»)."""
    word = normalize(word).strip()
    return word in _FRACTIONS or (word[:1] == "و" and word[1:] in _FRACTIONS)
