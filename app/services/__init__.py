"""Services: the only code that fires transitions, computes deadlines and writes the audit trail.

Each service checks permission, changes state through `workflows/`, writes one event per change
and flushes; the caller (view, job, CLI command) commits once.
"""
