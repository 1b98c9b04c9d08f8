"""The built-in templates, written as ordinary Word files with Jinja tags.

They are made by this module (``python -m casefile.drafts.builtin``) and
shipped in ``resources/templates``; a user copies one into the templates
folder, changes it in Word and drafts with it. ``tests/test_drafts.py``
checks the shipped files are what this module makes.

Court style: Times New Roman 12 pt, double-spaced numbered paragraphs in
filings, a caption table, page numbers, a signature block.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from casefile import wordprops, wordtables
from casefile.drafts import words

HERE = Path(__file__).resolve().parents[2] / "resources" / "templates"
# The date written into the shipped templates' properties: fixed, so that making them
# again changes nothing but what changed. (A draft gets its own date.)
MADE = datetime(2026, 12, 1)


def _document(double: bool, numbered: bool = True):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(1)
    wordtables.set_font(doc, "Times New Roman", 12)
    body = doc.styles["Normal"].paragraph_format
    body.space_after = Pt(0)
    body.widow_control = True
    numbered = doc.styles["List Number"]
    numbered.font.name, numbered.font.size = "Times New Roman", Pt(12)
    fmt = numbered.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.DOUBLE if double else WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Inches(0.5)
    fmt.left_indent = Inches(0)
    fmt.space_after = Pt(0 if double else 8)
    if numbered:  # not a batch of one-page letters: "Page 2 of 4" would be the next letter
        wordtables.page_x_of_y(section)
    return doc


def _p(doc, text: str = "", *, bold=False, center=False, style=None, double=False,
       italic=False, indent=None, keep=False, hanging=None):
    """A paragraph; its words tied (no break inside "5 U.S.C. § 552"); ``keep``
    holds it on the page of the next one (a heading, a signature block)."""
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(words.tie(text))
        run.bold, run.italic = bold, italic
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if double:
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.DOUBLE
    if indent is not None:
        p.paragraph_format.left_indent = Inches(indent)
    if hanging is not None:
        p.paragraph_format.left_indent = Inches(hanging)
        p.paragraph_format.first_line_indent = Inches(-0.5)
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def _heading(doc, text: str) -> None:
    _p(doc, text, bold=True, center=True, keep=True).paragraph_format.space_before = Pt(12)


def _border(cell, *sides: str) -> None:
    """A rule on the given sides of a table cell (the caption's closed box)."""
    props = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "8")
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    props.append(borders)


def _cant_split(row) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))


def _caption(doc, title: str) -> None:
    """The court on its lines, then the parties' box closed by a rule on its right
    and below, the case number and the paper's title beside it."""
    _p(doc, "{%p for line in matter.court_lines %}")
    _p(doc, "{{ line }}", bold=True, center=True)
    _p(doc, "{%p endfor %}")
    _p(doc)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Inches(3.5), Inches(3.0)
    _border(left, "right", "bottom")
    lines = [("{{ plaintiffs_caption }},", 0), ("", 0), ("{{ words.plaintiffs }},", 1.5),
             ("", 0), ("v.", 0.75), ("", 0), ("{{ defendants_caption }},", 0), ("", 0),
             ("{{ words.defendants }}.", 1.5)]
    left.paragraphs[0].add_run(lines[0][0])
    for text, indent in lines[1:]:
        p = left.add_paragraph(text)
        p.paragraph_format.left_indent = Inches(indent)
    for p in right.paragraphs + [right.add_paragraph() for _ in range(3)]:
        p.paragraph_format.left_indent = Inches(0.3)
    right.paragraphs[0].add_run(words.tie("Case No. {{ matter.docket_no }}"))
    right.paragraphs[2].add_run(title).bold = True
    _p(doc)


def _counsel_block(doc, group: str, indent: float | None = 3.25, signed: bool = True) -> None:
    """Every counsel of ``group`` (plaintiffs_counsel, defendants_counsel): the first
    signs "/s/"; each has name, bar number or admission, firm, address, telephone,
    email. Every line keeps with the next, so the block moves whole."""
    _p(doc, f"{{%p for c in {group} %}}")
    if signed:
        _p(doc, "{%p if c.signs %}")
        _p(doc, "By: /s/ {{ c.name }}", indent=indent, keep=True)
        _p(doc, "{%p endif %}")
    _p(doc, "{%p for line in c.lines %}")
    _p(doc, "{{ line }}", indent=indent, keep=True)
    _p(doc, "{%p endfor %}")
    _p(doc, "", indent=indent, keep=True)
    _p(doc, "{%p endfor %}")
    _p(doc, f"{{{{ {group}[0].for_line }}}}", italic=True, indent=indent)


