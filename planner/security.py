"""Security headers on every response, and the session cookie's flags.

The Content-Security-Policy allows scripts and styles from this site only: templates carry no
inline script, no `style=` attribute and no event-handler attribute, and the little JavaScript
there is lives in /static. The session cookie is HttpOnly and SameSite=Lax always, and Secure
whenever the request came over HTTPS (or always, with SESSION_COOKIE_SECURE=1 behind a proxy
that does not say so).

Behind a reverse proxy that terminates TLS, set FORWARDED_PROXIES to the number of proxies in
front of the app: their X-Forwarded-For/-Proto/-Host headers are then trusted, so cookies are
marked Secure and failed sign-ins are counted per real client address, not per proxy.
"""

from __future__ import annotations

import os

from flask import Flask, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from planner.config import ConfigError

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
}

# Sent only on responses to HTTPS requests (directly, or through a proxy trusted by
# FORWARDED_PROXIES that says so): browsers ignore it over plain HTTP, and a development server on
# http://localhost must not teach the browser to insist on HTTPS there. Two years, subdomains too.
HSTS = "max-age=63072000; includeSubDomains"


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, marked Secure per request when served over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure

    def save_session(self, app: Flask, session, response) -> None:
        """As Flask's, but a response marked `Cache-Control: public` (the calendar feeds) keeps
        no `Vary: Cookie`: it is the same for everyone, and Flask-Login reading the session on
        every request would otherwise stop shared caches from keeping it."""
        super().save_session(app, session, response)
        if response.cache_control.public:
            response.vary.discard("Cookie")


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


csrf = CSRFProtect()

# Flask-WTF's reasons for refusing a form (English only there), marked here for translation.
CSRF_REASONS = {
    "The CSRF token is missing.": _l("The CSRF token is missing."),
    "The CSRF session token is missing.": _l("The CSRF session token is missing."),
    "The CSRF token has expired.": _l("The CSRF token has expired."),
    "The CSRF token is invalid.": _l("The CSRF token is invalid."),
    "The CSRF tokens do not match.": _l("The CSRF tokens do not match."),
    "The referrer header is missing.": _l("The referrer header is missing."),
    "The referrer does not match the host.": _l("The referrer does not match the host."),
}


def forwarded_proxies(environ=os.environ) -> int:
    raw = environ.get("FORWARDED_PROXIES", "0").strip() or "0"
    if not raw.isdigit():
        raise ConfigError(f"FORWARDED_PROXIES: {raw!r} is not a number of proxies (0, 1, 2...)")
    return int(raw)


def init_app(app: Flask) -> None:
    """CSRF on every POST of the app, the session cookie's flags and the security headers."""
    if proxies := forwarded_proxies():
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    csrf.init_app(app)

    @app.errorhandler(CSRFError)
    def form_expired(error):
        reason = CSRF_REASONS.get(error.description, error.description)
        return render_template("form_expired.html", reason=reason), 400

    if _env_flag("SESSION_COOKIE_SECURE"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.session_interface = SessionInterface()

    @app.after_request
    def _security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
