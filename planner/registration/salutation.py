"""How letters address a participant: the honorific in the reader's language and the family name.

"Dear Ms Bello," not "Dear Ms Aisha Bello,": UN correspondence addresses a person by title and
family name, and a title in the letter's language ("Mme Bello" in French). The order of the two is
the language's (Chinese writes the title after the name), so it is a translated message. Without
an honorific, the full name.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# Stored (and printed on badges) as written here; menus and letters show each in the reader's language.
HONORIFICS = {
    "": "—",
    "Mr": _l("Mr"),
    "Ms": _l("Ms"),
    "Mx": _l("Mx"),
    "Dr": _l("Dr"),
    "Prof.": _l("Prof."),
    "H.E.": _l("H.E."),
    "Amb.": _l("Amb."),
}


def salutation(person) -> str:
    """The name after "Dear" for `person` (anything with honorific, given_name and family_name), in
    the current locale: call it under the letter's `force_locale`."""
    if person.honorific and person.family_name:
        honorific = str(HONORIFICS.get(person.honorific, person.honorific))
        return _("%(honorific)s %(family_name)s", honorific=honorific, family_name=person.family_name)
    return " ".join(part for part in (person.given_name, person.family_name) if part)
