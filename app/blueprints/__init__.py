"""Blueprints: thin HTTP rooms by area (authorize, validate, call one service, commit, respond).

A room with several route modules is a package whose `__init__` holds its Blueprint (and its guard); its
route modules attach their views to it when imported here, before the blueprint is registered. So no
package imports its route modules back, and this table is the one list of every room's pages.
"""
from __future__ import annotations

from importlib import import_module

from flask import Flask

# room (module or package under app/blueprints) -> its route modules
ROOMS: dict[str, tuple[str, ...]] = {
    "main": (),
    "auth": ("pages",),
    "petitions": ("pages", "actions", "files"),
    "intake": ("meetings", "petitions", "imports", "duplicates"),
    "committee": ("boards",),
    "agency": (),
    "notifications": ("pages",),
    "ops": ("pages",),
    "reports": ("pages",),
    "admin": ("pages", "users", "organisation", "schedule"),
    "account": ("pages",),
}


def register_blueprints(app: Flask) -> None:
    for room, route_modules in ROOMS.items():
        for name in route_modules:
            import_module(f"app.blueprints.{room}.{name}")
        app.register_blueprint(import_module(f"app.blueprints.{room}").bp)
