"""Export stage: the store's current article versions as JSONL, Parquet, CSV, GDELT or ACLED files."""

from storyline.export.documents import StoredDocument, iter_documents

FORMATS = ("jsonl", "parquet", "csv", "gdelt", "acled", "geojson")

__all__ = ["FORMATS", "StoredDocument", "iter_documents"]
