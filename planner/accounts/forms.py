"""Forms of the sign-in page and of the user administration pages."""
from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from planner.accounts.models import Role
from planner.accounts.passwords import MIN_LENGTH
from planner.events.forms import PlannerForm, options

ROLE_CHOICES = options((r.value, r.label) for r in Role)


class LoginForm(PlannerForm):
    email = EmailField("E-mail", validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class UserForm(PlannerForm):
    email = EmailField("E-mail", validators=[DataRequired("Enter an e-mail address."), Length(max=254)])
    name = StringField("Name", validators=[Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.VIEWER.value)
    password = PasswordField("Password", validators=[DataRequired("Choose a password.")],
                             description=f"At least {MIN_LENGTH} characters. Give it to the person "
                                         "by a separate channel.",
                             render_kw={"autocomplete": "new-password"})
    password_again = PasswordField("Password again", validators=[
        EqualTo("password", message="The two passwords differ.")],
        render_kw={"autocomplete": "new-password"})


class RoleForm(PlannerForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
