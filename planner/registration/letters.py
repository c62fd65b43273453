"""Letters of invitation for visas: what a request must hold, the letter's wording, issuing and
sending (issue 16, part 2).

A participant of an event that offers letters (RegistrationSettings.invitation_letters) asks for
one on the registration form, giving nationality, passport number and expiry, date and place of
birth and the consulate where they will apply. The secretariat (the ACCREDIT permission: the
accreditation desk and global managers) reviews the requests and issues letters, one or all at
once: each is a PDF in the participant's language (planner.registration.letter_pdf) from the
event's wording in that language (LetterTemplate, else the built-in one), stored with the
request. Sending tells the participant by e-mail that the letter waits on their private page;
the e-mail carries no passport data and no attachment. requested → issued → sent.

Rules, and where they come from:
- Passport expiry after the event's last day: a passport that expires during the stay admits no
  visa. Consulates commonly require more, six months beyond the intended stay (the IATA Travel
  Information Manual's general rule, and most Schengen States' three months beyond departure):
  that varies by country, so it is not refused, only flagged to the secretariat
  (`expires_soon`), which can ask the participant before issuing.
- Only confirmed registrations get letters: a letter states that the person is expected.
- Audit entries name the letter's status only, never passport data; the passport number never
  appears in a log line (none is written here, and the audit trail gets none).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner.db import transaction, utcnow
from planner.events.formatting import event_place
from planner.events.models import Event
from planner.events.translations import localized, translations_for
from planner.formatting import date_long, day_range
from planner.i18n.languages import LANGUAGES, language
from planner.registration import letter_pdf, notices
from planner.registration.models import (
    CONSULATE_MAX,
    TEMPLATE_MAX,
    InvitationLetter,
    LetterStatus,
    LetterTemplate,
    Registration,
    Status,
)
from planner.un_states import state_name
from planner.validation import ModelValidationError

SIX_MONTHS = timedelta(days=183)
# Letters made by one request: each takes 0.3 to 1 s (its fonts are read anew: a document's font
# holds the glyphs that document uses), so "issue all" works in batches well within the server's
# timeout and says how many remain.
ISSUE_BATCH = 20

# The placeholders a wording may use, and what each becomes (shown on the wording's page).
PLACEHOLDERS = {
    "name": _l("the participant's name, with honorific"),
    "organisation": _l("the participant's organisation"),
    "function": _l("the participant's function or title"),
    "nationality": _l("the participant's nationality"),
    "passport_number": _l("the passport number"),
    "event": _l("the event's title"),
    "dates": _l("the event's dates"),
    "place": _l("the event's city and country"),
    "consulate": _l("the consulate where the participant applies"),
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class LetterError(Exception):
    """A letter that cannot be issued or sent now; the message says why in words."""


@dataclass
class LetterRequest:
    """What the registration form collects from someone who needs a visa (already length-checked)."""

    nationality: str
    passport_number: str
    passport_expiry: date
    birth_date: date
    birth_place: str
    consulate: str

    def clean(self) -> "LetterRequest":
        """Passport numbers as printed in the machine-readable zone (ICAO Doc 9303): capital
        letters and digits, without the spaces or dashes people type in between."""
        values = asdict(self)
        values["passport_number"] = re.sub(r"[\s\-]", "", self.passport_number).upper()
        values["birth_place"] = " ".join(self.birth_place.split())
        values["consulate"] = " ".join(self.consulate.split())[:CONSULATE_MAX]
        return LetterRequest(**values)


def check_request(event: Event, request: LetterRequest, today: date) -> None:
    """Raise ModelValidationError naming the field when the request cannot be right."""
    if not re.fullmatch(r"[A-Z0-9]{5,20}", request.passport_number):
        raise ModelValidationError(
            "passport_number", _("Enter the passport number as printed: 5 to 20 letters and digits.")
        )
    if event.is_dated and request.passport_expiry <= event.last_day:
        raise ModelValidationError(
            "passport_expiry", _("This passport expires before the event ends: a visa needs a valid passport.")
        )
    if request.passport_expiry <= today:
        raise ModelValidationError("passport_expiry", _("This passport has expired."))
    if not date(1900, 1, 1) <= request.birth_date < today:
        raise ModelValidationError("birth_date", _("Enter your date of birth."))


def save_request(
    session: Session, event: Event, registration: Registration, request: LetterRequest, now: datetime | None = None
) -> InvitationLetter:
    """The participant asks for a letter after registering, or corrects the details of a request
    the secretariat has not issued yet (an issued letter states them: it is changed by asking the
    secretariat, who issues it again). The caller checks that the event offers letters and that
    the registration can still be changed."""
    now = now or utcnow()
    request = request.clean()
    check_request(event, request, now.date())
    letter = session.exec(select(InvitationLetter).where(InvitationLetter.registration_id == registration.id)).first()
    if letter is not None and letter.status != LetterStatus.REQUESTED:
        raise LetterError(_("Your letter has been issued: write to the secretariat if a detail in it is wrong."))
    with transaction(session):
        letter = letter or InvitationLetter(registration_id=registration.id, created_at=now, **asdict(request))
        for name, value in asdict(request).items():
            setattr(letter, name, value)
        letter.updated_at = now
        session.add(letter)
    return letter


def expires_soon(letter: InvitationLetter, event: Event) -> bool:
    """Whether the passport expires less than six months after the event (see the module's note)."""
    return bool(event.is_dated and letter.passport_expiry < event.last_day + SIX_MONTHS)


def new_letter(request: LetterRequest, now: datetime) -> dict:
    """The row of a new request, as column values but its registration's id, checked
    (planner.registration.editing.register inserts it once the registration has an id)."""
    letter = InvitationLetter(registration_id=0, created_at=now, updated_at=now, **asdict(request))
    letter.check()
    return letter.model_dump(exclude={"id", "registration_id"})


# Wording ------------------------------------------------------------------------------------


def built_in_wording(code: str) -> str:
    """The wording of every event that has none of its own in `code`, in that language's catalogue."""
    with force_locale(code):
        return _(
            "The secretariat has the honour to invite {name}, {function}, {organisation}, to take part in "
            "{event}, which will be held in {place} on {dates}.\n\n"
            "The secretariat would be grateful if the consulate at {consulate} would grant the visa needed "
            "for this purpose.\n\n"
            "This letter does not commit the United Nations to any expense: travel, accommodation and "
            "other costs of the participant are their own unless the secretariat has agreed otherwise in "
            "writing."
        )


def wording_problem(body: str) -> str | None:
    """Why a wording cannot be saved (an unknown or unclosed placeholder, too long); None if it can."""
    if not body.strip():
        return _("Write the letter's text, or leave the built-in wording.")
    if len(body) > TEMPLATE_MAX:
        return _("The text is longer than %(max)s characters.", max=TEMPLATE_MAX)
    unknown = sorted({name for name in _PLACEHOLDER.findall(body) if name not in PLACEHOLDERS})
    if unknown:
        return _("Unknown placeholder: %(names)s.", names=", ".join("{" + name + "}" for name in unknown))
    if "{" in _PLACEHOLDER.sub("", body) or "}" in _PLACEHOLDER.sub("", body):
        return _("A brace is not closed: placeholders are written {name}.")
    return None


def fill(body: str, values: dict[str, str]) -> str:
    """The wording with each known placeholder replaced (an empty value leaves its comma pair out)."""
    text = _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), body)
    return re.sub(r", ,", ",", text)


