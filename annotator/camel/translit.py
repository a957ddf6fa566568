"""Transliteration of Arabic script with camel-tools' character maps (no data, no network).

``transliterate(text, scheme)``: Buckwalter (``bw``), Safe Buckwalter (``safebw``, no
characters that need escaping in XML or on a command line) or Habash-Soudi-Buckwalter
(``hsb``). Characters a map does not cover (Latin, digits, punctuation) are kept as they are.
Used for the selected span and hover in the app (team members who do not read Arabic script)
and for the ``--translit`` column/field of the CoNLL, JSONL and Hugging Face exports.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from annotator.errors import UsageError

__all__ = ["SCHEMES", "transliterate"]

SCHEMES: dict[str, str] = {"bw": "ar2bw", "safebw": "ar2safebw", "hsb": "ar2hsb"}
"""Our scheme names -> camel-tools' built-in character maps."""


@cache
def _mapper(scheme: str) -> Any:
    from camel_tools.utils.charmap import CharMapper

    try:
        return CharMapper.builtin_mapper(SCHEMES[scheme])
    except KeyError:
        known = ", ".join(SCHEMES)
        raise UsageError(f"unknown transliteration {scheme!r} (known: {known})") from None


def transliterate(text: str, scheme: str = "bw") -> str:
    """``text`` in the Latin transliteration ``scheme`` (a key of `SCHEMES`)."""
    result: str = _mapper(scheme)(text)
    return result
