"""The web-form toolkit every package's forms build on: the base form, the action button, select
options, the country and UN State lists, and the small field helpers (filters, coercions, validators).

Forms parse and check what one request sent; rules that span several fields live in each
package's services, and a form only puts each message beside the field it concerns
(`PlannerForm.add_error`). Nothing here knows about events, sessions or registrations.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectChoice
from wtforms.validators import Regexp, StopValidation, ValidationError

from planner.collation import sort_key
from planner.formatting import country
from planner.i18n.selection import current_language
from planner.un_states import is_un_state, states_in_order
from planner.validation import is_country

SLUG_RULE = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Use lower-case letters, digits and single hyphens, e.g. gssd-expo-2026.")
)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def sentence(message: str) -> str:
    """ "an account already exists" -> "An account already exists." (service messages are clauses)."""
    message = message.strip()
    if not message:
        return message
    return message[0].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


class PlannerForm(FlaskForm):
    """A FlaskForm (CSRF token included) that can also show errors found after validation.

    `field_order`: the order the page shows the fields in, where it differs from the order they
    are declared in (a subclass's fields come after its base's); the error summary follows it."""

    field_order: tuple[str, ...] = ()

    def errors_in_page_order(self) -> list[tuple[str, list]]:
        """(field name, messages) of the fields in error, as the page shows them, top to bottom."""
        errors = [(name, messages) for name, messages in self.errors.items() if name and name != "csrf_token"]
        rank = {name: place for place, name in enumerate(self.field_order)}
        return sorted(errors, key=lambda item: rank.get(item[0], len(rank)))  # stable: the rest as declared

    def add_error(self, field_name: str, message: str) -> None:
        """Show `message` beside the field, or above the form when no field has that name."""
        message = sentence(message)
        field = self._fields.get(field_name)
        if field is None:
            self.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


class ConfirmedForm(PlannerForm):
    """A change made from its confirmation page, which states its consequences first (who will
    be told, what is lost): reject, cancel or delete a session, deactivate an account.

    The page's form carries `confirmed=yes`; a POST without it (a one-click button on a page
    cached from before, a hand-made request) changes nothing and is told why. The field has no
    default on purpose: WTForms would keep a default when the field is missing from the POST."""

    confirmed = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.confirmed.data != "yes":
            self.form_errors.append(_("Nothing was changed: please confirm on this page, which says what will happen."))
            return False
        return valid


class ActionForm(PlannerForm):
    """A button that changes something (postpone, cancel, sign out...): only the CSRF token."""


class WholeNumberField(IntegerField):
    """WTForms' IntegerField, refusing numbers of more than 300 digits with a message: WTForms'
    NumberRange turns the value into a float, which a 400-digit integer overflows (a 500)."""

    MAX_DIGITS = 300  # a float holds up to about 1.8e308

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str) and len(valuelist[0].strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(_("Enter a number of at most %(digits)s digits.", digits=self.MAX_DIGITS))
        super().process_formdata(valuelist)

    def pre_validate(self, form) -> None:
        """A value typed that is no number gets that one message, not the range's as well (an empty
        one goes on to Optional or InputRequired, which say what is missing)."""
        if self.process_errors and self.raw_data and str(self.raw_data[0]).strip():
            raise StopValidation()


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select options."""
    return [SelectChoice(value, label) for value, label in pairs]


def country_choices() -> list[SelectChoice]:
    """Every country, named and sorted in the reader's language (a callable: WTForms asks per form)."""
    return _country_choices(current_language().code)


@lru_cache(maxsize=8)
def _country_choices(language_code: str) -> list[SelectChoice]:
    """Cached per language; `country()` names in the current request's, which is `language_code`.
    Ordered by that language's collation (planner.collation), not by code point."""
    key = sort_key(language_code)
    countries = sorted(((c.alpha_2, country(c.alpha_2)) for c in pycountry.countries), key=lambda pair: key(pair[1]))
    return options([("", _("— none —"))] + countries)


def state_choices() -> list[SelectChoice]:
    """The 193 UN Member States and the 2 observer States under their UN short names, in the
    reader's language and its collation (a callable, like `country_choices`)."""
    return _state_choices(current_language().code)


@lru_cache(maxsize=8)
def _state_choices(language_code: str) -> list[SelectChoice]:
    states = [(state.code, state.name(language_code)) for state in states_in_order(language_code)]
    return options([("", _("— none —"))] + states)


def strip_text(value):
    """Field filter: surrounding white space removed from typed text."""
    return value.strip() if isinstance(value, str) else value


def int_or_none(value):
    """Select-field coercion: the empty choice ("— none —") is None, any other value an int."""
    if value in (None, "", "None"):
        return None
    return int(value)


def known_country(_form, field) -> None:
    """Field validator: empty, or an ISO 3166 country code."""
    if field.data and not is_country(field.data):
        raise ValidationError(_("“%(code)s” is not a country code; pick a country from the list.", code=field.data))


def known_state(_form, field) -> None:
    """Field validator: empty, or a UN Member State or observer State (planner.un_states)."""
    if field.data and not is_un_state(field.data):
        raise ValidationError(
            _(
                "“%(code)s” is not a UN Member State or observer State: pick a State from the list.",
                code=field.data,
            )
        )
