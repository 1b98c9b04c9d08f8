"""Active content in agency files never reaches a filing.

Each hostile PDF below is made here, with pikepdf's object model or raw
bytes, not by Casefile; beside each is what must go and what must stay. Each
is filed through `casefile bundle build` (as an exhibit of a real case) and
through `bundle preflight --fix`, and every output is read back by an
independent scanner (tests/active_content.py, pypdf), by `qpdf --check`, by
pdftotext (the agency's text is still on the page) and for its links.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from casefile.bundles import preflight
from casefile.exhibits import add_exhibit, add_set
from casefile.ingest.batch import add_document
from casefile.store import CaseFile
from tests.active_content import scan
from tests.conftest import need_tool, run_cli

SAFE_LINK = "https://www.justice.gov/oip"


def _page_text(n: int) -> bytes:
    return f"BT /F1 14 Tf 72 700 Td (Agency record page {n}) Tj ET".encode()


def _base(pages: int = 1) -> pikepdf.Pdf:
    """A plain PDF whose pages say "Agency record page N" in Helvetica."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica))
    for n in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=(612, 792))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(_page_text(n))
    return pdf


def _js(pdf: pikepdf.Pdf, code: str = "app.alert('pwned')", **more) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String(code), **more))


def _link(pdf: pikepdf.Pdf, action: pikepdf.Object, y: int = 600) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link,
                                        Rect=Array([72, y, 300, y + 20]),
                                        Border=Array([0, 0, 0]), A=action))


def _uri(pdf: pikepdf.Pdf, uri: str, **more) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(S=Name.URI, URI=String(uri), **more))


def _annotate(pdf: pikepdf.Pdf, *annots) -> None:
    pdf.pages[0].obj.Annots = Array(list(annots))


# --- the corpus: each builder writes one file; the comment says what it hides ----------

def js_in_next_chain(pdf):
    # A web link whose /Next runs a GoTo, then JavaScript (beside a number and a null
    # where actions belong): the link stays, the script goes.
    goto = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]))
    goto.Next = Array([5, _js(pdf), None])
    _annotate(pdf, _link(pdf, _uri(pdf, SAFE_LINK, Next=goto)))


def next_loop(pdf):
    # a -> b -> c -> a, c running JavaScript: no walker may loop, and the script goes.
    a = pdf.make_indirect(Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit])))
    b = pdf.make_indirect(Dictionary(S=Name.Named, N=Name.NextPage))
    c = _js(pdf)
    a.Next, b.Next, c.Next = b, Array([c, a]), a
    _annotate(pdf, _link(pdf, a))


def page_actions(pdf):
    # JavaScript run when the page opens and closes.
    pdf.pages[0].obj.AA = Dictionary(O=_js(pdf), C=_js(pdf, "this.print()"))


def open_action(pdf):
    # JavaScript run when the document opens, with a launch chained after it.
    launch = Dictionary(S=Name.Launch, F=String("cmd.exe"))
    pdf.Root.OpenAction = _js(pdf, Next=launch)
    pdf.Root.AA = Dictionary(WC=_js(pdf, "app.alert('closing')"))


def launch_under_next(pdf):
    # A harmless-looking GoTo link whose /Next launches a program.
    launch = pdf.make_indirect(Dictionary(
        S=Name.Launch, Win=Dictionary(F=String("cmd.exe"), P=String("/c calc"))))
    goto = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]), Next=launch)
    _annotate(pdf, _link(pdf, goto))


def _filespec(pdf: pikepdf.Pdf, name: str, data: bytes) -> pikepdf.Object:
    stream = pdf.make_stream(data)
    stream.Type = Name.EmbeddedFile
    return pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String(name), UF=String(name),
                                        EF=Dictionary(F=stream)))


def attached_executable(pdf):
    # An executable under a FileAttachment annotation's /FS, and another hung on a
    # plain text note's /FS where no annotation subtype gives it away.
    exe = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode."
    attachment = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([72, 500, 90, 520]),
        FS=_filespec(pdf, "invoice.exe", exe), Name=Name.PushPin))
    note = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Text, Rect=Array([100, 500, 120, 520]),
        Contents=String("see attached"), FS=_filespec(pdf, "update.exe", exe)))
    _annotate(pdf, attachment, note)


def embedded_files(pdf):
    # Attachments in the catalog's /Names, and a page's associated file (/AF).
    spec = _filespec(pdf, "notes.txt", b"internal deliberations")
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("notes.txt"),
                                                                       spec])))
    pdf.pages[0].obj.AF = Array([_filespec(pdf, "draft.docx", b"PK\x03\x04 draft")])


