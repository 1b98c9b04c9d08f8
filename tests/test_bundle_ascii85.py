"""Content streams filtered ASCII85 then Flate lose their ASCII85 layer as the
bundle copies them (``casefile.bundles.ascii85``), and draw the same bytes.

Fixtures and what each must give:
- 300 Flate streams of random bytes (zeros, 0xFF, lengths 0..299) encoded by
  Python's ``base64.a85encode``: each page's stream becomes plain Flate with
  exactly the Flate bytes encoded, decoding to the text;
- malformed ASCII85 (a character outside ! .. u, Adobe's "<~" in front, a
  "z" inside a group, a group over 2**32, one digit alone at the end, no
  "~>"): the stream is left as it was, filters and bytes;
- a three-page ReportLab PDF (ReportLab writes its content ASCII85 over
  Flate): in the bundle, each exhibit page's own content stream is plain
  Flate and decodes (by qpdf, through pikepdf) to the source page's bytes.
"""

from __future__ import annotations

import base64
import io
import random
import zlib

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from casefile.bundles import profiles
from casefile.bundles.ascii85 import unwrap_contents, well_formed
from casefile.bundles.build import BundleOptions, build
from casefile.exhibits import find_set
from casefile.store import CaseFile
from tests.test_bundles import _one_exhibit_case, _qpdf_ok, _text


def _page(pdf: pikepdf.Pdf, raw: bytes) -> pikepdf.Dictionary:
    stream = pdf.make_indirect(pikepdf.Stream(pdf, raw))
    stream.Filter = pikepdf.Array([pikepdf.Name.ASCII85Decode, pikepdf.Name.FlateDecode])
    return pikepdf.Dictionary(Type=pikepdf.Name.Page, Contents=stream)


def test_unwrapping_keeps_the_flate_data_the_standard_library_encoded():
    rng = random.Random(21)
    pdf = pikepdf.new()
    pages, expected = [], []
    for length in range(300):
        text = (b"BT /F1 12 Tf 72 720 Td (%d) Tj ET\n" % length
                + bytes(rng.choice((0, 0, 255, rng.randrange(256))) for _ in range(length)))
        # Every third stored (level 0) with 16 zero bytes in it: a "z" group.
        flate = zlib.compress(text + bytes(16), 0) if length % 3 == 0 else zlib.compress(text)
        text += bytes(16) if length % 3 == 0 else b""
        encoded = base64.a85encode(flate, wrapcol=rng.choice((0, 64, 75)))
        pages.append(_page(pdf, encoded + rng.choice((b"~>", b"\n~>\n"))))
        expected.append((flate, text))
    # Groups starting "s" (checked against 2**32) and "z" (four zeros) both occur.
    assert any(b"s" in base64.a85encode(f)[0::5] for f, _t in expected)
    assert any(b"z" in base64.a85encode(f) for f, _t in expected)
    unwrap_contents(pages)
    for page, (flate, text) in zip(pages, expected, strict=True):
        assert page.Contents.Filter == pikepdf.Name.FlateDecode
        assert page.Contents.read_raw_bytes() == flate and page.Contents.read_bytes() == text


@pytest.mark.parametrize("bad", [b"ab{cd~>", b"!!z!!!~>", b's8W-"~>', b"!!!!!t~>",
                                 b"!!!!!!~>", b"87cURD]i,", b"87cUR\x80~>",
                                 b"<~87cURD]i,~>"])
def test_malformed_ascii85_is_left_alone(bad):
    assert not well_formed(bad)
    pdf = pikepdf.new()
    page = _page(pdf, bad)
    unwrap_contents([page])
    assert list(page.Contents.Filter) == ["/ASCII85Decode", "/FlateDecode"]
    assert page.Contents.read_raw_bytes() == bad


