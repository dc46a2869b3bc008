"""Pure-Python domain rules: the petition lifecycle and the working-day calendar (no Flask, no database)."""
