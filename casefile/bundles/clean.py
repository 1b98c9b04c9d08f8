"""Making pages acceptable to CM/ECF: what courts' e-filing systems reject, removed.

Applied to every page a bundle takes from a source, and by ``bundle preflight
--fix``: JavaScript and launch actions, page actions, embedded files and
media annotations go; form fields are flattened into the page (their
appearance drawn as it shows); per-page metadata and application data go.
Encryption, document JavaScript and attachments never reach a bundle, whose
catalog is made fresh.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from casefile.bundles.stamps import flate_stream

# Annotation subtypes that carry media or files, which CM/ECF rejects.
_DROP_SUBTYPES = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
_BAD_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm",
                "/Rendition", "/Movie", "/Sound", "/RichMediaExecute"}
# What a page may inherit from the page tree; copied onto the page before it moves.
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def own_attributes(page: pikepdf.Dictionary) -> None:
    """Give the page what it inherits, so it stands alone in another page tree."""
    missing = [k for k in INHERITABLE if k not in page]
    node = page.get("/Parent")
    while missing and node is not None:
        for key in list(missing):
            if key in node:
                page[key] = node[key]
                missing.remove(key)
        node = node.get("/Parent")


def clean_page(pdf: pikepdf.Pdf, page: pikepdf.Dictionary, counter: list[int]) -> list[str]:
    """Remove from ``page`` what e-filing rejects; return what was done, in words."""
    done: list[str] = []
    for key in ("/AA", "/Metadata", "/PieceInfo"):
        if key in page:
            del page[key]
            if key == "/AA":
                done.append("page actions removed")
    if "/Annots" not in page:
        return done
    kept = []
    flattened = 0
    for annot in page.Annots:
        subtype = str(annot.get("/Subtype", ""))
        action = annot.get("/A")
        kind = str(action.get("/S", "")) if isinstance(action, Dictionary) else ""
        if subtype in _DROP_SUBTYPES:
            done.append(f"{subtype[1:]} annotation removed")
            continue
        if subtype == "/Widget":
            if _flatten_widget(pdf, page, annot, counter):
                flattened += 1
            continue
        if kind in _BAD_ACTIONS:
            done.append(f"{kind[1:]} action removed")
            continue
        if "/AA" in annot:
            del annot["/AA"]
        kept.append(annot)
    if flattened:
        done.append(f"{flattened} form field{'s' if flattened > 1 else ''} flattened")
    if kept:
        page.Annots = Array(kept)
    else:
        del page["/Annots"]
    return done


def _flatten_widget(pdf: pikepdf.Pdf, page: pikepdf.Dictionary, annot, counter: list[int]
                    ) -> bool:
    """Draw a form field's normal appearance into the page; False if it shows nothing."""
    if int(annot.get("/F", 0)) & 2:  # hidden
        return False
    ap = annot.get("/AP")
    normal = ap.get("/N") if isinstance(ap, Dictionary) else None
    if normal is None:
        return False
    if not isinstance(normal, pikepdf.Stream):  # states (a check box): the current one
        state = annot.get("/AS")
        if state is None or str(state) not in normal:
            return False
        normal = normal[str(state)]
        if not isinstance(normal, pikepdf.Stream):
            return False
    if "/BBox" not in normal:
        return False
    rect = [float(v) for v in annot.Rect]
    bbox = [float(v) for v in normal.BBox]
    bw, bh = bbox[2] - bbox[0], bbox[3] - bbox[1]
    if bw == 0 or bh == 0:
        return False
    sx, sy = (rect[2] - rect[0]) / bw, (rect[3] - rect[1]) / bh
    tx, ty = rect[0] - bbox[0] * sx, rect[1] - bbox[1] * sy
    counter[0] += 1
    name = f"/CasefileField{counter[0]}"
    if "/Resources" not in page:
        page.Resources = Dictionary()
    if "/XObject" not in page.Resources:
        page.Resources.XObject = Dictionary()
    if "/Subtype" not in normal:
        normal.Type, normal.Subtype = Name.XObject, Name.Form
    page.Resources.XObject[name] = normal
    # The page's own drawing in q … Q, so its state cannot bend the field's.
    drawing = flate_stream(pdf, f"Q q {sx:.5f} 0 0 {sy:.5f} {tx:.3f} {ty:.3f} cm {name} Do Q\n"
                           .encode())
    contents = page.get("/Contents")
    existing = [] if contents is None else (list(contents) if isinstance(contents, Array)
                                            else [contents])
    page.Contents = Array([flate_stream(pdf, b"q\n"), *existing, drawing])
    return True
