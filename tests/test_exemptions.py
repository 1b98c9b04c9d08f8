"""Exemptions as attorneys and agencies write them, read into the catalog."""

import pytest

from casefile.exemptions import normalise


@pytest.mark.parametrize("written, code", [
    ("b6", "b6"), ("(b)(6)", "b6"), ("B6", "b6"), ("Exemption 6", "b6"), ("Ex. 6", "b6"),
    ("(b)(7)(C)", "b7C"), ("b7C", "b7C"), ("b7(c)", "b7C"), ("7(E)", "b7E"),
    ("Exemption 7(E)", "b7E"), ("(b)(7)", "b7"), ("5 U.S.C. § 552(b)(5)", "b5"),
    ("5 U.S.C. 552(b)(5)", "b5"), ("b5-dp", "b5-dp"), ("b5 - DPP", "b5-dp"),
    ("(b)(5) DPP", "b5-dp"), ("b5 (deliberative process)", "b5-dp"),
    ("(b)(5) attorney-client", "b5-ac"), ("b5 AWP", "b5-wp"), ("b5-pc", "b5-pc"),
    ("(b)(3)", "b3"), ("b9", "b9"),
])
def test_common_forms_are_read(written, code):
    assert normalise(written) == code


@pytest.mark.parametrize("written", [
    "b10", "b0", "(b)(6)(C)", "b7G", "b6 deliberative process", "b5 privileged", "", "none",
    "b6, b7C",
])
def test_what_is_not_one_exemption_is_not_guessed(written):
    assert normalise(written) is None