def bad_addresses(pdf):
    # javascript:, file:, data: and a disguised " JavaScript:" link beside a web link
    # that must stay.
    _annotate(pdf,
              _link(pdf, _uri(pdf, "javascript:app.alert(1)"), 700),
              _link(pdf, _uri(pdf, "file:///C:/Windows/System32/calc.exe"), 660),
              _link(pdf, _uri(pdf, "data:text/html,<script>alert(1)</script>"), 620),
              _link(pdf, _uri(pdf, " \tJavaScript:alert(2)"), 580),
              _link(pdf, _uri(pdf, SAFE_LINK), 540))


def xfa_form(pdf):
    # An XFA form beside an AcroForm field whose keystroke action runs JavaScript.
    appearance = pdf.make_stream(b"BT /Helv 10 Tf 2 4 Td (Filled in) Tj ET")
    appearance.Type, appearance.Subtype = Name.XObject, Name.Form
    appearance.BBox = Array([0, 0, 200, 20])
    appearance.Resources = Dictionary(Font=Dictionary(Helv=Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)))
    field = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String("name"),
        Rect=Array([72, 400, 272, 420]), V=String("Filled in"), AP=Dictionary(N=appearance),
        AA=Dictionary(K=_js(pdf, "event.rc = true"))))
    _annotate(pdf, field)
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=pdf.make_stream(
        b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><script>app.alert(1)</script>"
        b"</xdp:xdp>"))


def ptex_infodict(pdf):
    # A page drawn from an included PDF (pdfTeX's \includepdf): its form XObject
    # carries the source's document info, file name and private data.
    form = pdf.make_stream(b"BT /F1 9 Tf 72 100 Td (Included page) Tj ET")
    form.Type, form.Subtype = Name.XObject, Name.Form
    form.BBox = Array([0, 0, 612, 792])
    form.Resources = pdf.pages[0].obj.Resources
    form["/PTEX.FileName"] = String("C:/Users/agency-counsel/Privileged/draft-memo.pdf")
    form["/PTEX.PageNumber"] = 1
    form["/PTEX.InfoDict"] = pdf.make_indirect(Dictionary(
        Author=String("Agency Counsel"), Title=String("PRIVILEGED draft memo")))
    form.PieceInfo = Dictionary(Illustrator=Dictionary(Private=String("layers")))
    page = pdf.pages[0].obj
    page.Resources.XObject = Dictionary(Fm1=form)
    page.Contents = pdf.make_stream(_page_text(1) + b" q /Fm1 Do Q")
    page.PieceInfo = Dictionary(Word=Dictionary(Private=String("tracked changes")))
    pdf.Root.Metadata = pdf.make_stream(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>Agency Counsel"
                                        b"</x:xmpmeta>")


def null_in_annots(pdf):
    # A null and a number in /Annots, beside a web link.
    _annotate(pdf, None, 5, _link(pdf, _uri(pdf, SAFE_LINK)))


def rich_media(pdf):
    # Media annotations, a rendition and a go-to-embedded action.
    screen = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Screen, Rect=Array([72, 300, 200, 400]),
        A=Dictionary(S=Name.Rendition, OP=0, JS=String("app.media.openPlayer()"))))
    media = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([72, 200, 200, 290]),
        RichMediaContent=Dictionary(Assets=Dictionary(Names=Array([]))),
        RichMediaSettings=Dictionary()))
    gotoe = Dictionary(S=Name.GoToE, T=Dictionary(R=Name.C, N=String("x.pdf")),
                       D=Array([0, Name.Fit]))
    _annotate(pdf, screen, media, _link(pdf, gotoe))


def bookmark_script(pdf):
    # A bookmark whose action runs JavaScript, under a second that only goes to page 1.
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=2))
    plain = pdf.make_indirect(Dictionary(Title=String("Page 1"), Parent=outlines,
                                         Dest=Array([pdf.pages[0].obj, Name.Fit])))
    scripted = pdf.make_indirect(Dictionary(Title=String("Summary"), Parent=outlines,
                                            Prev=plain, A=_js(pdf)))
    plain.Next = scripted
    outlines.First, outlines.Last = plain, scripted
    pdf.Root.Outlines = outlines


def disguised_as_a_page(pdf):
    # A link that calls itself a page, as if a walker would leave pages for later.
    link = _link(pdf, _js(pdf))
    link.Type = Name.Page
    _annotate(pdf, link)


CORPUS: dict[str, tuple[Callable, bool, bool]] = {
    # name: (builder, whether the https link must survive, whether it is active content
    # that preflight must fail; the others are private data and a crash)
    "js-in-next-chain": (js_in_next_chain, True, True),
    "next-loop": (next_loop, False, True),
    "page-actions": (page_actions, False, True),
    "open-action": (open_action, False, True),
    "launch-under-next": (launch_under_next, False, True),
    "attached-executable": (attached_executable, False, True),
    "embedded-files": (embedded_files, False, True),
    "bad-addresses": (bad_addresses, True, True),
    "xfa-form": (xfa_form, False, True),
    "ptex-infodict": (ptex_infodict, False, False),
    "null-in-annots": (null_in_annots, True, False),
    "rich-media": (rich_media, False, True),
    "disguised-as-a-page": (disguised_as_a_page, False, True),
    "bookmark-script": (bookmark_script, False, True),
}


