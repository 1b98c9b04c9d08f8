# ruff: noqa: E501  (the HTML is written as CM/ECF writes it, in long lines)
"""The docket corpus: PACER docket reports written the way CM/ECF writes them,
by code that shares nothing with casefile.docket (so the parser cannot agree
with itself), each with the result it must give stated beside it.

The HTML follows a district court's "Docket Report" page as a browser saves
it: the flags table, the centred court header ("U.S. District Court" /
district / "CIVIL DOCKET FOR CASE #: …"), the caption table with "Assigned
to:" and "Date Filed:", the parties, the entries table headed "Date Filed |
# | Docket Text" (document numbers as links with goDLS(…) handlers; minute
entries unnumbered), and the PACER Service Center receipt. The three courts
differ as theirs do: D.D.C. uses <th> headings; S.D.N.Y. <td> headings and
"ECF" flags; N.D. Cal. an extra empty column before the text (the document
icon column) and "California Northern District" as the court line.

The PDF is drawn with ReportLab as a browser prints the page: the date, time
and title at the top of every page, the address and "n/N" at the foot.

``python -m tests.docket_corpus.generate`` rewrites the fixed files here.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent


@dataclass
class Row:
    filed: date
    number: int | None
    text: str
    # What the importer must propose from this entry: [(title contains, due date)].
    proposes: list[tuple[str, date]] = field(default_factory=list)


@dataclass
class Report:
    court_key: str
    court_line: str  # as the header prints it
    case_no: str
    caption: str
    judge: str
    filed: date
    pacer_id: str
    flags: str
    rows: list[Row]


def _us(d: date) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def _short(d: date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


# --- the three courts ---------------------------------------------------------------------


def dcd() -> Report:
    f = date(2025, 1, 6)
    rows = [
        Row(f, 1, "COMPLAINT against U.S. DEPARTMENT OF HOMELAND SECURITY, U.S. IMMIGRATION "
            "AND CUSTOMS ENFORCEMENT ( Filing fee $ 405 receipt number ADCDC-11223344) filed "
            "by IMMIGRANT DEFENSE PROJECT, CENTER FOR CONSTITUTIONAL RIGHTS. (Attachments: # 1 "
            "Exhibit A, # 2 Exhibit B, # 3 Civil Cover Sheet)(Schwarz, Ghita) (Entered: "
            "01/06/2025)"),
        Row(f + timedelta(days=1), 2, "SUMMONS (4) Issued Electronically as to U.S. "
            "DEPARTMENT OF HOMELAND SECURITY, U.S. ATTORNEY and U.S. ATTORNEY GENERAL (Entered: "
            "01/07/2025)"),
        Row(date(2025, 1, 21), 3, "RETURN OF SERVICE/AFFIDAVIT of Summons and Complaint "
            "Executed. U.S. Attorney General served on 1/13/2025. Answer due for ALL FEDERAL "
            "DEFENDANTS by 2/12/2025. (Schwarz, Ghita) (Entered: 01/21/2025)",
            [("Answer due for ALL FEDERAL DEFENDANTS", date(2025, 2, 12))]),
        Row(date(2025, 2, 10), 4, "ANSWER to Complaint by U.S. DEPARTMENT OF HOMELAND "
            "SECURITY.(Doe, Jane) (Entered: 02/10/2025)"),
        Row(date(2025, 2, 14), None, "MINUTE ORDER: In light of the Answer, it is hereby "
            "ORDERED that Defendants shall file a status report by 3/14/2025 proposing a "
            "schedule for production. Signed by Judge Amy Berman Jackson on 2/14/2025. "
            "(lcabj1) (Entered: 02/14/2025)",
            [("Defendants shall file a status report", date(2025, 3, 14))]),
        Row(date(2025, 3, 14), 5, "STATUS REPORT by U.S. DEPARTMENT OF HOMELAND SECURITY. "
            "(Doe, Jane) (Entered: 03/14/2025)"),
        # Filed 3/17; 30 days end Wednesday, April 16, 2025: D.C. Emancipation Day
        # (D.C. Code § 28-2701), a legal holiday under Rule 6(a)(6)(C): Thursday, April 17.
        Row(date(2025, 3, 17), 6, "ORDER. Upon consideration of the 5 Status Report, it is "
            "hereby ORDERED that Defendants shall make their first interim production "
            "within 30 days of this order. It is further ORDERED that the parties shall file "
            "a joint status report on or before May 2, 2025. Signed by Judge Amy Berman "
            "Jackson on 3/17/2025. (lcabj1) (Entered: 03/17/2025)",
            [("first interim production", date(2025, 4, 17)),
             ("joint status report", date(2025, 5, 2))]),
        Row(date(2025, 3, 20), 7, "MOTION for Extension of Time to File Production by "
            "4/30/2025 by U.S. DEPARTMENT OF HOMELAND SECURITY. (Doe, Jane) (Entered: "
            "03/20/2025)"),  # a motion asks for a date; it sets none: nothing proposed
        Row(date(2025, 3, 21), None, "MINUTE ORDER denying 7 Motion for Extension of Time. "
            "Joint Status Report due by 5/2/2025. Signed by Judge Amy Berman Jackson on "
            "3/21/2025. (lcabj1) (Entered: 03/21/2025)",
            [("Joint Status Report due", date(2025, 5, 2))]),
        Row(date(2025, 5, 2), 8, "Joint STATUS REPORT by IMMIGRANT DEFENSE PROJECT, U.S. "
            "DEPARTMENT OF HOMELAND SECURITY. (Attachments: # 1 Text of Proposed Order)"
            "(Schwarz, Ghita) (Entered: 05/02/2025)"),
    ]
    return Report("dcd", "District of Columbia (Washington, DC)", "1:25-cv-00031-ABJ",
                  "IMMIGRANT DEFENSE PROJECT et al v. U.S. DEPARTMENT OF HOMELAND SECURITY et al",
                  "Judge Amy Berman Jackson", f, "276543", "TYPE-D", rows)


def nysd() -> Report:
    f = date(2024, 11, 18)
    rows = [
        Row(f, 1, "COMPLAINT against Federal Bureau of Investigation, United States "
            "Department of Justice. (Filing Fee $ 405.00, Receipt Number ANYSDC-30011223)"
            "Document filed by Knight First Amendment Institute.(Roe, Alex) (Entered: "
            "11/18/2024)"),
        Row(date(2024, 11, 19), 2, "CIVIL COVER SHEET filed. (Roe, Alex) (Entered: "
            "11/19/2024)"),
        # Filed 1/29/2025; fourteen days end Wednesday, February 12, 2025: Lincoln's
        # Birthday, a New York public holiday (Gen. Constr. Law § 24): Thursday, Feb. 13.
        Row(date(2025, 1, 29), 9, "ORDER: The Government shall produce the first tranche "
            "of responsive records within fourteen (14) days of the date of this Order. "
            "SO ORDERED. (Signed by Judge Lewis J. Liman on 1/29/2025) (jca) (Entered: "
            "01/29/2025)",
            [("produce the first tranche", date(2025, 2, 13))]),
        Row(date(2025, 2, 3), 10, "SCHEDULING ORDER: Defendants' motion for summary "
            "judgment is due no later than June 6, 2025. Plaintiff's cross-motion is due "
            "July 3, 2025. (Signed by Judge Lewis J. Liman on 2/3/2025) (jca) (Entered: "
            "02/03/2025)",
            [("motion for summary judgment is due", date(2025, 6, 6)),
             ("Plaintiff's cross-motion", date(2025, 7, 3))]),
        Row(date(2025, 2, 3), None, "Set/Reset Deadlines: Motions due by 6/6/2025. "
            "(jca) (Entered: 02/03/2025)",
            [("Motions due", date(2025, 6, 6))]),
        Row(date(2025, 2, 5), 11, "LETTER addressed to Judge Lewis J. Liman from Alex Roe "
            "dated 2/5/2025 re: production schedule. Document filed by Knight First "
            "Amendment Institute.(Roe, Alex) (Entered: 02/05/2025)"),
    ]
    return Report("nysd", "Southern District of New York (Foley Square)", "1:24-cv-08812-LJL",
                  "Knight First Amendment Institute v. Federal Bureau of Investigation et al",
                  "Judge Lewis J. Liman", f, "631877", "ECF", rows)


def cand() -> Report:
    f = date(2025, 2, 24)
    rows = [
        Row(f, 1, "COMPLAINT against U.S. Customs and Border Protection ( Filing fee $ 405, "
            "receipt number ACANDC-20123456.). Filed by American Civil Liberties Union of "
            "Northern California. (Attachments: # 1 Civil Cover Sheet)(Lee, Sam) (Filed on "
            "2/24/2025) (Entered: 02/24/2025)"),
        Row(date(2025, 2, 25), 2, "Initial Case Management Scheduling Order with ADR "
            "Deadlines: Case Management Statement due by 5/20/2025. Initial Case Management "
            "Conference set for 5/27/2025 01:30 PM in San Francisco, - Videoconference Only. "
            "(mbc, COURT STAFF) (Filed on 2/25/2025) (Entered: 02/25/2025)",
            [("Case Management Statement due", date(2025, 5, 20)),
             ("Initial Case Management Conference", date(2025, 5, 27))]),
        # Filed 3/17/2025; 14 days end Monday, March 31, 2025: Cesar Chavez Day (Cal. Gov.
        # Code § 6700), a legal holiday under Rule 6(a)(6)(C): Tuesday, April 1.
        Row(date(2025, 3, 17), 14, "ORDER re: production. Defendant shall respond to the "
            "Request within 14 days of this order. Signed by Judge Jacqueline Scott Corley "
            "on 3/17/2025. (ahm, COURT STAFF) (Filed on 3/17/2025) (Entered: 03/17/2025)",
            [("Defendant shall respond to the Request", date(2025, 4, 1))]),
        Row(date(2025, 3, 18), 15, "CERTIFICATE OF SERVICE by American Civil Liberties "
            "Union of Northern California (Lee, Sam) (Filed on 3/18/2025) (Entered: "
            "03/18/2025)"),
    ]
    return Report("cand", "California Northern District (San Francisco)",
                  "3:25-cv-01987-JSC",
                  "American Civil Liberties Union of Northern California v. U.S. Customs and "
                  "Border Protection", "Judge Jacqueline Scott Corley", f, "442211",
                  "ADRMOP", rows)


def large(n: int = 1000) -> Report:
    """A long docket: ``n`` numbered entries, every tenth an order setting a date."""
    start = date(2019, 3, 4)
    rows = []
    for i in range(1, n + 1):
        filed = start + timedelta(days=i * 2)
        if i % 10 == 0:
            due = filed + timedelta(days=21)
            rows.append(Row(filed, i, f"MINUTE ORDER: the parties shall file a joint status "
                            f"report by {_short(due)}. Signed by Judge Amy Berman Jackson on "
                            f"{_short(filed)}. (lcabj1) (Entered: {_us(filed)})",
                            [("joint status report", due)]))
        else:
            rows.append(Row(filed, i, f"NOTICE of Filing of Production No. {i} by U.S. "
                            f"DEPARTMENT OF HOMELAND SECURITY re 3 Order (Attachments: # 1 "
                            f"Exhibit, # 2 Declaration of FOIA Officer)(Doe, Jane) (Entered: "
                            f"{_us(filed)})"))
    return Report("dcd", "District of Columbia (Washington, DC)", "1:19-cv-00604-ABJ",
                  "ELECTRONIC PRIVACY INFORMATION CENTER v. U.S. DEPARTMENT OF HOMELAND "
                  "SECURITY", "Judge Amy Berman Jackson", start, "204455", "", rows)


# --- writing HTML as CM/ECF does ----------------------------------------------------------


def html_report(r: Report) -> str:
    e = html.escape
    host = {"dcd": "ecf.dcd.uscourts.gov", "nysd": "ecf.nysd.uscourts.gov",
            "cand": "ecf.cand.uscourts.gov"}[r.court_key]
    th = "td" if r.court_key == "nysd" else "th"
    icon = r.court_key == "cand"
    head_cells = (f'<{th} nowrap width="94">Date Filed</{th}><{th} nowrap>#</{th}>'
                  + ("<th></th>" if icon else "") + f"<{th} nowrap>Docket Text</{th}>")
    body = []
    for row in r.rows:
        if row.number is None:
            num = "&nbsp;"
        else:
            doc = f"0{4500000000 + row.number * 7}"
            num = (f'<a href="https://{host}/doc1/{doc}" onclick="goDLS(\'/doc1/{doc}\','
                   f"'{r.pacer_id}','{row.number}','','','1','','');return(false);\">"
                   f"{row.number}</a>&nbsp;")
        body.append(f'<tr><td width="94" nowrap valign="top">{_us(row.filed)}</td>'
                    f'<td valign="top" align="right">{num}</td>'
                    + ('<td valign="top"></td>' if icon else "")
                    + f'<td valign="top"><!--SB-->{e(row.text)}</td></tr>')
    return f"""<html><head><link rel="shortcut icon" type="image/vnd.microsoft.icon" href="/favicon.ico"/><title>CM/ECF - {e(r.court_line.split(' (')[0])}</title>
