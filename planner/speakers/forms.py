"""Forms of the list of speakers: a delegation's inscription, the settings, a swap."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from planner.delegations.models import LEVEL_LABELS
from planner.forms import PlannerForm, WholeNumberField, options
from planner.registration.forms import MultiCheckboxField, _text
from planner.speakers.models import NAME_MAX, TITLE_MAX


class InscriptionForm(PlannerForm):
    speaker_name = _text(_l("Speaker's name"), NAME_MAX, _l("Name the speaker."))
    speaker_title = _text(
        _l("Title or function (optional)"), TITLE_MAX, description=_l("For example Minister for Foreign Affairs.")
    )
    level = SelectField(
        _l("Level of representation"),
        choices=options([("", _l("— choose —")), *((level.value, label) for level, label in LEVEL_LABELS.items())]),
        validators=[DataRequired(_l("Choose the speaker's level of representation."))],
    )


class SecretariatInscriptionForm(InscriptionForm):
    delegation = SelectField(
        _l("Delegation"), choices=[], coerce=int, validators=[InputRequired(_l("Choose a delegation."))]
    )


class SettingsForm(PlannerForm):
    statement_minutes = WholeNumberField(
        _l("Time limit per statement (minutes)"),
        validators=[
            InputRequired(_l("Enter a number of minutes.")),
            NumberRange(min=1, max=60, message=_l("Enter 1 to 60 minutes.")),
        ],
    )
    meetings = MultiCheckboxField(_l("Meetings of the general debate"), choices=[], coerce=int)
    closed = BooleanField(_l("The list is closed: delegations can no longer inscribe"))


class SwapForm(PlannerForm):
    first = SelectField(_l("Speaker"), choices=[], coerce=int, validators=[InputRequired(_l("Choose a speaker."))])
    second = SelectField(
        _l("Swaps places with"), choices=[], coerce=int, validators=[InputRequired(_l("Choose a speaker."))]
    )
