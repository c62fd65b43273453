"""Secretariat pages for mandates: import a resolution, review and decide on its suggestions; link
paragraphs to events and sessions by hand, and remove such links."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlmodel import select

from planner.accounts.auth import current_actor, role_required
from planner.accounts.permissions import Permission, event_permission_required
from planner.agenda.models import AgendaSession
from planner.agenda.queries import event_of_session
from planner.audit.trail import trail_for
from planner.db import get_or_404, get_session, utcnow
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.forms import ActionForm
from planner.mandates import deadlines, editing, queries, suggestions
from planner.mandates.citations import parse_citation
from planner.mandates.forms import (
    CloseDeadlineForm,
    DeadlineForm,
    DecisionForm,
    ImportResolutionForm,
    ParagraphLinkForm,
    TargetLinkForm,
)
from planner.mandates.importing import ImportRejected, import_resolution, text_of_file
from planner.mandates.models import Deadline, MandateLink, Paragraph, Resolution, symbol_to_slug
from planner.validation import ModelValidationError

bp = Blueprint("mandates_manage", __name__, url_prefix="/manage/mandates")


@bp.get("/")
@role_required("viewer")
def index():
    session = get_session()
    return render_template(
        "mandates/manage/index.html",
        resolutions=queries.list_resolutions(session),
        successions=queries.successions(session),
    )


@bp.route("/import", methods=["GET", "POST"])
@role_required("manager")
def import_page():
    form = ImportResolutionForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            text = text_of_file(form.upload.data.read(), _("the uploaded file")) if form.upload.data else form.text.data
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
    forms = {view.key: _decision_form(view.key, events, view.matches) for view in views}
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


def _decision_form(key: str | None, events, matches=()) -> DecisionForm:
    """The accept form; an event in the planner that the suggestion names is chosen already."""
    form = DecisionForm(key=key, existing_event=str(matches[0].id) if matches else "") if key else DecisionForm()
    form.existing_event.choices = [("", _("No: create what is suggested"))] + [(str(e.id), e.title) for e in events]
    return form


def _resolution_or_404(slug: str):
    resolution = queries.find_resolution(get_session(), slug)
    if resolution is None:
        abort(
            404, description=_("No resolution with the symbol %(symbol)s is imported.", symbol=slug.replace("-", "/"))
        )
    return resolution


# ----------------------------------------------------------------------------- links made by hand
# An event's or a session's links are changed with EDIT on its event; a paragraph's page lists
# every event and session, so linking from there needs the global manager role.


@bp.app_template_global("target_mandate_links")
def target_mandate_links(event=None, agenda_session=None) -> list[queries.LinkRow]:
    """The links of an event or a session, for the box on its management page
    (templates/mandates/manage/_links_box.html, included by the events and agenda packages)."""
    if agenda_session is not None:
        return queries.links_of_target(get_session(), session_id=agenda_session.id)
    return queries.links_of_target(get_session(), event_id=event.id)


@bp.get("/events/<int:event_id>/links")
@event_permission_required(Permission.EDIT)
def event_links(event_id: int):
    return _picker_page(event=event_or_404(event_id))


@bp.post("/events/<int:event_id>/links")
@event_permission_required(Permission.EDIT)
def link_event(event_id: int):
    return _link_from_picker(event=event_or_404(event_id))


@bp.get("/sessions/<int:session_id>/links")
@event_permission_required(Permission.EDIT, event_of=event_of_session)
def session_links(session_id: int):
    return _picker_page(agenda_session=get_or_404(AgendaSession, session_id, "session"))


@bp.post("/sessions/<int:session_id>/links")
@event_permission_required(Permission.EDIT, event_of=event_of_session)
def link_session(session_id: int):
    return _link_from_picker(agenda_session=get_or_404(AgendaSession, session_id, "session"))


def _picker_page(form: ParagraphLinkForm | None = None, status: int = 200, **target):
    """The paragraph picker of an event or a session: a GET search by citation ("71/244 33"), the
    paragraphs found with their text, each with a role to choose and a button that links it."""
    query = request.args.get("q", "")
    citation = parse_citation(query) if query.strip() else None
    hits = queries.find_paragraphs(get_session(), citation) if citation else []
    owner = target.get("event") or _event_of(target["agenda_session"])
    return render_template(
        "mandates/manage/link_picker.html",
        query=query,
        understood=citation is not None or not query.strip(),
        hits=hits,
        form=form or ParagraphLinkForm(formdata=None),
        links=target_mandate_links(**target),
        owner=owner,
        **target,
    ), status


def _link_from_picker(**target):
    form = ParagraphLinkForm()
    if not form.validate_on_submit():
        return _picker_page(form, 422, **target)
    session = get_session()
    paragraph = session.get(Paragraph, form.paragraph_id.data)
    if paragraph is None:
        form.paragraph_id.errors.append(_("That paragraph is no longer in the planner; search again."))
        return _picker_page(form, 422, **target)
    resolution = session.get(Resolution, paragraph.resolution_id)
    try:
        editing.link_paragraph(session, current_actor(), resolution, paragraph, form.role.data, **target)
    except (editing.LinkRefused, ModelValidationError) as error:
        form.role.errors.append(_capitalised(error))
        return _picker_page(form, 422, **target)
    flash(_("Linked to %(citation)s.", citation=f"{resolution.symbol}, {paragraph.anchor}"), "success")
    return redirect(_target_page(**target))


@bp.post("/events/<int:event_id>/links/<int:link_id>/remove")
@event_permission_required(Permission.EDIT)
def remove_event_link(event_id: int, link_id: int):
    return _remove(link_id, event_id=event_id)


@bp.post("/sessions/<int:session_id>/links/<int:link_id>/remove")
@event_permission_required(Permission.EDIT, event_of=queries.event_of_session_link)
def remove_session_link(session_id: int, link_id: int):
    return _remove(link_id, session_id=session_id)


def _remove(link_id: int, **target):
    """Remove a link of this event or session; back to the page the button was on. The route names
    what the link is on, so that its permission is checked whether or not the link still exists."""
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form was incomplete; reload the page and try again."))
    session = get_session()
    link = session.get(MandateLink, link_id)
    if link is None or any(getattr(link, column) != value for column, value in target.items()):
        abort(404, description=_("This link was removed already."))
    back = _removed_from(link, request.form.get("back", ""))
    citation = f"{link.resolution_symbol}, {link.anchor}" if link.anchor else link.resolution_symbol
    editing.unlink(session, current_actor(), link)
    flash(_("Link to %(citation)s removed.", citation=citation), "success")
    return redirect(back)


def _removed_from(link: MandateLink, back: str) -> str:
    """The page a remove button was on: the paragraph's, or the event's or session's."""
    if back == "paragraph" and link.anchor:
        return url_for(".paragraph_page", slug=symbol_to_slug(link.resolution_symbol), anchor=link.anchor)
    if link.session_id is not None:
        return url_for("agenda_manage.show_session", session_id=link.session_id)
    return url_for("events_manage.show_event", event_id=link.event_id)


