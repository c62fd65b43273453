"""Driving forms the way a browser does: fetch the page, take its CSRF token, post it back.

CSRF stays on in tests. The app is served as https (PREFERRED_URL_SCHEME), where Flask-WTF also
checks that the Referer is this site, as a browser would send it.
"""

from __future__ import annotations

import html
import re

BASE = "https://localhost"
PASSWORD = "a long enough password"


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert match, "the page has no csrf_token field"
    return match.group(1)


def post_form(client, form_url: str, data: dict, action: str | None = None, **kwargs):
    """GET `form_url`, then POST `data` with its CSRF token to `action` (default: the same URL)."""
    page = client.get(form_url).get_data(as_text=True)
    return client.post(
        action or form_url,
        data={"csrf_token": csrf_token(page), **data},
        headers={"Referer": BASE + form_url},
        **kwargs,
    )


def sign_in(client, email: str, password: str = PASSWORD, **kwargs):
    return post_form(client, "/login", {"email": email, "password": password}, **kwargs)


def field_value(page: str, name: str) -> str | None:
    """The value an <input name=...> shows (unescaped), or None when it has no value attribute."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert tag, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None


def field_error(page: str, field_id: str) -> str | None:
    """The error text shown beside a field, when the input points at it with aria-describedby."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    if not match:
        return None
    assert re.search(rf'aria-describedby="[^"]*\b{re.escape(field_id)}-error\b', page), (
        "the error is not linked to its input"
    )
    return html.unescape(match.group(1)).strip()


def post_confirmed(client, form_url: str, data: dict, action: str | None = None, **decisions):
    """Submit a change that asks for confirmation (planner.events.changes): the first POST shows
    the preview and must save nothing; the second confirms the change it previewed."""
    first = post_form(client, form_url, data, action=action)
    assert first.status_code == 200, first.status_code
    digest = field_value(first.get_data(as_text=True), "confirmed")
    assert digest, "the preview has no confirmation"
    return post_form(client, form_url, {**data, "confirmed": digest, **decisions}, action=action)