def _signature(doc, dated: str = "Dated: {{ today }}") -> None:
    _p(doc, "", keep=True)
    _p(doc, dated, keep=True)
    _p(doc, "Respectfully submitted,", indent=3.25, keep=True)
    _p(doc, "", keep=True)
    _counsel_block(doc, "plaintiffs_counsel")


def complaint(path: Path) -> None:
    doc = _document(double=True)
    _caption(doc, "COMPLAINT FOR DECLARATORY AND INJUNCTIVE RELIEF")
    n = "List Number"
    _heading(doc, "INTRODUCTION")
    _p(doc, "This is an action under the Freedom of Information Act (“FOIA”), 5 U.S.C. § 552, "
            "to compel {{ defendants_the_text }} to process and release records that "
            "{{ words.plaintiffs }} requested and that {{ words.defendants }} "
            "{{ words.defendants_have }} failed to produce within the time the statute "
            "allows.", style=n)
    _heading(doc, "JURISDICTION AND VENUE")
    _p(doc, "This Court has subject-matter jurisdiction over this action and personal "
            "jurisdiction over {{ words.defendants }} under 5 U.S.C. § 552(a)(4)(B) and 28 "
            "U.S.C. § 1331.", style=n)
    _p(doc, "Venue is proper in this district under 5 U.S.C. § 552(a)(4)(B) because "
            "{{ venue_basis }}.", style=n)
    _heading(doc, "PARTIES")
    _p(doc, "{%p for p in plaintiff_parties %}")
    _p(doc, "Plaintiff {{ p.name }}{% if p.has_short %} (“{{ p.short }}”){% endif %} is "
            "{{ p.description }}. {{ p.short }} is a requester of the records at issue.",
       style=n)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for d in defendant_parties %}")
    _p(doc, "Defendant {{ d.name }}{% if d.has_short %} (“{{ d.short }}”){% endif %} is "
            "{% if d.description %}{{ d.description }}, and is {% endif %}an agency of the "
            "United States within the meaning of 5 U.S.C. § 552(f)(1). {{ d.short }} has "
            "possession, custody, or control of records that {{ words.plaintiffs }} "
            "seek{{ words.plaintiffs_s }}.", style=n)
    _p(doc, "{%p endfor %}")
    _heading(doc, "FACTS")
    _p(doc, "{%p for sentence in chronology %}")
    _p(doc, "{{ sentence }}", style=n)
    _p(doc, "{%p endfor %}")
    _heading(doc, "CLAIMS FOR RELIEF")
    _p(doc, "{%p for c in counts %}")
    _heading(doc, "COUNT {{ c.numeral }}")
    _p(doc, "Violation of FOIA, 5 U.S.C. § 552 — {{ c.title }}", bold=True, center=True,
       keep=True)
    _p(doc, "{%p for text in c.paragraphs %}")
    _p(doc, "{{ text }}", style=n)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")
    _heading(doc, "PRAYER FOR RELIEF")
    _p(doc, "WHEREFORE, {{ words.plaintiffs }} respectfully request{{ words.plaintiffs_s }} "
            "that the Court:", double=True, keep=True)
    _p(doc, "{%p for item in prayer %}")
    _p(doc, "{{ item }}", double=True, hanging=1.0)
    _p(doc, "{%p endfor %}")
    # The last item, outside the loop, keeps with the signature below it.
    _p(doc, "{{ prayer_last }}", double=True, hanging=1.0, keep=True)
    _signature(doc)
    wordprops.ours(doc, author="Casefile", title="Complaint", when=MADE)
    doc.save(path)


