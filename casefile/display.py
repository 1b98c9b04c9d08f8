"""Showing things to a user: names from outside made safe to print, and whether
this session can show a window at all (asked without loading Qt).

A file's name comes from whoever made the file. :func:`shown` is the one
way such a name (a file, an archive member, an attachment) reaches a report
line, the terminal or the window: a newline in it cannot start a forged line
of the report, an escape sequence cannot drive the terminal, and a
right-to-left override cannot make "gpj.exe" read as "exe.jpg".

Qt aborts the whole process when its platform plugin cannot load, which on a
fresh Linux desktop is most often a missing xcb library. So the command line
asks first, and says which package to install instead of crashing.
"""

from __future__ import annotations

import ctypes
import os
import sys
import unicodedata

# Characters that change how text around them is laid out without showing
# themselves: bidirectional embeddings, overrides and isolates, and the
# zero-width ones (which hide a difference between two names that look alike).
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c"
                       "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Joiners and the soft hyphen are part of how some names are spelled (Persian
# and Indic scripts need U+200C/U+200D between letters; emoji sequences join
# with U+200D): inside a word they stay, anywhere else they are escaped.
_JOINERS = frozenset("\u200c\u200d\u00ad")


def _joins(name: str, i: int) -> bool:
    """Whether the joiner at ``i`` sits between two letters (or emoji)."""
    if i == 0 or i == len(name) - 1:
        return False
    return all(unicodedata.category(c)[0] in "LM" or unicodedata.category(c) == "So"
               for c in (name[i - 1], name[i + 1]))


def shown(name: str) -> str:
    """``name`` as it may be shown: every control character (newline, carriage
    return, tab, ESC, DEL, C1), bidirectional control and zero-width character
    written as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``), so what is
    printed is one line that says exactly what the name holds."""
    name = str(name)
    out = []
    for i, c in enumerate(name):
        if c in _JOINERS and _joins(name, i):
            out.append(c)
        elif c in _INVISIBLE or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            code = ord(c)
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c) or
                       (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"))
        else:
            out.append(c)
    return "".join(out)


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


def human_size(n: int) -> str:
    """A file's size as a person reads it: "512 bytes", "12 KB", "1.4 MB",
    "2.1 GB" (units of 1,024, as the court profiles' limits and Windows count).
    Never "0.0 MB": below a megabyte it is kilobytes, whole."""
    n = max(0, int(n))
    if n < 1024:
        return "1 byte" if n == 1 else f"{n:,} bytes"
    kb = n / 1024
    if round(kb) < 1024:
        return f"{round(kb):,} KB"
    mb = kb / 1024
    if round(mb, 1) < 1024:
        return f"{mb:,.1f} MB"
    return f"{mb / 1024:,.1f} GB"


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


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and its noun as English says them: "1 entry", "2 entries", "1,035 pages"."""
    if n == 1:
        return f"1 {noun}"
    if nouns is None:
        nouns = noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" \
            else noun + "s"
    return f"{n:,} {nouns}"
