"""DataFrame access to a store: ``storyline.open("storyline.duckdb").incidents()``.

The same rows as ``storyline export --table ...`` (current article versions, typed columns:
dates as datetimes, counts as numbers), as pandas DataFrames, for analysts who work in notebooks.
Events and incidents are filtered by the export confidence threshold unless told otherwise.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.export.documents import parse_since
from storyline.export.tables import table_query
from storyline.store import Store

if TYPE_CHECKING:
    import pandas as pd


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pandas is a dependency; a trimmed install may lack it
        raise ImportError("storyline.open(...) DataFrames need pandas: pip install pandas") from None
    return pandas


class StoreFrames:
    """A read-only view of a store whose methods return DataFrames."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no store here")
        self.store = Store(self.path, read_only=True)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> StoreFrames:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def table(
        self,
        name: str,
        *,
        min_confidence: float | None = DEFAULT_MIN_CONFIDENCE,
        since: str | datetime | None = None,
        keep_json: bool = False,
    ) -> pd.DataFrame:
        """Any exported table (articles, versions, events, incidents, quotes, places, stories, ...)."""
        _pandas()
        moment = parse_since(since) if isinstance(since, str) else since
        query, params = table_query(
            self.store, name, keep_json=keep_json, min_confidence=min_confidence, since=moment
        )
        return self.store.con.execute(query, params).df()

    def events(self, **options: Any) -> pd.DataFrame:
        """One row per coded event (mention), with fatalities and story_id."""
        return self.table("events", **options)

    def incidents(self, *, current_only: bool = True, **options: Any) -> pd.DataFrame:
        """One row per real-world incident; background incidents only with ``current_only=False``."""
        frame = self.table("incidents", **options)
        return frame[frame["timing"] == "current"].reset_index(drop=True) if current_only else frame

    def stories(self) -> pd.DataFrame:
        """One row per story event (the same event across articles and outlets), with the
        analysts' corrections (a rejected mention leaves the counts; edited values show)."""
        from storyline.review.stories import stories_relation

        _pandas()
        relation, params = stories_relation(self.store.con)
        return self.store.con.execute(
            f"SELECT * EXCLUDE (embedding) FROM {relation} s ORDER BY event_date NULLS LAST, story_id", params
        ).df()

    def articles(self) -> pd.DataFrame:
        return self.table("articles")


def open_store(path: str | Path) -> StoreFrames:
    """``storyline.open(db)``: DataFrames of a store (read-only; close it or use ``with``)."""
    return StoreFrames(path)
