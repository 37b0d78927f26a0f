"""How well a meeting went: the committee's score on a versioned sheet, and members' own ratings."""
