"""Helpers for the workflow page tests: sign in as a user, post an action form with its prefix."""
from __future__ import annotations

from app.extensions import db
from tests.factories import PASSWORD


def login_as(client, user):
    # The test client shares the test's app context and session: commit what the builder made, so a
    # view's rollback after a refused action cannot take the test data with it.
    db.session.commit()
    client.post("/auth/logout")
    response = client.post("/auth/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "login failed"
    return client


def act(client, petition, action, **fields):
    """POST one lifecycle action form the way the detail page does (fields carry the action prefix)."""
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data.setdefault(f"{action}-version", str(petition.version))
    return client.post(f"/petitions/{petition.code}/{action}", data=data)
