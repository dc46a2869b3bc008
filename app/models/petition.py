"""The recommendation (kiến nghị cử tri), the aggregate every room works on, with its coordinating agencies and
its row in the search index (PetitionSearch, below)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db, one_of
from app.models.council import Session
from app.models.meeting import VoterMeeting
from app.models.organisation import Agency, Field
from workflows.petition import DUE_DATE_STATES, OPEN_STATES, STATES, WITH_AGENCY_STATES
from workflows.vocabulary import CHANNELS, COMPETENCE_LEVELS, RESULT_CATEGORIES

WITH_AGENCY_WHERE = one_of("status", sorted(WITH_AGENCY_STATES))
OPEN_WHERE = one_of("status", sorted(OPEN_STATES))  # the same fixed list as listing.open_items

petition_coordinator = Table(
    "petition_coordinator",
    db.metadata,
    Column("petition_id", ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agency.id"), primary_key=True, index=True),
)


class Petition(db.Model):
    __tablename__ = "petition"
    __table_args__ = (
        CheckConstraint(one_of("status", STATES), name="status"),
        CheckConstraint(one_of("channel", CHANNELS), name="channel"),
        CheckConstraint(f"competence_level IS NULL OR {one_of('competence_level', COMPETENCE_LEVELS)}",
                        name="competence_level"),
        CheckConstraint(f"result_category IS NULL OR {one_of('result_category', RESULT_CATEGORIES)}",
                        name="result_category"),
        CheckConstraint("timing IN ('before', 'after')", name="timing"),
        # Mirrors of lifecycle rules, so no path around the services can break them.
        CheckConstraint("status <> 'merged' OR merged_into_id IS NOT NULL", name="merged_has_target"),
        CheckConstraint(
            one_of("status", [s for s in STATES if s in DUE_DATE_STATES], negate=True) +
            " OR (lead_agency_id IS NOT NULL AND due_date IS NOT NULL)",
            name="with_agency_has_due_date",
        ),
        Index("ix_petition_status_due", "status", "due_date"),
        # An agency's items in one state by due date (the inbox's quick filters; the dashboard's counts by state).
        Index("ix_petition_agency_status_due", "lead_agency_id", "status", "due_date", "id"),
        # An agency's items by due date, read from the top (the inbox's own items; listing.page_query): the open
        # ones (the inbox's default view; settled items, due long ago, would come first in the whole index), and
        # all of them ("Tất cả").
        Index("ix_petition_agency_open_due", "lead_agency_id", "due_date", "id", sqlite_where=text(OPEN_WHERE),
              postgresql_where=text(OPEN_WHERE)),
        Index("ix_petition_agency_due", "lead_agency_id", "due_date", "id"),
        # The lists' orders and filters (issue 15): each list reads its page from the top of an index instead of
        # sorting every match. Default order (newest first), by status, by field and status, by lead agency.
        Index("ix_petition_created", "created_at", "id"),
        Index("ix_petition_status_created", "status", "created_at", "id"),
        Index("ix_petition_field_status_created", "field_id", "status", "created_at", "id"),
        Index("ix_petition_agency_created", "lead_agency_id", "created_at", "id"),
        # Very overdue counts and boards: with the agency and past this date.
        Index("ix_petition_status_very_overdue", "status", "very_overdue_date"),
        # The overdue board and every list of overdue items, oldest due date first, read from the top: only the
        # items with the agency are in it (the same fixed list as deadlines.flags.overdue_condition).
        Index("ix_petition_overdue_due", "due_date", "id", sqlite_where=text(WITH_AGENCY_WHERE),
              postgresql_where=text(WITH_AGENCY_WHERE)),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    content: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(String(500), default="")
    channel: Mapped[str] = mapped_column(String(20), default="meeting")
    locality: Mapped[str] = mapped_column(String(200), default="", index=True)
    # Personal data: shown to staff only, never published or exported to the public.
    voter_name: Mapped[str | None] = mapped_column(String(200))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("voter_meeting.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("council_session.id"), index=True)
    timing: Mapped[str] = mapped_column(String(10), default="before")
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id"), index=True)
    competence_level: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), default="recorded", index=True)
    urgent: Mapped[bool] = mapped_column(default=False)
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    transfer_letter_number: Mapped[str | None] = mapped_column(String(60))
    transfer_letter_date: Mapped[date | None]
    transferred_on: Mapped[date | None]
    due_date: Mapped[date | None] = mapped_column(index=True)
    very_overdue_date: Mapped[date | None]
    # How the due date was computed (rule, start, skipped days): workflows.calendar.Deadline.to_dict().
    deadline_info: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result_category: Mapped[str | None] = mapped_column(String(20))
    roadmap_expected_date: Mapped[date | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("petition.id"), index=True)
    forwarded_to: Mapped[str | None] = mapped_column(String(300))
    forward_letter_number: Mapped[str | None] = mapped_column(String(60))
    set_aside_kind: Mapped[str | None] = mapped_column(String(20))
    reanswer_count: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow, onupdate=clock.utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Optimistic locking: every UPDATE checks and bumps it; a stale writer gets StaleDataError.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    meeting: Mapped[VoterMeeting | None] = relationship()
    session: Mapped[Session | None] = relationship()
    field: Mapped[Field | None] = relationship()
    lead_agency: Mapped[Agency | None] = relationship(foreign_keys=[lead_agency_id])
    coordinating_agencies: Mapped[list[Agency]] = relationship(secondary=petition_coordinator)
    merged_into: Mapped[Petition | None] = relationship(remote_side="Petition.id", foreign_keys=[merged_into_id])
    merged_items: Mapped[list[Petition]] = relationship(
        foreign_keys=[merged_into_id], viewonly=True, order_by="Petition.id"
    )

    def __str__(self) -> str:
        return self.code


class CodeCounter(db.Model):
    """The last number handed out per year, for codes like KN-2026-000123."""

    __tablename__ = "code_counter"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class PetitionOpening(db.Model):
    """The first time someone of an agency opened an item: until then the agency's inbox marks it "Mới"."""

    __tablename__ = "petition_opening"
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
# The search index (chỉ mục tìm kiếm): one row per recommendation holding its words folded (lower case, without
# diacritics, đ as d), kept in step by app/services/search/index.py.
#
# The row is plain SQL on both databases; the index over it is each database's own full-text index:
# - SQLite: an FTS5 table with external content (`petition_search_fts`, rowid = petition id), kept in step with
#   `petition_search` by three triggers, so whatever writes the row updates the index in the same transaction;
# - PostgreSQL: a column `body_tsv` = `to_tsvector('simple', body)` (the 'simple' configuration splits on non-word
#   characters and stems nothing, like FTS5's unicode61 tokenizer over already-folded text) and a GIN index over it.
#   A trigger computes the vector from the text written and keeps only the vector: the row stays narrow (600 bytes
#   against 850 with the text), and a search reads rows (its walk over the newest ones, the phrase's recheck,
#   ts_rank) in half the time. The vector is stored, not an index on the expression: with an expression index every
#   row rechecked or ranked recomputed it from the text (60 ms for the 2,500 matches of "ngap ung" at 100,000).
# Beside the words, the row holds their neighbouring pairs as tokens (`pairs`: "_nao_vet _vet_ho ..."): a phrase
# search asks for its pairs first, whose lists are short where the words' are long (FTS5 indexes them as a second
# column, tokenchars '_' keeping each whole; on PostgreSQL they are a vector in a table of their own,
# `petition_search_pairs` (SEARCH_PAIRS), with its GIN index: beside the words they doubled the rows a search walks,
# 8.7 -> 14 ms for the newest 25,000 at 1,000,000 items).
# PostgreSQL also keeps a second GIN index over the newest rows only (`ix_petition_search_hot`, "petition_id > N",
# N rewritten nightly to keep about query.HOT_ROWS rows): GIN cannot hand its matches newest first, so a search
# whose words are in one item of a hundred asked the whole index for all of them (12,500 at 1,000,000 items) or
# walked 40,000 rows to fill its window; the newest rows' index hands over their few hundred matches at once.
# Neither belongs in the other database, so both are created by DDL that runs on one dialect only, here for
# `create_all` and in the migration for Alembic; `include_name` keeps Alembic's comparison away from them.
FTS_TABLE = "petition_search_fts"
PG_INDEX = "ix_petition_search_tsv"
PG_HOT_INDEX = "ix_petition_search_hot"
PG_COLUMN = "body_tsv"
PG_PAIRS_TABLE = "petition_search_pairs"

