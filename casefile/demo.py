"""The demo case: Immigrant Defense Project and Center for Constitutional Rights
v. DHS and ICE, built from the press release in shared/seed.

What the press release says is used as it says it: the parties, the June 2020
request for expedited processing about "Operation Palladium", the agencies'
silence, the lawsuit. Everything else (dates to the day, tracking numbers,
counsel, the court, the production and its Vaughn index, the declaration) is
invented to show the app at work, and is marked SAMPLE: in its text where an
attorney reads it, and in a note on every entity that carries invented facts.

Built by code, never shipped as a binary, so it always matches the schema.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from casefile.dates import long_date
from casefile.deadlines import add_deadline
from casefile.deadlines.entered import mark_done
from casefile.declarations import add_declaration
from casefile.errors import from_os_error
from casefile.exhibits import add_exhibit, add_set
from casefile.exhibits import paragraph as exhibit_paragraph
from casefile.ingest import add_document_bytes
from casefile.matter import add_agency, add_matter
from casefile.notes import add_note
from casefile.parties import add_counsel, add_party
from casefile.requests import add_correspondence, add_request
from casefile.sample_pdfs import Letter, ProducedPage, letter_pdf, production_pdf
from casefile.store import CaseFile
from casefile.store import sqlite as sq
from casefile.store.lock import CaseLock
from casefile.store.models import (
    CorrespondenceKind,
    DeadlineKind,
    DeclarationParagraph,
    Direction,
    Disposition,
    Filing,
    IndexAuthor,
    Outcome,
    PartyRole,
    Production,
    ProductionDocument,
    RequestStatus,
)
from casefile.vaughn import Claim, add_index, add_record

DEMO_NAME = "IDP-v-DHS.casefile"
SAMPLE = "SAMPLE - invented for the demo case: "

CCR = ["CENTER FOR CONSTITUTIONAL RIGHTS", "666 Broadway, 7th Floor, New York, NY 10012",
       "SAMPLE letterhead"]
ICE_FOIA = ["U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT", "Freedom of Information Act Office",
            "500 12th Street SW, Stop 5009, Washington, DC 20536-5009"]
TO_RIVERA = ["Alex Rivera (SAMPLE)", "Center for Constitutional Rights",
             "666 Broadway, 7th Floor", "New York, NY 10012"]
REQUESTER = "Immigrant Defense Project and Center for Constitutional Rights"
SUBJECT = ('Records concerning "Operation Palladium", the immigration enforcement operation '
           'in "sanctuary" cities begun in February 2020')
ITEMS = [
    'All policy guidance, memoranda, directives and training materials concerning '
    '"Operation Palladium", from January 1, 2020 to the date of the search.',
    'All records concerning the process by which ICE identifies and selects "targets" for '
    'arrest under Operation Palladium, including criteria, target lists and their approval.',
    "Records sufficient to show the number of arrests made under Operation Palladium, by city "
    "and by month, including arrests at homes, on the street and at workplaces.",
    "All records concerning the deployment of U.S. Customs and Border Protection personnel, "
    "including BORTAC, to support ICE enforcement in New York City and other interior cities.",
    "All records concerning the use of force by ICE or CBP officers during Operation Palladium "
    "enforcement actions, including the discharge of firearms in New York City in February 2020.",
    "All records concerning the use of DHS personnel or technology to surveil protests of the "
    "Movement for Black Lives.",
]
URGENCY = (
    "The requesters ask for expedited processing under 5 U.S.C. § 552(a)(6)(E). There is an "
    "urgency to inform the public about actual or alleged federal government activity: since "
    "February 2020, ICE enforcement in New York City has included intensive surveillance and an "
    "escalation in violent tactics, including the shooting of a bystander during an arrest. "
    "The requesters are organizations primarily engaged in disseminating information. "
    "I certify that the foregoing is true and correct to the best of my knowledge and belief, "
    "as 5 U.S.C. § 552(a)(6)(E)(vi) requires."
)
# What the request letter states for expedition, a fee waiver and the fee category:
# the press release's facts.
REQUEST_FACTS = {
    "expedite_basis": (
        "Since February 2020, under \u201cOperation Palladium,\u201d ICE has deployed "
        "Customs and Border Protection officers, including the BORTAC tactical unit, to "
        "\u201csanctuary\u201d cities to support its arrests. In the first eleven weeks of "
        "2020, IDP recorded a 400 percent increase in reported sightings of ICE agents and in "
        "arrests over the last eleven weeks of 2019, and ICE agents in New York City shot a "
        "bystander during an arrest in February 2020. The public, and the Congress now "
        "debating the funding of DHS and ICE, need to know the policies behind these tactics "
        "now, while the operation continues."),
    "fee_waiver_basis": (
        "The records concern the identifiable operations of ICE and DHS in Operation "
        "Palladium. Little about the operation's policies, targeting or use of force is "
        "public. The requesters will analyse the records and publish them and their analysis "
        "without charge, through IDP's community reports and CCR's Open Records Project, to "
        "immigrant communities, advocates, journalists and the public. Neither requester has "
        "any commercial interest in the records."),
    "fee_category": "news_media",
    "fee_category_basis": (
        "Each requester gathers information of potential interest to a segment of the "
        "public, uses its editorial skills to turn the raw materials into distinct work, and "
        "distributes that work to an audience."),
}

FEE_WAIVER = (
    "The requesters ask for a waiver of all fees under 5 U.S.C. § 552(a)(4)(A)(iii): disclosure is "
    "in the public interest because it is likely to contribute significantly to public "
    "understanding of the operations or activities of the government, and is not primarily in "
    "the requesters' commercial interest."
)


def build_demo(out_dir: Path) -> Path:
    """Build the demo case in ``out_dir`` (replacing an earlier demo there)."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise from_os_error(exc, out_dir, "creating") from None
    path = out_dir / DEMO_NAME
    if path.exists():
        # Never pull an open case out from under a window.
        lock = CaseLock(path)
        lock.acquire()
        try:
            for stale in [path, *sq.sidecars(path)]:
                stale.unlink(missing_ok=True)
        finally:
            lock.release()
    # The demo is rebuilt at will: no automatic backups of it pile up.
    with CaseFile.create(path, auto_backup=False) as case, case.transaction() as s:
        _populate(s)
    return path