def declaration(path: Path) -> None:
    doc = _document(double=True)
    _caption(doc, "{{ declaration.title|upper }}")
    _p(doc, "I, {{ declaration.declarant }}, declare as follows:", double=True)
    _p(doc, "{%p for text in declaration.paragraphs %}")
    _p(doc, "{{ text }}", style="List Number")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for e in exhibits %}")
    _p(doc, "{{ e.paragraph }}", style="List Number")
    _p(doc, "{%p endfor %}")
    _p(doc, "{{ declaration.jurat }}", double=True, keep=True)
    _p(doc, "", keep=True)
    _p(doc, "______________________________", indent=3.25, keep=True)
    _p(doc, "{{ declaration.declarant }}", indent=3.25, keep=True)
    _p(doc, "{% if declaration.declarant_title %}{{ declaration.declarant_title }}{% endif %}",
       indent=3.25)
    wordprops.ours(doc, author="Casefile", title="Declaration", when=MADE)
    doc.save(path)


def _letterhead(doc) -> None:
    _p(doc, "{{ lead_counsel.firm or lead_counsel.name }}", bold=True, center=True)
    _p(doc, "{{ lead_counsel.address_lines|join(' · ') }}", center=True)
    _p(doc)
    _p(doc, "{{ today }}")
    _p(doc)


def _agency_address(doc) -> None:
    _p(doc, "{{ request.foia_office }}")
    _p(doc, "{{ request.agency }}")
    _p(doc, "{%p for line in request.agency_address_lines %}")
    _p(doc, "{{ line }}")
    _p(doc, "{%p endfor %}")
    _p(doc)


def _letter_close(doc, for_whom: str = "") -> None:
    """The letter's close; the paragraph before it must be written with keep=True."""
    _p(doc, "", keep=True)
    _p(doc, "Sincerely,", keep=True)
    _p(doc, "", keep=True)
    _p(doc, "/s/ {{ lead_counsel.name }}", keep=True)
    _p(doc, "{%p for line in lead_counsel.lines %}")
    _p(doc, "{{ line }}", keep=True)
    _p(doc, "{%p endfor %}")
    _p(doc, for_whom or "{{ lead_counsel.for_line }}", italic=True)


