"""The management page of an event's title, theme and description in the six languages.

Viewers read what exists; event managers write it, one language per form (each form's fields are
prefixed with its language code, so six forms share one page and one URL). Saving goes through
planner.events.translations.save_translation, which records the change and tells feeds.
"""

from __future__ import annotations

from babel import Locale
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from planner.accounts.auth import current_actor
from planner.accounts.permissions import Permission, event_permission_required
from planner.db import get_session
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.events.translations import save_translation, translations_of_event
from planner.forms import PlannerForm
from planner.i18n.languages import LANGUAGES
from planner.i18n.selection import current_language
from planner.validation import ModelValidationError

bp = Blueprint("events_manage_translations", __name__, url_prefix="/manage")


class TranslationForm(PlannerForm):
    title = StringField(_l("Title"), validators=[Length(max=300)])
    theme = StringField(_l("Theme"))
    description = TextAreaField(
        _l("Description"), description=_l("Leave all three fields empty to remove this translation.")
    )


def _targets() -> dict:
    """The languages an event is translated into: the six but the one its fields are entered in
    (CONTENT_LANGUAGE), which the event row itself holds."""
    return {code: lang for code, lang in LANGUAGES.items() if code != current_app.config["CONTENT_LANGUAGE"]}


def _forms(event: Event, posted: str | None = None) -> dict[str, TranslationForm]:
    """One form per target language, filled from the stored translations; `posted`'s from the request."""
    stored = translations_of_event(get_session(), event)
    return {
        code: TranslationForm(prefix=code)
        if code == posted
        else TranslationForm(formdata=None, obj=stored.get(code), prefix=code)
        for code in _targets()
    }


@bp.get("/events/<int:event_id>/translations")
@event_permission_required(Permission.VIEW)
def translations(event_id: int):
    event = event_or_404(event_id)
    return _render(event, _forms(event))


@bp.post("/events/<int:event_id>/translations")
@event_permission_required(Permission.EDIT)
def save(event_id: int):
    event = event_or_404(event_id)
    code = request.form.get("language", "")
    if code not in _targets():
        return _render(event, _forms(event), problem=_("Choose one of the languages the event is translated into."))
    forms = _forms(event, posted=code)
    form = forms[code]
    if form.validate():
        try:
            changed = save_translation(
                get_session(),
                event,
                code,
                form.title.data or "",
                form.theme.data or "",
                form.description.data or "",
                current_actor(),
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_saved_message(changed, code, form), "success")
            return redirect(url_for(".translations", event_id=event.id) + f"#translation-{code}")
    return _render(event, forms, posted=code)


def language_name(code: str) -> str:
    """ "French", "francés", "法语": a language's name in the reader's language (CLDR)."""
    return Locale.parse(current_language().locale).languages.get(code, LANGUAGES[code].native_name)


def _saved_message(changed: bool, code: str, form: TranslationForm) -> str:
    name = language_name(code)
    if not changed:
        return _("Nothing was changed.")
    if not (form.title.data or form.theme.data or form.description.data):
        return _("The %(language)s translation was removed.", language=name)
    return _("The %(language)s translation was saved.", language=name)


def _render(event: Event, forms: dict[str, TranslationForm], posted: str | None = None, problem: str | None = None):
    """The page; 422 when a sent form is shown again with its errors."""
    status = 422 if request.method == "POST" else 200
    return render_template(
        "events/manage/event_translations.html",
        event=event,
        forms=forms,
        languages=_targets(),
        language_name=language_name,
        posted=posted,
        problem=problem,
    ), status
