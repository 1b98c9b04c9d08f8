"""Making PDFs acceptable to CM/ECF: active content and private data removed.

One walker, ``Cleaner``, serves the bundle build (each page as it is copied
in) and ``bundle preflight`` (``check`` reports what it removes from a copy in
memory; ``fix`` saves that copy). It walks every object a page or the
catalog reaches, each object once (chains of actions may loop back on
themselves), and removes:

- every action but going to a page, an http(s) or mailto link and turning a
  page: JavaScript, launch, import, submit, reset, media, remote and embedded
  go-to …, wherever it hangs: a catalog's /OpenAction, any /AA (actions run
  on events), an annotation's or bookmark's /A, and each action chained
  after one by /Next (a single action or an array; a /Next that loops back
  is cut);
- links to any address but http, https and mailto (``javascript:``,
  ``file:``, ``data:``, relative paths);
- file specifications and embedded files wherever they hang (/EF, /FS, /AF,
  the catalog's /EmbeddedFiles), and annotations that carry media or files;
- XFA, and what carries the source's private data: /Metadata, /PieceInfo,
  pdfTeX's /PTEX.InfoDict (the source document's info, passed through
  ``\\includepdf``) and its file name;
- form fields, after their appearance is drawn into the page (flattened).

The walk is an allowlist for actions (an unknown kind goes) and a list of
keys for the rest; what it removes is reported in words, counted per page.
"""

from __future__ import annotations

import re
import warnings
import zlib
from collections import Counter
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

from casefile.bundles.stamps import flate_stream

# What a page may inherit from the page tree; copied onto the page before it moves.
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")

# Annotation subtypes that carry media or files, which CM/ECF rejects.
_DROP_SUBTYPES = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
# Every action kind of PDF 2.0: a dictionary whose /S is one of these is an action,
# wherever it is found.
_ACTION_KINDS = {"/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI",
                 "/Sound", "/Movie", "/Hide", "/Named", "/SubmitForm", "/ResetForm",
                 "/ImportData", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView",
                 "/JavaScript", "/RichMediaExecute"}
# Keys whose dictionary value is an action whatever its /S says. (Not /Next: a
# bookmark's /Next is the bookmark after it; an action's is judged with the action.)
_ACTION_KEYS = {"/A", "/OpenAction", "/PA"}
# When a viewer runs an action found under each key, for the report.
_WHEN = {"/OpenAction": "run when the file opens", "/A": "run when clicked",
         "/PA": "run when clicked"}
def _events(holder: pikepdf.Object) -> str:
    """When the actions of ``holder``'s /AA run, for the report."""
    kind = str(holder.get("/Type", ""))
    if kind == "/Catalog":
        return "run on document events such as closing or printing"
    if kind == "/Page" or "/Contents" in holder:
        return "run when the page opens or closes"
    return "run on a field's or link's events"


_SAFE_NAMED = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_ACTION_WORDS = {
    "/JavaScript": "JavaScript", "/Launch": "a program-launching action",
    "/ImportData": "an import-data action", "/SubmitForm": "a form-submitting action",
    "/ResetForm": "a form-reset action", "/Rendition": "a media action",
    "/Sound": "a sound action", "/Movie": "a movie action",
    "/RichMediaExecute": "a rich-media action", "/GoToE": "a go-to-embedded-file action",
    "/GoToR": "a link to another file", "/Named": "a menu-command action",
}
# Keys whose value is or names a file: embedded files, file specifications,
# associated files, a stream's data kept in an outside file.
_FILE_KEYS = {"/EF", "/FS", "/AF", "/RF", "/EmbeddedFiles", "/FFilter", "/FDecodeParms"}
# The source's private data and forms CM/ECF cannot flatten; removed without a word.
_PRIVATE_KEYS = {"/Metadata", "/PieceInfo", "/PTEX.InfoDict", "/PTEX.FileName",
                 "/PTEX.PageNumber", "/XFA"}
# Keys that hold only drawing data (numbers, fonts, colours, content): not walked, for
# speed; nothing a viewer runs or opens can hang there.
_INERT_KEYS = {"/Contents", "/Font", "/ProcSet", "/Widths", "/W", "/Differences", "/ColorSpace",
               "/Length", "/Filter", "/DecodeParms", "/MediaBox", "/CropBox", "/BleedBox",
               "/TrimBox", "/ArtBox", "/Rect", "/BBox", "/Matrix", "/QuadPoints",
               "/InkList", "/Vertices", "/Border", "/C", "/IC", "/Decode", "/Domain",
               "/Range", "/Encode", "/Bounds", "/FontMatrix", "/FontBBox", "/Dest", "/D"}
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")


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


