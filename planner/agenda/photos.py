"""Speakers' photos on their public pages: the image rules of planner.images with the photo's
folder (PHOTO_FOLDER), size limit (PHOTO_MAX_BYTES, default 2 MB) and wording; setting or
removing a person's photo with its audit entry; serving it.

A photo is published with its person's page, and only then: a person who takes part in no
published session has no public page, and their photo is a 404 like the page (a photo uploaded
ahead of a programme's publication is not public before it)."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _
from sqlmodel import Session

from planner import images
from planner.agenda.models import Person
from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.formatting import number
from planner.validation import ModelValidationError

RULES = images.ImageRules(
    field="photo",
    folder_key="PHOTO_FOLDER",
    max_bytes_key="PHOTO_MAX_BYTES",
    wording=images.Wording(
        too_large=lambda limit: _("The file is larger than %(limit)s, the most a photo may be.", limit=limit),
        svg=lambda: _("SVG files are not accepted as photos: upload a PNG or JPEG."),
        too_many_pixels=lambda width, height, most: _(
            "The image is %(width)s × %(height)s pixels; a photo may be at most %(most)s pixels on each side.",
            width=number(width),
            height=number(height),
            most=number(most),
        ),
    ),
)


def save_photo(db_session: Session, actor: str, person: Person, data: bytes | None, remove: bool) -> bool:
    """Set (`data`) or remove the person's photo, with a "photo" entry in their history; False when
    nothing changes. The file is written before the transaction under its content's name, so a
    change that fails leaves at most a file nobody names, never a person naming a missing file; a
    photo nobody uses any more is deleted once the change is committed."""
    if data is not None and remove:
        raise ModelValidationError("remove_photo", _("Either upload a new photo or remove the photo, not both."))
    if data is None and not remove:
        raise ModelValidationError("photo", _("Choose a photo to upload."))
    new_name = RULES.store(RULES.accept(data)) if data is not None else None
    before = snapshot(person, ["photo_file"])
    with transaction(db_session, actor) as tx:
        person.photo_file = new_name
        after = snapshot(person, ["photo_file"])
        if after == before:
            tx.discard()
            return False
        person.updated_at = utcnow()  # the person's page and its photo's URL change with it
        db_session.add(person)
        tx.record(person, "photo", before, after)
    RULES.forget_unused(db_session, Person.photo_file, before["photo_file"])
    return True


def version(person: Person) -> str | None:
    """What a photo's URL carries (`?v=`), so that a new photo is a new URL."""
    return images.version(person.photo_file)


def serve(person: Person, public: bool) -> Response:
    """The person's photo, cached by its version; 404 when they have none."""
    return RULES.serve(person.photo_file, public, missing=_("There is no photo of this person."))
