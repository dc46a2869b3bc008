"""What comes in from outside, made safe once at the edge: every query and form value without control
characters, path segments that cannot carry them, whole-number path parts bounded to the columns' range
(a larger id answers 404, like one that does not exist), and the client's address behind trusted proxies
(app.services.accounts.account_log.current_origin reads it)."""
from __future__ import annotations

from typing import Any

from flask import Flask, Request, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, UnicodeConverter

from app.services.text import MAX_INT, ascii_int, strip_unsafe

# Longest path segment any route takes (codes, hex ids, ISO days): a longer one is simply not found.
MAX_SEGMENT = 200


def _cleaned(value: Any) -> Any:
    return strip_unsafe(value) if isinstance(value, str) else value


class CleanMultiDict(ImmutableMultiDict):
    """Query and form values (and their names) without control characters; files pass untouched."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        pairs = mapping.items(multi=True) if hasattr(mapping, "items") and hasattr(mapping, "getlist") else (
            mapping.items() if isinstance(mapping, dict) else mapping)
        super().__init__([(_cleaned(k), _cleaned(v)) for k, v in pairs])


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict


class SafeStringConverter(UnicodeConverter):
    """The default `<name>` segment: no control or bidi characters, at most MAX_SEGMENT characters."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):  # noqa: A002 - Werkzeug's signature
        super().__init__(map, minlength, maxlength, length)
        size = f"{{{int(length)}}}" if length is not None else f"{{{int(minlength)},{int(maxlength or MAX_SEGMENT)}}}"
        self.regex = r"[^/\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]" + size


class BoundedIntConverter(IntegerConverter):
    """`<int:id>`: ASCII digits only, and never beyond what an INTEGER column holds."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        self.regex = r"-?[0-9]{1,10}" if signed else r"[0-9]{1,10}"


def arg_int(name: str, default: int | None = None, minimum: int = -MAX_INT, maximum: int = MAX_INT) -> int | None:
    """A whole number from the query string (ASCII digits, within bounds), else `default`: never a 500."""
    value = ascii_int(request.args.get(name, ""), minimum, maximum)
    return default if value is None else value


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: the converters are read when routes are added."""
    app.request_class = CleanRequest
    app.url_map.converters["default"] = SafeStringConverter
    app.url_map.converters["string"] = SafeStringConverter
    app.url_map.converters["int"] = BoundedIntConverter
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only as many X-Forwarded-* hops as there are proxies we run: a client cannot choose its address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
