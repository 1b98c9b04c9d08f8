"""Exemption markings printed on produced pages: "(b)(6)", "(b)(7)(C)", "b5".

Agencies mark each redaction with the exemption claimed for it. The ingest
reads a page's markings once, when it stores the page's text, and keeps them
in ``document_page.markings``; the Vaughn review compares them with the index
without reading every page's text again (ten thousand pages' text cost most of
the review's time).
"""

from __future__ import annotations

import functools
import re

# Two kinds of pattern, not one alternation: each keeps its fast literal scan.
_PAREN = re.compile(r"\(\s*b\s*\)\s*\(\s*([1-9])\s*\)(?:\s*\(\s*([A-F])\s*\))?")
# "b5", "B7C": no lookbehind at the start, the word boundary checked on the few
# hits; and one pattern per case of the letter, since a pattern opening on a
# literal is scanned for it ten times as fast as one opening on a class.
_SHORT = tuple(re.compile(letter + r"([1-9])([A-Fa-f])?(?![\w-])") for letter in "bB")


def read(text: str) -> set[str]:
    """The markings on a page, as exemption codes: {"b6", "b7C"}."""
    found = set()
    for pattern in (_PAREN, *_SHORT):
        for m in pattern.finditer(text):
            if pattern is not _PAREN and m.start() and (text[m.start() - 1].isalnum()
                                                        or text[m.start() - 1] in "_-"):
                continue  # inside a word or a Bates number, not a marking
            num, sub = m[1], (m[2] or "").upper()
            if sub and num != "7":
                continue
            found.add("b" + num + sub)
    return found


def stored(codes: set[str]) -> str:
    """The column's form: codes in order, one space apart ("" for a page with none)."""
    return " ".join(sorted(codes))


@functools.lru_cache(maxsize=1024)
def loaded(column: str) -> frozenset[str]:
    """The codes of a stored column; pages share a handful of forms, each split once."""
    return frozenset(column.split())
