"""Forms of side events: the proposal with its organiser rows, the call, a review, a decision and
a placement.

The proposal is one page: the proposal's fields (`ProposalForm`) and one row per organiser
(`OrganiserForm` with the prefix `o<N>-`, no CSRF token of its own: the page's form has it). A row
with nothing chosen or typed is left out. The rules across rows (a Member State or UN entity among
the organisers) are the service's (planner.side_events.editing), shown above the rows.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.agenda.forms import SaveAnywayForm
from planner.formatting import date_long
from planner.forms import (
    DATETIME_FORMATS,
    PlannerForm,
    WholeNumberField,
    int_or_none,
    known_state,
    options,
    state_choices,
)
from planner.i18n import current_language
from planner.i18n.languages import LANGUAGES
from planner.registration.forms import EMAIL_RULE, MultiCheckboxField, _text
from planner.registration.models import EMAIL_MAX
from planner.side_events.editing import PROPOSAL_FIELDS, OrganiserValues, Placement, ProposalValues
from planner.side_events.models import (
    ACCESSIBILITY_LABELS,
    ATTENDANCE_MAX,
    FORMAT_LABELS,
    MESSAGE_MAX,
    NAME_MAX,
    ORG_MAX,
    ORGANISER_KIND_LABELS,
    SCORE_MAX,
    SCORE_MIN,
    TEXT_MAX,
    THEME_MAX,
    TITLE_MAX,
    OrganiserKind,
    ProposalStatus,
)

ORGANISER_ROWS = 5
_strip_filters = [lambda value: value.strip() if isinstance(value, str) else value]


class OrganiserForm(PlannerForm):
    """One organiser or co-organiser; a row left blank is ignored."""

    kind = SelectField(
        _l("Organiser is"),
        choices=lambda: options(
            [("", _("— none —")), *((k.value, label) for k, label in ORGANISER_KIND_LABELS.items())]
        ),
    )
    state = SelectField(
        _l("Member State or observer State"),
        choices=state_choices,
        validate_choice=False,
        validators=[known_state],
        description=_l("For a Member State or observer State."),
    )
    name = _text(_l("Name of the organisation"), ORG_MAX, description=_l("For an organisation or entity."))
    co_organiser = BooleanField(_l("Co-organiser"))

    @property
    def blank(self) -> bool:
        return not (self.kind.data or self.state.data or self.name.data)

    def validate(self, extra_validators=None) -> bool:
        if self.blank:  # a row left empty (or not sent at all) is no organiser
            return True
        valid = super().validate(extra_validators)
        problem = None
        if self.kind.data not in set(OrganiserKind):
            problem = ("kind", _("Choose what the organiser is."))
        elif OrganiserKind(self.kind.data).is_state and not self.state.data:
            problem = ("state", _("Choose the State."))
        elif not OrganiserKind(self.kind.data).is_state and not self.name.data:
            problem = ("name", _("Name the organisation."))
        if problem:
            self.add_error(*problem)
            return False
        return valid

    def values(self) -> OrganiserValues:
        return OrganiserValues(
            self.kind.data, self.state.data or None, self.name.data or "", bool(self.co_organiser.data)
        )


def organiser_rows(formdata=None, count: int = ORGANISER_ROWS, organisers=()) -> list[OrganiserForm]:
    """The organiser rows, filled from stored organisers when there is no form data."""
    rows = []
    for n in range(count):
        data = {}
        if formdata is None and n < len(organisers):
            o = organisers[n]
            data = {"kind": o.kind, "state": o.state or "", "name": o.name, "co_organiser": o.co_organiser}
        rows.append(OrganiserForm(formdata=formdata, prefix=f"o{n}-", meta={"csrf": False}, data=data or None))
    return rows


def _languages():
    return options((language.code, language.native_name) for language in LANGUAGES.values())


class ProposalForm(PlannerForm):
    field_order = tuple(PROPOSAL_FIELDS)  # the page shows them in the order the service lists them

    title = _text(_l("Title of the side event"), TITLE_MAX, _l("Give the side event a title."))
    theme = _text(_l("Theme (optional)"), THEME_MAX, description=_l("The conference theme it contributes to."))
    description = TextAreaField(
        _l("Description (optional)"),
        filters=_strip_filters,
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("Objectives, format and speakers, in a few paragraphs."),
    )
    format = SelectField(
        _l("Format"),
        choices=lambda: options([("", _("— choose —")), *((f.value, label) for f, label in FORMAT_LABELS.items())]),
        validators=[DataRequired(_l("Choose the format."))],
    )
    expected_attendance = WholeNumberField(
        _l("Expected attendance"),
        validators=[
            InputRequired(_l("Enter the expected attendance.")),
            NumberRange(min=1, max=ATTENDANCE_MAX, message=_l("Enter 1 to %(max)s people.", max=ATTENDANCE_MAX)),
        ],
    )
    preferred_days = MultiCheckboxField(_l("Preferred days (optional)"), choices=[], coerce=date.fromisoformat)
    languages = MultiCheckboxField(_l("Languages of the side event"), choices=_languages)
    accessibility = MultiCheckboxField(
        _l("Accessibility arrangements offered"),
        choices=lambda: options((a.value, label) for a, label in ACCESSIBILITY_LABELS.items()),
    )
    accessibility_notes = TextAreaField(
        _l("Other accessibility arrangements (optional)"),
        filters=_strip_filters,
        validators=[Optional(), Length(max=1000)],
    )
    proposer_name = _text(_l("Your name"), NAME_MAX, _l("Enter your name."))
    proposer_email = StringField(
        _l("Your e-mail address"),
        filters=_strip_filters,
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=EMAIL_MAX), EMAIL_RULE],
        description=_l("The proposal's private link, and the secretariat's decision, are sent here."),
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        days = []
        if event is not None and event.is_dated:
            day = event.first_day
            while day <= event.last_day and len(days) < 31:
                days.append((day.isoformat(), date_long(day)))
                day = date.fromordinal(day.toordinal() + 1)
        self.preferred_days.choices = options(days)

    def values(self, rows: list[OrganiserForm]) -> ProposalValues:
        return ProposalValues(
            title=self.title.data,
            theme=self.theme.data or "",
            description=self.description.data or "",
            format=self.format.data,
            expected_attendance=self.expected_attendance.data,
            preferred_days=list(self.preferred_days.data or []),
            languages=list(self.languages.data or []),
            accessibility=list(self.accessibility.data or []),
            accessibility_notes=self.accessibility_notes.data or "",
            proposer_name=self.proposer_name.data,
            proposer_email=self.proposer_email.data,
            proposer_language=current_language().code,
            organisers=[row.values() for row in rows if not row.blank],
        )


class CallForm(PlannerForm):
    opens_on = DateField(
        _l("Opens on"), validators=[InputRequired(_l("Enter the first day of the call."))], render_kw={"type": "date"}
    )
    closes_on = DateField(
        _l("Closes at the end of"),
        validators=[InputRequired(_l("Enter the last day of the call."))],
        render_kw={"type": "date"},
        description=_l("Days in the event's own time zone."),
    )
    guidance = TextAreaField(
        _l("What the call asks for (optional)"), filters=_strip_filters, validators=[Optional(), Length(max=TEXT_MAX)]
    )

    def validate_closes_on(self, field) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_("The call must close on or after the day it opens."))


class ReviewForm(PlannerForm):
    score = SelectField(
        _l("Score"),
        choices=lambda: options(
            [("", _("— choose —")), *((str(n), str(n)) for n in range(SCORE_MAX, SCORE_MIN - 1, -1))]
        ),
        coerce=int_or_none,
        validators=[InputRequired(_l("Give a score from 1 to 5."))],
        description=_l("5 is the best."),
    )
    comment = TextAreaField(
        _l("Comment (optional)"), filters=_strip_filters, validators=[Optional(), Length(max=TEXT_MAX)]
    )

    def validate_score(self, field) -> None:
        if field.data is None:
            raise ValidationError(_("Give a score from 1 to 5."))


class DecisionForm(PlannerForm):
    status = SelectField(
        _l("Decision"),
        choices=lambda: options(
            [
                ("", _("— choose —")),
                (ProposalStatus.ACCEPTED.value, _("Accept")),
                (ProposalStatus.WAITLISTED.value, _("Put on the waiting list")),
                (ProposalStatus.DECLINED.value, _("Decline")),
            ]
        ),
        validators=[DataRequired(_l("Choose accept, waiting list or decline."))],
    )
    message = TextAreaField(
        _l("Message to the proposer (optional)"),
        filters=_strip_filters,
        validators=[Optional(), Length(max=MESSAGE_MAX)],
        description=_l("Sent with the decision, in the e-mail in the proposer's language."),
    )


class PlacementForm(SaveAnywayForm):
    """Where and when an accepted side event takes place; the agenda's conflict checks apply."""

    field_order = ("room", "starts_local", "ends_local", "save_anyway", "reason")

    room = SelectField(_l("Room"), coerce=int_or_none, choices=[])
    starts_local = DateTimeLocalField(
        _l("Starts (event's local time)"), format=DATETIME_FORMATS, validators=[InputRequired(_l("Enter the start."))]
    )
    ends_local = DateTimeLocalField(
        _l("Ends (event's local time)"), format=DATETIME_FORMATS, validators=[InputRequired(_l("Enter the end."))]
    )

    def validate_ends_local(self, field) -> None:
        if self.starts_local.data and field.data and field.data <= self.starts_local.data:
            raise ValidationError(_("The end must be after the start."))

    def placement(self) -> Placement:
        return Placement(self.room.data, self.starts_local.data, self.ends_local.data)
