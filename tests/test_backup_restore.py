"""Backups (docs/DEPLOY.md): deploy/backup.sh dumps a seeded database and its uploads; deploy/restore.sh restores them
into a new database, which then holds every row, passes /readyz and serves the restored attachment."""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import create_engine, inspect, select, text

from app import create_app
from app.extensions import db
from app.models import Attachment, Petition, User
from app.services.accounts.passwords import set_password
from app.services.petitions import attachments
from config import TestingConfig, normalise_database_url
from scripts import pg_test_db
from tests.factories import PASSWORD
from tests.processes import ROOT, environment, flask

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]


def minutes_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 760, "Bien ban tiep xuc cu tri phuong Ha Dong")
    page.save()
    return out.getvalue()


def seed_with_minutes(url: str, uploads: Path) -> tuple[int, str]:
    """The demo (as `flask seed-demo` makes it, with the suite's fast password hashing), and a PDF a clerk attaches
    to one of its recorded items: a row and a file under UPLOAD_DIR."""
    from app.demo.dataset import seed

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": str(uploads)})
    with app.app_context():
        seed()
        db.session.commit()
        clerk = db.session.scalar(select(User).where(User.username == "vanphong"))
        item = db.session.scalar(select(Petition).where(Petition.status == "recorded").order_by(Petition.id))
        row = attachments.attach(clerk, "bien-ban.pdf", minutes_pdf(), petition=item)
        db.session.commit()
        found = row.id, row.sha256
        db.session.remove()
        db.engine.dispose()
    return found


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            return {name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar() for name in names}
    finally:
        engine.dispose()


def script(name: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "deploy" / name), *args], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.timeout(300)
def test_a_backup_restores_into_a_new_database_with_every_row_and_file(fresh_database_url, tmp_path):
    url, shared = fresh_database_url, tmp_path / "shared"
    env = environment(url, shared, INSTANCE_PATH=str(tmp_path / "instance"))
    flask(env, "init-db")
    file_id, digest = seed_with_minutes(url, shared / "uploads")
    before = row_counts(url)
    assert before["petition"] > 0 and before["attachment"] == 1 and before["alembic_version"] == 1

    backups = tmp_path / "backups"
    made = script("backup.sh", env={"DATABASE_URL": url, "BACKUP_DIR": str(backups),
                                    "UPLOAD_DIR": str(shared / "uploads")})
    assert made.returncode == 0, made.stderr
    dump = Path(made.stdout.strip())
    assert dump.is_file() and dump.parent == backups and dump.name.endswith(".dump")
    tarballs = list(backups.glob("uploads-*.tar.gz"))
    assert len(tarballs) == 1 and not list(backups.glob("*.part"))

    admin = pg_test_db.admin_url_next_to(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    name = f"kn_restored_{uuid.uuid4().hex[:8]}"
    target = pg_test_db.create(name, admin)
    try:
        restored_uploads = tmp_path / "restored-uploads"
        done = script("restore.sh", str(dump), target, str(tarballs[0]), str(restored_uploads), env={})
        assert done.returncode == 0, done.stderr
        assert row_counts(target) == before
        assert hashlib.sha256(next(restored_uploads.iterdir()).read_bytes()).hexdigest() == digest

        # The restored deployment is ready and serves the restored file to a person who signs in.
        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": target, "UPLOAD_DIR": str(restored_uploads)})
        with app.app_context():
            set_password(db.session.scalar(select(User).where(User.username == "vanphong")), PASSWORD)
            assert db.session.get(Attachment, file_id).sha256 == digest
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        assert client.get("/readyz").get_json() == {"status": "ok", "database": "ok", "migrations": "current"}
        assert client.post("/auth/login", data={"username": "vanphong", "password": PASSWORD}).status_code == 302
        with client.get(f"/petitions/files/{file_id}") as served:  # a file response: closed when read
            assert served.status_code == 200 and hashlib.sha256(served.data).hexdigest() == digest

        # Restoring over a database that has tables is refused, so a slip cannot mix two databases.
        again = script("restore.sh", str(dump), target, env={})
        assert again.returncode == 1 and "refusing" in again.stderr
        with app.app_context():
            db.engine.dispose()
    finally:
        pg_test_db.drop(name, admin)
