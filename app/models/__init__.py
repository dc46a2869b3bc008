"""SQLAlchemy models, one module per aggregate; imported here so Alembic and the app see every table."""
from app.models.answer import Answer, ProgressEntry, Review
from app.models.attachment import Attachment
from app.models.council import Constituency, Delegate, DelegateGroup, Session, Term
from app.models.deadline import CalendarDay, DeadlineRule
from app.models.event import AppendOnlyError, Event
from app.models.meeting import VoterMeeting, meeting_delegate
from app.models.notification import JobRun, Notice, OutboxMessage, ReminderPolicy, SchedulerLease
from app.models.organisation import Agency, Committee, Field
from app.models.petition import (
    CodeCounter,
    Petition,
    PetitionOpening,
    PetitionSearch,
    SearchTerm,
    SearchWord,
    SearchWordSet,
    petition_coordinator,
)
from app.models.report_run import DashboardFigures, ReportAssessment, ReportRun
from app.models.sheet_import import FieldSynonym, HeaderMapping, ImportRun, SheetImport
from app.models.user import AccountEvent, LoginFailure, User, UserSession

__all__ = [
    "AccountEvent", "Agency", "Answer", "AppendOnlyError", "Attachment", "CalendarDay", "CodeCounter", "Committee",
    "Constituency", "DashboardFigures", "DeadlineRule", "Delegate", "DelegateGroup", "Event", "Field",
    "FieldSynonym", "HeaderMapping", "ImportRun", "JobRun", "LoginFailure", "Notice", "OutboxMessage", "Petition",
    "PetitionOpening", "PetitionSearch", "ProgressEntry", "ReminderPolicy", "ReportAssessment", "ReportRun", "Review",
    "SchedulerLease", "SearchTerm", "SearchWord", "SearchWordSet", "Session", "SheetImport", "Term", "User", "UserSession", "VoterMeeting", "meeting_delegate",
    "petition_coordinator",
]
