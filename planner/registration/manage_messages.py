"""The secretariat's page for writing to an event's participants, under /manage/ (EDIT on the event).

Three steps on one address: the form (GET, its filters taken from the registrations list it was
opened from), the preview (POST, writes nothing: how many participants get which version, and
the English e-mail as sent), and the confirmation (POST from the preview's "Send" button), which
queues the e-mails through planner.registration.messaging.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import ngettext

from planner.accounts.auth import current_actor
from planner.accounts.permissions import Permission, event_permission_required
from planner.db import get_session
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.i18n.languages import LANGUAGES
from planner.registration import messaging
from planner.registration.message_forms import LIVE, MessageForm, body_field, subject_field
from planner.registration.models import Category, Status
from planner.validation import ModelValidationError

bp = Blueprint("registration_messages", __name__, url_prefix="/manage")

LANGUAGE_ORDER = (messaging.ENGLISH, *messaging.OTHER_LANGUAGES)


def _initial() -> dict:
    """The registrations list's filters (?status=&category=&country=), when they are known values."""
    status = request.args.get("status", "")
    category = request.args.get("category", "")
    country = request.args.get("country", "").strip().upper()
    return {
        "statuses": [status] if status in set(Status) else LIVE,
        "category": category if category in set(Category) else "",
        "country": country if len(country) == 2 and country.isalpha() else "",
    }


def _form_page(form: MessageForm, event: Event, status: int = 200):
    return render_template(
        "registration/manage/message.html",
        form=form,
        event=event,
        versions=[(LANGUAGES[code], form[subject_field(code)], form[body_field(code)]) for code in LANGUAGE_ORDER],
    ), status


def _preview_page(form: MessageForm, event: Event, status: int = 200):
    """The preview, with a fresh one-time key and the count it shows carried to the "Send" button."""
    preview = messaging.preview(get_session(), event, form.filters(), form.message())
    form.key.data = form.key.data or secrets.token_urlsafe(16)
    form.expected.data = str(preview.count)
    return render_template(
        "registration/manage/message_preview.html",
        form=form,
        event=event,
        preview=preview,
        statuses=[Status(s).label for s in form.filters().statuses],
        category=Category(form.category.data).label if form.category.data else None,
        country=form.country.data or None,
        written=[LANGUAGES[code] for code in form.message().versions],
    ), status


@bp.route("/events/<int:event_id>/messages/new", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def new_message(event_id: int):
    event = event_or_404(event_id)
    if request.method == "GET":
        return _form_page(MessageForm(formdata=None, data=_initial()), event)
    form = MessageForm()
    action = request.form.get("action", "preview")
    if action == "edit":  # back from the preview, with what was written
        return _form_page(form, event)
    if not form.validate():
        return _form_page(form, event, 422)
    try:
        if action != "send":
            return _preview_page(form, event)
        count = messaging.send_message(
            get_session(),
            current_actor(),
            event,
            form.filters(),
            form.message(),
            expected=form.expected_count(),
            key=form.key.data or None,
        )
    except ModelValidationError as error:
        form.add_error(error.field, error.message)
        return _form_page(form, event, 422)
    except messaging.RecipientsChanged as error:
        flash(str(error), "error")
        form.key.data = None  # a new preview, a new key
        return _preview_page(form, event, 409)
    except messaging.AlreadySent as error:
        flash(str(error), "info")
    except messaging.MessageError as error:
        flash(str(error), "error")
        return _form_page(form, event, 409)
    else:
        flash(
            ngettext(
                "The message is queued for %(num)s participant; it leaves with the next round of the mail sender.",
                "The message is queued for %(num)s participants; they leave with the next round of the mail sender.",
                count,
            ),
            "success",
        )
    return redirect(url_for("registration_manage.registrations", event_id=event.id))
