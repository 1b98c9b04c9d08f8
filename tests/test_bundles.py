"""Exhibit bundles: built from the demo's exhibit set and from awkward files, read back
by qpdf, poppler and pypdf."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import A4, landscape, legal, letter
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from casefile.bundles import preflight, profiles
from casefile.bundles.build import BundleOptions, build, record_overrides
from casefile.errors import InputError
from casefile.exhibits import add_exhibit, add_set, find_set, move, paragraph, relabel
from casefile.ingest.batch import add_document
from casefile.store import CaseFile
from casefile.store.models import Document, LabelScheme, Note
from tests.conftest import CORPUS, need_tool, run_cli, sha256


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


SET = "Rivera Declaration exhibits"


def _options(**kw) -> BundleOptions:
    return BundleOptions(profiles.get(kw.pop("profile", None)), **kw)


def _text(pdf: Path, *args: str) -> str:
    need_tool("pdftotext")
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _qpdf_ok(pdf: Path) -> None:
    need_tool("qpdf")
    done = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_merged_bundle_has_an_index_slip_sheets_stamps_bates_bookmarks_and_labels(
        demo_case, tmp_path):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, SET), tmp_path, _options(bates_prefix="PLTF-"))
    [out] = report.outputs
    _qpdf_ok(out.path)
    reader = PdfReader(out.path)
    # Index (1 page) + 5 slip sheets + 2 + 2 + 1 + 1 + 4 pages of exhibits.
    assert len(reader.pages) == out.pages == 1 + 5 + 10
    text = _text(out.path)
    assert "INDEX OF EXHIBITS" in text and "FOIA request to ICE dated June 18, 2020" in text
    pages = text.split("\f")
    assert "EXHIBIT 1" in pages[1] and "PLTF-000001" in pages[1]  # the slip sheet
    assert "EXHIBIT 1" in pages[2] and "Ex. 1 – p. 1 of 2" in pages[2]
    assert "PLTF-000002" in pages[2] and "Ex. 1 – p. 2 of 2" in pages[3]
    assert "PLTF-000015" in pages[15] and "Ex. 5 – p. 4 of 4" in pages[15]
    # The agency's own Bates number and markings are still there, uncovered.
    assert "ICE-2020-000007" in pages[12] and "(b)(6); (b)(7)(C)" in pages[12]
    assert [o.title for o in reader.outline] == [
        "Ex. 1 – FOIA request to ICE dated June 18, 2020",
        "Ex. 2 – FOIA request to DHS dated June 18, 2020",
        "Ex. 3 – ICE acknowledgment letter dated June 25, 2020",
        "Ex. 4 – ICE first interim release letter dated January 15, 2021",
        "Ex. 5 – Pages ICE-2020-000007 to ICE-2020-000010 of the first interim release"]
    assert reader.page_labels[:4] == ["i", "Ex. 1", "Ex. 1-1", "Ex. 1-2"]
    links = [a.get_object() for a in reader.pages[0]["/Annots"]]
    targets = [reader.get_page_number(link["/Dest"][0].get_object()) if "/Dest" in link else
               reader.get_page_number(link["/A"]["/D"][0].get_object()) for link in links]
    assert targets == [1, 4, 7, 9, 11]  # each row opens its exhibit's slip sheet


def test_the_same_inputs_give_the_same_bytes_and_a_true_manifest(demo_case, tmp_path):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        one = build(s, find_set(s, SET), tmp_path / "one", _options(zip=True))
        two = build(s, find_set(s, SET), tmp_path / "two", _options(zip=True))
    assert sha256(one.outputs[0].path) == sha256(two.outputs[0].path)
    assert sha256(one.archive) == sha256(two.archive)
    manifest = one.manifest.read_text(encoding="utf-8")
    assert f"{sha256(one.outputs[0].path)}  {one.outputs[0].path.name}" in manifest
    assert manifest.count("source: Ex.") == 5


def test_the_output_carries_no_author_path_or_xmp(demo_case, tmp_path):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, SET), tmp_path, _options())
    data = report.outputs[0].path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert dict(reader.metadata) == {"/Title": SET, "/Producer": "Casefile"}
    assert "/Metadata" not in reader.trailer["/Root"]
    assert b"/Author" not in data and str(tmp_path).encode() not in data
    assert preflight.check(report.outputs[0].path).passes


def test_marks_stay_upright_in_the_margin_on_every_page_size_and_rotation(new_case, tmp_path):
    source = tmp_path / "mixed.pdf"
    buffer = io.BytesIO()
    c = Canvas(buffer, invariant=1)
    sizes = (letter, legal, A4, landscape(letter), letter)
    for size in sizes:
        c.setPageSize(size)
        c.drawString(72, 72, "Body text")
        c.showPage()
    c.save()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    writer.pages[4].rotate(90)
    writer.write(source)
    with CaseFile.open(new_case) as case, case.transaction() as s:
        document, _ = add_document(s, source)
        exhibit_set = add_set(s, "Mixed")
        add_exhibit(s, exhibit_set, document, "Pages of every shape")
        report = build(s, exhibit_set, tmp_path / "out",
                       _options(index=False, slip_sheets=False, bates_prefix="P-"))
    out = report.outputs[0].path
    _qpdf_ok(out)
    # pdftotext -bbox gives word boxes in the page as displayed, origin top left.
    shown = [(w, h) for w, h in sizes[:4]] + [(letter[1], letter[0])]
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">(P-\d+|EXHIBIT)</word>', _text(out, "-bbox"))
    bates = [b for b in boxes if b[4].startswith("P-")]
    assert [b[4] for b in bates] == [f"P-{n:06d}" for n in range(1, 6)]
    for (x0, y0, x1, y1, _), (width, height) in zip(bates, shown, strict=True):
        # Bottom left, in the margin: 3/8 in. (27 pt) inside the edges, where printers
        # do not clip (issue 22), and within 3/4 in. of the bottom.
        assert 27 <= float(x0) < 72 and float(x1) < width / 3
        assert height - 54 < float(y0) < float(y1) <= height - 27
    [stamp] = [b for b in boxes if b[4] == "EXHIBIT"]
    # Top right of page 1, as far in.
    assert letter[0] - 108 < float(stamp[2]) <= letter[0] - 27
    assert float(stamp[1]) >= 27 and float(stamp[3]) < 54


def test_a_privileged_document_needs_an_override_which_is_recorded(demo_case, tmp_path):
    with CaseFile.open(demo_case) as case:
        with case.transaction() as s:
            exhibit_set = find_set(s, SET)
            exhibit_set.exhibits[2].document.privileged = True
        with case.reading() as s, pytest.raises(InputError) as refused:
            build(s, find_set(s, SET), tmp_path / "no", _options())
        assert "Ex. 3" in refused.value.message and "--allow-privileged 3" in \
            refused.value.message
        assert not (tmp_path / "no").exists() or not list((tmp_path / "no").iterdir())
        with case.transaction() as s:
            exhibit_set = find_set(s, SET)
            report = build(s, exhibit_set, tmp_path / "yes",
                           _options(allow_privileged=frozenset({"3"})))
            record_overrides(s, exhibit_set, report)
        with case.reading() as s:
            notes = [n.text for n in s.scalars(select(Note))]
    assert report.outputs and any("Ex. 3" in n and "override" in n for n in notes)


def _one_exhibit_case(case_path: Path, file: Path, title: str = "The exhibit",
                      pages: str | None = None, unread: bool = False):
    with CaseFile.open(case_path) as case, case.transaction() as s:
        document = _stored_unread(s, file) if unread else add_document(s, file)[0]
        exhibit_set = add_set(s, "One")
        exhibit = add_exhibit(s, exhibit_set, document, title)
        exhibit.page_selection = pages
    return case_path


def _stored_unread(s, file: Path) -> Document:
    """A file's bytes in the case, unread: how an email's attachment the reader
    could not read is kept (and how older cases hold an exhibit's file), since
    `add_document` now refuses what the import refuses."""
    from casefile.ingest import kinds
    from casefile.store import blobs

    blob, _ = blobs.put_file(s, file)
    document = Document(blob=blob, name=file.name,
                        media_type=kinds.detect(file, file.read_bytes()[:2048]))
    s.add(document)
    s.flush()
    return document


@pytest.mark.parametrize("name, data, words", [
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "damaged PDF"),
    ("locked.pdf", None, "encrypted with a password"),
    ("picture.png", b"\x89PNG\r\n\x1a\n but not really", "image cannot be read"),
])
def test_a_bad_exhibit_stops_the_build_by_name_and_writes_nothing(new_case, tmp_path, name,
                                                                 data, words):
    file = tmp_path / name
    if data is None:
        file.write_bytes((CORPUS / "005-libreoffice-writer-password" /
                          "libreoffice-writer-password.pdf").read_bytes())
    else:
        file.write_bytes(data)
    _one_exhibit_case(new_case, file, unread=True)
    out = tmp_path / "out"
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s, \
            pytest.raises(InputError) as caught:
        build(s, find_set(s, "One"), out, _options())
    assert f"Ex. 1 ({name})" in caught.value.message and words in caught.value.message
    assert not out.exists()


def test_a_page_selection_past_the_end_names_the_exhibit(new_case, tmp_path):
    file = CORPUS / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf"
    _one_exhibit_case(new_case, file, pages="3-9")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s, \
            pytest.raises(InputError, match=r"Ex\. 1 .*pages 3-9.*past the end"):
        build(s, find_set(s, "One"), tmp_path / "out", _options())


def test_images_become_pages(new_case, tmp_path):
    file = CORPUS / "007-imagemagick-images" / "smile.tiff"
    _one_exhibit_case(new_case, file, "A photograph")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, "One"), tmp_path, _options(index=False))
    _qpdf_ok(report.outputs[0].path)
    assert report.outputs[0].pages == 2  # slip sheet and the picture


def test_an_exhibit_over_the_size_limit_is_split_into_parts(new_case, tmp_path, monkeypatch,
                                                            user_data):
    (user_data / "court_profiles.json").write_text(
        '{"profiles": [{"key": "tiny", "name": "Tiny", "size_limit_mb": 0.2}]}',
        encoding="utf-8")
    file = CORPUS / "009-pdflatex-geotopo" / "GeoTopo-komprimiert.pdf"
    _one_exhibit_case(new_case, file, "A long report", pages="1-25")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        merged = pytest.raises(InputError, match="over the Tiny limit")
        with merged:
            build(s, find_set(s, "One"), tmp_path / "m", _options(profile="tiny"))
        report = build(s, find_set(s, "One"), tmp_path / "p",
                       _options(profile="tiny", mode="per-exhibit"))
    parts = report.outputs
    assert len(parts) > 1
    assert all(o.size <= 0.2 * 1024 * 1024 for o in parts)
    assert parts[0].path.name.endswith(f"(Part 1 of {len(parts)}).pdf")
    assert parts[1].description.startswith(f"Exhibit 1 (Part 2 of {len(parts)})")
    assert sum(o.pages for o in parts) == 25 + 1  # every page once, one slip sheet
    for o in parts:
        _qpdf_ok(o.path)
    second = _text(parts[1].path).split("\f")[0]
    assert f"EXHIBIT 1 (PART 2 OF {len(parts)})" in second


def test_preflight_finds_and_fixes_what_cm_ecf_rejects(tmp_path):
    forms = CORPUS / "010-pdflatex-forms" / "pdflatex-forms.pdf"
    result = preflight.check(forms)
    assert any("form fields" in f.problem for f in result.findings)
    fixed = tmp_path / "fixed.pdf"
    done = preflight.fix(forms, fixed)
    assert any("flattened" in d for d in done)
    assert preflight.check(fixed).passes
    _qpdf_ok(fixed)

    writer = PdfWriter(clone_from=CORPUS / "001-trivial" / "minimal-document.pdf")
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('hello');")})
    writer.add_attachment("secret.txt", b"internal notes")
    scripted = tmp_path / "scripted.pdf"
    writer.write(scripted)
    problems = {f.problem for f in preflight.check(scripted).findings}
    assert {"JavaScript (run when the file opens)", "embedded (attached) files"} <= problems
    preflight.fix(scripted, tmp_path / "clean.pdf")
    assert preflight.check(tmp_path / "clean.pdf").passes


def test_exhibits_reorder_and_relabel_and_read_as_paragraphs(demo_case):
    with CaseFile.open(demo_case) as case, case.transaction() as s:
        exhibit_set = find_set(s, SET)
        fifth = exhibit_set.exhibits[4]
        move(s, fifth, 1)
        relabel(s, exhibit_set, LabelScheme.LETTERS, "Ex.")
        ordered = sorted(exhibit_set.exhibits, key=lambda e: e.position)
        assert [e.label for e in ordered] == ["A", "B", "C", "D", "E"]
        assert ordered[0] is fifth
        assert paragraph(ordered[0]) == (
            "Attached as Exhibit A is a true and correct copy of pages ICE-2020-000007 to "
            "ICE-2020-000010 of the first interim release.")
        assert paragraph(ordered[1]) == ("Attached as Exhibit B is a true and correct copy of "
                                         "the FOIA request to ICE dated June 18, 2020.")


def test_the_bundle_commands(demo_case, tmp_path):
    done = run_cli("bundle", "build", demo_case, SET, "--out", tmp_path, "--bates", "PLTF-",
                   "--per-exhibit", "--zip")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Wrote ") == 5 and "SHA-256 manifest" in done.stdout
    files = sorted(p.name for p in tmp_path.iterdir())
    assert "Ex. 1 - FOIA request to ICE dated June 18, 2020.pdf" in files
    assert "Rivera Declaration exhibits.zip" in files
    done = run_cli("bundle", "preflight", tmp_path / files[0])
    assert done.returncode == 0 and "nothing CM/ECF rejects" in done.stdout
    forms = CORPUS / "010-pdflatex-forms" / "pdflatex-forms.pdf"
    done = run_cli("bundle", "preflight", forms)
    assert done.returncode == 3 and "form fields" in done.stdout
    done = run_cli("bundle", "exhibits", demo_case, SET, "--scheme", "letters")
    assert done.returncode == 0 and "Ex. A\tFOIA request to ICE" in done.stdout
    done = run_cli("bundle", "build", demo_case, "No such set", "--out", tmp_path)
    assert done.returncode == 1 and "no exhibit set" in done.stderr


def test_a_scanned_page_gets_an_invisible_text_layer(new_case, tmp_path):
    need_tool("tesseract")
    from PIL import Image, ImageDraw, ImageFont

    from casefile.ingest import import_files

    picture = Image.new("L", (1700, 2200), 255)
    ImageDraw.Draw(picture).text((150, 300), "OPERATION PALLADIUM TARGET LIST", fill=0,
                                 font=ImageFont.load_default(size=64))
    scan = tmp_path / "scan.pdf"
    picture.save(scan, "PDF", resolution=200)  # an image-only page
    with CaseFile.open(new_case) as case:
        [result] = import_files(case, [scan], ocr=False).results
        with case.transaction() as s:
            from casefile.store.models import Document

            exhibit_set = add_set(s, "Scans")
            add_exhibit(s, exhibit_set, s.get(Document, result.document_id), "A scan")
        with case.reading() as s:
            without = build(s, find_set(s, "Scans"), tmp_path / "plain",
                            _options(index=False, ocr=False))
            report = build(s, find_set(s, "Scans"), tmp_path / "ocr", _options(index=False))
    assert any("no text layer" in w for w in without.warnings)
    assert any("text layer added by OCR" in f for f in report.fixes)
    text = _text(report.outputs[0].path).upper()
    assert "PALLADIUM" in text and "TARGET" in text
    assert preflight.check(report.outputs[0].path).passes


def test_the_index_counts_its_own_pages_before_drawing_them():
    from casefile.bundles import sheets

    rows = [sheets.IndexRow(f"Exhibit {n}", "Letter from ICE to counsel concerning the "
                            f"production schedule, part {n} " * (1 + n % 3), n)
            for n in range(1, 90)]
    heading = ["COURT", "Case", "INDEX OF EXHIBITS"]
    data, layout = sheets.index_pages(heading, rows)
    assert layout.pages > 2
    assert sheets.index_page_count(heading, rows) == layout.pages == len(
        PdfReader(io.BytesIO(data)).pages)


def test_word_files_and_emails_become_pages(new_case, tmp_path):
    need_tool("soffice")
    import docx

    from casefile.ingest import import_files

    word = tmp_path / "memo.docx"
    d = docx.Document()
    d.add_paragraph("Memorandum on Operation Palladium staffing (SAMPLE)")
    d.save(word)
    mail = tmp_path / "note.eml"
    mail.write_text("From: FOIA Office <foia@ice.example>\nTo: counsel@ccr.example\n"
                    "Subject: Interim release schedule\nDate: Mon, 15 Feb 2021 10:00:00 -0500\n"
                    "Message-ID: <a1@ice.example>\n\nThe next release will follow on "
                    "March 15, 2021.\n", encoding="utf-8")
    with CaseFile.open(new_case) as case:
        results = import_files(case, [word, mail], ocr=False).results
        with case.transaction() as s:
            from casefile.store.models import Document

            exhibit_set = add_set(s, "Mixed sources")
            for result, title in zip(results, ("Staffing memo", "Email of February 15, 2021"),
                                     strict=True):
                add_exhibit(s, exhibit_set, s.get(Document, result.document_id), title)
        with case.reading() as s:
            report = build(s, find_set(s, "Mixed sources"), tmp_path / "out",
                           _options(index=False))
    _qpdf_ok(report.outputs[0].path)
    text = " ".join(_text(report.outputs[0].path).split())
    assert "Memorandum on Operation Palladium staffing" in text
    assert "The next release will follow on March 15, 2021." in text


def test_links_on_a_shrunk_page_move_with_its_content(new_case, tmp_path):
    source = CORPUS / "016-libre-office-link" / "libre-office-link.pdf"
    before = [[float(v) for v in a.get_object()["/Rect"]]
              for a in PdfReader(source).pages[0].get("/Annots", [])]
    assert before, "the corpus file has a link"
    _one_exhibit_case(new_case, source, "A letter with a link")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, "One"), tmp_path, _options(index=False,
                                                                 slip_sheets=False))
    page = PdfReader(report.outputs[0].path).pages[0]
    after = [[float(v) for v in a.get_object()["/Rect"]] for a in page["/Annots"]]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    for b, a in zip(before, after, strict=True):
        assert a[0] == pytest.approx(w / 2 + 0.94 * (b[0] - w / 2), abs=0.01)
        assert a[3] == pytest.approx(h / 2 + 0.94 * (b[3] - h / 2), abs=0.01)


def test_marks_in_one_place_and_a_fix_over_its_own_source_are_refused(demo_case, tmp_path):
    done = run_cli("bundle", "build", demo_case, SET, "--out", tmp_path, "--bates", "X-",
                   "--footer-position", "bottom-left")
    assert done.returncode == 1 and "would both print at bottom-left" in done.stderr
    source = tmp_path / "copy.pdf"
    source.write_bytes((CORPUS / "001-trivial" / "minimal-document.pdf").read_bytes())
    done = run_cli("bundle", "preflight", source, "--fix", source)
    assert done.returncode == 1 and "new file" in done.stderr
    assert source.read_bytes() == (CORPUS / "001-trivial" / "minimal-document.pdf").read_bytes()


def test_exhibits_are_named_as_they_are_shown(demo_case, tmp_path):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        document = find_set(s, SET).exhibits[2].document.name
    done = run_cli("mark", demo_case, document, "--privileged")
    assert done.returncode == 0 and "is marked privileged" in done.stdout
    done = run_cli("bundle", "build", demo_case, SET, "--out", tmp_path,
                   "--allow-privileged", "Ex. 3")
    assert done.returncode == 0, done.stderr
    done = run_cli("bundle", "build", demo_case, SET, "--out", tmp_path,
                   "--allow-privileged", "9")
    assert done.returncode == 1 and "names no exhibit" in done.stderr
    done = run_cli("bundle", "exhibits", demo_case, SET, "--move", "Ex. 5", "1")
    assert done.returncode == 0 and done.stdout.splitlines()[0].startswith("Ex. 1\tPages")


def test_a_scan_stored_without_being_read_is_still_found_and_ocrd(new_case, tmp_path):
    need_tool("tesseract")
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("L", (1700, 2200), 255)
    ImageDraw.Draw(picture).text((150, 300), "DETAINER COMPLIANCE LIST", fill=0,
                                 font=ImageFont.load_default(size=64))
    scan = tmp_path / "scan.pdf"
    picture.save(scan, "PDF", resolution=200)
    _one_exhibit_case(new_case, scan, "A scan added beside a letter")  # stored, never read
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, "One"), tmp_path / "out", _options(index=False))
    assert any("text layer added by OCR" in f for f in report.fixes)
    assert "COMPLIANCE" in _text(report.outputs[0].path).upper()



def _cancel_at(step: int, token):
    """A progress callback that cancels the build as it reports its ``step``-th step."""
    seen = []

    def progress(note: str) -> None:
        seen.append(note)
        if len(seen) > step:
            token.cancel()
    return progress


@pytest.mark.parametrize("mode", ["merged", "per-exhibit"])
def test_a_cancelled_build_leaves_no_file_wherever_it_stops(demo_case, tmp_path, monkeypatch,
                                                            mode):
    from casefile.bundles import build as bundle_build
    from casefile.jobs import Cancelled, CancelToken

    def nothing_in(out: Path) -> bool:
        return not out.exists() or list(out.iterdir()) == []

    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        steps: list[str] = []
        build(s, find_set(s, SET), tmp_path / "whole", _options(mode=mode),
              progress=steps.append)
        assert steps[-1].startswith("Writing")
        for step in range(len(steps)):
            token, out = CancelToken(), tmp_path / f"cancelled-{step}"
            with pytest.raises(Cancelled):
                build(s, find_set(s, SET), out, _options(mode=mode),
                      progress=_cancel_at(step, token), cancel=token)
            assert nothing_in(out), steps[step]
        # Cancelled as a file is assembled: in a merged build only the last check is left,
        # the one before the finished files move in.
        token, out = CancelToken(), tmp_path / "cancelled-at-the-end"
        finish = bundle_build._Output.finish
        monkeypatch.setattr(bundle_build._Output, "finish",
                            lambda output, title: (finish(output, title), token.cancel())[0])
        with pytest.raises(Cancelled):
            build(s, find_set(s, SET), out, _options(mode=mode), cancel=token)
        assert nothing_in(out)
