"""Plain dicts for the JSON API: instants in UTC (ISO 8601 with Z), local days, the event's zone.

Clients get both the exact instants and the event's own zone and days, so none of them has to
guess how "20–22 March 2019, Buenos Aires" maps to UTC.
"""

from __future__ import annotations

from datetime import datetime

from planner.mandates.links import MandateReference
from planner.urls import absolute_url


def instant(moment: datetime | None) -> str | None:
    """ "2019-03-20T13:00:00Z" (stored instants are always UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def references(refs: list[MandateReference]) -> list[dict]:
    return [
        {
            "symbol": ref.symbol,
            "paragraphs": [p.number for p in ref.paragraphs],
            "label": ref.label,
            "url": absolute_url("mandates.show", slug=ref.slug) if ref.imported else None,
        }
        for ref in refs
    ]


def event(item, series_slug: str | None, refs: list[MandateReference]) -> dict:
    return {
        "slug": item.slug,
        "title": item.title,
        "kind": item.kind,
        "status": item.status,
        "series": series_slug,
        "edition": item.edition,
        "timezone": item.timezone,
        "all_day": item.all_day,
        "recurrence": item.recurrence,
        "starts_at": instant(item.starts_at),
        "ends_at": instant(item.ends_at),
        "first_day": item.first_day.isoformat() if item.first_day else None,
        "last_day": item.last_day.isoformat() if item.last_day else None,
        "city": item.city,
        "country": item.country,
        "host": item.host,
        "theme": item.theme,
        "description": item.description,
        "sequence": item.sequence,
        "updated_at": instant(item.updated_at),
        "url": absolute_url("events.show", slug=item.slug),
        "calendar_url": absolute_url("calendar.event_feed", slug=item.slug) if item.is_dated else None,
        "mandates": references(refs),
    }


def session(item, refs: list[MandateReference]) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "starts_at": instant(item.starts_at),
        "ends_at": instant(item.ends_at),
        "room": item.room.name if item.room else None,
        "venue": item.venue.name if item.venue else None,
        "description": item.description,
        "sample": item.is_sample,
        "cancelled": item.cancelled,
        "sequence": item.sequence,
        "people": [{"role": role.role, "name": role.person.name} for role in item.roles],
        "mandates": references(refs),
    }
