"""`casefile set`: a row's fields changed from the command line as the window's editors
change them, each value typed as an attorney writes it, by the same rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from casefile.store import CaseFile
from casefile.store.models import (
    Correspondence,
    Counsel,
    FoiaRequest,
    Matter,
    Party,
    RequestStatus,
)
from tests.conftest import assert_one_clear_line, run_cli


@pytest.fixture
def on_both(demo_on_both):
    """The demo case in a case file and on a server (issue 20): the command takes either."""
    return demo_on_both


def _request(location, request_id: int = 1) -> FoiaRequest:
    with CaseFile.open(location, read_only=True) as case, case.reading() as s:
        row = s.get(FoiaRequest, request_id)
        s.expunge(row)
        return row


def test_fields_typed_as_an_attorney_writes_them_are_saved_and_logged(on_both):
    done = run_cli("set", on_both, "request", "2020-ICFO-12345",
                   "date_received=June 20, 2020", "status=appeal decided",
                   "fee_waiver_outcome=granted", "expedited_requested=no")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Request 1: date_received June 18, 2020 → June 20, 2020",
        "Request 1: status in litigation → appeal decided",
        "Request 1: fee_waiver_outcome pending → granted",
        "Request 1: expedited_requested yes → no",
    ]
    stored = _request(on_both)
    assert (stored.date_received, stored.status, stored.fee_waiver_outcome.value,
            stored.expedited_requested) == (date(2020, 6, 20), RequestStatus.APPEAL_DECIDED,
                                            "granted", False)
    history = run_cli("history", on_both).stdout
    assert "changed the date received of request 1" in history


def test_a_row_named_by_its_short_name_and_a_field_that_names_another_row(demo_case):
    done = run_cli("set", demo_case, "counsel", "1", "party=CCR")
    assert done.returncode == 0, done.stderr
    done = run_cli("set", demo_case, "party", "IDP", "address=40 Rector Street, New York")
    assert done.returncode == 0, done.stderr
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        assert s.get(Counsel, 1).party.short_name == "CCR"
        assert s.scalar(select(Party.address).where(Party.short_name == "IDP")) == \
            "40 Rector Street, New York"


def test_without_changes_it_shows_every_field_it_can_change(demo_case):
    shown = run_cli("set", demo_case, "lawsuit", "1")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        matter = s.get(Matter, 1)
        judge, title = matter.judge, matter.short_title
    assert lines[0] == f"Lawsuit 1 ({title}):"
    assert f"  judge: {judge}" in lines
    assert [line.split(":")[0].strip() for line in lines[1:]] == sorted(
        ["caption", "short_title", "court", "docket_no", "judge", "filed_on", "served_on",
         "summary"])


@pytest.mark.parametrize(("changes", "words"), [
    (["colour=red"], ["A request has no field 'colour'", "tracking_no", "status"]),
    (["status=pending-ish"], ["'pending-ish' is not a status", "in litigation"]),
    (["date_received=yesterdayish"], ["'yesterdayish' is not a date"]),
    (["fee_waiver_requested=maybe"], ["fee_waiver_requested is yes or no"]),
    (["requester="], ["A request needs a requester"]),  # the window's own rule
    (["date_sent=January 1, 2099"], ["future"]),
    (["tracking_no"], ["FIELD=VALUE"]),
])
def test_a_bad_value_is_one_sentence_and_changes_nothing(demo_case, changes, words):
    before = _request(demo_case)
    # A good change beside the bad one: the whole command is one transaction.
    result = run_cli("set", demo_case, "request", "1", "tracking_no=2020-ICFO-99999",
                     *changes)
    assert_one_clear_line(result, *words)
    after = _request(demo_case)
    assert (after.tracking_no, after.row_version) == (before.tracking_no, before.row_version)


def test_a_row_not_in_the_case_is_one_sentence(demo_case):
    assert_one_clear_line(run_cli("set", demo_case, "declaration", "99", "title=X"),
                          "There is no declaration '99'")


def test_the_case_s_one_lawsuit_needs_no_number(demo_case):
    done = run_cli("set", demo_case, "lawsuit", "judge=Hon. Jane Doe")
    assert done.returncode == 0, done.stderr
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        assert s.get(Matter, 1).judge == "Hon. Jane Doe"


def test_the_words_the_editors_show_are_understood(demo_case):
    done = run_cli("set", demo_case, "request", "1", "fee_category=all other")
    assert done.stdout.splitlines() == ["Request 1: fee_category news media → other"], \
        done.stderr
    done = run_cli("set", demo_case, "letter", "1", "direction=received")
    assert done.returncode == 0, done.stderr


def test_a_field_another_changes_with_it_is_said_too(demo_case):
    """A letter's new kind drops the outcome of its old one: the output says so, for an
    adverse outcome starts the appeal window."""
    first = run_cli("set", demo_case, "letter", "1", "kind=determination",
                    "outcome=partial grant")
    assert first.returncode == 0, first.stderr
    assert "Letter 1: outcome — → partial grant" in first.stdout.splitlines()
    again = run_cli("set", demo_case, "letter", "1", "outcome=partial_grant")
    assert again.stdout.strip() == "Letter 1 already holds that; nothing was changed."
    done = run_cli("set", demo_case, "letter", "1", "kind=appeal decision")
    assert done.stdout.splitlines() == ["Letter 1: kind determination → appeal decision",
                                        "Letter 1: outcome partial grant → —"]


@pytest.mark.parametrize(("what", "changes", "words"), [
    ("letter", ["received_on=01/20/2099"], ["cannot have been received in the future"]),
    ("request", ["status=closed", "status=draft"], ["status is given twice"]),
    ("letter", ["kind=extension"], ["not a kind of letter", "casefile letter N --kind"]),
    ("production", ["pages_released_full=many"], ["must be a whole number"]),
])
def test_more_bad_values_in_the_window_s_words(demo_case, what, changes, words):
    assert_one_clear_line(run_cli("set", demo_case, what, "1", *changes), *words)


def test_casefile_letter_refuses_a_receipt_in_the_future_as_set_does(demo_case):
    assert_one_clear_line(run_cli("letter", demo_case, "1", "--received", "2099-01-01"),
                          "cannot have been received in the future")


def test_a_change_at_the_end_of_a_long_text_is_a_change(demo_case):
    """The output shortens a long text to 70 characters; what changed is judged on the
    whole value, not on those words."""
    basis = _request(demo_case).fee_waiver_basis
    assert len(basis) > 80
    done = run_cli("set", demo_case, "request", "1", f"fee_waiver_basis={basis} More.")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Request 1: fee_waiver_basis "), done.stdout
    assert _request(demo_case).fee_waiver_basis == f"{basis} More."


def test_casefile_letter_holds_a_receipt_to_the_window_s_rules(demo_case):
    # 'casefile letter --received' saves through the editors' update function:
    # not before the letter's date, and the date it is given kept.
    assert_one_clear_line(run_cli("letter", demo_case, "1", "--received", "1999-01-04"),
                          "cannot be received before the date it bears")
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        dated = s.get(Correspondence, 1).dated
    done = run_cli("letter", demo_case, "1", "--received", dated.isoformat())
    assert done.returncode == 0, done.stderr
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        assert s.get(Correspondence, 1).received_on == dated
