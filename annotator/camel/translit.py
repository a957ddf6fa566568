"""Transliteration of Arabic script with camel-tools' character maps (no data, no network).

``transliterate(text, scheme)``: Buckwalter (``bw``), Safe Buckwalter (``safebw``, no
characters that need escaping in XML or on a command line) or Habash-Soudi-Buckwalter
(``hsb``). Characters a map does not cover (Latin, digits, punctuation) are kept as they are.
Used for the selected span and hover in the app (team members who do not read Arabic script)
and for the ``--translit`` column/field of the CoNLL, JSONL and Hugging Face exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from annotator.errors import UsageError

__all__ = ["SCHEMES", "check_scheme", "transliterate", "transliterate_pieces"]

SCHEMES: dict[str, str] = {"bw": "ar2bw", "safebw": "ar2safebw", "hsb": "ar2hsb"}
"""Our scheme names -> camel-tools' built-in character maps."""


def check_scheme(scheme: str) -> str:
    """`scheme` when it is a key of `SCHEMES`; UsageError naming the known ones otherwise."""
    if scheme not in SCHEMES:
        known = ", ".join(SCHEMES)
        raise UsageError(f"unknown transliteration {scheme!r} (known: {known})")
    return scheme


@cache
def _table(scheme: str) -> dict[int, str]:
    """camel-tools' character map of `scheme` as a `str.translate` table: the same mapping
    (each mapped character replaced, every other kept: the built-in maps have no default),
    applied in C rather than character by character in Python (about twice as fast;
    tests/test_camel_translit.py checks it gives what the CharMapper gives over all of
    Unicode's Basic Multilingual Plane)."""
    from camel_tools.utils.charmap import CharMapper

    mapper = CharMapper.builtin_mapper(SCHEMES[check_scheme(scheme)])
    charmap: dict[str, str | None] = mapper._charmap  # noqa: SLF001 (no public accessor)
    if mapper._default is not None or any(len(key) != 1 for key in charmap):  # noqa: SLF001
        raise RuntimeError(f"camel-tools' {SCHEMES[scheme]} map is not a character table")
    return {ord(key): value for key, value in charmap.items() if value is not None}


def transliterate(text: str, scheme: str = "bw") -> str:
    """``text`` in the Latin transliteration ``scheme`` (a key of `SCHEMES`)."""
    return text.translate(_table(scheme))


def transliterate_pieces(
    text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    scheme: str = "bw",
    *,
    latin: str | None = None,
) -> list[str]:
    """Each piece ``text[start:end]`` (tokens, spans) in `scheme`: `text` transliterated once
    and cut at the same offsets (the maps give one character per character, so offsets carry
    over), piece by piece should a map ever change a length. `latin`: `transliterate(text,
    scheme)` when the caller has it already (not done again)."""
    if latin is None:
        latin = transliterate(text, scheme)
    if len(latin) != len(text):
        return [
            transliterate(text[start:end], scheme) for start, end in zip(starts, ends, strict=True)
        ]
    return [latin[start:end] for start, end in zip(starts, ends, strict=True)]
