"""The review of a Vaughn index, challenges and statistics."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from sqlalchemy import select, update

from casefile import office
from casefile.store import CaseFile
from casefile.store.models import (
    ChallengeState,
    Disposition,
    DocumentPage,
    FoiaRequest,
    IndexAuthor,
    Record,
    VaughnIndex,
)
from casefile.vaughn import Claim, add_index, add_record, challenges, find_index, report, stats
from casefile.vaughn.entries import set_claims, update_record
from casefile.vaughn.review import review
from tests.conftest import need_tool


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


HARM = ("Release would let targets learn the thresholds ERO uses and arrange their affairs to "
        "stay below them, which would risk circumvention of the law.")
BOILERPLATE = ("Release of the names and identifying information of ICE employees and third "
               "parties would constitute an unwarranted invasion of personal privacy, and no "
               "public interest outweighs that interest in this case.")


def _flags(result, entry_no: str) -> set[str]:
    return {f.check for f in result.flags if f.entry_no == entry_no}


@pytest.fixture
def case(new_case):
    with CaseFile.open(new_case) as opened:
        yield opened


def test_each_shortcoming_is_flagged_with_its_reason_and_authority(case):
    with case.transaction() as s:
        index = add_index(s, "Index", IndexAuthor.AGENCY)
        add_record(s, index, "1", description="Threshold memo.", doc_type="Memo",
                   claims=[Claim("b7E", HARM)], disposition=Disposition.RELEASED_IN_PART)
        add_record(s, index, "2", description="Draft guidance.", doc_type="Memo",
                   disposition=Disposition.WITHHELD_IN_FULL,
                   claims=[Claim("b5-dp", "The draft is predecisional and deliberative and "
                                          "reflects the give and take of agency staff.")])
        add_record(s, index, "3", description="Letter.", doc_type="Letter",
                   claims=[Claim("b3", "The information is exempted from disclosure by a "
                                       "statute that leaves no discretion to the agency.")])
        add_record(s, index, "4", claims=[Claim("b6", "Privacy.")])
        add_record(s, index, "5", description="Memo.", doc_type="Memo", claims=[
            Claim("b6", HARM), Claim(None, HARM, raw="(b)(7)(G)")])
        add_record(s, index, "6", description="Old memo.", doc_type="Memo",
                   doc_date=date(1990, 5, 1), author="A", recipients="B",
                   claims=[Claim("b5-dp", "Recommendations before the final policy decision "
                                          "on detainers; release would chill candid advice.")])
        result = review(s, index, today=date(2020, 6, 18))
    # Entries 1 and 5 give one text: repeated on two records, it is boilerplate.
    assert _flags(result, "1") == {"boilerplate"}
    assert _flags(result, "2") == {"segregability", "dpp_details", "no_harm"}
    [dpp] = [f for f in result.flags if f.entry_no == "2" and f.check == "dpp_details"]
    assert "the date, the author, the recipients or the decision it preceded" in dpp.reason
    assert "Coastal States" in dpp.authority
    # "exempted from disclosure by a statute that leaves no discretion": § 552(b)(3)'s words.
    assert _flags(result, "3") == {"b3_statute", "restates_statute"}
    assert _flags(result, "4") == {"conclusory", "no_description", "no_harm"}
    assert _flags(result, "5") == {"not_in_catalog", "boilerplate"}
    # "would chill candid advice": a harm any deliberative record would claim.
    assert _flags(result, "6") == {"dpp_age", "generic_harm"}


def test_boilerplate_is_grouped_with_its_count_near_copies_included(case):
    with case.transaction() as s:
        index = add_index(s, "Index", IndexAuthor.AGENCY)
        for n in range(1, 41):
            text = BOILERPLATE if n % 4 else BOILERPLATE.replace("ICE employees",
                                                                  f"ICE employee no. {n}")
            add_record(s, index, str(n), description="Email.", doc_type="Email",
                       claims=[Claim("b6", text), Claim("b7C", text)])
        add_record(s, index, "41", description="Email.", doc_type="Email",
                   claims=[Claim("b6", HARM)])
        result = review(s, index)
    [group] = result.groups
    assert (group.withholdings, group.entries) == (80, 40)
    assert group.variants > 1  # "employee no. 4" and the rest are one text
    assert group.text == BOILERPLATE
    assert {f.entry_no for f in result.flags if f.check == "boilerplate"} == \
        {str(n) for n in range(1, 41)}
    text = "\n".join(report.lines(result))
    assert "Text 1 justifies 80 withholdings in 40 entries" in text
    assert "entries 1–40" in text


@pytest.mark.parametrize("stored_before_0008", [False, True])
def test_the_index_is_checked_against_the_produced_pages(demo_case, stored_before_0008):
    """Markings come from the column the ingest fills, or, for pages stored
    before revision 0008 (NULL there), from the pages' text: the same flags."""
    with CaseFile.open(demo_case) as case, case.transaction() as s:
        if stored_before_0008:
            s.execute(update(DocumentPage).values(markings=None))
        index = find_index(s, None)
        records = {r.entry_no: r for r in s.scalars(select(Record).where(
            Record.index_id == index.id))}
        # Page 9 is marked (b)(7)(E); claim (b)(6) for it instead.
        set_claims(s, records["3"], [Claim("b6", HARM)])
        # Entry 2 covered page 8, which is marked (b)(6); (b)(7)(C): drop it.
        s.delete(records["2"])
        # Entry 5 stated 2 pages for ICE-2020-000011 – 12; make it overlap entry 4.
        update_record(s, records["5"], bates_begin="ICE-2020-000010")
        s.flush()
        result = review(s, index)
    checks = {(f.entry_no, f.check) for f in result.flags}
    assert ("3", "marking") in checks
    marking = [f.reason for f in result.flags if f.entry_no == "3" and f.check == "marking"]
    assert marking == ["Page ICE-2020-000009 is marked (b)(7)(E), which this entry does not "
                       "claim.", "Claims (b)(6), but no produced page of the entry is marked so."]
    gaps = [f for f in result.flags if f.check == "bates_gap"]
    assert any("ICE-2020-000008" in f.reason for f in gaps)
    assert ("5", "overlap") in checks
    assert ("5", "page_count") in checks  # 2 pages stated, 3 in the range now


