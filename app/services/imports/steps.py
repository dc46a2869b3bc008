"""The import page's two steps, each one service call: check a sheet (after remembering the clerk's column mapping,
when one was sent), then confirm it (imported at once, or queued for the job process when large). The checked file
waits for the confirmation in `pending`, so the clerk never sends it twice; a sheet whose columns must first be
mapped is kept too, for the mapping page's answer."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from app.models import ImportRun, SheetImport, User
from app.services.errors import DomainError
from app.services.imports import importer, mappings, pending, runs
from app.services.imports.importer import ImportPlan

DEFAULT_NAME = "bang-tong-hop.xlsx"


@dataclass(frozen=True)
class Sheet:
    """The sheet a request is about: a file just sent, or the one kept when it was checked (`kept`: its key)."""

    name: str
    data: bytes
    kept: str = ""

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def uploaded(name: str, data: bytes) -> Sheet:
    return Sheet(name or DEFAULT_NAME, data)


def kept(sha: str, name: str) -> Sheet | None:
    """The sheet checked earlier, or None when it is gone (confirmed already, or cleared after a day)."""
    data = pending.load(sha)
    return None if data is None else Sheet(name or DEFAULT_NAME, data, sha)


@contextmanager
def _kept_for_mapping(sheet: Sheet) -> Iterator[None]:
    """A refusal that asks for the columns to be mapped keeps the file: the mapping page sends back its key."""
    try:
        yield
    except DomainError as error:
        book = getattr(error, "book", None)
        if book is not None and book.unmapped is not None:
            pending.keep(sheet.sha256, sheet.data)
        raise


def check(user: User, sheet: Sheet, options: dict, columns: dict[int, str] | None = None) -> ImportPlan:
    """Check the sheet, writing nothing but the column mapping the clerk chose (`columns`, remembered first for
    sheets of this shape, and kept even when the check then refuses: the caller commits it), and keep the file for
    the confirmation."""
    with _kept_for_mapping(sheet):
        if columns is not None:
            mappings.remember_for_sheet(user, sheet.data, options.get("sheet"), columns)
        plan = importer.plan(user, sheet.name, sheet.data, **options)
    pending.keep(plan.sha256, sheet.data)
    return plan


def confirm(user: User, sheet: Sheet, options: dict) -> ImportRun | SheetImport:
    """Import every row or none (flushes; the caller commits), or queue a large sheet for the job process."""
    with _kept_for_mapping(sheet):
        if runs.should_queue(sheet.data):
            return runs.submit(user, sheet.name, sheet.data, options)
        done = importer.run(user, sheet.name, sheet.data, **options)
    if sheet.kept:
        pending.discard(sheet.kept)
    return done
