"""The delegation form (focal point or secretariat), the member form, credentials, accreditation,
size limits and publishing the list of participants.

A delegation is submitted on one page: the delegation's own fields (`DelegationForm`) and one row
per person (`MemberForm` with the prefix `m<N>-`, no CSRF token of its own: the page's form has
it). Blank rows are left out; the first filled row is the head of delegation.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from planner.delegations.editing import DelegationValues
from planner.delegations.models import (
    CREDENTIALS_LABELS,
    EDITION_LABELS,
    LEVEL_LABELS,
    NOTE_MAX,
    STATE_CATEGORIES,
    RepresentationLevel,
)
from planner.forms import ConfirmedForm, PlannerForm, WholeNumberField, known_state, options, state_choices
from planner.i18n import current_language
from planner.i18n.languages import LANGUAGES
from planner.registration.editing import Participant
from planner.registration.forms import EMAIL_RULE, REASON_MAX, _text
from planner.registration.models import EMAIL_MAX, NAME_MAX, ORG_MAX, Category
from planner.registration.salutation import HONORIFICS
from planner.un_states import is_observer_state

ROWS = 8  # person rows on a new delegation's form; the delegation link adds more later


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _language_choices():
    return options((language.code, language.native_name) for language in LANGUAGES.values())


class MemberForm(PlannerForm):
    """One person of a delegation. On the delegation form a row left blank is ignored."""

    honorific = SelectField(_l("Honorific (optional)"), choices=options(HONORIFICS.items()))
    given_name = _text(_l("Given name"), NAME_MAX)
    family_name = _text(_l("Family name"), NAME_MAX)
    function = _text(_l("Function or title"), ORG_MAX, description=_l("For example Minister for Foreign Affairs."))
    email = StringField(
        _l("E-mail address"),
        filters=[_strip],
        validators=[Optional(), Length(max=EMAIL_MAX), EMAIL_RULE],
        description=_l("The person's own confirmation and private link are sent here."),
    )
    language = SelectField(_l("Language for e-mails"), choices=_language_choices, default=None)
    listed = BooleanField(_l("Agrees to appear in the list of participants"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.language.data or self.language.data not in LANGUAGES:
            self.language.data = current_language().code

    @property
    def blank(self) -> bool:
        return not any(self._fields[name].data for name in ("given_name", "family_name", "email", "function"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for name, message in (
            ("given_name", _("Enter the given name.")),
            ("family_name", _("Enter the family name.")),
            ("email", _("Enter the person's e-mail address.")),
        ):
            field = self._fields.get(name)
            if field is not None and not field.data and not field.errors:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def participant(self, delegation_values: dict, email: str | None = None) -> Participant:
        """The registration this row makes, in the delegation's category and for its State
        (`email`: a member's address, which the member form does not change)."""
        return Participant(
            honorific=self.honorific.data or "",
            given_name=self.given_name.data,
            family_name=self.family_name.data,
            email=email or self.email.data,
            organisation=delegation_values["name"],
            function=self.function.data or "",
            country=delegation_values["state"],
            category=delegation_values["category"],
            represents=delegation_values["state"] if delegation_values["category"] == Category.MEMBER_STATE else None,
            accessibility_needs="",
            listed=bool(self.listed.data),
            language=self.language.data if self.language.data in LANGUAGES else current_language().code,
        )


class MemberPageForm(MemberForm):
    """A person added on their own (delegation link or secretariat): with CSRF."""


class MemberEditForm(MemberPageForm):
    """A member changed: the e-mail address is the person's own (their private link goes there)."""

    email = None


def member_rows(formdata=None, count: int = ROWS, **kwargs) -> list[MemberForm]:
    """The person rows of the delegation form (no CSRF token each: the page's form carries it)."""
    return [MemberForm(formdata=formdata, prefix=f"m{n}-", meta={"csrf": False}, **kwargs) for n in range(count)]


class DelegationDetailsForm(PlannerForm):
    """What may change after a delegation is registered: its head's level, the focal point, and
    (for an organisation) its name."""

    organisation = _text(
        _l("Organisation"), ORG_MAX, description=_l("For the delegation of an organisation or entity.")
    )
    head_level = SelectField(
        _l("Level of the head of delegation"),
        choices=options((level.value, label) for level, label in LEVEL_LABELS.items()),
        default=RepresentationLevel.OTHER.value,
    )
    focal_name = _text(_l("Focal point: name"), 2 * NAME_MAX, _l("Enter the focal point's name."))
    focal_email = StringField(
        _l("Focal point: e-mail address"),
        filters=[_strip],
        validators=[DataRequired(_l("Enter the focal point's e-mail address.")), Length(max=EMAIL_MAX), EMAIL_RULE],
        description=_l("The delegation's private link is sent here."),
    )
    focal_mission = _text(
        _l("Focal point: Permanent Mission or office"),
        ORG_MAX,
        _l("Enter the Permanent Mission or office."),
    )


class DelegationForm(DelegationDetailsForm):
    """Who the delegation represents and who its focal point is."""

    field_order = ("category", "state", "organisation", "head_level", "focal_name", "focal_email", "focal_mission")

    category = SelectField(_l("The delegation represents"), choices=[])
    state = SelectField(
        _l("Member State or observer State"),
        choices=state_choices,
        validate_choice=False,
        validators=[known_state],
        description=_l("For a State's delegation."),
    )

    def for_categories(self, offered) -> "DelegationForm":
        self.category.choices = options([("", _l("— choose —"))] + [(c.value, c.label) for c in offered])
        return self

    def validate_category(self, field) -> None:
        if field.data not in {choice.value for choice in self.category.choices if choice.value}:
            raise ValidationError(_("Pick what the delegation represents."))

    def validate_state(self, field) -> None:
        if self.category.data not in STATE_CATEGORIES:
            return
        if not field.data:
            raise ValidationError(_("Pick the State the delegation represents."))
        observer = is_observer_state(field.data)
        if self.category.data == Category.MEMBER_STATE and observer:
            raise ValidationError(_("This is a non-member observer State: choose “Observer State” above."))
        if self.category.data == Category.OBSERVER_STATE and not observer:
            raise ValidationError(_("This is a Member State: choose “Member State” above."))

    def validate_organisation(self, field) -> None:
        if self.category.data and self.category.data not in STATE_CATEGORIES and not field.data:
            raise ValidationError(_("Name the organisation the delegation represents."))


class NewDelegationForm(DelegationForm):
    consent = BooleanField(
        _l("The people listed agreed that the secretariat processes these details to organise the event"),
        validators=[DataRequired(_l("The secretariat needs this consent to register the delegation."))],
    )


class CredentialsForm(PlannerForm):
    credentials = SelectField(
        _l("Credentials"), choices=options((status.value, label) for status, label in CREDENTIALS_LABELS.items())
    )
    credentials_date = DateField(
        _l("Received on (optional)"),
        validators=[Optional()],
        format="%Y-%m-%d",
        render_kw={"type": "date"},
    )
    credentials_note = TextAreaField(
        _l("Note (optional)"),
        filters=[_strip],
        validators=[Optional(), Length(max=NOTE_MAX)],
        description=_l("For example who signed them, or what is still missing."),
    )


class AccreditationForm(PlannerForm):
    decision = SelectField(
        _l("Accreditation"),
        choices=options(
            [("accredited", _l("Accredit")), ("refused", _l("Refuse")), ("pending", _l("Back to pending"))]
        ),
    )
    reason = TextAreaField(
        _l("Reason (sent to the person when refused)"),
        filters=[_strip],
        validators=[Optional(), Length(max=REASON_MAX)],
    )

    def validate_reason(self, field) -> None:
        if self.decision.data == "refused" and not field.data:
            raise ValidationError(_("Give the reason the person will read."))


class WithdrawForm(ConfirmedForm):
    """Withdrawing a member or a whole delegation (from its confirmation page)."""


LIMIT_RANGE = _l("Enter 1 to 1000 people, or leave it empty.")


class LimitsForm(PlannerForm):
    """The largest delegation per category; one optional field per category (see `limit_fields`)."""


def limit_fields() -> list[tuple[Category, str]]:
    return [(category, f"limit_{category.value}") for category in Category]


for _category, _name in limit_fields():
    setattr(
        LimitsForm,
        _name,
        WholeNumberField(
            _l("Largest delegation of %(category)s (people)", category=_category.label),
            validators=[Optional(), NumberRange(min=1, max=1000, message=LIMIT_RANGE)],
        ),
    )


class PublishListForm(ConfirmedForm):
    edition = SelectField(
        _l("Edition"), choices=options((edition.value, label) for edition, label in EDITION_LABELS.items())
    )


def delegation_values(form: DelegationDetailsForm, language: str, delegation=None) -> DelegationValues:
    """The form's answers as the values planner.delegations.editing takes; for a registered
    `delegation`, what it represents is kept from it."""
    return DelegationValues(
        category=delegation.category if delegation else form.category.data,
        state=delegation.state if delegation else (form.state.data or None),
        organisation=form.organisation.data or "",
        head_level=form.head_level.data,
        focal_name=form.focal_name.data,
        focal_email=form.focal_email.data,
        focal_mission=form.focal_mission.data,
        language=language,
    )


def filled_rows(rows: list[MemberForm]) -> list[MemberForm]:
    return [row for row in rows if not row.blank]


def rows_valid(rows: list[MemberForm]) -> bool:
    """Validate the filled rows (all of them, so every error shows at once)."""
    results = [row.validate() for row in filled_rows(rows)]
    return all(results)
