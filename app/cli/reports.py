"""`flask report`: build any report from the command line (PDF, XLSX, or its figures as JSON) and say how long it
took; JSON goes to standard output unless --out is given."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.services.errors import DomainError


def _system_user():
    """The command line acts for the council office: every item is visible. Never saved."""
    from app.models import User

    return User(username="cli", full_name="Dòng lệnh", role="admin", active=True)


@click.command("report")
@click.argument("kind", type=click.Choice(["results", "compilation", "overdue", "agency", "item"]))
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (required for pdf and xlsx; JSON is printed when it is left out).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "xlsx", "json"]), default=None,
              help="pdf, xlsx or json (default: from the --out suffix, else pdf).")
@click.option("--session", "session_number", type=int, default=None,
              help="Session number (kỳ họp thứ N); default: the latest that has opened.")
@click.option("--agency", "agency_code", default="", help="Agency code, e.g. SXD (overdue and agency reports).")
@click.option("--as-of", "as_of", default=None, help="Date the figures are taken at, YYYY-MM-DD or dd/mm/yyyy.")
@click.option("--code", default="", help="Petition code KN-... (for the item sheet).")
@with_appcontext
def report(kind, out, fmt, session_number, agency_code, as_of, code) -> None:
    """Build a report: results, compilation, overdue, agency or item."""
    from app.models import Agency, Session
    from app.services.reporting.files import ReportRequest, generate

    suffix = out.suffix.lower().lstrip(".") if out else ""
    fmt = fmt or (suffix if suffix in ("xlsx", "json") else "pdf")
    if out is None and fmt != "json":
        raise click.UsageError("Cần --out FILE cho định dạng pdf và xlsx.")
    request = ReportRequest(kind=kind, format=fmt, as_of=_parse_date(as_of), code=code)
    if session_number is not None:
        request.session = db.session.scalar(select(Session.id).where(Session.number == session_number)
                                            .order_by(Session.opening.desc()).limit(1))
        if request.session is None:
            raise click.ClickException(f"Không có kỳ họp thứ {session_number}.")
    if agency_code:
        request.agency = db.session.scalar(select(Agency.id).where(Agency.code == agency_code))
        if request.agency is None:
            raise click.ClickException(f"Không có cơ quan mã {agency_code}.")
    try:
        result = generate(_system_user(), request)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        db.session.rollback()  # read-only: nothing to keep
    if out is None:
        click.echo(result.data.decode())
        return
    out.write_bytes(result.data)
    click.echo(f"Đã ghi {out} ({len(result.data):,} byte, {result.rows} dòng) trong {result.seconds:.2f} giây.")


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        if "/" in text:
            day, month, year = (int(x) for x in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"Ngày không hợp lệ: {text}", param_hint="--as-of") from exc
