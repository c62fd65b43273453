"""The public registration form, the participant's edit form and the secretariat's settings form.

Length limits here equal the column sizes, so an overlong value is an error beside its field,
never a database error. Markup characters are refused in names: they are escaped on every page
anyway, but a badge or a spreadsheet should not carry "<script>".
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from planner.forms import (
    DATETIME_FORMATS,
    ConfirmedForm,
    PlannerForm,
    WholeNumberField,
    country_choices,
    known_state,
    options,
    state_choices,
)
from planner.i18n import current_language
from planner.registration.editing import Participant
from planner.registration.letters import LetterRequest
from planner.registration.models import (
    CONSULATE_MAX,
    EMAIL_MAX,
    NAME_MAX,
    NEEDS_MAX,
    ORG_MAX,
    PASSPORT_MAX,
    PLACE_MAX,
    Category,
)
from planner.registration.salutation import HONORIFICS
from planner.validation import is_country, is_email


def EMAIL_RULE(_form, field) -> None:
    """One e-mail address, nothing else (planner.validation.is_email)."""
    if field.data and not is_email(field.data):
        raise ValidationError(_("Enter an e-mail address such as name@example.org."))


def _no_markup(_form, field) -> None:
    if field.data and any(c in field.data for c in "<>"):
        raise ValidationError(_("Please leave out the characters < and >."))


def _country(_form, field) -> None:
    if field.data and not is_country(field.data):
        raise ValidationError(_("Pick a country from the list."))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _text(label, max_length, required=None, validators=(), **kwargs):
    validators = [DataRequired(required)] if required else list(validators) or [Optional()]
    return StringField(label, filters=[_strip], validators=[*validators, Length(max=max_length), _no_markup], **kwargs)


def _for_letter(message):
    """Required of those who ask for a letter of invitation; for everyone else the field is
    ignored, whatever it holds (a browser may keep values typed before the box was unticked)."""

    def check(form, field) -> None:
        if not form.letter_wanted():
            field.errors[:] = []
            raise StopValidation()
        typed = " ".join(field.raw_data or []).strip()
        if not typed:
            field.errors[:] = [str(message)]
            raise StopValidation()
        if field.errors:  # a date WTForms could not read: its message stands
            raise StopValidation()

    return check


class DetailsForm(PlannerForm):
    """What a participant may change later through the private link."""

    honorific = SelectField(_l("Honorific (optional)"), choices=options(HONORIFICS.items()))
    given_name = _text(_l("Given name"), NAME_MAX, _l("Enter your given name."))
    family_name = _text(_l("Family name"), NAME_MAX, _l("Enter your family name."))
    organisation = _text(_l("Organisation"), ORG_MAX, _l("Enter your organisation, ministry or mission."))
    function = _text(_l("Function or title (optional)"), ORG_MAX)
    country = SelectField(
        _l("Country (of your organisation)"),
        choices=country_choices,
        validate_choice=False,
        validators=[DataRequired(_l("Pick a country.")), _country],
    )
    represents = SelectField(
        _l("Member State represented"),
        choices=state_choices,
        validate_choice=False,
        validators=[known_state],
        description=_l("Only for delegates of a Member State."),
    )
    accessibility_needs = TextAreaField(
        _l("Accessibility needs (optional)"),
        filters=[_strip],
        validators=[Length(max=NEEDS_MAX)],
        description=_l("For example wheelchair access, sign language interpretation or captioning."),
    )
    listed = BooleanField(
        _l("List my name in the event's list of participants"),
        description=_l("Optional. The secretariat publishes the list; only accredited participants appear in it."),
    )

    category_value: str = ""

    def validate_represents(self, field) -> None:
        if self.category_value == Category.MEMBER_STATE and not field.data:
            raise ValidationError(_("Name the Member State you represent."))

    def participant(self, email: str, category: str) -> Participant:
        """The details typed, in the language the form is answered in (later e-mails use it)."""
        return Participant(
            honorific=self.honorific.data or "",
            given_name=self.given_name.data,
            family_name=self.family_name.data,
            email=email,
            organisation=self.organisation.data,
            function=self.function.data or "",
            country=self.country.data or None,
            category=category,
            represents=self.represents.data or None,
            accessibility_needs=self.accessibility_needs.data or "",
            listed=bool(self.listed.data),
            language=current_language().code,
        )


class VisaFields:
    """The passport details a letter of invitation states (planner.registration.letters), asked
    on the registration form and on the participant's own letter page."""

    nationality = SelectField(
        _l("Nationality"),
        choices=state_choices,
        validate_choice=False,
        validators=[_for_letter(_l("Pick your nationality.")), known_state],
    )
    passport_number = StringField(
        _l("Passport number"),
        filters=[_strip],
        validators=[_for_letter(_l("Enter your passport number.")), Length(max=PASSPORT_MAX)],
    )
    passport_expiry = DateField(
        _l("Passport valid until"),
        format="%Y-%m-%d",
        render_kw={"type": "date"},
        validators=[_for_letter(_l("Enter the date your passport expires."))],
        description=_l("Many consulates ask for a passport valid six months beyond the stay."),
    )
    birth_date = DateField(
        _l("Date of birth"),
        format="%Y-%m-%d",
        render_kw={"type": "date"},
        validators=[_for_letter(_l("Enter your date of birth."))],
    )
    birth_place = _text(_l("Place of birth"), PLACE_MAX, validators=[_for_letter(_l("Enter your place of birth."))])
    consulate = _text(
        _l("Consulate where you will apply"),
        CONSULATE_MAX,
        validators=[_for_letter(_l("Name the consulate where you will apply for the visa."))],
        description=_l("For example: Embassy of Kenya, Berlin."),
    )

    def letter_wanted(self) -> bool:
        return True

    def letter_request(self) -> LetterRequest | None:
        """The passport details, when a letter was asked for (the view asks only if the event offers letters)."""
        if not self.letter_wanted():
            return None
        return LetterRequest(
            nationality=self.nationality.data,
            passport_number=self.passport_number.data,
            passport_expiry=self.passport_expiry.data,
            birth_date=self.birth_date.data,
            birth_place=self.birth_place.data,
            consulate=self.consulate.data,
        )


