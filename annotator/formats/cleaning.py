"""Cleaning of scraped news: the residue `--clean` removes, rule by rule, and the invisible
marks `--strip-marks` removes, both by one map of offsets (`clean_text_mapped`, `CleanMap`).

Scrapers leave around an article what the page showed besides it: ad placeholders, a stray
word or the site's banner above the title, the title twice, labels and dates, «اضغط هنا»
promotions, share buttons, the author's bio, the comment form, view counters and blocks of
other articles' headlines. Each rule (`RULES`: id -> what it removes) removes whole lines only,
and only lines that are residue as a whole: a line that merely quotes such a phrase («قال إن
عبارة "اضغط هنا" ...»), uses a word like «تعليق» or «مشاهدة» in its own meaning, or repeats
part of the title, is the article's and is kept byte for byte. Lines are compared through the
search normalization (`annotator.text.normalize`: alef forms, tashkeel, digits), so «تعليقاً»
and «تعليقا», «١٤» and «14» match alike. Every removed line is counted under its rule's id (the
import report's "removed" counts); `cleaning_preview` lists them for a person to see.

No Qt, no I/O: pure functions of a text (LF line breaks, as `plaintext.decode_bytes` gives).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from itertools import islice
from typing import NamedTuple

from annotator.model import Tokenization
from annotator.text.normalize import normalize

__all__ = [
    "ARABIC_LETTER",
    "ARCLEAN",
    "ARABIC_WORD",
    "CLEAN_KINDS",
    "INVISIBLE_MARKS",
    "LAYOUT_RULES",
    "RULES",
    "TITLE_MAX_CHARS",
    "CleanMap",
    "arclean",
    "arclean_changes",
    "Removed",
    "SpanLost",
    "clean_text",
    "clean_text_mapped",
    "cleaning_preview",
    "count_marks",
    "guess_title",
    "marks_summary",
    "trim_marks",
]

# What each rule removes, by id (the ids are the keys of the import report's "removed"
# counts), in the order they are tried on a line.
RULES: dict[str, str] = {
    "placeholder": "placeholder lines such as [ad_1]",
    "whitespace_line": "lines of only spaces, NBSP or invisible characters",
    "blank_line": "repeated, leading or trailing blank lines",
    "comment_form": "comment forms: «اترك تعليقاً», «لن يتم نشر عنوان بريدك الإلكتروني…», "
    "required-field marks («الاسم *»), comment counts",
    "view_counter": "view counters: «مشاهدة :45926 الجمعة ٢٦ / يناير / ٢٠٢٤»",
    "date_line": "lines of only a date (with a weekday, a time, a label such as «نشر في:»), "
    "or «منذ 3 ساعات»: «الأربعاء ١٤ سبتمبر ٢٠٢٢»",
    "click_here": "«اضغط هنا» / «انقر هنا» lines and the short line that leads to them",
    "share_buttons": "share buttons: «شارك فيسبوك تويتر واتساب»",
    "related_headlines": "«شاهد أيضاً», «اقرأ أيضاً: …», «أحدث مقاطع الفيديو» and the other "
    "articles' headlines listed after such a label or a comment form, to the end of the text",
    "site_label": "a site's lone labels: «المصدر», «معرض الصور», «إقرأ المزيد», tag lines",
    "latin_banner": "lines in Latin letters above an Arabic article's title: a stray word "
    "(«in»), the site's banner («Lebanon News I ليبانون تابلويد : …»)",
    "head_label": "one- or two-word labels around the title: a source («وكالات..»), a photo "
    'caption («"أرشيفية"»), a tag («فرنسا»)',
    "repeated_title": "the title again, as a line of its own",
    "author_bio": "an author line («Written by …», «بقلم: …») and the biography after it",
    "invisible_mark": "invisible marks inside kept lines (LRM, RLM, ALM, BOM...; strip_marks)",
}
CLEAN_KINDS = RULES  # its former name
# The rules that remove only layout (empty or blank-looking lines), not words
LAYOUT_RULES = frozenset({"whitespace_line", "blank_line"})

TITLE_MAX_CHARS = 150

# ------------------------------------------------------------------ characters

ARABIC_LETTER = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc]")
ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0640]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_WORD = re.compile(r"[^\W\d_]+")

# Invisible marks: characters that only steer display (bidi marks, embeddings, overrides and
# isolates) or do nothing visible at all (zero-width space, word joiner, a BOM inside a text),
# with their short names. Counted in every import report; removed on request (`strip_marks`).
# Not marks: ZWNJ U+200C and ZWJ U+200D (they change how letters join, in Persian and Urdu
# words, and ZWJ builds emoji sequences), the soft hyphen U+00AD (shown at a line break) and
# the invisible math operators U+2061..U+2064. `annotator.text.normalize.REMOVED` holds all
# of these (search ignores them).
INVISIBLE_MARKS: dict[str, str] = {
    "\u061c": "ALM",
    "\u200b": "ZWSP",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2060": "WJ",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\ufeff": "BOM",
}
_MARKS = "".join(INVISIBLE_MARKS)
_MARK_RE = re.compile(f"[{_MARKS}]")

_INVISIBLE = "\u200c\u200d" + _MARKS
# Bracketed placeholders left by scrapers and WordPress ad plugins: [ad_1], [ad_2], [ads] ...
_AROUND = rf"(?:[^\S\n]|[{_INVISIBLE}])*"  # spaces and invisible characters, on one line
PLACEHOLDER_LINE = re.compile(rf"{_AROUND}\[(?:[A-Za-z]+[_-]?\d+|ads?)\]{_AROUND}")
_BLANKISH_LINE = re.compile(rf"[\s{_INVISIBLE}]+")


# ------------------------------------------------------------------ invisible marks


def count_marks(text: str) -> dict[str, int]:
    """How many of each invisible mark `text` holds, by code point (``{"U+200F": 12}``)."""
    if not any(mark in text for mark in INVISIBLE_MARKS):  # faster than _MARK_RE.search
        return {}
    found = Counter(_MARK_RE.findall(text))
    return {f"U+{ord(mark):04X}": found[mark] for mark in sorted(found)}


def marks_summary(counts: dict[str, int]) -> str:
    """``count_marks`` for people: "14 invisible marks (U+200F RLM ×12, U+200E LRM ×2)"."""
    total = sum(counts.values())
    if not total:
        return "no invisible marks"
    names = {f"U+{ord(mark):04X}": name for mark, name in INVISIBLE_MARKS.items()}
    each = ", ".join(
        f"{code} {names.get(code, '')} ×{count:,}".replace("  ", " ")
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return f"{total:,} invisible mark{'s' if total != 1 else ''} ({each})"


def trim_marks(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`start`-`end` without the invisible marks at its edges; None when it holds only marks."""
    while start < end and text[start] in INVISIBLE_MARKS:
        start += 1
    while end > start and text[end - 1] in INVISIBLE_MARKS:
        end -= 1
    return (start, end) if start < end else None


