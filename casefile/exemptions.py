"""The § 552(b) exemption catalog: finding an entry from what a user types.

This reads one exemption written in the usual ways ("b6", "(b)(7)(C)",
"Exemption 7(E)", "b5 - DPP", "5 U.S.C. § 552(b)(5) (deliberative process)").
Lists of several exemptions, and the free forms agencies print in their
indexes, belong to the Vaughn import's parser.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.store.models import Exemption

PRIVILEGES = {
    "dp": "dp", "dpp": "dp", "deliberative": "dp", "deliberative process": "dp",
    "deliberative process privilege": "dp",
    "ac": "ac", "acp": "ac", "attorney-client": "ac", "attorney client": "ac",
    "attorney-client privilege": "ac", "attorney client privilege": "ac",
    "wp": "wp", "awp": "wp", "work product": "wp", "attorney work product": "wp",
    "attorney work-product": "wp", "work-product": "wp",
    "pc": "pc", "pcp": "pc", "presidential communications": "pc",
    "presidential communications privilege": "pc",
}
_CITE = re.compile(r"5\s*u\.?\s*s\.?\s*c\.?\s*(§+\s*)?552\s*")
_LEAD = re.compile(r"^(exemptions?|ex\.?)\s*")
_FORM = re.compile(
    r"^\(?b?\)?\s*\(?(?P<num>[1-9])\)?"          # (b)(7), b7, 7
    r"\s*(?:\(\s*(?P<sub>[a-f])\s*\)|(?P<bare>[a-f])(?![a-z]))?"  # (C), C
    r"[\s\-–:,(]*(?P<priv>[a-z][a-z \-]*?)?\s*\)?$"             # - DPP, (deliberative process)
)
LIST_HINT = "give one exemption per --exemption (repeat the option)"


def normalise(text: str) -> str | None:
    """The catalog code for one exemption as users write it, or None."""
    t = _CITE.sub("", text.strip().lower())
    t = _LEAD.sub("", t).strip()
    m = _FORM.match(t)
    if not m:
        return None
    num, sub, priv = m["num"], m["sub"] or m["bare"], (m["priv"] or "").strip()
    code = "b" + num
    if sub:
        if num != "7":
            return None
        code += sub.upper()
    if priv:
        if num != "5" or priv not in PRIVILEGES:
            return None
        code += "-" + PRIVILEGES[priv]
    return code


def find(session: Session, text: str) -> Exemption:
    code = normalise(text)
    row = session.scalar(select(Exemption).where(Exemption.code == code)) if code else None
    if row is None:
        if re.search(r",|;|\band\b|&", text):
            raise InputError(f"'{text}' names more than one exemption: {LIST_HINT}.")
        raise InputError(
            f"Casefile cannot read '{text}' as an exemption of 5 U.S.C. § 552(b); write it "
            "as b6, (b)(7)(C), Exemption 7(E) or b5-dp."
        )
    return row


def catalog(session: Session) -> list[Exemption]:
    return list(session.scalars(select(Exemption).order_by(Exemption.position)))