class Cleaner:
    """Removes active content from one PDF's objects, each object once.

    ``page`` cleans a page and what it reaches, ``document`` the catalog and
    what it reaches besides the pages; both return what was done, in words.
    The same cleaner must serve every page of one PDF: it remembers what it
    has walked (shared fonts, or an action two links share, are walked once)
    and numbers the flattened form fields.
    """

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self._seen: set[tuple[int, int]] = set()
        # The document's own pages and page-tree nodes: walked each in its turn, not
        # through a link to it. (Only these: a dictionary that merely says /Type
        # /Page, an annotation say, is walked like any other.)
        self._pages: set[tuple[int, int]] = set()
        self._verdicts: dict[tuple[int, int], bool] = {}
        self._fields = 0
        self._found: Counter[str] = Counter()

    # --- what callers use ---------------------------------------------------------

    def page(self, page: pikepdf.Dictionary, *, suspect: bool = True) -> list[Change]:
        """Clean ``page`` (a page dictionary of ``self.pdf``) in place.

        ``suspect=False`` (a source qpdf opened without a warning) checks only
        plain Flate content streams, in Python, for damage: qpdf's decoding of the
        others (ASCII85 and Flate, as ReportLab writes) cost 0.5 s per 5,000 pages."""
        self._found = Counter()
        self._pages.add(page.objgen)
        self._mend_contents(page, suspect)
        if "/Annots" in page:
            self._annotations(page)
        self._walk(page)
        return self._said()

    def document(self) -> list[Change]:
        """Clean the catalog and all it reaches but the pages (each is ``page``'s)."""
        self._found = Counter()
        root = self.pdf.Root
        for page in self.pdf.pages:
            node = page.obj
            while isinstance(node, Dictionary) and node.objgen not in self._pages:
                self._pages.add(node.objgen)
                node = node.get("/Parent")
        names = root.get("/Names")
        if isinstance(names, Dictionary):
            for key, what in (("/JavaScript", "document JavaScript"),
                              ("/EmbeddedFiles", "embedded (attached) files"),
                              ("/AlternatePresentations", "a slide show"),
                              ("/Renditions", "media")):
                if key in names:
                    del names[key]
                    self._found[what] += 1
        opening = root.get("/OpenAction")
        if isinstance(opening, Dictionary) and not self._keep_action(opening, _WHEN["/OpenAction"]):
            del root["/OpenAction"]
        form = root.get("/AcroForm")
        if form is not None:
            # The fields are drawn into their pages as those are cleaned; the form goes.
            if isinstance(form, Dictionary) and "/XFA" in form:
                self._found["an XFA form"] += 1
            del root["/AcroForm"]
        for key in ("/Collection", "/Perms"):
            if key in root:
                del root[key]
        self._walk(root)
        return self._said()

    # --- the page's own drawing ---------------------------------------------------

    def _mend_contents(self, page: pikepdf.Dictionary, suspect: bool) -> None:
        """A content stream that cannot be decoded keeps what can be (a truncated
        Flate stream keeps its start), so that no reader finds errors in the page.
        Copied as they are, such streams were what ``qpdf --check`` called errors
        in bundles built from damaged files."""
        contents = page.get("/Contents")
        if contents is None:
            return
        streams = list(contents) if isinstance(contents, Array) else [contents]
        good = [c for c in streams if isinstance(c, pikepdf.Stream)]
        if len(good) != len(streams):  # a null or a number where a stream belongs
            self._found[_MENDED] += 1
            page.Contents = Array(good)
        for stream in good:
            readable = _damaged(stream, suspect)
            if readable is not None:
                stream.write(readable)
                try:  # whole operators only: a cut one leaves its operands dangling
                    with warnings.catch_warnings():  # "unexpected end": we know
                        warnings.simplefilter("ignore")
                        readable = pikepdf.unparse_content_stream(
                            pikepdf.parse_content_stream(stream))
                except (pikepdf.PdfError, ValueError):
                    readable = b""
                stream.write(zlib.compress(readable), filter=Name.FlateDecode)
                self._found[_MENDED] += 1

    # --- annotations ----------------------------------------------------------------

    def _annotations(self, page: pikepdf.Dictionary) -> None:
        annots = page.Annots
        if not isinstance(annots, Array):  # a broken /Annots (a null, a number)
            del page["/Annots"]
            return
        kept = []
        for annot in annots:
            if not isinstance(annot, Dictionary):  # a null or stray entry: nothing to show
                continue
            subtype = str(annot.get("/Subtype", ""))
            if subtype in _DROP_SUBTYPES:
                self._found[f"a {subtype[1:]} annotation"] += 1
                continue
            if subtype == "/Widget":
                if _flatten_widget(self.pdf, page, annot, self._fields + 1):
                    self._fields += 1
                    self._found[_FIELD] += 1
                else:
                    self._found["a form field that shows nothing"] += 1
                continue
            kept.append(annot)
        if kept:
            page.Annots = Array(kept)
        else:
            del page["/Annots"]

    # --- the walk -------------------------------------------------------------------

    def _walk(self, top: pikepdf.Object) -> None:
        """Every container ``top`` reaches, each once; pages other than ``top`` are
        left for their own turn (a link's destination, an annotation's /P)."""
        stack = [top]
        while stack:
            obj = stack.pop()
            if obj.is_indirect:
                if obj.objgen in self._seen:
                    continue
                self._seen.add(obj.objgen)
            if obj._type_code == _ARRAY:
                self._array(obj, stack)
            else:
                self._dictionary(obj, stack)

    def _dictionary(self, d: pikepdf.Object, stack: list) -> None:
        for key in list(d.keys()):
            if key in _INERT_KEYS:
                continue
            if key in _PRIVATE_KEYS:
                del d[key]
                continue
            if key in _FILE_KEYS:
                del d[key]
                self._found[_FILE] += 1
                continue
            if key == "/AA":  # actions run on events: whatever they are, they go
                triggers = d[key]
                if isinstance(triggers, Dictionary):
                    when = _events(d)
                    for trigger in triggers:
                        action = triggers[trigger]
                        if isinstance(action, Dictionary):
                            self._keep_action(action, when)
                del d[key]
                continue
            if key == "/F" and d._type_code == _STREAM:  # its data in an outside file
                del d[key]
                self._found[_FILE] += 1
                continue
            if key == "/JS":
                del d[key]
                self._found["JavaScript"] += 1
                continue
            value = d[key]
            what = self._what(value)
            if what is None or what == "page":
                continue
            if what == "file":
                del d[key]
                self._found[_FILE] += 1
            elif ((what == "action" or (key in _ACTION_KEYS and value._type_code == _DICT))
                  and not self._keep_action(value, _WHEN.get(key, "stored in the file"))):
                del d[key]
            else:
                stack.append(value)

    def _array(self, array: pikepdf.Array, stack: list) -> None:
        for i in range(len(array) - 1, -1, -1):
            item = array[i]
            what = self._what(item)
            if what is None or what == "page":
                continue
            if what == "file":
                del array[i]
                self._found[_FILE] += 1
            elif what == "action" and not self._keep_action(item, "stored in the file"):
                del array[i]
            else:
                stack.append(item)

    def _what(self, obj: pikepdf.Object) -> str | None:
        what = _what(obj)
        if what == "page" and not (obj.is_indirect and obj.objgen in self._pages):
            return "walk"
        return what

    # --- actions ----------------------------------------------------------------------

    def _keep_action(self, action: pikepdf.Object, when: str,
                     chain: frozenset[tuple[int, int]] | None = None) -> bool:
        """Whether ``action`` may stay; its /Next chain is pruned to what may stay.

        ``when`` says when a viewer would run it, for the report. ``chain`` holds
        the actions above this one in the chain being judged (None: it heads
        one): a /Next back to one of them is a loop, and is cut."""
        if not isinstance(action, Dictionary):
            return False
        key = action.objgen if action.is_indirect else None
        if key is not None and key in self._verdicts:
            return self._verdicts[key]
        kind = str(action.get("/S", ""))
        keep = self._safe(kind, action, when if chain is None else f"{when}, chained")
        if key is not None:
            self._verdicts[key] = keep
        if not keep:
            self._report_chain(action, f"{when}, chained", {key} if key else set())
            return False
        following = action.get("/Next")
        if following is not None:
            inner = (chain or frozenset()) | ({key} if key is not None else set())
            items = list(following) if isinstance(following, Array) else [following]
            kept = []
            for item in items:
                if getattr(item, "is_indirect", False) and item.objgen in inner:
                    self._found["a loop in a chain of actions"] += 1
                elif self._keep_action(item, when, inner):
                    kept.append(item)
            if not kept:
                del action["/Next"]
            elif len(kept) != len(items):
                action.Next = kept[0] if len(kept) == 1 else Array(kept)
        return True

    def _report_chain(self, action: pikepdf.Object, when: str,
                      seen: set[tuple[int, int]]) -> None:
        """Name what else a removed action had chained after it (the launch behind a
        script), so the report tells all that went."""
        following = action.get("/Next")
        items = list(following) if isinstance(following, Array) else [following]
        for item in items:
            if not isinstance(item, Dictionary):
                continue
            if item.is_indirect:
                if item.objgen in seen or item.objgen in self._verdicts:
                    continue  # a loop, or judged (and reported) already
                seen.add(item.objgen)
            # _safe says nothing of the harmless; an action a kept link shares stays.
            if not self._safe(str(item.get("/S", "")), item, when) and item.is_indirect:
                self._verdicts[item.objgen] = False
            self._report_chain(item, when, seen)

    def _safe(self, kind: str, action: pikepdf.Object, when: str) -> bool:
        if kind == "/GoTo":
            return True
        if kind == "/Named" and str(action.get("/N", "")) in _SAFE_NAMED:
            return True
        if kind == "/URI":
            uri = action.get("/URI")
            text = _BLANKS.sub("", bytes(uri).decode("latin-1")) if isinstance(
                uri, pikepdf.String) else ""
            if text.lower().startswith(_SAFE_SCHEMES):
                return True
            scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text)
            # A link is run when clicked: only a chained one needs saying where it hid.
            where = " (chained after another action)" if when.endswith(", chained") else ""
            self._found[f"a link to a {scheme[0].lower()} address{where}" if scheme
                        else f"a link to a file, by a relative address{where}"] += 1
            return False
        words = _ACTION_WORDS.get(kind, f"a {kind[1:] or 'malformed'} action")
        self._found[f"{words} ({when})"] += 1
        return False

    def _said(self) -> list[Change]:
        return [Change(what, n) for what, n in self._found.items()]