def _write(folder: Path, name: str) -> Path:
    pdf = _base()
    CORPUS[name][0](pdf)
    path = folder / f"{name}.pdf"
    pdf.save(path, fix_metadata_version=False)
    return path


def _corpus(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [_write(folder, name) for name in CORPUS]


# --- how an output is judged ---------------------------------------------------------------

def _qpdf_errors(path: Path) -> str:
    need_tool("qpdf")
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    return "" if done.returncode == 0 else done.stdout + done.stderr


def _text(path: Path) -> str:
    need_tool("pdftotext")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    return done.stdout


def _renders(path: Path) -> None:
    need_tool("pdftoppm")
    done = subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(path.with_suffix(""))],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr


def _web_links(path: Path) -> list[str]:
    links = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                links.append(str(action.get_object()["/URI"]))
    return links


def _no_private_data(path: Path) -> None:
    """No XMP, application data or included file's info and name anywhere."""
    reader = PdfReader(path)
    assert "/Metadata" not in reader.trailer["/Root"]
    for page in reader.pages:
        assert "/PieceInfo" not in page
        for xobject in (page.get("/Resources") or {}).get("/XObject", {}).values():
            keys = set(xobject.get_object().keys())
            assert not keys & {"/PTEX.InfoDict", "/PTEX.FileName", "/PieceInfo"}, keys


def _clean_output(path: Path) -> None:
    assert scan(path) == []
    assert _qpdf_errors(path) == ""
    _renders(path)


# --- the tests -----------------------------------------------------------------------------

def test_the_scanner_finds_what_each_hostile_file_hides(tmp_path):
    """The scanner the suite trusts is not blind: every hostile file trips it."""
    for path in _corpus(tmp_path / "corpus"):
        if path.stem != "null-in-annots":  # a crash, not active content
            assert scan(path), path.name
    reader = PdfReader(tmp_path / "corpus" / "ptex-infodict.pdf")
    with pytest.raises(AssertionError):
        _no_private_data(tmp_path / "corpus" / "ptex-infodict.pdf")
    assert "/PTEX.InfoDict" in reader.pages[0]["/Resources"]["/XObject"]["/Fm1"]


@pytest.mark.parametrize("name", list(CORPUS))
def test_preflight_fails_each_hostile_file_and_its_fix_is_clean(tmp_path, name):
    source = _write(tmp_path, name)
    _builder, keeps_link, active = CORPUS[name]
    result = preflight.check(source)
    assert result.passes is not active, result.findings
    fixed = tmp_path / f"{name}-fixed.pdf"
    done = preflight.fix(source, fixed)
    assert bool(done) is active, "the fix says what it removed"
    _clean_output(fixed)
    _no_private_data(fixed)
    assert "Agency record page 1" in _text(fixed)
    if keeps_link:
        assert _web_links(fixed) == [SAFE_LINK]
    if name == "bookmark-script":  # the bookmarks stay, both of them
        assert [o.title for o in PdfReader(fixed).outline] == ["Page 1", "Summary"]
    # What preflight still finds after the fix is only what it cannot fix (no text layer:
    # these pages have text, so nothing).
    assert preflight.check(fixed).passes, preflight.check(fixed).findings


def test_preflight_names_the_chained_javascript_and_exits_3(tmp_path):
    source = _write(tmp_path, "js-in-next-chain")
    done = run_cli("bundle", "preflight", source)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "nothing CM/ECF rejects" not in done.stdout
    assert "page 1: JavaScript" in done.stdout
    source = _write(tmp_path, "bad-addresses")
    done = run_cli("bundle", "preflight", source, "--fix", tmp_path / "fixed.pdf")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "a link to a javascript: address removed (2 times)" in done.stdout
    assert "a link to a file: address removed" in done.stdout
    assert _web_links(tmp_path / "fixed.pdf") == [SAFE_LINK]


def test_preflight_tells_all_that_a_removed_chain_held(tmp_path):
    problems = {f.problem for f in preflight.check(_write(tmp_path, "open-action")).findings}
    assert problems == {"JavaScript (run when the file opens)",
                        "a program-launching action (run when the file opens, chained)",
                        "JavaScript (run on document events such as closing or printing)"}
    problems = {f.line() for f in preflight.check(_write(tmp_path, "page-actions")).findings}
    assert problems == {"page 1: JavaScript (run when the page opens or closes) (2 times)"}


