"""Public mandate pages: the list of resolutions and one resolution's paragraphs."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _

from planner.db import get_session, utcnow
from planner.mandates import services, suggestions

bp = Blueprint("mandates", __name__, url_prefix="/mandates")


@bp.get("/")
def index():
    return render_template("mandates/index.html",
                           resolutions=services.list_resolutions(get_session()))


@bp.get("/<slug>")
def show(slug: str):
    session = get_session()
    resolution = services.find_resolution(session, slug)
    if resolution is None:
        abort(404, description=_("No resolution with the symbol %(symbol)s is imported.",
                                 symbol=slug.replace('-', '/')))
    today = utcnow().date()
    return render_template("mandates/show.html", view=services.mandate_view(session, resolution),
                           coverage=suggestions.coverage(session, resolution, today), today=today)
