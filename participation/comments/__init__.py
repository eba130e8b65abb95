"""Comments: citizens' comments on agenda items, votes on them (agree, disagree, pass) and reports,
moderation decisions and their audit log, personal-data detection and masking, and committee members'
official replies."""
