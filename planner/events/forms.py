"""WTForms forms of the management side: events, series, venues, rooms, and action buttons.

Forms parse and check what one request sent; rules that span several fields live in
planner.events.editing (`event_problems`), so the same rules hold for any caller, and the form
only puts each message beside the field it concerns.
"""
from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

import pycountry
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, IntegerField, SelectChoice,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from planner.events import editing
from planner.events.models import Event, EventKind, EventStatus, Recurrence
from planner.validation import is_country, is_timezone

SLUG_RULE = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                   message="Use lower-case letters, digits and single hyphens, e.g. gssd-expo-2026.")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def sentence(message: str) -> str:
    """"an account already exists" -> "An account already exists." (service messages are clauses)."""
    message = message.strip()
    if not message:
        return message
    return message[0].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


class PlannerForm(FlaskForm):
    """A FlaskForm (CSRF token included) that can also show errors found after validation."""

    def add_error(self, field_name: str, message: str) -> None:
        """Show `message` beside the field, or above the form when no field has that name."""
        message = sentence(message)
        field = self._fields.get(field_name)
        if field is None:
            self.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


class ActionForm(PlannerForm):
    """A button that changes something (postpone, cancel, sign out...): only the CSRF token."""


class ReasonForm(PlannerForm):
    reason = StringField("Reason (optional, kept in the history)",
                         validators=[Optional(), Length(max=500)])


@lru_cache(maxsize=1)
def timezone_names() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


@lru_cache(maxsize=1)
def country_choices() -> list[SelectChoice]:
    countries = sorted(pycountry.countries, key=lambda c: getattr(c, "common_name", c.name))
    return options([("", "— none —")] + [(c.alpha_2, getattr(c, "common_name", c.name)) for c in countries])


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select options."""
    return [SelectChoice(value, label) for value, label in pairs]


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _real_zone(_form, field) -> None:
    if not is_timezone(field.data):
        raise ValidationError(f"“{field.data}” is not an IANA time zone; use a name such as "
                              "Europe/Geneva or America/New_York.")


def _real_country(_form, field) -> None:
    if field.data and not is_country(field.data):
        raise ValidationError(f"“{field.data}” is not a country code; pick a country from the list.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class EventForm(PlannerForm):
    title = StringField("Title", filters=[_strip],
                        validators=[DataRequired("Give the event a title."), Length(max=300)])
    slug = StringField("Address (slug)", filters=[_strip],
                       validators=[DataRequired("Give the event an address."), Length(max=80), SLUG_RULE],
                       description="The page will be /events/<slug>.")
    kind = SelectField("Kind", choices=options((k.value, k.label) for k in EventKind))
    status = SelectField("Status", choices=options((s.value, s.label) for s in EventStatus),
                         default=EventStatus.TO_BE_SCHEDULED.value)
    series_id = SelectField("Series", coerce=_optional_int, choices=options([("", "— none —")]))
    edition = IntegerField("Edition number", validators=[Optional(), NumberRange(min=1, message="An edition number starts at 1.")])
    timezone = StringField("Time zone", filters=[_strip], default="America/New_York",
                           validators=[DataRequired("Give the event's IANA time zone."), _real_zone],
                           description="The IANA zone the event happens in, e.g. America/Argentina/Buenos_Aires.")
    venue_id = SelectField("Venue", coerce=_optional_int, choices=options([("", "— none —")]))
    country = SelectField("Host country", choices=country_choices, validate_choice=False,
                          validators=[_real_country])
    city = StringField("City", filters=[_strip], validators=[Length(max=120)])
    host = StringField("Host", filters=[_strip], validators=[Length(max=300)])
    theme = StringField("Theme", filters=[_strip])
    description = TextAreaField("Description", filters=[_strip])
    all_day = BooleanField("All-day event (dates without times)")
    first_day = DateField("First day", validators=[Optional()],
                          invalid_value_message="Enter a date as YYYY-MM-DD.")
    last_day = DateField("Last day", validators=[Optional()],
                         invalid_value_message="Enter a date as YYYY-MM-DD.")
    starts_local = DateTimeLocalField("Starts (local time)", format=DATETIME_FORMATS,
                                      validators=[Optional()],
                                      invalid_value_message="Enter a date and time as YYYY-MM-DD HH:MM.")
    ends_local = DateTimeLocalField("Ends (local time)", format=DATETIME_FORMATS,
                                    validators=[Optional()],
                                    invalid_value_message="Enter a date and time as YYYY-MM-DD HH:MM.")
    yearly = BooleanField("Recurs every year on the same date (observances)")
    published = BooleanField("Published (shown on the public pages and calendar feeds)")

    def set_choices(self, series, venues) -> "EventForm":
        self.series_id.choices = options([("", "— none —")] + [(s.id, s.title) for s in series])
        self.venue_id.choices = options([("", "— none —")] + [
            (v.id, f"{v.name}, {v.city}" if v.city else v.name) for v in venues])
        return self

    @classmethod
    def for_event(cls, event: Event, **kwargs) -> "EventForm":
        """The form filled from `event`, with its instants shown in the event's own zone."""
        local = dict(first_day=None, last_day=None, starts_local=None, ends_local=None)
        if event.is_dated and event.all_day:
            local.update(first_day=event.first_day, last_day=event.last_day)
        elif event.is_dated:
            local.update(starts_local=event.local_start.replace(tzinfo=None),
                         ends_local=event.local_end.replace(tzinfo=None))
        return cls(obj=event, yearly=event.recurrence == Recurrence.YEARLY,
                   country=event.country or "", **local, **kwargs)

    def values(self) -> editing.EventValues:
        return editing.EventValues(
            slug=self.slug.data, title=self.title.data, kind=self.kind.data,
            status=self.status.data, series_id=self.series_id.data, edition=self.edition.data,
            timezone=self.timezone.data, venue_id=self.venue_id.data,
            country=self.country.data or None, city=self.city.data or "",
            host=self.host.data or "", theme=self.theme.data or "",
            description=self.description.data or "", published=self.published.data,
            all_day=self.all_day.data, first_day=self.first_day.data,
            last_day=self.last_day.data, local_start=self.starts_local.data,
            local_end=self.ends_local.data, yearly=self.yearly.data)

    def validate(self, extra_validators=None) -> bool:
        """Field checks first, then the rules across fields, each shown beside its field."""
        valid = super().validate(extra_validators)
        for name, message in editing.event_problems(self.values()).items():
            if not self._fields[name].errors:
                self.add_error(name, message)
                valid = False
        return valid


