"""Settings of `bench/throughput.py`'s server: Palier's own, plus the trivial reference view.

Everything else comes from the environment as in production (`config.settings.base`); only the
URLs (`bench.urls`, which adds `/bench/trivial/` to Palier's) and a template folder differ, so
the app's own URLs never carry the benchmark's view.
"""

from __future__ import annotations

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# collectstatic writes to the benchmark's own folder, never the project's.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
