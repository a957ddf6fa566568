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
  «ألفًا») one thousand; halves: «نصف مليون» 500,000, «مليون ونصف» 1,500,000, «ثلاثة آلاف
  ونصف» 3,500 («نصف» alone is no number);
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
(the cue nearest the span); ``unspecified`` when there is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from annotator.text.normalize import normalize_with_map, original_span

__all__ = ["CountReading", "read_count", "Qualifier", "Outcome"]

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
_NUMBER_WORDS[_HALF] = ("half", 0)
for _word, _value in _ENGLISH.items():
    _NUMBER_WORDS[_word] = ("small", _value)
for _word, _value in _ENGLISH_MULTIPLIERS.items():
    _NUMBER_WORDS[_word] = ("hundred" if _value == 100 else "mult", _value)
# Numbers that must not lose an article: الاثنين/الاثنان is Monday, الاحد Sunday, النصف a half.
_NO_ARTICLE = {"اثنين", "اثنان", "احد", "واحد", _HALF}
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
    "missing": "مفقود مفقودا مفقودين مفقودون مفقوده فقدان فقد فقدوا فقدت missing",
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


@dataclass
class _Token:
    norm: str
    raw: str
    start: int  # offsets in the normalized text
    end: int


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


def _is_dual_noun(word: str, raw: str) -> bool:
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
            if (stem in _SOUND_PLURAL_STEMS or stem.endswith("ي")) and _fatha_before_yeh_noon(raw):
                return True
    return False


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
    tokens = []
    for m in _TOKEN_RE.finditer(normalized):
        start, end = m.span()
        raw_start, raw_end = original_span(text, offsets, start, end)
        tokens.append(_Token(m.group(), text[raw_start:raw_end], start, end))
    return tokens


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

    def add(self, kind: str, value: float) -> bool:
        """Adds a number word (or digits); False if it cannot be part of this number."""
        if self.halved:
            return False
        smaller = self.last_multiplier is None or value < self.last_multiplier
        if kind == "half":
            if not self.started:  # «نصف مليون»: a multiplier must follow
                self.current = 0.5
            elif self.total and not self.current and self.last_multiplier:  # «ألف ونصف»
                self.total += self.last_multiplier / 2
                self.halved = True
            else:
                return False
        elif kind == "digits":
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
            count = 2 if kind == "dualmult" else (self.current or 1)
            self.total += count * value
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
        result = self.total + self.current
        return int(result) if result == int(result) else None


def _groups(tokens: list[_Token]) -> list[_Group]:
    """Number phrases, vague quantities and dual nouns, in order."""
    groups: list[_Group] = []
    i = 0
    n = len(tokens)
    while i < n:
        word = tokens[i].norm
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
                if kind == "mult" and not builder.started and _construct_dual(tokens, j):
                    word_number = ("dualmult", word_number[1])  # «ألفا جندي»
                elif kind == "half" and builder.started and not _after_wa(tokens, j):
                    break  # a half is added with «و»: «ألف ونصف», not «ألف نصف»
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
        if _is_dual_noun(word, tokens[i].raw):
            groups.append(_Group(i, i + 1, 2, dual=True))
        i += 1
    return groups


def _after_wa(tokens: list[_Token], index: int) -> bool:
    """Whether the token at ``index`` has a «و» glued to it or right before it."""
    return tokens[index].norm.startswith("و") or (index > 0 and tokens[index - 1].norm == "و")


def _not_counts(tokens: list[_Token], groups: list[_Group]) -> list[_Group]:
    """Drops years, dates, clock times, percentages and numbers of hours, days, km, ..."""
    kept = []
    for group in groups:
        before = tokens[group.first - 1].norm if group.first > 0 else ""
        after = tokens[group.last].norm if group.last < len(tokens) else ""
        if (
            _forms_in(before, _YEAR_WORDS | _MONTHS)
            or _forms_in(after, _MONTHS | _MEASURE_UNITS)
            or after in ("%", ":", "/")
            or before in (":", "/")
        ):
            continue
        kept.append(group)
    return kept


def _forms_in(word: str, words: set[str]) -> bool:
    return any(form in words for form, _ in _forms(word))


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
    words = [t.norm for t in tokens]
    for cue, qualifier in _PREFIX_CUES:
        start = first.first - len(cue)
        if start >= 0 and _cue_matches(words[start : first.first], cue):
            return qualifier
    for cue, qualifier in _SUFFIX_CUES:
        for gap in range(3):  # «60 شخصا على الأقل»
            start = last.last + gap
            if _cue_matches(words[start : start + len(cue)], cue):
                return qualifier
    return None


def _cue_matches(words: list[str], cue: tuple[str, ...]) -> bool:
    if len(words) != len(cue) or not words:
        return False
    if words[1:] != list(cue[1:]):
        return False
    first, expected = words[0], cue[0]
    return any(form == expected for form, _ in _forms(first))  # «بنحو», «وحوالي»


def _outcome(tokens: list[_Token], near: int) -> str | None:
    """The outcome cue nearest to token index ``near``."""
    best: tuple[int, str] | None = None
    for index, token in enumerate(tokens):
        for form, _ in _forms(token.norm):
            outcome = _OUTCOME_WORDS.get(form)
            if outcome is not None:
                distance = abs(index - near)
                if best is None or distance < best[0]:
                    best = (distance, outcome)
                break
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

    outcome = _outcome(tokens, groups[0].first)
    if outcome is None and context:
        outcome = _context_outcome(span_text, context)
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
    tokens = _tokens(context[:position])[-5:]
    end = _Group(len(tokens), len(tokens), None)
    return _qualifier(tokens, end, end)


def _context_outcome(span_text: str, context: str) -> str | None:
    position = context.find(span_text.strip())
    if position < 0:
        return _outcome(_tokens(context), 0)
    before = _tokens(context[:position])
    after = _tokens(context[position + len(span_text.strip()) :])
    window = before[-8:] + after[:8]
    return _outcome(window, min(len(before), 8))
