"""Reporting verbs of Arabic news and the words that open what they report.

The verbs (lemmas ``قال أكد أعلن أفاد ذكر صرّح أضاف اتهم نفى أوضح``) in the forms news uses,
written as `annotator.text.normalize` writes them (no tashkeel or tatweel, bare alef, ي for ى,
ه for ة):

* past, 3rd person: masculine and feminine singular, dual and masculine plural (قال قالت قالا
  قالتا قالوا; نفى نفت نفيا نفتا نفوا);
* present, 3rd person: ي/ت + stem, singular, dual and masculine plural (يقول تقول يقولان تقولان
  يقولون; يؤكد, also spelt يوكد);
* after the conjunctions و/ف (وقال فقالت), and a present form also after ل/س (ليؤكد سيعلن,
  وليضيف). Object suffixes (قاله، أكده) are left out: they refer back to something said and
  open no reported content.

`VERB_RE` finds them in normalized text as whole words (group ``clitic``: the proclitics,
group ``verb``: the form; `verb_lemma` tells a form's lemma and tense). Every form holds one of
`STEMS`, so a literal search for those (``str.find``, much faster than any regex) finds the
places where `VERB_RE` may match.

`NOMINAL_RE`: the nominal attributions «بحسب X», «حسب X», «وفقا لـX», «نقلا عن X» (also after
و; group ``marker``), found likewise through `NOMINAL_STEMS`.

`COMPLEMENTIZERS`: «أنّ/إنّ» with the pronoun suffixes and «بأن» (normalized: ان انه انها ...);
`COMPLEMENTIZER_RE` finds one as a whole word.
"""

from __future__ import annotations

import re

__all__ = [
    "COMPLEMENTIZER_RE",
    "COMPLEMENTIZERS",
    "LEMMAS",
    "NOMINAL_RE",
    "NOMINAL_STEMS",
    "STEMS",
    "VERB_RE",
    "verb_forms",
    "verb_lemma",
]

# lemma -> (past stem, present stem after ي/ت), normalized
_REGULAR = {
    "قال": ("قال", "قول"),
    "أكد": ("اكد", "ؤكد"),
    "أعلن": ("اعلن", "علن"),
    "أفاد": ("افاد", "فيد"),
    "ذكر": ("ذكر", "ذكر"),
    "صرّح": ("صرح", "صرح"),
    "أضاف": ("اضاف", "ضيف"),
    "اتهم": ("اتهم", "تهم"),
    "أوضح": ("اوضح", "وضح"),
}
LEMMAS: tuple[str, ...] = (*_REGULAR, "نفى")
"""The reporting verbs covered, as dictionaries write them."""

_PAST_SUFFIXES = ("", "ت", "ا", "تا", "وا")
_PRESENT_SUFFIXES = ("", "ان", "ون")


def verb_forms() -> dict[str, tuple[str, bool]]:
    """Normalized form (without proclitics) -> (lemma, whether it is a present form)."""
    forms: dict[str, tuple[str, bool]] = {}
    for lemma, (past, present) in _REGULAR.items():
        for suffix in _PAST_SUFFIXES:
            forms[past + suffix] = (lemma, False)
        stems = (present, "وكد") if present == "ؤكد" else (present,)
        for stem in stems:
            for person in "يت":
                for suffix in _PRESENT_SUFFIXES:
                    forms[person + stem + suffix] = (lemma, True)
    for form in ("نفي", "نفت", "نفيا", "نفتا", "نفوا"):
        forms[form] = ("نفى", False)
    for form in ("ينفي", "تنفي", "ينفيان", "تنفيان", "ينفون"):
        forms[form] = ("نفى", True)
    return forms


def _alternation(words: list[str]) -> str:
    """A regex matching exactly `words`, as a trie (fast in Python's backtracking engine)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(c) + pattern(sub) for c, sub in node.items() if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(trie)


STEMS: tuple[str, ...] = tuple(
    "قال قول اكد ؤكد وكد علن افاد فيد ذكر صرح اضاف ضيف تهم وضح نفي نفت نفو".split()
)
"""Letters every form holds (normalized): a literal search for them finds every verb."""

_FORMS = verb_forms()
_WORDS = sorted(_FORMS)
VERB_RE = re.compile(r"(?<!\w)(?P<clitic>[وف]?[لس]?)(?P<verb>" + _alternation(_WORDS) + r")(?!\w)")
"""A reporting verb in normalized text; a ل/س clitic goes only with a present form (`verb_lemma`
tells), which the pattern does not check."""


def verb_lemma(form: str) -> tuple[str, bool] | None:
    """(lemma, present) of a normalized verb form `VERB_RE` matched as group ``verb``."""
    return _FORMS.get(form)


def _complementizers() -> frozenset[str]:
    suffixes = ("", "ه", "ها", "هم", "هما", "هن", "ني", "نا", "ك", "كم")
    return frozenset(prefix + "ان" + s for prefix in ("", "ب") for s in suffixes)


COMPLEMENTIZERS: frozenset[str] = _complementizers()
"""«أن/إن» (normalized ``ان``), with a pronoun suffix (انه انها انهم ...) and after ب (بان)."""

COMPLEMENTIZER_RE = re.compile(r"(?<!\w)(?:" + _alternation(sorted(COMPLEMENTIZERS)) + r")(?!\w)")
"""One of `COMPLEMENTIZERS` as a whole word."""


NOMINAL_STEMS: tuple[str, ...] = ("حسب", "وفقا", "نقلا")
"""Letters every nominal attribution holds (normalized)."""

NOMINAL_RE = re.compile(r"(?<!\w)(?P<clitic>و?)(?P<marker>بحسب|حسب|وفقا|نقلا)(?!\w)")
"""«بحسب/حسب/وفقا/نقلا» in normalized text, after an optional و; the source follows (after
«ل» for وفقا, after «عن» for نقلا)."""
