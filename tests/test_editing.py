"""Editing the lawsuit, a request, a letter, a declaration, a production and a document in
place: each change reaches the case file, each refusal is one sentence and leaves the case
file as it was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from casefile.dates import long_date
from casefile.deadlines.engine import answer_due, derive
from casefile.declarations import jurat, update_declaration
from casefile.errors import InputError
from casefile.matter import update_matter
from casefile.requests import update_correspondence, update_request
from casefile.store import CaseFile
from casefile.store.models import (
    Agency,
    Correspondence,
    CorrespondenceKind,
    Declaration,
    Direction,
    FoiaRequest,
    Matter,
    Outcome,
    RequestStatus,
)

ICE_NO, DHS_NO = "2020-ICFO-12345", "2020-HQFO-01234"
TOMORROW = date.today() + timedelta(days=1)


@pytest.fixture
def case(demo_case):
    with CaseFile.open(demo_case) as opened:
        yield opened


def _ice_request(s) -> FoiaRequest:
    return s.scalar(select(FoiaRequest).where(FoiaRequest.tracking_no == ICE_NO))


def _acknowledgment(s) -> Correspondence:
    return s.scalar(select(Correspondence).where(
        Correspondence.kind == CorrespondenceKind.ACKNOWLEDGMENT))


def _declaration(s) -> Declaration:
    return s.scalar(select(Declaration))


def _columns(row) -> dict:
    return {a.key: getattr(row, a.key) for a in inspect(row).mapper.column_attrs}


def _refused(case: CaseFile, find, update, changes: dict, sentence: str) -> None:
    """The change is refused with exactly ``sentence`` and the row is as it was."""
    with case.reading() as s:
        before = _columns(find(s))
    with pytest.raises(InputError) as refused, case.transaction() as s:
        update(s, find(s), **changes)
    assert refused.value.message == sentence
    with case.reading() as s:
        assert _columns(find(s)) == before


# --- requests ------------------------------------------------------------------------------


def test_a_request_takes_new_values(case):
    with case.transaction() as s:
        cbp = s.scalar(select(Agency).where(Agency.abbreviation == "CBP"))
        update_request(s, _ice_request(s), requester=" IDP ", subject="Palladium records",
                       agency=cbp, date_sent=date(2020, 6, 17), date_received=date(2020, 6, 22),
                       tracking_no="  2020-CBFO-00001 ", status=RequestStatus.APPEALED,
                       fee_waiver_outcome="granted", expedited_requested=False)
    with case.reading() as s:
        r = s.scalar(select(FoiaRequest).where(FoiaRequest.tracking_no == "2020-CBFO-00001"))
        assert (r.requester, r.subject, r.agency.abbreviation) == ("IDP", "Palladium records",
                                                                  "CBP")
        assert (r.date_sent, r.date_received) == (date(2020, 6, 17), date(2020, 6, 22))
        assert r.status is RequestStatus.APPEALED
        assert r.fee_waiver_outcome is Outcome.GRANTED
        assert r.expedited_requested is False


def test_a_request_dates_move_its_deadlines_with_no_further_step(case):
    def initial_due(s):
        return next(d.due for d in derive(s, _ice_request(s), date(2021, 1, 1)).dates
                    if d.key == "initial")

    with case.reading() as s:
        before = initial_due(s)
    with case.transaction() as s:
        update_request(s, _ice_request(s), date_received=date(2020, 6, 25))
    with case.reading() as s:
        assert initial_due(s) > before


def test_a_blank_tracking_number_is_cleared(case):
    with case.transaction() as s:
        update_request(s, _ice_request(s), tracking_no="   ")
    with case.reading() as s:
        assert _ice_request(s) is None


@pytest.mark.parametrize(("changes", "sentence"), [
    ({"subject": "Kept?", "requester": "  "}, "A request needs a requester."),
    ({"subject": ""}, "A request needs a subject."),
    ({"agency": None}, "A request needs an agency."),
    ({"status": None}, "A request needs a status."),
    ({"status": "lost"}, "'lost' is not a request status."),
    ({"items": ["All records"]}, "A request has no field 'items'."),
    ({"date_sent": TOMORROW},
     f"{long_date(TOMORROW)} is after today: a request cannot be sent in the future."),
    ({"date_received": TOMORROW},
     f"{long_date(TOMORROW)} is after today: a request cannot be received in the future."),
    ({"date_received": date(2020, 6, 17)},
     "The request cannot be received (June 17, 2020) before it was sent (June 18, 2020)."),
    ({"date_sent": date(2020, 6, 19)},
     "The request cannot be received (June 18, 2020) before it was sent (June 19, 2020)."),
    ({"first_received": date(2020, 6, 1)},
     "The request cannot be received (June 1, 2020) before it was sent (June 18, 2020)."),
])
def test_a_request_refuses_a_bad_change_and_keeps_its_values(case, changes, sentence):
    _refused(case, _ice_request, update_request, changes, sentence)


def test_a_request_refuses_another_request_s_tracking_number(case):
    with case.reading() as s:
        dhs_id = s.scalar(select(FoiaRequest.id).where(FoiaRequest.tracking_no == DHS_NO))
    _refused(case, _ice_request, update_request, {"tracking_no": f" {DHS_NO}"},
             f"Request {dhs_id} already has tracking number {DHS_NO}.")


# --- correspondence ------------------------------------------------------------------------


def test_a_letter_takes_new_values(case):
    with case.transaction() as s:
        update_correspondence(s, _acknowledgment(s), dated=date(2020, 6, 26),
                              kind=CorrespondenceKind.TOLLING_LETTER, subject="  Tolling  ",
                              cc="", body="Please clarify item 2.")
    with case.reading() as s:
        letter = s.scalar(select(Correspondence).where(Correspondence.subject == "Tolling"))
        assert (letter.dated, letter.kind) == (date(2020, 6, 26),
                                               CorrespondenceKind.TOLLING_LETTER)
        assert (letter.cc, letter.body) == (None, "Please clarify item 2.")


def test_a_letter_going_out_may_be_dated_ahead(case):
    with case.transaction() as s:
        letter = _acknowledgment(s)
        update_correspondence(s, letter, direction=Direction.OUTGOING, dated=TOMORROW)
        assert letter.dated == TOMORROW


@pytest.mark.parametrize(("changes", "sentence"), [
    ({"subject": "Kept?", "dated": None}, "A letter needs a date."),
    ({"kind": None}, "A letter needs a kind."),
    ({"direction": "sideways"}, "'sideways' is not a direction."),
    ({"requests": []}, "A letter has no field 'requests'."),
    ({"dated": TOMORROW},
     f"{long_date(TOMORROW)} is in the future: a letter received cannot be dated then."),
])
def test_a_letter_refuses_a_bad_change_and_keeps_its_values(case, changes, sentence):
    _refused(case, _acknowledgment, update_correspondence, changes, sentence)


# --- declarations --------------------------------------------------------------------------


def test_a_declaration_takes_new_values_and_its_jurat_follows(case):
    with case.transaction() as s:
        update_declaration(s, _declaration(s), declarant=" Sam Lee ", title="Declaration of "
                           "Sam Lee", declarant_title="", executed_at="London, England",
                           outside_us=True, executed_on=date(2021, 6, 15))
    with case.reading() as s:
        d = _declaration(s)
        assert (d.declarant, d.title, d.declarant_title) == ("Sam Lee", "Declaration of Sam Lee",
                                                             None)
        assert jurat(d) == ("I declare under penalty of perjury under the laws of the United "
                            "States of America that the foregoing is true and correct. Executed "
                            "on June 15, 2021 at London, England.")


@pytest.mark.parametrize(("changes", "sentence"), [
    ({"title": "Kept?", "declarant": " "}, "A declaration needs a declarant."),
    ({"title": None}, "A declaration needs a title."),
    ({"paragraphs": []}, "A declaration has no field 'paragraphs'."),
])
def test_a_declaration_refuses_a_bad_change_and_keeps_its_values(case, changes, sentence):
    _refused(case, _declaration, update_declaration, changes, sentence)


# --- the lawsuit ---------------------------------------------------------------------------


def _matter(s) -> Matter:
    return s.scalar(select(Matter))


def test_the_lawsuit_takes_new_values(case):
    with case.transaction() as s:
        update_matter(s, _matter(s), caption=" Doe v. ICE ", short_title="Doe", judge="",
                      docket_no="  1:21-cv-00123 ", court="D.D.C.", filed_on=date(2020, 9, 30),
                      served_on=date(2020, 10, 5), summary="  ")
    with case.reading() as s:
        m = _matter(s)
        assert (m.caption, m.short_title, m.court, m.judge, m.summary) == (
            "Doe v. ICE", "Doe", "D.D.C.", None, None)
        assert m.docket_no == "1:21-cv-00123"
        assert (m.filed_on, m.served_on) == (date(2020, 9, 30), date(2020, 10, 5))


def test_the_answer_runs_from_service_not_from_filing(case):
    """5 U.S.C. § 552(a)(4)(C): 30 days after service. Moving the filing date (within
    the service date) leaves the answer where it was; moving service moves it."""
    with case.reading() as s:
        before = answer_due(_matter(s)).due
    with case.transaction() as s:
        update_matter(s, _matter(s), filed_on=date(2020, 9, 25))
    with case.reading() as s:
        assert answer_due(_matter(s)).due == before
    with case.transaction() as s:
        update_matter(s, _matter(s), served_on=date(2020, 10, 9))
    with case.reading() as s:
        assert answer_due(_matter(s)).due == before + timedelta(days=7)


@pytest.mark.parametrize(("changes", "sentence"), [
    ({"judge": "Kept?", "caption": "  "}, "A lawsuit needs a caption."),
    ({"short_title": None}, "A lawsuit needs a short title."),
    ({"parties": []}, "A lawsuit has no field 'parties'."),
    ({"filed_on": TOMORROW},
     f"{long_date(TOMORROW)} is after today: a complaint cannot be filed in the future."),
    ({"served_on": TOMORROW},
     f"{long_date(TOMORROW)} is after today: the United States cannot be served in the "
     "future."),
    ({"filed_on": date(2020, 10, 3)}, "The United States cannot be served (October 2, 2020) "
     "before the complaint was filed (October 3, 2020)."),
    ({"served_on": date(2020, 9, 30)}, "The United States cannot be served (September 30, "
     "2020) before the complaint was filed (October 1, 2020)."),
])
def test_the_lawsuit_refuses_a_bad_change_and_keeps_its_values(case, changes, sentence):
    _refused(case, _matter, update_matter, changes, sentence)


# --- productions and documents ----------------------------------------------------------------


def _production(s):
    from casefile.store.models import Production

    return s.scalar(select(Production).order_by(Production.id))


def test_a_production_is_recorded_and_its_documents_listed_once(case):
    from casefile.productions import add_documents, add_production
    from casefile.store.models import Document, ProductionDocument

    with case.transaction() as s:
        production = add_production(s, "  Second interim release ", produced_on=date(2020, 9, 1),
                                    request=_ice_request(s), bates_begin="ICE-2020-000101",
                                    bates_end="ICE-2020-000140", pages_released_part="12")
        first_two = s.scalars(select(Document).order_by(Document.id).limit(2)).all()
        assert add_documents(s, production, first_two) == 2
        assert add_documents(s, production, first_two) == 0  # already listed
        production_id = production.id
    with case.reading() as s:
        production = s.get(type(_production(s)), production_id)
        assert production.title == "Second interim release"
        assert production.pages_released_part == 12
        assert production.pages_released_full == 0
        assert [d.position for d in s.scalars(select(ProductionDocument).where(
            ProductionDocument.production_id == production_id))] == [0, 1]


@pytest.mark.parametrize(("changes", "sentence"), [
    ({"title": "  "}, "A production needs a title, such as \"First interim release\"."),
    ({"pages_withheld_full": -3}, "The number of pages withheld in full cannot be below zero."),
    ({"pages_released_full": "twelve"},
     "The number of pages released in full must be a whole number, such as 12."),
    ({"bates_end": "ICE-2020-000001"},
     "The Bates range cannot end (ICE-2020-000001) before it begins (ICE-2020-000002)."),
    ({"produced_on": TOMORROW},
     f"{long_date(TOMORROW)} is after today: a production cannot be received in the future."),
    ({"colour": "red"}, "A production has no field 'colour'."),
])
def test_a_production_edit_that_breaks_a_rule_is_refused(case, changes, sentence):
    from casefile.productions import update_production

    with case.transaction() as s:
        update_production(s, _production(s), bates_begin="ICE-2020-000002", bates_end=None)
    _refused(case, _production, update_production, changes, sentence)


def test_deleting_a_production_keeps_its_documents_and_undo_relists_them(case):
    from casefile.productions import add_documents, add_production
    from casefile.removal import delete_production, put_back
    from casefile.store.models import Document, ProductionDocument

    def counts(s) -> tuple[int, int]:
        return (s.scalar(select(func.count()).select_from(Document)),
                s.scalar(select(func.count()).select_from(ProductionDocument)))

    with case.transaction() as s:
        release = add_production(s, "Second interim release")
        add_documents(s, release, s.scalars(select(Document).limit(2)))
        release_id = release.id
    with case.reading() as s:
        before = counts(s)
    with case.transaction() as s:
        removed = delete_production(s, s.get(type(_production(s)), release_id))
    with case.reading() as s:
        assert counts(s) == (before[0], before[1] - 2)
    with case.transaction() as s:
        put_back(s, removed)
    with case.reading() as s:
        assert counts(s) == before


def test_a_document_is_marked_privileged_and_titled(case):
    from casefile.documents import update_document
    from casefile.store.models import Document

    with case.transaction() as s:
        document = s.scalar(select(Document).order_by(Document.id))
        update_document(s, document, title="  Email of June 2 ", privileged=1)
        document_id = document.id
    with case.reading() as s:
        document = s.get(Document, document_id)
        assert (document.title, document.privileged, document.work_product) == (
            "Email of June 2", True, False)



def test_an_import_into_a_production_files_the_documents_by_id_and_skips_gone_ones(case):
    from casefile.errors import NotFound
    from casefile.productions import add_production, file_under
    from casefile.store.models import Document, ProductionDocument

    with case.transaction() as s:
        release_id = add_production(s, "Second interim release").id
        ids = list(s.scalars(select(Document.id).order_by(Document.id).limit(2)))
    with case.transaction() as s:
        # 10**9 stands for a document deleted while the import ran.
        assert file_under(s, release_id, [*ids, 10**9]) == 2
        assert file_under(s, release_id, ids) == 0
    with case.reading() as s:
        assert list(s.scalars(select(ProductionDocument.document_id).where(
            ProductionDocument.production_id == release_id)
            .order_by(ProductionDocument.position))) == ids
    with case.transaction() as s, pytest.raises(NotFound, match="no longer in the case"):
        file_under(s, 10**9, ids)


def test_a_preview_shows_the_current_bytes_and_bates_numbers_of_a_document(case):
    from casefile.documents import preview
    from casefile.store.models import Document, DocumentPage

    with case.transaction() as s:
        page = s.scalar(select(DocumentPage).order_by(DocumentPage.document_id,
                                                      DocumentPage.page_no))
        page.bates = "ICE-2020-000777"
        document = s.get(Document, page.document_id)
        expected = (document.origin or document.name, document.media_type, page.page_no)
    with case.reading() as s:
        shown = preview(s, page.document_id)
        assert shown is not None
        assert (shown.name, shown.media_type) == expected[:2]
        assert shown.data.startswith(b"%PDF")
        assert shown.bates[expected[2]] == "ICE-2020-000777"
        assert preview(s, 10**9) is None


def test_a_letter_opens_on_its_first_attached_document(case):
    from casefile.documents import first_attachment
    from casefile.store.models import CorrespondenceDocument

    with case.reading() as s:
        link = s.scalar(select(CorrespondenceDocument).order_by(
            CorrespondenceDocument.correspondence_id, CorrespondenceDocument.position))
        assert first_attachment(s, link.correspondence_id) == link.document_id
        assert first_attachment(s, 10**9) is None



# --- Vaughn entries ---------------------------------------------------------------------------


def _entry_4(s):
    from casefile.store.models import Record

    return s.scalar(select(Record).where(Record.entry_no == "4"))


@pytest.mark.parametrize(("changes", "sentence"), [
    ({"bates_begin": "ICE-2020-000010", "bates_end": "ICE-2020-000001"},
     "The Bates range cannot end (ICE-2020-000001) before it begins (ICE-2020-000010)."),
    ({"pages": 0}, "A Vaughn entry covers at least one page; leave Pages empty if the index "
                   "does not say."),
])
def test_a_vaughn_entry_edit_that_breaks_a_rule_is_refused(case, changes, sentence):
    from casefile.vaughn.entries import update_record

    _refused(case, _entry_4, update_record, changes, sentence)


# --- deleting, and putting back ---------------------------------------------------------------


def test_a_deleted_letter_is_put_back_whole_with_its_id_links_and_search_entry(case):
    from casefile.removal import delete_letter, put_back
    from casefile.search import search

    with case.reading() as s:
        letter = _acknowledgment(s)
        letter_id, uuid, before = letter.id, letter.uuid, _columns(letter)
        links = ([r.tracking_no for r in letter.requests],
                 [a.document_id for a in letter.attachments])
    assert any(h.id == letter_id for h in search(case, "acknowledgment").hits)
    with case.transaction() as s:
        removed = delete_letter(s, s.get(Correspondence, letter_id))
    with case.reading() as s:
        assert s.get(Correspondence, letter_id) is None
    assert not any(h.id == letter_id and h.kind == "correspondence"
                   for h in search(case, "acknowledgment").hits)
    with case.transaction() as s:
        put_back(s, removed)
    with case.reading() as s:
        letter = s.get(Correspondence, letter_id)
        assert (_columns(letter), letter.uuid) == (before, uuid)
        assert ([r.tracking_no for r in letter.requests],
                [a.document_id for a in letter.attachments]) == links
    assert any(h.id == letter_id for h in search(case, "acknowledgment").hits)


def test_a_deleted_vaughn_entry_comes_back_with_its_claims(case):
    from casefile.removal import delete_record, put_back

    with case.reading() as s:
        record = _entry_4(s)
        record_id = record.id
        claims = [(w.exemption_id, w.justification) for w in record.withholdings]
    with case.transaction() as s:
        removed = delete_record(s, s.get(type(_entry_4(s)), record_id))
    with case.transaction() as s:
        put_back(s, removed)
    with case.reading() as s:
        assert [(w.exemption_id, w.justification)
                for w in _entry_4(s).withholdings] == claims


@pytest.mark.parametrize(("find", "delete_name", "sentence"), [
    (_ice_request, "delete_request",
     "The request has 4 letters, 1 production, 1 deadline and 1 Vaughn index filed under "
     "it: delete or move those first. It stays in the case."),
    (_declaration, "delete_declaration",
     "The declaration has the exhibit set \u201cRivera Declaration exhibits\u201d; it stays "
     "in the case."),
])
def test_a_row_others_point_at_is_not_deleted(case, find, delete_name, sentence):
    from casefile import removal

    _refused(case, find, getattr(removal, delete_name), {}, sentence)
