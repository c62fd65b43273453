"""Secretariat pages for mandates: import a resolution, review and decide on its suggestions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlmodel import select

from planner.accounts.auth import current_actor, role_required
from planner.audit.trail import trail_for
from planner.db import get_session, utcnow
from planner.events.models import Event
from planner.mandates import queries, suggestions
from planner.mandates.forms import DecisionForm, ImportResolutionForm
from planner.mandates.importing import ImportRejected, decode_text, import_resolution

bp = Blueprint("mandates_manage", __name__, url_prefix="/manage/mandates")


@bp.get("/")
@role_required("viewer")
def index():
    return render_template("mandates/manage/index.html", resolutions=queries.list_resolutions(get_session()))


@bp.route("/import", methods=["GET", "POST"])
@role_required("manager")
def import_page():
    form = ImportResolutionForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            text = decode_text(form.upload.data.read(), _("the uploaded file")) if form.upload.data else form.text.data
            report = import_resolution(
                session,
                text,
                symbol=form.symbol.data,
                title=form.title.data,
                adopted_on=form.adopted.data,
                body=form.body.data,
                replace=form.replace.data,
                actor=current_actor(),
            )
        except ImportRejected as error:
            message = str(error)
            (form.upload if form.upload.data else form.text).errors.append(message[0].upper() + message[1:])
        else:
            flash(_import_message(report), "success")
            return redirect(url_for(".review", slug=report.resolution.slug))
    return render_template("mandates/manage/import.html", form=form), 200 if not form.errors else 422


def _import_message(report) -> str:
    """What an import did, as separate sentences (each one translated whole)."""
    sentences = [
        _(
            "%(symbol)s: %(preambular)d preambular and %(operative)d operative paragraphs.",
            symbol=report.resolution.symbol,
            preambular=report.preambular,
            operative=report.operative,
        )
    ]
    if report.replaced:
        sentences.append(ngettext("Kept %(num)d link.", "Kept %(num)d links.", report.kept_links))
        if report.dropped_links:
            sentences.append(_("Dropped: %(links)s.", links="; ".join(report.dropped_links)))
    return " ".join(sentences)


@bp.get("/<slug>")
@role_required("viewer")
def review(slug: str):
    session = get_session()
    resolution = _resolution_or_404(slug)
    events = session.exec(select(Event).order_by(Event.title)).all()
    views = suggestions.list_suggestions(session, resolution)
    forms = {view.key: _decision_form(view.key, events) for view in views}
    return render_template(
        "mandates/manage/review.html",
        resolution=resolution,
        views=views,
        forms=forms,
        today=utcnow().date(),
        trail=trail_for(session, resolution),
    )


@bp.post("/<slug>/accept")
@role_required("manager")
def accept(slug: str):
    return _decide(slug, accepting=True)


@bp.post("/<slug>/dismiss")
@role_required("manager")
def dismiss(slug: str):
    return _decide(slug, accepting=False)


def _decide(slug: str, accepting: bool):
    session = get_session()
    resolution = _resolution_or_404(slug)
    events = session.exec(select(Event).order_by(Event.title)).all()
    form = _decision_form(None, events)
    if not form.validate_on_submit():
        abort(400, description=_("The decision form was incomplete; reload the page and try again."))
    try:
        if accepting:
            existing = session.get(Event, int(form.existing_event.data)) if form.existing_event.data else None
            created = suggestions.accept(
                session, resolution, form.key.data, actor=current_actor(), existing_event=existing
            )
            flash(_accept_message(created, existing), "success")
        else:
            suggestions.dismiss(session, resolution, form.key.data, actor=current_actor())
            flash(_("Suggestion dismissed."), "success")
    except suggestions.SuggestionError as error:
        flash(_("Nothing done: %(reason)s.", reason=error), "error")
    return redirect(url_for(".review", slug=slug))


def _accept_message(created, existing) -> str:
    if existing is not None:
        return _("Linked to %(title)s.", title=existing.title)
    return _("Created: %(titles)s.", titles="; ".join(item.title for item in created))


def _decision_form(key: str | None, events) -> DecisionForm:
    form = DecisionForm(key=key) if key else DecisionForm()
    form.existing_event.choices = [("", _("No: create what is suggested"))] + [(str(e.id), e.title) for e in events]
    return form


def _resolution_or_404(slug: str):
    resolution = queries.find_resolution(get_session(), slug)
    if resolution is None:
        abort(
            404, description=_("No resolution with the symbol %(symbol)s is imported.", symbol=slug.replace("-", "/"))
        )
    return resolution
