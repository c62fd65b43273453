"""/api/v1/: read-only JSON for other systems.

The URLs and the JSON's fields are a contract: other systems rely on them (README "JSON API"),
so they change only by adding; anything else needs a /api/v2/.

Only what the public pages show: published events (dated or to be scheduled), published
sessions, imported resolutions and the symbols links name. Errors under /api/ are JSON too
(see planner.create_app), never an HTML page, so a client can always parse the answer.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from sqlmodel import select

from planner.agenda.queries import published_sessions
from planner.api import serializers
from planner.db import get_session
from planner.events.models import Event, EventKind, EventSeries, EventStatus
from planner.events.queries import published_event_or_404
from planner.mandates import queries as mandates
from planner.mandates.links import references_for_events, references_for_sessions

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _abort(status: int, message: str):
    abort(status, description=message)


def _cacheable(payload):
    response = jsonify(payload)
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response


@bp.get("/events")
def events():
    session = get_session()
    where = [Event.published.is_(True)]
    kind, status, series_slug = (request.args.get(k) for k in ("kind", "status", "series"))
    if kind is not None:
        if kind not in set(EventKind):
            _abort(400, f"Unknown kind {kind!r}; use one of: {', '.join(EventKind)}.")
        where.append(Event.kind == kind)
    if status is not None:
        if status not in set(EventStatus):
            _abort(400, f"Unknown status {status!r}; use one of: {', '.join(EventStatus)}.")
        where.append(Event.status == status)
    series = {s.id: s.slug for s in session.exec(select(EventSeries))}
    if series_slug is not None:
        ids = [i for i, slug in series.items() if slug == series_slug]
        if not ids:
            _abort(404, f"There is no event series {series_slug!r}.")
        where.append(Event.series_id == ids[0])
    undated_last = Event.starts_at.is_(None)
    rows = session.exec(select(Event).where(*where).order_by(undated_last, Event.starts_at, Event.title)).all()
    refs = references_for_events(session, [e.id for e in rows])
    return _cacheable({"events": [serializers.event(e, series.get(e.series_id), refs.get(e.id, [])) for e in rows]})


@bp.get("/events/<slug>")
def event(slug: str):
    session = get_session()
    item = published_event_or_404(slug)
    series = session.get(EventSeries, item.series_id) if item.series_id else None
    payload = serializers.event(
        item, series.slug if series else None, references_for_events(session, [item.id]).get(item.id, [])
    )
    payload["sessions"] = _sessions(item)
    return _cacheable(payload)


@bp.get("/events/<slug>/sessions")
def sessions(slug: str):
    return _cacheable({"sessions": _sessions(published_event_or_404(slug))})


def _sessions(item: Event) -> list[dict]:
    session = get_session()
    rows = published_sessions(session, [item.id]).get(item.id, [])
    refs = references_for_sessions(session, [s.id for s in rows])
    return [serializers.session(s, refs.get(s.id, [])) for s in rows]


@bp.get("/mandates")
def resolutions():
    return _cacheable(
        {
            "mandates": [
                {
                    "symbol": r.symbol,
                    "title": r.title,
                    "imported": r.imported,
                    "adopted_on": r.adopted_on.isoformat() if r.adopted_on else None,
                    "linked_items": r.implemented_by,
                }
                for r in mandates.list_resolutions(get_session())
            ]
        }
    )


@bp.get("/mandates/<slug>")
def resolution(slug: str):
    session = get_session()
    found = mandates.find_resolution(session, slug)
    if found is None:
        _abort(404, f"No resolution with the symbol {slug.replace('-', '/')} is imported.")
    view = mandates.mandate_view(session, found)
    return _cacheable(
        {
            "symbol": found.symbol,
            "title": found.title,
            "body": found.body,
            "adopted_on": found.adopted_on.isoformat() if found.adopted_on else None,
            "paragraphs": [_paragraph(pv) for pv in view.preambular + view.operative],
        }
    )


def _paragraph(pv) -> dict:
    p = pv.paragraph
    return {
        "kind": p.kind,
        "number": p.number,
        "anchor": p.anchor,
        "opening": p.opening,
        "text": p.text,
        "implemented_by": [_implementation(i) for i in pv.implementations],
    }


def _implementation(item) -> dict:
    if item.agenda_session is not None:
        return {
            "role": item.role,
            "type": "session",
            "id": item.agenda_session.id,
            "title": item.agenda_session.title,
            "event": item.event.slug,
        }
    if item.event is not None:
        return {
            "role": item.role,
            "type": "event",
            "slug": item.event.slug,
            "title": item.event.title,
            "status": item.event.status,
        }
    return {
        "role": item.role,
        "type": "deadline",
        "title": item.deadline.title,
        "due_on": item.deadline.due_on.isoformat() if item.deadline.due_on else None,
        "status": item.deadline.status,
    }
