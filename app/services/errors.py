"""Domain errors raised by services; the edges turn them into messages and HTTP status codes."""
from __future__ import annotations


class DomainError(Exception):
    """Base: `message` is for the user, in Vietnamese; `status` is the HTTP code an edge should answer."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class InvalidData(DomainError):
    status = 400


class Conflict(DomainError):
    """An illegal move for the current state, or someone else changed the record first."""

    status = 409
