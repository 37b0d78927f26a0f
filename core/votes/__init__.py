"""Votes at a meeting: who may vote, the base, thresholds as data, open and secret ballots."""
