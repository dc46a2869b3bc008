"""The Flask extensions, created unbound here and bound to the app in create_app()."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from workflows import collation

# Named constraints so Alembic can alter them on every backend (SQLite batch mode included).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: Iterable[str], negate: bool = False) -> str:
    """The SQL of a CHECK constraint (or an index's WHERE) keeping `column` within, or outside, a fixed vocabulary:
    every model writes its vocabularies' CHECKs with it, so the lists are built one way."""
    return f"{column}{' NOT' if negate else ''} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()


@event.listens_for(Engine, "connect")
def _vietnamese_collation(dbapi_connection, connection_record):  # noqa: ARG001 - SQLAlchemy's signature
    """SQLite learns the Vietnamese order as collation "vi" (PostgreSQL has ICU's "vi-x-icu" built in)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_collation("vi", collation.compare)