# ------------------------------------------------------------------ the title


def _title_index(
    line: Callable[[int], str],
    count: int,
    skip: Callable[[int], bool],
    mainly_arabic: Callable[[], bool],
) -> int | None:
    """The index of the title among the first 60 of `count` lines (`line(index)`): the first
    line not skipped with at least three words, not starting in a foreign script (a line
    starting with a Latin word qualifies only in a text that is not `mainly_arabic`)."""
    for index in range(min(count, 60)):
        if skip(index):
            continue
        words = [m.group() for m in islice(_WORD.finditer(line(index)), 3)]
        if len(words) < 3:
            continue
        if ARABIC_LETTER.match(words[0]) or not mainly_arabic():
            return index
    return None


def _mainly_arabic(text: str) -> Callable[[], bool]:
    """Whether `text` has more Arabic words than Latin ones in its first 3000 characters:
    asked on first call, then remembered."""
    known: list[bool] = []

    def ask() -> bool:
        if not known:
            head = text[:3000]
            known.append(len(ARABIC_WORD.findall(head)) > len(_LATIN_WORD.findall(head)))
        return known[0]

    return ask


def guess_title(text: str) -> str | None:
    """The first meaningful line: at least three words, not starting in a foreign script.

    Skips bylines and one-word labels («وكالات..»), site banners in Latin letters atop an
    Arabic article ("Lebanon News I ..."), placeholders and blank lines. A line starting with an
    Arabic word always qualifies; one starting with a Latin word only in a text that is not
    mainly Arabic. Long lines are cut at a word boundary.
    """
    lines = [line.strip() for line in text.split("\n", 60)[:60]]

    def skip(index: int) -> bool:
        return not lines[index] or PLACEHOLDER_LINE.fullmatch(lines[index]) is not None

    index = _title_index(lines.__getitem__, len(lines), skip, _mainly_arabic(text))
    if index is not None:
        return _shorten(lines[index])
    fallback = next((line for i, line in enumerate(lines) if not skip(i)), None)
    return _shorten(fallback) if fallback else None


