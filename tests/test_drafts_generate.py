"""Drafting one document of a case, as the Draft dialog does it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import docx
import pytest

from casefile.drafts.generate import (
    choices,
    default_author,
    default_target,
    document_title,
    draft_case,
)
from casefile.errors import InputError
from casefile.store import CaseFile


def _template(path: Path, *paragraphs: str) -> Path:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(path)
    return path


def test_names_of_drafts(tmp_path):
    assert document_title("joint-status-report") == "Joint status report"
    assert document_title("my_Letter") == "My Letter"
    today = date(2026, 11, 28)
    assert default_target(tmp_path, "complaint", today) == tmp_path / "2026-11-28 Complaint.docx"
    (tmp_path / "2026-11-28 Complaint.docx").touch()
    (tmp_path / "2026-11-28 Complaint (2).docx").touch()
    assert default_target(tmp_path, "complaint", today).name == "2026-11-28 Complaint (3).docx"


def test_the_author_comes_from_the_settings(user_data):
    assert default_author() == "Casefile"
    (user_data / "settings.json").write_text(json.dumps({"author": "A. Rivera"}))
    assert default_author() == "A. Rivera"


def test_the_users_templates_are_marked_as_theirs(user_data, tmp_path):
    _template(user_data / "templates" / "complaint.docx", "Mine: {{ matter.short_title }}")
    found = {c.name: c for c in choices()}
    assert found["complaint"].mine and found["complaint"].about == ""
    assert not found["appeal"].mine and found["appeal"].about.startswith("Administrative appeal")


def test_a_template_with_a_broken_tag_is_named_and_nothing_written(demo_case, tmp_path):
    # docxtpl's own scan of the fields fails on it; the check still names the paragraph.
    template = _template(tmp_path / "broken.docx", "Dear Counsel,", "Re {{ foo")
    target = tmp_path / "out.docx"
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s, \
            pytest.raises(InputError, match=r"broken.docx, paragraph 2 \(“Re \{\{ foo”\)"):
        draft_case(s, template, target)
    assert not target.exists()


def test_a_draft_and_its_placeholders(new_case, tmp_path):
    from casefile.matter import add_matter

    with CaseFile.open(new_case) as case:
        with case.transaction() as s:
            add_matter(s, "Doe v. ICE", "Doe v. ICE")
        template = _template(tmp_path / "t.docx", "{{ matter.short_title }}, No. "
                             "{{ matter.docket_no }}")
        with case.reading() as s:
            drafted = draft_case(s, template, tmp_path / "out.docx", author="A. Rivera")
    assert docx.Document(drafted.path).paragraphs[0].text == "Doe v. ICE, No. [DOCKET NO.]"
    assert docx.Document(drafted.path).core_properties.author == "A. Rivera"
    assert any("docket number" in w for w in drafted.warnings)