def test_the_demo_index_as_served_has_no_production_mismatch(demo_case):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        result = review(s, find_index(s, None))
    assert not {f.check for f in result.flags} & {"marking", "bates_gap", "overlap",
                                                  "page_count"}


def test_the_review_report_reads_in_word_and_csv(demo_case, tmp_path):
    need_tool("soffice")
    need_tool("pdftotext")
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        result = review(s, find_index(s, None))
        docx = report.to_docx(s, result, tmp_path / "review.docx")
    csv_path = report.to_csv(result, tmp_path / "review.csv")
    rows = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Entry,Bates,Check,Reason,Authority"
    assert len(rows) == len(result.flags) + 1
    pdf = office.convert(docx, "pdf", tmp_path)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "REVIEW OF ICE VAUGHN INDEX" in text
    assert "Withheld in full with no segregability statement" in text
    assert "Mead Data" in text and "ICE-2020-000011" in text


def test_reviewing_twenty_thousand_entries_compares_no_pairs(new_case):
    """Boilerplate among 3,000 distinct texts: the sketch keeps the work near-linear."""
    from casefile.vaughn import review as review_module

    calls = 0
    real = review_module._shingles

    def counting(words):
        nonlocal calls
        calls += 1
        return real(words)

    with CaseFile.open(new_case) as case, case.transaction() as s:
        index = add_index(s, "Index", IndexAuthor.AGENCY)
        for n in range(3000):
            add_record(s, index, str(n), claims=[Claim(
                "b6", f"Entry {n}: the names of officers {n * 7919 % 100003} and "
                      f"{n * 104729 % 100019} appear in message {n} of the chain.")])
        review_module._shingles = counting
        try:
            review(s, index)
        finally:
            review_module._shingles = real
    assert calls <= 3000  # each distinct text sketched once, never per pair


def test_challenges_are_tracked_and_summarised_for_the_brief(demo_case):
    with CaseFile.open(demo_case) as case, case.transaction() as s:
        index = find_index(s, None)
        for no in ("4", "5"):
            challenges.set_challenge(challenges.find_entry(s, index, no),
                                     ChallengeState.CHALLENGED,
                                     argument="No foreseeable harm is stated.",
                                     add_citations=["5 U.S.C. § 552(a)(8)(A)(i)"])
        challenges.set_challenge(challenges.find_entry(s, index, "1"), ChallengeState.CONCEDED)
        sentences = challenges.summary_sentences(s, index)
        record = challenges.find_entry(s, index, "4")
        challenges.set_challenge(record, add_citations=["5 U.S.C. § 552(a)(8)(A)(i)",
                                                        "Reporters Comm., 3 F.4th 350"])
        assert record.challenge_citations.splitlines() == [
            "5 U.S.C. § 552(a)(8)(A)(i)", "Reporters Comm., 3 F.4th 350"]
    assert sentences[0].startswith("Plaintiffs challenge 2 withholdings under Exemption 5 "
                                   "(deliberative process privilege: 2) in 2 entries of the "
                                   "ICE Vaughn index")
    assert "covering 3 pages" in sentences[0]
    assert any("Exemption 7" in s for s in sentences)


