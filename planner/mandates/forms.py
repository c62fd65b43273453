"""WTForms for the mandate management pages: import a resolution, decide on a suggestion."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileSize
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from planner.forms import PlannerForm
from planner.mandates.models import is_symbol

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
        _l("Or upload a plain-text file (UTF-8)"),
        validators=[FileSize(MAX_UPLOAD_BYTES, message=_l("The file is larger than 2 MB."))],
    )
    replace = BooleanField(_l("Replace the text if this symbol is already imported"))

    def validate_symbol(self, field) -> None:
        field.data = " ".join((field.data or "").split()).upper()
        if not is_symbol(field.data):
            raise ValidationError(_l("Write the symbol like A/RES/71/244."))

    def validate_text(self, field) -> None:
        if not (field.data or "").strip() and not self.upload.data:
            raise ValidationError(_l("Paste the text of the resolution or upload a file."))


class DecisionForm(PlannerForm):
    """Accept or dismiss one suggestion; an event suggestion may be linked to an existing event."""

    key = HiddenField(validators=[DataRequired()])
    existing_event = SelectField(_l("Link to an existing event instead"), coerce=str, validators=[Optional()])
