"""What agencies send back and how the committees judge it: answers, reviews, roadmap progress entries."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db, one_of
from app.models.organisation import Agency
from app.models.user import User
from workflows.vocabulary import RESULT_CATEGORIES


class Answer(db.Model):
    """Văn bản trả lời: drafted by an officer, approved and sent by the agency leader."""

    __tablename__ = "answer"
    __table_args__ = (
        CheckConstraint(one_of("result_category", RESULT_CATEGORIES), name="result_category"),
        CheckConstraint("status IN ('draft', 'submitted', 'sent_back')", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    round: Mapped[int] = mapped_column(default=1)  # 1 for the first answer, 2 after the first re-answer request
    text: Mapped[str] = mapped_column(Text)
    result_category: Mapped[str] = mapped_column(String(20))
    letter_number: Mapped[str | None] = mapped_column(String(60))
    letter_date: Mapped[date | None]
    signer: Mapped[str | None] = mapped_column(String(120))
    expected_date: Mapped[date | None]  # for a roadmap: when the agency commits to finish
    status: Mapped[str] = mapped_column(String(12), default="draft")
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    drafted_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None]
    agency: Mapped[Agency] = relationship()
    drafted_by: Mapped[User | None] = relationship(foreign_keys=[drafted_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])


class Review(db.Model):
    """Đánh giá: the committee's verdict on a submitted answer."""

    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint("decision IN ('accept', 'accept_on_roadmap', 'request_reanswer', 'mark_done')",
                        name="decision"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id"))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    new_due_date: Mapped[date | None]
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    reviewer: Mapped[User | None] = relationship()


class ProgressEntry(db.Model):
    """Tiến độ: a dated report on a roadmap commitment."""

    __tablename__ = "progress_entry"
    __table_args__ = (CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), index=True)
    entry_date: Mapped[date]
    percent: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    author: Mapped[User | None] = relationship()