def _shorten(line: str) -> str:
    if len(line) <= TITLE_MAX_CHARS:
        return line
    cut = line.rfind(" ", 0, TITLE_MAX_CHARS)
    return line[: cut if cut > TITLE_MAX_CHARS // 2 else TITLE_MAX_CHARS].rstrip() + "…"


# ------------------------------------------------------------------ the residue rules
#
# Each line is matched by its key: the line normalized for search (`normalize`: alef forms,
# teh marbuta as heh, alef maksura as yeh, no tashkeel or tatweel, ASCII digits, lower-case
# Latin), its spaces collapsed. Phrases below are written as sites print them and normalized
# the same way on first use.

_EDGE = " :：.…،,;!?؟*•·|-–—_/\\\"'«»“”‘’()[]"
_SENTENCE_END = (".", "۔")


def _bare(key: str) -> str:
    """A key without the punctuation, quotes and marks around it."""
    return key.strip(_EDGE)


@cache
def _keys(*phrases: str) -> frozenset[str]:
    return frozenset(_bare(" ".join(normalize(p).split())) for p in phrases)


def _alternation(*phrases: str) -> str:
    """A regex alternation of `phrases` as keys (longest first), spaces matching any run."""
    keys = sorted(_keys(*phrases), key=len, reverse=True)
    return "|".join(re.escape(key).replace(r"\ ", r"\s+") for key in keys)


_COMMENT_FORM = (
    "اترك تعليقاً",
    "اترك تعليقك",
    "اترك رداً",
    "أضف تعليق",
    "أضف تعليقاً",
    "أضف تعليقك",
    "اكتب تعليقك",
    "التعليقات",
    "تعليقات",
    "لا توجد تعليقات",
    "كن أول من يعلق",
    "إرسال التعليق",
    "أرسل التعليق",
    "نشر التعليق",
    "إلغاء الرد",
    "لن يتم نشر عنوان بريدك الإلكتروني",
    "لن يتم نشر بريدك الإلكتروني",
    "الحقول الإلزامية مشار إليها بـ",
    "الحقول المطلوبة مشار إليها بـ",
    "الحقول المطلوبة عليها علامة",
    "احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة "
    "المقبلة في تعليقي",
    "leave a reply",
    "leave a comment",
    "your email address will not be published",
    "required fields are marked",
    "cancel reply",
    "post comment",
    "comments",
    "save my name, email, and website in this browser for the next time i comment",
)
# Form fields: residue only with their required-field mark («الاسم *»)
_COMMENT_FIELDS = (
    "الاسم",
    "البريد الإلكتروني",
    "الموقع الإلكتروني",
    "الموقع",
    "التعليق",
    "تعليق",
    "name",
    "email",
    "website",
    "comment",
)
_COMMENT_COUNT = re.compile(r"\d+\s+(?:تعليق|تعليقات|تعليقان|comments?)|تعليق واحد")

_WEEKDAYS = (
    "الأحد الإثنين الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت sunday monday tuesday "
    "wednesday thursday friday saturday"
).split()
_MONTHS = (
    *"يناير فبراير مارس أبريل إبريل ابريل مايو يونيو يونيه يوليو يوليه أغسطس سبتمبر أكتوبر"
    " نوفمبر ديسمبر".split(),
    *"كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني"
    "|كانون الأول".split("|"),
    *"جانفي فيفري أفريل ماي جوان جويلية أوت غشت شتنبر نونبر دجنبر يوليوز".split(),
    *"محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الآخرة|جمادى الثانية|رجب"
    "|شعبان|رمضان|شوال|ذو القعدة|ذو الحجة".split("|"),
    *"january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split(),
)
# What a view counter counts
_COUNTED = (
    "المشاهدات",
    "مشاهدات",
    "مشاهدة",
    "القراءات",
    "قراءات",
    "قراءة",
    "الزيارات",
    "زيارات",
    "views",
    "view",
    "reads",
    "read",
    "hits",
)
_DATE_LABELS = (
    "نشر في",
    "نشر بتاريخ",
    "تاريخ النشر",
    "آخر تحديث",
    "تم النشر",
    "تم التحديث",
    "published",
    "published on",
    "updated",
    "updated on",
    "posted on",
    "last updated",
)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The rules' regexes over keys (built on first use: the phrases are normalized)."""
    weekday = f"(?:{_alternation(*_WEEKDAYS)})"
    month = f"(?:{_alternation(*_MONTHS)})"
    months = rf"{month}(?:\s*/\s*{month})?"
    era = r"(?:\s*(?:م|ه)(?!\w))?"
    date = (
        rf"(?:\d{{1,2}}\s*[/.-]?\s*{months}\s*[/.-]?\s*,?\s*\d{{4}}{era}"
        rf"|{months}\s+\d{{1,2}},?\s+\d{{4}}"
        rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}{era}|\d{{4}}[/.-]\d{{1,2}}[/.-]\d{{1,2}})"
    )
    time = (
        r"(?:الساعه\s*)?\d{1,2}:\d{2}(?::\d{2})?"
        r"(?:\s*(?:ص|م|صباحا|مساء|am|pm|a\.m\.|p\.m\.|gmt|utc)(?!\w))?"
    )
    sep = r"\s*[-–—|,،]?\s*"
    moment = (
        rf"(?:{weekday}{sep})?{date}(?:{sep}{time})?|{time}{sep}(?:{weekday}{sep})?{date}"
        rf"|{weekday}{sep}{time}"
    )
    label = f"(?:{_alternation(*_DATE_LABELS)})\\s*[:：]?\\s*"
    ago = r"منذ\s+\d+\s+(?:دقيقه|دقائق|ساعه|ساعات|يوم|ايام|اسبوع|اسابيع|شهر|اشهر)"
    counted = rf"(?:عدد\s+)?(?:{_alternation(*_COUNTED)})"
    number = r"\d[\d,.]*"
    return {
        "date": re.compile(rf"(?:{label})?(?:{moment}|{ago})"),
        "view": re.compile(
            rf"(?:{counted}\s*[:：]?\s*{number}|{number}\s*{counted})"
            rf"(?:{sep}(?:{moment}))?(?:{sep}{ago})?"
        ),
        "click": re.compile(
            r"(?:^|(?<=\s))(?<![\"“«'‘])(?:اضغط|انقر|اضغطوا|انقروا|click)\s+(?:هنا|here)"
            r"\s*[.!:…]*$"
        ),
        "related_inline": re.compile(rf"(?:{_alternation(*_RELATED)})\s*[:：\-–—]\s*\S.*"),
        "tags": re.compile(rf"(?:{_alternation(*_TAG_LABELS)})\s*[:：]\s*\S.*"),
        "author": re.compile(
            rf"(?:(?:{_alternation(*_AUTHOR_OPTIONAL_COLON)})\s*[:：]?"
            rf"|(?:{_alternation(*_AUTHOR_COLON)})\s*[:：])"
            r"\s*(?P<name>[^\W\d_]+(?:[ .'-]+[^\W\d_]+){0,3})\.?"
        ),
        "banner": re.compile(r"[a-z][a-z0-9 .&'’-]*?\s+(?:[|¦│•·]|i)\s+\S"),  # keys: lower case
    }


