"""Event logos: the image rules of planner.images with the logo's folder, size limit and wording,
and how a logo is named in its URL and served.

LOGO_FOLDER holds the files (named by their content) and LOGO_MAX_BYTES bounds them (default 1 MB).
"""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _

from planner import images
from planner.events.models import Event
from planner.formatting import number

RULES = images.ImageRules(
    field="logo",
    folder_key="LOGO_FOLDER",
    max_bytes_key="LOGO_MAX_BYTES",
    wording=images.Wording(
        too_large=lambda limit: _("The file is larger than %(limit)s, the most a logo may be.", limit=limit),
        svg=lambda: _("SVG logos are not accepted: export the logo as PNG and upload that."),
        too_many_pixels=lambda width, height, most: _(
            "The image is %(width)s × %(height)s pixels; a logo may be at most %(most)s pixels on each side.",
            width=number(width),
            height=number(height),
            most=number(most),
        ),
    ),
)


def version(event: Event) -> str | None:
    """What a logo's URL carries (`?v=`) so that a new logo is a new URL."""
    return images.version(event.logo_file)


def serve(event: Event, public: bool) -> Response:
    """The event's logo, cached by its version; 404 when the event has none."""
    return RULES.serve(event.logo_file, public, missing=_("This event has no logo."))
