"""search index: neighbouring word pairs beside the words, the filter of a phrase search; the words' vocabulary

Revision ID: e6d2a8f4b1c9
Revises: c3f1a7d9e5b2
Create Date: 2026-11-29 07:30:00.000000

To learn that no item holds a phrase of common words ("nạo vét hồ Văn Chương"), FTS5 and GIN checked the
positions in every item holding all its words (128,000 at 1,000,000 items); the phrase's pairs have
short lists ("_vet_ho": none). The row gains `pairs`; the existing rows get theirs here:
- SQLite: computed from each row's text (written again with single spaces, which a phrase search reads), the
  FTS5 table then recreated with a second column and rebuilt;
- PostgreSQL: the text is gone (only the vector is kept), so the pairs are read from the vector's positions
  into a table of their own, `petition_search_pairs`, with its GIN index (beside the words in the same vector
  they doubled the rows a search walks).
The vocabulary (`search_word`: every word the index holds) is filled from the index itself; the search box reads
the words a last word typed begins from it, to ask the index for those words rather than for a prefix.
Measured at 1,000,000 items in docs/DEPLOY.md; recording waits meanwhile.
"""
from itertools import pairwise

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e6d2a8f4b1c9'
down_revision = 'c3f1a7d9e5b2'
branch_labels = None
depends_on = None

BATCH = 5000

# Frozen copies of app/models/petition.py's search DDL (a migration keeps the schema of its day).
SQLITE_TRIGGERS = ("petition_search_ai", "petition_search_ad", "petition_search_au")
SQLITE_OLD = (
    "CREATE VIRTUAL TABLE petition_search_fts USING fts5(body, content='petition_search', "
    "content_rowid='petition_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER petition_search_ai AFTER INSERT ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(rowid, body) VALUES (new.petition_id, new.body); END",
    "CREATE TRIGGER petition_search_ad AFTER DELETE ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(petition_search_fts, rowid, body) VALUES ('delete', old.petition_id, old.body); "
    "END",
    "CREATE TRIGGER petition_search_au AFTER UPDATE ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(petition_search_fts, rowid, body) VALUES ('delete', old.petition_id, old.body); "
    "INSERT INTO petition_search_fts(rowid, body) VALUES (new.petition_id, new.body); END",
)
SQLITE_NEW = (
    "CREATE VIRTUAL TABLE petition_search_fts USING fts5(body, pairs, content='petition_search', "
    "content_rowid='petition_id', tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\")",
    "CREATE TRIGGER petition_search_ai AFTER INSERT ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(rowid, body, pairs) VALUES (new.petition_id, new.body, new.pairs); END",
    "CREATE TRIGGER petition_search_ad AFTER DELETE ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(petition_search_fts, rowid, body, pairs) "
    "VALUES ('delete', old.petition_id, old.body, old.pairs); END",
    "CREATE TRIGGER petition_search_au AFTER UPDATE ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(petition_search_fts, rowid, body, pairs) "
    "VALUES ('delete', old.petition_id, old.body, old.pairs); "
    "INSERT INTO petition_search_fts(rowid, body, pairs) VALUES (new.petition_id, new.body, new.pairs); END",
)
SQLITE_VOCAB = "CREATE VIRTUAL TABLE petition_search_fts_vocab USING fts5vocab(petition_search_fts, 'row')"
SQLITE_REBUILD = "INSERT INTO petition_search_fts(petition_search_fts) VALUES ('rebuild')"

POSTGRES_PAIRS_TABLE = (
    "CREATE TABLE petition_search_pairs (petition_id integer PRIMARY KEY "
    "REFERENCES petition (id) ON DELETE CASCADE, pairs tsvector NOT NULL)")
POSTGRES_PAIRS_INDEX = "CREATE INDEX ix_petition_search_pairs ON petition_search_pairs USING gin (pairs)"
# The vocabulary (search_word): every word the index holds, cut to 100 characters, pairs and numbers left out.
SQLITE_WORDS = ("INSERT OR IGNORE INTO search_word (word) SELECT substr(term, 1, 100) FROM petition_search_fts_vocab "
                "WHERE instr(term, '_') = 0 AND term GLOB '*[^0-9]*'")
POSTGRES_WORDS = ("INSERT INTO search_word (word) SELECT DISTINCT left(word, 100) "
                  "FROM ts_stat('SELECT body_tsv FROM petition_search') WHERE word !~ '^[0-9]+$' "
                  "ON CONFLICT DO NOTHING")
