"""Render the application icon's PNG sizes from its SVG (annotator/resources/icons/).

Run after editing annotator.svg, then commit the PNGs: the app and `annotator
install-desktop-entry` use the committed files and never render at run time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_icons.py
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from annotator.desktop import ICON_SIZES, icon_png, icon_svg  # noqa: E402


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(icon_svg()))
    if not renderer.isValid():
        print(f"{icon_svg()}: not a valid SVG", file=sys.stderr)
        return 1
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = icon_png(size)
        if not image.save(str(target), "PNG"):
            print(f"{target}: could not write", file=sys.stderr)
            return 1
        print(f"{target} ({size}x{size})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
