"""Suggestions drawn from a resolution's paragraphs, and the secretariat's decision on each.

The parser and ask detection (planner.mandates.proposals) propose events and deadlines; nothing is created until a
person accepts one. A decision is stored by a stable key, so a suggestion once accepted or
dismissed stays decided when the page is reloaded or the text re-imported unchanged.

One event, many resolutions: a suggested event that matches an event already in the planner
(planner.mandates.matching) offers to link that event with the paragraph's role instead of
creating a new one; and an event a paragraph only refers back to ("Recalls the convening of ...",
planner.mandates.recalls) is suggested only when it matches one, for linking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import available_timezones

import pycountry
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.audit.trail import snapshot
from planner.db import transaction
from planner.events.models import Event, EventKind, EventStatus, Recurrence
from planner.events.slugs import slugify, unique_slug
from planner.formatting import date_long
from planner.mandates import deadlines
from planner.mandates.dates import find_date_phrases
from planner.mandates.links import add_link
from planner.mandates.matching import matches_of
from planner.mandates.models import (
    DatePrecision,
    Deadline,
    LinkRole,
    MandateLink,
    Paragraph,
    ParagraphKind,
    Resolution,
    SuggestionDecision,
)
from planner.mandates.proposals import Suggestion, suggest
from planner.mandates.recalls import referenced_events

# Where the office and the committee meet when a suggestion names no city.
DEFAULT_TIMEZONE = "America/New_York"


# Roles of a paragraph that refers back to an event held rather than asking for one: no open ask.
REFERENCE_ROLES = frozenset({LinkRole.RECALLS, LinkRole.ENDORSES_OUTCOME})


class SuggestionError(LookupError):
    """The suggestion is unknown or already decided; the message says which."""


@dataclass
class SuggestionView:
    key: str
    suggestion: Suggestion
    decision: SuggestionDecision | None = None
    covered_by: list[MandateLink] = field(default_factory=list)
    matches: list[Event] = field(default_factory=list)  # events in the planner it names
    reference: bool = False  # an event the paragraph refers back to (REFERENCE_ROLES), not an ask

    @property
    def is_open(self) -> bool:
        """An ask with nothing scheduled: not set aside, and no link of its kind on its paragraph
        to something dated or done (deadlines.counting_links). Accepting a suggestion is not
        enough: a briefing accepted as an event "to be scheduled" stays open until it has a day."""
        set_aside = self.decision is not None and self.decision.decision != "accepted"
        return not set_aside and not self.covered_by and not self.reference

    @property
    def anchor(self) -> str:
        return f"{ParagraphKind(self.suggestion.paragraph_kind).anchor_prefix}{self.suggestion.paragraph}"

    # --- labels for the review page, in the reader's language (the suggestion keeps the values) ---

    @property
    def target_label(self) -> str:
        return _("Event") if self.suggestion.target == "event" else _("Deadline")

    @property
    def kind_label(self) -> str | None:
        kind = self.suggestion.event_kind
        if not kind:
            return None
        return str(EventKind(kind).label) if kind in set(EventKind) else kind.replace("_", " ")

    @property
    def role_label(self) -> str:
        return LinkRole(self.suggestion.role).display

    @property
    def precision_label(self) -> str | None:
        precision = self.suggestion.precision
        return DatePrecision(precision).label if precision in set(DatePrecision) else precision

    @property
    def open_note(self) -> str:
        """ "(deadline, by 2017) — nothing scheduled yet": what the coverage list says of an open ask."""
        phrase = self.suggestion.phrase
        if self.suggestion.target == "event":
            return (
                _("(event, %(phrase)s) — nothing scheduled yet", phrase=phrase)
                if phrase
                else _("(event) — nothing scheduled yet")
            )
        return (
            _("(deadline, %(phrase)s) — nothing scheduled yet", phrase=phrase)
            if phrase
            else _("(deadline) — nothing scheduled yet")
        )

    @property
    def decision_summary(self) -> str | None:
        """ "Accepted by ana@example.org on 1 May 2024." as one sentence, or None if undecided."""
        if self.decision is None:
            return None
        values = dict(who=self.decision.decided_by, day=date_long(self.decision.decided_at))
        if self.decision.decision == "accepted":
            return _("Accepted by %(who)s on %(day)s.", **values)
        return _("Dismissed by %(who)s on %(day)s.", **values)


def suggestion_key(suggestion: Suggestion) -> str:
    prefix = ParagraphKind(suggestion.paragraph_kind).anchor_prefix
    return f"{prefix}{suggestion.paragraph}:{suggestion.target}:{slugify(suggestion.title)}"[:200]


def list_suggestions(session: Session, resolution: Resolution) -> list[SuggestionView]:
    """What the paragraphs propose, operative asks first, then the events referred back to that
    match an event in the planner; each with its decision, the links covering it and its matches."""
    paragraphs = session.exec(
        select(Paragraph)
        .where(Paragraph.resolution_id == resolution.id)
        .order_by(Paragraph.kind.desc(), Paragraph.number)
    ).all()
    decisions = {
        d.key: d
        for d in session.exec(select(SuggestionDecision).where(SuggestionDecision.resolution_id == resolution.id))
    }
    links = session.exec(select(MandateLink).where(MandateLink.resolution_symbol == resolution.symbol)).all()
    links = deadlines.counting_links(session, links)
    asks = suggest(paragraphs)
    asked = {(item.paragraph_kind, item.paragraph, item.title.casefold()) for item in asks}
    references = [
        item
        for item in referenced_events(paragraphs)
        if (item.paragraph_kind, item.paragraph, item.title.casefold()) not in asked
    ]
    items = [*asks, *references]
    held_before = [resolution.adopted_on if item.role in REFERENCE_ROLES else None for item in items]
    views = []
    for item, matches in zip(items, matches_of(session, list(zip(items, held_before, strict=True))), strict=True):
        key = suggestion_key(item)
        covering = [
            link
            for link in links
            if link.paragraph_kind == item.paragraph_kind
            and link.paragraph_number == item.paragraph
            and (link.event_id if item.target == "event" else link.deadline_id)
        ]
        if item in references and not matches and key not in decisions:
            continue  # nothing in the planner to link: a reference read here creates nothing
        views.append(SuggestionView(key, item, decisions.get(key), covering, matches, item.role in REFERENCE_ROLES))
    return views


def _find(session: Session, resolution: Resolution, key: str) -> SuggestionView:
    for view in list_suggestions(session, resolution):
        if view.key == key:
            if view.decision is not None:
                raise SuggestionError(
                    _("this suggestion was already accepted")
                    if view.decision.decision == "accepted"
                    else _("this suggestion was already dismissed")
                )
            return view
    raise SuggestionError(_("no such suggestion for this resolution (was the text re-imported?)"))


def accept(
    session: Session, resolution: Resolution, key: str, *, actor: str, existing_event: Event | None = None
) -> list[Event | Deadline]:
    """Create what the suggestion proposes (or link an existing event), linked to its paragraph;
    what is created and each link are recorded in the audit trail, in the same transaction."""
    view = _find(session, resolution, key)
    item = view.suggestion
    if existing_event is None and view.reference and view.matches:
        existing_event = view.matches[0]  # an event referred back to is linked, not made again
    with transaction(session, actor) as tx:
        if existing_event is not None:
            created: list[Event | Deadline] = []
            targets = [existing_event]
        elif item.target == "event":
            created = targets = [_new_event(session, item, n, resolution.adopted_on) for n in range(1, item.count + 1)]
        else:
            created = targets = [_new_deadline(session, item)]
        for target in targets:
            link = add_link(
                session,
                symbol=resolution.symbol,
                number=item.paragraph,
                role=item.role,
                event=target if isinstance(target, Event) else None,
                deadline=target if isinstance(target, Deadline) else None,
                kind=item.paragraph_kind,
            )
            tx.record(target, "link", None, {"paragraph_id": link.paragraph_id, "role": str(item.role)})
        first = targets[0]
        session.add(
            SuggestionDecision(
                resolution_id=resolution.id,
                key=key,
                decision="accepted",
                decided_by=actor,
                event_id=first.id if isinstance(first, Event) else None,
                deadline_id=first.id if isinstance(first, Deadline) else None,
            )
        )
        for item_created in created:
            tx.record(item_created, "created from suggestion", None, snapshot(item_created))
    return created


def dismiss(session: Session, resolution: Resolution, key: str, *, actor: str) -> None:
    _find(session, resolution, key)
    with transaction(session):
        session.add(SuggestionDecision(resolution_id=resolution.id, key=key, decision="dismissed", decided_by=actor))


def _new_event(session: Session, item: Suggestion, n: int, adopted_on: date | None) -> Event:
    title = item.title if item.count == 1 else f"{item.title} ({n} of {item.count})"
    event = Event(
        slug=unique_slug(session, title),
        title=title,
        kind=item.event_kind if item.event_kind in set(EventKind) else EventKind.MEETING,
        timezone=zone_for_city(item.city) or DEFAULT_TIMEZONE,
        city=item.city or "",
        country=country_code(item.host),
        host=item.host or "",
        theme=item.theme or "",
        description=_due_note(item),
    )
    observed_on = _observance_day(item, adopted_on)
    if observed_on:
        event.recurrence = Recurrence.YEARLY
        event.set_days(observed_on, observed_on)
        event.status = EventStatus.SCHEDULED
    elif item.start and item.end:
        event.set_days(item.start, item.end)
        event.status = EventStatus.SCHEDULED
    else:
        event.status = EventStatus.TO_BE_SCHEDULED
    session.add(event)
    session.flush()
    return event


def _observance_day(item: Suggestion, adopted_on: date | None) -> date | None:
    """A proclaimed day ("19 December") first falls on or after the resolution's adoption."""
    if item.event_kind != EventKind.OBSERVANCE or not item.phrase or not adopted_on:
        return None
    phrases = find_date_phrases(item.phrase, reference_year=adopted_on.year)
    if not phrases or phrases[0].precision != "day":
        return None
    day = phrases[0].start or phrases[0].due
    return day if day >= adopted_on else day.replace(year=day.year + 1)


