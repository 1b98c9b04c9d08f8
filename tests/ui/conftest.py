import os

# Before any Qt import: no screen is needed to test the window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
