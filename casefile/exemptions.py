"""The § 552(b) exemption catalog: finding an entry from what a user types.

This reads the plain forms ("b6", "(b)(7)(C)", "b5-dp", "7(E)"); the lenient
parser for whatever agencies write in their indexes belongs to the Vaughn import.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.store.models import Exemption

_SUB_PRIVILEGES = {"dp": "dp", "dpp": "dp", "ac": "ac", "acp": "ac", "wp": "wp", "awp": "wp",
                   "pc": "pc", "pcp": "pc"}
_FORM = re.compile(
    r"^\(?b?\)?\s*\(?(?P<num>[1-9])\)?\s*(?:\(?(?P<sub>[a-f])\)?)?\s*(?:[-\s]+(?P<priv>[a-z]+))?$"
)


def normalise(text: str) -> str | None:
    """The catalog code for a plain written form, or None if it is not one."""
    t = text.strip().lower().replace("exemption", "").replace("ex.", "").strip()
    m = _FORM.match(t)
    if not m:
        return None
    code = "b" + m["num"]
    if m["sub"]:
        if m["num"] != "7":
            return None
        code += m["sub"].upper()
    if m["priv"]:
        if m["num"] != "5" or m["priv"] not in _SUB_PRIVILEGES:
            return None
        code += "-" + _SUB_PRIVILEGES[m["priv"]]
    return code


def find(session: Session, text: str) -> Exemption:
    code = normalise(text)
    row = session.scalar(select(Exemption).where(Exemption.code == code)) if code else None
    if row is None:
        raise InputError(
            f"'{text}' is not an exemption of 5 U.S.C. § 552(b); "
            "write it as b6, (b)(7)(C) or b5-dp."
        )
    return row


def catalog(session: Session) -> list[Exemption]:
    return list(session.scalars(select(Exemption).order_by(Exemption.position)))