POSTGRES_FUNCTION_NEW = (  # the pairs are written to their table by the index writer; the column stays empty
    "CREATE OR REPLACE FUNCTION petition_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.body <> '' THEN NEW.body_tsv := to_tsvector('simple'::regconfig, NEW.body); NEW.body := ''; "
    "ELSIF NEW.body_tsv IS NULL THEN NEW.body_tsv := ''::tsvector; END IF; NEW.pairs := ''; RETURN NEW; END $$")
POSTGRES_FUNCTION_OLD = (
    "CREATE OR REPLACE FUNCTION petition_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.body <> '' THEN NEW.body_tsv := to_tsvector('simple'::regconfig, NEW.body); NEW.body := ''; "
    "ELSIF NEW.body_tsv IS NULL THEN NEW.body_tsv := ''::tsvector; END IF; RETURN NEW; END $$")
# Each word at position p followed by the word at p + 1 (the vector of `to_tsvector('simple', text)` numbers the
# words 1, 2, 3, ... as the text has them; positions past 16,383 are all 16,383 and give no pair, as they give no
# phrase either).
POSTGRES_PAIRS = (
    "INSERT INTO petition_search_pairs (petition_id, pairs) SELECT petition_id, array_to_tsvector(ARRAY("
    "SELECT DISTINCT '_' || word || '_' || next_word FROM (SELECT word, pos, lead(word) OVER w AS next_word, "
    "lead(pos) OVER w AS next_pos FROM unnest(body_tsv) AS u(word, positions, weights), unnest(u.positions) AS pos "
    "WINDOW w AS (ORDER BY pos)) AS words WHERE next_pos = pos + 1)) FROM petition_search")


def _sqlite_pairs() -> None:
    """Each row's pairs from its text, in batches (the words are the text's tokens, space-separated); the text
    is written again with single spaces, which a phrase search now reads (an older row could hold two where an
    empty part of the item stood)."""
    conn, last = op.get_bind(), 0
    while True:
        rows = conn.execute(sa.text("SELECT petition_id, body FROM petition_search WHERE petition_id > :last "
                                    "ORDER BY petition_id LIMIT :batch"), {"last": last, "batch": BATCH}).all()
        if not rows:
            return
        conn.execute(sa.text("UPDATE petition_search SET body = :body, pairs = :pairs WHERE petition_id = :pid"), [
            {"pid": pid, "body": " ".join(words),
             "pairs": " ".join(dict.fromkeys(f"_{a}_{b}" for a, b in pairwise(words)))}
            for pid, words in ((pid, (body or "").split()) for pid, body in rows)])
        last = rows[-1][0]


def _sqlite_drop_fts() -> None:
    # First: the triggers would re-index every row the pairs' update touches, and a batch rewrite of the table
    # would drop them anyway.
    for name in SQLITE_TRIGGERS:
        op.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
    op.execute("DROP TABLE IF EXISTS petition_search_fts_vocab")
    op.execute("DROP TABLE IF EXISTS petition_search_fts")


def _sqlite_create_fts(statements: tuple[str, ...]) -> None:
    for statement in statements:
        op.execute(statement)
    op.execute(SQLITE_VOCAB)
    op.execute(SQLITE_REBUILD)


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if not postgres:
        _sqlite_drop_fts()
    with op.batch_alter_table('petition_search', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pairs', sa.Text(), nullable=False, server_default=''))
    op.create_table('search_word',
    sa.Column('word', sa.String(length=100).with_variant(sa.String(length=100, collation='C'), 'postgresql'),
              nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_word'))
    )
    if postgres:
        op.execute(POSTGRES_PAIRS_TABLE)
        op.execute(POSTGRES_PAIRS)
        op.execute(POSTGRES_PAIRS_INDEX)
        op.execute(POSTGRES_FUNCTION_NEW)
        op.execute(POSTGRES_WORDS)
    else:
        _sqlite_pairs()
        _sqlite_create_fts(SQLITE_NEW)
        op.execute(SQLITE_WORDS)


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(POSTGRES_FUNCTION_OLD)
        op.execute("DROP TABLE IF EXISTS petition_search_pairs")
    else:
        _sqlite_drop_fts()
    op.drop_table('search_word')
    with op.batch_alter_table('petition_search', schema=None) as batch_op:
        batch_op.drop_column('pairs')
    if not postgres:
        _sqlite_create_fts(SQLITE_OLD)