def saved_wording(session: Session, event_id: int, code: str) -> LetterTemplate | None:
    return session.exec(
        select(LetterTemplate).where(LetterTemplate.event_id == event_id, LetterTemplate.language == code)
    ).first()


def wording(session: Session, event_id: int, code: str) -> str:
    saved = saved_wording(session, event_id, code)
    return saved.body if saved and saved.body else built_in_wording(code)


def save_wording(session: Session, actor: str, event: Event, code: str, body: str | None) -> LetterTemplate | None:
    """Save the event's wording in `code`. Empty, or the built-in text itself, goes back to the
    built-in wording: the row stays with an empty text, so its history stays on its page."""
    if code not in LANGUAGES:
        raise ModelValidationError("language", _("Pick one of the six languages."))
    body = body.replace("\r\n", "\n").strip() if body else ""
    if body == built_in_wording(code).strip():
        body = ""
    if body and (problem := wording_problem(body)) is not None:
        raise ModelValidationError("body", problem)
    saved = saved_wording(session, event.id, code)
    if saved is None and not body:
        return None
    with transaction(session, actor) as tx:
        before = {"wording": saved.body} if saved else None
        saved = saved or LetterTemplate(event_id=event.id, language=code, body=body)
        saved.body, saved.updated_at = body, utcnow()
        session.add(saved)
        session.flush()
        tx.record(saved, "letter wording", before, {"wording": body})
    return saved


