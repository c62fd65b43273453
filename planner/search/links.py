"""Where a hit links to: a session's or a person's own page when the app has one, else the session
on its event's programme (`/events/<slug>#session-<id>`, which every published session has).

Why the check: the session and person pages (`agenda_pages.session`, `agenda_pages.person`:
`/events/<slug>/sessions/<id>`, `/people/<id>`) are being added beside this package; asking the
app which endpoints exist when the page is built keeps every link working before and after.
"""

from __future__ import annotations

from flask import current_app, url_for

SESSION_PAGE = "agenda_pages.session"
PERSON_PAGE = "agenda_pages.person"


def session_url(slug: str, session_id: int) -> str:
    if SESSION_PAGE in current_app.view_functions:
        return url_for(SESSION_PAGE, slug=slug, session_id=session_id)
    return url_for("events.show", slug=slug, _anchor=f"session-{session_id}")


def person_url(person_id: int, slug: str, session_id: int) -> str:
    """The person's page, else their first published session (`slug`, `session_id`) on its programme."""
    if PERSON_PAGE in current_app.view_functions:
        return url_for(PERSON_PAGE, person_id=person_id)
    return session_url(slug, session_id)