def write_outputs(case_path: Path, out_dir: Path) -> list[Path]:
    """Write what the demo shows: its exhibits as the court would get them (one
    PDF each, labelled, stamped and cut to the pages chosen) and a summary."""
    from sqlalchemy import select

    from casefile.bundles import profiles
    from casefile.bundles.build import BundleOptions, build_from_file
    from casefile.overview import overview
    from casefile.store.models import ExhibitSet

    written: list[Path] = []
    folder = out_dir / "exhibits"
    try:
        if folder.is_dir():
            shutil.rmtree(folder)  # the last demo's exhibits, replaced whole
        with CaseFile.open(case_path, read_only=True) as case:
            with case.reading() as s:
                sets = s.scalars(select(ExhibitSet.id).order_by(ExhibitSet.id)).all()
            options = BundleOptions(profile=profiles.get(None), mode="per-exhibit", ocr=False)
            for set_id in sets:
                report = build_from_file(case_path, str(set_id), folder, options)
                written += [output.path for output in report.outputs]
            summary = out_dir / "case-summary.txt"
            summary.write_text("\n".join(overview(case).lines()) + "\n", encoding="utf-8")
            written.append(summary)
    except OSError as exc:
        raise from_os_error(exc, out_dir, "writing to") from None
    return written


# --- the case itself ---------------------------------------------------------------


