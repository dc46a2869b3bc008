"""`flask import-sheet`: import an office's summary spreadsheet from the command line, as a named clerk."""
from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from app.cli.edge import commit_or_fail
from app.extensions import db


@click.command("import-sheet")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True, help="The office account the import is recorded under.")
@click.option("--session", "session_number", type=int, default=None,
              help="Session number (default: read from the sheet's title, e.g. 'Kỳ họp thứ 2').")
@click.option("--timing", type=click.Choice(["before", "after"]), default=None,
              help="Before or after the session (default: read from the title, else before).")
@click.option("--sheet", default=None, help="Import only this sheet (default: every sheet that has a header).")
@click.option("--map", "column_map", default=None,
              help='Columns the rules do not recognise, e.g. "Ý kiến cử tri=content,Địa bàn=locality"; '
                   "keys: number, content, agency, coordinating, locality, held_on, place, delegate_group, field, "
                   "constituency, note.")
@click.option("--check", is_flag=True, help="Only check the file and say what would be imported.")
def import_sheet(path: Path, username: str, session_number: int | None, timing: str | None, sheet: str | None,
                 column_map: str | None, check: bool) -> None:
    """Import a summary sheet (.xlsx): every row or none, problems listed with their row and column. Agencies
    not in the catalogue are created (the check lists them)."""
    from app.models import User
    from app.services.imports import importer as sheet_import
    from app.services.imports.columns import parse_map

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"Không có tài khoản {username}.")
    session_id = None
    if session_number is not None:
        session = sheet_import.session_by_number(session_number)
        if session is None:
            raise click.ClickException(f"Không có kỳ họp thứ {session_number}.")
        session_id = session.id
    try:
        mapping = parse_map(column_map) if column_map else None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    data = path.read_bytes()
    options = {"session_id": session_id, "timing": timing, "sheet": sheet, "mapping": mapping}
    if check:
        plan = commit_or_fail(lambda: sheet_import.plan(user, path.name, data, **options))
        click.echo(f"{len(plan.rows)} kiến nghị, {plan.session.name}, {len(plan.new_meetings)} hội nghị mới, "
                   f"{plan.classified_count} kiến nghị phân loại theo bảng. Chưa ghi gì.")
        for note in [*plan.notes, *plan.book.skipped]:
            click.echo(f"- {note}")
        for unknown in plan.unknown_agencies.values():
            click.echo(f"- Dòng {unknown.first_row}: cơ quan “{unknown.name}” chưa có trong danh mục, sẽ được tạo.")
        return
    done = commit_or_fail(lambda: sheet_import.run(user, path.name, data, **options))
    click.echo(f"Đã nhập {done.item_count} kiến nghị ({done.classified_count} đã phân loại), "
               f"{done.meeting_count} hội nghị mới: {done.codes[0]} … {done.codes[-1]}.")