class RegistrationForm(VisaFields, DetailsForm):
    field_order = (
        "honorific",
        "given_name",
        "family_name",
        "email",
        "organisation",
        "function",
        "country",
        "category",
        "represents",
        "accessibility_needs",
        "wants_letter",
        "nationality",
        "passport_number",
        "passport_expiry",
        "birth_date",
        "birth_place",
        "consulate",
        "listed",
        "consent",
    )
    email = StringField(
        _l("E-mail address"),
        filters=[_strip],
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=EMAIL_MAX), EMAIL_RULE],
        description=_l("Your confirmation and private link are sent here."),
    )
    category = SelectField(
        _l("Participant category"), choices=[], validators=[DataRequired(_l("Pick your participant category."))]
    )
    consent = BooleanField(
        _l("I agree that the secretariat processes these details to organise the event"),
        validators=[DataRequired(_l("Registration needs your consent."))],
    )
    wants_letter = BooleanField(
        _l("I need a letter of invitation to apply for a visa"),
        description=_l("The secretariat sends it to confirmed participants, in the language of this form."),
    )

    def for_categories(self, offered) -> "RegistrationForm":
        self.category.choices = options([("", _l("— choose —"))] + [(c.value, c.label) for c in offered])
        return self

    def letter_wanted(self) -> bool:
        return bool(self.wants_letter.data)

    def without_letters(self) -> "RegistrationForm":
        """For an event that offers no letters: the visa fields are ignored, whatever a POST holds."""
        self.wants_letter.data = False
        return self

    def validate(self, extra_validators=None) -> bool:
        self.category_value = self.category.data or ""
        return super().validate(extra_validators)

    def values(self) -> Participant:
        return self.participant(self.email.data, self.category.data)


class LetterForm(VisaFields, PlannerForm):
    """A participant asks for a letter after registering, or corrects the details of one not yet issued."""

    field_order = ("nationality", "passport_number", "passport_expiry", "birth_date", "birth_place", "consulate")


class EditForm(DetailsForm):
    @classmethod
    def for_registration(cls, registration, **kwargs) -> "EditForm":
        form = cls(obj=registration, **kwargs)
        form.category_value = registration.category
        form.represents.data = form.represents.data or ""
        return form


class ResendForm(PlannerForm):
    email = HiddenField(validators=[DataRequired(), Length(max=EMAIL_MAX), EMAIL_RULE])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


SEATS_RANGE = _l("Enter 0 to 100000 seats.")


class SettingsForm(PlannerForm):
    """The secretariat's registration settings; dates are wall-clock times in the event's zone."""

    opens_local = DateTimeLocalField(
        _l("Opens (event's local time, optional)"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        invalid_value_message=_l("Enter a date and time as YYYY-MM-DD HH:MM."),
    )
    closes_local = DateTimeLocalField(
        _l("Closes (event's local time, optional)"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        invalid_value_message=_l("Enter a date and time as YYYY-MM-DD HH:MM."),
        description=_l("Without a closing time, registration closes when the event starts."),
    )
    capacity = WholeNumberField(
        _l("Total seats (empty: no limit)"),
        validators=[Optional(), NumberRange(min=0, max=100000, message=SEATS_RANGE)],
    )
    requires_approval = BooleanField(_l("The secretariat approves each registration"))
    categories = MultiCheckboxField(
        _l("Categories offered"),
        choices=options((c.value, c.label) for c in Category),
        validators=[InputRequired(_l("Offer at least one category."))],
    )
    reminder_days = WholeNumberField(
        _l("Send a reminder this many days before the event (optional)"),
        validators=[Optional(), NumberRange(min=1, max=60, message=_l("Enter a number of days from 1 to 60."))],
        description=_l(
            "Every participant whose registration is confirmed, waiting or pending gets one reminder "
            "in their language, with the programme and their private link. Empty: no reminder."
        ),
    )
    invitation_letters = BooleanField(
        _l("Offer letters of invitation for visas"),
        description=_l(
            "The form then asks those who need a visa for their passport details; the accreditation desk "
            "issues the letters."
        ),
    )


def quota_fields():
    """(category, form field name) pairs: one optional quota per category."""
    return [(c, f"quota_{c.value}") for c in Category]


for _category, _name in quota_fields():
    setattr(
        SettingsForm,
        _name,
        WholeNumberField(
            _l("Seats for %(category)s (empty: no quota)", category=_category.label),
            validators=[Optional(), NumberRange(min=0, max=100000, message=SEATS_RANGE)],
        ),
    )


REASON_MAX = 500


class RejectForm(ConfirmedForm):
    """Rejecting a registration: the reason is required, since the participant reads it."""

    reason = TextAreaField(
        _l("Reason (sent to the participant)"),
        filters=[_strip],
        validators=[DataRequired(_l("Give the reason the participant will read.")), Length(max=REASON_MAX)],
        description=_l("Write it in the participant's language if you can: it is sent as written."),
    )


class RestoreForm(ConfirmedForm):
    """Restoring a rejected or cancelled registration; the reason stays in the history."""

    reason = TextAreaField(
        _l("Reason (optional, kept in the history, not sent)"),
        filters=[_strip],
        validators=[Optional(), Length(max=REASON_MAX)],
    )
