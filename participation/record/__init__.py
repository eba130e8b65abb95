"""The official record of a meeting: minutes as structured entries, with the citizens' part attached."""
