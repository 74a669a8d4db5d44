"""The web process as gunicorn starts it (config/wsgi.py)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_a_web_process_leaves_its_startup_objects_out_of_full_collections():
    """A full garbage collection walking every module's objects made one dashboard view
    in twenty ~80 ms slower; the web process freezes them once every view is imported."""
    probe = (
        "import gc, sys, config.wsgi; "
        "print(gc.get_freeze_count(), 'reports.views' in sys.modules, len(gc.get_objects()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, views_imported, still_tracked = done.stdout.split()[-3:]
    assert int(frozen) > 50_000
    assert views_imported == "True"
    assert int(still_tracked) < int(frozen) // 10
