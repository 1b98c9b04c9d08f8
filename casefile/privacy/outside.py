"""Text a PDF holds outside its pages' content: bookmarks (outline titles),
annotations' contents, the document information and XMP metadata, and form
fields' values. A personal datum there is filed as surely as one on a page,
and a name redacted on the page survives there (a bookmark titled with it,
a note or a field placed under the box).

Read with pikepdf, which the redaction already opens; every walk is bounded
(a crafted outline or field tree may loop or nest without end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pikepdf

from casefile.privacy import personal
from casefile.privacy.redactions import Box, Hidden

MAX_ITEMS = 20_000  # bookmarks, fields or annotations read from one file
MAX_DEPTH = 32
_TAGS = re.compile(r"<[^>]*>")
_XMP_NOISE = re.compile(r"^(?:uuid:|xmp\.(?:did|iid):|[\d\-T:+.Z]+$|application/pdf$)")


@dataclass(frozen=True)
class Place:
    where: str  # "bookmark", "annotation", "metadata", "form field"
    name: str  # "bookmark 'Witnesses'", "the document's /Author", "form field 'ssn'"
    text: str
    page: int | None = None  # the page an annotation or a field's widget is on
    rect: Box | None = None


def _text(value) -> str:
    try:
        if isinstance(value, pikepdf.String):
            return str(value)
        if isinstance(value, pikepdf.Name):
            return ""
        if isinstance(value, pikepdf.Stream):
            return value.read_bytes().decode("utf-8", "replace")
    except (pikepdf.PdfError, ValueError, UnicodeDecodeError):
        return ""
    return ""


def _rect(annot) -> Box | None:
    try:
        r = [float(v) for v in annot.get("/Rect", [])]
    except (TypeError, ValueError):
        return None
    if len(r) != 4:
        return None
    return (min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3]))


def places(pdf: pikepdf.Pdf) -> list[Place]:
    """Every piece of text the file holds outside its pages' content."""
    found: list[Place] = []
    found += _bookmarks(pdf)
    found += _info(pdf)
    found += _xmp(pdf)
    pages = {}
    for n, page in enumerate(pdf.pages, 1):
        pages[page.obj.objgen] = n
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        for annot in list(annots)[:MAX_ITEMS]:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            kind = str(annot.get("/Subtype", ""))
            if kind in ("/Link", "/Redact", "/Popup"):
                continue  # a /Redact's overlay text is the label the user chose
            if kind == "/Widget":
                continue  # read as the form field it belongs to, below
            for key in ("/Contents", "/RC", "/T", "/Subj"):
                text = _text(annot.get(key))
                if key == "/RC":
                    text = _TAGS.sub(" ", text)
                if text.strip():
                    found.append(Place("annotation", f"the {kind[1:].lower() or 'annotation'} "
                                       f"note on page {n}", text, n, _rect(annot)))
    found += _fields(pdf, pages)
    return found


def _bookmarks(pdf: pikepdf.Pdf) -> list[Place]:
    root = pdf.Root.get("/Outlines")
    if not isinstance(root, pikepdf.Dictionary):
        return []
    found: list[Place] = []
    seen: set = set()
    steps = 0  # direct objects have no objgen to remember: the count bounds them
    stack = [(root.get("/First"), 0)]
    while stack and steps < MAX_ITEMS:
        item, depth = stack.pop()
        while isinstance(item, pikepdf.Dictionary) and depth < MAX_DEPTH:
            key = item.objgen
            if key in seen and key != (0, 0):
                break
            seen.add(key)
            steps += 1
            title = _text(item.get("/Title"))
            if title.strip():
                found.append(Place("bookmark", f"bookmark '{' '.join(title.split())[:60]}'",
                                   title))
            stack.append((item.get("/First"), depth + 1))
            item = item.get("/Next")
            if steps >= MAX_ITEMS:
                break
    return found


def _info(pdf: pikepdf.Pdf) -> list[Place]:
    info = pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return []
    return [Place("metadata", f"the document's {key}", text)
            for key in list(info.keys())[:200] if (text := _text(info.get(key))).strip()]


