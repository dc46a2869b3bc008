"""The flask commands: schema creation, the demo data set, accounts and the lifecycle diagram."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from app.extensions import db
from app.models import Petition, User
from app.services import audit
from app.services.deadlines import flags
from workflows.petition import STATES


def test_seed_demo_covers_every_state_with_overdue_items(db_app):
    runner = db_app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for username in ("admin", "vanphong", "lanhdaovp", "thuongtruc", "sxd.cv", "sxd.ld"):
        assert username in result.output
    states = Counter(db.session.scalars(select(Petition.status)))
    assert sum(states.values()) >= 60
    assert set(states) == set(STATES), set(STATES) - set(states)
    overdue = db.session.scalar(select(func.count()).select_from(Petition).where(flags.overdue_clause()))
    assert overdue >= 3
    # Running it again does not duplicate anything.
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "giữ nguyên" in again.output
    assert db.session.scalar(select(func.count()).select_from(Petition)) == sum(states.values())


def test_create_user_prompts_for_the_password(db_app):
    runner = db_app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--username", "Hoa.NT", "--full-name", "Nguyễn Thị Hoa",
                                 "--role", "clerk"], input="mat-khau-dai-123\nmat-khau-dai-123\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "hoa.nt"))
    assert user.full_name == "Nguyễn Thị Hoa" and user.check_password("mat-khau-dai-123")
    assert "mat-khau-dai-123" not in result.output  # typed at a hidden prompt, never echoed


def test_create_user_refuses_weak_passwords_and_agency_roles_without_agency(db_app):
    runner = db_app.test_cli_runner()
    weak = runner.invoke(args=["create-user", "--username", "a", "--full-name", "A", "--role", "clerk"],
                         input="12345\n12345\n")
    assert weak.exit_code != 0 and "ít nhất" in weak.output
    agency = runner.invoke(args=["create-user", "--username", "b", "--full-name", "B",
                                 "--role", "agency_officer"], input="mat-khau-dai-123\nmat-khau-dai-123\n")
    assert agency.exit_code != 0 and "cơ quan" in agency.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_workflow_diagram_prints_dot(db_app, tmp_path):
    runner = db_app.test_cli_runner()
    result = runner.invoke(args=["workflow-diagram"])
    assert result.exit_code == 0
    assert result.output.startswith("digraph petition {")
    assert "Mới cập nhật" in result.output
    out = tmp_path / "lifecycle.dot"
    assert runner.invoke(args=["workflow-diagram", "--lang", "en", "--out", str(out)]).exit_code == 0
    assert "Recorded" in out.read_text(encoding="utf-8")


def test_recompute_deadlines_command(build, db_app):
    build.petition("transferred")
    db.session.commit()
    result = db_app.test_cli_runner().invoke(args=["recompute-deadlines"])
    assert result.exit_code == 0 and "0 kiến nghị" in result.output


def test_set_password(db_app, build):
    clerk = build.clerk
    db.session.commit()
    runner = db_app.test_cli_runner()
    result = runner.invoke(args=["set-password", clerk.username], input="mat-khau-moi-9\nmat-khau-moi-9\n")
    assert result.exit_code == 0, result.output
    db.session.refresh(clerk)
    assert clerk.check_password("mat-khau-moi-9")
    missing = runner.invoke(args=["set-password", "khong.co"], input="mat-khau-moi-9\nmat-khau-moi-9\n")
    assert missing.exit_code != 0


# The demo, seeded once for the tests below, which only read it (`demo` in tests/conftest.py).


def test_demo_item_that_went_the_whole_way_has_its_full_timeline(demo):
    first = db.session.scalar(select(Petition).where(Petition.code == "KN-2026-000001"))
    log = audit.history(first)
    actions = [e.action for e in log]
    for step in ("record", "classify", "submit_for_transfer", "transfer", "draft_answer", "send_back_draft",
                 "submit_answer", "request_reanswer", "accept_on_roadmap", "report_progress", "mark_done"):
        assert step in actions
    assert first.status == "closed"
    assert all(e.actor is not None for e in log)
    times = [e.at for e in log]
    assert times == sorted(times)
    assert {e.actor.role for e in log} >= {"clerk", "committee", "agency_officer", "agency_leader"}


def test_history_prints_every_step_with_actor_and_time(demo):
    runner = demo.test_cli_runner()
    result = runner.invoke(args=["history", "kn-2026-000001"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("KN-2026-000001 — ")
    assert any("Nguyễn Thị Lan (Chuyên viên Văn phòng): record [— → Mới cập nhật]" in line for line in lines)
    assert any("mark_done [Đang giải quyết theo lộ trình → Đã kết thúc]" in line
               for line in lines)
    assert all(line[:2].isdigit() and line[2] == "/" for line in lines[1:])  # every step has a dd/mm/yyyy time
    assert runner.invoke(args=["history", "KN-1999-000001"]).exit_code != 0
