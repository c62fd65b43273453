"""WTForms forms of the events' management side: events, series, venues and rooms.

Forms parse and check what one request sent; rules that span several fields live in
planner.events.editing (`event_problems`), so the same rules hold for any caller, and the form
only puts each message beside the field it concerns. The base form and the field helpers every
package shares are in planner.forms.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from planner.events import editing
from planner.events.models import KIND_LABELS, STATUS_LABELS, Event, EventKind, EventStatus, Recurrence
from planner.forms import (
    DATETIME_FORMATS,
    SLUG_RULE,
    PlannerForm,
    WholeNumberField,
    country_choices,
    int_or_none,
    known_country,
    options,
    strip_text,
)
from planner.validation import is_timezone

# Upper bounds of typed integers: far below the columns' 2**31 - 1, so a 20-digit number is an
# error beside its field, never a database error (see planner.input_guard).
MAX_SEATS = 100000
MAX_EDITION = 10000


NOTICE_MESSAGE_MAX = 2000


class ChangeDecisionFields:
    """What a manager decides on the confirmation step of a change participants will hear of.

    Mixed into the forms that can make such a change. `confirmed` is set by the preview step to
    the change's digest: a first submission only shows what would happen, and a change is saved
    only when the submission confirms that very change (a date edited on the preview page, or the
    event changed meanwhile by someone else, is previewed again)."""

    move_sessions = BooleanField(
        _l("Move the programme and the registration window with the new dates (same local times)"), default=True
    )
    notice_message = TextAreaField(
        _l("Message to participants (optional, added to their notice as written)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=NOTICE_MESSAGE_MAX)],
    )
    confirmed = HiddenField(default="")

    def decisions(self) -> editing.Decisions:
        return editing.Decisions(move_sessions=bool(self.move_sessions.data), message=self.notice_message.data or "")

    def confirms(self, change) -> bool:
        return bool(self.confirmed.data) and self.confirmed.data == change.digest()


class PostponeForm(ChangeDecisionFields, PlannerForm):
    reason = StringField(_l("Reason (optional, kept in the history)"), validators=[Optional(), Length(max=500)])
    new_first_day = DateField(
        _l("New first day (leave empty while the new dates are not known)"),
        validators=[Optional()],
        invalid_value_message=_l("Enter a date as YYYY-MM-DD."),
    )


class CancelForm(ChangeDecisionFields, PlannerForm):
    reason = StringField(_l("Reason (optional, kept in the history)"), validators=[Optional(), Length(max=500)])


@lru_cache(maxsize=1)
def timezone_names() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


def _real_zone(_form, field) -> None:
    if not is_timezone(field.data):
        raise ValidationError(
            _(
                "“%(zone)s” is not an IANA time zone; use a name such as Europe/Zurich or America/New_York.",
                zone=field.data,
            )
        )


class EventForm(ChangeDecisionFields, PlannerForm):
    title = StringField(
        _l("Title"), filters=[strip_text], validators=[DataRequired(_l("Give the event a title.")), Length(max=300)]
    )
    slug = StringField(
        _l("Address (slug)"),
        filters=[strip_text],
        validators=[DataRequired(_l("Give the event an address.")), Length(max=80), SLUG_RULE],
        description=_l("The page will be /events/<slug>."),
    )
    kind = SelectField(_l("Kind"), choices=options(KIND_LABELS.items()))
    status = SelectField(
        _l("Status"), choices=options(STATUS_LABELS.items()), default=EventStatus.TO_BE_SCHEDULED.value
    )
    series_id = SelectField(_l("Series"), coerce=int_or_none, choices=options([("", _l("— none —"))]))
    edition = WholeNumberField(
        _l("Edition number"),
        validators=[
            Optional(),
            NumberRange(min=1, message=_l("An edition number starts at 1.")),
            NumberRange(max=MAX_EDITION, message=_l("An edition number is at most 10000.")),
        ],
    )
    timezone = StringField(
        _l("Time zone"),
        filters=[strip_text],
        default="America/New_York",
        validators=[DataRequired(_l("Give the event's IANA time zone.")), _real_zone],
        description=_l("The IANA zone the event happens in, e.g. America/Argentina/Buenos_Aires."),
    )
    venue_id = SelectField(_l("Venue"), coerce=int_or_none, choices=options([("", _l("— none —"))]))
    country = SelectField(
        _l("Host country"), choices=country_choices, validate_choice=False, validators=[known_country]
    )
    city = StringField(_l("City"), filters=[strip_text], validators=[Length(max=120)])
    host = StringField(_l("Host"), filters=[strip_text], validators=[Length(max=300)])
    theme = StringField(_l("Theme"), filters=[strip_text])
    description = TextAreaField(_l("Description"), filters=[strip_text])
    all_day = BooleanField(_l("All-day event (dates without times)"))
    first_day = DateField(
        _l("First day"), validators=[Optional()], invalid_value_message=_l("Enter a date as YYYY-MM-DD.")
    )
    last_day = DateField(
        _l("Last day"), validators=[Optional()], invalid_value_message=_l("Enter a date as YYYY-MM-DD.")
    )
    starts_local = DateTimeLocalField(
        _l("Starts (local time)"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        invalid_value_message=_l("Enter a date and time as YYYY-MM-DD HH:MM."),
    )
    ends_local = DateTimeLocalField(
        _l("Ends (local time)"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        invalid_value_message=_l("Enter a date and time as YYYY-MM-DD HH:MM."),
    )
    yearly = BooleanField(_l("Recurs every year on the same date (observances)"))
    published = BooleanField(_l("Published (shown on the public pages and calendar feeds)"))

    def set_choices(self, series, venues) -> "EventForm":
        self.series_id.choices = options([("", _("— none —"))] + [(s.id, s.title) for s in series])
        self.venue_id.choices = options(
            [("", _("— none —"))] + [(v.id, f"{v.name}, {v.city}" if v.city else v.name) for v in venues]
        )
        return self

    @classmethod
    def for_event(cls, event: Event, **kwargs) -> "EventForm":
        """The form filled from `event`, with its instants shown in the event's own zone."""
        local = dict(first_day=None, last_day=None, starts_local=None, ends_local=None)
        if event.is_dated and event.all_day:
            local.update(first_day=event.first_day, last_day=event.last_day)
        elif event.is_dated:
            local.update(
                starts_local=event.local_start.replace(tzinfo=None), ends_local=event.local_end.replace(tzinfo=None)
            )
        return cls(
            obj=event, yearly=event.recurrence == Recurrence.YEARLY, country=event.country or "", **local, **kwargs
        )

    def values(self) -> editing.EventValues:
        return editing.EventValues(
            slug=self.slug.data,
            title=self.title.data,
            kind=self.kind.data,
            status=self.status.data,
            series_id=self.series_id.data,
            edition=self.edition.data,
            timezone=self.timezone.data,
            venue_id=self.venue_id.data,
            country=self.country.data or None,
            city=self.city.data or "",
            host=self.host.data or "",
            theme=self.theme.data or "",
            description=self.description.data or "",
            published=self.published.data,
            all_day=self.all_day.data,
            first_day=self.first_day.data,
            last_day=self.last_day.data,
            local_start=self.starts_local.data,
            local_end=self.ends_local.data,
            yearly=self.yearly.data,
        )

    def validate(self, extra_validators=None) -> bool:
        """Field checks first, then the rules across fields, each shown beside its field."""
        valid = super().validate(extra_validators)
        for name, message in editing.event_problems(self.values()).items():
            if not self._fields[name].errors:
                self.add_error(name, message)
                valid = False
        return valid


