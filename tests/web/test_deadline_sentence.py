"""The due date in one short sentence wherever it reaches users after a transfer or a re-answer request (issue 12:
"the deadline explanation in one short sentence with details on demand"): the transfer board's message, the item's
history (the stored reason; the details behind <details>) and the item's PDF sheet."""
from __future__ import annotations

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import Event
from app.services.petitions import reviews, transfers
from app.services.reporting.item import item_sheet


def _deadline_events(p) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.petition_id == p.id, Event.action == "deadline_set")
                                   .order_by(Event.id)))


def test_the_history_keeps_the_short_sentence_with_the_details_on_demand(client, auth, build):
    p = build.petition("awaiting_transfer")
    transfers.transfer(build.committee, p, letter_number="7/HĐND-VP", letter_date=clock.today())
    db.session.commit()
    reviews_p = build.petition("answered")
    reviews.request_reanswer(build.committee, reviews_p, reason="Chưa rõ thời gian.")
    db.session.commit()
    for item in (p, reviews_p):
        event = _deadline_events(item)[-1]
        assert event.reason.startswith(item.due_date.strftime("%d/%m/%Y")) and "Quy tắc" not in event.reason
        assert "quá hạn nghiêm trọng" in event.data["details"]
    auth.login(build.committee)
    html = client.get(f"/petitions/{p.code}").get_data(as_text=True)
    history = html[html.index("Diễn biến"):]
    assert "Quy tắc:" not in history and "<details" in history and _deadline_events(p)[-1].data["details"] in history


def test_the_item_sheet_explains_the_due_date_without_repeating_the_rule(build):
    p = build.petition("transferred")
    db.session.commit()
    fields = dict(item_sheet(build.committee, p.code).fields)
    why = fields["Cách tính thời hạn"]
    assert why.startswith(p.due_date.strftime("%d/%m/%Y")) and "ngày làm việc kể từ" in why
    assert "Quy tắc:" not in why and why.count("kể từ") == 1  # the rule's wording said once
