"""Checked sheets waiting for the clerk's confirmation, kept under UPLOAD_DIR/imports by their SHA-256
(so two files are never mixed up); files checked but never confirmed are removed after a day."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from app import clock

KEEP_SECONDS = 24 * 3600


def _path(sha: str) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "imports" / f"{sha}.xlsx"


def keep(sha: str, data: bytes) -> None:
    """Keep the checked file for the confirmation, clearing out the stale ones on the way."""
    folder = _path(sha).parent
    folder.mkdir(parents=True, exist_ok=True)
    stale = clock.now().timestamp() - KEEP_SECONDS
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    _path(sha).write_bytes(data)


def load(sha: str) -> bytes | None:
    """The kept file's bytes, or None when it is gone (confirmed already, or cleared)."""
    path = _path(sha)
    return path.read_bytes() if path.is_file() else None


def discard(sha: str) -> None:
    _path(sha).unlink(missing_ok=True)
