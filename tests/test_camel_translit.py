"""`annotator.camel.translit.transliterate`: the published Buckwalter, Safe Buckwalter and
Habash-Soudi-Buckwalter tables through camel-tools' character maps."""

from __future__ import annotations

import pytest

from annotator.camel.translit import SCHEMES, transliterate
from annotator.errors import UsageError

# Tim Buckwalter's table (letters, hamza forms, tatweel, tanween and short vowels).
BUCKWALTER = {
    "ء": "'", "آ": "|", "أ": ">", "ؤ": "&", "إ": "<", "ئ": "}", "ا": "A", "ب": "b",
    "ة": "p", "ت": "t", "ث": "v", "ج": "j", "ح": "H", "خ": "x", "د": "d", "ذ": "*",
    "ر": "r", "ز": "z", "س": "s", "ش": "$", "ص": "S", "ض": "D", "ط": "T", "ظ": "Z",
    "ع": "E", "غ": "g", "ـ": "_", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ى": "Y", "ي": "y", "\u064b": "F", "\u064c": "N",
    "\u064d": "K", "\u064e": "a", "\u064f": "u", "\u0650": "i", "\u0651": "~", "\u0652": "o",
}  # fmt: skip

# Safe Buckwalter replaces the characters that need escaping (quotes, <, >, &, |, *, $, }).
SAFE_DIFFERENCES = {
    "ء": "C", "آ": "M", "أ": "O", "ؤ": "W", "إ": "I", "ئ": "Q", "ذ": "V", "ش": "c",
}  # fmt: skip

# Habash, Soudi & Buckwalter (2007): one Latin letter (with diacritics) per Arabic letter.
HSB = {
    "ء": "'", "آ": "Ā", "أ": "Â", "ؤ": "ŵ", "ئ": "ŷ", "ة": "ħ", "ث": "θ", "ذ": "ð",
    "ش": "š", "ظ": "Ď", "ع": "ς", "غ": "γ", "ى": "ý", "ج": "j", "ح": "H", "خ": "x",
    "\u064b": "ã", "\u064c": "ũ", "\u064d": "ĩ", "\u0652": ".",
}  # fmt: skip


@pytest.mark.parametrize(("arabic", "latin"), sorted(BUCKWALTER.items()))
def test_buckwalter_table(arabic, latin):
    assert transliterate(arabic, "bw") == latin


@pytest.mark.parametrize(("arabic", "latin"), sorted(BUCKWALTER.items()))
def test_safe_buckwalter_differs_only_where_buckwalter_needs_escaping(arabic, latin):
    assert transliterate(arabic, "safebw") == SAFE_DIFFERENCES.get(arabic, latin)


def test_safe_buckwalter_has_no_characters_to_escape():
    every_letter = "".join(BUCKWALTER)
    assert not set(transliterate(every_letter, "safebw")) & set("'\"<>&|*$}")


@pytest.mark.parametrize(("arabic", "latin"), sorted(HSB.items()))
def test_hsb_table(arabic, latin):
    assert transliterate(arabic, "hsb") == latin


def test_words_and_default_scheme():
    assert transliterate("الوزارة") == "AlwzArp"
    assert transliterate("مُدُنٌ", "bw") == "mudunN"
    assert transliterate("الوزارة", "hsb") == "AlwzArħ"
    assert transliterate("شذى", "safebw") == "cVY"


def test_non_arabic_characters_are_kept():
    text = "قصف Gaza 12 ٣ (x) ، ؟ — «»"
    assert transliterate(text, "bw") == "qSf Gaza 12 ٣ (x) ، ؟ — «»"
    for scheme in SCHEMES:
        assert transliterate("Gaza, 2024!\n\tok", scheme) == "Gaza, 2024!\n\tok"


def test_length_is_kept_so_offsets_carry_over():
    text = "قالت الوزارة إن القصف استمر، 12 Gaza!"
    for scheme in SCHEMES:
        assert len(transliterate(text, scheme)) == len(text)


def test_unknown_scheme_is_a_usage_error_naming_the_known_ones():
    with pytest.raises(UsageError, match=r"'klingon'.*bw, safebw, hsb"):
        transliterate("قصف", "klingon")


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_the_translate_table_gives_what_camel_tools_charmapper_gives(scheme):
    """`transliterate` applies camel-tools' map with str.translate (faster): the same result
    as CharMapper itself, character by character over the Basic Multilingual Plane and on
    running text."""
    from camel_tools.utils.charmap import CharMapper

    mapper = CharMapper.builtin_mapper(SCHEMES[scheme])
    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    assert transliterate(every, scheme) == mapper(every)
    text = "قالت الوزارة إنّ القصفَ استمرّ، 12 Gaza! ٣ «مُدُنٌ» 😀"
    assert transliterate(text, scheme) == mapper(text)