_SHARE_STRONG = (
    "شارك شاركوا مشاركة فيسبوك تويتر واتساب تيليجرام تلغرام تليجرام تيلجرام لينكدإن"
    " لينكد إنستغرام انستجرام ماسنجر بنترست طباعة اطبع إيميل facebook twitter whatsapp"
    " telegram linkedin pinterest reddit messenger share tweet print email"
).split()
_SHARE_WEAK = (
    "على عبر الخبر المقال هذا فيس بوك واتس آب إن نسخ الرابط البريد الإلكتروني copy link on"
    " via this article the x"
).split()
_SITE_LABELS = (
    "المصدر",
    "مصدر",
    "معرض الصور",
    "الصور",
    "فيديو",
    "الفيديو",
    "إقرأ المزيد",
    "اقرأ المزيد",
    "المزيد",
    "الرئيسية",
    "إعلان",
    "إعلانات",
    "تابعونا",
    "تابعونا على",
    "تابعنا على",
    "اشترك",
    "اشترك الآن",
    "النشرة البريدية",
    "الوسوم",
    "كلمات مفتاحية",
    "الكلمات المفتاحية",
    "التصنيفات",
    "advertisement",
    "source",
    "read more",
    "tags",
)
_TAG_LABELS = ("الوسوم", "كلمات مفتاحية", "الكلمات المفتاحية", "التصنيفات", "tags")
_RELATED = (
    "شاهد أيضاً",
    "شاهد أيضا",
    "شاهد كذلك",
    "اقرأ أيضاً",
    "إقرأ أيضاً",
    "اقرأ أيضا",
    "اقرأ كذلك",
    "اقرأ المزيد من الأخبار",
    "أخبار ذات صلة",
    "مقالات ذات صلة",
    "مواضيع ذات صلة",
    "ذات صلة",
    "أخبار متعلقة",
    "مقالات متعلقة",
    "مواضيع متعلقة",
    "أحدث مقاطع الفيديو",
    "أحدث الأخبار",
    "آخر الأخبار",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "الأكثر تداولا",
    "قد يعجبك أيضا",
    "قد يهمك أيضا",
    "قد يهمك",
    "المزيد من الأخبار",
    "أخبار أخرى",
    "related",
    "related posts",
    "related articles",
    "read also",
    "see also",
    "you may also like",
    "more stories",
    "most read",
)
_HEAD_LABELS = (
    "وكالات",
    "متابعات",
    "خاص",
    "أرشيفية",
    "صورة أرشيفية",
    "أرشيف",
    "صورة تعبيرية",
    "تعبيرية",
    "رويترز",
    "فرانس برس",
    "أ ف ب",
)
_HEAD_MARKS = ("..", "…", ":", "-", "–", "—", "/")
_QUOTED = re.compile(r"[\"“«'‘(\[].*[\"”»'’)\]]")
_AUTHOR_OPTIONAL_COLON = ("written by", "by", "بقلم", "كتبه")
_AUTHOR_COLON = ("كتب", "الكاتب", "الكاتبة", "إعداد", "تحرير", "بواسطة", "author")
_READ_MORE = ("اقرأ المزيد", "إقرأ المزيد", "read more", "اقرأ أكثر")

# A headline in a block of related ones: a short line that does not end a sentence
_HEADLINE_WORDS = 20
# A lead-in to «اضغط هنا», or a line that ends with it: at most this many words
_CLICK_WORDS = 10


@cache
def _first_words() -> frozenset[str]:
    """The words that a line one of `_line_rule`'s rules removes can start with, but for a
    number or a «اضغط هنا» line (most lines of an article start with none of them)."""
    phrases = (
        *_COMMENT_FORM,
        *_COMMENT_FIELDS,
        "تعليق",
        *_WEEKDAYS,
        *_MONTHS,
        *_DATE_LABELS,
        "الساعة",
        "منذ",
        *_COUNTED,
        "عدد",
        *_SHARE_STRONG,
        *_SHARE_WEAK,
        *_RELATED,
        *_SITE_LABELS,
        *_TAG_LABELS,
    )
    return frozenset(key.split(" ", 1)[0] for key in _keys(*phrases))


_FIRST_WORD = re.compile(r"[\W_]*([^\W_]+)")


def _line_rule(key: str) -> str | None:
    """The rule that removes a line by its key alone, or None."""
    bare = _bare(key)
    if not bare:
        return None
    first = _bare(bare.split(" ", 1)[0])
    known = first[:1].isdigit() or first in _first_words()
    click = ("هنا" in key or "here" in key) and len(key.split()) <= _CLICK_WORDS
    if not (known or click):
        return None
    patterns = _patterns()
    if known and _comment_form(key, bare):
        return "comment_form"
    if known and patterns["view"].fullmatch(bare):
        return "view_counter"
    if known and patterns["date"].fullmatch(bare):
        return "date_line"
    if click and patterns["click"].search(key):
        return "click_here"
    if not known:
        return None
    if _share_buttons(bare):
        return "share_buttons"
    if bare in _keys(*_RELATED) or patterns["related_inline"].fullmatch(bare):
        return "related_headlines"
    if bare in _keys(*_SITE_LABELS) or patterns["tags"].fullmatch(bare):
        return "site_label"
    return None


def _comment_form(key: str, bare: str) -> bool:
    if _COMMENT_COUNT.fullmatch(bare):
        return True
    if "*" in key and _bare(key.replace("*", " ")) in _keys(*_COMMENT_FIELDS):
        return True
    pieces = [_bare(piece) for piece in re.split(r"[.!*]+", key)]
    pieces = [piece for piece in pieces if piece]
    form = _keys(*_COMMENT_FORM)
    return bool(pieces) and all(piece in form for piece in pieces)


def _share_buttons(bare: str) -> bool:
    tokens = [token for token in re.split(r"[\s|•·,،/]+", bare) if token]
    strong, weak = _keys(*_SHARE_STRONG), _keys(*_SHARE_WEAK)
    return (
        0 < len(tokens) <= 12
        and any(token in strong for token in tokens)
        and all(token in strong or token in weak for token in tokens)
    )


def _headline_like(key: str) -> bool:
    return 0 < len(key.split()) <= _HEADLINE_WORDS and not key.endswith(_SENTENCE_END)


# A line longer than this (in code points) is none of the residue a line rule removes, nor a
# headline (most of an article's paragraphs are: their keys are never made).
_LONG = 400