_FIELD = "fillable form field"
_MENDED = "a damaged content stream"


def _damaged(stream: pikepdf.Stream, suspect: bool) -> bytes | None:
    """What can be read of a content stream that cannot be decoded whole; None if
    it can. Flate (nearly every content stream) is decoded here, piece by piece:
    qpdf only warns about a stream cut short, and a piece read before the damage
    is worth keeping; other filters are left to qpdf, in a ``suspect`` file."""
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, Array) else [str(filters)]
    if names == ["/FlateDecode"] and "/DecodeParms" not in stream:
        raw = stream.read_raw_bytes()
        inflate = zlib.decompressobj()
        pieces = []
        try:
            for start in range(0, len(raw), 1 << 16):
                pieces.append(inflate.decompress(raw[start:start + (1 << 16)]))
        except zlib.error:
            return b"".join(pieces)
        return None if inflate.eof else b"".join(pieces)
    if not suspect:
        return None
    try:
        stream.read_bytes()
    except (pikepdf.DataDecodingError, pikepdf.PdfError):
        return b""
    return None


@dataclass(frozen=True)
class Change:
    """One kind of thing found (and removed) on a page or in the document."""

    what: str  # "JavaScript", "a link to a javascript: address"
    count: int = 1

    def done(self) -> str:
        """As the fix reports it: "JavaScript removed (3 times)"."""
        if self.what == _FIELD:
            return f"{self.count} form field{'s' if self.count > 1 else ''} flattened"
        verb = ("mended (what could be read of it kept)" if self.what == _MENDED
                else "removed")
        return f"{self.what} {verb}" + (f" ({self.count} times)" if self.count > 1 else "")

    def problem(self) -> str:
        """As preflight reports it: "JavaScript (3 times)"."""
        if self.what == _FIELD:
            return "fillable form fields: flatten them" + (
                f" ({self.count})" if self.count > 1 else "")
        return self.what + (f" ({self.count} times)" if self.count > 1 else "")


_ARRAY, _DICT, _STREAM = (pikepdf.ObjectType.array, pikepdf.ObjectType.dictionary,
                          pikepdf.ObjectType.stream)
_FILE = "an attached (embedded) file"


def _what(obj: pikepdf.Object) -> str | None:
    """What the walk makes of an object: None (not a container), "file" (a file
    specification or an embedded file's bytes), "page", "action" or "walk" (look
    inside). Type codes and strings, not isinstance and Name objects: this runs for
    every object of every page."""
    code = getattr(obj, "_type_code", None)  # numbers and booleans come as Python's own
    if code == _ARRAY:
        return "walk"
    if code != _DICT and code != _STREAM:
        return None
    kind = obj.get("/Type")
    kind = str(kind) if kind is not None else ""
    if kind in ("/Filespec", "/EmbeddedFile") or "/EF" in obj:
        return "file"
    if kind in ("/Page", "/Pages"):
        return "page"
    action = obj.get("/S")
    return "action" if action is not None and str(action) in _ACTION_KINDS else "walk"


def _flatten_widget(pdf: pikepdf.Pdf, page: pikepdf.Dictionary, annot, number: int
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
    name = f"/CasefileField{number}"
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
