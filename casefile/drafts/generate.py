"""Drafting one document of a case: the templates to choose from, where the
draft goes, and the draft itself with the placeholders it had to use.

These are the steps of `casefile draft`, as plain functions for the window's
Draft dialog: the template's fields built from the case, then
``render.draft`` (which checks the template first and writes nothing if it
cannot be filled).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from casefile.drafts import render, templates
from casefile.paths import user_data_dir


@dataclass(frozen=True)
class Choice:
    name: str  # "complaint"
    path: Path
    mine: bool  # from the user's templates folder (it may replace a built-in one)
    about: str  # one line; empty for the user's own


@dataclass(frozen=True)
class Drafted:
    path: Path
    warnings: list[str]  # the fields the case could not fill, left as [PLACEHOLDERS]


def choices() -> list[Choice]:
    from casefile.drafts.builtin import BUILT_IN

    mine = templates.user_folder()
    out = []
    for name, path in templates.available().items():
        own = path.parent == mine
        out.append(Choice(name, path, own, "" if own else BUILT_IN.get(name, (None, ""))[1]))
    return out


def sets_and_indexes(session: Session) -> dict[str, list[tuple[str, int]]]:
    """The exhibit sets and Vaughn indexes a draft may draw on, as (name, id) in the
    order they were made: the choices beside the request's in the drafts dialog."""
    from sqlalchemy import select

    from casefile.store.models import ExhibitSet, VaughnIndex

    return {
        "set_id": [(name, i) for i, name in session.execute(
            select(ExhibitSet.id, ExhibitSet.name).order_by(ExhibitSet.id))],
        "index_id": [(title, i) for i, title in session.execute(
            select(VaughnIndex.id, VaughnIndex.title).order_by(VaughnIndex.id))],
    }


def default_author() -> str:
    """The 'author' setting, written into a draft's properties."""
    settings = user_data_dir() / "settings.json"
    try:
        return json.loads(settings.read_text(encoding="utf-8")).get("author") or "Casefile"
    except (OSError, ValueError, AttributeError):
        return "Casefile"


def document_title(name: str) -> str:
    """'joint-status-report' → 'Joint status report'."""
    words = name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def default_target(folder: Path, name: str, today: date) -> Path:
    """'2026-11-28 Complaint.docx' in ``folder``, numbered rather than replace a draft."""
    stem = f"{today.isoformat()} {document_title(name)}"
    target, n = folder / f"{stem}.docx", 2
    while target.exists():
        target, n = folder / f"{stem} ({n}).docx", n + 1
    return target


def draft_case(session: Session, template: Path, target: Path, *, author: str | None = None,
               today: date | None = None, request_id: int | None = None,
               set_id: int | None = None, index_id: int | None = None) -> Drafted:
    """Fill ``template`` from the case and write ``target`` (whole, or nothing).

    The request, exhibit set and Vaughn index it draws on are the case's first
    unless named (an appeal for the second request, the exhibits of one declaration).
    """
    from casefile.drafts.context import build
    from casefile.store.models import ExhibitSet, FoiaRequest, VaughnIndex

    author = author or default_author()
    chosen = {"request": session.get(FoiaRequest, request_id) if request_id else None,
              "exhibit_set": session.get(ExhibitSet, set_id) if set_id else None,
              "index": session.get(VaughnIndex, index_id) if index_id else None}
    context = build(session, today=today, author=author, needs=render.undeclared(template),
                    template_name=template.stem, **chosen)
    render.draft(template, context.values, target, author=author)
    return Drafted(target, context.warnings + render.blanks_left(target, context.warnings))
