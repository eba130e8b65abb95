"""Demo content: a sample committee, its plan of tasks and meetings, loaded for local showcases."""
