"""Set-up commands: the database, the demo, accounts, the lifecycle diagram, history, deadline recomputation."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from app.cli.edge import commit_or_fail
from app.extensions import db
from workflows import petition as workflow
from workflows.vocabulary import ROLES


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    upgrade()
    click.echo("Cơ sở dữ liệu đã được cập nhật lên phiên bản mới nhất.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load a realistic demo (Hà Nội, khóa XVII) and print the demo accounts once."""
    from app.demo.dataset import seed
    from app.models import Petition

    if db.session.scalar(select(Petition.id).limit(1)) is not None:
        click.echo("Cơ sở dữ liệu đã có dữ liệu mẫu; giữ nguyên. Tài khoản: admin, vanphong, lanhdaovp, "
                   "thuongtruc, sxd.cv, sxd.ld. Quên mật khẩu? flask --app run set-password <tên đăng nhập>")
        return
    accounts = seed()
    db.session.commit()
    click.echo("Đã nạp dữ liệu mẫu. Tài khoản đăng nhập (mật khẩu chỉ hiện một lần):")
    for username, password, role, agency in accounts:
        suffix = f" — {agency}" if agency else ""
        click.echo(f"  {username:<14} {password:<18} {ROLES[role][0]}{suffix}")


@click.command("create-user")
@click.option("--username", prompt="Tên đăng nhập")
@click.option("--full-name", prompt="Họ và tên")
@click.option("--role", prompt="Vai trò", type=click.Choice(list(ROLES)))
@click.option("--agency", "agency_code", default="", help="Agency code, for agency roles.")
@click.option("--email", default="")
@click.password_option(prompt="Mật khẩu", confirmation_prompt="Nhập lại mật khẩu")
@with_appcontext
def create_user(username: str, full_name: str, role: str, agency_code: str, email: str, password: str) -> None:
    """Create a staff account (the password is prompted, never passed on the command line)."""
    from app.models import Agency
    from app.services.accounts.users import create_user as create

    agency = None
    if agency_code:
        agency = db.session.scalar(select(Agency).where(Agency.code == agency_code))
        if agency is None:
            raise click.ClickException(f"Không có cơ quan mã {agency_code}.")
    user = commit_or_fail(lambda: create(None, username=username, full_name=full_name, password=password,
                                         role=role, email=email, agency=agency))
    click.echo(f"Đã tạo tài khoản {user.username} ({ROLES[role][0]}).")


@click.command("set-password")
@click.argument("username")
@click.password_option(prompt="Mật khẩu mới", confirmation_prompt="Nhập lại mật khẩu")
@with_appcontext
def set_password(username: str, password: str) -> None:
    """Set a new password for an account (prompted, never echoed)."""
    from app.models import User
    from app.services.accounts.passwords import set_password as set_new

    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"Không có tài khoản {username}.")
    commit_or_fail(lambda: set_new(user, password))
    click.echo(f"Đã đặt mật khẩu mới cho {user.username}.")


@click.command("workflow-diagram")
@click.option("--lang", default="vi", type=click.Choice(["vi", "en"]))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the Graphviz dot text here instead of standard output.")
def workflow_diagram(lang: str, out: Path | None) -> None:
    """Print the petition lifecycle as Graphviz dot text (render: dot -Tsvg)."""
    text = workflow.to_dot(lang)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Đã ghi sơ đồ vào {out}")


@click.command("history")
@click.argument("code")
@with_appcontext
def history(code: str) -> None:
    """Print a recommendation's event log: when, who, what, from and to which state, why."""
    from app import clock
    from app.models import Petition
    from app.services.audit import history as events_of

    petition = db.session.scalar(select(Petition).where(Petition.code == code.strip().upper()))
    if petition is None:
        raise click.ClickException(f"Không có kiến nghị mã {code}.")
    click.echo(f"{petition.code} — {petition.summary}")
    for event in events_of(petition):
        actor = f"{event.actor.full_name} ({ROLES[event.actor.role][0]})" if event.actor else "hệ thống"
        move = ""
        if event.from_state != event.to_state:
            move = f" [{workflow.state_label(event.from_state) if event.from_state else '—'} → " \
                   f"{workflow.state_label(event.to_state)}]"
        reason = f" — {event.reason}" if event.reason else ""
        click.echo(f"{clock.to_local(event.at):%d/%m/%Y %H:%M}  {actor}: {event.action}{move}{reason}")


@click.command("recompute-deadlines")
@with_appcontext
def recompute_deadlines() -> None:
    """Recompute the due dates of every open item from the current rules and calendar."""
    from app.services.deadlines import rules as deadlines

    changed = deadlines.recompute_open(None, reason="Tính lại thời hạn theo lệnh quản trị")
    db.session.commit()
    click.echo(f"Đã tính lại thời hạn; {changed} kiến nghị thay đổi hạn trả lời.")


@click.command("rebuild-search-index")
@with_appcontext
def rebuild_search_index() -> None:
    """Rewrite the search index of every item (after the upgrade that adds it, a restore or bulk writes)."""
    from app.services.search import index

    written = commit_or_fail(index.rebuild)
    click.echo(f"Đã lập lại chỉ mục tìm kiếm cho {written} kiến nghị.")


COMMANDS = (init_db, seed_demo, create_user, set_password, workflow_diagram, history, recompute_deadlines,
            rebuild_search_index)