class _Page:
    """A text's lines, their keys (each made on first use) and the rule that removes each
    line (None: kept, so far). Only the placeholder and whitespace rules read the lines; the
    others read keys, so that invisible marks (normalization removes them) change nothing."""

    __slots__ = ("_keys", "_normalized", "_parts", "lines", "rules")

    def __init__(self, lines: Sequence[str], text: str) -> None:
        self.lines = lines
        self.rules: list[str | None] = [None] * len(lines)
        self._normalized = normalize(text)  # keeps the line breaks
        self._parts = self._normalized.split("\n", len(lines))
        self._keys: list[str | None] = [None] * len(lines)

    def key(self, index: int) -> str:
        key = self._keys[index]
        if key is None:
            key = self._keys[index] = " ".join(self._parts[index].split())
        return key

    def first_word(self, index: int) -> list[str]:
        """The first word of line `index`'s key, in a list (empty for a blank line)."""
        return self._parts[index].split(None, 1)[:1]

    def candidates(self) -> Iterator[int]:
        """The lines that a line rule may remove, in order: those starting (after
        punctuation) with a number or one of `_first_words`, or holding «هنا» or "here"
        (most lines of an article are none of these)."""
        words = _first_words()
        for index, part in enumerate(self._parts[: len(self.lines)]):
            first = _FIRST_WORD.match(part)
            if first is None:
                continue
            word = first.group(1)
            if word in words or word[0].isdigit() or "هنا" in part or "here" in part:
                yield index

    def free(self, index: int) -> bool:
        """Whether line `index` has content that no rule removes (so far)."""
        return self.rules[index] is None and self.lines[index] != ""

    def short(self, index: int) -> bool:
        return len(self.lines[index]) <= _LONG

    def headline_like(self, index: int) -> bool:
        return self.short(index) and _headline_like(self.key(index))


def _blank(rule: str | None) -> bool:
    return rule == "whitespace_line"


def _residue(lines: Sequence[str], text: str) -> list[str | None]:
    """Per line, the rule that removes it (blank lines aside: None), or None if it is kept."""
    page = _Page(lines, text)
    for index, line in enumerate(lines):
        if not line:
            continue
        if PLACEHOLDER_LINE.fullmatch(line):
            page.rules[index] = "placeholder"
        elif _BLANKISH_LINE.fullmatch(line):
            page.rules[index] = "whitespace_line"
    for index in page.candidates():
        if page.free(index) and page.short(index):
            page.rules[index] = _line_rule(page.key(index))
    _head(page, text)
    _click_here_leads(page)
    _author_bios(page)
    _related_block(page)
    return page.rules


def _head(page: _Page, text: str) -> None:
    """The title's surroundings: what stands above it (a Latin banner, a label), the labels
    between it and the article's first paragraph, and the title repeated."""
    rules = page.rules
    arabic = _mainly_arabic(text)
    title = _title_index(page.key, len(rules), lambda index: not page.free(index), arabic)
    if title is None:
        return
    for index in range(title):
        if not page.free(index):
            continue
        key = page.key(index)
        if _LATIN_WORD.match(key) and arabic():
            if not ARABIC_LETTER.search(key) or _patterns()["banner"].match(key):
                rules[index] = "latin_banner"
        elif len(key.split()) <= 2 and (
            key.endswith(_HEAD_MARKS)
            or _QUOTED.fullmatch(key)
            or _bare(key) in _keys(*_HEAD_LABELS)
        ):
            rules[index] = "head_label"
    if not page.headline_like(title):
        return  # the first paragraph, not a title
    wanted = page.key(title)
    first = wanted.split(" ", 1)[:1]
    for index in range(title + 1, len(rules)):
        # normalization only removes code points: a line shorter than the key is not it
        if (
            page.free(index)
            and len(page.lines[index]) >= len(wanted)
            and page.first_word(index) == first
            and page.key(index) == wanted
        ):
            rules[index] = "repeated_title"
    for index in range(title + 1, len(rules)):
        if not page.free(index):
            continue
        if not page.short(index) or len(page.key(index).split()) > 2:
            break
        rules[index] = "head_label"


def _click_here_leads(page: _Page) -> None:
    """The line just above a «اضغط هنا» line that leads to it (short, not a sentence)."""
    for index in range(1, len(page.rules)):
        lead = index - 1
        if (
            page.rules[index] == "click_here"
            and page.free(lead)
            and page.short(lead)
            and 0 < len(page.key(lead).split()) <= _CLICK_WORDS
            and not page.key(lead).endswith((*_SENTENCE_END, "!", "?", "؟"))
        ):
            page.rules[lead] = "click_here"


def _author_bios(page: _Page) -> None:
    """Author lines («Written by …», «بقلم: …») and the biography right after one (it starts
    with the author's name, or ends with «إقرأ المزيد»)."""
    author = _patterns()["author"]
    read_more = tuple(_keys(*_READ_MORE))
    rules = page.rules
    for index, line in enumerate(page.lines):
        if not page.free(index) or len(line) > 120:
            continue
        found = author.fullmatch(_bare(page.key(index)))
        if found is None:
            continue
        rules[index] = "author_bio"
        bio = next(
            (i for i in range(index + 1, len(rules)) if page.lines[i] and not _blank(rules[i])),
            None,
        )
        if bio is None or not page.free(bio):
            continue
        key = page.key(bio)
        if key.startswith(found.group("name") + " ") or _bare(key).endswith(read_more):
            rules[bio] = "author_bio"


