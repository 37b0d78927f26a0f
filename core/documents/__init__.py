"""Documents: a library per unit, meeting papers, forwarding down the tree."""