@bp.get("/<slug>/paragraphs/<anchor>")
@role_required("viewer")
def paragraph_page(slug: str, anchor: str):
    resolution, paragraph = _paragraph_or_404(slug, anchor)
    return _paragraph_page(resolution, paragraph)


@bp.post("/<slug>/paragraphs/<anchor>")
@role_required("manager")
def link_paragraph(slug: str, anchor: str):
    """Link this paragraph to the event or session chosen in the picker."""
    resolution, paragraph = _paragraph_or_404(slug, anchor)
    session = get_session()
    form = TargetLinkForm()
    if not form.validate_on_submit():
        return _paragraph_page(resolution, paragraph, form, 422)
    kind, _sep, number = form.target.data.partition(":")
    target = {"event": session.get(Event, int(number))} if kind == "event" else {}
    if kind == "session":
        target = {"agenda_session": session.get(AgendaSession, int(number))}
    if None in target.values():
        form.target.errors.append(_("That event or session is no longer in the planner; search again."))
        return _paragraph_page(resolution, paragraph, form, 422)
    try:
        editing.link_paragraph(session, current_actor(), resolution, paragraph, form.role.data, **target)
    except (editing.LinkRefused, ModelValidationError) as error:
        form.role.errors.append(_capitalised(error))
        return _paragraph_page(resolution, paragraph, form, 422)
    linked = target.get("event") or target["agenda_session"]
    flash(_("Linked to %(title)s.", title=linked.title), "success")
    return redirect(url_for(".paragraph_page", slug=slug, anchor=anchor))


