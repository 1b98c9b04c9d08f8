"""`casefile --version` and `--help` load the command line alone: no SQLAlchemy,
no models, no PDF or Word library is imported to build the parser. Checked in
a fresh interpreter, on what it has imported (sys.modules), not on a clock;
bench/bench_startup.py times it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "casefile.store", "casefile.store.models", "casefile.listings",
         "pikepdf", "pypdf", "pypdfium2", "docx", "docxtpl", "openpyxl", "PIL", "alembic")

PROBE = """
import contextlib, io, json, sys
from casefile.cli import main
argv = json.loads(sys.argv[1])
out = io.StringIO()
code = None
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(),
                  "heavy": sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)}))
"""


def _probe(*argv: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(HEAVY)],
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_importing_the_command_line_loads_nothing_heavy():
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys, casefile.cli; "
         f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"],
        capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize("argv, expected", [
    (["--version"], "casefile 0."),
    (["--help"], "usage: casefile [-h] [--version] COMMAND ..."),
])
def test_version_and_help_load_nothing_heavy(argv, expected):
    # --help imports every command group module for its name and help: so this
    # also holds each group to importing nothing heavy at its top.
    result = _probe(*argv)
    assert result["code"] == 0
    assert result["out"].startswith(expected)
    assert result["heavy"] == []


def test_a_command_loads_what_it_uses():
    # The other side of the same coin: the command that runs does load the
    # case file (so the probe above would see sqlalchemy if it were there).
    result = _probe("list", "documents", "/nonexistent/folder/x.casefile")
    assert result["code"] == 1
    assert "sqlalchemy" in result["heavy"]


def test_every_group_lists_commands_with_help():
    import importlib

    from casefile.cli import GROUPS
    from casefile.cli.base import Command

    names = []
    for group in GROUPS:
        commands = importlib.import_module(group).COMMANDS
        assert commands, group
        for command in commands:
            assert isinstance(command, Command) and command.help
            names.append(command.name)
    assert len(names) == len(set(names)), "two groups register the same command"
