"""Small SQL pieces that SQLite and PostgreSQL spell differently: a stored UTC timestamp's local date, a date kept
as ISO text inside the event log's JSON."""
from __future__ import annotations

from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class local_date(FunctionElement):  # noqa: N801 - used like an SQL function
    """The calendar date of a naive-UTC timestamp shifted by `minutes` (the council's offset from UTC)."""

    type = Date()
    inherit_cache = True
    name = "local_date"

    def __init__(self, timestamp: ColumnElement, minutes: int):
        self.minutes = int(minutes)
        super().__init__(timestamp)


@compiles(local_date, "sqlite")
def _local_date_sqlite(element, compiler, **kw):
    (arg,) = element.clauses
    return f"date({compiler.process(arg, **kw)}, '{element.minutes:+d} minutes')"


@compiles(local_date, "postgresql")
def _local_date_pg(element, compiler, **kw):
    (arg,) = element.clauses
    return f"CAST({compiler.process(arg, **kw)} + INTERVAL '{element.minutes} minutes' AS DATE)"


class json_date(FunctionElement):  # noqa: N801
    """An ISO date stored as text in JSON, comparable with date columns and parameters on both databases."""

    type = Date()
    inherit_cache = True
    name = "json_date"


@compiles(json_date, "sqlite")
def _json_date_sqlite(element, compiler, **kw):
    # SQLite keeps dates as ISO text: the text itself compares correctly, and CAST would turn it into a number.
    (arg,) = element.clauses
    return compiler.process(arg, **kw)


@compiles(json_date, "postgresql")
def _json_date_pg(element, compiler, **kw):
    (arg,) = element.clauses
    return f"CAST({compiler.process(arg, **kw)} AS DATE)"


def json_text(column, key: str) -> ColumnElement:
    return column[key].as_string()


def json_int(column, key: str) -> ColumnElement:
    return column[key].as_integer()


class days_between(FunctionElement):  # noqa: N801
    """Whole calendar days from the second date to the first."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    later, earlier = element.clauses
    return f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_pg(element, compiler, **kw):
    later, earlier = element.clauses
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"