def _xmp(pdf: pikepdf.Pdf) -> list[Place]:
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return []
    try:
        xml = stream.read_bytes()[:4 * 1024 * 1024].decode("utf-8", "replace")
    except pikepdf.PdfError:
        return []
    # The values between the tags, one a line: "Maria Gonzalez", not the
    # packet's markup, its ids or its dates.
    values = [v.strip() for v in re.split(r"<[^>]*>", xml)]
    values = [v for v in values if v and not _XMP_NOISE.match(v)]
    return [Place("metadata", "the XMP metadata", "\n".join(values))] if values else []


def _fields(pdf: pikepdf.Pdf, pages: dict) -> list[Place]:
    form = pdf.Root.get("/AcroForm")
    fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
    if not isinstance(fields, pikepdf.Array):
        return []
    found: list[Place] = []
    seen: set = set()
    steps = 0
    stack = [(f, "", 0) for f in fields]
    while stack and steps < MAX_ITEMS:
        field, parent, depth = stack.pop()
        if not isinstance(field, pikepdf.Dictionary) or depth > MAX_DEPTH:
            continue
        if field.objgen in seen and field.objgen != (0, 0):
            continue
        seen.add(field.objgen)
        steps += 1
        name = _text(field.get("/T"))
        full = f"{parent}.{name}" if parent and name else (name or parent)
        text = _text(field.get("/V"))
        if text.strip():
            page = pages.get(field.get("/P").objgen) if isinstance(
                field.get("/P"), pikepdf.Dictionary) else None
            found.append(Place("form field", f"form field '{full[:60]}'", text, page,
                               _rect(field)))
        kids = field.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and "/V" not in kid and \
                        isinstance(kid.get("/Rect"), pikepdf.Array) and text.strip():
                    # A widget of this field: where its value shows on a page.
                    kpage = pages.get(kid.get("/P").objgen) if isinstance(
                        kid.get("/P"), pikepdf.Dictionary) else None
                    found.append(Place("form field", f"form field '{full[:60]}'", text,
                                       kpage, _rect(kid)))
                stack.append((kid, full, depth + 1))
    return found


def _overlaps(a: Box, b: Box, share: float = 0.5) -> bool:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    if x1 <= x0 or y1 <= y0:
        return False
    area = max((a[2] - a[0]) * (a[3] - a[1]), 1e-6)
    return (x1 - x0) * (y1 - y0) / area >= share


def check(everywhere: list[Place], hidden: list[Hidden], dark: dict[int, list[Box]], *,
          filed=None) -> tuple[list[personal.Finding], list[Hidden]]:
    """Personal data in the places outside the pages, and text a redaction box
    covers that survives there: the text recovered from under a box found
    again in a bookmark, a note or a field; or a note or field placed under
    a dark box (``dark``: each page's dark boxes) that holds text.
    ``everywhere``: ``places`` of the file."""
    found: list[personal.Finding] = []
    survived: list[Hidden] = []
    for place in everywhere:
        for f in personal.scan_text(place.text, None, filed=filed):
            found.append(personal.Finding(place.page, f"{f.kind}, in {place.name}", f.text,
                                          f.rule, f.allowed, f.blocking, f.start))
    for h in hidden:
        words = [w for w in h.text.split() if len(w) >= 3]
        if not words:
            continue
        for place in everywhere:
            if place.page == h.page and place.rect and _overlaps(place.rect, h.box):
                continue  # the box over it is found below
            lower = place.text.lower()
            if all(w.lower() in lower for w in words):
                survived.append(Hidden(h.page, h.box, h.text,
                                       f"the text under the box is also in {place.name}"))
    for place in everywhere:
        if place.page is None or place.rect is None:
            continue
        for box in dark.get(place.page, []):
            if _overlaps(place.rect, box):
                survived.append(Hidden(place.page, box, " ".join(place.text.split())[:200],
                                       f"{place.name}, under a dark box, holds text"))
                break
    return found, survived


# --- removing it (casefile.privacy.redact) -------------------------------------------

REDACTED = "[redacted]"


def _patterns(targets: list[str]) -> list[re.Pattern]:
    """A pattern for each removed text (its words, any whitespace between),
    then one for each of its words of four letters or more: a bookmark may
    hold the name without the line it stood in."""
    out: list[re.Pattern] = []
    words: set[str] = set()
    for target in targets:
        parts = target.split()
        if not parts:
            continue
        out.append(re.compile(r"\s+".join(map(re.escape, parts)), re.IGNORECASE))
        words |= {w for w in parts if sum(c.isalnum() for c in w) >= 4}
    out += [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in sorted(words)]
    return out