def _paragraph_page(resolution: Resolution, paragraph: Paragraph, form: TargetLinkForm | None = None, status=200):
    """A paragraph's text, what is linked to it, and a picker of events and sessions by title."""
    session = get_session()
    query = request.args.get("q", "")
    events, sessions = queries.find_targets(session, query)
    return render_template(
        "mandates/manage/paragraph.html",
        resolution=resolution,
        paragraph=paragraph,
        links=queries.links_of_paragraph(session, resolution, paragraph),
        query=query,
        found_events=events,
        found_sessions=sessions,
        form=form or TargetLinkForm(formdata=None),
    ), status


def _paragraph_or_404(slug: str, anchor: str) -> tuple[Resolution, Paragraph]:
    resolution = _resolution_or_404(slug)
    paragraph = queries.paragraph_at(get_session(), resolution, anchor)
    if paragraph is None:
        abort(404, description=_("%(symbol)s has no paragraph %(anchor)s.", symbol=resolution.symbol, anchor=anchor))
    return resolution, paragraph


def _event_of(agenda_session: AgendaSession) -> Event:
    return get_session().get(Event, agenda_session.event_id)


def _target_page(event: Event | None = None, agenda_session: AgendaSession | None = None) -> str:
    if agenda_session is not None:
        return url_for("agenda_manage.show_session", session_id=agenda_session.id)
    return url_for("events_manage.show_event", event_id=event.id)


def _capitalised(error: Exception) -> str:
    message = str(getattr(error, "message", None) or error)
    return message[:1].upper() + message[1:]


# --- deadlines: edit (date, responsible, note), close, reopen (planner.mandates.deadlines) ----------


def _deadline_page(deadline: Deadline, status: int = 200, **forms):
    session = get_session()
    return render_template(
        "mandates/manage/deadline.html",
        deadline=deadline,
        resolutions=queries.resolutions_of_deadline(session, deadline),
        form=forms.get("edit") or DeadlineForm(formdata=None, obj=deadline),
        close_form=forms.get("close") or CloseDeadlineForm(formdata=None),
        action_form=ActionForm(formdata=None),
        today=utcnow().date(),
        trail=trail_for(session, deadline),
    ), status


@bp.get("/deadlines/<int:deadline_id>")
@role_required("viewer")
def deadline_page(deadline_id: int):
    return _deadline_page(get_or_404(Deadline, deadline_id, "deadline"))


@bp.post("/deadlines/<int:deadline_id>")
@role_required("manager")
def edit_deadline(deadline_id: int):
    deadline = get_or_404(Deadline, deadline_id, "deadline")
    form = DeadlineForm()
    if not form.validate():
        return _deadline_page(deadline, 422, edit=form)
    deadlines.edit(
        get_session(),
        current_actor(),
        deadline,
        due_on=form.due_on.data,
        responsible=form.responsible.data or "",
        note=form.note.data or "",
    )
    flash(_("The deadline was saved."), "success")
    return redirect(url_for(".deadline_page", deadline_id=deadline.id))


@bp.post("/deadlines/<int:deadline_id>/close")
@role_required("manager")
def close_deadline(deadline_id: int):
    deadline = get_or_404(Deadline, deadline_id, "deadline")
    form = CloseDeadlineForm()
    if form.validate():
        try:
            deadlines.close(
                get_session(),
                current_actor(),
                deadline,
                form.status.data,
                delivered_by=form.delivered_by.data or "",
                superseded_by=form.superseded_by.data or "",
                closing_note=form.closing_note.data or "",
                closed_on=form.closed_on.data,
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("The deadline was closed."), "success")
            return redirect(url_for(".deadline_page", deadline_id=deadline.id))
    return _deadline_page(deadline, 422, close=form)


@bp.post("/deadlines/<int:deadline_id>/reopen")
@role_required("manager")
def reopen_deadline(deadline_id: int):
    deadline = get_or_404(Deadline, deadline_id, "deadline")
    if not ActionForm().validate():
        abort(400, description=_("The form was incomplete; reload the page and try again."))
    try:
        deadlines.reopen(get_session(), current_actor(), deadline)
    except ModelValidationError as error:
        abort(409, description=error.message)
    flash(_("The deadline is open again."), "success")
    return redirect(url_for(".deadline_page", deadline_id=deadline.id))
