"""Flask CLI commands by area: setup (database, demo, accounts), jobs (reminders, mail, digest, report runs,
scheduler, load data), imports (summary sheets), reports. Command names are documented in the README: keep them."""
from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from app.cli import imports, jobs, reports, setup

    for command in (*setup.COMMANDS, *jobs.COMMANDS, imports.import_sheet, reports.report):
        app.cli.add_command(command)
