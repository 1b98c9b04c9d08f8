"""The `casefile-gui` window of the frozen app (PyInstaller's entry script).

pip-installed copies start at ui.app:main through the gui-script shim; a
frozen one has no shim, so this file is that shim.
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # Before anything else: the import reader and casefile.jobs.in_child spawn
    # children by running this same executable again, and freeze_support()
    # is what turns such a run into the child instead of a second window.
    multiprocessing.freeze_support()

    smoke = os.environ.get("CASEFILE_SMOKE_TEST")
    if smoke:  # CI and the benchmark: show the window, check it, quit
        import casefile_smoke

        casefile_smoke.install(smoke)

    from ui.app import main

    sys.exit(main(sys.argv[1:]))
