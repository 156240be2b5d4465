"""Text stage: from raw article text to clean text plus the metadata written in it."""
