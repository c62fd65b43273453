"""WTForms for the mandate management pages: import a resolution, decide on a suggestion, link a
paragraph by hand, edit and close a deadline."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileSize
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.db import utcnow
from planner.forms import PlannerForm, WholeNumberField, options
from planner.mandates.models import LinkRole, is_symbol

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ImportResolutionForm(PlannerForm):
    symbol = StringField(
        _l("Symbol"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("As printed on the document, e.g. A/RES/71/244."),
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(), Length(max=300)], description=_l("e.g. South-South cooperation")
    )
    adopted = DateField(_l("Adopted on"), validators=[Optional()])
    # The default is data (the body's name as stored), not interface text.
    body = StringField(_l("Adopting body"), default="General Assembly", validators=[DataRequired(), Length(max=120)])
    text = TextAreaField(_l("Text"), description=_l("Paste the plain text, or upload a file below."))
    upload = FileField(
        _l("Or upload the resolution as PDF, Word (.docx) or plain text (UTF-8)"),
        validators=[FileSize(MAX_UPLOAD_BYTES, message=_l("The file is larger than 2 MB."))],
    )
    replace = BooleanField(_l("Replace the text if this symbol is already imported"))

    def validate_symbol(self, field) -> None:
        field.data = " ".join((field.data or "").split()).upper()
        if not is_symbol(field.data):
            raise ValidationError(_l("Write the symbol like A/RES/71/244."))

    def validate_adopted(self, field) -> None:
        """A resolution is imported after its adoption: a date ahead of today is a typing error."""
        if field.data and field.data > utcnow().date():
            raise ValidationError(_l("The adoption date is in the future."))

    def validate_text(self, field) -> None:
        if not (field.data or "").strip() and not self.upload.data:
            raise ValidationError(_l("Paste the text of the resolution or upload a file."))


class DecisionForm(PlannerForm):
    """Accept or dismiss one suggestion; an event suggestion may be linked to an existing event."""

    key = HiddenField(validators=[DataRequired()])
    existing_event = SelectField(_l("Link to an existing event instead"), coerce=str, validators=[Optional()])


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.display) for role in LinkRole]


class ParagraphLinkForm(PlannerForm):
    """Link the paragraph the picker found to this event or session, with a role."""

    paragraph_id = WholeNumberField(validators=[InputRequired(), NumberRange(min=1)])
    role = SelectField(_l("Role"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()


class TargetLinkForm(PlannerForm):
    """Link this paragraph to the event or session the picker found ("event:3", "session:12")."""

    target = HiddenField(validators=[DataRequired()])
    role = SelectField(_l("Role"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()

    def validate_target(self, field) -> None:
        kind, _sep, number = (field.data or "").partition(":")
        if kind not in ("event", "session") or not number.isdigit() or len(number) > 12:
            raise ValidationError(_l("Choose an event or a session from the list."))


class DeadlineForm(PlannerForm):
    """What the secretariat may correct on a deadline: its date, who is responsible, a note."""

    due_on = DateField(_l("Due on"), validators=[Optional()])
    responsible = StringField(_l("Responsible"), validators=[Optional(), Length(max=200)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=4000)])

    def validate(self, extra_validators=None) -> bool:
        """A request that leaves a field out (not one sent empty) changes nothing: it would clear it."""
        valid = super().validate(extra_validators)
        if any(not field.raw_data for field in (self.due_on, self.responsible, self.note)):
            self.form_errors.append(_("The form was incomplete; nothing was changed. Reload the page and try again."))
            return False
        return valid


class CloseDeadlineForm(PlannerForm):
    """Close a deadline: delivered (by a document's symbol or as the note says), superseded by a
    later resolution, or dropped (the reason in the note)."""

    status = SelectField(
        _l("Close as"),
        choices=options(
            [
                ("delivered", _l("Delivered")),
                ("superseded", _l("Superseded by a later resolution")),
                ("dropped", _l("Dropped")),
            ]
        ),
        validators=[DataRequired()],
    )
    delivered_by = StringField(
        _l("Delivered by"),
        validators=[Optional(), Length(max=200)],
        description=_l("A document's symbol, e.g. A/72/297."),
    )
    superseded_by = StringField(_l("Superseded by"), validators=[Length(max=40)], description=_l("e.g. A/RES/73/291"))
    closing_note = TextAreaField(
        _l("Note"), validators=[Length(max=4000)], description=_l("What delivered it, or why it was dropped.")
    )
    closed_on = DateField(_l("Closed on"), validators=[Optional()])

    def validate_superseded_by(self, field) -> None:
        field.data = " ".join((field.data or "").split()).upper()
        if self.status.data == "superseded" and not is_symbol(field.data):
            raise ValidationError(_l("Name the later resolution, like A/RES/73/291."))

    def validate_closing_note(self, field) -> None:
        if self.status.data == "dropped" and not (field.data or "").strip():
            raise ValidationError(_l("Say why the deadline is dropped."))
        if self.status.data == "delivered" and not (
            (field.data or "").strip() or (self.delivered_by.data or "").strip()
        ):
            raise ValidationError(_l("Say what delivered it: a document's symbol or a note."))
