"""Counting what a piece of code asks the database: the SQL statements the engine sends while active, with their
parameters (a before_cursor_execute listener). Tests of flat cost compare these between data sets of two sizes."""
from __future__ import annotations

from sqlalchemy import event

from app.extensions import db


class Statements:
    """`with Statements() as seen:` ... `seen.n`, `seen.sent` (statement, parameters), `seen.matching(text)`."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, object]] = []

    @property
    def n(self) -> int:
        return len(self.sent)

    def matching(self, fragment: str) -> list[str]:
        """The statements whose SQL holds `fragment`."""
        return [statement for statement, _ in self.sent if fragment in statement]

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ARG002
        self.sent.append((statement, parameters))

    def __enter__(self) -> Statements:
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(db.engine, "before_cursor_execute", self)
