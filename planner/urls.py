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
from flask_babel import gettext as _


def site_root() -> str:
    """ "https://planner.example.org": the installation's own address, from the configuration."""
    return f"{current_app.config['PREFERRED_URL_SCHEME']}://{current_app.config['PUBLIC_HOST']}"


def absolute_url(endpoint: str, **values) -> str:
    """The absolute URL of a route, on the configured host (works outside requests too)."""
    if has_request_context():
        return site_root() + url_for(endpoint, **values)
    with current_app.test_request_context("/", base_url=site_root()):
        return site_root() + url_for(endpoint, **values)


def site_name() -> str:
    """The site's name in its header and share previews: SITE_NAME as the operator wrote it, or the
    planner's own name in the reader's language."""
    return current_app.config.get("SITE_NAME") or _("Secretariat planner")


def site_emblem(external: bool = False) -> str:
    """The emblem in the site's header and in share previews without an event logo: SITE_EMBLEM_URL
    (a path on this site), or the planner's own globe, a PNG because share previews do not show SVG.
    Not the UN emblem, whose use the UN restricts."""
    path = current_app.config.get("SITE_EMBLEM_URL") or url_for("static", filename="emblem.png")
    return site_root() + path if external else path