def _populate(s) -> None:
    matter = add_matter(
        s,
        caption=("IMMIGRANT DEFENSE PROJECT and CENTER FOR CONSTITUTIONAL RIGHTS, Plaintiffs, "
                 "v. U.S. DEPARTMENT OF HOMELAND SECURITY and U.S. IMMIGRATION AND CUSTOMS "
                 "ENFORCEMENT, Defendants."),
        short_title="IDP v. DHS",
        court="United States District Court for the Southern District of New York (SAMPLE)",
        docket_no="1:20-cv-08000 (SAMPLE)",
        judge="Hon. SAMPLE Judge",
        filed_on=date(2020, 10, 1),
        served_on=date(2020, 10, 2),
        summary=("FOIA suit to compel DHS and ICE to release policy guidance, memoranda, "
                 "trainings and targeting records about \"Operation Palladium\", after the "
                 "agencies left an urgent June 2020 request unanswered. Built from the "
                 "plaintiffs' press release; details marked SAMPLE are invented."),
    )
    add_note(s, matter, SAMPLE + "court, docket number, judge, filing and service dates.")

    dhs = add_agency(
        s, "U.S. Department of Homeland Security", "DHS", foia_office="Privacy Office, FOIA",
        address="2707 Martin Luther King Jr. Ave SE, Washington, DC 20528-0655",
        email="foia@hq.dhs.gov", rule_set="DHS",
    )
    ice = add_agency(
        s, "U.S. Immigration and Customs Enforcement", "ICE", parent=dhs,
        foia_office="ICE FOIA Office",
        address="500 12th Street SW, Stop 5009, Washington, DC 20536-5009",
        email="ice-foia@ice.dhs.gov",
    )
    add_agency(s, "U.S. Customs and Border Protection", "CBP", parent=dhs,
               foia_office="CBP FOIA Division",
               address="90 K Street NE, 9th Floor, Washington, DC 20229-1181")

    # The parties as the press release describes them; addresses and counsel are SAMPLE.
    add_party(
        s, matter, "Immigrant Defense Project", PartyRole.PLAINTIFF, short_name="IDP",
        description=("a nonprofit organization based in New York, New York, that works to "
                     "secure fairness and justice for immigrants in the criminal legal and "
                     "immigration systems, documents immigration enforcement practices, and "
                     "publishes what it learns to immigrant communities, their advocates and "
                     "the public"),
        address="New York, NY (SAMPLE)")
    add_party(
        s, matter, "Center for Constitutional Rights", PartyRole.PLAINTIFF, short_name="CCR",
        description=("a nonprofit legal and educational organization based in New York, New "
                     "York, dedicated to advancing and protecting the rights guaranteed by the "
                     "United States Constitution; through its Open Records Project it obtains "
                     "government records and publishes them, with analysis, to the public"),
        address="666 Broadway, 7th Floor, New York, NY 10012")
    dhs_party = add_party(s, matter, "U.S. Department of Homeland Security", PartyRole.DEFENDANT,
              agency=dhs, short_name="DHS",
              description=("an executive department of the United States headquartered in "
                           "Washington, D.C."),
              address="2707 Martin Luther King Jr. Ave SE, Washington, DC 20528")
    add_party(s, matter, "U.S. Immigration and Customs Enforcement", PartyRole.DEFENDANT,
              agency=ice, short_name="ICE",
              description=("a component of the U.S. Department of Homeland Security "
                           "headquartered in Washington, D.C., responsible for the enforcement "
                           "of the immigration laws in the interior of the United States"),
              address="500 12th Street SW, Washington, DC 20536")
    rivera = add_counsel(
        s, matter, "Alex Rivera (SAMPLE)", firm="Center for Constitutional Rights",
        address="666 Broadway, 7th Floor\nNew York, NY 10012", phone="(212) 555-0100",
        email="arivera@example.org", bar_no="AR0001 (SAMPLE)", is_lead=True,
    )
    lee = add_counsel(s, matter, "Jordan Lee (SAMPLE)", firm="Immigrant Defense Project",
                      address="40 West 39th Street, 5th Floor\nNew York, NY 10018 (SAMPLE)",
                      phone="(212) 555-0101", email="jlee@example.org",
                      bar_no="JL0002 (SAMPLE)")
    kim = add_counsel(s, matter, "Sam Kim (SAMPLE)", firm="Center for Constitutional Rights",
                      address="666 Broadway, 7th Floor\nNew York, NY 10012",
                      phone="(212) 555-0102", email="skim@example.org",
                      bar_no="CA 300001 (SAMPLE)", admission="pro hac vice application pending",
                      of_counsel=True)
    ausa = add_counsel(
        s, matter, "Morgan Diaz (SAMPLE)", party=dhs_party,
        firm="Assistant United States Attorney, Southern District of New York (SAMPLE)",
        address="86 Chambers Street, 3rd Floor\nNew York, NY 10007",
        phone="(212) 555-0199", email="morgan.diaz@example.gov", bar_no="MD0003 (SAMPLE)")
    for counsel in (rivera, lee, kim, ausa):
        add_note(s, counsel, SAMPLE + "the attorney, bar number, phone and email.")

    sent = date(2020, 6, 18)
    signature = ["Respectfully,", "", "Alex Rivera (SAMPLE)", "Center for Constitutional Rights",
                 "On behalf of the Immigrant Defense Project and the",
                 "Center for Constitutional Rights"]

    def request_letter(agency, office_lines):
        return Letter(
            sender_lines=CCR, dated=sent, recipient_lines=office_lines,
            re_line=("Freedom of Information Act Request and Request for Expedited Processing: "
                     '"Operation Palladium"'),
            salutation="Dear FOIA Officer:",
            paragraphs=[
                "The Immigrant Defense Project and the Center for Constitutional Rights submit "
                "this request under the Freedom of Information Act, 5 U.S.C. § 552, for the "
                f"following records of the {agency.name}:",
                URGENCY, FEE_WAIVER,
                "Please produce responsive records in electronic, text-searchable form, on a "
                "rolling basis. If any record is withheld in whole or in part, please identify "
                "it, state the exemption claimed, and release every reasonably segregable "
                "portion, as 5 U.S.C. § 552(b) requires.",
                "We look forward to your determination on expedited processing within ten "
                "days, 5 U.S.C. § 552(a)(6)(E)(ii)(I).",
            ],
            signature_lines=signature, numbered_items=ITEMS, items_after=1,
        )

    ice_letter = add_document_bytes(
        s, "2020-06-18 FOIA request to ICE.pdf",
        letter_pdf(request_letter(ice, ["ICE FOIA Office", "500 12th Street SW, Stop 5009",
                                        "Washington, DC 20536-5009"])), "application/pdf")
    dhs_letter = add_document_bytes(
        s, "2020-06-18 FOIA request to DHS.pdf",
        letter_pdf(request_letter(dhs, ["Chief FOIA Officer, Privacy Office",
                                        "U.S. Department of Homeland Security",
                                        "2707 Martin Luther King Jr. Ave SE",
                                        "Washington, DC 20528-0655"])), "application/pdf")

    ice_request = add_request(
        s, ice, REQUESTER, SUBJECT, items=ITEMS, date_sent=sent, date_received=date(2020, 6, 18),
        tracking_no="2020-ICFO-12345", fee_waiver_requested=True, expedited_requested=True,
        matter=matter, status=RequestStatus.IN_LITIGATION, **REQUEST_FACTS,
    )
    ice_request.expedited_outcome = Outcome.NO_RESPONSE
    dhs_request = add_request(
        s, dhs, REQUESTER, SUBJECT, items=ITEMS, date_sent=sent, date_received=date(2020, 6, 19),
        tracking_no="2020-HQFO-01234", fee_waiver_requested=True, expedited_requested=True,
        matter=matter, status=RequestStatus.IN_LITIGATION, **REQUEST_FACTS,
    )
    dhs_request.expedited_outcome = Outcome.NO_RESPONSE
    for r in (ice_request, dhs_request):
        add_note(s, r, SAMPLE + "the day sent (June 18, 2020), the day received and the "
                 "tracking number. The press release gives only 'June 2020'.")

    add_correspondence(s, Direction.OUTGOING, sent, CorrespondenceKind.REQUEST,
                       requests=[ice_request], sender=REQUESTER, recipient="ICE FOIA Office",
                       subject="FOIA request and request for expedited processing",
                       documents=[ice_letter])
    add_correspondence(s, Direction.OUTGOING, sent, CorrespondenceKind.REQUEST,
                       requests=[dhs_request], sender=REQUESTER,
                       recipient="DHS Privacy Office",
                       subject="FOIA request and request for expedited processing",
                       documents=[dhs_letter])

    ack = add_document_bytes(s, "2020-06-25 ICE acknowledgment.pdf", letter_pdf(Letter(
        sender_lines=ICE_FOIA, dated=date(2020, 6, 25), recipient_lines=TO_RIVERA,
        re_line="FOIA Case Number 2020-ICFO-12345 (SAMPLE)",
        salutation="Dear Requester:",
        paragraphs=[
            "This acknowledges receipt of your Freedom of Information Act request to U.S. "
            "Immigration and Customs Enforcement, received on June 18, 2020, seeking records "
            "concerning \"Operation Palladium\".",
            "Your request for expedited treatment is under review; you will be notified of "
            "the determination. Due to the increasing number of FOIA requests received by "
            "this office, we may encounter some delay in processing your request.",
            "Your request has been assigned the reference number above. Please refer to this "
            "identifier in any future correspondence.",
        ],
        signature_lines=["Sincerely,", "", "ICE FOIA Office (SAMPLE)"],
    )), "application/pdf")
    add_correspondence(s, Direction.INCOMING, date(2020, 6, 25),
                       CorrespondenceKind.ACKNOWLEDGMENT, requests=[ice_request],
                       sender="ICE FOIA Office", recipient="Alex Rivera (SAMPLE)",
                       subject="Acknowledgment of FOIA request 2020-ICFO-12345 (SAMPLE)",
                       documents=[ack])
    add_correspondence(
        s, Direction.OUTGOING, date(2020, 7, 28), CorrespondenceKind.EMAIL,
        requests=[ice_request, dhs_request], sender="arivera@example.org",
        recipient="ice-foia@ice.dhs.gov; foia@hq.dhs.gov",
        subject="Status of expedited requests 2020-ICFO-12345 and 2020-HQFO-01234 (SAMPLE)",
        body=("More than ten days have passed since our requests for expedited processing of "
              "June 18, 2020, and we have received no determination. Please tell us when one "
              "will issue. (SAMPLE)"),
    )

    complaint = Filing(matter=matter, title="Complaint for Declaratory and Injunctive Relief",
                       filed_on=date(2020, 10, 1), docket_entry="1")
    s.add(complaint)
    s.flush()
    add_note(s, complaint, SAMPLE + "filing date and docket entry.")

    # The first interim release: twelve pages, some redacted, two withheld.
    production_letter = add_document_bytes(
        s, "2021-01-15 ICE production letter.pdf", letter_pdf(Letter(
            sender_lines=ICE_FOIA, dated=date(2021, 1, 15), recipient_lines=TO_RIVERA,
            re_line="IDP v. DHS, 1:20-cv-08000 (S.D.N.Y.) (SAMPLE) - First Interim Release",
            salutation="Dear Counsel:",
            paragraphs=[
                "ICE has completed its search and review of a first set of potentially "
                "responsive records. Of the 12 pages reviewed, 6 pages are released in full, "
                "4 pages are released in part, and 2 pages are withheld in full.",
                "Portions of the released pages are withheld under 5 U.S.C. § 552(b)(5), "
                "(b)(6), (b)(7)(C) and (b)(7)(E). The enclosed records are Bates numbered "
                "ICE-2020-000001 through ICE-2020-000012.",
            ],
            signature_lines=["Sincerely,", "", "ICE FOIA Office (SAMPLE)"],
        )), "application/pdf")
    production_pages = _production_pages()
    released = add_document_bytes(s, "ICE-2020-000001-000012 First interim release.pdf",
                                  production_pdf(production_pages), "application/pdf")
    cover = add_correspondence(s, Direction.INCOMING, date(2021, 1, 15),
                               CorrespondenceKind.PRODUCTION_LETTER, requests=[ice_request],
                               sender="ICE FOIA Office", recipient="Alex Rivera (SAMPLE)",
                               subject="First interim release (SAMPLE)",
                               documents=[production_letter, released])
    production = Production(
        request=ice_request, produced_on=date(2021, 1, 15),
        title="ICE first interim release (SAMPLE)", bates_prefix="ICE-2020-",
        bates_begin="ICE-2020-000001", bates_end="ICE-2020-000012",
        pages_released_full=6, pages_released_part=4, pages_withheld_full=2,
        cover_letter=cover, documents=[ProductionDocument(document=released, position=0)],
    )
    s.add(production)
    s.flush()
    add_note(s, production, SAMPLE + "the whole production, its pages and its Bates numbers.")

    _vaughn_index(s, ice_request, production)
    _declaration(s, matter, rivera, ice_letter, dhs_letter, ack, production_letter, released)

    # The story met each of them on its day: the case went on to the cross-motions
    # (the Rivera declaration supports the cross-motion of June 14, 2021, which
    # answers the government's motion), so each is marked done, not left
    # "2,000 days overdue" on a case that is years old.
    for title, due, citation in [
        ("Defendants' answer to the complaint due (SAMPLE)", date(2020, 11, 2),
         "5 U.S.C. § 552(a)(4)(C)"),
        ("Joint status report on production due (SAMPLE)", date(2021, 2, 15), None),
        ("Defendants' motion for summary judgment due (SAMPLE)", date(2021, 5, 14), None),
        ("Plaintiffs' cross-motion and opposition due (SAMPLE)", date(2021, 6, 14), None),
    ]:
        deadline = add_deadline(s, title, due, kind=DeadlineKind.COURT, matter=matter,
                                request=ice_request if "production" in title else None,
                                rule="Scheduling order (SAMPLE)" if citation is None else None,
                                citation=citation, remind_days_before=7)
        mark_done(s, deadline, due)


