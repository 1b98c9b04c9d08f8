"""Five processes each making 1,000 edits to one case on a server at once (issue 20).

    python bench/bench_concurrent_edits.py [--processes 5] [--edits 1000] [--rows 200]

A PostgreSQL cluster of the bench's own is made and started (initdb in a
temporary folder, a unix socket only, as ``nobody`` under root: the way of
tests/backends.py, whose helpers it borrows), with the test cluster's settings
(fsync off: what is measured is contention, not the disk). A case is made there
with one Vaughn index of ``--rows`` entries. Then ``--processes`` processes,
started together, each make ``--edits`` edits through the app's own save path
(``CaseFile.write``, the casefile functions the window and the CLI call):

- most edits are one entry's description, as the window saves one: the entry is
  read (its version shown), then saved with that version expected
  (``edits.opened``) through ``update_record``;
- one edit in ten marks two of the ten "hot" entries challenged, named in a
  random order, as ``casefile vaughn challenge 12 7`` does: two processes naming
  the same two in opposite orders deadlock on the server, which the app must run
  again unseen;
- a quarter of the picks go to ten "hot" entries, so processes collide on rows.

An edit refused as an EditConflict (someone saved the entry since it was read)
is done as a user would: read again, edit again; it is counted. Each value
written is unique (process, edit), so at the end the audit log is checked
against the rows: every successful edit logged (counts equal), and each entry's
final value the last one logged for it (no lost update). Printed: conflicts
refused, saves run again silently, errors shown (must be 0), wall time, edits/s.
``--tries 1`` runs the same with no second try, to show what the app used to
show (a deadlock; before ``CaseFile.write`` it was a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import pwd
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

HOT_ROWS, HOT_SHARE, PAIR_SHARE = 10, 0.25, 0.10


# --- a server of the bench's own ------------------------------------------------------------


@contextlib.contextmanager
def cluster():
    """A started PostgreSQL cluster (tests/backends.py's recipe); its Cluster object."""
    from tests.backends import Cluster, _server_programs

    programs = _server_programs()
    if programs is None:
        sys.exit("PostgreSQL's server programs (initdb, pg_ctl) are not installed.")
    root = Path(tempfile.mkdtemp(prefix="cf-bce-", dir="/tmp"))
    as_user: dict = {}
    if os.geteuid() == 0:  # postgres refuses to run as root
        nobody = pwd.getpwnam("nobody")
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
        as_user = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}

    def run(*args) -> None:
        done = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                              cwd=root, **as_user)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}")

    data = root / "data"
    run(programs / "initdb", "-D", data, "-U", "casefile", "--auth=trust", "-E", "UTF8",
        "--no-sync", "--locale=C.UTF-8")
    options = (f"-k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=50")
    run(programs / "pg_ctl", "-D", data, "-o", options, "-l", root / "log", "-w", "start")
    try:
        yield Cluster(root)
    finally:
        subprocess.run([str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, cwd=root, **as_user)
        shutil.rmtree(root, ignore_errors=True)


# --- the case, the edits, the check ---------------------------------------------------------


def make_case(url: str, rows: int) -> None:
    """A new case at ``url`` with one Vaughn index of ``rows`` entries (one transaction)."""
    from casefile.store import CaseFile
    from casefile.store.models import IndexAuthor
    from casefile.vaughn import add_index
    from casefile.vaughn.entries import add_record

    CaseFile.create(url).close()
    with CaseFile.open(url) as case, case.transaction() as s:
        index = add_index(s, "Bench index", IndexAuthor.AGENCY)
        for n in range(1, rows + 1):
            add_record(s, index, str(n), description=f"entry {n} as made")


def edit_many(url: str, worker: int, edits: int, seed: int, start=None,
              tries: int | None = None) -> dict:
    """``edits`` edits to the case at ``url``, as one user would make them; what happened.

    Returns the successful field changes (``saved``), the conflicts refused, the
    saves the case ran again unseen (``retried``) and the errors shown (each as
    its sentence or exception)."""
    from sqlalchemy import select

    from casefile import edits as rules
    from casefile.errors import EditConflict
    from casefile.store import CaseFile
    from casefile.store.models import ChallengeState, Record
    from casefile.vaughn.challenges import find_entry, set_challenge
    from casefile.vaughn.entries import update_record

    if tries is not None:  # --tries 1: the app as it was, a deadlock shown
        from casefile.store import case as case_module

        case_module.WRITE_TRIES = tries
    rng = random.Random(seed)
    out = {"saved": 0, "conflicts": 0, "retried": 0, "errors": []}
    with CaseFile.open(url) as case:
        with case.reading() as s:
            index_id, = s.scalars(select(Record.index_id).limit(1)).all()
            entries = s.execute(select(Record.id, Record.entry_no)
                                .order_by(Record.position)).all()
        hot = entries[:HOT_ROWS]

        def pick():
            return rng.choice(hot if rng.random() < HOT_SHARE else entries)

        if start is not None:
            start.wait()
        for n in range(edits):
            value = f"w{worker} e{n}"
            pair = rng.random() < PAIR_SHARE
            # A challenge names two of the entries everyone is working on.
            rows = rng.sample(hot, 2) if pair else [pick()]
            while True:
                try:
                    if pair:
                        case.write(_challenge, index_id, [no for _id, no in rows], value,
                                   find_entry=find_entry, set_challenge=set_challenge,
                                   state=ChallengeState.CHALLENGED)
                    else:
                        row_id = rows[0][0]
                        with case.reading() as s:  # the row as the window shows it
                            shown = s.get(Record, row_id).row_version
                        case.write(_describe, row_id, shown, value, opened=rules.opened,
                                   update_record=update_record)
                    out["saved"] += len(rows)
                    break
                except EditConflict:
                    out["conflicts"] += 1  # as a user: read it again, make the edit again
                except Exception as exc:  # noqa: BLE001 - an error shown: what the bench counts
                    out["errors"].append(f"{type(exc).__name__}: {exc}"[:300])
                    break
        out["retried"] = case.retries
    return out


def _describe(s, row_id, shown, value, *, opened, update_record):
    from casefile.store.models import Record

    record = s.get(Record, row_id)
    opened(s, record, shown, {"description": value})
    update_record(s, record, description=value)


def _challenge(s, index_id, entry_nos, value, *, find_entry, set_challenge, state):
    from casefile.store.models import VaughnIndex

    index = s.get(VaughnIndex, index_id)
    for no in entry_nos:  # in the order named, as `casefile vaughn challenge` takes them
        set_challenge(find_entry(s, index, no), state, argument=value)
        s.flush()  # each row locked as it is named, as the window saves a row at a time


def _worker(args) -> dict:
    url, worker, edits, seed, start, tries = args
    return edit_many(url, worker, edits, seed, start, tries)


def run_workers(url: str, processes: int, edits: int, seed: int = 20,
                tries: int | None = None) -> tuple[list[dict], float]:
    """``processes`` processes making ``edits`` edits each, started together; their
    reports and the wall time from the start signal to the last one done."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        # Each process waits here once it has the case open (a spawn costs ~1 s).
        start = manager.Barrier(processes + 1)
        with ctx.Pool(processes) as pool:
            pending = pool.map_async(_worker, [(url, w, edits, seed * 1000 + w, start, tries)
                                              for w in range(processes)])
            start.wait(120)
            t = time.perf_counter()
            reports = pending.get()
            return reports, time.perf_counter() - t


def check(url: str) -> dict:
    """What the audit log says against what the rows hold."""
    from sqlalchemy import select

    from casefile.store import CaseFile
    from casefile.store.audit_log import AuditEntry
    from casefile.store.models import Record

    fields = ("description", "challenge_argument")
    with CaseFile.open(url, read_only=True) as case, case.reading() as s:
        logged = Counter()
        last: dict = {}
        for row_uuid, field, new in s.execute(
                select(AuditEntry.row_uuid, AuditEntry.field, AuditEntry.new_value)
                .where(AuditEntry.action == "update", AuditEntry.table_name == "record",
                       AuditEntry.field.in_(fields))
                .order_by(AuditEntry.id)):
            logged[field] += 1
            last[(row_uuid, field)] = json.loads(new)
        lost = []
        for record in s.scalars(select(Record)):
            for field in fields:
                if (record.uuid, field) in last and \
                        getattr(record, field) != last[(record.uuid, field)]:
                    lost.append((record.entry_no, field, getattr(record, field),
                                 last[(record.uuid, field)]))
    return {"logged": sum(logged.values()), "lost": lost}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--tries", type=int, help="CaseFile.write's tries (default: the "
                        "app's; 1 shows each deadlock, as before it was run again)")
    args = parser.parse_args()

    with cluster() as server:
        url = server.url("bench_concurrent")
        make_case(url, args.rows)
        reports, wall = run_workers(url, args.processes, args.edits, tries=args.tries)
        found = check(url)
    saved = sum(r["saved"] for r in reports)
    errors = [e for r in reports for e in r["errors"]]
    edits = args.processes * args.edits
    print(f"{args.processes} processes x {args.edits:,} edits on {args.rows} Vaughn entries "
          f"({HOT_SHARE:.0%} of picks on {HOT_ROWS} hot ones, {PAIR_SHARE:.0%} two-entry "
          "challenges)")
    print(f"  field changes saved:          {saved:,}")
    print(f"  in the audit log:             {found['logged']:,}"
          + ("  (match)" if found["logged"] == saved else "  (MISMATCH)"))
    print(f"  rows whose value is not the last logged (lost updates): {len(found['lost'])}")
    print(f"  conflicts refused (re-read, edited again): {sum(r['conflicts'] for r in reports):,}")
    print(f"  saves run again silently (deadlocks): {sum(r['retried'] for r in reports):,}")
    print(f"  errors shown:                 {len(errors)}")
    for e in errors[:5]:
        print(f"      {e}")
    if args.tries is not None:
        print(f"  (CaseFile.write tried each save at most {args.tries} time(s))")
    print(f"  wall time {wall:.2f} s, {edits / wall:,.0f} edits/s")
    print(f"  load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if errors or found["lost"] or found["logged"] != saved:
        sys.exit(1)


if __name__ == "__main__":
    main()