def _related_block(page: _Page) -> None:
    """Other articles' headlines listed at the end of the text after a related label or a
    comment form: only when every line from there to the end is residue or headline-like."""
    rules = page.rules
    start = len(rules)
    while start > 0 and (not page.free(start - 1) or page.headline_like(start - 1)):
        start -= 1
    openers = (
        index
        for index in range(start, len(rules))
        if rules[index] == "comment_form"
        or (rules[index] == "related_headlines" and _bare(page.key(index)) in _keys(*_RELATED))
    )
    opener = next(openers, None)
    if opener is None:
        return
    for index in range(opener + 1, len(rules)):
        if page.free(index):
            rules[index] = "related_headlines"


# ------------------------------------------------------------------ the plan and the map


class Removed(NamedTuple):
    """A line that cleaning removes: the rule's id (`RULES`), its line number in the text
    (from 1), and the line as it is in the text."""

    rule: str
    line: int
    text: str


def _plan(lines: list[str], text: str) -> tuple[list[str | None], set[int]]:
    """Per line, the rule that removes it or None; and the whitespace-only lines kept as
    empty lines (their content goes, their line break stays: they separated paragraphs)."""
    rules = _residue(lines, text)
    plan: list[str | None] = [None] * len(lines)
    emptied: set[int] = set()
    kept: list[int] = []  # kept lines, an emptied one as an empty line

    def blank_last() -> bool:
        return not lines[kept[-1]] or kept[-1] in emptied

    for index, line in enumerate(lines):
        rule = rules[index]
        if line == "":
            if not kept or blank_last():
                plan[index] = "blank_line"
            else:
                kept.append(index)
        elif rule == "whitespace_line":
            plan[index] = rule
            if kept and not blank_last():
                emptied.add(index)
                kept.append(index)
        elif rule is not None:
            plan[index] = rule
        else:
            kept.append(index)
    while kept and blank_last():
        index = kept.pop()
        if index in emptied:
            emptied.discard(index)  # whitespace_line already, and now its line break too
        else:
            plan[index] = "blank_line"
    return plan, emptied


def cleaning_preview(
    text: str, *, arclean: bool = False, marks: bool = False, lines: bool = True
) -> list[Removed]:
    """What `clean_text` removes from `text` (LF line breaks), line by line in text order:
    each line with the rule that removes it, as counted in the import report. The rules in
    `LAYOUT_RULES` remove only blank-looking lines, which a preview may leave out. `arclean`:
    also each kept line the arclean map changes, as a `Removed` of rule "arclean" whose text
    says what it changes in the line («U+060C «،» → «,» ×3, U+0640 «ـ» removed ×2»); `marks`:
    the invisible marks are removed first (`strip_marks`), so arclean does not see them;
    `lines=False`: no line rules (as `clean_text(lines=False)`), only arclean's changes."""
    if not text:
        return []
    split = (text[:-1] if text.endswith("\n") else text).split("\n")
    plan = _plan(split, text)[0] if lines else [None] * len(split)
    found: list[Removed] = []
    for number, (rule, line) in enumerate(zip(plan, split, strict=True), 1):
        if rule is not None:
            found.append(Removed(rule, number, line))
        elif arclean:
            changes = _arclean_preview(_MARK_RE.sub("", line) if marks else line)
            if changes is not None:
                found.append(Removed(ARCLEAN, number, changes))
    return found


def clean_text(
    text: str, *, lines: bool = True, marks: bool = False, arclean: bool = False
) -> tuple[str, Counter[str]]:
    """Remove scraper residue (whole lines only) and say how many lines each rule removed.

    The rules (`RULES`) remove placeholder lines ([ad_1]), lines of only whitespace/NBSP, the
    residue of news sites (comment forms, view counters, «اضغط هنا», related headlines, ...);
    runs of blank lines collapse to one, leading and trailing blank lines go. Every other line
    is kept byte for byte. `marks`: also remove the invisible marks (`INVISIBLE_MARKS`) inside
    kept lines, counted as "invisible_mark"; `arclean`: then map the kept lines' characters
    through camel-tools' arclean map (see `arclean`), each line it changes counted as
    "arclean"; `lines=False`: only those character steps.
    """
    cleaned, removed, _ = clean_text_mapped(text, lines=lines, marks=marks, arclean=arclean)
    return cleaned, removed


class SpanLost(ValueError):
    """A span that cleaning cannot keep (`CleanMap.span`); the message says why."""


