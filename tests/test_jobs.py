"""Long work in a child process: results, progress, errors and Cancel come back."""

from __future__ import annotations

import time

import pytest

from casefile import jobs
from casefile.errors import CasefileError, InputError


def count_slowly(to: int, *, progress, cancel) -> int:  # runs in the child
    for n in range(to):
        cancel.check()
        progress(n, to, f"step {n}")
        time.sleep(0.05)
    return to


def refuse(*, progress, cancel) -> None:  # runs in the child
    raise InputError("The exhibit set has no exhibits.")


def crash(*, progress, cancel) -> None:  # runs in the child
    raise ZeroDivisionError("a bug")


def test_the_result_and_every_progress_step_come_back():
    seen = []
    assert jobs.in_child(count_slowly, 3, progress=lambda *p: seen.append(p)) == 3
    assert seen == [(0, 3, "step 0"), (1, 3, "step 1"), (2, 3, "step 2")]


def test_cancel_stops_the_child_at_its_next_check():
    token = jobs.CancelToken()
    started = time.perf_counter()
    with pytest.raises(jobs.Cancelled):
        jobs.in_child(count_slowly, 10_000, cancel=token,
                      progress=lambda done, *_: done >= 2 and token.cancel())
    assert time.perf_counter() - started < 20  # not the 500 s the count would take


def test_a_users_mistake_is_its_sentence_and_a_bug_says_so_without_a_traceback():
    with pytest.raises(CasefileError, match="^The exhibit set has no exhibits.$"):
        jobs.in_child(refuse)
    with pytest.raises(CasefileError, match="unexpected error .ZeroDivisionError: a bug."):
        jobs.in_child(crash)
