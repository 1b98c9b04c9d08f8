"""Agency-shaped FOIA letters, each with the kind (and outcome) a reader should give it.

Written in the agencies' own template phrasing (DHS, ICE, CBP, FBI, State), as
their FOIA offices send them; nothing here is taken from the classifier's rules.
``fmt`` is how the test renders the letter: "eml" (plain email), "html" (HTML
email), "pdf" (reportlab) or "docx" (python-docx).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Letter:
    name: str
    agency: str
    fmt: str
    kind: str
    outcome: str | None
    subject: str
    text: str


L = Letter
LETTERS: list[Letter] = [
    # --- acknowledgments and tracking numbers ------------------------------------------
    L("dhs-ack", "DHS", "eml", "acknowledgment", None,
      "FOIA Request 2021-HQFO-00412 Acknowledgment",
      "Dear Ms. Alvarez:\n\nThis acknowledges receipt of your Freedom of Information Act (FOIA) "
      "request to the Department of Homeland Security (DHS), dated February 3, 2021, and "
      "received by this office on February 4, 2021. You are seeking records concerning "
      "detention standards at the Otero County Processing Center.\n\nYour request has been "
      "assigned reference number 2021-HQFO-00412. Please refer to this identifier in any "
      "future correspondence.\n\nSincerely,\nDHS Privacy Office, FOIA Division"),
    L("ice-ack", "ICE", "html", "acknowledgment", None,
      "ICE FOIA Request 2020-ICFO-12345",
      "<p>Dear Requester:</p><p>This acknowledges receipt of your Freedom of Information Act "
      "(FOIA) request to U.S. Immigration and Customs Enforcement (ICE), dated June 18, 2020, "
      "and to your request for a waiver of all assessable FOIA fees. Your request was received "
      "in this office on June 18, 2020.</p><p>Your request has been assigned the following "
      "reference number: 2020-ICFO-12345.</p><p>ICE processes FOIA requests according to "
      "their order of receipt.</p><p>Regards,<br>ICE FOIA Office</p>"),
    L("cbp-ack", "CBP", "eml", "acknowledgment", None,
      "CBP-2021-031877 Acknowledgement",
      "Dear Requester,\n\nWe have received your Freedom of Information Act request submitted "
      "through SecureRelease on 03/11/2021, seeking records of CBP One application policy.\n\n"
      "CBP FOIA processes requests on a first-in, first-out basis.\n\nCBP FOIA Division"),
    L("state-ack", "State", "pdf", "acknowledgment", None,
      "F-2021-04518",
      "United States Department of State\nWashington, D.C. 20520\n\nMarch 22, 2021\n\n"
      "Dear Mr. Chen:\n\nThis is to acknowledge receipt of your Freedom of Information Act "
      "request dated March 15, 2021, for cables concerning visa processing in Monrovia. "
      "Your request was received on March 17, 2021, and has been given Case Control "
      "Number F-2021-04518.\n\nOffice of Information Programs and Services"),
    L("fbi-tracking", "FBI", "eml", "tracking_number", None,
      "FOIPA Request No. 1489925-000",
      "Dear Requester:\n\nYour Freedom of Information/Privacy Acts (FOIPA) request has been "
      "assigned FOIPA Request Number 1489925-000. Please use this number in all "
      "correspondence concerning your request.\n\nRecord/Information Dissemination Section"),
    L("cbp-tracking", "CBP", "html", "tracking_number", None,
      "SecureRelease notification",
      "<p>Your request CBP-2022-004411 has moved to the next step.</p><p>The tracking number "
      "for your request is CBP-2022-004411. You can check its status in SecureRelease.</p>"),
    # --- clarification (tolling) -------------------------------------------------------
    L("ice-clarify", "ICE", "eml", "clarification", None,
      "2020-ICFO-22222 Request for Clarification",
      "Dear Requester:\n\nICE has reviewed your request and determined that it does not "
      "reasonably describe the records sought. Please clarify the program offices, the date "
      "range and the subject matter of your request so that a search can be conducted. If we "
      "do not hear from you within 30 days from the date of this letter, we will assume you "
      "are no longer interested in this request and the request will be administratively "
      "closed.\n\nICE FOIA Office"),
    L("fbi-identity", "FBI", "pdf", "clarification", None,
      "FOIPA Request No. 1501122-000",
      "Dear Requester:\n\nYou have requested records concerning a third party. To process "
      "this request we require proof of death or a privacy waiver from the subject, using "
      "Form DOJ-361, Certification of Identity. Unless we receive the requested information "
      "within 30 days, your request will be closed.\n\nRecord/Information Dissemination "
      "Section"),
    L("dhs-narrow", "DHS", "docx", "clarification", None,
      "2021-HQFO-00877",
      "Dear Mr. Okafor:\n\nYour request as written would require a search of every DHS "
      "component for a twelve-year period. We ask that you narrow the scope of your request "
      "to specific offices and a shorter time frame. Please provide this further information "
      "regarding your request within 30 working days.\n\nDHS Privacy Office"),
    # --- fees ---------------------------------------------------------------------------
    L("fbi-fee-estimate", "FBI", "eml", "fee_letter", None,
      "FOIPA Request No. 1489925-000 fee estimate",
      "Dear Requester:\n\nWe have located approximately 8,500 pages of records potentially "
      "responsive to your request. The estimated fee for processing is $255.00. Because the "
      "fees will exceed $250.00, an advance payment is required before we continue. Please "
      "notify us in writing within 30 days whether you agree to pay.\n\nRIDS"),
    L("state-fee-waiver-denied", "State", "pdf", "fee_letter", None,
      "F-2021-04518 fee waiver",
      "Dear Mr. Chen:\n\nWe have considered your request for a waiver of fees. You have not "
      "shown that disclosure is likely to contribute significantly to public understanding of "
      "the operations or activities of the government. Accordingly, your fee waiver request is "
      "denied. You have been placed in the fee category of 'all other requesters'. You may "
      "appeal this fee waiver decision within 90 calendar days of the date of this letter.\n\n"
      "Office of Information Programs and Services"),
    L("cbp-fee-category", "CBP", "docx", "fee_letter", None,
      "CBP-2021-031877 fees",
      "Dear Requester:\n\nBased on the information in your request, we are placing your "
      "request in the fee category of a commercial use requester. The estimated costs of "
      "search and review are $1,240.00.\n\nCBP FOIA Division"),
    # --- unusual circumstances ------------------------------------------------------------
    L("dhs-extension", "DHS", "eml", "extension", None,
      "2021-HQFO-00412 extension",
      "Dear Ms. Alvarez:\n\nAlthough DHS' goal is to respond within 20 business days of "
      "receipt of your request, the FOIA does permit a 10-day extension of this time period in "
      "certain circumstances. As your request seeks documents that will require a thorough and "
      "wide-ranging search, DHS will invoke a 10-day extension for your request pursuant to "
      "6 C.F.R. Part 5 § 5.5(c).\n\nDHS Privacy Office"),
    L("ice-unusual", "ICE", "html", "extension", None,
      "2020-ICFO-12345",
      "<p>Dear Requester:</p><p>Due to unusual circumstances, including the need to search for "
      "and collect records from field offices, ICE is extending the time limit to respond to "
      "your request beyond the ten additional days provided by the statute.</p>"),
    L("fbi-unusual", "FBI", "pdf", "extension", None,
      "FOIPA Request No. 1501122-000",
      "Dear Requester:\n\nPursuant to 5 U.S.C. § 552(a)(6)(B)(iii), unusual circumstances "
      "apply to the processing of your request: records must be searched for and collected "
      "from field offices that are separate from the office processing the request. This will "
      "delay our response.\n\nRIDS"),
    # --- determinations -----------------------------------------------------------------
    L("ice-partial", "ICE", "eml", "determination", "partial_grant",
      "Final Response 2020-ICFO-12345",
      "Dear Requester:\n\nThis is the final response to your FOIA request. ICE has considered "
      "your request under the FOIA. A search of the ICE Office of Enforcement and Removal "
      "Operations produced 412 pages responsive to your request. After review, 380 pages will "
      "be released in part and 32 pages are withheld in their entirety pursuant to Exemptions "
      "(b)(6), (b)(7)(C) and (b)(7)(E).\n\nYou have the right to appeal this determination. "
      "Should you wish to do so, you must send your appeal within 90 working days of the date "
      "of this letter, following the procedures outlined in the DHS FOIA regulations at "
      "6 C.F.R. Part 5 § 5.8.\n\nICE FOIA Office"),
    L("cbp-partial", "CBP", "docx", "determination", "partial_grant",
      "CBP-2021-031877 final response",
      "Dear Requester:\n\nCBP has completed its search and processing of your request. We are "
      "releasing 54 pages with certain information withheld pursuant to FOIA Exemptions "
      "(b)(6) and (b)(7)(E).\n\nIf you are not satisfied with the response to this request, "
      "you may administratively appeal this determination by writing to the CBP FOIA Appeals "
      "Office within 90 working days of the date of this letter.\n\nCBP FOIA Division"),
    L("state-partial", "State", "pdf", "determination", "partial_grant",
      "F-2021-04518 final response",
      "Dear Mr. Chen:\n\nWe have completed the processing of your request. The search "
      "located 17 documents. We have determined that 9 may be released in full and 8 may be "
      "released in part. All released material is enclosed.\n\nIf you are not satisfied with "
      "this response, you may appeal by writing to the Appeals Officer. Your appeal must be "
      "postmarked or electronically transmitted by July 19, 2021.\n\nOffice of Information "
      "Programs and Services"),
    L("dhs-grant", "DHS", "eml", "determination", "grant",
      "2021-HQFO-00412 final response",
      "Dear Ms. Alvarez:\n\nThis is our final response to your request. We located 23 pages "
      "of records responsive to your request, and they are released in full; no information "
      "has been withheld.\n\nDHS Privacy Office"),
    L("fbi-denial-7a", "FBI", "pdf", "determination", "denial",
      "FOIPA Request No. 1489925-000",
      "Dear Requester:\n\nThe records you requested are located in an investigative file which "
      "is exempt from disclosure in its entirety pursuant to 5 U.S.C. § 552(b)(7)(A). You may "
      "file an appeal with the Office of Information Policy (OIP), United States Department of "
      "Justice, within ninety (90) days from the date of this letter.\n\nRIDS"),
    L("cbp-denial", "CBP", "html", "determination", "denial",
      "CBP-2022-004411 determination",
      "<p>Dear Requester:</p><p>After a thorough review, all 96 pages of responsive records "
      "are withheld in full under Exemption (b)(7)(E), because their release would disclose "
      "law enforcement techniques.</p><p>You have the right to file an administrative appeal "
      "within 90 days of the date of this response.</p>"),
    L("fbi-no-records", "FBI", "eml", "determination", "no_records",
      "FOIPA Request No. 1501122-000",
      "Dear Requester:\n\nBased on the information you provided, we conducted a search of the "
      "places reasonably expected to have records. However, we were unable to identify "
      "records responsive to your request. We were unable to locate any main file records "
      "responsive to your request.\n\nYou may file an appeal with the Office of Information "
      "Policy within ninety (90) days from the date of this letter.\n\nRIDS"),
    L("state-no-records", "State", "docx", "determination", "no_records",
      "F-2020-11234",
      "Dear Ms. Park:\n\nThe Department conducted a thorough search of the Central Foreign "
      "Policy Records and the Bureau of Consular Affairs. No records responsive to your "
      "request were located.\n\nIf you wish to appeal this determination, you may do so "
      "within 90 calendar days.\n\nOffice of Information Programs and Services"),
    L("fbi-glomar", "FBI", "eml", "determination", "glomar",
      "FOIPA Request No. 1502233-000",
      "Dear Requester:\n\nYou have requested records on one or more third party individuals. "
      "The FBI will neither confirm nor deny the existence of such records pursuant to FOIA "
      "exemptions (b)(6) and (b)(7)(C). The mere acknowledgment of the existence of such "
      "records could reasonably be expected to constitute an unwarranted invasion of personal "
      "privacy.\n\nYou may file an appeal with OIP within ninety (90) days.\n\nRIDS"),
    L("state-glomar", "State", "pdf", "determination", "glomar",
      "F-2021-07001",
      "Dear Requester:\n\nThe Department can neither confirm nor deny the existence of records "
      "responsive to your request, because the fact of their existence or nonexistence is "
      "itself classified under Executive Order 13526. You may appeal this determination "
      "within 90 days of the date of this letter.\n\nOffice of Information Programs and "
      "Services"),
    L("ice-interim", "ICE", "eml", "interim_determination", "partial_grant",
      "2020-ICFO-12345 interim release 2",
      "Dear Requester:\n\nThis is the second interim response to your FOIA request. ICE "
      "processed 500 pages this month: 410 pages are released in part and 90 pages are "
      "withheld in full pursuant to Exemptions (b)(6) and (b)(7)(C). Additional releases will "
      "follow monthly.\n\nYou have the right to appeal the withholdings in this release within "
      "90 working days of the date of this letter.\n\nICE FOIA Office"),
    L("fbi-interim", "FBI", "docx", "interim_determination", "partial_grant",
      "FOIPA Request No. 1489925-000 release 3",
      "Dear Requester:\n\nEnclosed are 492 pages of records, the third interim release in "
      "response to your request. Deleted material is withheld in part under the exemptions "
      "marked on each page.\n\nYou may file an appeal with the Office of Information Policy "
      "within ninety (90) days from the date of this letter.\n\nRIDS"),
    # --- appeals -----------------------------------------------------------------------
    L("oip-appeal-ack", "FBI", "eml", "appeal_acknowledgment", None,
      "Appeal No. A-2021-01177",
      "Dear Requester:\n\nThis is to advise you that your administrative appeal from the action "
      "of the Federal Bureau of Investigation on FOIPA Request No. 1489925-000 was received by "
      "this Office on April 2, 2021. Your appeal has been assigned number A-2021-01177.\n\n"
      "Office of Information Policy"),
    L("dhs-appeal-ack", "DHS", "html", "appeal_acknowledgment", None,
      "2021-HQAP-00088",
      "<p>Dear Ms. Alvarez:</p><p>This acknowledges receipt of your FOIA appeal dated May 1, "
      "2021. Your appeal has been assigned tracking number 2021-HQAP-00088.</p>"),
    L("oip-affirmed", "FBI", "pdf", "appeal_decision", "affirmed",
      "Re: Appeal No. A-2021-01177",
      "Dear Requester:\n\nAfter carefully considering your appeal, I am affirming, on modified "
      "grounds, the FBI's action on your request. The records are exempt under 5 U.S.C. "
      "§ 552(b)(7)(A).\n\nIf you are dissatisfied with my action on your appeal, the FOIA "
      "permits you to file a lawsuit in federal district court.\n\nOffice of Information "
      "Policy"),
    L("dhs-affirmed", "ICE", "eml", "appeal_decision", "affirmed",
      "ICE FOIA Appeal 2021-ICAP-00412",
      "Dear Requester:\n\nThe Government Information Law Division of the ICE Office of the "
      "Principal Legal Advisor has reviewed your appeal. We have determined that ICE's "
      "response was appropriate, and the decision is hereby affirmed. You may seek judicial "
      "review under 5 U.S.C. § 552(a)(4)(B).\n\nOPLA"),
    L("oip-remanded", "FBI", "docx", "appeal_decision", "remanded",
      "Re: Appeal No. A-2021-02003",
      "Dear Requester:\n\nAfter carefully considering your appeal, I am remanding your request "
      "to the FBI for a further search for responsive records. If the FBI locates records, it "
      "will send them to you directly, subject to any applicable fees.\n\nOffice of Information"
      " Policy"),
    L("cbp-reversed", "CBP", "html", "appeal_decision", "reversed",
      "CBP FOIA Appeal CBP-AP-2022-00019",
      "<p>Dear Requester:</p><p>Upon review, we are reversing the denial of your request for a "
      "fee waiver, and the action of the FOIA Division is reversed. Your request has been "
      "returned for processing without fees.</p>"),
    # --- productions and litigation --------------------------------------------------------
    L("ice-production-lit", "ICE", "pdf", "production", None,
      "Alvarez v. ICE, No. 1:20-cv-04567 — June production",
      "Dear Counsel:\n\nIn connection with the above-captioned litigation, Civil Action No. "
      "20-cv-4567 (S.D.N.Y.), enclosed please find ICE's sixth production of records, "
      "Bates-numbered ICE-2020-000501 through ICE-2020-001000.\n\nAssistant United States "
      "Attorney"),
    L("state-production", "State", "eml", "production", None,
      "F-2021-04518 monthly production",
      "Dear Mr. Chen:\n\nAs agreed, attached are the documents for this month's rolling "
      "production, 140 pages, which we are releasing in response to your request.\n\n"
      "Office of Information Programs and Services"),
    L("ausa-meet-confer", "DHS", "eml", "litigation", None,
      "Alvarez v. DHS, No. 1:21-cv-00321 — scheduling",
      "Counsel,\n\nI write to meet and confer about the schedule in the above-captioned "
      "action before the joint status report due next Friday. Defendants propose a processing "
      "rate of 500 pages per month.\n\nAssistant United States Attorney\nCounsel for "
      "Defendants"),
    L("ausa-stipulation", "CBP", "docx", "litigation", None,
      "Civil Action No. 22-cv-1187 (D.D.C.)",
      "Dear Counsel:\n\nPlease find the draft stipulation of dismissal for Civil Action No. "
      "22-cv-1187. Let us know whether plaintiff consents to its filing.\n\nCivil Division"),
    # --- not a letter of any known shape ----------------------------------------------------
    L("newsletter", "DHS", "html", "other", None,
      "DHS Privacy Office newsletter",
      "<p>Welcome to our quarterly newsletter. This quarter the Privacy Office hosted two "
      "training events and published its annual report.</p>"),
]
