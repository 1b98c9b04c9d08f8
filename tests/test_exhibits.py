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