def meet_and_confer(path: Path) -> None:
    doc = _document(double=False)
    _letterhead(doc)
    _p(doc, "By email")
    _p(doc, "{{ defense_counsel.name }}")
    _p(doc, "{% if defense_counsel.firm %}{{ defense_counsel.firm }}{% endif %}")
    _p(doc, "{%p for line in defense_counsel.address_lines %}")
    _p(doc, "{{ line }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{% if defense_counsel.email %}{{ defense_counsel.email }}{% endif %}")
    _p(doc, "Counsel for {{ words.defendants }}", italic=True)
    _p(doc)
    p = _p(doc)
    p.add_run("Re:\t").bold = True
    p.add_run(words.tie("{{ matter.short_title }}, No. {{ matter.docket_no }} — deficiencies "
                        "in the {{ vaughn.title }}")).bold = True
    _p(doc)
    _p(doc, "Dear Counsel:")
    _p(doc)
    _p(doc, "We write about the {{ vaughn.title }}, served on {{ vaughn.served_on }}. Of its "
            "{{ vaughn.entries }} entries, {{ vaughn.flagged }} do not give what the law "
            "requires to justify withholding. We ask that {{ words.defendants }} supplement or "
            "revise them, and release what cannot be justified, as set out below.")
    _p(doc)
    _p(doc, "{%p for f in vaughn.flags %}")
    _p(doc, "{{ f.title }}", bold=True, keep=True)
    _p(doc, "{{ f.count }} {{ 'entry' if f.count == 1 else 'entries' }} ({{ f.entries }}). "
            "See {{ f.authority }}.", keep=True)
    _p(doc, "{%p for named in f.named %}")
    _p(doc, "{{ named }}", indent=0.5)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if f.more %}")
    _p(doc, "and {{ f.more }} more, listed above by number.", indent=0.5)
    _p(doc, "{%p endif %}")
    _p(doc)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if vaughn.boilerplate %}")
    _p(doc, "Boilerplate justifications", bold=True, keep=True)
    _p(doc, "{%p for g in vaughn.boilerplate %}")
    _p(doc, "The same justification is given for {{ g.withholdings }} withholdings in "
            "{{ g.count }} entries ({{ g.entries }}): “{{ g.text }}” A justification repeated "
            "across entries does not explain the harm that disclosure of each would cause. "
            "See {{ vaughn.boilerplate_authority }}.", indent=0.5)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if vaughn.challenged %}")
    _p(doc)
    _p(doc, "Challenged withholdings", bold=True, keep=True)
    _p(doc, "{%p for e in vaughn.challenged %}")
    _p(doc, "{{ e.named }}{% if e.exemptions %} — {{ e.exemptions }}{% endif %}"
            "{% if e.argument %}: {{ e.argument }}{% endif %}", indent=0.5)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if vaughn.challenge_sentences %}")
    _p(doc)
    _p(doc, "{%p for s in vaughn.challenge_sentences %}")
    _p(doc, "{{ s }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc)
    _p(doc, "Please let us know by {{ respond_by }} when you are available to meet and confer "
            "about these entries. We reserve all rights, including to challenge any "
            "withholding not addressed in this letter.", keep=True)
    _letter_close(doc)
    wordprops.ours(doc, author="Casefile", title="Meet-and-confer letter", when=MADE)
    doc.save(path)


def request_letter(path: Path) -> None:
    doc = _document(double=False)
    _letterhead(doc)
    _p(doc, "Via the agency’s FOIA portal and email")
    _agency_address(doc)
    p = _p(doc)
    p.add_run("Re:\tFreedom of Information Act Request"
              "{% if request.expedited %}; Request for Expedited Processing{% endif %}"
              "{% if request.fee_waiver %}; Request for a Fee Waiver{% endif %}").bold = True
    _p(doc)
    _p(doc, "Dear FOIA Officer:")
    _p(doc)
    _p(doc, "{{ request.requester_The }} submit{{ request.requester_s }} this request under the "
            "Freedom of Information Act, 5 U.S.C. § 552, for records concerning "
            "{{ request.subject_phrase }}. The records requested are:")
    _p(doc)
    _p(doc, "{%p for item in request.items_requested %}")
    _p(doc, "{{ item.number }}.\t{{ item.text }}", indent=0.5)
    _p(doc, "{%p endfor %}")
    _p(doc)
    _p(doc, "{%p if request.expedited %}")
    _p(doc, "Request for expedited processing", bold=True, keep=True)
    _p(doc, "{{ request.requester_The }} ask{{ request.requester_s }} that this request be "
            "processed expeditiously. 5 U.S.C. § 552(a)(6)(E)(i). There is an urgency to "
            "inform the public about actual or alleged federal government activity, and "
            "{{ request.requesters }} {{ request.requesters_are }} primarily engaged in "
            "disseminating information. 5 U.S.C. § 552(a)(6)(E)(v)(II).")
    _p(doc)
    _p(doc, "{{ request.expedite_basis }}")
    _p(doc)
    _p(doc, "I certify that the foregoing statements are true and correct to the best of my "
            "knowledge and belief. 5 U.S.C. § 552(a)(6)(E)(vi). We look forward to the "
            "agency’s decision on expedited processing within ten days. 5 U.S.C. "
            "§ 552(a)(6)(E)(ii)(I).")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if request.fee_waiver %}")
    _p(doc, "Request for a fee waiver", bold=True, keep=True)
    _p(doc, "{{ request.requester_The }} ask{{ request.requester_s }} that all fees be waived, "
            "because disclosure of the requested information is in the public interest: it "
            "is likely to contribute significantly to public understanding of the operations "
            "or activities of the government and is not primarily in the commercial interest "
            "of {{ request.requesters }}. 5 U.S.C. § 552(a)(4)(A)(iii).")
    _p(doc)
    _p(doc, "{{ request.fee_waiver_basis }}")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if request.fee_category %}")
    _p(doc, "Fee category", bold=True, keep=True)
    _p(doc, "For fee purposes, {{ request.requesters }} {{ request.fee_category.phrase }}, "
            "{{ request.fee_category.citation }}. {{ request.fee_category.basis }}")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "Please provide the records in electronic form as they become available. If any "
            "record is withheld in whole or in part, please state the exemption claimed and "
            "release all reasonably segregable portions. 5 U.S.C. § 552(b).", keep=True)
    _letter_close(doc, "Counsel for {{ request.requester_the }}")
    wordprops.ours(doc, author="Casefile", title="FOIA request", when=MADE)
    doc.save(path)