def _case_of(case_path: Path, files: list[Path]) -> Path:
    with CaseFile.open(case_path) as case, case.transaction() as s:
        exhibit_set = add_set(s, "Hostile")
        for file in files:
            document, _ = add_document(s, file)
            add_exhibit(s, exhibit_set, document, file.stem)
    return case_path


@pytest.mark.parametrize("mode", ["merged", "per-exhibit"])
def test_a_bundle_of_every_hostile_file_carries_none_of_it(new_case, tmp_path, mode):
    files = _corpus(tmp_path / "corpus")
    _case_of(new_case, files)
    out = tmp_path / "out"
    args = ["--per-exhibit"] if mode == "per-exhibit" else []
    done = run_cli("bundle", "build", new_case, "Hostile", "--out", out, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "Check: " not in done.stdout, done.stdout  # preflight of the outputs: clean
    outputs = sorted(out.glob("*.pdf"))
    assert len(outputs) == (1 if mode == "merged" else len(files))
    for output in outputs:
        _clean_output(output)
        _no_private_data(output)
    text = "".join(_text(o) for o in outputs)
    assert text.count("Agency record page 1") == len(files)  # every agency page, readable
    links = [link for o in outputs for link in _web_links(o)]
    assert links.count(SAFE_LINK) == sum(keep for _, keep, _ in CORPUS.values())
    fixes = [line for line in done.stdout.splitlines() if line.startswith("Fixed for CM/ECF")]
    print("\n".join(fixes))
    assert any("JavaScript (run when clicked, chained) removed" in f for f in fixes)
    assert any("a program-launching action" in f for f in fixes)


def _damaged(folder: Path) -> Path:
    """A file qpdf must repair: a content stream that is not the Flate it claims to be,
    a second one cut short, and an xref table pointing at the wrong offsets."""
    import zlib

    pdf = _base(2)
    pdf.pages[0].obj.Contents = pdf.make_stream(b"not flate at all", Filter=Name.FlateDecode)
    whole = zlib.compress(_page_text(2) + b" " + b"0 0 m 10 10 l S " * 200)
    pdf.pages[1].obj.Contents = pdf.make_stream(whole[:-8],  # its end and checksum lost
                                                Filter=Name.FlateDecode)
    path = folder / "damaged.pdf"
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    data = path.read_bytes()
    start = int(re.search(rb"startxref\s+(\d+)", data)[1])
    path.write_bytes(data[:start] + data[start:].replace(b" 00000 n", b" 00000 n", 1)
                     .replace(b"0000000009 00000 n", b"0000000001 00000 n"))
    return path


def test_a_damaged_file_fails_preflight_and_its_fix_passes_qpdf(tmp_path):
    source = _damaged(tmp_path)
    assert _qpdf_errors(source), "the fixture is damaged"
    result = preflight.check(source)
    assert any(f.problem.startswith("damaged: ") for f in result.findings), result.findings
    fixed = tmp_path / "fixed.pdf"
    done = preflight.fix(source, fixed)
    assert any("damaged content stream mended" in d for d in done), done
    assert _qpdf_errors(fixed) == ""
    assert "Agency record page 2" in _text(fixed)  # what the cut stream still held


def test_without_qpdf_installed_preflight_finds_the_damage_through_pikepdf(tmp_path,
                                                                           monkeypatch):
    source = _damaged(tmp_path)
    monkeypatch.setattr(preflight.shutil, "which", lambda name: None)
    findings = preflight.check(source).findings
    [damage] = [f.problem for f in findings if f.problem.startswith("damaged: ")]
    assert "page 1: content stream" in damage and str(tmp_path) not in damage


def test_a_bundle_of_a_damaged_file_passes_qpdf(new_case, tmp_path):
    _case_of(new_case, [_damaged(tmp_path)])
    done = run_cli("bundle", "build", new_case, "Hostile", "--out", tmp_path / "out")
    assert done.returncode == 0, done.stdout + done.stderr
    [output] = (tmp_path / "out").glob("*.pdf")
    _clean_output(output)
    assert "Agency record page 2" in _text(output)


def test_a_repaired_file_without_a_size_is_written_readable(tmp_path):
    """qpdf writes no /Size where the source's trailer had none, and its xref stream
    is then unreadable: the fix must not hand back a file worse than it took."""
    raw = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
           b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
           b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >> endobj\n"
           b"4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
           b"5 0 obj << /Length 52 >> stream\n" + _page_text(1) + b"\nendstream endobj\n"
           b"trailer << /Root 1 0 R >>\n%%EOF\n")
    source = tmp_path / "no-xref.pdf"
    source.write_bytes(raw)
    fixed = tmp_path / "fixed.pdf"
    preflight.fix(source, fixed)
    assert _qpdf_errors(fixed) == ""
    assert "Agency record page 1" in _text(fixed)