<script type="text/javascript">var default_base_path = "/"; function goDLS(a,b,c) {{ return false; }}</script>
</head><body BGCOLOR=white TEXT=black onLoad='SetFocus()'>
<div id="topmenu" class="yuimenubar"><div class="bd"><ul class="first-of-type"><li class="yuimenubaritem"><a class="yuimenubaritemlabel" href="/cgi-bin/iquery.pl">Query</a></li><li class="yuimenubaritem"><a class="yuimenubaritemlabel" href="/cgi-bin/DisplayMenu.pl?Reports">Reports</a></li></ul></div></div>
<div id="cmecfMainContent"><input type="hidden" id="cmecfMainContentScroll" value="0">
<table width="100%"><tr><td align="right">{e(r.flags)}</td></tr></table>
<center><B><FONT SIZE=+1>U.S. District Court<BR>
{e(r.court_line)}<BR>
CIVIL DOCKET FOR CASE #: {e(r.case_no)}</FONT></B><BR><BR></center>
<table width="100%" border="0" cellspacing="5"><tr>
<td valign="top" width="60%"><br>{e(r.caption)}<br>Assigned to: {e(r.judge)}<br>Cause: 05:552 Freedom of Information Act<br></td>
<td valign="top" width="40%"><br>Date Filed: {_us(r.filed)}<br>Jury Demand: None<br>Nature of Suit: 895 Freedom of Information Act<br>Jurisdiction: U.S. Government Defendant<br></td>
</tr></table>
<table width="100%" border="0" cellspacing="5">
<tr><td><B><U>Plaintiff</U></B></td></tr>
<tr><td valign="top" width="40%"><b>{e(r.caption.split(' v. ')[0])}</b></td><td valign="top" width="20%"><div align="right">represented by</div></td><td valign="top" width="40%"><b>Counsel of Record</b><br>1 Main Street<br>Washington, DC 20001<br><i>LEAD ATTORNEY</i><br><i>ATTORNEY TO BE NOTICED</i></td></tr>
<tr><td valign="top"><br>V.<br></td></tr>
<tr><td><B><U>Defendant</U></B></td></tr>
<tr><td valign="top" width="40%"><b>{e(r.caption.split(' v. ')[-1])}</b></td></tr>
</table>
<br>
<table align="center" width="99%" border="1" rules="all" cellpadding="5" cellspacing="0">
<tr>{head_cells}</tr>
{chr(10).join(body)}
</table>
<br><hr><center><table border="1" bgcolor="white" width="400"><tr><th colspan="4"><font size="+1" color="DARKRED">PACER Service Center</font></th></tr>
<tr><th colspan="4"><font color="DARKBLUE">Transaction Receipt</font></th></tr>
<tr></tr><tr></tr><tr><td colspan="4" align="center"><font size="-1" color="DARKBLUE">05/06/2025 10:12:31</font></td></tr>
<tr><td><font size="-1" color="DARKBLUE">PACER Login:</font></td><td><font size="-1" color="DARKBLUE">idp0001</font></td><td><font size="-1" color="DARKBLUE">Client Code:</font></td><td></td></tr>
<tr><td><font size="-1" color="DARKBLUE">Description:</font></td><td><font size="-1" color="DARKBLUE">Docket Report</font></td><td><font size="-1" color="DARKBLUE">Search Criteria:</font></td><td><font size="-1" color="DARKBLUE">{e(r.case_no)} Filed or Entered From: 1/1/1970 To: 5/6/2025</font></td></tr>
<tr><td><font size="-1" color="DARKBLUE">Billable Pages:</font></td><td><font size="-1" color="DARKBLUE">3</font></td><td><font size="-1" color="DARKBLUE">Cost:</font></td><td><font size="-1" color="DARKBLUE">0.30</font></td></tr>
</table></center></div></body></html>
"""


# --- the hostile ones ---------------------------------------------------------------------

BANKRUPTCY = """<html><head><title>CM/ECF LIVE - U.S. Bankruptcy Court:deb</title></head><body>
<center><b><font size="+1">U.S. Bankruptcy Court<br>District of Delaware (Delaware)<br>
Bankruptcy Petition #: 23-10001-ABC</font></b></center>
<table><tr><td>Assigned to: Judge Brendan L. Shannon<br>Chapter 11<br>Voluntary<br>Asset</td>
<td>Date filed: 01/02/2023</td></tr></table>
<table border="1"><tr><th>Filing Date</th><th>#</th><th>Docket Text</th></tr>
<tr><td>01/02/2023</td><td>1</td><td>Chapter 11 Voluntary Petition Non-Individual.</td></tr>
<tr><td>01/03/2023</td><td>2</td><td>Declaration of Chief Restructuring Officer.</td></tr>
</table></body></html>
"""

STATE_COURT = """<!DOCTYPE html><html><head><title>NYSCEF - Document List</title></head><body>
<h1>Supreme Court of the State of New York, County of New York</h1>
<h2>Index # 155012/2024 - Civil Liberties Union v. City of New York</h2>
<table class="NewSearchResults"><thead><tr><th>#</th><th>Document</th><th>Filed By</th>
<th>Status</th></tr></thead><tbody>
<tr><td>1</td><td>SUMMONS + COMPLAINT</td><td>Doe, J.</td><td>Processed<br>Filed: 05/20/2024</td></tr>
<tr><td>2</td><td>AFFIRMATION/AFFIDAVIT OF SERVICE</td><td>Doe, J.</td><td>Processed<br>Filed: 06/03/2024</td></tr>
</tbody></table></body></html>
"""

NOT_A_DOCKET = """<!DOCTYPE html><html><head><title>FOIA.gov - Freedom of Information Act: How to
Make a FOIA Request</title></head><body><nav><a href="/">Home</a></nav><main>
<h1>How to Make a FOIA Request</h1><p>Before making a request, first look to see if the
information you are interested in is already publicly available.</p>
<table><tr><th>Agency</th><th>Median days</th></tr><tr><td>DHS</td><td>30</td></tr></table>
</main></body></html>
"""

LETTER = """U.S. Department of Homeland Security
Privacy Office, Mail Stop 0655
Washington, DC 20528-0655

