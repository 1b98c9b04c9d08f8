"""An independent scan for active content in a PDF, for the tests.

Written apart from ``casefile.bundles.clean`` on purpose: it reads with
pypdf (the app uses pikepdf), walks every object the trailer reaches, and
names what it finds from the PDF reference itself, so that a gap in the
cleaner's lists is not shared by the test that checks it.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# Actions a viewer runs that do more than move within the document or open a web page.
RUNNING = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm",
           "/Rendition", "/Sound", "/Movie", "/RichMediaExecute", "/GoToE", "/GoToR"}
MEDIA_OR_FILES = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
WEB = re.compile(r"(https?|mailto):", re.I)


def scan(path: Path) -> list[str]:
    """Every piece of active content in the file, one line each (empty: none)."""
    reader = PdfReader(path)
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[object, str]] = [(reader.trailer, "trailer")]
    while stack:
        obj, where = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            where = f"object {obj.idnum}"
            obj = obj.get_object()
        if isinstance(obj, ArrayObject):
            stack += [(item, where) for item in obj]
        elif isinstance(obj, DictionaryObject):
            found += _look_at(obj, where)
            stack += [(value, f"{where} {key}") for key, value in obj.items()]
    return found


def _look_at(d: DictionaryObject, where: str) -> list[str]:
    found = []
    kind = d.get("/S")
    if kind in RUNNING:
        found.append(f"{where}: a {kind} action")
    if kind == "/URI":
        uri = str(d.get("/URI", ""))
        if not WEB.match("".join(uri.split())):
            found.append(f"{where}: a link to {uri!r}")
    for key in ("/JS", "/JavaScript", "/EF", "/EmbeddedFiles", "/XFA", "/AA",
                "/PTEX.InfoDict", "/RichMediaContent"):
        if key in d:
            found.append(f"{where}: {key}")
    if d.get("/Type") in ("/EmbeddedFile", "/Filespec"):
        found.append(f"{where}: a {d['/Type']}")
    if d.get("/Subtype") in MEDIA_OR_FILES:
        found.append(f"{where}: a {d['/Subtype']} annotation")
    opening = d.get("/OpenAction")
    if opening is not None:
        action = opening.get_object()
        if isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo":
            found.append(f"{where}: an /OpenAction {action.get('/S')}")
    return found


def bundle_outputs(folder: Path) -> list[Path]:
    """The PDFs bundle builds wrote under ``folder``, as their manifests list them."""
    outputs = []
    for manifest in folder.rglob("* - manifest.sha256"):
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "  " not in line:
                continue
            name = line.split("  ", 1)[1]
            if not name.startswith("source: ") and name.lower().endswith(".pdf"):
                outputs.append(manifest.parent / name)
    return outputs
