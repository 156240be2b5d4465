"""The fault suite reuses the API tests' store builders (tests/serve/test_api_fixtures.py,
test_api_serving.py); their folder is importable whatever order pytest collects in."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))
