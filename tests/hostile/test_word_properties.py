"""Word files we write carry our own document properties, not a template's.

python-docx's default template says "python-docx", "Microsoft Macintosh Word"
14.0, 23 December 2013 and carries a thumbnail; a firm's template carries its
author, company, template path and a document system's custom properties.
Each file below is read back as a ZIP with lxml, apart from python-docx.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
from lxml import etree

from casefile.drafts import builtin, render, templates
from tests.conftest import run_cli

CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _properties(path: Path) -> dict[str, str]:
    """The core and app properties as written, by tag, and the package's parts."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        core = etree.fromstring(z.read("docProps/core.xml"))
        app = etree.fromstring(z.read("docProps/app.xml"))
        settings = z.read("word/settings.xml").decode()
        rels = z.read("_rels/.rels").decode()
    found = {el.tag.split("}")[1]: (el.text or "") for el in core}
    found |= {f"app:{el.tag.split('}')[1]}": (el.text or "") for el in app}
    found["parts"] = " ".join(names)
    found["settings"] = settings
    found["rels"] = rels
    return found


def _assert_ours(props: dict[str, str], author: str, *, when: datetime | None = None) -> None:
    assert props["creator"] == props["lastModifiedBy"] == author, props
    assert props["revision"] == "1"
    assert props["app:Application"] == "Casefile"
    assert not any(k.startswith("app:") and k not in ("app:Application", "app:DocSecurity")
                   for k in props), props  # no template, company, app version, counts
    for gone in ("thumbnail", "custom.xml", "customXml"):
        assert gone not in props["parts"], props["parts"]
    assert "thumbnail" not in props["rels"]
    assert "attachedTemplate" not in props["settings"]
    for key in ("description", "keywords", "subject", "category", "lastPrinted"):
        assert not props.get(key), (key, props.get(key))
    for key in ("created", "modified"):
        stamp = datetime.strptime(props[key], "%Y-%m-%dT%H:%M:%SZ")
        if when is None:  # written now
            assert abs(stamp - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=5)
        else:
            assert stamp == when
    joined = json.dumps(props)
    for leftover in ("2013", "python-docx", "Microsoft", "Macintosh", "14.0", "Jane Smith",
                     "Smith & Co", "Normal.dotm"):
        assert leftover not in joined, leftover


def _firm_template(folder: Path) -> Path:
    """A firm's draft template, as Word leaves one: its author and company, a printed
    date, a thumbnail, custom properties from a document system, and the path of
    the template it was made from. (python-docx's default package, then edited as
    a ZIP.)"""
    document = docx.Document()
    document.add_paragraph("Dear {{ matter.short_title }} team,")
    buffer = io.BytesIO()
    document.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = folder / "firm-letter.docx"
    custom = (b'<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.'
              b'openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
              b'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property '
              b'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="DMSNumber">'
              b"<vt:lpwstr>IMANAGE-4471-Jane Smith</vt:lpwstr></property></Properties>")
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"<dc:creator>python-docx</dc:creator>",
                                    b"<dc:creator>Jane Smith</dc:creator>").replace(
                    b"<cp:category/>", b"<cp:category/><cp:lastPrinted>2019-03-01T10:00:00Z"
                    b"</cp:lastPrinted>")
            elif info.filename == "docProps/app.xml":
                data = data.replace(b"<Company/>", b"<Company>Smith &amp; Co</Company>")
            elif info.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>'))
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'))
            elif info.filename == "word/settings.xml":
                data = data.replace(b"<w:zoom ", (
                    b'<w:attachedTemplate r:id="rId1" xmlns:r="http://schemas.openxmlformats'
                    b'.org/officeDocument/2006/relationships"/><w:zoom '), 1)
            z.writestr(info, data)
        z.writestr("docProps/custom.xml", custom)
        z.writestr("word/_rels/settings.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'attachedTemplate" Target="file:///C:/Users/jsmith/AppData/Roaming/Microsoft/'
            'Templates/Smith%20Firm.dotm" TargetMode="External"/></Relationships>'))
    return out


def test_the_firm_template_fixture_carries_what_must_not_survive(tmp_path):
    props = _properties(_firm_template(tmp_path))
    assert props["creator"] == "Jane Smith" and props["app:Company"] == "Smith & Co"
    assert "docProps/thumbnail.jpeg" in props["parts"] and "docProps/custom.xml" in props["parts"]
    assert props["created"].startswith("2013") and "attachedTemplate" in props["settings"]
    assert props["lastPrinted"].startswith("2019")


def test_a_draft_from_a_firm_template_carries_only_our_properties(tmp_path):
    template = _firm_template(tmp_path)
    out = render.draft(template, {"matter": {"short_title": "IDP v. DHS"}},
                       tmp_path / "letter.docx", author="A. Rivera")
    _assert_ours(_properties(out), "A. Rivera")
    with zipfile.ZipFile(out) as z:
        settings_rels = (z.read("word/_rels/settings.xml.rels")
                         if "word/_rels/settings.xml.rels" in z.namelist() else b"")
        assert b"Smith%20Firm.dotm" not in settings_rels
        assert b"IDP v. DHS" in z.read("word/document.xml")


def test_a_draft_takes_the_author_from_the_settings(demo_case, tmp_path, user_data):
    (user_data / "settings.json").write_text(json.dumps({"author": "A. Rivera, Esq."}),
                                             encoding="utf-8")
    out = tmp_path / "complaint.docx"
    done = run_cli("draft", demo_case, "complaint", "--out", out)
    assert done.returncode == 0, done.stderr
    _assert_ours(_properties(out), "A. Rivera, Esq.")
    done = run_cli("draft", demo_case, "appeal", "--out", tmp_path / "a.docx", "--author", "B")
    assert done.returncode == 0, done.stderr
    _assert_ours(_properties(tmp_path / "a.docx"), "B")


def test_vaughn_exports_and_reviews_carry_our_properties(demo_case, tmp_path, user_data):
    (user_data / "settings.json").write_text(json.dumps({"author": "A. Rivera"}),
                                             encoding="utf-8")
    done = run_cli("vaughn", "export", demo_case, tmp_path / "index.docx")
    assert done.returncode == 0, done.stderr
    props = _properties(tmp_path / "index.docx")
    _assert_ours(props, "A. Rivera")
    assert props["title"].startswith("ICE Vaughn index")
    done = run_cli("vaughn", "review", demo_case, "--out", tmp_path / "review.docx")
    assert done.returncode == 0, done.stderr
    _assert_ours(_properties(tmp_path / "review.docx"), "A. Rivera")


def test_an_export_without_an_author_setting_is_by_casefile(demo_case, tmp_path):
    done = run_cli("vaughn", "export", demo_case, tmp_path / "index.docx")
    assert done.returncode == 0, done.stderr
    _assert_ours(_properties(tmp_path / "index.docx"), "Casefile")


def test_the_built_in_templates_carry_our_properties_and_a_fixed_date(tmp_path):
    for shipped in sorted(templates.built_in_folder().glob("*.docx")):
        props = _properties(shipped)
        _assert_ours(props, "Casefile", when=builtin.MADE)
        assert props["title"], shipped.name
    for made in builtin.write_all(tmp_path):  # made again: the same properties
        with zipfile.ZipFile(made) as new, \
                zipfile.ZipFile(templates.built_in_folder() / made.name) as old:
            for part in ("docProps/core.xml", "docProps/app.xml"):
                assert new.read(part) == old.read(part), (made.name, part)