# The letter ----------------------------------------------------------------------------------


def letter_text(session: Session, event: Event, registration: Registration, letter: InvitationLetter, today: date):
    """Everything the letter says, in the participant's language (dates by Babel in it)."""
    code = registration.language
    with force_locale(code):
        title = localized(event, "title", translations_for(session, code, [event.id]))
        dates = day_range(event.first_day, event.last_day) if event.is_dated else _("To be scheduled")
        values = {
            "name": registration.full_name,
            "organisation": registration.organisation,
            "function": registration.function,
            "nationality": state_name(letter.nationality, code),
            "passport_number": letter.passport_number,
            "event": title,
            "dates": dates,
            "place": event_place(event),
            "consulate": letter.consulate,
        }
        paragraphs = [p.strip() for p in fill(wording(session, event.id, code), values).split("\n\n") if p.strip()]
        return letter_pdf.LetterText(
            language=code,
            rtl=language(code).direction == "rtl",
            sender=_("United Nations: event secretariat"),
            date_line=date_long(today),
            reference=_("Ref.: %(event)s/%(number)s", event=event.slug, number=letter.id),
            recipient=_("To: %(consulate)s", consulate=letter.consulate),
            title=_("Letter of invitation"),
            paragraphs=paragraphs,
            details=[
                (_("Name:"), registration.full_name),
                (_("Nationality:"), values["nationality"]),
                (_("Date of birth:"), date_long(letter.birth_date)),
                (_("Place of birth:"), letter.birth_place),
                (_("Passport number:"), letter.passport_number),
                (_("Passport valid until:"), date_long(letter.passport_expiry)),
                (_("Event:"), title),
                (_("Dates:"), dates),
            ],
            closing=[_("For the secretariat")],
        )


def _status(tx, registration: Registration, letter: InvitationLetter, new: LetterStatus, action: str) -> None:
    before = {"letter": letter.status}
    letter.status = new
    letter.updated_at = utcnow()
    tx.session.add(letter)
    tx.record(registration, action, before, {"letter": new.value})


def issue(
    session: Session, actor: str, event: Event, pairs: list[tuple[InvitationLetter, Registration]]
) -> tuple[int, int]:
    """Generate the letters of confirmed participants: those requested first, then those issued
    before (made again, after a change of wording), at most ISSUE_BATCH; one transaction for all.
    Returns (how many were issued, how many requested ones are left for the next batch).

    Raises LetterError when none of them can be (a letter already sent is not made again:
    the participant has been told it is ready), letter_pdf.FontMissing when a font is missing."""
    today = utcnow().date()
    ready = sorted(
        (
            (letter, registration)
            for letter, registration in pairs
            if registration.status == Status.CONFIRMED
            and letter.status in (LetterStatus.REQUESTED, LetterStatus.ISSUED)
        ),
        key=lambda pair: pair[0].status != LetterStatus.REQUESTED,
    )
    if not ready:
        raise LetterError(
            _("No letter to issue: letters go to confirmed participants, and one already sent is not issued again.")
        )
    batch = ready[:ISSUE_BATCH]
    with transaction(session, actor) as tx:
        for letter, registration in batch:
            letter.pdf = letter_pdf.render(letter_text(session, event, registration, letter, today))
            letter.issued_at = utcnow()
            _status(tx, registration, letter, LetterStatus.ISSUED, "letter issued")
    return len(batch), sum(1 for letter, _r in ready[ISSUE_BATCH:] if letter.status == LetterStatus.REQUESTED)


def send(session: Session, actor: str, event: Event, pairs: list[tuple[InvitationLetter, Registration]]) -> int:
    """Tell each participant whose letter is issued that it waits on their private page."""
    ready = [(letter, registration) for letter, registration in pairs if letter.status == LetterStatus.ISSUED]
    if not ready:
        raise LetterError(_("No letter to send: issue the letters first."))
    with transaction(session, actor) as tx:
        for letter, registration in ready:
            notices.letter_ready(session, registration, event)
            letter.sent_at = utcnow()
            _status(tx, registration, letter, LetterStatus.SENT, "letter sent")
    return len(ready)


def download_name(event: Event, letter: InvitationLetter) -> str:
    return f"{event.slug}-letter-of-invitation-{letter.id}.pdf"