def test_statistics_count_withholdings_pages_and_productions(demo_case):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        index = find_index(s, None)
        result = stats.stats(s, index)
        productions = stats.by_production(s)
    assert (result.entries, result.withholdings, result.pages) == (5, 8, 6)
    assert result.by_exemption["(b)(5) DPP"] == [2, 2, 3]
    assert result.by_disposition["Withheld in full"] == [1, 2]
    assert result.by_disposition["Released in part"] == [4, 4]
    [first] = productions
    assert (first.withheld_full, first.entries, first.entry_pages) == (2, 5, 6)


def test_deliberative_process_age_counts_from_the_request(case):
    with case.transaction() as s:
        from casefile.matter import add_agency

        ice = add_agency(s, "U.S. Immigration and Customs Enforcement", "ICE")
        request = FoiaRequest(agency=ice, requester="IDP", subject="Records",
                              date_sent=date(2020, 6, 18))
        s.add(request)
        s.flush()
        index = add_index(s, "Index", IndexAuthor.AGENCY, request=request)
        for no, dated in (("1", date(1995, 6, 18)), ("2", date(1995, 6, 19))):
            add_record(s, index, no, doc_date=dated, author="A", recipients="B",
                       description="Memo before the final policy decision.", doc_type="Memo",
                       claims=[Claim("b5-dp", HARM)])
        result = review(s, s.get(VaughnIndex, index.id))
    assert {f.entry_no for f in result.flags if f.check == "dpp_age"} == {"1"}


def test_the_ingest_stores_each_pages_markings(demo_case):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        stored = dict(s.execute(select(DocumentPage.bates, DocumentPage.markings)
                                .where(DocumentPage.bates.is_not(None))).all())
    assert stored["ICE-2020-000009"] == "b7E"
    assert stored["ICE-2020-000007"] == "b6 b7C"
    assert None not in stored.values()


def test_page_markings_are_read_in_both_forms_and_not_inside_words():
    from casefile.markings import read as _markings

    assert _markings("ICE-000123 (b)(6), (b)(7)(C)") == {"b6", "b7C"}
    assert _markings("Redacted: b6, B7C; b5") == {"b6", "b7C", "b5"}
    # A Bates number, a word or a hyphenated code is not a marking; nor is a
    # subparagraph letter after any exemption but 7.
    assert _markings("AB5 sub-b6 web3 b7-x b5C") == set()


# --- a review a court would sign (issue 17) ------------------------------------------------

PRIVACY = ("The names and telephone numbers of the deportation officers who planned the "
           "Newark operation appear throughout the email chain. Releasing them would expose "
           "these officers to harassment by the targets' associates, who have threatened "
           "officers of that office before.")


def test_a_text_with_one_sentence_added_or_removed_joins_its_boilerplate_group(case):
    with case.transaction() as s:
        index = add_index(s, "Index", IndexAuthor.AGENCY)
        add_record(s, index, "1", description="Email.", claims=[Claim("b6", PRIVACY)])
        add_record(s, index, "2", description="Email.", claims=[Claim(
            "b6", PRIVACY + " Segregability: no reasonably segregable portion could be "
                            "released after a line-by-line review.")])
        add_record(s, index, "3", description="Email.", claims=[Claim(
            "b6", PRIVACY.split(". ")[0] + ".")])  # its first sentence only
        add_record(s, index, "4", description="Email.", claims=[Claim("b6", HARM)])
        result = review(s, index)
    [group] = result.groups
    assert group.entry_nos == ["1", "2", "3"] and group.variants == 3


def test_a_justification_repeated_on_two_records_is_boilerplate_even_in_a_short_index(case):
    with case.transaction() as s:
        index = add_index(s, "Index", IndexAuthor.AGENCY)
        add_record(s, index, "1", description="Email.", claims=[Claim("b6", PRIVACY)])
        add_record(s, index, "2", description="Memo.", claims=[Claim("b6", PRIVACY)])
        result = review(s, index)
    assert _flags(result, "1") == _flags(result, "2") == {"boilerplate"}


