"""Whether this session can show a window at all (asked without loading Qt).

Qt aborts the whole process when its platform plugin cannot load, which on a
fresh Linux desktop is most often a missing xcb library. So the command line
asks first, and says which package to install instead of crashing.
"""

from __future__ import annotations

import ctypes
import os
import sys

# What Qt 6's xcb plugin links against, with the Debian/Ubuntu package of each.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
}


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def missing_window_packages() -> list[str]:
    """Debian packages Qt's X11 window needs and this machine lacks."""
    if not sys.platform.startswith("linux") or os.environ.get("WAYLAND_DISPLAY"):
        return []
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return []
    missing = []
    for library, package in XCB_LIBRARIES.items():
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append(package)
    return missing


def why_no_window() -> str | None:
    """One sentence on why a window cannot open here, or None if it can."""
    if not has_display():
        return "There is no display here, so the window cannot open"
    missing = missing_window_packages()
    if missing:
        return ("The window cannot open: Qt needs system libraries this computer lacks "
                f"(on Debian or Ubuntu: sudo apt install {' '.join(missing)})")
    return None
