"""A near miss on the command line is answered with what was meant: a command,
a kind, a subcommand or a template name one or two letters off. Run as a user
runs it (a real process); the expected suggestion is written beside each case."""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_clear_line, run_cli


@pytest.mark.parametrize("typed, meant", [
    (["improt", "x.casefile", "a.pdf"], "import"),
    (["serach", "x.casefile", "word"], "search"),
    (["add", "agnecy", "x.casefile"], "agency"),
    (["list", "documnets", "x.casefile"], "documents"),
    (["vaughn", "exprot", "x.casefile", "out.docx"], "export"),
    (["bundle", "preflite", "a.pdf"], "preflight"),
])
def test_a_mistyped_command_or_choice_gets_did_you_mean(typed, meant):
    result = run_cli(*typed)
    assert result.returncode == 2  # a usage mistake, as before
    assert_one_clear_line(result, f"did you mean '{meant}'?")


def test_a_word_like_no_command_gets_no_guess():
    result = run_cli("xylophone")
    assert result.returncode == 2
    assert_one_clear_line(result, "invalid choice: 'xylophone'")
    assert "did you mean" not in result.stderr
    assert "'import'" in result.stderr  # the list of commands, as argparse gives it


@pytest.mark.parametrize("typed, meant", [
    (["draft", "check", "complant"], "complaint"),
    (["draft", "check", "declaraton"], "declaration"),
    (["draft", "missing.casefile", "apeal"], "appeal"),  # the template is looked up first
])
def test_a_mistyped_template_gets_did_you_mean(typed, meant):
    result = run_cli(*typed)
    assert result.returncode == 1
    assert_one_clear_line(result, f"There is no template '{typed[-1]}'; did you mean '{meant}'?")


def test_a_template_like_none_still_lists_them_all():
    result = run_cli("draft", "check", "zzzzqqq")
    assert_one_clear_line(result, "There is no template 'zzzzqqq'; the templates are", "complaint")


def test_a_mistyped_draft_subcommand_gets_did_you_mean():
    result = run_cli("draft", "templats")
    assert result.returncode == 1
    assert_one_clear_line(result, "did you mean 'casefile draft templates'?")