def appeal(path: Path) -> None:
    doc = _document(double=False)
    _letterhead(doc)
    _p(doc, "By email")
    _p(doc, "{%p for line in request.appeal.authority_lines %}")
    _p(doc, "{{ line }}")
    _p(doc, "{%p endfor %}")
    _p(doc)
    p = _p(doc)
    p.add_run(words.tie("Re:\tFreedom of Information Act Appeal — Request No. "
                        "{{ request.tracking_no }}")).bold = True
    _p(doc)
    _p(doc, "Dear Appeals Officer:")
    _p(doc)
    _p(doc, "We write on behalf of {{ request.requester_the }} (the "
            "“{{ request.requesters_label }}”) to appeal "
            "{% if request.appeal.kind == 'determination' %}the adverse determination "
            "{% if request.appeal.determination_date %}of {{ request.appeal.determination_date }} "
            "{% endif %}on FOIA Request No. {{ request.tracking_no }}, submitted to "
            "{{ request.agency_the }} on {{ request.date_sent }}{% else %}the failure of "
            "{{ request.agency_the }} to make a determination on FOIA Request No. "
            "{{ request.tracking_no }}, submitted on {{ request.date_sent }}, within the time "
            "the statute allows{% endif %}. The appeal is made under 5 U.S.C. § 552(a)(6)(A)"
            "{% if request.appeal.regulation %} and {{ request.appeal.regulation }}"
            "{% endif %}.")
    _p(doc)
    _p(doc, "Background", bold=True, keep=True)
    _p(doc, "{%p for sentence in request.appeal_chronology %}")
    _p(doc, "{{ sentence }}")
    _p(doc)
    _p(doc, "{%p endfor %}")
    _p(doc, "Grounds for the appeal", bold=True, keep=True)
    _p(doc, "{%p if request.appeal.kind == 'constructive' %}")
    _p(doc, "The agency’s failure to make a determination within the time FOIA allows is a "
            "denial of the request, which {{ request.requesters }} may appeal. 5 U.S.C. "
            "§ 552(a)(6)(A)(i), (C)(i). We ask that the agency make its determination at once, "
            "search for and release all responsive records without further delay, and "
            "justify any withholding exemption by exemption, releasing every reasonably "
            "segregable portion. 5 U.S.C. § 552(b).")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if request.appeal.outcome_sentence %}")
    _p(doc, "{{ request.appeal.outcome_sentence }}")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if 'glomar' in request.appeal.grounds %}")
    _p(doc, "The refusal to confirm or deny is not justified. An agency may refuse to confirm "
            "or deny that records exist only where the answer itself would cause a harm an "
            "exemption protects, Wolf v. CIA, 473 F.3d 370, 374 (D.C. Cir. 2007), and not "
            "where the agency has officially acknowledged the records’ existence, ACLU v. "
            "CIA, 710 F.3d 422, 427 (D.C. Cir. 2013). We ask that the agency confirm whether "
            "responsive records exist, search for them, and process them under 5 U.S.C. "
            "§ 552(a)(3).")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if 'withholding' in request.appeal.grounds %}")
    _p(doc, "The withholdings are not justified. An agency may withhold only what an "
            "exemption of 5 U.S.C. § 552(b) covers, where it reasonably foresees that "
            "disclosure would harm an interest the exemption protects, and must release every "
            "reasonably segregable portion. 5 U.S.C. § 552(a)(8)(A), (b). The determination "
            "does not show either for the records withheld.")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if 'search' in request.appeal.grounds %}")
    _p(doc, "The search was not adequate. An agency must make a good-faith effort to search "
            "using methods reasonably expected to produce the records requested. Oglesby v. "
            "U.S. Dep’t of the Army, 920 F.2d 57, 68 (D.C. Cir. 1990). We ask that the agency "
            "describe the places searched and the terms used, and search again where the "
            "records are likely to be.")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if 'fee_waiver' in request.appeal.grounds %}")
    _p(doc, "The fee waiver should have been granted: disclosure is in the public interest "
            "and is not primarily in the commercial interest of {{ request.requesters }}. 5 "
            "U.S.C. § 552(a)(4)(A)(iii). {{ request.fee_waiver_basis }}")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if 'expedited' in request.appeal.grounds %}")
    _p(doc, "Expedited processing should have been granted: there is an urgency to inform "
            "the public about actual or alleged federal government activity. 5 U.S.C. "
            "§ 552(a)(6)(E)(v)(II). {{ request.expedite_basis }}")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if request.appeal.window %}")
    _p(doc, "{{ request.appeal.window }}")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "We ask that you reverse the {% if request.appeal.kind == 'determination' %}"
            "determination{% else %}agency’s denial{% endif %}, direct the release of all "
            "responsive, non-exempt records without further delay, and decide this appeal "
            "within twenty working days. 5 U.S.C. § 552(a)(6)(A)(ii).", keep=True)
    _letter_close(doc, "Counsel for {{ request.requester_the }}")
    wordprops.ours(doc, author="Casefile", title="FOIA appeal", when=MADE)
    doc.save(path)