def _new_deadline(session: Session, item: Suggestion) -> Deadline:
    deadline = Deadline(
        title=item.title,
        responsible=item.responsible or "",
        due_on=item.due,
        precision=item.precision,
        session=item.session,
        organ=item.organ or "",
        phrase=item.phrase or "",
    )
    session.add(deadline)
    session.flush()
    return deadline


def _due_note(item: Suggestion) -> str:
    if item.start or not item.due:
        return ""
    return f"Mandated {item.phrase} (due by {item.due:%d %B %Y})." if item.phrase else ""


def zone_for_city(city: str | None) -> str | None:
    """The IANA zone named after `city` ("Buenos Aires" -> "America/Argentina/Buenos_Aires")."""
    if not city:
        return None
    wanted = city.strip().replace(" ", "_").lower()
    matches = sorted(z for z in available_timezones() if z.rsplit("/", 1)[-1].lower() == wanted)
    return matches[0] if matches else None


def country_code(name: str | None) -> str | None:
    """ISO alpha-2 code of a country name ("Argentina" -> "AR"), or None if it is no country."""
    if not name:
        return None
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


@dataclass
class Coverage:
    """What a resolution asks for that is not done: overdue deadlines first, then open asks."""

    overdue: list[Deadline]
    open_asks: list[SuggestionView]


def coverage(session: Session, resolution: Resolution, today: date) -> Coverage:
    deadline_ids = select(MandateLink.deadline_id).where(
        MandateLink.resolution_symbol == resolution.symbol, MandateLink.deadline_id.is_not(None)
    )
    deadlines = session.exec(select(Deadline).where(Deadline.id.in_(deadline_ids)).order_by(Deadline.due_on)).all()
    overdue = [d for d in deadlines if d.is_overdue(today)]
    open_asks = [view for view in list_suggestions(session, resolution) if view.is_open]
    return Coverage(overdue, open_asks)
