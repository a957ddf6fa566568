"""File paths as the dialogs show them, right-to-left names and all (no heavy imports: the
start page uses them at start-up)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from PySide6.QtGui import QGuiApplication

_LRM = "\u200e"
_SEPARATORS = {"/", os.sep}


def shown_path(path: str | Path) -> str:
    """`path` for display, in order in a right-to-left interface too: with right-to-left names
    in it, a left-to-right mark begins it and follows each separator, so that the bidi
    algorithm keeps its folders in order (``أخبار/بغداد.conll`` would otherwise show its two
    names swapped); else, in a right-to-left window only, a left-to-right mark begins it when
    it does not start with a left-to-right letter (the «/» of ``/data/a.conll`` would show at
    its right end). A left-to-right window shows such a path as it is: copied from a list, it
    is the path."""
    text = str(path)
    if not any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        if not text or unicodedata.bidirectional(text[0]) == "L":
            return text
        return _LRM + text if QGuiApplication.isRightToLeft() else text
    return _LRM + "".join(char + _LRM if char in _SEPARATORS else char for char in text)


def shown_notice(path: str, line: int | None, message: str) -> str:
    """A warning or error as ``file:line: what``, its file shown by `shown_path`."""
    where = shown_path(path) + (f":{line}" if line is not None else "")
    return f"{where}: {message}"
