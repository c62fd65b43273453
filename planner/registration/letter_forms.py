"""The secretariat's forms for letters of invitation: an action on one letter or on all, and an
event's wording of the letter in one language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length, Optional

from planner.forms import PlannerForm
from planner.input_guard import parse_id
from planner.registration.models import TEMPLATE_MAX


class LetterActionForm(PlannerForm):
    """Issue or send: `letter` names one letter; empty, every letter the action applies to."""

    letter = HiddenField()

    def letter_id(self) -> int | None:
        return parse_id(self.letter.data)

    def names_one(self) -> bool:
        return bool(self.letter.data)


class WordingForm(PlannerForm):
    body = TextAreaField(
        _l("Text of the letter"),
        validators=[Optional(), Length(max=TEMPLATE_MAX)],
        description=_l(
            "Paragraphs separated by an empty line. Placeholders in braces are filled in for each participant. "
            "Empty: the built-in text."
        ),
    )
