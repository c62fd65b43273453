"""Python-side model validation, run on every flush.

The database enforces the same rules with CHECK and UNIQUE constraints; checking them in Python
too gives a message a person can act on ("end is before start") instead of a driver error, and
catches what SQL cannot check (a real IANA zone, a real ISO country code).
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

import pycountry
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession


class ModelValidationError(ValueError):
    """A model instance breaks a business rule; `field` names the offending attribute."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_timezone(name: str | None) -> bool:
    """True for a real IANA zone name such as "America/Argentina/Buenos_Aires"."""
    return bool(name) and name in _zones()


def is_country(code: str | None) -> bool:
    """True for an ISO 3166-1 alpha-2 code in upper case, such as "AR"."""
    return bool(code) and len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def is_email(value: str | None) -> bool:
    """True for exactly one addr-spec ("name@example.org"), checked by `email-validator`.

    A list ("a@x.org,b@y.org"), a group ("team:a@x.org;"), a display name ("Ana <a@x.org>") or a
    line break would make one message go to several people, or forge a header: all refused.
    Deliverability (DNS) is not checked: the planner runs without network access to DNS."""
    if not value or len(value) > 254:
        return False
    return _valid_addr_spec(value)


@lru_cache(maxsize=1024)
def _valid_addr_spec(value: str) -> bool:
    """A registration checks its address in the form and again when its mail is queued: a few
    hundred microseconds of Unicode tables each time, on the busiest request; the answer for a
    string never changes, so the second check is a lookup."""
    try:
        validate_email(value, check_deliverability=False, allow_display_name=False)
    except EmailNotValidError:
        return False
    return True


def country_name(code: str | None) -> str:
    """The English short name of an ISO country code ("" for none or unknown)."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name if country else code


@event.listens_for(OrmSession, "before_flush")
def _validate_before_flush(session, _flush_context, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        check = getattr(obj, "check", None)
        if callable(check):
            check()
