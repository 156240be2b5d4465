"""Linking stage: story events across articles, article-version diffs, dyad time series."""
