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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Inches, Pt

from casefile import wordprops, wordtables

HERE = Path(__file__).resolve().parents[2] / "resources" / "templates"
# The date written into the shipped templates' properties: fixed, so that making them
# again changes nothing but what changed. (A draft gets its own date.)
MADE = datetime(2026, 12, 1)


def _document(double: bool):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(1)
    wordtables.set_font(doc, "Times New Roman", 12)
    body = doc.styles["Normal"].paragraph_format
    body.space_after = Pt(0)
    numbered = doc.styles["List Number"]
    numbered.font.name, numbered.font.size = "Times New Roman", Pt(12)
    fmt = numbered.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.DOUBLE if double else WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Inches(0.5)
    fmt.left_indent = Inches(0)
    fmt.space_after = Pt(0 if double else 8)
    wordtables.page_x_of_y(section)
    return doc


def _p(doc, text: str = "", *, bold=False, center=False, style=None, double=False,
       italic=False, indent=None):
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if double:
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.DOUBLE
    if indent is not None:
        p.paragraph_format.left_indent = Inches(indent)
    return p


def _caption(doc, title: str) -> None:
    _p(doc, "{{ matter.court_upper }}", bold=True, center=True)
    _p(doc)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Inches(3.6), Inches(2.9)
    left.text = ""
    lines = ["{{ plaintiffs_text }},", "Plaintiffs,", "v.", "{{ defendants_text }},",
             "Defendants."]
    left.paragraphs[0].add_run(lines[0])
    for i, line in enumerate(lines[1:], 1):
        p = left.add_paragraph(line)
        p.paragraph_format.left_indent = Inches(1.5 if i in (1, 4) else 0.75 if i == 2 else 0)
    right.paragraphs[0].add_run("Case No. {{ matter.docket_no }}")
    right.add_paragraph()
    right.add_paragraph().add_run(title).bold = True
    _p(doc)


def _signature(doc, dated: str = "Dated: {{ today }}") -> None:
    _p(doc)
    _p(doc, dated)
    _p(doc, "Respectfully submitted,", indent=3.25)
    _p(doc)
    _p(doc, "/s/ {{ lead_counsel.name }}", indent=3.25)
    _p(doc, "{{ lead_counsel.name }}", indent=3.25)
    _p(doc, "{% if lead_counsel.firm %}{{ lead_counsel.firm }}{% endif %}", indent=3.25)
    _p(doc, "{%p for line in lead_counsel.address_lines %}")
    _p(doc, "{{ line }}", indent=3.25)
    _p(doc, "{%p endfor %}")
    _p(doc, "{% if lead_counsel.phone %}{{ lead_counsel.phone }}{% endif %}", indent=3.25)
    _p(doc, "{% if lead_counsel.email %}{{ lead_counsel.email }}{% endif %}", indent=3.25)
    _p(doc, "Counsel for Plaintiffs", italic=True, indent=3.25)


def complaint(path: Path) -> None:
    doc = _document(double=True)
    _caption(doc, "COMPLAINT FOR DECLARATORY AND INJUNCTIVE RELIEF")
    n = "List Number"
    _p(doc, "INTRODUCTION", bold=True, center=True)
    _p(doc, "This is an action under the Freedom of Information Act (“FOIA”), 5 U.S.C. § 552, "
            "to compel {{ defendants_text }} to release records that {{ plaintiffs_text }} "
            "requested and that Defendants have failed to produce within the time the statute "
            "allows.", style=n)
    _p(doc, "JURISDICTION AND VENUE", bold=True, center=True)
    _p(doc, "This Court has subject-matter jurisdiction over this action under 5 U.S.C. "
            "§ 552(a)(4)(B) and 28 U.S.C. § 1331.", style=n)
    _p(doc, "Venue is proper in this district under 5 U.S.C. § 552(a)(4)(B).", style=n)
    _p(doc, "PARTIES", bold=True, center=True)
    _p(doc, "{%p for name in plaintiffs %}")
    _p(doc, "Plaintiff {{ name }} is the requester of the records at issue.", style=n)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for name in defendants %}")
    _p(doc, "Defendant {{ name }} is an agency of the United States within the meaning of "
            "5 U.S.C. § 552(f)(1) and has possession, custody or control of the records "
            "Plaintiffs seek.", style=n)
    _p(doc, "{%p endfor %}")
    _p(doc, "FACTS", bold=True, center=True)
    _p(doc, "{%p for sentence in chronology %}")
    _p(doc, "{{ sentence }}", style=n)
    _p(doc, "{%p endfor %}")
    _p(doc, "CLAIMS FOR RELIEF", bold=True, center=True)
    _p(doc, "{%p for r in requests %}")
    _p(doc, "COUNT {{ r.number }}", bold=True, center=True)
    _p(doc, "Violation of FOIA, 5 U.S.C. § 552: request {{ r.tracking_no }} to "
            "{{ r.agency_abbr }}", bold=True, center=True)
    _p(doc, "Plaintiffs repeat the allegations of the paragraphs above.", style=n)
    _p(doc, "{{ r.agency_abbr }} has failed to make a timely determination on request "
            "{{ r.tracking_no }} and to produce the records responsive to it, in violation of "
            "5 U.S.C. § 552(a)(3)(A) and (a)(6)(A).", style=n)
    _p(doc, "Plaintiffs have exhausted their administrative remedies, or are deemed to have "
            "exhausted them under 5 U.S.C. § 552(a)(6)(C)(i).", style=n)
    _p(doc, "{%p endfor %}")
    _p(doc, "PRAYER FOR RELIEF", bold=True, center=True)
    _p(doc, "WHEREFORE, Plaintiffs respectfully request that the Court:", double=True)
    for letter, text in zip("ABCDE", [
        "Declare that Defendants’ failure to make timely determinations on and to produce "
        "records responsive to Plaintiffs’ requests violates FOIA;",
        "Order Defendants to conduct an adequate search and to produce all non-exempt "
        "responsive records promptly, by a date the Court sets;",
        "Order Defendants to produce a Vaughn index of any records or portions of records "
        "they withhold;",
        "Award Plaintiffs their costs and reasonable attorney fees under 5 U.S.C. "
        "§ 552(a)(4)(E); and",
        "Grant such other relief as the Court deems just and proper.",
    ], strict=True):
        _p(doc, f"{letter}.\t{text}", double=True, indent=0.5)
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
    _p(doc, "{{ declaration.jurat }}", double=True)
    _p(doc)
    _p(doc, "______________________________", indent=3.25)
    _p(doc, "{{ declaration.declarant }}", indent=3.25)
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


