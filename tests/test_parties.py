"""The people of the case: parties and counsel, entered by a new user on a new case."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casefile import removal
from casefile.errors import InputError
from casefile.matter import add_matter
from casefile.parties import (
    add_counsel,
    add_party,
    delete_counsel,
    delete_party,
    update_counsel,
    update_party,
)
from casefile.store import CaseFile
from casefile.store.models import Counsel, Party, PartyRole
from tests.conftest import assert_one_clear_line, run_cli, sha256


def test_a_new_case_gets_its_parties_and_counsel_from_the_command_line(new_case):
    def ok(kind, *args):
        done = run_cli("add", kind, *args)
        assert done.returncode == 0, done.stderr
        return done

    ok("matter", new_case, "--caption", "Doe v. FBI", "--short-title", "Doe v. FBI",
       "--court", "United States District Court for the District of Columbia")
    ok("agency", new_case, "--name", "Federal Bureau of Investigation", "--abbreviation", "FBI")
    ok("party", new_case, "--name", "Jane Doe", "--role", "plaintiff",
       "--description", "a journalist who lives in Washington, D.C.")
    ok("party", new_case, "--name", "Federal Bureau of Investigation", "--role", "defendant",
       "--agency", "FBI", "--short-name", "FBI")
    ok("counsel", new_case, "--name", "Pat Counsel", "--firm", "Counsel LLP", "--address",
       "1 Main Street; Washington, DC 20001", "--bar-no", "123456", "--lead")
    ok("counsel", new_case, "--name", "Ann AUSA", "--party", "FBI", "--bar-no", "654321")
    listed = run_cli("list", "parties", new_case).stdout
    assert "plaintiff  Jane Doe" in listed
    assert "defendant  Federal Bureau of Investigation" in listed
    counsel = run_cli("list", "counsel", new_case).stdout
    assert "Pat Counsel" in counsel and "123456" in counsel and "lead" in counsel
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        pat = s.scalar(select(Counsel).where(Counsel.name == "Pat Counsel"))
        assert pat.address == "1 Main Street\nWashington, DC 20001" and pat.party is None
        ausa = s.scalar(select(Counsel).where(Counsel.name == "Ann AUSA"))
        assert ausa.party.role is PartyRole.DEFENDANT


def test_counsel_for_a_party_the_case_does_not_have_is_one_sentence_and_changes_nothing(
        new_case):
    assert run_cli("add", "matter", new_case, "--caption", "Doe v. FBI", "--short-title",
                   "Doe v. FBI").returncode == 0
    before = sha256(new_case)
    done = run_cli("add", "counsel", new_case, "--name", "X", "--party", "Nobody")
    assert_one_clear_line(done, "no party", "Nobody")
    assert sha256(new_case) == before


def test_a_party_without_a_name_or_with_a_second_copy_of_its_name_is_refused(new_case):
    with CaseFile.open(new_case) as case, case.transaction() as s:
        matter = add_matter(s, "Doe v. FBI", "Doe v. FBI")
        add_party(s, matter, "Jane Doe", PartyRole.PLAINTIFF)
        with pytest.raises(InputError, match="full name"):
            add_party(s, matter, "  ", PartyRole.PLAINTIFF)
        with pytest.raises(InputError, match="already a plaintiff"):
            add_party(s, matter, "jane doe", "defendant")
        with pytest.raises(InputError, match="not a party role"):
            add_party(s, matter, "John Doe", "witness")


def test_a_party_counsel_appear_for_stays_and_a_deleted_counsel_comes_back_under_its_id(
        new_case):
    with CaseFile.open(new_case) as case:
        with case.transaction() as s:
            matter = add_matter(s, "Doe v. FBI", "Doe v. FBI")
            fbi = add_party(s, matter, "Federal Bureau of Investigation", PartyRole.DEFENDANT)
            ausa = add_counsel(s, matter, "Ann AUSA", party=fbi, bar_no="654321")
            fbi_id, ausa_id = fbi.id, ausa.id
        with case.transaction() as s, pytest.raises(InputError, match="Ann AUSA appears for"):
            delete_party(s, s.get(Party, fbi_id))
        with case.transaction() as s:
            taken = delete_counsel(s, s.get(Counsel, ausa_id))
        with case.reading() as s:
            assert s.get(Counsel, ausa_id) is None
        with case.transaction() as s:
            removal.put_back(s, taken)
        with case.reading() as s:
            back = s.get(Counsel, ausa_id)
            assert back.name == "Ann AUSA" and back.bar_no == "654321" and back.party_id == fbi_id


def test_an_edit_keeps_the_rules_of_an_add(new_case):
    with CaseFile.open(new_case) as case, case.transaction() as s:
        matter = add_matter(s, "Doe v. FBI", "Doe v. FBI")
        doe = add_party(s, matter, "Jane Doe", PartyRole.PLAINTIFF)
        add_party(s, matter, "John Roe", PartyRole.PLAINTIFF)
        update_party(s, doe, description="  a journalist  ", short_name="")
        assert doe.description == "a journalist" and doe.short_name is None
        with pytest.raises(InputError, match="already a plaintiff"):
            update_party(s, doe, name="John Roe")
        counsel = add_counsel(s, matter, "Pat Counsel", is_lead=True)
        with pytest.raises(InputError, match="not of counsel"):
            update_counsel(s, counsel, of_counsel=True)
        with pytest.raises(InputError, match="no field 'colour'"):
            update_counsel(s, counsel, colour="red")
