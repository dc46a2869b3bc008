"""Helpers for the workflow page tests: post an action form with its prefix (sign in with the `auth` fixture)."""
from __future__ import annotations


def act(client, petition, action, **fields):
    """POST one lifecycle action form the way the detail page does (fields carry the action prefix)."""
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data.setdefault(f"{action}-version", str(petition.version))
    return client.post(f"/petitions/{petition.code}/{action}", data=data)
