"""Exhibit sets and their exhibits, with labels by the set's scheme."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import edits
from casefile.errors import InputError
from casefile.lookup import by_key
from casefile.store.models import Declaration, Document, Exhibit, ExhibitSet, Filing, LabelScheme

_RANGE = re.compile(r"^(\d+)\s*(?:[-–]\s*(\d+))?$")


def letters(n: int) -> str:
    """1 → A … 26 → Z, 27 → AA … 52 → AZ, 53 → BA (the defendants' habit)."""
    if n < 1:
        raise ValueError("exhibit numbers start at 1")
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def parse_pages(text: str, page_count: int | None = None) -> list[tuple[int, int]]:
    """'3-7, 9' → [(3, 7), (9, 9)], checked against the document's page count.

    Pages are 1-based, as printed on the page and as attorneys cite them.
    """
    ranges: list[tuple[int, int]] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        m = _RANGE.match(part)
        if not m:
            raise InputError(f"'{part}' is not a page or a range of pages; write pages "
                             "as 3-7, 9.")
        first, last = int(m[1]), int(m[2] or m[1])
        if first < 1:
            raise InputError("Pages are numbered from 1.")
        if last < first:
            raise InputError(f"The range {part} runs backwards; write it as {last}-{first}.")
        if page_count is not None and last > page_count:
            raise InputError(f"Page {last} is past the end of the document "
                             f"({page_count} page{'s' if page_count != 1 else ''}).")
        ranges.append((first, last))
    if not ranges:
        raise InputError("Name at least one page, such as 3-7.")
    return ranges


def format_pages(ranges: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def label_for(scheme: LabelScheme, n: int) -> str:
    return str(n) if scheme is LabelScheme.NUMBERS else letters(n)


def add_set(session: Session, name: str, *, declaration: Declaration | None = None,
            filing: Filing | None = None, scheme: LabelScheme = LabelScheme.NUMBERS,
            prefix: str = "Ex.") -> ExhibitSet:
    if declaration is not None and filing is not None:
        raise InputError("An exhibit set belongs to a declaration or to a filing, not both.")
    exhibit_set = ExhibitSet(name=name, declaration=declaration, filing=filing,
                             label_scheme=scheme, label_prefix=prefix)
    session.add(exhibit_set)
    session.flush()
    return exhibit_set


def find_set(session: Session, key: str) -> ExhibitSet:
    from casefile.errors import NotFound

    try:
        return by_key(session, ExhibitSet, key, ExhibitSet.name, what="exhibit set")
    except NotFound:
        names = "; ".join(f"{e.id} {e.name}" for e in
                          session.scalars(select(ExhibitSet).order_by(ExhibitSet.id).limit(8)))
        raise NotFound(f"There is no exhibit set '{key}' in this case"
                       + (f"; the sets are: {names}." if names else ".")) from None


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP  # update_exhibit: leave this field as it is

_NO_TITLE = "An exhibit needs a title (\"Letter from ICE dated June 25, 2020\")."


def clean_title(title: str | None) -> str:
    """The title as it is stored; an empty one is refused with its sentence."""
    title = (title or "").strip()
    if not title:
        raise InputError(_NO_TITLE)
    return title


def clean_pages(text: str | None, page_count: int | None) -> str | None:
    """A page selection as it is stored: '3 -7;9' → '3-7, 9'; empty → None (all pages)."""
    if text is None or not text.strip():
        return None
    return format_pages(parse_pages(text, page_count))


def add_exhibit(session: Session, exhibit_set: ExhibitSet, document: Document, title: str,
                *, page_selection: str | None = None, position: int | None = None,
                exhibit_id: int | None = None) -> Exhibit:
    """A new exhibit, last in the set or at ``position`` (1-based; those after it move
    down and are relabelled).

    ``exhibit_id`` gives it back the id it had, when undo puts a removed exhibit back:
    later edits waiting on the undo stack name it by that id. An id taken meanwhile
    is not reused; the exhibit gets a new one.
    """
    title = clean_title(title)
    page_selection = clean_pages(page_selection, document.page_count)
    edits.numbering(session, exhibit_set)
    count = session.scalar(
        select(func.count()).select_from(Exhibit).where(Exhibit.set_id == exhibit_set.id)
    ) or 0
    if position is not None and not 1 <= position <= count + 1:
        raise InputError(f"Position {position} is outside 1–{count + 1}.")
    # Looked up before the exhibit joins its set: the lookup flushes the session.
    if exhibit_id is not None and session.get(Exhibit, exhibit_id) is not None:
        exhibit_id = None
    exhibit = Exhibit(id=exhibit_id, exhibit_set=exhibit_set, document=document,
                      position=count + 1, label=label_for(exhibit_set.label_scheme, count + 1),
                      title=title, page_selection=page_selection)
    session.add(exhibit)
    session.flush()
    if position is not None and position != count + 1:
        move(session, exhibit, position)
    return exhibit


def update_exhibit(session: Session, exhibit: Exhibit, *, title: str | _Keep = KEEP,
                   page_selection: str | None | _Keep = KEEP) -> Exhibit:
    """Change an exhibit's title or its pages (empty or ``None``: the whole document).

    The pages are checked against the document's page count and stored written
    the one way ("3-7, 9"), as the bundle and the exhibits list read them.
    """
    if title is not KEEP:
        before = sentences(exhibit.exhibit_set)
        exhibit.title = clean_title(title)
        follow(exhibit.exhibit_set, before)
    if page_selection is not KEEP:
        exhibit.page_selection = clean_pages(page_selection, exhibit.document.page_count)
    edits.flush(session)
    return exhibit


def in_sentence(title: str) -> str:
    """'Pages 7-10' → 'pages 7-10'; 'FOIA request' stays as it is."""
    if len(title) > 1 and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def paragraph(exhibit: Exhibit) -> str:
    """The declaration's sentence for an exhibit, as attorneys write it."""
    prefix = (exhibit.exhibit_set.label_prefix or "").strip()
    label = f"Exhibit {exhibit.label}" if prefix.lower() in ("", "ex.", "ex", "exhibit") \
        else f"{prefix} {exhibit.label}"
    title = exhibit.title.rstrip(".")
    article = "" if title.lower().startswith(("the ", "a ", "an ", "pages ", "page ")) \
        else "the "
    return f"Attached as {label} is a true and correct copy of {article}{in_sentence(title)}."


def renumber(exhibit_set: ExhibitSet, before: dict[int, str] | None = None) -> None:
    """Positions 1…n in order, and labels by the set's scheme to match; the
    declaration's paragraphs that attach an exhibit follow its new label."""
    before = before if before is not None else sentences(exhibit_set)
    for n, exhibit in enumerate(sorted(exhibit_set.exhibits, key=lambda e: e.position), 1):
        exhibit.position = n
        exhibit.label = label_for(exhibit_set.label_scheme, n)
    follow(exhibit_set, before)


def sentences(exhibit_set: ExhibitSet) -> dict[int, str]:
    """Each exhibit's paragraph as it reads now, by exhibit id (taken before a change)."""
    return {e.id: paragraph(e) for e in exhibit_set.exhibits if e.id is not None}


def follow(exhibit_set: ExhibitSet, before: dict[int, str]) -> None:
    """Rewrite the declaration's paragraphs that still read as an exhibit's paragraph
    did ``before``, to read as it does now ("Attached as Exhibit 2…" once it is 3).

    A paragraph the attorney has reworded is not the generated sentence any more
    and is left alone. Every paragraph is matched against the old texts at once,
    so two exhibits that swap places swap sentences.
    """
    declaration = exhibit_set.declaration
    if declaration is None or not before:
        return
    now = {e.id: paragraph(e) for e in exhibit_set.exhibits if e.id in before}
    changed = {before[i]: text for i, text in now.items() if before[i] != text}
    for p in declaration.paragraphs:
        if p.text in changed:
            p.text = changed[p.text]


def move(session: Session, exhibit: Exhibit, position: int) -> None:
    """Put ``exhibit`` at ``position`` (1-based); the others close up, labels follow."""
    exhibit_set = exhibit.exhibit_set
    order = sorted(exhibit_set.exhibits, key=lambda e: e.position)
    if not 1 <= position <= len(order):
        raise InputError(f"Position {position} is outside 1–{len(order)}.")
    order.remove(exhibit)
    order.insert(position - 1, exhibit)
    for n, e in enumerate(order, 1):
        e.position = n
    renumber(exhibit_set)
    session.flush()


def relabel(session: Session, exhibit_set: ExhibitSet, scheme: LabelScheme | None = None,
            prefix: str | None = None) -> None:
    before = sentences(exhibit_set)
    if scheme is not None:
        exhibit_set.label_scheme = scheme
    if prefix is not None:
        exhibit_set.label_prefix = prefix.strip()
    renumber(exhibit_set, before)
    session.flush()


def remove(session: Session, exhibit: Exhibit) -> None:
    exhibit_set = exhibit.exhibit_set
    before = sentences(exhibit_set)
    exhibit_set.exhibits.remove(exhibit)
    session.flush()
    renumber(exhibit_set, before)
    session.flush()


def bare_label(exhibit_set: ExhibitSet, label: str) -> str:
    """'Ex. A', 'Exhibit A' or 'A' → 'A'."""
    text = label.strip()
    for prefix in (exhibit_set.label_prefix or "", "Exhibit", "Ex."):
        if prefix and text.lower().startswith(prefix.lower()):
            return text[len(prefix):].strip()
    return text


def find_exhibit(exhibit_set: ExhibitSet, label: str) -> Exhibit:
    wanted = bare_label(exhibit_set, label).lower()
    for exhibit in exhibit_set.exhibits:
        if exhibit.label.lower() == wanted:
            return exhibit
    raise InputError(f"The set '{exhibit_set.name}' has no exhibit {label}.")


def display_label(exhibit_set: ExhibitSet, exhibit: Exhibit) -> str:
    """'Ex. A', 'Pl. Ex. 1'."""
    prefix = (exhibit_set.label_prefix or "").strip()
    return f"{prefix} {exhibit.label}".strip()


def slip_label(exhibit_set: ExhibitSet, exhibit: Exhibit) -> str:
    prefix = (exhibit_set.label_prefix or "").strip()
    if prefix.lower() in ("", "ex.", "ex", "exhibit"):
        return f"Exhibit {exhibit.label}"
    return f"{prefix} {exhibit.label}"


@dataclass(frozen=True)
class Source:
    """A document as the add-exhibit dialog offers it: the title an exhibit of it
    starts with (a title given at import, else the file's name without its
    extension, as attorneys name their files) and its page count."""

    id: int
    name: str
    default_title: str
    page_count: int | None


def exhibit_source(session: Session, document_id: int) -> Source | None:
    document = session.get(Document, document_id)
    if document is None:
        return None
    return Source(document.id, document.name, document.title or PurePath(document.name).stem,
                  document.page_count)