def _production_pages() -> list[ProducedPage]:
    lorem = [
        "Operation Palladium will focus enforcement resources on at-large targets in "
        "jurisdictions that decline to honor immigration detainers. Field offices will "
        "coordinate daily target packages with the designated operations lead. (SAMPLE)",
        "Teams will deploy in the early morning hours. Supervisors must document each "
        "encounter and every collateral arrest in the daily operations report. (SAMPLE)",
        "CBP personnel detailed to the operation, including BORTAC, remain under CBP's "
        "use-of-force policy and will support ICE ERO teams on request. (SAMPLE)",
        "Questions about this guidance should be directed to the ERO Deputy Assistant "
        "Director for Domestic Operations. (SAMPLE)",
    ]
    pages: list[ProducedPage] = []
    for n in range(1, 13):
        bates = f"ICE-2020-{n:06d}"
        if n <= 6:
            pages.append(ProducedPage(bates, f"ERO Operation Palladium - Guidance (page {n})",
                                      lorem))
        elif n <= 8:
            pages.append(ProducedPage(
                bates, "Email: Palladium daily target package (SAMPLE)",
                ["From: [redacted] (ERO New York)  To: [redacted]  Sent: February 14, 2020",
                 "Contact details of the reporting officer follow.", *lorem[1:3]],
                redactions=[("(b)(6); (b)(7)(C)", 1)],
            ))
        elif n == 9:
            pages.append(ProducedPage(bates, "Target selection criteria (SAMPLE)", lorem,
                                      redactions=[("(b)(7)(E)", 1), ("(b)(7)(E)", 2)]))
        elif n == 10:
            pages.append(ProducedPage(bates, "Briefing slides: Palladium week 3 (SAMPLE)",
                                      lorem, redactions=[("(b)(5); (b)(7)(E)", 0)]))
        else:
            pages.append(ProducedPage(bates, "", [], withheld_in_full="(b)(5)"))
    return pages


