"""Render the app icon for every platform from its one source, resources/icons/app.svg.

    python packaging/make_icons.py        # writes packaging/icons/

- casefile-SIZE.png for SIZE in 16 … 1024: Linux's hicolor theme (the .desktop
  file's icon and the .casefile document icon), and the sources of the two below;
- casefile.ico: Windows (the programs, the installer, .casefile documents),
  16 to 256 px, each size drawn at that size rather than scaled from a larger one;
- casefile.icns: macOS (the .app and its documents), 32 to 1024 px.

The SVG is drawn by Qt's own renderer (QtSvg, what the window draws it with);
Pillow packs the .ico and .icns. The outputs are committed, so a platform build
needs neither step; run this again after changing app.svg.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "app.svg"
OUT = ROOT / "packaging" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)  # what Pillow writes into an .icns


def render(size: int) -> bytes:
    """The SVG drawn at size × size pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not an SVG Qt can draw")
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    # No window is shown: the offscreen platform works on a build server too.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    OUT.mkdir(parents=True, exist_ok=True)
    pngs = {size: render(size) for size in PNG_SIZES}
    for size, data in pngs.items():
        (OUT / f"casefile-{size}.png").write_bytes(data)

    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: wrote the PNGs, not casefile.ico or casefile.icns",
              file=sys.stderr)
        return 1
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    largest = images[ICO_SIZES[-1]]
    largest.save(OUT / "casefile.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES[:-1]])
    images[1024].save(OUT / "casefile.icns", format="ICNS",
                      append_images=[images[s] for s in ICNS_SIZES])
    print(f"Wrote {len(pngs)} PNGs, casefile.ico and casefile.icns to {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