class EventFilterForm(PlannerForm):
    """The filters above the events list: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), choices=options([("", _l("Any kind")), *KIND_LABELS.items()]), validate_choice=False)
    status = SelectField(
        _l("Status"), choices=options([("", _l("Any status")), *STATUS_LABELS.items()]), validate_choice=False
    )
    year = SelectField(_l("Year"), coerce=int_or_none, choices=options([("", _l("Any year"))]), validate_choice=False)

    def set_years(self, years) -> "EventFilterForm":
        self.year.choices = options([("", _("Any year"))] + [(y, str(y)) for y in years])
        return self

    def filters(self) -> dict:
        """Only the filters that name something real; a tampered value filters nothing."""
        kinds, statuses = {k.value for k in EventKind}, {s.value for s in EventStatus}
        return dict(
            kind=self.kind.data if self.kind.data in kinds else None,
            status=self.status.data if self.status.data in statuses else None,
            year=self.year.data if not self.year.errors else None,
        )


class SeriesForm(PlannerForm):
    slug = StringField(
        _l("Address (slug)"),
        filters=[strip_text],
        validators=[DataRequired(_l("Give the series a slug.")), Length(max=80), SLUG_RULE],
    )
    title = StringField(
        _l("Title"), filters=[strip_text], validators=[DataRequired(_l("Give the series a title.")), Length(max=300)]
    )
    description = TextAreaField(_l("Description"), filters=[strip_text])

    def values(self) -> dict:
        return dict(slug=self.slug.data, title=self.title.data, description=self.description.data or "")


class VenueForm(PlannerForm):
    name = StringField(
        _l("Name"), filters=[strip_text], validators=[DataRequired(_l("Give the venue a name.")), Length(max=300)]
    )
    address = TextAreaField(_l("Address"), filters=[strip_text])
    city = StringField(_l("City"), filters=[strip_text], validators=[Length(max=120)])
    country = SelectField(_l("Country"), choices=country_choices, validate_choice=False, validators=[known_country])
    timezone = StringField(
        _l("Time zone"),
        filters=[strip_text],
        default="America/New_York",
        validators=[DataRequired(_l("Give the venue's IANA time zone.")), _real_zone],
    )

    def values(self) -> dict:
        return dict(
            name=self.name.data,
            address=self.address.data or "",
            city=self.city.data or "",
            country=self.country.data or None,
            timezone=self.timezone.data,
        )


class RoomForm(PlannerForm):
    name = StringField(
        _l("Name"), filters=[strip_text], validators=[DataRequired(_l("Give the room a name.")), Length(max=200)]
    )
    capacity = WholeNumberField(
        _l("Seats"),
        validators=[
            Optional(),
            NumberRange(min=1, message=_l("Give a positive number of seats, or leave it empty.")),
            NumberRange(max=MAX_SEATS, message=_l("Give a number of seats from 1 to 100000, or leave it empty.")),
        ],
    )

    def values(self) -> dict:
        return dict(name=self.name.data, capacity=self.capacity.data)