def _vaughn_index(s, request, production) -> None:
    index = add_index(s, "ICE Vaughn index for the first interim release (SAMPLE)",
                      IndexAuthor.AGENCY, served_on=date(2021, 3, 1), request=request,
                      production=production, source_name="ICE Vaughn Index (SAMPLE).docx")
    add_note(s, index, SAMPLE + "every entry, justification and date of this index.")
    privacy = ("The withheld information consists of the names, telephone numbers and email "
               "addresses of ICE employees. Disclosure could subject them to harassment and "
               "serves no public interest in the operations of the agency.")
    techniques = ("Disclosure would reveal law enforcement techniques and procedures, the "
                  "disclosure of which could reasonably be expected to risk circumvention of "
                  "the law.")
    entries = [
        ("1", "ICE-2020-000007", "ICE-2020-000007", date(2020, 2, 14), "Email",
         "[ERO New York officer]", "[ERO supervisors]", 1,
         "Email transmitting the daily target package for Operation Palladium.",
         Disposition.RELEASED_IN_PART,
         [Claim("b6", privacy, "Employees would face harassment if named."),
          Claim("b7C", privacy, "Employees would face harassment if named.")],
         "All reasonably segregable information has been released."),
        ("2", "ICE-2020-000008", "ICE-2020-000008", date(2020, 2, 14), "Email",
         "[ERO New York officer]", "[ERO supervisors]", 1,
         "Reply to the daily target package email.", Disposition.RELEASED_IN_PART,
         [Claim("b6", privacy), Claim("b7C", privacy)],
         "All reasonably segregable information has been released."),
        ("3", "ICE-2020-000009", "ICE-2020-000009", None, "Memorandum", "ERO HQ", None, 1,
         "Target selection criteria.", Disposition.RELEASED_IN_PART,
         [Claim("(b)(7)(E)", techniques)], None),
        ("4", "ICE-2020-000010", "ICE-2020-000010", date(2020, 3, 2), "Briefing slides",
         "ERO Domestic Operations", "ICE leadership", 1,
         "Slides briefing leadership on the third week of the operation.",
         Disposition.RELEASED_IN_PART,
         [Claim("b5-dp", "The slides are predecisional and deliberative."),
          Claim("b7E", techniques)],
         "All reasonably segregable information has been released."),
        ("5", "ICE-2020-000011", "ICE-2020-000012", None, "Draft memorandum", None, None, 2,
         "Draft memorandum.", Disposition.WITHHELD_IN_FULL,
         [Claim("b5-dp", "The draft is predecisional and deliberative.")], None),
    ]
    for (no, begin, end, dated, kind, author, recipients, pages, description, disposition,
         claims, segregability) in entries:
        add_record(s, index, no, claims=claims, bates_begin=begin, bates_end=end,
                   doc_date=dated, doc_type=kind, author=author, recipients=recipients,
                   pages=pages, description=description, disposition=disposition,
                   segregability=segregability)


