"""Security headers on every response (one after_request, no library): a strict Content-Security-Policy with no
inline script or style (scripts and styles are files under /static), no framing, no MIME sniffing, no referrer
beyond this site, HSTS in production, and `Cache-Control: no-store` on everything but the static files, so an
item page, a report or an export never stays in a shared or back-button cache."""
from __future__ import annotations

from flask import Flask, Response, current_app, request

# Where CSP violations are reported (main.csp_report logs them; the browser tests assert there are none).
REPORT_PATH = "/csp-report"
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Bootstrap's stylesheet draws its small icons (menu, select arrows) as data: SVG images.
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "report-uri": REPORT_PATH,
}
CONTENT_SECURITY_POLICY = "; ".join(f"{k} {v}" for k, v in POLICY.items())
# Files that are the same for everyone may be cached; everything else is someone's data.
CACHEABLE_ENDPOINTS = frozenset({"static", "bootstrap.static"})


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Frame-Options"] = "DENY"  # for browsers older than frame-ancestors
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    hsts = current_app.config["HSTS_SECONDS"]
    if hsts:
        headers["Strict-Transport-Security"] = f"max-age={int(hsts)}; includeSubDomains"
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
        headers.pop("ETag", None)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
