"""Incidents: one record per real-world incident of an article (ACLED's unit), with its mentions."""