def _declaration(s, matter, counsel, ice_letter, dhs_letter, ack, production_letter,
                 released) -> None:
    exhibits = [
        (ice_letter, "FOIA request to ICE dated June 18, 2020", None),
        (dhs_letter, "FOIA request to DHS dated June 18, 2020", None),
        (ack, "ICE acknowledgment letter dated June 25, 2020", None),
        (production_letter, "ICE first interim release letter dated January 15, 2021", None),
        (released, "Pages ICE-2020-000007 to ICE-2020-000010 of the first interim release",
         "7-10"),
    ]
    paragraphs = [
        "I am a staff attorney at the Center for Constitutional Rights and counsel for "
        "Plaintiffs in this action. I make this declaration on personal knowledge. (SAMPLE)",
        f"On {long_date(date(2020, 6, 18))}, Plaintiffs submitted FOIA requests to ICE and "
        "to DHS for records concerning \"Operation Palladium\", and asked for expedited "
        "processing and a fee waiver.",
    ]
    declaration = add_declaration(
        s, counsel.name, "Declaration of Alex Rivera (SAMPLE) in Support of Plaintiffs' "
        "Cross-Motion for Summary Judgment", matter=matter,
        declarant_title="Staff Attorney, Center for Constitutional Rights (SAMPLE)",
        executed_on=date(2021, 6, 14), executed_at="New York, New York",
        paragraphs=paragraphs,
    )
    exhibit_set = add_set(s, "Rivera Declaration exhibits", declaration=declaration)
    for document, title, pages in exhibits:
        exhibit = add_exhibit(s, exhibit_set, document, title, page_selection=pages)
        declaration.paragraphs.append(DeclarationParagraph(
            number=len(declaration.paragraphs) + 1, text=exhibit_paragraph(exhibit)))
    s.flush()
    add_note(s, declaration, SAMPLE + "the declarant, the paragraphs and the dates.")


