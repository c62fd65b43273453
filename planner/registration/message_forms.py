"""The form of a message from the secretariat to participants (planner.registration.messaging).

One subject and one body per official language, English required; a version is either whole
(subject and body) or left empty. The same form carries the preview's one-time key and the count
the preview showed, as hidden fields, so the confirming POST sends exactly what was previewed.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from planner.forms import PlannerForm, country_choices, options
from planner.i18n.languages import LANGUAGES
from planner.registration.forms import MultiCheckboxField
from planner.registration.messaging import (
    BODY_LIMIT,
    ENGLISH,
    OTHER_LANGUAGES,
    SUBJECT_LIMIT,
    Filters,
    Message,
    Version,
    clean,
)
from planner.registration.models import Category, Status
from planner.validation import is_country

LIVE = [Status.CONFIRMED.value, Status.WAITLISTED.value, Status.PENDING.value]  # ticked at first


def _one_line(value):
    return clean(value, multiline=False) if isinstance(value, str) else value


def _paragraphs(value):
    return clean(value, multiline=True) if isinstance(value, str) else value


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


def _country(_form, field) -> None:
    if field.data and not is_country(field.data):
        raise ValidationError(_("Pick a country from the list."))


def _some_status(_form, field) -> None:
    """At least one ticked (not InputRequired, which would mark every checkbox `required`)."""
    if not field.data:
        raise StopValidation(_("Pick at least one status."))


def _countries():
    """Every country by name in the reader's language, after "all countries"."""
    return [SelectChoice("", _("all countries")), *country_choices()[1:]]


def subject_field(code: str) -> str:
    return f"subject_{code}"


def body_field(code: str) -> str:
    return f"body_{code}"


class MessageForm(PlannerForm):
    """Who gets the message, and its versions (fields subject_<code> and body_<code>, added below)."""

    statuses = MultiCheckboxField(
        _l("Registrations that are"),
        choices=options((s.value, s.label) for s in Status),
        validators=[_some_status],
    )
    category = SelectField(
        _l("Category"),
        choices=options([("", _l("all categories"))] + [(c.value, c.label) for c in Category]),
        validate_choice=False,
        validators=[Optional()],
    )
    country = SelectField(
        _l("Country (of the participant's organisation)"),
        choices=_countries,
        validate_choice=False,
        filters=[_upper],
        validators=[_country],
    )
    key = HiddenField()  # the preview's one-time key: a second "Send" of the same preview sends nothing
    expected = HiddenField()  # how many participants the preview counted

    def validate_category(self, field) -> None:
        if field.data and field.data not in set(Category):
            raise ValidationError(_("Pick a category from the list."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for code in LANGUAGES:
            subject, body = self[subject_field(code)], self[body_field(code)]
            if bool(subject.data) != bool(body.data) and not subject.errors and not body.errors:
                missing = subject if not subject.data else body
                missing.errors = [*missing.errors, _("A version needs both a subject and a message.")]
                valid = False
        return valid

    def filters(self) -> Filters:
        return Filters(tuple(self.statuses.data or ()), self.category.data or None, self.country.data or None)

    def message(self) -> Message:
        """The versions written (English first, the others in the order the UN lists them)."""
        return Message(
            {
                code: Version(self[subject_field(code)].data, self[body_field(code)].data)
                for code in (ENGLISH, *OTHER_LANGUAGES)
                if self[subject_field(code)].data or self[body_field(code)].data
            }
        )

    def expected_count(self) -> int | None:
        value = self.expected.data or ""
        return int(value) if value.isdigit() else None


def _version_fields(code: str) -> None:
    """subject_<code> and body_<code>; English is required, the others optional."""
    name = LANGUAGES[code].native_name
    if code == ENGLISH:
        subject_rules = [DataRequired(_l("Write a subject in English."))]
        body_rules = [DataRequired(_l("Write the message in English."))]
    else:
        subject_rules, body_rules = [Optional()], [Optional()]
    setattr(
        MessageForm,
        subject_field(code),
        StringField(
            _l("Subject (%(language)s)", language=name),
            filters=[_one_line],
            validators=[
                *subject_rules,
                Length(max=SUBJECT_LIMIT, message=_l("Keep the subject to %(limit)s characters.", limit=SUBJECT_LIMIT)),
            ],
        ),
    )
    setattr(
        MessageForm,
        body_field(code),
        TextAreaField(
            _l("Message (%(language)s)", language=name),
            filters=[_paragraphs],
            validators=[
                *body_rules,
                Length(max=BODY_LIMIT, message=_l("Keep the message to %(limit)s characters.", limit=BODY_LIMIT)),
            ],
        ),
    )


for _code in (ENGLISH, *OTHER_LANGUAGES):
    _version_fields(_code)