# Literal SQL (no formatting): DDL that never takes a value from outside.
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS petition_search_fts USING fts5(body, pairs, content='petition_search', "
    "content_rowid='petition_id', tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\")",
    "CREATE TRIGGER IF NOT EXISTS petition_search_ai AFTER INSERT ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(rowid, body, pairs) VALUES (new.petition_id, new.body, new.pairs); END",
    "CREATE TRIGGER IF NOT EXISTS petition_search_ad AFTER DELETE ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(petition_search_fts, rowid, body, pairs) "
    "VALUES ('delete', old.petition_id, old.body, old.pairs); END",
    "CREATE TRIGGER IF NOT EXISTS petition_search_au AFTER UPDATE ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(petition_search_fts, rowid, body, pairs) "
    "VALUES ('delete', old.petition_id, old.body, old.pairs); "
    "INSERT INTO petition_search_fts(rowid, body, pairs) VALUES (new.petition_id, new.body, new.pairs); END",
    # Each word's document count, read from the full-text index itself (SearchTerm is filled from it).
    "CREATE VIRTUAL TABLE IF NOT EXISTS petition_search_fts_vocab USING fts5vocab(petition_search_fts, 'row')",
)
SQLITE_DROP = ("DROP TABLE IF EXISTS petition_search_fts_vocab", "DROP TABLE IF EXISTS petition_search_fts")
POSTGRES_DDL = (
    "ALTER TABLE petition_search ADD COLUMN IF NOT EXISTS body_tsv tsvector",
    # The word pairs' vectors, in a table of their own: beside the words they doubled the rows a search walks.
    "CREATE TABLE IF NOT EXISTS petition_search_pairs (petition_id integer PRIMARY KEY "
    "REFERENCES petition (id) ON DELETE CASCADE, pairs tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_petition_search_pairs ON petition_search_pairs USING gin (pairs)",
    # The text written becomes the vector; a row written again without text (an update of its places) keeps it.
    # (The pairs' rows are written by the index writer itself, by COPY for many: a row's INSERT from this trigger
    # cost an import of 10,000 items 0.4 s.)
    "CREATE OR REPLACE FUNCTION petition_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.body <> '' THEN NEW.body_tsv := to_tsvector('simple'::regconfig, NEW.body); NEW.body := ''; "
    "ELSIF NEW.body_tsv IS NULL THEN NEW.body_tsv := ''::tsvector; END IF; NEW.pairs := ''; RETURN NEW; END $$",
    "CREATE OR REPLACE TRIGGER petition_search_vector BEFORE INSERT OR UPDATE ON petition_search "
    "FOR EACH ROW EXECUTE FUNCTION petition_search_vector()",
    "CREATE INDEX IF NOT EXISTS ix_petition_search_tsv ON petition_search USING gin (body_tsv)",
    # The newest rows' own GIN index (PG_HOT_INDEX): the whole table at first, narrowed nightly (index.compact).
    "CREATE INDEX IF NOT EXISTS ix_petition_search_hot ON petition_search USING gin (body_tsv) WHERE petition_id > 0",
)
POSTGRES_DROP = ("DROP TABLE IF EXISTS petition_search_pairs",)
# The pairs' table as SQLAlchemy Core sees it, for the index writer on PostgreSQL (not in the models' metadata: it
# exists on one dialect only). Its vector is written as text, the pairs separated by spaces ("_nao_vet _vet_ho"),
# which PostgreSQL reads as the lexemes they are.
SEARCH_PAIRS = Table(PG_PAIRS_TABLE, MetaData(), Column("petition_id", Integer, primary_key=True),
                     Column("pairs", TSVECTOR, nullable=False))


