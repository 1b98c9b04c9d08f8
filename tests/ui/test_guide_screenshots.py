"""The guide's screenshot script makes its pictures at every size and theme: run
into a temporary folder on a few of them, each exists, has the size asked for,
and is a picture of something (not one flat colour)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import unavailable

try:
    from PySide6.QtGui import QImage
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "guide" / "make_screenshots.py"


def _distinct_colours(image: QImage, step: int = 7) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)}


@pytest.mark.slow
def test_the_script_makes_each_picture_at_1920x1080_in_the_dark_theme(tmp_path, qapp):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path), "--size", "1920x1080",
         "--theme", "dark", "--only", "welcome", "--only", "vaughn",
         "--only", "bundle-dialog"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 pictures" in done.stdout
    for name in ("welcome", "vaughn"):
        image = QImage(str(tmp_path / f"{name}-1920x1080-dark.png"))
        assert (image.width(), image.height()) == (1920, 1080), name
    bundle = QImage(str(tmp_path / "bundle-dialog-1920x1080-dark.png"))
    assert not bundle.isNull() and bundle.width() <= 1920 and bundle.height() <= 1080
    for path in tmp_path.glob("*.png"):
        image = QImage(str(path))
        colours = _distinct_colours(image)
        assert len(colours) > 8, path.name  # text, frames, a selection: not blank
        # Dark: most of the window is dark (its background), and some text is light.
        lightness = sorted(image.pixelColor(x, y).lightness()
                           for x in range(0, image.width(), 13)
                           for y in range(0, image.height(), 13))
        assert lightness[len(lightness) // 2] < 100, path.name
        assert lightness[-1] > 180, path.name


def _script_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_picture_a_page_shows_is_made_by_the_script_and_each_it_makes_is_kept():
    # The add dialogs' pictures are looked at (issue 22) though no page shows them all.
    import re

    script = _script_module()
    made = set(script.picture_names())
    shown = set()
    for page in script.GUIDE.glob("*.md"):
        shown |= set(re.findall(r"\]\(images/([\w-]+)\.png\)", page.read_text("utf-8")))
    assert shown - made == set(), "shown in the guide, made by no step of the script"
    kept = {p.stem for p in (script.GUIDE / "images").glob("*.png")}
    assert made <= kept, "a picture the script makes is missing from the package"
