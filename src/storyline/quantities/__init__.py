"""Counted things: the ``quantities`` component (numbers, what they count, what happened to it)."""