class PetitionSearch(db.Model):
    """What the search box and the duplicate finder read: code, summary, content, localities (the item's and its
    merged sources'), agency names and submitted answers, folded; `places` holds the folded localities alone. On
    PostgreSQL `body` is kept as its vector only, and the pairs in their own table (see above): read back, both
    columns are empty."""

    __tablename__ = "petition_search"
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(Text, default="")
    pairs: Mapped[str] = mapped_column(Text, default="")  # body's neighbouring words as tokens (search.word_pairs)
    places: Mapped[str] = mapped_column(Text, default="")
    indexed_at: Mapped[datetime] = mapped_column(default=clock.utcnow)


class SearchTerm(db.Model):
    """How many items' index rows hold a folded word, for the words in at least a few items, as counted from the
    index (FTS5's vocabulary on SQLite, ts_stat on PostgreSQL) by the nightly job and `flask rebuild-search-index`.
    The duplicate finder leaves out words too common to tell two items apart; a word missing here is rare (or
    newer than the count), which is the safe side. The empty word holds the number of items counted."""

    __tablename__ = "search_term"
    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    docs: Mapped[int] = mapped_column(default=0)


WORD_MAX = 100  # characters of a word the vocabulary keeps; a longer one is kept cut, and marks its prefix as such


class SearchWord(db.Model):
    """Every folded word the search index has ever held but numbers (the vocabulary), kept in step by the index
    writer in the same transaction: the search box reads the words the last one typed begins, to ask the index for
    those words rather than for a prefix, which FTS5 and GIN answer by first gathering every item holding any of
    them. Words are never removed (one no longer held only costs a lookup that finds nothing). Ordered bytewise on
    PostgreSQL too, so the words a prefix begins are one range whatever the server's collation."""

    __tablename__ = "search_word"
    word: Mapped[str] = mapped_column(String(WORD_MAX).with_variant(String(WORD_MAX, collation="C"), "postgresql"),
                                      primary_key=True)