def _scrubbed(text: str, patterns: list[re.Pattern]) -> str:
    for pattern in patterns:
        text = pattern.sub(REDACTED, text)
    return text


def scrub(pdf: pikepdf.Pdf, targets: list[str], dropped_widgets: set) -> list[str]:
    """Remove ``targets`` (the text removed from the pages, personal data found
    outside them) from bookmarks, annotations' notes, the document
    information, XMP metadata and form fields; clear the value of each field
    whose widget left with a redacted page (``dropped_widgets``: their objgens).
    Returns what was done, a line each, for the log."""
    patterns = _patterns(targets)
    done: list[str] = []

    def fix(holder, key: str, what: str) -> bool:
        text = _text(holder.get(key))
        if not text:
            return False
        new = _scrubbed(text, patterns)
        if new == text:
            return False
        holder[key] = pikepdf.String(new)
        done.append(f"{what}: the removed text replaced by '{REDACTED}'")
        return True

    if patterns:
        root = pdf.Root.get("/Outlines")
        seen: set = set()
        steps = 0  # direct objects have no objgen to remember: the count bounds them
        stack = [root.get("/First")] if isinstance(root, pikepdf.Dictionary) else []
        while stack and steps < MAX_ITEMS:
            item = stack.pop()
            while isinstance(item, pikepdf.Dictionary) and steps < MAX_ITEMS:
                if item.objgen != (0, 0):
                    if item.objgen in seen:
                        break
                    seen.add(item.objgen)
                steps += 1
                fix(item, "/Title", "a bookmark")
                stack.append(item.get("/First"))
                item = item.get("/Next")
        info = pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary):
            for key in list(info.keys()):
                fix(info, key, f"the document's {key}")
        stream = pdf.Root.get("/Metadata")
        if isinstance(stream, pikepdf.Stream):
            try:
                xml = stream.read_bytes().decode("utf-8", "replace")
            except pikepdf.PdfError:
                xml = REDACTED  # unreadable: it goes too
            if xml == REDACTED or any(p.search(xml) for p in patterns):
                del pdf.Root["/Metadata"]
                done.append("the XMP metadata: removed (it held the removed text)")
        for n, page in enumerate(pdf.pages, 1):
            annots = page.obj.get("/Annots")
            if not isinstance(annots, pikepdf.Array):
                continue
            for annot in annots:
                if not isinstance(annot, pikepdf.Dictionary) or \
                        annot.get("/Subtype") == pikepdf.Name.Widget:
                    continue
                changed = [fix(annot, key, f"a note on page {n} ({key[1:]})")
                           for key in ("/Contents", "/RC", "/T", "/Subj")]
                if any(changed) and "/AP" in annot:
                    del annot["/AP"]  # its appearance drew the old text
    form = pdf.Root.get("/AcroForm")
    fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
    if isinstance(fields, pikepdf.Array):
        seen = set()
        steps = 0
        stack = list(fields)
        while stack and steps < MAX_ITEMS:
            field = stack.pop()
            if not isinstance(field, pikepdf.Dictionary):
                continue
            if field.objgen != (0, 0):
                if field.objgen in seen:
                    continue
                seen.add(field.objgen)
            steps += 1
            name = _text(field.get("/T")) or "unnamed"
            kids = field.get("/Kids")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else []
            gone = field.objgen in dropped_widgets or any(
                isinstance(k, pikepdf.Dictionary) and k.objgen in dropped_widgets for k in kids)
            if gone and "/V" in field:
                del field["/V"]
                done.append(f"form field '{name}': its value cleared (its widget was on a "
                            "redacted page)")
                changed = True
            else:
                changed = bool(patterns) and fix(field, "/V", f"form field '{name}'")
            if changed:
                for holder in [field, *kids]:
                    if isinstance(holder, pikepdf.Dictionary) and "/AP" in holder:
                        del holder["/AP"]  # drawn with the old value
                if isinstance(form, pikepdf.Dictionary):
                    form.NeedAppearances = True
            stack += kids
    return done
