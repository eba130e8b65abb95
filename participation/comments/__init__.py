"""Comments: citizens' comments on agenda items, agreements and reports, moderation decisions and their
audit log, personal-data detection and masking, and committee members' official replies."""
