"""The fault suite builds its stores with the API and export tests' helpers
(``test_api_fixtures``, ``test_api_serving``, ``test_export_formats``): their folders are put on
``sys.path`` here, so these probes import them whatever order (or subset) pytest collects."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in ("serve", "export"):
    path = str(TESTS / folder)
    if path not in sys.path:
        sys.path.insert(0, path)
