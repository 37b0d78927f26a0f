"""The Zalo Bot Platform channel: the same core flows, rendered as numbered text."""
