"""The list model reads rows scrolled to on its reader thread, never on the UI thread
(issue 21: on a loaded machine that read froze the window up to 280 ms).

Fixture: a real case file with 450 agencies named "Agency 000" … "Agency 449"
(abbreviations A000 … A449), made with casefile.matter.add_agency. Expected: the
first screen (100 rows) is there with the order; row 400's text is not read
where data() is asked for it (the cell is blank), and arrives on the reader
thread with a dataChanged, reading "A400".
"""

from __future__ import annotations

import threading

from casefile import tables
from casefile.matter import add_agency
from casefile.store import CaseFile
from ui.table_model import SqlTableModel


def test_a_row_scrolled_to_is_read_on_the_reader_thread(qtbot, tmp_path):
    path = tmp_path / "agencies.casefile"
    with CaseFile.create(path) as case, case.transaction() as s:
        for n in range(450):
            add_agency(s, f"Agency {n:03d}", f"A{n:03d}")
    case = CaseFile.open(path)
    try:
        model = SqlTableModel(tables.AGENCIES)
        model.sort(0)  # by abbreviation: row n is A{n}
        model.set_case(case, wait=True)
        model.wait()
        assert model.rowCount() == 450
        assert model.data(model.index(5, 0)) == "A005"  # the first screen came with the order

        readers: list[str] = []
        real_rows = tables.rows

        def rows(session, table, wanted):
            readers.append(threading.current_thread().name)
            return real_rows(session, table, wanted)

        tables.rows = rows
        try:
            assert model.data(model.index(400, 0)) is None  # blank for the moment
            with qtbot.waitSignal(model.dataChanged, timeout=10_000):
                pass
        finally:
            tables.rows = real_rows
        assert model.data(model.index(400, 0)) == "A400"
        assert readers and threading.main_thread().name not in readers
    finally:
        case.close()
