"""The weekly digest (bản tin tuần) to the standing committee and to each agency leader, queued once a week: the
open, late and soon-due items, and what was handed to the reader during the week."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from sqlalchemy import and_, select

from app import clock, permissions
from app.extensions import db
from app.models import Agency, Petition, User
from app.services.deadlines import flags
from app.services.notices import handovers, notifications, reminders
from app.services.notices.wording import HANDOVER_LABELS_VI, fmt, petition_url
from workflows.petition import WITH_AGENCY_STATES

LIST_LIMIT = 50  # rows per list in one e-mail; the rest is a count and a link


@dataclass
class Summary:
    open_with_agency: int = 0
    late: list[tuple] = field(default_factory=list)  # (code, summary, agency, due, days late, id)
    very_late: int = 0
    due_next: list[tuple] = field(default_factory=list)  # (code, summary, agency, due, id)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _summaries(today: date) -> tuple[Summary, dict[int, Summary]]:
    """The whole council's summary and one per agency, from three indexed queries."""
    overall, per_agency = Summary(), defaultdict(Summary)
    horizon = today + timedelta(days=7)
    rows = db.session.execute(
        # "Late" is decided by the deadlines module's own SQL, never re-derived here.
        select(Petition.id, Petition.code, Petition.summary, Petition.due_date,
               flags.overdue_clause(today).label("late"), flags.very_overdue_clause(today).label("very"),
               Petition.lead_agency_id, Agency.name)
        .join(Agency, Agency.id == Petition.lead_agency_id)
        .where(Petition.status.in_(WITH_AGENCY_STATES))
        .order_by(Petition.due_date, Petition.id)
    ).all()
    for pid, code, summary, due, late, very, agency_id, agency in rows:
        for s in (overall, per_agency[agency_id]):
            s.open_with_agency += 1
            if late:
                s.late.append((code, summary, agency, due, (today - due).days, pid))
                s.very_late += int(bool(very))
            elif due <= horizon:
                s.due_next.append((code, summary, agency, due, pid))
    return overall, per_agency


def _render(name: str, scope: str, s: Summary, week: date,
            arrived: list[tuple] = ()) -> tuple[str, str, str]:
    subject = f"[Bản tin tuần] Tình hình giải quyết kiến nghị cử tri — tuần từ {fmt(week)} ({scope})"
    counts = [("Đang ở cơ quan giải quyết", s.open_with_agency), ("Quá hạn", len(s.late)),
              ("Quá hạn nghiêm trọng", s.very_late), ("Đến hạn trong 7 ngày tới", len(s.due_next))]
    lines = [f"Kính gửi {name},", "", f"Bản tin tuần từ {fmt(week)} — {scope}.", ""]
    lines += [f"- {k}: {v}" for k, v in counts]
    html = [f"<p>Kính gửi {escape(name)},</p><p>Bản tin tuần từ {fmt(week)} — {escape(scope)}.</p><ul>"]
    html += [f"<li>{escape(k)}: <b>{v}</b></li>" for k, v in counts] + ["</ul>"]
    for heading, items, late in (("Kiến nghị quá hạn", s.late, True), ("Đến hạn trong 7 ngày tới", s.due_next, False)):
        if not items:
            continue
        lines += ["", heading + ":"]
        html.append(f"<h3>{escape(heading)}</h3><ul>")
        for item in items[:LIST_LIMIT]:
            code, summary, agency, due, *rest = item
            extra = f", trễ {rest[0]} ngày" if late else ""
            lines.append(f"- {code} ({agency}, hạn {fmt(due)}{extra}): {summary} — {petition_url(item[-1])}")
            html.append(f"<li><a href=\"{escape(petition_url(item[-1]))}\">{escape(code)}</a> "
                        f"({escape(agency)}, hạn {fmt(due)}{extra}): {escape(summary)}</li>")
        if len(items) > LIST_LIMIT:
            lines.append(f"- ... và {len(items) - LIST_LIMIT} kiến nghị khác")
            html.append(f"<li>... và {len(items) - LIST_LIMIT} kiến nghị khác</li>")
        html.append("</ul>")
    if arrived:  # what was handed to this reader during the week (transfers, answers, returns ...)
        heading = "Việc mới đến trong tuần qua"
        lines += ["", f"{heading} ({len(arrived)}):"]
        html.append(f"<h3>{escape(heading)} ({len(arrived)})</h3><ul>")
        for kind, code, summary, pid in arrived[:LIST_LIMIT]:
            label = HANDOVER_LABELS_VI.get(kind, kind)
            lines.append(f"- {label}: {code} — {summary} — {petition_url(pid)}")
            html.append(f"<li>{escape(label)}: <a href=\"{escape(petition_url(pid))}\">{escape(code)}</a> — "
                        f"{escape(summary)}</li>")
        if len(arrived) > LIST_LIMIT:
            lines.append(f"- ... và {len(arrived) - LIST_LIMIT} việc khác")
            html.append(f"<li>... và {len(arrived) - LIST_LIMIT} việc khác</li>")
        html.append("</ul>")
    lines += ["", "--", "Thư tự động từ hệ thống theo dõi kiến nghị cử tri."]
    return subject, "\n".join(lines), "".join(html)


def queue(today: date | None = None) -> tuple[int, int, int]:
    """Queue this week's digest to every recipient who has not had it; (recipients, notices, e-mails)."""
    today = today or clock.today()
    policy = reminders.policies()["weekly_digest"]
    if not policy.enabled:
        return 0, 0, 0
    week = week_start(today)
    overall, per_agency = _summaries(today)
    roles = [r for r, wanted in (("committee", policy.to_committee), ("agency_leader", policy.to_leader)) if wanted]
    recipients = db.session.scalars(
        select(User).where(User.active.is_(True), User.role.in_(roles),
                           and_(User.role != "agency_leader") | User.agency_id.is_not(None))
        .order_by(User.id)
    ).all()
    agencies = dict(db.session.execute(select(Agency.id, Agency.name)).all())
    notices = emails = 0
    for user in recipients:
        notice_id = notifications.insert_digest_notice(user.id, week)
        if notice_id is None:
            continue  # already queued this week (a repeated or overlapping run)
        notices += 1
        if not (user.email_notifications and user.email):
            continue
        arrived = handovers.arrived(user, today - timedelta(days=7), today + timedelta(days=1))
        if permissions.allows(user, "see_every_agency"):  # the committee: the whole city's figures
            content = _render(user.full_name, "toàn Thành phố", overall, week, arrived)
        else:
            content = _render(user.full_name, agencies.get(user.agency_id, ""), per_agency[user.agency_id], week,
                              arrived)
        notifications.queue_email(notice_id, user.email, *content)
        emails += 1
    return len(recipients), notices, emails