def _both_signatures(doc) -> None:
    """The two sides' blocks side by side, one table row that does not split;
    the paragraphs before it keep with it."""
    _p(doc, "", keep=True)
    _p(doc, "Dated: {{ today }}", keep=True)
    _p(doc, "Respectfully submitted,", keep=True)
    _p(doc, "", keep=True)
    table = doc.add_table(rows=1, cols=2)
    _cant_split(table.rows[0])
    for cell, group in zip(table.rows[0].cells, ("plaintiffs_counsel", "defendants_counsel"),
                           strict=True):
        cell.width = Inches(3.25)
        first = cell.paragraphs[0]
        first.add_run(f"{{%p for c in {group} %}}")
        for text in ("{%p if c.signs %}", "/s/ {{ c.name }}", "{%p endif %}",
                     "{%p for line in c.lines %}", "{{ line }}", "{%p endfor %}", "",
                     "{%p endfor %}"):
            cell.add_paragraph(text)
        cell.add_paragraph().add_run(f"{{{{ {group}[0].for_line }}}}").italic = True


def joint_status_report(path: Path) -> None:
    doc = _document(double=True)
    _caption(doc, "JOINT STATUS REPORT")
    n = "List Number"
    _p(doc, "{{ words.plaintiffs }} {{ plaintiffs_text }} and {{ words.defendants }} "
            "{{ defendants_text }}, through their undersigned counsel, submit this joint "
            "status report on the processing of {{ words.plaintiffs_possessive }} FOIA "
            "requests.", double=True)
    _heading(doc, "Productions to date")
    _p(doc, "{%p for r in productions_by_request %}")
    _p(doc, "{% if r.releases %}In response to request {{ r.tracking_no }}, "
            "{{ r.agency_abbr }} has made {{ r.releases }} "
            "{{ 'release' if r.releases == 1 else 'releases' }}, the last on {{ r.last }}, "
            "processing {{ r.processed }} pages: {{ r.released_full }} released in full, "
            "{{ r.released_part }} released in part, and {{ r.withheld_full }} withheld in "
            "full (Bates {{ r.bates }}).{% else %}{{ r.agency_abbr }} has not yet released "
            "records in response to request {{ r.tracking_no }}.{% endif %}", style=n)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for row in production_months %}")
    _p(doc, "In {{ row.month }}, {{ words.defendants }} processed {{ row.processed }} pages: "
            "{{ row.released_full }} released in full, {{ row.released_part }} released in "
            "part, and {{ row.withheld_full }} withheld in full.", style=n)
    _p(doc, "{%p endfor %}")
    _heading(doc, "Proposed schedule")
    _p(doc, "The parties propose that {{ words.defendants }} process not fewer than "
            "{{ schedule.rate }} pages of potentially responsive records per month and "
            "release the non-exempt portions on the last working day of each month, and that "
            "the parties file a further joint status report by {{ schedule.next_report }}. "
            "A proposed order is submitted with this report.", style=n)
    _both_signatures(doc)
    wordprops.ours(doc, author="Casefile", title="Joint status report", when=MADE)
    doc.save(path)


def proposed_order(path: Path) -> None:
    doc = _document(double=True)
    _caption(doc, "PROPOSED ORDER")
    _p(doc, "Upon consideration of the parties’ joint status report, it is hereby ORDERED "
            "that:", double=True)
    _p(doc, "{{ words.defendants }} shall process not fewer than {{ schedule.rate }} pages of "
            "records potentially responsive to {{ words.plaintiffs_possessive }} FOIA "
            "requests per month, and shall release the non-exempt portions on the last "
            "working day of each month;", style="List Number")
    _p(doc, "{{ words.defendants }} shall identify, for each record withheld in whole or in "
            "part, the exemption claimed, and shall release every reasonably segregable "
            "portion, 5 U.S.C. § 552(b); and", style="List Number")
    _p(doc, "The parties shall file a further joint status report by "
            "{{ schedule.next_report }}.", style="List Number", keep=True)
    _p(doc, "SO ORDERED.", double=True, keep=True)
    _p(doc, "", keep=True)
    _p(doc, "Dated: ____________________", keep=True)
    _p(doc, "", keep=True)
    _p(doc, "______________________________", indent=3.25, keep=True)
    _p(doc, "{{ matter.judge }}", indent=3.25, keep=True)
    _p(doc, "United States District Judge", indent=3.25)
    wordprops.ours(doc, author="Casefile", title="Proposed order", when=MADE)
    doc.save(path)


