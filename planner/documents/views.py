"""Public documents: an event's documents on its page (the `event_documents` template global,
section #documents), a session's own on the session page (`session_documents`), and each
document's file in a language. The events and agenda packages sit below documents, so their
templates ask for these globals, as they do for mandate references (planner.mandates.views).

A file is served by document id and language only, from a published event (a draft event's
documents are for those who may view it on the management side); a version given as a link
redirects there.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect
from flask_babel import gettext as _
from sqlmodel import select

from planner import pagecache
from planner.db import get_session
from planner.documents import files, queries
from planner.documents.models import Document
from planner.events.queries import EVENT_ID, EVENT_PAGE, published_event_or_404
from planner.i18n.languages import LANGUAGES

bp = Blueprint("documents", __name__)


@bp.app_template_global("event_documents")
def event_documents(event) -> list[queries.DocumentView]:
    """The event's documents with a file or link in some language (templates/events/show.html)."""
    return [view for view in queries.document_views(get_session(), event.id) if view.available]


@bp.app_template_global("session_documents")
def session_documents(agenda_session) -> list[queries.DocumentView]:
    """The documents serving one session (templates/agenda/session.html)."""
    views = queries.document_views(get_session(), agenda_session.event_id, session_id=agenda_session.id)
    return [view for view in views if view.available]


def _documents_fingerprint() -> list:
    """The documents the event page lists, for its fingerprint (planner.pagecache): every change
    to a document or what hangs off it sets the document's `updated_at`; a deletion changes the count."""
    return [select(*pagecache.count_and_newest(Document.id, Document.updated_at)).where(Document.event_id == EVENT_ID)]


bp.record_once(lambda state: pagecache.add_fingerprint(state.app, EVENT_PAGE, _documents_fingerprint))


@bp.get("/events/<slug>/documents/<int:document_id>/<language>")
def download(slug: str, document_id: int, language: str):
    event = published_event_or_404(slug)
    session = get_session()
    document = session.get(Document, document_id)
    version = queries.version_of(session, document_id, language) if language in LANGUAGES else None
    if document is None or document.event_id != event.id or version is None or not version.available:
        abort(404, description=_("This document has no file in this language."))
    if version.url:
        return redirect(version.url)
    return files.serve(document, version)
