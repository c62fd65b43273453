"""WTForms forms of the agenda: a session (with its people and the "save anyway" choice), the
confirmation pages of cancelling, reinstating and deleting one, and copying an earlier edition's
agenda. Rules across fields live in planner.agenda.editing."""

from __future__ import annotations

from datetime import datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from planner import images
from planner.agenda import editing, moving, photos
from planner.agenda.models import AgendaSession, SessionKind
from planner.events.models import Event
from planner.formatting import date_long
from planner.forms import (
    DATETIME_FORMATS,
    ConfirmedForm,
    PlannerForm,
    WholeNumberField,
    country_choices,
    int_or_none,
    known_country,
    options,
    strip_text,
)
from planner.validation import ModelValidationError

TIME_MESSAGE = _l("Enter a date and time as YYYY-MM-DD HH:MM.")
MESSAGE_MAX, REASON_MAX = 2000, 500
MESSAGE_HINT = _l("Sent as written in every participant's e-mail, whatever their language.")
NO_ROOM = _l("— no room —")


def _local_time(label) -> DateTimeLocalField:
    """A session's start or end in its event's wall-clock time (the edit form's and a move's)."""
    return DateTimeLocalField(
        label, format=DATETIME_FORMATS, validators=[DataRequired(TIME_MESSAGE)], invalid_value_message=TIME_MESSAGE
    )


CHOOSE_EDITION = _l("— choose an edition —")


BIOGRAPHY_MAX = 4000


