"""Render the application icon's PNG sizes from its SVG (annotator/resources/icons/), and pack
them as annotator.ico (Windows) and annotator.icns (macOS) for the bundles' executables
(packaging/annotator.spec).

Run after editing annotator.svg, then commit the PNGs, the .ico and the .icns: the app and
`annotator install-desktop-entry` use the committed files and never render at run time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_icons.py
"""

from __future__ import annotations

import os
import struct
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from annotator.desktop import ICON_SIZES, icon_png, icon_svg  # noqa: E402

# the icns element types that hold a PNG, by the PNG's size in pixels (@2x: Retina variants)
ICNS_TYPES = {
    16: [b"icp4"],
    32: [b"icp5", b"ic11"],
    64: [b"icp6", b"ic12"],
    128: [b"ic07"],
    256: [b"ic08", b"ic13"],
    512: [b"ic09", b"ic14"],
    1024: [b"ic10"],
}


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG rendered at `size`x`size` pixels, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size}px icon as PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding each PNG (PNG entries: Windows Vista and later)."""
    sizes = sorted(size for size in pngs if size <= 256)
    offset = 6 + 16 * len(sizes)
    head = struct.pack("<HHH", 0, 1, len(sizes))
    body = b""
    for size in sizes:
        side = size % 256  # 0 means 256
        head += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(pngs[size]), offset)
        offset += len(pngs[size])
        body += pngs[size]
    return head + body


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon holding each PNG under the element types of its size."""
    elements = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for size in sorted(pngs)
        for kind in ICNS_TYPES.get(size, [])
    )
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(icon_svg()))
    if not renderer.isValid():
        print(f"{icon_svg()}: not a valid SVG", file=sys.stderr)
        return 1
    pngs = {size: render(renderer, size) for size in (*ICON_SIZES, 512, 1024)}
    for size in ICON_SIZES:
        icon_png(size).write_bytes(pngs[size])
        print(f"{icon_png(size)} ({size}x{size})")
    folder = icon_svg().parent
    (folder / "annotator.ico").write_bytes(ico(pngs))
    (folder / "annotator.icns").write_bytes(icns(pngs))
    print(f"{folder / 'annotator.ico'}, {folder / 'annotator.icns'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
