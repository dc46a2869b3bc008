"""What administrators keep: the catalogue (agencies, committees, fields, terms, sessions), deadline rules and
the calendar, and the read side of the operations page (job runs) and the lifecycle diagram."""