March 3, 2025

Ghita Schwarz
Center for Constitutional Rights

Re: DHS FOIA 2025-HQFO-00412

Dear Ms. Schwarz:

This letter acknowledges receipt of your Freedom of Information Act request, which we
received on February 27, 2025. Your request has been assigned the number above.

Sincerely,
FOIA Officer
"""

EMPTY_TABLE_NOTE = "a genuine D.D.C. header whose entries table has its heading and no rows"


def empty_table() -> str:
    r = dcd()
    r.rows = []
    return html_report(r)


# --- the printed PDF ----------------------------------------------------------------------


def pdf_report(r: Report, target: Path) -> None:
    """The report as Chrome prints it: a header and footer on every page."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1  # the same bytes every time: no date, no random file id
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    title = f"CM/ECF - {r.court_line.split(' (')[0]}"
    url = f"https://ecf.{r.court_key}.uscourts.gov/cgi-bin/DktRpt.pl?{r.pacer_id}"
    pages: list[int] = []
    total = ["?"]

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(0.4 * inch, 10.7 * inch, "5/6/25, 10:14 AM")
        canvas.drawCentredString(4.25 * inch, 10.7 * inch, title)
        canvas.drawString(0.4 * inch, 0.3 * inch, url)
        pages.append(doc.page)
        canvas.drawRightString(8.1 * inch, 0.3 * inch, f"{doc.page}/{total[0]}")
        canvas.restoreState()

    story = [
        Paragraph(f"<para align='right'>{html.escape(r.flags)}</para>", body),
        Paragraph("<para align='center'><b>U.S. District Court<br/>"
                  f"{html.escape(r.court_line)}<br/>CIVIL DOCKET FOR CASE #: "
                  f"{html.escape(r.case_no)}</b></para>", body),
        Spacer(1, 12),
        Table([[Paragraph(f"{html.escape(r.caption)}<br/>Assigned to: {html.escape(r.judge)}"
                          "<br/>Cause: 05:552 Freedom of Information Act", body),
                Paragraph(f"Date Filed: {_us(r.filed)}<br/>Jury Demand: None<br/>Nature of "
                          "Suit: 895 Freedom of Information Act", body)]],
              colWidths=[4.2 * inch, 3 * inch]),
        Spacer(1, 12),
    ]
    data = [["Date Filed", "#", "Docket Text"]]
    for row in r.rows:
        data.append([_us(row.filed), "" if row.number is None else str(row.number),
                     Paragraph(html.escape(row.text), body)])
    table = Table(data, colWidths=[0.95 * inch, 0.45 * inch, 5.9 * inch], repeatRows=0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    # Two passes: the first counts the pages for "n/N".
    for _ in range(2):
        pages.clear()
        doc = SimpleDocTemplate(str(target), pagesize=letter, topMargin=0.6 * inch,
                                bottomMargin=0.6 * inch, leftMargin=0.4 * inch,
                                rightMargin=0.4 * inch, title=title)
        doc.build(list(story), onFirstPage=furniture, onLaterPages=furniture)
        total[0] = str(max(pages))


# --- the manifest: each file with what it must give ---------------------------------------


def expected(r: Report) -> dict:
    return {
        "docket": True,
        "court_key": r.court_key,
        "case_no": r.case_no,
        "caption": r.caption,
        "judge": r.judge,
        "filed": r.filed.isoformat(),
        "entries": [[row.number, row.filed.isoformat(), row.text] for row in r.rows],
        "proposals": [[row.number, row.filed.isoformat(), what, due.isoformat()]
                      for row in r.rows for what, due in row.proposes],
    }


def write_all(folder: Path = HERE) -> dict:
    manifest = {}
    for name, report in (("dcd.html", dcd()), ("nysd.html", nysd()), ("cand.html", cand())):
        (folder / name).write_text(html_report(report), encoding="utf-8")
        manifest[name] = expected(report)
    pdf_report(dcd(), folder / "dcd-printed.pdf")
    manifest["dcd-printed.pdf"] = expected(dcd())
    # Many pages: the browser's header and footer print on every one of them.
    pdf_report(large(120), folder / "long-printed.pdf")
    manifest["long-printed.pdf"] = expected(large(120))
    for name, text, what in (
            ("letter.txt", LETTER, "no docket at all"),
            ("bankruptcy.html", BANKRUPTCY, "a bankruptcy court's docket"),
            ("state-court.html", STATE_COURT, "a state court's docket"),
            ("not-a-docket.html", NOT_A_DOCKET, "no docket at all")):
        (folder / name).write_text(text, encoding="utf-8")
        manifest[name] = {"docket": False, "reads_as": what}
    (folder / "empty-table.html").write_text(empty_table(), encoding="utf-8")
    empty = expected(dcd())
    empty.update(entries=[], proposals=[], note=EMPTY_TABLE_NOTE)
    manifest["empty-table.html"] = empty
    (folder / "expected.json").write_text(json.dumps(manifest, indent=1) + "\n",
                                          encoding="utf-8")
    return manifest


if __name__ == "__main__":
    write_all()
