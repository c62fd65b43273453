"""Messages from the secretariat to a chosen set of an event's participants (plain functions).

The secretariat writes a subject and a body in English and, if it wishes, in any of the other
official languages; each participant gets the version in the language they registered in
(`Registration.language`), the English one when there is none. Every e-mail is addressed to one
participant ("Dear <name>,") and ends with their private link, so they can open their
registration from it. Why versions per language: the General Assembly's resolutions on
multilingualism ask the Secretariat to communicate with Member States and the public in the
official languages; English, the working language events are entered in here
(CONTENT_LANGUAGE), is the version every participant can be given.

Why these shapes:
- `preview` reads and never writes: the manager sees how many participants get which version,
  and the English e-mail as sent, before anything is queued.
- `send_message` queues every e-mail and the audit entry in ONE transaction (the event's
  registration lock held, so two clicks on "Send" cannot both send: the second finds the first
  one's key in the audit trail). What is slow (composing the e-mails) is done before the lock.
- Each e-mail carries the participant's own private link (`tokens.mail_link`: the nonce their
  token is derived from; the outbox row keeps it and a placeholder until the sender puts the
  token in), so a message never ends the link or the calendar subscription they already use.
- Anonymised registrations (no address left) are never written to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.audit.models import AuditEntry
from planner.db import raise_first, transaction
from planner.events.formatting import event_when
from planner.events.models import Event
from planner.events.translations import localized, translations_for
from planner.i18n.languages import DEFAULT, LANGUAGES, Language
from planner.registration import capacity
from planner.registration.models import Category, OutboxMessage, Registration, Status
from planner.registration.notices import private_link
from planner.registration.outbox import new_mail
from planner.registration.salutation import salutation
from planner.registration.tokens import mail_link
from planner.validation import is_country

SUBJECT_LIMIT = 200
BODY_LIMIT = 10_000
ENGLISH = DEFAULT  # the version every participant gets whose language has none
OTHER_LANGUAGES = tuple(code for code in LANGUAGES if code != ENGLISH)
ACTION = "message"  # the audit entry's action, on the event

# Control characters and bidirectional overrides (which can make a text read differently from
# what it says), not the joiners and marks Arabic or Chinese text may need. Newlines and tabs stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")


class MessageError(Exception):
    """The message cannot be sent as asked; the text says why, in words."""


class RecipientsChanged(MessageError):
    """The filters match another number of participants than the preview showed."""

    def __init__(self, count: int):
        super().__init__(
            _(
                "The number of participants these filters match has changed since the preview: it is now "
                "%(count)s. Nothing was sent; check the preview again.",
                count=count,
            )
        )
        self.count = count


class AlreadySent(MessageError):
    """The confirmation was posted twice (a double click, a reload)."""


@dataclass(frozen=True)
class Filters:
    """Which registrations get the message: any of `statuses`, and the category and country if given."""

    statuses: tuple[str, ...]
    category: str | None = None
    country: str | None = None

    def as_dict(self) -> dict:
        return {"statuses": ",".join(self.statuses), "category": self.category, "country": self.country}


@dataclass(frozen=True)
class Version:
    subject: str
    body: str


@dataclass(frozen=True)
class Message:
    """The versions the manager wrote, by language code; English is always there."""

    versions: dict[str, Version]

    def language_for(self, registration_language: str) -> str:
        """The language of the version a participant who registered in `registration_language` gets."""
        return registration_language if registration_language in self.versions else ENGLISH


@dataclass(frozen=True)
class LanguageCount:
    """How many recipients registered in `registered`, and which version they get."""

    registered: Language
    count: int
    gets: Language


@dataclass(frozen=True)
class Preview:
    count: int
    by_language: list[LanguageCount]
    subject: str  # the English e-mail as a participant receives it, for a sample name
    body: str


def clean(text: str, multiline: bool) -> str:
    """Typed text as it will be sent: NFC, without control or bidi-override characters, trimmed;
    one line for a subject, paragraphs (LF line ends) for a body."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else " ".join(text.split())
    return _CONTROL.sub("", text).strip()


def problems(filters: Filters, message: Message) -> dict[str, str]:
    """What is wrong with the request, by form field (empty: nothing). The form checks the same;
    services check again, since a test, a command or another service may call them directly."""
    found: dict[str, str] = {}
    if not filters.statuses or any(s not in set(Status) for s in filters.statuses):
        found["statuses"] = _("Pick at least one status.")
    if filters.category is not None and filters.category not in set(Category):
        found["category"] = _("Pick a category from the list.")
    if filters.country is not None and not is_country(filters.country):
        found["country"] = _("Enter a two-letter country code such as KE, or leave it empty.")
    for code in message.versions:
        if code not in LANGUAGES:
            found[f"subject_{code}"] = _("“%(code)s” is not one of the six languages.", code=code)
    if ENGLISH not in message.versions:
        found[f"subject_{ENGLISH}"] = _("Write the message in English: every participant can get that version.")
    for code, version in message.versions.items():
        if not version.subject or not version.body:
            found[f"subject_{code}" if not version.subject else f"body_{code}"] = _(
                "A version needs both a subject and a message."
            )
        if len(version.subject) > SUBJECT_LIMIT:
            found[f"subject_{code}"] = _("Keep the subject to %(limit)s characters.", limit=SUBJECT_LIMIT)
        if len(version.body) > BODY_LIMIT:
            found[f"body_{code}"] = _("Keep the message to %(limit)s characters.", limit=BODY_LIMIT)
    return found


