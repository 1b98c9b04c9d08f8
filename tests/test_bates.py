"""Bates numbers as agencies stamp them, told apart from look-alikes."""

import pytest

from casefile.ingest.bates import assign, normalise, page_candidates


def stamped(numbers, line="{n}", body="The memo discusses the operation."):
    return [page_candidates(f"{body}\nMore text here.\n{line.format(n=n)}") for n in numbers]


@pytest.mark.parametrize("line, expected", [
    ("ICE-2020-{n:06d}", "ICE-2020-000345"),
    ("2020-ICLI-00012 {n:04d}", "2020-ICLI-00012-0345"),
    ("DHS {n:07d}", "DHS-0000345"),
    ("PLTF_{n:06d}", "PLTF-000345"),
    ("ICE-2020-{n:06d}   (b)(6); (b)(7)(C)", "ICE-2020-000345"),
])
def test_common_stamps_are_read_in_sequence(line, expected):
    pages = [page_candidates(f"Body text.\nMore.\n{line.format(n=n)}") for n in range(345, 349)]
    numbers = assign(pages)
    assert numbers[0] == expected
    assert len(set(numbers)) == 4


def test_a_number_in_a_sentence_is_not_a_stamp():
    letter = page_candidates("Dear Counsel,\nThe records are Bates numbered ICE-2020-000001 "
                             "through ICE-2020-000012 and enclosed.\nSincerely,")
    assert assign([letter]) == [None]


def test_a_tracking_number_on_every_page_is_not_a_bates_number():
    pages = [page_candidates(f"Re: 2020-ICFO-12345\nPage {n} text.\nmore") for n in range(5)]
    assert assign(pages) == [None] * 5
    one = [page_candidates("Re: your request\nbody\n2020-ICFO-12345")]
    assert assign(one, exclude={normalise("2020-ICFO-12345")}) == [None]


def test_zero_padded_stamps_win_over_numbered_headings():
    pages = [page_candidates(f"Memo 1{n:03d}\nbody\nmore\nICE-2020-{n:06d}") for n in range(1, 5)]
    assert assign(pages)[0] == "ICE-2020-000001"


def test_normalised_forms_match():
    assert normalise("ice 2020 000345") == normalise("ICE-2020-000345") == "ICE-2020-000345"


@pytest.mark.parametrize("where", ["first", "second", "last", "third from the end"])
def test_a_stamp_is_read_on_the_lines_a_stamp_is_printed_on(where):
    # Blank lines and whitespace around the text, as pdfium and OCR give it.
    body = [f"  Paragraph {k} of the memo, which has no number. \r" for k in range(40)]
    at = {"first": 0, "second": 1, "last": len(body), "third from the end": len(body) - 2}[where]
    lines = body[:at] + ["   ICE-2020-000345  "] + body[at:]
    text = "\n\n".join(lines) + "\n \n"
    assert [(c.prefix, c.number) for c in page_candidates(text)] == [("ICE-2020", 345)]


def test_a_stamp_alone_in_the_middle_of_a_page_is_not_read():
    body = [f"Paragraph {k}." for k in range(20)]
    text = "\n".join(body[:10] + ["ICE-2020-000345"] + body[10:])
    assert page_candidates(text) == []
