"""Ingest stage: read articles from files (text, HTML, JSONL, WARC, RSS/Atom, directories)."""
