"""PyInstaller's own QtGui hook, less the plugins of bundle_rules.UNUSED_QT_PLUGINS.

A hook of the spec's hookspath replaces the built-in one for the same module; leaving a
plugin out here (rather than after the analysis) keeps out the libraries only it needs.
"""

import sys
from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bundle_rules import unused_qt_plugin  # noqa: E402

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (source, destination)
    for source, destination in binaries
    if not unused_qt_plugin(Path(destination).name, Path(source).name)
]