class SearchWordSet(db.Model):
    """SQLite: the items whose index row holds a common word, as compressed bitmaps of their ids (Roaring bitmaps in
    pyroaring's portable format, one row per 65,536 ids), kept by app/services/search/sets.py: a search for several
    common words intersects these instead of stepping through FTS5's lists side by side. The empty word's set holds
    one member, the highest item id the sets answer for (the cover). PostgreSQL keeps none: GIN intersects its own
    lists."""

    __tablename__ = "search_word_set"
    word: Mapped[str] = mapped_column(String(WORD_MAX), primary_key=True)
    chunk: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # the ids' top bits (sets.CHUNK_BITS)
    members: Mapped[bytes] = mapped_column(LargeBinary)


for _statement in SQLITE_DDL:
    event.listen(PetitionSearch.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in SQLITE_DROP:
    event.listen(PetitionSearch.__table__, "before_drop", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_DDL:
    event.listen(PetitionSearch.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in POSTGRES_DROP:
    event.listen(PetitionSearch.__table__, "before_drop", DDL(_statement).execute_if(dialect="postgresql"))


def managed_by_alembic(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name: the full-text objects of one dialect are not the models' business (nor is
    APScheduler's job store)."""
    if type_ == "table":
        return not (name in ("apscheduler_jobs", PG_PAIRS_TABLE) or (name or "").startswith(FTS_TABLE))
    if type_ == "index":
        return name not in (PG_INDEX, PG_HOT_INDEX)
    if type_ == "column":
        return not (name == PG_COLUMN and parent_names.get("table_name") == "petition_search")
    return True

