"""Outside the page: bookmarks, annotations' notes, document information and
XMP metadata, and form fields are checked for personal data and for text a
redaction box covers; `redact` removes them too, and pdftotext and
qpdf --qdf of its output find none of it."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf

from casefile.privacy.check import check_pdf
from tests.conftest import need_tool, run_cli
from tests.privacy_corpus import FILED, redaction_cases

XMP = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Detainee record, DOB: 02/11/1985
</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def _field(pdf: pikepdf.Pdf, page, name: str, value: str, rect: list[float]):
    """A text field with its widget on ``page``, its appearance drawing the value."""
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)
    appearance = pdf.make_stream(f"BT /Helv 10 Tf 2 4 Td ({value}) Tj ET".encode())
    appearance.Type, appearance.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    appearance.BBox = [0, 0, rect[2] - rect[0], rect[3] - rect[1]]
    appearance.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font))
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx,
        T=pikepdf.String(name), V=pikepdf.String(value), Rect=rect, P=page.obj,
        AP=pikepdf.Dictionary(N=appearance)))


def outside_pdf() -> bytes:
    """Page 1 of the corpus's 'black box drawn over the text' ('Maria Gonzalez'
    under a black box at 217,695 to about 307,711), and outside the page:
    - a bookmark 'Interview of Maria Gonzalez' (the boxed name survives there);
    - a note (Text annotation) at 400,400 saying 'Call Maria Gonzalez back';
    - /Subject 'SSN 219-09-9999' in the document information (personal data);
    - XMP metadata 'DOB: 02/11/1985' (personal data: a birth date);
    - a form field 'alien' at 72,500 holding 'A-123-456-789' (an A-number);
    - a form field 'informant' placed under the black box, holding 'Pedro Alvarez'.
    Expected by the check: the boxed name, its survival in the bookmark and the
    note, the field under the box; the SSN, the birth date and the A-number."""
    boxed = next(c.pdf for c in redaction_cases() if c.name == "black box drawn over the text")
    pdf = pikepdf.open(io.BytesIO(boxed))
    page = pdf.pages[0]
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Interview of Maria Gonzalez", 0))
    note = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[400, 400, 420, 420],
        Contents=pikepdf.String("Call Maria Gonzalez back")))
    alien = _field(pdf, page, "alien", "A-123-456-789", [72, 500, 250, 516])
    informant = _field(pdf, page, "informant", "Pedro Alvarez", [220, 696, 300, 710])
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([note, alien, informant]))
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=[alien, informant]))
    pdf.docinfo["/Subject"] = pikepdf.String("SSN 219-09-9999")
    pdf.Root.Metadata = pdf.make_stream(XMP, Type=pikepdf.Name.Metadata,
                                        Subtype=pikepdf.Name.XML)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


SECRETS = ["Gonzalez", "219-09-9999", "02/11/1985", "123-456-789", "Alvarez"]


def test_the_check_reads_bookmarks_notes_metadata_and_form_fields():
    report = check_pdf(outside_pdf(), filed=FILED)
    hows = sorted(h.how for h in report.hidden)
    assert hows == ["a dark box drawn over the text",
                    "form field 'informant', under a dark box, holds text",
                    "the text under the box is also in bookmark 'Interview of Maria Gonzalez'",
                    "the text under the box is also in the text note on page 1"]
    assert {h.text for h in report.hidden} == {"Maria Gonzalez", "Pedro Alvarez"}
    personal = sorted((f.kind, f.text) for f in report.personal if f.blocking)
    assert personal == [
        ("Social Security number, in the document's /Subject", "219-09-9999"),
        ("alien registration number, in form field 'alien'", "A-123-456-789"),
        ("birth date, in the XMP metadata", "02/11/1985")]


def test_redact_findings_removes_them_outside_the_page_as_real_readers_see(tmp_path):
    need_tool("pdftotext")
    need_tool("qpdf")
    source = tmp_path / "release.pdf"
    source.write_bytes(outside_pdf())
    flat = tmp_path / "before.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(source), str(flat)],
                   check=True)
    before = flat.read_bytes()
    assert all(s.encode() in before for s in SECRETS)  # the fixture holds each of them
    out = tmp_path / "redacted.pdf"
    done = run_cli("redact", source, "--out", out, "--findings", "--today", "2026-12-07")
    assert done.returncode == 0, done.stdout + done.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(out), str(flat)],
                   check=True)
    after = flat.read_bytes()
    for secret in SECRETS:
        assert secret not in text and secret.encode() not in after, secret
        assert secret.encode("utf-16-be") not in after, secret
    log = Path(str(out)[:-4] + " - redaction log.txt").read_text(encoding="utf-8")
    assert "a bookmark" in log and "XMP metadata: removed" in log
    assert "form field 'alien'" in log and "form field 'informant'" in log
    report = check_pdf(out.read_bytes(), filed=FILED)
    assert report.hidden == [] and [f for f in report.personal if f.blocking] == []


def test_a_bookmark_that_loops_back_on_itself_is_read_once(tmp_path):
    """A crafted outline: one bookmark titled 'SSN 219-09-9999' whose /Next
    is itself. Expected: the check ends, finds the number once, and redact
    scrubs it (the walk is bounded, never endless)."""
    pdf = pikepdf.open(io.BytesIO(next(c.pdf for c in redaction_cases()
                                       if c.name == "black box drawn over the text")))
    item = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("SSN 219-09-9999")))
    item.Next = item
    pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(First=item, Last=item))
    out = io.BytesIO()
    pdf.save(out)
    report = check_pdf(out.getvalue(), filed=FILED)
    assert [(f.kind, f.text) for f in report.personal] == [
        ("Social Security number, in bookmark 'SSN 219-09-9999'", "219-09-9999")]
    source = tmp_path / "loop.pdf"
    source.write_bytes(out.getvalue())
    done = run_cli("redact", source, "--out", tmp_path / "clean.pdf", "--findings")
    assert done.returncode == 0, done.stdout + done.stderr
    need_tool("qpdf")
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(tmp_path / "clean.pdf"),
                    str(flat)], check=True)
    assert b"219-09-9999" not in flat.read_bytes()
