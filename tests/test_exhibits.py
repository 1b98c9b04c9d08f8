"""Exhibit labels and page selections, as attorneys write them."""

import pytest

from casefile.errors import InputError
from casefile.exhibits import format_pages, label_for, letters, parse_pages
from casefile.store.models import LabelScheme


@pytest.mark.parametrize("n, label", [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"),
                                      (702, "ZZ"), (703, "AAA")])
def test_letter_labels_run_past_z_as_courts_expect(n, label):
    assert letters(n) == label


def test_number_labels():
    assert [label_for(LabelScheme.NUMBERS, n) for n in (1, 2, 10)] == ["1", "2", "10"]


def test_page_selections_are_read_and_written_back():
    assert parse_pages("3-7, 9", 12) == [(3, 7), (9, 9)]
    assert parse_pages("3 – 7;9") == [(3, 7), (9, 9)]
    assert format_pages(parse_pages(" 1 ,2-4 ", 4)) == "1, 2-4"


@pytest.mark.parametrize("text, page_count, words", [
    ("7-9", 4, "past the end of the document (4 pages)"),
    ("3-1", None, "runs backwards"),
    ("abc", None, "not a page"),
    ("0", None, "numbered from 1"),
    (" , ", None, "at least one page"),
])
def test_impossible_page_selections_are_refused(text, page_count, words):
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse_pages(text, page_count)


# --- editing exhibits in a case ---------------------------------------------------------

SET = "Rivera Declaration exhibits"
RELEASE = "Pages ICE-2020-000007 to ICE-2020-000010 of the first interim release"


@pytest.fixture
def case(demo_case):
    from casefile.store import CaseFile

    with CaseFile.open(demo_case) as opened:
        yield opened


def _exhibits(case) -> list[tuple[int, str, str, str | None]]:
    """(id, label, title, pages) in order, as a fresh session reads them."""
    from casefile.exhibits import find_set

    with case.reading() as s:
        return [(e.id, e.label, e.title, e.page_selection) for e in find_set(s, SET).exhibits]


def _fifth(s):
    from casefile.exhibits import find_exhibit, find_set

    return find_exhibit(find_set(s, SET), "5")  # pages 7-10 of a 12-page release


def test_update_exhibit_stores_the_title_trimmed_and_the_pages_written_one_way(case):
    from casefile.exhibits import update_exhibit

    with case.transaction() as s:
        update_exhibit(s, _fifth(s), title="  Pages 3-4 and 9 of the release ",
                       page_selection="3 -4;9")
    assert _exhibits(case)[4][2:] == ("Pages 3-4 and 9 of the release", "3-4, 9")
    with case.transaction() as s:
        update_exhibit(s, _fifth(s), page_selection="  ")  # empty: the whole document
    assert _exhibits(case)[4][2:] == ("Pages 3-4 and 9 of the release", None)
    with case.transaction() as s:
        update_exhibit(s, _fifth(s), page_selection="12")  # the title, not given, stays
    assert _exhibits(case)[4][2:] == ("Pages 3-4 and 9 of the release", "12")


@pytest.mark.parametrize("changes, words", [
    ({"title": "   "}, "An exhibit needs a title"),
    ({"title": "New", "page_selection": "11-13"},
     "Page 13 is past the end of the document (12 pages)."),
    ({"page_selection": "seven"}, "'seven' is not a page"),
])
def test_update_exhibit_refuses_with_one_sentence_and_changes_nothing(case, changes, words):
    from casefile.exhibits import update_exhibit

    before = _exhibits(case)
    with pytest.raises(InputError) as refused, case.transaction() as s:
        update_exhibit(s, _fifth(s), **changes)
    assert refused.value.message.startswith(words)
    assert "\n" not in refused.value.message
    assert _exhibits(case) == before


def test_a_removed_exhibit_added_back_at_its_place_keeps_its_id_and_relabels(case):
    from casefile.exhibits import add_exhibit, find_exhibit, find_set, remove

    before = _exhibits(case)
    second_id = before[1][0]
    with case.transaction() as s:
        exhibit_set = find_set(s, SET)
        second = find_exhibit(exhibit_set, "2")
        document, title = second.document, second.title
        remove(s, second)
        assert [e.label for e in exhibit_set.exhibits] == ["1", "2", "3", "4"]
        add_exhibit(s, exhibit_set, document, title, position=2, exhibit_id=second_id)
    assert _exhibits(case) == before


def test_an_id_taken_meanwhile_is_not_reused(case):
    from casefile.exhibits import add_exhibit, find_exhibit, find_set

    first_id = _exhibits(case)[0][0]
    with case.transaction() as s:
        exhibit_set = find_set(s, SET)
        document = find_exhibit(exhibit_set, "1").document
        added = add_exhibit(s, exhibit_set, document, "A second copy", exhibit_id=first_id)
        assert added.id != first_id and added.label == "6"


def test_add_exhibit_refuses_a_position_outside_the_set(case):
    from casefile.exhibits import add_exhibit, find_exhibit, find_set

    with pytest.raises(InputError, match="Position 7 is outside 1–6"), case.transaction() as s:
        exhibit_set = find_set(s, SET)
        add_exhibit(s, exhibit_set, find_exhibit(exhibit_set, "1").document, "Again",
                    position=7)


def _paragraphs(case) -> list[str]:
    from sqlalchemy import select

    from casefile.store.models import Declaration

    with case.reading() as s:
        return [p.text for p in s.scalar(select(Declaration)).paragraphs]


def test_the_declarations_exhibit_sentences_follow_a_reorder_and_a_new_title(case):
    from sqlalchemy import select

    from casefile import exhibits
    from casefile.store.models import Declaration, Exhibit

    with case.transaction() as s:
        # The attorney rewords the sentence for Exhibit 4: it is theirs now, left alone.
        s.scalar(select(Declaration)).paragraphs[5].text = "Exhibit 4 is ICE's cover letter."
    with case.transaction() as s:
        first = s.scalar(select(Exhibit).where(Exhibit.label == "1"))
        exhibits.move(s, first, 2)
    texts = _paragraphs(case)
    assert texts[2] == ("Attached as Exhibit 2 is a true and correct copy of the FOIA request "
                        "to ICE dated June 18, 2020.")
    assert texts[3] == ("Attached as Exhibit 1 is a true and correct copy of the FOIA request "
                        "to DHS dated June 18, 2020.")
    assert texts[5] == "Exhibit 4 is ICE's cover letter."
    with case.transaction() as s:
        third = s.scalar(select(Exhibit).where(Exhibit.label == "3"))
        exhibits.update_exhibit(s, third, title="ICE acknowledgment email of June 25, 2020")
    assert _paragraphs(case)[4] == ("Attached as Exhibit 3 is a true and correct copy of the "
                                    "ICE acknowledgment email of June 25, 2020.")
