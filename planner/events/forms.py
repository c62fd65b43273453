"""WTForms forms of the events' management side: events, series, venues and rooms.

Forms parse and check what one request sent; rules that span several fields live in
planner.events.editing (`event_problems`), so the same rules hold for any caller, and the form
only puts each message beside the field it concerns. The base form and the field helpers every
package shares are in planner.forms.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from zoneinfo import available_timezones

from babel.dates import get_timezone, get_timezone_location
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner import images
from planner.events import editing, logos
from planner.events.colours import colour_problem
from planner.events.models import (
    BADGE_LAYOUT_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    BadgeLayout,
    Event,
    EventKind,
    EventStatus,
    Recurrence,
)
from planner.formatting import country
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
from planner.i18n import current_language
from planner.validation import ModelValidationError, is_timezone

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


# UN duty stations and conference cities whose zone is named after another city: a secretary who
# types "Geneva" is offered Europe/Zurich. The other duty stations (New York, Nairobi, Vienna,
# Bangkok, Addis Ababa, Beirut, Santiago) name their own zones.
CITY_ZONES = {
    "Geneva": "Europe/Zurich",
    "Bonn": "Europe/Berlin",
    "The Hague": "Europe/Amsterdam",
    "Washington": "America/New_York",
    "Montreal": "America/Toronto",
    "Turin": "Europe/Rome",
    "Marrakech": "Africa/Casablanca",
    "Abu Dhabi": "Asia/Dubai",
    "Sharm el-Sheikh": "Africa/Cairo",
}


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, list[str]]:
    """{zone: its ISO country codes}, from the zone.tab of the tzdata the app pins."""
    countries: dict[str, list[str]] = {}
    for line in resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_comment = line.split("\t")
            countries.setdefault(zone, []).append(code)
    return countries


def timezone_options() -> list[tuple[str, str]]:
    """(zone, "Zurich · Switzerland") for every zone, in the reader's language: the zone field's
    suggestions, so that a zone is found by its city or its country."""
    return _timezone_options(current_language().code)


@lru_cache(maxsize=8)
def _timezone_options(language_code: str) -> list[tuple[str, str]]:
    locale = current_language().locale
    aliases: dict[str, list[str]] = {}
    for city, zone in CITY_ZONES.items():
        aliases.setdefault(zone, []).append(city)
    options_ = []
    for zone in timezone_names():
        try:
            city = get_timezone_location(get_timezone(zone), locale=locale, return_city=True)
        except (LookupError, ValueError):
            city = zone.rsplit("/", 1)[-1].replace("_", " ")
        places = [city, *aliases.get(zone, []), *(country(code) for code in _zone_countries().get(zone, []))]
        options_.append((zone, " · ".join(dict.fromkeys(place for place in places if place))))
    return options_


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold().strip()


def zones_matching(text: str, limit: int = 3) -> list[str]:
    """Zones whose name, city or country contains `text` ("switzerland", "Genève" -> Europe/Zurich)."""
    wanted = _plain(text)
    if len(wanted) < 3:
        return []
    canonical = _zone_countries()  # not the old aliases (America/Buenos_Aires)
    found = [zone for zone, label in timezone_options() if zone in canonical and wanted in _plain(f"{zone} {label}")]
    found += [zone for city, zone in CITY_ZONES.items() if wanted in _plain(city) and zone not in found]
    return found[:limit]


def _real_zone(_form, field) -> None:
    if is_timezone(field.data):
        return
    matching = zones_matching(field.data or "")
    if matching:
        raise ValidationError(
            _(
                "“%(zone)s” is not a time zone name; did you mean %(zones)s?",
                zone=field.data,
                zones=" / ".join(matching),
            )
        )
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


class BrandingForm(PlannerForm):
    """The event's logo, colour and badge stock: a form of its own on the edit page, since it sends
    a file and none of it needs the preview that new dates or a new place get.

    The logo is read here, at most one byte beyond LOGO_MAX_BYTES (so an oversized file is refused
    without being read whole), and checked by the same rules the service applies
    (planner.events.logos, planner.events.colours), so that every problem shows beside its field
    at once."""

    logo = FileField(_l("New logo"))
    remove_logo = BooleanField(_l("Remove the logo"))
    brand_colour = StringField(
        _l("Colour (#rrggbb)"),
        filters=[strip_text, lambda value: value.lower() if isinstance(value, str) else value],
        validators=[Optional(), Length(max=7, message=_l("A colour is # and six hexadecimal digits."))],
        description=_l(
            "The band at the top of the event's page and of its badges, under white text, which must read on it "
            "(contrast 4.5:1). "
            "Leave empty for the site's own colours."
        ),
    )
    badge_layout = SelectField(
        _l("Badge stock"),
        choices=options(BADGE_LAYOUT_LABELS.items()),
        default=BadgeLayout.A4_QUARTER.value,
        validators=[InputRequired(_l("Choose the badge stock."))],  # a request without it resets nothing
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.logo.description = images.hint(logos.RULES)

    @classmethod
    def for_event(cls, event: Event) -> "BrandingForm":
        """The form filled from the event, whatever the request holds (the edit page's other form)."""
        return cls(formdata=None, brand_colour=event.brand_colour or "", badge_layout=event.badge_layout)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        colour = self.brand_colour.data
        if colour and not self.brand_colour.errors and (problem := colour_problem(colour)):
            self.add_error("brand_colour", problem)
            valid = False
        upload = self.logo.data
        self._logo = upload.stream.read(logos.RULES.max_bytes() + 1) if isinstance(upload, FileStorage) else None
        if self._logo is not None:
            try:
                logos.RULES.accept(self._logo)
            except ModelValidationError as error:
                self.add_error("logo", error.message)
                valid = False
        return valid

    def values(self) -> editing.BrandingValues:
        return editing.BrandingValues(
            brand_colour=self.brand_colour.data or None,
            badge_layout=self.badge_layout.data,
            logo=self._logo,
            remove_logo=bool(self.remove_logo.data),
        )