def recipients(session: Session, event_id: int, filters: Filters) -> list[Registration]:
    """The registrations the filters match that still have an address, in registration order."""
    query = select(Registration).where(
        Registration.event_id == event_id,
        Registration.status.in_(filters.statuses),
        Registration.email.is_not(None),
        Registration.anonymised.is_(False),
    )
    if filters.category:
        query = query.where(Registration.category == filters.category)
    if filters.country:
        query = query.where(Registration.country == filters.country)
    return list(session.exec(query.order_by(Registration.position)))


class _Composer:
    """Composes one event's e-mails, looking up the event's title once per language."""

    def __init__(self, session: Session, event: Event, message: Message):
        self.session, self.event, self.message = session, event, message
        self._titles: dict[str, str] = {}

    def _title(self, code: str) -> str:
        if code not in self._titles:
            self._titles[code] = localized(self.event, "title", translations_for(self.session, code, [self.event.id]))
        return self._titles[code]

    def compose(self, person: Registration | None, registration_language: str) -> tuple[str, str]:
        """(subject, body) for a participant (None: the preview's sample): their version, the
        private link opening their page in the language they registered in (placeholder for the
        token, planner.registration.tokens)."""
        code = self.message.language_for(registration_language)
        version = self.message.versions[code]
        with force_locale(code):
            lines = [
                _("Dear %(name)s,", name=salutation(person) if person else _("[participant's name]")),
                "",
                version.body,
                "",
                "—",
                _("Event: %(title)s", title=self._title(code)),
                _("When: %(when)s", when=event_when(self.event)),
                "",
                _(
                    "Your private link to view, change or cancel the registration "
                    "(keep it to yourself; anyone with it can change your registration):"
                ),
                private_link(registration_language),
                "",
                _("United Nations Office for South-South Cooperation: event secretariat"),
                "",
            ]
        return version.subject, "\n".join(lines)


def preview(session: Session, event: Event, filters: Filters, message: Message) -> Preview:
    """Who would get which version, and the English e-mail as sent; writes nothing."""
    raise_first(problems(filters, message))
    people = recipients(session, event.id, filters)
    counts: dict[str, int] = {}
    for registration in people:
        counts[registration.language] = counts.get(registration.language, 0) + 1
    by_language = [
        LanguageCount(LANGUAGES[code], counts[code], LANGUAGES[message.language_for(code)])
        for code in LANGUAGES
        if counts.get(code)
    ]
    subject, body = _Composer(session, event, message).compose(None, ENGLISH)
    return Preview(len(people), by_language, subject, body)


def send_message(
    session: Session,
    actor: str,
    event: Event,
    filters: Filters,
    message: Message,
    *,
    expected: int | None = None,
    key: str | None = None,
) -> int:
    """Queue the message for every matching participant, with the audit entry; returns how many.

    `expected`: the count the preview showed; another count now raises RecipientsChanged and
    sends nothing (people registered or cancelled meanwhile: the manager looks again). `key`:
    the preview's one-time key; a second send with the same key raises AlreadySent."""
    raise_first(problems(filters, message))
    people = recipients(session, event.id, filters)
    if not people:
        raise MessageError(_("No participant with an e-mail address matches these filters: nothing was sent."))
    if expected is not None and expected != len(people):
        raise RecipientsChanged(len(people))
    composer = _Composer(session, event, message)
    mails = []  # (registration, the link columns to set, if any, the outbox row's values)
    for registration in people:  # composed before the lock: nobody waits for it
        nonce, link_columns = mail_link(registration)
        subject, body = composer.compose(registration, registration.language)
        row = new_mail(registration.email, subject, body, link_nonce=nonce).model_dump(exclude={"id"})
        mails.append((registration, link_columns, row))
    table = Registration.__table__
    with transaction(session, actor) as tx:
        capacity.lock_event(session, event.id)  # serialises two sends of one preview
        if key and _already_sent(session, event, key):
            raise AlreadySent(_("This message was already sent; it was not sent again."))
        connection = session.connection()
        queued = []
        for registration, link_columns, row in mails:
            # The address is checked again under the lock: a registration anonymised meanwhile is skipped.
            result = connection.execute(
                table.update()
                .where(
                    table.c.id == registration.id, table.c.email == registration.email, table.c.anonymised.is_(False)
                )
                .values(**link_columns, updated_at=table.c.updated_at)
            )
            if result.rowcount == 1:
                queued.append(row)
        if not queued:
            raise MessageError(_("No participant with an e-mail address matches these filters: nothing was sent."))
        connection.execute(sa.insert(OutboxMessage.__table__), queued)
        english = message.versions[ENGLISH]
        tx.record(
            event,
            ACTION,
            None,
            {
                "subject": english.subject,
                "recipients": len(queued),
                # The trail keeps plain values: lists as comma-separated text, as a settings' categories.
                **filters.as_dict(),
                "languages": ",".join(code for code in LANGUAGES if code in message.versions),
                "key": key,
            },
        )
    return len(queued)


def _already_sent(session: Session, event: Event, key: str) -> bool:
    """Whether a message of this event was sent with this preview's key (read under the lock)."""
    entries = session.exec(
        select(AuditEntry.after).where(
            AuditEntry.object_type == Event.__tablename__,
            AuditEntry.object_id == str(event.id),
            AuditEntry.action == ACTION,
        )
    ).all()
    return any((after or {}).get("key") == key for after in entries)
