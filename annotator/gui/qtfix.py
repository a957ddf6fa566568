"""A guard against a reference-counting bug of PySide6 6.12.0 on Python 3.11.

That build returns `None` from C++ methods returning void, and `True` from `Signal.emit`, without
adding a reference, so every such call (`QPainter.fillRect`, `QColor.setAlphaF`, `QLabel.setText`,
`some_signal.emit(...)`, ...) takes one reference from `None` or `True`. After a few thousand
calls Python aborts with "Fatal Python error: none_dealloc: deallocating None" (or
"bool_dealloc"). Python 3.12+ is not affected (these objects are immortal there), nor is PySide6
6.11.2. When the bug is detected, the reference counts of `None`, `True` and `False` are raised by
2**40 so that they never reach zero, which is what Python 3.12 does for every run.
"""

from __future__ import annotations

import sys

_checked = False


def refcount_bug() -> bool:
    """Whether void Qt calls or signal emits take references they do not own (the bug)."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtGui import QColor

    class _Probe(QObject):
        ping = Signal()

    colour, probe = QColor(), _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        colour.setAlphaF(1.0)
        probe.ping.emit()
    return sys.getrefcount(None) < none_before or sys.getrefcount(True) < true_before


def protect_singletons() -> bool:
    """Apply the guard if this Python and PySide6 need it; returns whether it was applied."""
    global _checked
    if _checked or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        _checked = True
        return False
    _checked = True
    if not refcount_bug():
        return False
    import ctypes

    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (release builds).
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    return True