def _letter_close(doc) -> None:
    _p(doc)
    _p(doc, "Sincerely,")
    _p(doc)
    _p(doc, "/s/ {{ lead_counsel.name }}")
    _p(doc, "{{ lead_counsel.name }}")
    _p(doc, "{% if lead_counsel.firm %}{{ lead_counsel.firm }}{% endif %}")
    _p(doc, "{% if lead_counsel.email %}{{ lead_counsel.email }}{% endif %}")


def meet_and_confer(path: Path) -> None:
    doc = _document(double=False)
    _letterhead(doc)
    _p(doc, "By email")
    _p(doc, "[NAME OF DEFENDANTS’ COUNSEL]")
    _p(doc, "Counsel for Defendants")
    _p(doc)
    p = _p(doc)
    p.add_run("Re:\t").bold = True
    p.add_run("{{ matter.short_title }}, No. {{ matter.docket_no }} — deficiencies in the "
              "{{ vaughn.title }}").bold = True
    _p(doc)
    _p(doc, "Dear Counsel:")
    _p(doc)
    _p(doc, "We write about the {{ vaughn.title }}, served on {{ vaughn.served_on }}. Of its "
            "{{ vaughn.entries }} entries, {{ vaughn.flagged }} do not give what the law "
            "requires to justify withholding. We ask that Defendants supplement or revise "
            "them, and release what cannot be justified, as set out below.")
    _p(doc)
    _p(doc, "{%p for f in vaughn.flags %}")
    _p(doc, "{{ f.title }}", bold=True)
    _p(doc, "{{ f.count }} {{ 'entry' if f.count == 1 else 'entries' }} ({{ f.entries }}). "
            "See {{ f.authority }}.")
    _p(doc)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if vaughn.boilerplate %}")
    _p(doc, "Boilerplate justifications", bold=True)
    _p(doc, "{%p for g in vaughn.boilerplate %}")
    _p(doc, "The same justification is given for {{ g.withholdings }} withholdings in "
            "{{ g.count }} entries ({{ g.entries }}): “{{ g.text }}” A justification repeated "
            "across entries does not explain the harm that disclosure of each would cause.",
       indent=0.5)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if vaughn.challenge_sentences %}")
    _p(doc)
    _p(doc, "Challenged withholdings", bold=True)
    _p(doc, "{%p for s in vaughn.challenge_sentences %}")
    _p(doc, "{{ s }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc)
    _p(doc, "Please let us know by [DATE] when you are available to meet and confer about "
            "these entries. We reserve all rights, including to challenge any withholding "
            "not addressed in this letter.")
    _p(doc)
    _p(doc, "Sincerely,")
    _p(doc)
    _p(doc, "/s/ {{ lead_counsel.name }}")
    _p(doc, "{{ lead_counsel.name }}")
    _p(doc, "Counsel for Plaintiffs")
    wordprops.ours(doc, author="Casefile", title="Meet-and-confer letter", when=MADE)
    doc.save(path)


def request_letter(path: Path) -> None:
    doc = _document(double=False)
    _letterhead(doc)
    _p(doc, "Via the agency’s FOIA portal and email")
    _agency_address(doc)
    p = _p(doc)
    p.add_run("Re:\tFreedom of Information Act Request; Request for Expedited Processing "
              "and Fee Waiver").bold = True
    _p(doc)
    _p(doc, "Dear FOIA Officer:")
    _p(doc)
    _p(doc, "{{ request.requester }} submit this request under the Freedom of Information "
            "Act, 5 U.S.C. § 552, for records concerning {{ request.subject_phrase }}. They "
            "request the following records:")
    _p(doc)
    _p(doc, "{%p for item in request.items_requested %}")
    _p(doc, "{{ item.number }}.\t{{ item.text }}", indent=0.5)
    _p(doc, "{%p endfor %}")
    _p(doc)
    _p(doc, "{%p if request.expedited %}")
    _p(doc, "Request for expedited processing", bold=True)
    _p(doc, "The requesters ask for expedited processing under 5 U.S.C. § 552(a)(6)(E). There "
            "is an urgency to inform the public about actual or alleged federal government "
            "activity, and the requesters are primarily engaged in disseminating information. "
            "5 U.S.C. § 552(a)(6)(E)(v)(II).")
    _p(doc, "I certify that the foregoing statements are true and correct to the best of my "
            "knowledge and belief. 5 U.S.C. § 552(a)(6)(E)(vi).")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if request.fee_waiver %}")
    _p(doc, "Request for a fee waiver", bold=True)
    _p(doc, "The requesters ask that all fees be waived because disclosure of the requested "
            "information is in the public interest: it is likely to contribute significantly "
            "to public understanding of the operations or activities of the government and is "
            "not primarily in the commercial interest of the requesters. 5 U.S.C. "
            "§ 552(a)(4)(A)(iii).")
    _p(doc)
    _p(doc, "{%p endif %}")
    _p(doc, "Please provide the records in electronic form as they become available. If any "
            "record is withheld in whole or in part, please state the exemption claimed and "
            "release all reasonably segregable portions. 5 U.S.C. § 552(b).")
    _letter_close(doc)
    wordprops.ours(doc, author="Casefile", title="FOIA request", when=MADE)
    doc.save(path)