def test_the_largest_group_and_zeros_are_well_formed():
    # As Python's a85decode judges them: "s8N" is 0xFFFF; "s8W", padded with "u"
    # as the last group is, is over 2**32.
    assert well_formed(b"s8W-!~>") and well_formed(b"z!!!!!~>") and well_formed(b"s8N~>")
    assert not well_formed(b"s8W~>") and not well_formed(b"s8W-\"~>")


def test_a_reportlab_exhibit_is_filed_with_the_same_content_in_plain_flate(new_case, tmp_path):
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for n in range(3):
        canvas.drawString(72, 720, f"Page {n + 1} of the agency's letter (b)(6)")
        canvas.showPage()
    canvas.save()
    source = tmp_path / "letter.pdf"
    source.write_bytes(buffer.getvalue())
    with pikepdf.open(source) as pdf:
        assert all(list(p.Contents.Filter) == ["/ASCII85Decode", "/FlateDecode"]
                   for p in pdf.pages)
        expected = [p.Contents.read_bytes() for p in pdf.pages]
    _one_exhibit_case(new_case, source)
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, "One"), tmp_path / "out",
                       BundleOptions(profiles.get(None), bates_prefix="PLTF-"))
    [out] = report.outputs
    _qpdf_ok(out.path)
    with pikepdf.open(out.path) as bundle:
        # Index, slip sheet, then the three pages: [opening, the page's own, the marks].
        own = [bundle.pages[i].Contents[1] for i in range(2, 5)]
        assert [str(s.Filter) for s in own] == ["/FlateDecode"] * 3
        assert [s.read_bytes() for s in own] == expected
    text = _text(out.path).split("\f")
    assert "Page 3 of the agency's letter (b)(6)" in text[4] and "PLTF-000004" in text[4]


def test_a_cut_flate_stream_under_ascii85_is_mended_not_refused(new_case, tmp_path):
    """Fixture: a two-page PDF whose first page's content is ASCII85 over a Flate
    stream cut short (its start draws "The start survives"), written whole by
    pikepdf so qpdf opens it without a warning. Expected: the build mends the
    page (the cleaner reads the Flate data once the ASCII85 is off), the bundle
    passes qpdf --check, and the page keeps what could be read. (Without the
    unwrapping the stream was copied cut short, unreported: qpdf --check does
    not flag it.)"""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    text = b"BT /F1 12 Tf 72 720 Td (The start survives) Tj ET\n" + b"".join(
        b"BT /F1 9 Tf 72 %d Td (line %d %s) Tj ET\n" % (700 - n, n, bytes(rng_text(n)))
        for n in range(400))
    flate = zlib.compress(text)
    for data in (flate[:len(flate) // 2], flate):
        stream = pdf.make_indirect(pikepdf.Stream(pdf, base64.a85encode(data) + b"~>"))
        stream.Filter = pikepdf.Array([pikepdf.Name.ASCII85Decode, pikepdf.Name.FlateDecode])
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=pikepdf.Array([0, 0, 612, 792]),
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=stream)))
    source = tmp_path / "cut.pdf"
    # Written as made: not decoded and compressed again by qpdf.
    pdf.save(source, compress_streams=False,
             stream_decode_level=pikepdf.StreamDecodeLevel.none)
    with pikepdf.open(source) as check:
        assert not check.get_warnings()  # opened cleanly: not a repaired file
        assert list(check.pages[0].Contents.Filter) == ["/ASCII85Decode", "/FlateDecode"]
    _one_exhibit_case(new_case, source)
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, "One"), tmp_path / "out",
                       BundleOptions(profiles.get(None), bates_prefix="PLTF-"))
    [out] = report.outputs
    _qpdf_ok(out.path)
    assert any("damaged content stream" in line for line in report.fixes), report.fixes
    pages = _text(out.path).split("\f")
    assert "The start survives" in pages[2] and "line 399" in pages[3]


def rng_text(n: int) -> bytes:
    return bytes(97 + (n * 7 + k * 13) % 26 for k in range(40))
