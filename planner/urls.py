"""Absolute links (e-mails, feeds, the API, QR codes) from the configuration, never the request.

Why: a link built from the request's `Host` header lets anyone who sends a forged header write
their own host into the mail the app sends to somebody else (a password-reset style takeover of
private links). Every absolute link is therefore PREFERRED_URL_SCHEME + "://" + PUBLIC_HOST +
the route's path, the same in a request, a CLI command or the mail sender. `make run` sets
PUBLIC_HOST to 127.0.0.1:<port> and the scheme to http, so links work on the developer's machine.
Requests whose Host is not trusted (TRUSTED_HOSTS, see planner.config) are refused with a 400
before any view runs.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def site_root() -> str:
    """ "https://planner.example.org": the installation's own address, from the configuration."""
    return f"{current_app.config['PREFERRED_URL_SCHEME']}://{current_app.config['PUBLIC_HOST']}"


def absolute_url(endpoint: str, **values) -> str:
    """The absolute URL of a route, on the configured host (works outside requests too)."""
    if has_request_context():
        return site_root() + url_for(endpoint, **values)
    with current_app.test_request_context("/", base_url=site_root()):
        return site_root() + url_for(endpoint, **values)
