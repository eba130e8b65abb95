"""Meetings: committees, their plan of tasks with status history, meetings and their states, agenda items
and versioned materials; the secretary's screens and the public pages."""
