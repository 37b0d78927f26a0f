"""A member's own work calendar: free-text entries, reminders, the day's agenda and the .ics feed."""
