"""Dates: the ``time`` component (date expressions resolved against the publication date)."""
