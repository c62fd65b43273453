"""Readable, unique URL slugs for events created by the app (e.g. from a mandate suggestion)."""

from __future__ import annotations

import re
import unicodedata

from sqlmodel import Session, select

from planner.events.models import Event

MAX_LENGTH = 60


def slugify(text: str) -> str:
    """ "Eighth annual Global South-South Development Expo" -> "eighth-annual-global-south-south-development-expo"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0]
    return slug or "event"


def unique_slug(session: Session, text: str) -> str:
    """`slugify(text)`, with "-2", "-3"... appended while another event already uses it."""
    base = slugify(text)
    taken = set(session.exec(select(Event.slug).where(Event.slug.startswith(base))).all())
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
