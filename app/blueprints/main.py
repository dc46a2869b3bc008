"""The landing page and the health check."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Petition
from app.services import deadlines

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    counts = dict(db.session.execute(select(Petition.status, func.count()).group_by(Petition.status)).all())
    overdue = db.session.scalar(select(func.count()).select_from(Petition).where(deadlines.overdue_clause()))
    return render_template("main/index.html", counts=counts, total=sum(counts.values()), overdue=overdue)


@bp.get("/health")
def health():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
