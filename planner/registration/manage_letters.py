"""The secretariat's pages for letters of invitation (visas), under /manage/.

Passport data is shown to those who accredit on the event (the accreditation desk, event
managers, global managers and administrators: Permission.ACCREDIT), never to viewers; reviewing,
issuing, sending and downloading letters need it too. The wording of an event's letter is part
of the event's set-up (Permission.EDIT). Changes go through planner.registration.letters, which
records them in the audit trail.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from planner.accounts.auth import current_actor
from planner.accounts.permissions import Permission, event_permission_required
from planner.audit.trail import trail_for
from planner.db import get_or_404, get_session
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.i18n.languages import LANGUAGES
from planner.registration import editing, letters, queries
from planner.registration.letter_forms import LetterActionForm, WordingForm
from planner.registration.letter_pdf import FontMissing
from planner.registration.models import InvitationLetter, Registration
from planner.validation import ModelValidationError

bp = Blueprint("registration_letters", __name__, url_prefix="/manage")


@bp.get("/events/<int:event_id>/letters")
@event_permission_required(Permission.ACCREDIT)
def letters_page(event_id: int):
    event = event_or_404(event_id)
    session = get_session()
    return render_template(
        "registration/manage/letters.html",
        event=event,
        settings=editing.settings_for(session, event),
        rows=queries.letters_of_event(session, event.id),
        expires_soon=lambda letter: letters.expires_soon(letter, event),
        form=LetterActionForm(),
        languages=LANGUAGES.values(),
    )


def _chosen(event: Event, form: LetterActionForm) -> list[tuple[InvitationLetter, Registration]]:
    """The letter the form names (404 unless it is this event's), or all of the event's."""
    rows = queries.letters_of_event(get_session(), event.id)
    if not form.names_one():
        return rows
    chosen = [row for row in rows if row[0].id == form.letter_id()]
    if not chosen:
        abort(404, description=_("This event has no such letter of invitation."))
    return chosen


def _act(event_id: int, action):
    """Run `action(session, actor, event, chosen letters)`, which returns the flash message."""
    event = event_or_404(event_id)
    form = LetterActionForm()
    if not form.validate_on_submit():  # a missing or stale CSRF token is answered app-wide
        abort(400, description=_("This request is incomplete; reload the page and try again."))
    try:
        message = action(get_session(), current_actor(), event, _chosen(event, form))
    except (letters.LetterError, FontMissing) as error:
        flash(str(error), "error")
    else:
        flash(message, "success")
    return redirect(url_for(".letters_page", event_id=event.id))


def _issued(session, actor, event, chosen) -> str:
    issued, left = letters.issue(session, actor, event, chosen)
    message = ngettext("%(num)s letter issued.", "%(num)s letters issued.", issued)
    if left:
        message += " " + ngettext(
            "%(num)s more to issue: press “Issue all letters” again.",
            "%(num)s more to issue: press “Issue all letters” again.",
            left,
        )
    return message


def _sent(session, actor, event, chosen) -> str:
    told = letters.send(session, actor, event, chosen)
    return ngettext("%(num)s participant told by e-mail.", "%(num)s participants told by e-mail.", told)


@bp.post("/events/<int:event_id>/letters/issue")
@event_permission_required(Permission.ACCREDIT)
def issue(event_id: int):
    """Generate one letter (`letter=<id>`) or every letter of confirmed participants not yet sent."""
    return _act(event_id, _issued)


@bp.post("/events/<int:event_id>/letters/send")
@event_permission_required(Permission.ACCREDIT)
def send(event_id: int):
    """Tell the participant of one issued letter, or of every issued letter, by e-mail."""
    return _act(event_id, _sent)


@bp.get("/letters/<int:letter_id>.pdf")
@event_permission_required(Permission.ACCREDIT, event_of=queries.event_of_letter)
def download(letter_id: int):
    letter = get_or_404(InvitationLetter, letter_id, "letter of invitation")
    if letter.pdf is None:
        abort(404, description=_("This letter has not been issued yet."))
    registration = get_session().get(Registration, letter.registration_id)
    event = get_session().get(Event, registration.event_id)
    return Response(
        letter.pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{letters.download_name(event, letter)}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/events/<int:event_id>/letter-wording/<language>", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def wording(event_id: int, language: str):
    """The event's wording of the letter in one language (empty: the built-in one)."""
    event = event_or_404(event_id)
    if language not in LANGUAGES:
        abort(404, description=_("Letters are written in the six UN languages only."))
    session = get_session()
    saved = letters.saved_wording(session, event.id, language)
    form = WordingForm() if request.method == "POST" else WordingForm(body=letters.wording(session, event.id, language))
    if form.validate_on_submit():
        try:
            letters.save_wording(session, current_actor(), event, language, form.body.data)
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("The letter's text was saved."), "success")
            return redirect(url_for(".wording", event_id=event.id, language=language))
    return render_template(
        "registration/manage/letter_wording.html",
        event=event,
        form=form,
        shown=LANGUAGES[language],
        languages=LANGUAGES.values(),
        placeholders=letters.PLACEHOLDERS,
        trail=trail_for(session, saved) if saved else [],
    ), 422 if form.is_submitted() else 200
