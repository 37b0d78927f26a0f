"""Drafts put to the meeting before it: comments, what was taken in, and the final text."""
