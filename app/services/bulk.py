"""Writing many rows at once (ghi hàng loạt): an import's items, events, coordinating agencies and search rows.

On PostgreSQL a batch goes through COPY (psycopg 3's `cursor.copy`) on the session's own connection, inside its
transaction, so an import stays all or nothing; the ids that other tables need are drawn from the table's sequence
in one statement beforehand (`new_ids`), so the rows pointing at them can be written without reading anything
back. On SQLite (in process, no round trips) an executemany is as fast, and the caller reads the ids back.

Measured on a 10,000-row import (docs/PERFORMANCE.md): psycopg's pipelined executemany took about 5 s for the
items and 5 s for their 30,000 events on the shared server, COPY a fraction of that. A COPY bypasses SQLAlchemy's
statement events and its Python-side column defaults, so `insert_rows` fills those defaults itself, and a small
batch (an ordinary flush) keeps SQLAlchemy's INSERT.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import sql
from sqlalchemy import Table, insert, text
from sqlalchemy.engine import Connection

from app.extensions import db

COPY_FROM = 50  # rows: below this an INSERT costs no more, and stays visible to statement counters
# One statement for n ids, however many: nextval is safe against concurrent writers (each value is handed out once).
_NEW_IDS = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")


def _connection(conn: Connection | None) -> Connection:
    return conn if conn is not None else db.session.connection()


def new_ids(table: Table, n: int, conn: Connection | None = None) -> list[int] | None:
    """`n` fresh ids for `table`, ascending, taken from its sequence in one statement (PostgreSQL); None on SQLite,
    where the caller inserts without ids and reads them back."""
    conn = _connection(conn)
    if conn.dialect.name != "postgresql":
        return None
    if n <= 0:
        return []
    return sorted(conn.execute(_NEW_IDS, {"table": table.name, "n": n}).scalars())


def insert_rows(table: Table, rows: Sequence[dict[str, Any]], conn: Connection | None = None) -> None:
    """Insert `rows` (the same keys in each): COPY on PostgreSQL from COPY_FROM rows, else one executemany (on
    SQLite the driver's own executemany was measured no faster than SQLAlchemy's)."""
    if not rows:
        return
    conn = _connection(conn)
    if conn.dialect.name != "postgresql" or len(rows) < COPY_FROM:
        conn.execute(insert(table), list(rows))
        return
    columns, values = _prepared(conn, table, rows)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c.name) for c in columns))
    with conn.connection.dbapi_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)


def _prepared(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]):
    """The columns written and a generator of each row's values, converted as SQLAlchemy would bind them (JSON,
    dates, booleans); the columns the rows leave out get their Python-side defaults, once for the batch (the
    driver knows only the server's)."""
    columns = [c for c in table.c if c.name in rows[0] or (c.default is not None and (
        c.default.is_scalar or c.default.is_callable))]
    defaults = {c.name: c.default.arg if c.default.is_scalar else c.default.arg(None)
                for c in columns if c.name not in rows[0]}
    plan = [(c.name, c.name in rows[0], defaults.get(c.name), c.type.dialect_impl(conn.dialect).bind_processor(
        conn.dialect)) for c in columns]

    def values():
        for row in rows:
            out = []
            for name, given, default, convert in plan:
                value = row[name] if given else default
                # None goes through the processor too: a JSON column's None is JSON null, as an INSERT writes it.
                out.append(value if convert is None else convert(value))
            yield out

    return columns, values()
