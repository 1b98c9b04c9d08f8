"""`vaughn stats` reads as English (issue 22): "1 entry", never "1 entries"."""

from __future__ import annotations

import re

from casefile.display import plural
from casefile.store import CaseFile
from casefile.store.models import ChallengeState, Disposition, IndexAuthor
from casefile.vaughn import Claim, add_index, add_record, stats
from casefile.vaughn.challenges import set_challenge
from tests.conftest import run_cli


def test_plural_says_one_as_one_and_the_rest_as_many():
    assert plural(1, "entry") == "1 entry"
    assert plural(0, "entry") == "0 entries"
    assert plural(2, "day") == "2 days"  # a vowel before the y
    assert plural(1035, "page") == "1,035 pages"
    assert plural(3, "analysis", "analyses") == "3 analyses"


def _one_entry_case(path):
    """One index, one entry: withheld in full, 1 page, 1 withholding ((b)(5)),
    not reviewed; a second index of 2 entries, one challenged, 2 pages each."""
    with CaseFile.open(path) as case, case.transaction() as s:
        one = add_index(s, "One", IndexAuthor.AGENCY)
        add_record(s, one, "1", pages=1, disposition=Disposition.WITHHELD_IN_FULL,
                   claims=[Claim("b5", "Draft.")])
        two = add_index(s, "Two", IndexAuthor.AGENCY)
        for n in ("1", "2"):
            r = add_record(s, two, n, pages=2, disposition=Disposition.RELEASED_IN_PART,
                           claims=[Claim("b6", "Names."), Claim("b7C", "Names.")])
        set_challenge(r, ChallengeState.CHALLENGED, argument="Senior names.")
        return one.id, two.id


def test_one_entry_reads_as_one_entry(new_case):
    one_id, _ = _one_entry_case(new_case)
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        from casefile.store.models import VaughnIndex

        lines = stats.stats(s, s.get(VaughnIndex, one_id)).lines()
    text = "\n".join(lines)
    assert lines[1] == "1 entry, 1 withholding, 1 page"
    assert re.search(r"Withheld in full +1 entry +1 page$", text, re.M)
    assert re.search(r"not reviewed +1 entry$", text, re.M)
    assert not re.search(r"\b1 (entries|withholdings|pages)\b", text)


def test_the_command_says_each_count_once_and_in_english(new_case):
    _one_entry_case(new_case)
    done = run_cli("vaughn", "stats", new_case)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "1 entry, 1 withholding, 1 page" in out
    assert "2 entries, 4 withholdings, 4 pages" in out
    assert not re.search(r"\b1 (entries|withholdings|pages)\b", out)
    # Each index's challenge states once, under that index only.
    assert re.findall(r"^ +not reviewed +\d+ \w+$", out, re.M) == [
        "  not reviewed              1 entry", "  not reviewed              1 entry"]
    assert re.findall(r"^ +challenged +\d+ \w+$", out, re.M) == [
        "  challenged                1 entry"]


def test_a_challenge_of_one_page_reads_as_one_page(new_case):
    """The brief's sentence for one challenged entry of one page: "1 entry, covering
    1 page", never "1 entries" or "1 pages"."""
    from casefile.store.models import VaughnIndex
    from casefile.vaughn.challenges import summary_sentences

    one_id, _ = _one_entry_case(new_case)
    with CaseFile.open(new_case) as case, case.transaction() as s:
        index = s.get(VaughnIndex, one_id)
        set_challenge(index.records[0], ChallengeState.CHALLENGED, argument="Not final.")
        sentences = summary_sentences(s, index)
    assert len(sentences) == 1
    assert "1 withholding under" in sentences[0]
    assert "in 1 entry of the One, covering 1 page." in sentences[0]
    assert not re.search(r"\b1 (entries|withholdings|pages)\b", sentences[0])
