"""The embedded SQLite database keeps every answer under fast background saves.

The suite's own SQLite database lives in memory, where one connection is shared and nothing
is ever locked; `make run` uses a file, where concurrent requests each open their own
connection. So the scenario runs in a subprocess on its own SQLite file (see
`tests/sqlite_concurrency_script.py`), whatever database this run uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("sqlite_concurrency_script.py")


def test_fast_background_saves_on_a_sqlite_file_lose_nothing(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--dir", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    assert figures["requests"] == figures["threads"] * figures["saves_per_thread"]
    assert figures["threads"] >= 4, figures
    assert figures["errors"] == 0, (figures, completed.stderr[-3000:])
    assert figures["lost"] == 0, figures
