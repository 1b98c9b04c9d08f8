"""Reading the exemption cell of an agency's Vaughn index into catalog claims.

Agencies write the same claims many ways: "(b)(6), (b)(7)(C)", "b6/b7c",
"Exemptions 6 and 7(C)", "Ex. 7(E)", "b5 - DPP", "(b)(5) (deliberative
process; attorney-client)", "(b)(3) – 8 U.S.C. § 1367", "5 U.S.C. §
552(b)(5)". The cell is scanned left to right; each piece is an exemption, a
sub-part that continues the one before ("(b)(7)(C), (E)"), a privilege of
Exemption 5, a statute for Exemption 3, or filler (commas, "and", "Ex.").
Whatever is left is kept verbatim as an unmatched claim, to be flagged, never
dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casefile.exemptions import PRIVILEGES


@dataclass
class ParsedClaim:
    code: str | None  # catalog code ("b7C", "b5-dp"); None when nothing matched
    raw: str  # the text it was read from
    statute: str | None = None


_I = re.IGNORECASE
# The FOIA's own citation is not a statute for Exemption 3.
_FOIA_CITE = re.compile(
    r"5\s*U\.?\s*S\.?\s*C\.?\s*(?:§+\s*)?552(?=\s*\(|\b)(?:\s*\(\s*a\s*\))?", _I
)
_STATUTE = re.compile(
    r"\d+\s*U\.?\s*S\.?\s*C\.?\s*(?:A\.?\s*)?(?:§+\s*)?\d+[a-z\d\-]*(?:\s*\(\s*[a-z\d]+\s*\))*"
    r"|Fed\.?\s*R\.?\s*Crim\.?\s*P\.?\s*6\s*\(\s*e\s*\)"
    r"|(?:Section|§)\s*\d+[a-z\d\-]*(?:\s*\(\s*[a-z\d]+\s*\))*\s+of\s+the\s+[A-Z][\w ]+?Act",
    _I,
)
# (b)(7)(C), b7c, B7(C), (b)(6), b6 — the letter b makes it an exemption.
_B_FORM = re.compile(
    r"\(?\s*b\s*\)?\s*\(\s*([1-9])\s*\)(?:\s*\(\s*([a-z])\s*\))?"
    r"|\bb\s*([1-9])(?:\s*\(\s*([a-z])\s*\)|([a-z])(?![a-z]))?(?![\d])",
    _I,
)
# 7(C), 7C, 6 — only after "Exemption(s)", "Ex." or another exemption.
_BARE = re.compile(r"(?<![\w§.])([1-9])(?:\s*\(\s*([a-z])\s*\)|([a-z])(?![a-z]))?(?![\d.])", _I)
# (E) or E continuing a (b)(7) claim: "(b)(7)(C), (E)"; a range: "(b)(7)(A)-(E)".
_SUB = re.compile(r"\(\s*([a-f])\s*\)|\b([a-f])\b(?![.\w])", _I)
_SUB_RANGE = re.compile(r"\s*[-–]\s*(?:through\s+|to\s+)?\(\s*([a-f])\s*\)", _I)
_PRIVILEGE = re.compile(
    r"\b(?:" + "|".join(
        r"[\s\-]+".join(re.escape(word) for word in re.split(r"[\s\-]+", name))
        for name in sorted(PRIVILEGES, key=len, reverse=True)
    ) + r")\b",
    _I,
)
_KEYWORD = re.compile(r"\b(?:exemptions?|exempt|ex|foia)\b\.?", _I)
# "(" is filler unless it opens "(b)".
_FILLER = re.compile(
    r"(?:[\s,;/&+:)\[\]\-–—.]|\((?!\s*b\s*\)))+|\b(?:and|or|privileges?|under|per)\b", _I
)
_SEPARATORS = re.compile(r"(?:[\s,;/&+:()\[\]\-–—.]|\b(?:and|or)\b)*", _I)
_WORD = re.compile(r"[^\s,;/&+()\[\]]+")


def parse(text: str | None) -> list[ParsedClaim]:
    """The claims in one exemption cell, in the order written, each once."""
    if not text or not text.strip():
        return []
    claims: list[ParsedClaim] = []
    leftover: list[tuple[int, int]] = []
    statutes: list[str] = []
    context = False  # a bare number is an exemption only after an exemption word
    pos, end = 0, len(text)

    def add(code: str | None, raw: str) -> None:
        claims.append(ParsedClaim(code, raw.strip()))

    filler_from: int | None = None  # where the filler before ``pos`` began
    was_filler = False
    while pos < end:
        if not was_filler:
            filler_from = None
        was_filler = False
        m = _FOIA_CITE.match(text, pos)
        if m:
            pos, context = m.end(), True
            continue
        m = _STATUTE.match(text, pos)
        if m:
            statutes.append(" ".join(m.group(0).split()))
            pos = m.end()
            continue
        m = _B_FORM.match(text, pos)
        if m:
            num = m[1] or m[3]
            sub = m[2] or m[4] or m[5]
            add(_code(num, sub), m.group(0))
            pos, context = m.end(), True
            continue
        m = _PRIVILEGE.match(text, pos)
        if m:
            _privilege(claims, m.group(0))
            pos, context = m.end(), True
            continue
        last = claims[-1] if claims else None
        if last and last.code and last.code.startswith("b7"):
            m = _SUB_RANGE.match(text, pos)
            if m and len(last.code) == 3:
                for sub in range(ord(last.code[2]) + 1, ord(m[1].upper()) + 1):
                    add("b7" + chr(sub), m.group(0))
                pos = m.end()
                continue
            m = _SUB.match(text, pos)
            if m:
                sub = (m[1] or m[2]).upper()
                if last.code == "b7":  # "(b)(7) (C)": the sub-part of that claim
                    last.code, last.raw = "b7" + sub, f"{last.raw} {m.group(0)}"
                else:
                    add("b7" + sub, m.group(0))
                pos = m.end()
                continue
        if context:
            m = _BARE.match(text, pos)
            if m:
                add(_code(m[1], m[2] or m[3]), m.group(0))
                pos = m.end()
                continue
        m = _KEYWORD.match(text, pos)
        if m:
            pos, context = m.end(), True
            continue
        m = _FILLER.match(text, pos)
        if m and m.end() > pos:
            if filler_from is None:
                filler_from = pos
            pos, was_filler = m.end(), True
            continue
        m = _WORD.match(text, pos)
        stop = m.end() if m and m.end() > pos else pos + 1
        start = pos
        if filler_from is not None:  # "per agreement": a filler word opens the leftover
            gap = text[filler_from:pos]
            start = filler_from + _SEPARATORS.match(gap).end()
        leftover.append((start, stop))
        pos, filler_from = stop, None
    _attach_statutes(claims, statutes)
    for raw in _runs(text, leftover):
        add(None, raw)
    return _once(claims)


def _code(num: str, sub: str | None) -> str | None:
    if not sub:
        return "b" + num
    return "b7" + sub.upper() if num == "7" and sub.upper() in "ABCDEF" else None


def _privilege(claims: list[ParsedClaim], written: str) -> None:
    key = PRIVILEGES[" ".join(written.lower().replace("-", " ").split())]
    code = "b5-" + key
    for claim in reversed(claims):
        if claim.code == "b5":  # "b5 - DPP": the privilege of that claim
            claim.code, claim.raw = code, f"{claim.raw} {written}"
            return
        if claim.code and claim.code.startswith("b5-"):
            break
    claims.append(ParsedClaim(code, written))


def _attach_statutes(claims: list[ParsedClaim], statutes: list[str]) -> None:
    if not statutes:
        return
    b3 = [c for c in claims if c.code == "b3"]
    if not b3:  # a statute named without "(b)(3)" still claims Exemption 3
        b3 = [ParsedClaim("b3", statutes[0])]
        claims.insert(0, b3[0])
    b3[0].statute = "; ".join(statutes)


def _runs(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Leftover spans, joined where only filler separates them, as written."""
    runs: list[list[int]] = []
    for start, stop in spans:
        if runs and not re.sub(r"[\s./\-–]", "", text[runs[-1][1]:start]):
            runs[-1][1] = stop
        else:
            runs.append([start, stop])
    return [text[a:b].strip() for a, b in runs if text[a:b].strip()]


def _once(claims: list[ParsedClaim]) -> list[ParsedClaim]:
    seen: set[str] = set()
    kept = []
    for claim in claims:
        key = claim.code or "?" + claim.raw.lower()
        if key in seen:
            continue
        # "(b)(5)" beside "(b)(5) DPP" says nothing more.
        if claim.code == "b5" and any((c.code or "").startswith("b5-") for c in claims):
            continue
        if claim.code == "b7" and any((c.code or "").startswith("b7") and c.code != "b7"
                                      for c in claims):
            continue
        seen.add(key)
        kept.append(claim)
    return kept

