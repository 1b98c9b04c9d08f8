"""Making pages acceptable to CM/ECF: what courts' e-filing systems reject, removed.

Applied to every page a bundle takes from a source, and by ``bundle preflight
--fix``: JavaScript and launch actions, page actions, embedded files and
media annotations go; form fields are flattened into the page (their
appearance drawn as it shows); per-page metadata and application data go.
Encryption, document JavaScript and attachments never reach a bundle, whose
catalog is made fresh.
"""

from __future__ import annotations

from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

# Annotation subtypes that carry media or files, or that CM/ECF rejects.
_DROP_SUBTYPES = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
_BAD_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm",
                "/Rendition", "/Movie", "/Sound", "/RichMediaExecute"}


def clean_page(writer, page, counter: list[int]) -> list[str]:
    """Remove from ``page`` what e-filing rejects; return what was done, in words."""
    done: list[str] = []
    for key in ("/AA", "/Metadata", "/PieceInfo"):
        if key in page:
            del page[key]
            if key == "/AA":
                done.append("page actions removed")
    annots = page.get("/Annots")
    if annots is None:
        return done
    kept = ArrayObject()
    flattened = 0
    for ref in annots.get_object():
        annot = ref.get_object()
        subtype = annot.get("/Subtype")
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        if subtype in _DROP_SUBTYPES:
            done.append(f"{subtype[1:]} annotation removed")
            continue
        if subtype == "/Widget":
            if _flatten_widget(writer, page, annot, counter):
                flattened += 1
            continue
        if action is not None and action.get("/S") in _BAD_ACTIONS:
            done.append(f"{action.get('/S')[1:]} action removed")
            continue
        if "/AA" in annot:
            del annot["/AA"]
        kept.append(ref)
    if flattened:
        done.append(f"{flattened} form field{'s' if flattened > 1 else ''} flattened")
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        del page["/Annots"]
    return done


def _flatten_widget(writer, page, annot, counter: list[int]) -> bool:
    """Draw a form field's normal appearance into the page; False if it shows nothing."""
    flags = int(annot.get("/F", 0))
    if flags & 2:  # hidden
        return False
    ap = annot.get("/AP")
    normal = ap.get_object().get("/N") if ap is not None else None
    if normal is None:
        return False
    normal_obj = normal.get_object()
    if "/BBox" not in normal_obj:  # a dictionary of states (check boxes): the current one
        state = annot.get("/AS")
        if state is None or state not in normal_obj:
            return False
        normal = normal_obj[state]
        normal_obj = normal.get_object()
        if "/BBox" not in normal_obj:
            return False
    rect = [float(v) for v in annot["/Rect"]]
    bbox = [float(v) for v in normal_obj["/BBox"]]
    bw, bh = bbox[2] - bbox[0], bbox[3] - bbox[1]
    if bw == 0 or bh == 0:
        return False
    sx, sy = (rect[2] - rect[0]) / bw, (rect[3] - rect[1]) / bh
    tx, ty = rect[0] - bbox[0] * sx, rect[1] - bbox[1] * sy
    counter[0] += 1
    name = f"/CasefileField{counter[0]}"
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects = xobjects.get_object()
    xobjects[NameObject(name)] = normal if hasattr(normal, "idnum") else \
        writer._add_object(normal_obj)
    stream = DecodedStreamObject()
    stream.set_data(f"q {sx:.5f} 0 0 {sy:.5f} {tx:.3f} {ty:.3f} cm {name} Do Q\n".encode())
    ref = writer._add_object(stream)
    contents = page.get("/Contents")
    existing = [] if contents is None else (
        list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject)
        else [contents])
    page[NameObject("/Contents")] = ArrayObject([*existing, ref])
    return True
