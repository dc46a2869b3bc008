"""The search index (chỉ mục tìm kiếm): one row per recommendation holding its words folded (lower case, without
diacritics, đ as d), kept in step by app/services/search/index.py.

The row is plain SQL on both databases; the index over it is each database's own full-text index:
- SQLite: an FTS5 table with external content (`petition_search_fts`, rowid = petition id), kept in step with
  `petition_search` by three triggers, so whatever writes the row updates the index in the same transaction;
- PostgreSQL: a GIN index over `to_tsvector('simple', body)` (the 'simple' configuration splits on non-word
  characters and stems nothing, like FTS5's unicode61 tokenizer over already-folded text).
Neither belongs in the other database, so both are created by DDL that runs on one dialect only, here for
`create_all` and in the migration for Alembic; `include_name` keeps Alembic's comparison away from them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db

FTS_TABLE = "petition_search_fts"
PG_INDEX = "ix_petition_search_body_tsv"
# The expression the PostgreSQL index is built on; a query must use exactly this one to be served by the index.
PG_VECTOR = "to_tsvector('simple'::regconfig, body)"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, content='petition_search', "
    "content_rowid='petition_id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS petition_search_ai AFTER INSERT ON petition_search BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.petition_id, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS petition_search_ad AFTER DELETE ON petition_search BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body) VALUES ('delete', old.petition_id, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS petition_search_au AFTER UPDATE ON petition_search BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body) VALUES ('delete', old.petition_id, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.petition_id, new.body); END",
)
SQLITE_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"
POSTGRES_DDL = f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON petition_search USING gin ({PG_VECTOR})"


class PetitionSearch(db.Model):
    """What the search box and the duplicate finder read: code, summary, content, localities (the item's and its
    merged sources'), agency names and submitted answers, folded; `places` holds the folded localities alone."""

    __tablename__ = "petition_search"
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(Text, default="")
    places: Mapped[str] = mapped_column(Text, default="")
    indexed_at: Mapped[datetime] = mapped_column(default=clock.utcnow)


for _statement in SQLITE_DDL:
    event.listen(PetitionSearch.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
event.listen(PetitionSearch.__table__, "before_drop", DDL(SQLITE_DROP).execute_if(dialect="sqlite"))
event.listen(PetitionSearch.__table__, "after_create", DDL(POSTGRES_DDL).execute_if(dialect="postgresql"))


def managed_by_alembic(name: str | None, type_: str, parent_names: dict) -> bool:  # noqa: ARG001 - Alembic's
    """Alembic's include_name: the full-text objects of one dialect are not the models' business (nor is
    APScheduler's job store)."""
    if type_ == "table":
        return not (name == "apscheduler_jobs" or (name or "").startswith(FTS_TABLE))
    if type_ == "index":
        return name != PG_INDEX
    return True