def test_restating_the_statute_is_flagged_as_saying_nothing_about_the_record(case):
    with case.transaction() as s:
        index = add_index(s, "Index", IndexAuthor.AGENCY)
        add_record(s, index, "1", description="Checklist.", claims=[Claim(
            "(b)(7)(E)", "The withheld information would disclose techniques and procedures "
                         "for law enforcement investigations, and its disclosure could "
                         "reasonably be expected to risk circumvention of the law.")])
        add_record(s, index, "2", description="Checklist.", claims=[Claim("b7E", HARM)])
        result = review(s, index)
    assert _flags(result, "1") == {"restates_statute"}
    [flag] = [f for f in result.flags if f.entry_no == "1"]
    assert "says nothing about this record" in flag.reason and "King" in flag.authority
    assert _flags(result, "2") == set()


def test_foreseeable_harm_is_asked_of_every_exemption_but_b3(case):
    plain = ("The record is a cable between two embassies about the visit of the foreign "
             "minister in March, marked Secret by its original classification authority.")
    with case.transaction() as s:
        index = add_index(s, "Index", IndexAuthor.AGENCY)
        add_record(s, index, "1", description="Cable.", claims=[Claim("b1", plain)])
        add_record(s, index, "2", description="Return.", claims=[Claim(
            "b3", "Tax return information of the subject, filed for 2019 and protected by "
                  "26 U.S.C. § 6103, which the agency may not release.", statute="26 U.S.C. "
                                                                              "§ 6103")])
        result = review(s, index)
    assert _flags(result, "1") == {"no_harm"}
    assert _flags(result, "2") == set()


def test_a_generic_harm_is_flagged_with_the_authority_of_the_case_s_circuit(case):
    from casefile.matter import add_matter

    generic = ("The draft options paper reflects staff recommendations on the detention "
               "standards for the Elizabeth facility. Release would chill frank internal "
               "discussion and harm the agency's decision-making process.")
    with case.transaction() as s:
        index = add_index(s, "Index", IndexAuthor.AGENCY)
        add_record(s, index, "1", description="Draft.", claims=[Claim("b5", generic)])
        add_record(s, index, "2", description="Draft.", claims=[Claim("b5", HARM)])
        add_record(s, index, "3", description="Draft.", claims=[Claim(
            "b5-dp", "The options paper was written for the Field Office Director before he "
                     "chose the new detainer policy. Disclosure of this information would "
                     "discourage candid discussion within the agency and undermine ICE's "
                     "ability to make sound decisions.")])
        add_record(s, index, "4", description="Draft.", claims=[Claim(
            "b5-dp", "The options paper was written for the Field Office Director before he "
                     "chose the new detainer policy. Its release would chill frank discussion "
                     "among ERO field office staff about the detention standards then under "
                     "review.")])
        dc = review(s, index)
        matter = add_matter(s, "IDP v. DHS", "IDP v. DHS",
                            court="U.S. District Court for the Southern District of New York")
        second = review(s, index)
        matter.court = "United States District Court, Northern District of California"
        ninth = review(s, index)
    generic = {f.entry_no for f in dc.flags if f.check == "generic_harm"}
    # A chill tied to this record's subject (the standards under review) is specific.
    assert generic == {"1", "3"}
    assert _flags(dc, "1") == {"generic_harm"} and _flags(dc, "2") == set()
    flag = next(f for f in dc.flags if f.check == "generic_harm")
    assert "Reporters Comm." in flag.authority and "§ 552(a)(8)(A)(i)" in flag.authority
    flag = next(f for f in second.flags if f.check == "generic_harm")
    assert flag.authority.startswith("5 U.S.C. § 552(a)(8)(A)(i); Seife v. U.S. Food & Drug "
                                     "Admin., 43 F.4th 231 (2d Cir. 2022)")
    assert second.circuit == "2d" and ninth.circuit == "9th"
    assert ninth.authority("boilerplate").startswith("Wiener v. FBI, 943 F.2d 972 (9th Cir. "
                                                     "1991)")
    assert "Harm stated only in general terms, not for this record — 5 U.S.C. " \
           "§ 552(a)(8)(A)(i); Seife" in "\n".join(report.lines(second))