class EventFilterForm(FlaskForm):
    """The filters above the events list: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    kind = SelectField("Kind", choices=options([("", "Any kind")] + [(k.value, k.label) for k in EventKind]),
                       validate_choice=False)
    status = SelectField("Status", choices=options([("", "Any status")] + [(s.value, s.label) for s in EventStatus]),
                         validate_choice=False)
    year = SelectField("Year", coerce=_optional_int, choices=options([("", "Any year")]),
                       validate_choice=False)

    def set_years(self, years) -> "EventFilterForm":
        self.year.choices = options([("", "Any year")] + [(y, str(y)) for y in years])
        return self

    def filters(self) -> dict:
        """Only the filters that name something real; a tampered value filters nothing."""
        kinds, statuses = {k.value for k in EventKind}, {s.value for s in EventStatus}
        return dict(kind=self.kind.data if self.kind.data in kinds else None,
                    status=self.status.data if self.status.data in statuses else None,
                    year=self.year.data if not self.year.errors else None)


class SeriesForm(PlannerForm):
    slug = StringField("Address (slug)", filters=[_strip],
                       validators=[DataRequired("Give the series a slug."), Length(max=80), SLUG_RULE])
    title = StringField("Title", filters=[_strip],
                        validators=[DataRequired("Give the series a title."), Length(max=300)])
    description = TextAreaField("Description", filters=[_strip])

    def values(self) -> dict:
        return dict(slug=self.slug.data, title=self.title.data, description=self.description.data or "")


class VenueForm(PlannerForm):
    name = StringField("Name", filters=[_strip],
                       validators=[DataRequired("Give the venue a name."), Length(max=300)])
    address = TextAreaField("Address", filters=[_strip])
    city = StringField("City", filters=[_strip], validators=[Length(max=120)])
    country = SelectField("Country", choices=country_choices, validate_choice=False,
                          validators=[_real_country])
    timezone = StringField("Time zone", filters=[_strip], default="America/New_York",
                           validators=[DataRequired("Give the venue's IANA time zone."), _real_zone])

    def values(self) -> dict:
        return dict(name=self.name.data, address=self.address.data or "", city=self.city.data or "",
                    country=self.country.data or None, timezone=self.timezone.data)


class RoomForm(PlannerForm):
    name = StringField("Name", filters=[_strip],
                       validators=[DataRequired("Give the room a name."), Length(max=200)])
    capacity = IntegerField("Seats", validators=[Optional(), NumberRange(min=1, message="Give a positive number of seats, or leave it empty.")])

    def values(self) -> dict:
        return dict(name=self.name.data, capacity=self.capacity.data)