class SaveAnywayForm(PlannerForm):
    """A form whose save may find conflicts (planner.agenda.conflicts): saving anyway needs a
    reason, which goes into the history. The session form and a side event's placement use it."""

    save_anyway = BooleanField(_l("Save anyway, despite the conflicts listed above"))
    reason = StringField(
        _l("Reason for saving despite the conflicts (kept in the history)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=REASON_MAX)],
    )

    @property
    def override_reason(self) -> str | None:
        return self.reason.data if self.save_anyway.data else None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.save_anyway.data and not self.reason.data:
            self.add_error("reason", _("Give the reason for saving despite the conflicts."))
            valid = False
        return valid


class SessionForm(SaveAnywayForm):
    field_order = (
        "title",
        "kind",
        "description",
        "starts_local",
        "ends_local",
        "room_id",
        "message",
        "people",
        "save_anyway",
        "reason",
    )

    title = StringField(
        _l("Title"), filters=[strip_text], validators=[DataRequired(_l("Give the session a title.")), Length(max=300)]
    )
    kind = SelectField(_l("Kind"), choices=options((k.value, k.label) for k in SessionKind))
    starts_local = _local_time(_l("Starts (local time)"))
    ends_local = _local_time(_l("Ends (local time)"))
    room_id = SelectField(_l("Room"), coerce=int_or_none, choices=options([("", NO_ROOM)]))
    description = TextAreaField(_l("Description"), filters=[strip_text])
    people = TextAreaField(
        _l("People"),
        filters=[strip_text],
        description=_l(
            "One per line as “Role: Name”, e.g. “Chair: President of the Conference”. Roles: %(roles)s.",
            roles=editing.role_keywords(),
        ),
    )
    message = TextAreaField(
        _l("Message to the participants told of a new time or room (optional)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=MESSAGE_MAX)],
        description=MESSAGE_HINT,
    )

    def setup(self, event: Event, rooms) -> "SessionForm":
        self.event = event
        self.starts_local.description = self.ends_local.description = _(
            "In the event's time zone, %(zone)s.", zone=event.timezone
        )
        self.room_id.choices = options([("", NO_ROOM)] + [(r.id, r.name) for r in rooms])
        return self

    @classmethod
    def for_session(cls, agenda_session: AgendaSession, event: Event) -> "SessionForm":
        return cls(
            obj=agenda_session,
            people=editing.format_people(agenda_session),
            starts_local=agenda_session.starts_at.astimezone(event.zone).replace(tzinfo=None),
            ends_local=agenda_session.ends_at.astimezone(event.zone).replace(tzinfo=None),
        )

    @classmethod
    def prefilled(cls, event: Event, day, room_id: int | None) -> "SessionForm":
        """A new session's form starting at 10:00 on the day shown in the timetable."""
        if day is None:
            return cls(room_id=room_id)
        return cls(
            room_id=room_id, starts_local=datetime.combine(day, time(10)), ends_local=datetime.combine(day, time(11))
        )

    def values(self) -> editing.SessionValues:
        return editing.SessionValues(
            title=self.title.data,
            kind=self.kind.data,
            local_start=self.starts_local.data,
            local_end=self.ends_local.data,
            room_id=self.room_id.data,
            description=self.description.data or "",
            people=self._people,
        )

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the rules across fields, each message beside its field."""
        valid = super().validate(extra_validators)
        self._people = []
        try:
            self._people = editing.parse_people(self.people.data)
        except ValueError as error:
            self.add_error("people", str(error))
            valid = False
        if self.starts_local.data and self.ends_local.data:
            for name, message in editing.session_problems(self.values(), self.event).items():
                if not self._fields[name].errors:
                    self.add_error(name, message)
                    valid = False
        return valid


class MoveForm(SaveAnywayForm):
    """A session's new start, end and room, sent by the timetable's script (JSON, with the CSRF
    token in its header) or as a form; `version` is the state of the session the page showed."""

    version = StringField(
        validators=[DataRequired(_l("The page did not say which version of the session it showed.")), Length(max=64)]
    )
    starts_local = _local_time(_l("Starts (local time)"))
    ends_local = _local_time(_l("Ends (local time)"))
    room_id = WholeNumberField(_l("Room"), validators=[Optional()])

    def position(self) -> moving.Position:
        return moving.Position(self.starts_local.data, self.ends_local.data, self.room_id.data)


class SessionNoticeForm(ConfirmedForm):
    """Cancelling or reinstating a published session: the participants who picked it are told."""

    message = TextAreaField(
        _l("Message to the participants (optional)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=MESSAGE_MAX)],
        description=MESSAGE_HINT,
    )
    reason = StringField(
        _l("Reason (kept in the history, not sent)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=REASON_MAX)],
    )


class CopyAgendaForm(PlannerForm):
    source_id = SelectField(
        _l("Copy the agenda of"),
        coerce=int_or_none,
        choices=options([("", CHOOSE_EDITION)]),
        validators=[DataRequired(_l("Choose the edition to copy from."))],
    )

    def setup(self, editions) -> "CopyAgendaForm":
        self.source_id.choices = options(
            [("", CHOOSE_EDITION)] + [(e.id, f"{e.title} ({date_long(e.first_day)})") for e in editions]
        )
        return self


class PersonForm(PlannerForm):
    name = StringField(
        _l("Name"),
        filters=[strip_text],
        validators=[DataRequired(_l("Give the person's name.")), Length(max=200)],
        description=_l("As it is typed in the sessions' People field."),
    )
    honorific = StringField(
        _l("Honorific"), filters=[strip_text], validators=[Length(max=60)], description=_l("e.g. H.E. Mr., Ms., Dr.")
    )
    function = StringField(_l("Function"), filters=[strip_text], validators=[Length(max=300)])
    organisation = StringField(_l("Organisation"), filters=[strip_text], validators=[Length(max=300)])
    country = SelectField(_l("Country"), choices=country_choices, validate_choice=False, validators=[known_country])
    biography = TextAreaField(
        _l("Biography (optional)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=BIOGRAPHY_MAX)],
        description=_l("Shown on the person's public page, a few paragraphs at most."),
    )

    def values(self) -> dict:
        return dict(
            name=self.name.data,
            honorific=self.honorific.data or "",
            function=self.function.data or "",
            organisation=self.organisation.data or "",
            country=self.country.data or None,
            biography=self.biography.data or "",
        )


class PhotoForm(PlannerForm):
    """A person's photo: a form of its own on the person's edit page, since it sends a file.

    The file is read here, at most one byte beyond PHOTO_MAX_BYTES (so an oversized file is
    refused without being read whole), and checked by the rules the service applies
    (planner.agenda.photos), so the problem shows beside the field at once."""

    photo = FileField(_l("New photo"))
    remove_photo = BooleanField(_l("Remove the photo"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo.description = images.hint(photos.RULES)
        self.upload: bytes | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        upload = self.photo.data
        self.upload = upload.stream.read(photos.RULES.max_bytes() + 1) if isinstance(upload, FileStorage) else None
        if self.upload is not None:
            try:
                photos.RULES.accept(self.upload)
            except ModelValidationError as error:
                self.add_error("photo", error.message)
                valid = False
        return valid


class MergeForm(PlannerForm):
    """Merge another record into this person: the other's sessions become this person's."""

    other = SelectField(_l("The same person, recorded as"), coerce=int_or_none, choices=[])

    def validate_other(self, field) -> None:
        if field.data is None:
            raise ValidationError(_("Choose the record to merge into this one."))