def service_letters(path: Path) -> None:
    doc = _document(double=False, numbered=False)
    _p(doc, "{%p for s in service %}")
    _letterhead(doc)
    _p(doc, "{{ s.how }}")
    _p(doc, "{%p for line in s.to %}")
    _p(doc, "{{ line }}")
    _p(doc, "{%p endfor %}")
    _p(doc)
    p = _p(doc)
    p.add_run(words.tie("Re:\t{{ matter.short_title }}, No. {{ matter.docket_no }} "
                        "({{ matter.court }}): service of the summons and complaint")).bold = True
    _p(doc)
    _p(doc, "Dear Sir or Madam:")
    _p(doc)
    _p(doc, "Enclosed for service on {{ s.role }} under {{ s.rule }} are the summons and a "
            "copy of the complaint in the action above, filed on {{ matter.filed_on }}. The "
            "action seeks records under the Freedom of Information Act, 5 U.S.C. § 552; under "
            "5 U.S.C. § 552(a)(4)(C), the United States must answer the complaint within "
            "thirty days after service.", keep=True)
    _letter_close(doc)
    _p(doc, "{%p if not loop.last %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endfor %}")
    wordprops.ours(doc, author="Casefile", title="Service of the summons and complaint", when=MADE)
    doc.save(path)


def proof_of_service(path: Path) -> None:
    doc = _document(double=True)
    _caption(doc, "DECLARATION OF SERVICE")
    _p(doc, "I, {{ lead_counsel.name }}, declare as follows:", double=True)
    _p(doc, "I am counsel for {{ words.plaintiffs }} in this action. On "
            "{{ matter.served_on }}, I caused the summons and the complaint in this action to "
            "be served under Fed. R. Civ. P. 4(i), as follows:", style="List Number")
    _p(doc, "{%p for s in service %}")
    _p(doc, "{{ s.how }}, on {{ s.role }}, addressed to {{ s.to|join(', ') }} "
            "({{ s.rule }}).", hanging=1.0, double=True)
    _p(doc, "{%p endfor %}")
    _p(doc, "I declare under penalty of perjury that the foregoing is true and correct. "
            "Executed on {{ today }}.", double=True, keep=True)
    _p(doc, "", keep=True)
    _p(doc, "/s/ {{ lead_counsel.name }}", indent=3.25, keep=True)
    _p(doc, "{{ lead_counsel.name }}", indent=3.25)
    wordprops.ours(doc, author="Casefile", title="Declaration of service", when=MADE)
    doc.save(path)


BUILT_IN = {
    "complaint": (complaint, "Complaint for declaratory and injunctive relief"),
    "declaration": (declaration, "Declaration with its exhibit paragraphs and § 1746 jurat"),
    "meet-and-confer": (meet_and_confer, "Letter on the deficiencies of the agency's Vaughn "
                                         "index"),
    "request": (request_letter, "FOIA request letter: items, fee waiver, expedited "
                                "processing with the § 552(a)(6)(E)(vi) certification"),
    "appeal": (appeal, "Administrative appeal of a determination or of the agency's silence, "
                       "to the appeal authority"),
    "joint-status-report": (joint_status_report, "Joint status report: productions per "
                                                 "request, a proposed schedule, both sides' "
                                                 "signatures"),
    "proposed-order": (proposed_order, "Proposed order for a processing schedule"),
    "service-letters": (service_letters, "Rule 4(i) cover letters: the U.S. Attorney, the "
                                         "Attorney General, each defendant agency"),
    "proof-of-service": (proof_of_service, "Declaration of service under Rule 4(i)"),
}


def write_all(folder: Path = HERE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (make, _about) in BUILT_IN.items():
        path = folder / f"{name}.docx"
        make(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
