"""Forms of the document pages: a document (type, symbol, issue date, title and link in each
language), a file for one language, the sessions it serves, a paragraph it answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from planner.documents.editing import DocumentValues
from planner.documents.models import SYMBOL_MAX, TITLE_MAX, TYPE_LABELS, URL_MAX, DocumentType, is_document_symbol
from planner.forms import PlannerForm, WholeNumberField, options
from planner.i18n.languages import LANGUAGES
from planner.mandates.models import is_symbol

_strip = [lambda value: " ".join(value.split()) if isinstance(value, str) else value]


class DocumentForm(PlannerForm):
    """The document; `title_<code>` and `link_<code>` fields are added per language below."""

    doc_type = SelectField(_l("Type"), choices=options(TYPE_LABELS.items()), validators=[DataRequired()])
    symbol = StringField(
        _l("Symbol"),
        validators=[Optional(), Length(max=SYMBOL_MAX)],
        filters=_strip,
        description=_l("As printed on the document, e.g. A/72/297 or A/CONF.235/1; none for an information note."),
    )
    issued_on = DateField(_l("Issued on"), validators=[Optional()])

    def validate_symbol(self, field) -> None:
        if field.data and not is_document_symbol(field.data):
            raise ValidationError(_l("Write the symbol like A/72/297 or A/CONF.235/1."))
        if not field.data and self.doc_type.data != DocumentType.INFORMATION_NOTE:
            raise ValidationError(_l("Only an information note may have no symbol."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not any(self[f"title_{code}"].data for code in LANGUAGES):
            self.add_error("title_en", str(_l("Give the title in at least one language.")))
            return False
        return valid

    def values(self) -> DocumentValues:
        return DocumentValues(
            doc_type=self.doc_type.data,
            symbol=self.symbol.data or None,
            issued_on=self.issued_on.data,
            titles={code: self[f"title_{code}"].data or "" for code in LANGUAGES},
            links={code: self[f"link_{code}"].data or "" for code in LANGUAGES},
        )


for _code, _language in LANGUAGES.items():
    setattr(
        DocumentForm,
        f"title_{_code}",
        StringField(
            _l("Title (%(language)s)", language=_language.native_name),
            validators=[Optional(), Length(max=TITLE_MAX)],
            filters=_strip,
        ),
    )
    setattr(
        DocumentForm,
        f"link_{_code}",
        StringField(
            _l("Link (%(language)s)", language=_language.native_name),
            validators=[
                Optional(),
                Length(max=URL_MAX),
                URL(require_tld=True, message=_l("Give a whole link, starting with https://.")),
            ],
            filters=_strip,
            description=_l("Instead of a file: the document on the Official Document System, say."),
        ),
    )


class UploadForm(PlannerForm):
    """One file, for one language: the size and type are checked from its bytes (planner.documents.files)."""

    language = SelectField(_l("Language"), validators=[DataRequired()])
    upload = FileField(_l("File (PDF or Word)"), validators=[DataRequired(message=_l("Choose a file to upload."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = options((code, language.native_name) for code, language in LANGUAGES.items())


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionsForm(PlannerForm):
    """The sessions a document serves; ids not of the document's event are ignored by the service."""

    sessions = MultiCheckboxField(_l("Sessions this document serves"), coerce=int, validate_choice=False)


class ParagraphForm(PlannerForm):
    """A paragraph of an imported resolution, by symbol and operative paragraph number."""

    resolution = StringField(
        _l("Resolution"),
        validators=[DataRequired(), Length(max=40)],
        filters=_strip,
        description=_l("e.g. A/RES/71/244"),
    )
    number = WholeNumberField(_l("Operative paragraph"), validators=[DataRequired(), NumberRange(min=1, max=999)])

    def validate_resolution(self, field) -> None:
        field.data = (field.data or "").upper()
        if not is_symbol(field.data):
            raise ValidationError(_l("Write the symbol like A/RES/71/244."))
