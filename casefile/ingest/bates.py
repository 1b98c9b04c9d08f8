"""Bates numbers printed on produced pages: found, checked for sequence, normalised.

Agencies stamp a prefix and a zero-padded number ("ICE-2020-000345",
"2020-ICLI-00012 0345", "DHS 0001234"). A page's text holds many things that
look alike (dates, tracking numbers), so one page alone is not trusted: the
prefix that runs through the document page after page, with numbers that rise,
is the Bates prefix.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# A prefix of letter/digit groups joined by - or _, then a separator (a space
# too, as in "2020-ICLI-00012 0345") and 4 to 10 digits.
_CANDIDATE = re.compile(r"(?<![\w-])([A-Z0-9]+(?:[-_][A-Z0-9]+)*)[-_ ](\d{4,10})(?![\w-])")
_DIGIT_RUN = re.compile(r"\d{4}")
# Stamps sit at the top or bottom of a page, and come first or last in its text.
_HEAD_LINES, _TAIL_LINES = 2, 3
_STAMP_SLACK = 24  # room on a stamp's line for "(b)(6); (b)(7)(C)" and spacing


@dataclass(frozen=True)
class Candidate:
    prefix: str  # normalised: upper case, separators as '-'
    number: int
    width: int


def normalise(text: str) -> str:
    """'ice 2020 000345' and 'ICE-2020-000345' are the same Bates number."""
    return re.sub(r"[\s_\-]+", "-", text.strip().upper())


def page_candidates(text: str) -> list[Candidate]:
    """Bates-like numbers standing on a line of their own near the top or bottom.

    A stamp is a short line ("ICE-2020-000345", perhaps with an exemption
    marking); a number inside a sentence ("…Bates numbered ICE-2020-000001
    through…") is prose, not a stamp.
    """
    found = []
    for line in _stamp_lines(text):
        if not _DIGIT_RUN.search(line):
            continue  # no number of four digits: the candidates' pattern cannot match
        for c in candidates(line):
            if len(line) <= len(c.prefix) + c.width + _STAMP_SLACK:
                found.append(c)
    return found


def _stamp_lines(text: str) -> list[str]:
    """The first ``_HEAD_LINES`` and last ``_TAIL_LINES`` lines with text, stripped
    (all of them on a short page). Only those are stripped: a page has fifty
    lines, and stripping each cost the import more than the search itself."""
    lines = text.splitlines()
    head: list[str] = []
    rest = iter(lines)  # what the head did not reach
    for line in rest:
        if line.strip():
            head.append(line.strip())
            if len(head) == _HEAD_LINES:
                break
    else:
        return head
    tail: list[str] = []
    for line in reversed(list(rest)):
        if line.strip():
            tail.append(line.strip())
            if len(tail) == _TAIL_LINES:
                break
    return head + tail[::-1]


def candidates(text: str) -> list[Candidate]:
    found = []
    for match in _CANDIDATE.finditer(text.upper()):
        prefix = normalise(match.group(1)).strip("-")
        digits = match.group(2)
        if not prefix or not any(c.isalpha() for c in prefix):
            continue
        found.append(Candidate(prefix, int(digits), len(digits)))
    return found


def assign(pages: list[list[Candidate]], exclude: set[str] = frozenset()) -> list[str | None]:
    """Each page's Bates number, from the prefix that runs through the document.

    ``exclude`` holds normalised numbers known to be something else (the
    case's request tracking numbers, which look just like Bates numbers).
    """
    if not pages:
        return []
    pages = [[c for c in page if f"{c.prefix}-{c.number:0{c.width}d}" not in exclude]
             for page in pages]
    counts = Counter(prefix for page in pages for prefix in {c.prefix for c in page})
    if not counts:
        return [None] * len(pages)
    needed = max(1, (len(pages) + 1) // 2) if len(pages) > 1 else 1
    padded = Counter(c.prefix for page in pages for c in page if len(str(c.number)) < c.width)
    # Most pages first; among equals, the zero-padded numbers that Bates stamps use.
    ranked = sorted((p for p, n in counts.items() if n >= needed),
                    key=lambda p: (counts[p], padded[p]), reverse=True)
    for prefix in ranked:
        chosen: list[str | None] = []
        last = None
        rising = 0
        for page in pages:
            options = [c for c in page if c.prefix == prefix]
            if not options:
                chosen.append(None)
                continue
            # Prefer the number that continues the sequence.
            best = min(options, key=lambda c: abs(c.number - (last + 1)) if last is not None
                       else c.number)
            if last is not None and best.number > last:
                rising += 1
            last = best.number
            chosen.append(f"{prefix}-{best.number:0{best.width}d}")
        found = sum(1 for c in chosen if c)
        if found == 1 or rising >= (found - 1) * 0.8:
            return chosen
    return [None] * len(pages)
