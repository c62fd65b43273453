"""Forms of the sign-in page and of the user administration pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from planner.accounts.models import EVENT_ROLE_LABELS, ROLE_LABELS, Role
from planner.accounts.passwords import MIN_LENGTH
from planner.forms import ConfirmedForm, PlannerForm, options

ROLE_CHOICES = options(ROLE_LABELS.items())


class LoginForm(PlannerForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class UserForm(PlannerForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter an e-mail address.")), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.VIEWER.value)
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Choose a password."))],
        description=lazy_ngettext(
            "At least %(num)d character. Give it to the person by a separate channel.",
            "At least %(num)d characters. Give it to the person by a separate channel.",
            MIN_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class RoleForm(PlannerForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class EventRoleForm(PlannerForm):
    """A per-event role to grant: which event (`setup` gives the choices), which role."""

    event_id = SelectField(_l("Event"), coerce=int)
    role = SelectField(_l("Role on the event"), choices=options(EVENT_ROLE_LABELS.items()))

    def setup(self, events) -> "EventRoleForm":
        self.event_id.choices = options((event.id, event.title) for event in events)
        return self


class DeactivateForm(ConfirmedForm):
    """Deactivating an account, from the confirmation page that states the consequences."""