def appeal(path: Path) -> None:
    doc = _document(double=False)
    _letterhead(doc)
    _p(doc, "By email")
    _agency_address(doc)
    p = _p(doc)
    p.add_run("Re:\tAdministrative Appeal — FOIA Request No. {{ request.tracking_no }}").bold = True
    _p(doc)
    _p(doc, "Dear Appeals Officer:")
    _p(doc)
    _p(doc, "{{ request.requester }} appeal the handling of FOIA Request No. "
            "{{ request.tracking_no }}, submitted to {{ request.agency }} on "
            "{{ request.date_sent }}.")
    _p(doc)
    _p(doc, "{%p for sentence in request.chronology %}")
    _p(doc, "{{ sentence }}", indent=0.5)
    _p(doc, "{%p endfor %}")
    _p(doc)
    _p(doc, "The agency’s failure to make a determination within the time FOIA allows is a "
            "constructive denial of the request. 5 U.S.C. § 552(a)(6)(A)(i), (C)(i). Any "
            "withholding must be justified exemption by exemption, with reasonably segregable "
            "portions released. 5 U.S.C. § 552(b). We ask that the agency reverse the denial, "
            "search for and release all responsive records without further delay, and decide "
            "this appeal within twenty working days. 5 U.S.C. § 552(a)(6)(A)(ii).")
    _letter_close(doc)
    wordprops.ours(doc, author="Casefile", title="FOIA appeal", when=MADE)
    doc.save(path)


def joint_status_report(path: Path) -> None:
    doc = _document(double=True)
    _caption(doc, "JOINT STATUS REPORT")
    _p(doc, "The parties submit this joint status report on the processing of Plaintiffs’ "
            "FOIA requests.", double=True)
    _p(doc, "{%p for row in production_months %}")
    _p(doc, "In {{ row.month }}, Defendants processed {{ row.processed }} pages: "
            "{{ row.released_full }} released in full, {{ row.released_part }} released in "
            "part, and {{ row.withheld_full }} withheld in full.", style="List Number")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for p in productions %}")
    _p(doc, "Defendants’ release of {{ p.produced_on }} ({{ p.title }}) was Bates numbered "
            "{{ p.bates }}.", style="List Number")
    _p(doc, "{%p endfor %}")
    _p(doc, "[The parties’ positions on the schedule for further processing and any "
            "briefing.]", style="List Number")
    _signature(doc)
    wordprops.ours(doc, author="Casefile", title="Joint status report", when=MADE)
    doc.save(path)


BUILT_IN = {
    "complaint": (complaint, "Complaint for declaratory and injunctive relief"),
    "declaration": (declaration, "Declaration with its exhibit paragraphs and § 1746 jurat"),
    "meet-and-confer": (meet_and_confer, "Letter on the deficiencies of the agency's Vaughn "
                                         "index"),
    "request": (request_letter, "FOIA request letter: items, fee waiver, expedited "
                                "processing with the § 552(a)(6)(E)(vi) certification"),
    "appeal": (appeal, "Administrative appeal of a denial or constructive denial"),
    "joint-status-report": (joint_status_report, "Joint status report on processing, by month"),
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
