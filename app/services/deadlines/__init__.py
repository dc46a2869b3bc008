"""Deadlines (thời hạn): due dates computed from rules and the working calendar (rules), and the overdue /
very overdue / due soon flags derived from them (flags)."""