class CleanMap:
    """Where the code points of a text kept by `clean_text_mapped` went: runs of code points
    kept together, as (original start, original end, cleaned start), and runs of one code point
    the arclean map made several of (a ligature «ﻻ» -> «لا», «…» -> «...»), as (original
    start, original start + 1, cleaned start, cleaned end). A code point mapped to another one
    («،» -> «,») is kept where it was. `lines`: the (original start, original end) runs the
    line rules kept, before the character steps (default: those of `runs`)."""

    __slots__ = ("_ends", "_line_ends", "_line_starts", "_new_ends", "_new_starts", "_starts")

    def __init__(
        self,
        runs: Sequence[tuple[int, ...]],
        lines: Sequence[tuple[int, int]] | None = None,
    ) -> None:
        self._starts = [run[0] for run in runs]
        self._ends = [run[1] for run in runs]
        self._new_starts = [run[2] for run in runs]
        self._new_ends = [run[3] if len(run) > 3 else run[2] + run[1] - run[0] for run in runs]
        kept_lines = [(run[0], run[1]) for run in runs] if lines is None else lines
        self._line_starts = [start for start, _ in kept_lines]
        self._line_ends = [end for _, end in kept_lines]

    def _in_kept_line(self, position: int) -> bool:
        """Whether the code point at original `position` lies in a line the line rules kept
        (the character steps may still have removed it)."""
        index = bisect_right(self._line_starts, position) - 1
        return index >= 0 and position < self._line_ends[index]

    def _expanded(self, index: int) -> bool:
        return (
            self._new_ends[index] - self._new_starts[index]
            != self._ends[index] - self._starts[index]
        )

    def offset(self, position: int) -> int | None:
        """The cleaned offset of the code point at original `position` (the first of what it
        became); None if removed."""
        index = bisect_right(self._starts, position) - 1
        if index < 0 or position >= self._ends[index]:
            return None
        return self._new_starts[index] + position - self._starts[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The cleaned offsets of the annotated span `start`-`end` (end-exclusive, start <
        end): what is kept of it (`inner`), so that characters the character steps removed
        at its ends (a final vowel mark, tatweel, an invisible mark) are left out of it and
        its cleaned text is the map of its text. Raises `SpanLost` when its first or last
        code point lies in a line the line rules removed (what it marks is gone), or when
        nothing of it is kept."""
        if not (self._in_kept_line(start) and self._in_kept_line(end - 1)):
            raise SpanLost("an end lies in a line that cleaning (--clean) removes")
        moved = self.inner(start, end)
        if moved is None:
            raise SpanLost("cleaning removes every character of it")
        return moved

    def inner(self, start: int, end: int) -> tuple[int, int] | None:
        """The cleaned offsets of what is kept of `start`-`end`: from its first kept code
        point to its last; None when none is kept (a token of removed characters only)."""
        index = max(bisect_right(self._starts, start) - 1, 0)
        first = last = None
        while index < len(self._starts) and self._starts[index] < end:
            lo, hi = max(start, self._starts[index]), min(end, self._ends[index])
            if lo < hi:
                if self._expanded(index):
                    lo_new, hi_new = self._new_starts[index], self._new_ends[index]
                else:
                    shift = self._new_starts[index] - self._starts[index]
                    lo_new, hi_new = lo + shift, hi + shift
                if first is None:
                    first = lo_new
                last = hi_new
            index += 1
        return None if first is None or last is None else (first, last)

    def tokens(self, tokens: Tokenization) -> Tokenization:
        """A document's own tokens moved with its text: each token keeps what is kept of it,
        a token nothing of which is kept goes, and so does a sentence left without tokens."""
        sentences = []
        bounds = [*tokens.sentence_starts, len(tokens.starts)]
        for first, last in zip(bounds, bounds[1:], strict=False):
            moved = [self.inner(tokens.starts[i], tokens.ends[i]) for i in range(first, last)]
            sentences.append([token for token in moved if token is not None])
        return Tokenization.from_sentences(sentences, tokens.scheme)


def clean_text_mapped(
    text: str, *, lines: bool = True, marks: bool = False, arclean: bool = False
) -> tuple[str, Counter[str], CleanMap]:
    """`clean_text`, with the map of where each kept code point went (for span offsets)."""
    removed: Counter[str] = Counter()
    if not text:
        return text, removed, CleanMap([])
    if not lines:
        whole = [(0, len(text), 0)]
        if marks or arclean:
            return _map_characters(text, whole, removed, marks, arclean)
        return text, removed, CleanMap(whole)
    ending = "\n" if text.endswith("\n") else ""
    split = (text[:-1] if ending else text).split("\n")
    plan, emptied = _plan(split, text)
    removed.update(rule for rule in plan if rule is not None)
    kept: list[str] = []
    # per kept line: the original offset of its first code point; its line break follows it
    starts: list[int] = []
    at = 0
    for index, line in enumerate(split):
        if index in emptied:
            kept.append("")
            starts.append(at + len(line))  # its content goes, its line break stays
        elif plan[index] is None:
            kept.append(line)
            starts.append(at)
        at += len(line) + 1
    if not kept:
        return "", +removed, CleanMap([])
    runs: list[tuple[int, int, int]] = []
    new = 0
    last = len(kept) - 1
    for index, (line, start) in enumerate(zip(kept, starts, strict=True)):
        size = len(line) + (1 if index < last or ending else 0)  # with its line break
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], start + size, runs[-1][2])
        elif size:
            runs.append((start, start + size, new))
        new += size
    if marks or arclean:
        return _map_characters(text, runs, removed, marks, arclean)
    return "\n".join(kept) + ending, +removed, CleanMap(runs)


# ------------------------------------------------------------------ the character steps
#
# `strip_marks` removes the invisible marks; `arclean` maps every character through camel-tools'
# `arclean` character map (`CharMapper.builtin_mapper("arclean")`, the map camel-tools cleans
# Arabic text with before its analysers), applied to the lines the rules keep. What arclean
# does, from the map itself: Arabic letters, ASCII and Latin-1 letters, tab and line breaks are
# kept; tashkeel (U+064B..U+0652, U+0670, U+0610..U+061A, U+0653..U+065E, Quranic marks),
# tatweel and format controls U+2061..U+206F are removed; every space and U+200B..U+200F,
# U+2028..U+202F (bidi embeddings too), WJ and BOM become " "; Arabic punctuation and digits
# become ASCII («،» -> «,», «؟» -> «?», «٣» -> «3», «٫» -> «,», «٬» -> «'»), typographic
# quotes and dashes ASCII ones («» “” -> ", ‘’ -> ', ‐..― -> -); Persian, Urdu and other
# extended letters and the presentation forms become the basic Arabic letters (پ -> ب, ی -> ى,
# ک -> ك, ﺏ -> ب); a few become several code points (ﻻ -> لا, ﷲ -> الله, … -> ..., ‰ -> %0);
# and every other character (Cyrillic, CJK, emoji, ©, €, Latin beyond U+00FF...) is removed.
# `arclean_changes` asks camel-tools itself for each distinct character of a text (so the
# result is camel-tools' `CharMapper` output exactly: tests/test_camel_utils_parity.py), and
# the text is rebuilt here so that every kept code point's offset is known (`CleanMap`).

ARCLEAN = "arclean"
RULES[ARCLEAN] = (
    "characters camel-tools' arclean map changes in kept lines (--arclean; counted by line): "
    "tashkeel and tatweel removed, Arabic punctuation, digits and typographic quotes to ASCII, "
    "Persian and presentation-form letters to basic Arabic ones, ligatures expanded, every "
    "character outside Arabic, ASCII and Latin-1 removed"
)


@cache
def _arclean_mapper() -> Callable[[str], str]:
    # camel_tools.utils.charmap imports in a few ms (camel_tools.utils.dediac takes ~1 s: its
    # charsets scan all of Unicode); imported on first use only.
    from camel_tools.utils.charmap import CharMapper

    mapper: Callable[[str], str] = CharMapper.builtin_mapper("arclean")
    return mapper


class _Arclean(NamedTuple):
    """What camel-tools' arclean map does, asked of camel-tools once per code point of planes
    0-1 (one call on all of them, about 0.1 s), to use at C speed."""

    of: dict[str, str]  # what each character it changes becomes ("" when removed)
    changed_re: re.Pattern[str]  # a character it may change: not one it keeps (or beyond 1)


@cache
def _arclean() -> _Arclean:
    mapper = _arclean_mapper()
    chars = [chr(cp) for cp in range(0x20000) if cp != 0x0A]
    mapped = mapper("\n".join(chars)).split("\n")  # no value holds a line break
    if len(mapped) != len(chars) or mapper("\n") != "\n":
        mapped = [mapper(char) for char in chars]  # a map of another shape: one by one
    of = {char: new for char, new in zip(chars, mapped, strict=True) if new != char}
    kept = "".join(re.escape(char) for char in chars if char not in of)
    return _Arclean(of, re.compile(f"[^{kept}\\n]"))


def _arclean_of(char: str) -> str:
    """What the arclean map makes of `char` (beyond plane 1, asked of camel-tools then)."""
    table = _arclean().of
    new = table.get(char)
    if new is None:
        new = table[char] = char if ord(char) < 0x20000 else _arclean_mapper()(char)
    return new


def arclean_changes(text: str) -> dict[str, str]:
    """Each distinct character of `text` that camel-tools' arclean map changes, with what it
    becomes ("" when removed), as camel-tools' `CharMapper` maps it."""
    found = {char: _arclean_of(char) for char in set(_arclean().changed_re.findall(text))}
    return {char: new for char, new in found.items() if new != char}


def _arclean_match(match: re.Match[str]) -> str:
    return _arclean_of(match.group())


def arclean(text: str) -> str:
    """`text` through camel-tools' arclean character map (what ``CharMapper.builtin_mapper(
    "arclean")(text)`` gives, faster)."""
    return _arclean().changed_re.sub(_arclean_match, text)


def _map_characters(
    text: str,
    runs: list[tuple[int, int, int]],
    removed: Counter[str],
    marks: bool,
    arclean: bool,
) -> tuple[str, Counter[str], CleanMap]:
    """The text made of `runs` of `text` (a `CleanMap`'s), with its invisible marks removed
    (`marks`: each counted as "invisible_mark") and then its characters mapped by the arclean
    map (`arclean`: each line it changes counted as "arclean")."""
    # arclean changes every invisible mark (to a space, or removes it): its pattern finds them
    pattern = _arclean().changed_re if arclean else _MARK_RE
    breaks: list[int] | None = None
    changed_lines: set[int] = set()
    pieces: list[str] = []
    kept: list[tuple[int, ...]] = []
    new_at = 0  # the cleaned offset of the code point at `at`, the run's next
    for start, end, _ in runs:
        at = first = start  # `first`: where the run of kept code points in progress starts
        first_new = new_at
        for found in pattern.finditer(text, start, end):
            char = found.group()
            position = found.start()
            if marks and char in INVISIBLE_MARKS:
                new = ""
                removed["invisible_mark"] += 1
            else:
                new = _arclean_of(char)
                if new == char:
                    continue
                if breaks is None:
                    breaks = [m.start() for m in re.finditer("\n", text)]
                changed_lines.add(bisect_right(breaks, position - 1))
            pieces.append(text[at:position])
            at = position + 1
            if len(new) == 1:  # mapped in place: the run goes on
                pieces.append(new)
                continue
            if position > first:
                kept.append((first, position, first_new))
            new_at = first_new + position - first
            if new:  # one code point become several
                kept.append((position, position + 1, new_at, new_at + len(new)))
                pieces.append(new)
                new_at += len(new)
            first, first_new = at, new_at
        pieces.append(text[at:end])
        if end > first:
            kept.append((first, end, first_new))
        new_at = first_new + end - first
    if changed_lines:
        removed[ARCLEAN] += len(changed_lines)
    return "".join(pieces), +removed, CleanMap(kept, [(start, end) for start, end, _ in runs])


def _arclean_preview(line: str) -> str | None:
    """What the arclean map changes in `line`, for people: "U+060C «،» → «,» ×3, U+0640 «ـ»
    removed ×2" (in order of first appearance); None when it changes nothing."""
    changes = arclean_changes(line)
    if not changes:
        return None
    counts = Counter(char for char in line if char in changes)
    shown = []
    for char in sorted(counts, key=line.index):
        new = changes[char]
        what = f"→ «{new}»" if new else "removed"
        shown.append(f"U+{ord(char):04X} «{char}» {what} ×{counts[char]:,}")
    return ", ".join(shown)
