"""Actors: the lexicon of names (countries, institutions, groups, roles) and the resolver."""
