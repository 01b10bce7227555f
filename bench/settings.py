"""Settings of the benchmark's servers: production settings (debug off) plus the floor page.

Only the URL configuration, the collected static files' folder and a tolerant static storage
(bench/storage.py) differ from production, so the
numbers are those of the real middleware, templates and storages. The floor (/bench/floor/) is
served only here, never by the production URLs (bench/urls.py).
"""
# ruff: noqa: F405

import os
from pathlib import Path

from wgtu_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# collectstatic into a scratch folder, not the work tree's staticfiles/.
STATIC_ROOT = Path(os.environ.get("WGTU_BENCH_STATIC_ROOT", "/tmp/wgtu-bench-static"))  # noqa: S108
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "bench.storage.TolerantManifestStorage"},
}
