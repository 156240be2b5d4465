"""The confidence threshold shared by exports, the API and the dashboard.

Events and incidents below it are kept in the store (and shown when asked for) but are not
what a user exports by default: "what a user exports is what the model trusts". The value is
chosen from the event model's reliability table (docs/events.md); ``--min-confidence`` (CLI)
and ``min_confidence`` (API) change it per call.
"""

from __future__ import annotations

#: Default minimum confidence of exported events and incidents.
DEFAULT_MIN_CONFIDENCE = 0.5
