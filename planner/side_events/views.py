"""Public side-event pages: the call's proposal form, a proposal's private page (follow, change,
withdraw), and the event's side events by day.

Thin views: parse the request, call planner.side_events.editing, render. A wrong proposal link
counts towards the per-address limit of wrong private links (planner.accounts.ratelimit) and gets
a plain 404; pages behind the link are kept out of shared caches and search engines.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from planner import pagecache
from planner.accounts import ratelimit
from planner.db import get_session, utcnow
from planner.events.models import Event
from planner.events.queries import EVENT_ID, EVENT_PAGE, NOW, published_event_or_404
from planner.forms import ConfirmedForm
from planner.i18n.languages import LANGUAGES
from planner.side_events import editing, queries
from planner.side_events.editing import CallState, ProposalError
from planner.side_events.forms import ProposalForm, organiser_rows
from planner.side_events.models import OrganiserKind, Proposal, ProposalStatus, SideEventCall
from planner.validation import ModelValidationError

bp = Blueprint("side_events", __name__)
bp.add_app_template_global(queries.organiser_name, "organiser_name")
bp.add_app_template_global(queries.organisers_line, "organisers_line")


@bp.app_template_global()
def languages_of(proposal: Proposal) -> list:
    """The proposal's languages, as planner.i18n.languages.Language (native name, tag, direction)."""
    return [LANGUAGES[code] for code in proposal.language_list if code in LANGUAGES]


@bp.app_template_filter("organiser_kind")
def organiser_kind(kind: str) -> str:
    return OrganiserKind(kind).label


PRIVATE_PAGES = {"side_events.proposal", "side_events.edit", "side_events.withdraw"}


@bp.after_request
def _private_pages_stay_private(response):
    if request.endpoint in PRIVATE_PAGES:
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.app_template_global()
def side_events_box(event: Event) -> dict:
    """For the event page: whether the call is open (a link to propose) and whether any side event
    is on the programme (a link to the side-events page)."""
    session = get_session()
    state = editing.call_state(queries.call_of(session, event.id), utcnow())
    placed = session.exec(
        select(Proposal.id).where(Proposal.event_id == event.id, Proposal.session_id.is_not(None)).limit(1)
    ).first()
    return {"call_open": state == CallState.OPEN, "any": placed is not None}


def _box_fingerprint() -> list:
    """What `side_events_box` reads, for the event page's fingerprint (planner.pagecache): the call's
    settings and which of its instants have passed, and the side events placed."""
    of_event = SideEventCall.event_id == EVENT_ID
    return [
        select(
            select(SideEventCall.updated_at).where(of_event).scalar_subquery(),
            select(SideEventCall.opens_at <= NOW).where(of_event).scalar_subquery(),
            select(SideEventCall.closes_at <= NOW).where(of_event).scalar_subquery(),
            select(sa.func.count(Proposal.id))
            .where(Proposal.event_id == EVENT_ID, Proposal.session_id.is_not(None))
            .scalar_subquery(),
        )
    ]


bp.record_once(lambda state: pagecache.add_fingerprint(state.app, EVENT_PAGE, _box_fingerprint))


@bp.get("/events/<slug>/side-events")
def side_events(slug: str):
    """The side events on the programme, by day, with their organisers and a feed."""
    event = published_event_or_404(slug)
    session = get_session()
    call = queries.call_of(session, event.id)
    return render_template(
        "side_events/list.html",
        event=event,
        days=queries.public_side_events(session, event),
        call=call,
        call_open=editing.call_state(call, utcnow()) == CallState.OPEN,
    )


def _proposal_page(template: str, event: Event, form, rows, status: int, **context):
    call = queries.call_of(get_session(), event.id)
    return render_template(template, event=event, form=form, rows=rows, call=call, **context), status


@bp.route("/events/<slug>/side-events/propose", methods=["GET", "POST"])
def propose(slug: str):
    """The call's form: a side event with its organisers, on one page."""
    event = published_event_or_404(slug)
    session = get_session()
    state = editing.call_state(queries.call_of(session, event.id), utcnow())
    if state != CallState.OPEN:
        return _proposal_page(
            "side_events/propose.html",
            event,
            None,
            [],
            409 if request.method == "POST" else 200,
            sentence=editing.why_not_open(state),
        )
    form = ProposalForm(event=event)
    rows = organiser_rows(request.form if request.method == "POST" else None)
    if form.is_submitted():
        rows_ok = all([row.validate() for row in rows])
        if form.validate_on_submit() and rows_ok:
            try:
                _proposal, token = editing.submit(session, event, form.values(rows))
            except ModelValidationError as error:
                form.add_error(error.field, error.message)
            except ProposalError as error:
                form.form_errors.append(str(error))
            else:
                flash(
                    _(
                        "Thank you: the proposal is received. Keep this page's address: it is the proposal's "
                        "private link (it was also e-mailed to you)."
                    ),
                    "success",
                )
                return redirect(url_for(".proposal", token=token))
    return _proposal_page(
        "side_events/propose.html", event, form, rows, 422 if form.is_submitted() else 200, sentence=None
    )


def open_proposal(token: str) -> tuple[Proposal, Event]:
    """The proposal behind a private link and its event; a wrong link is a 404, counted."""
    proposal = queries.find_by_token(get_session(), token)
    if proposal is None:
        ratelimit.count_wrong_private_link()
        abort(
            404, description=_("This link does not open any side-event proposal. Check that it was copied completely.")
        )
    return proposal, get_session().get(Event, proposal.event_id)


@bp.get("/side-events/<token>")
def proposal(token: str):
    """The proposer's page: the proposal, its status and decision, its room and time once placed."""
    proposal, event = open_proposal(token)
    session = get_session()
    state = editing.call_state(queries.call_of(session, event.id), utcnow())
    placed = queries.placed_session(session, proposal)
    return render_template(
        "side_events/proposal.html",
        event=event,
        proposal=proposal,
        token=token,
        organisers=queries.organisers_of(session, [proposal.id]).get(proposal.id, []),
        placed=placed,
        may_change=state == CallState.OPEN and proposal.status == ProposalStatus.SUBMITTED,
        may_withdraw=proposal.status in (ProposalStatus.SUBMITTED, ProposalStatus.WAITLISTED),
    )


@bp.route("/side-events/<token>/edit", methods=["GET", "POST"])
def edit(token: str):
    """The proposer changes the proposal while the call is open and no decision is taken."""
    proposal, event = open_proposal(token)
    session = get_session()
    organisers = queries.organisers_of(session, [proposal.id]).get(proposal.id, [])
    if request.method == "GET":
        form = ProposalForm(obj=proposal, event=event)
        form.preferred_days.data = proposal.day_list
        form.languages.data = proposal.language_list
        form.accessibility.data = proposal.accessibility.split(",") if proposal.accessibility else []
        rows = organiser_rows(None, organisers=organisers)
    else:
        form, rows = ProposalForm(event=event), organiser_rows(request.form)
        rows_ok = all([row.validate() for row in rows])
        if form.validate_on_submit() and rows_ok:
            try:
                changed = editing.update(session, event, proposal, form.values(rows))
            except ModelValidationError as error:
                form.add_error(error.field, error.message)
            except ProposalError as error:
                form.form_errors.append(str(error))
            else:
                flash(_("The proposal was changed.") if changed else _("Nothing was changed."), "success")
                return redirect(url_for(".proposal", token=token))
    return _proposal_page(
        "side_events/edit.html", event, form, rows, 422 if form.is_submitted() else 200, proposal=proposal, token=token
    )


@bp.route("/side-events/<token>/withdraw", methods=["GET", "POST"])
def withdraw(token: str):
    """Withdraw the proposal, from a page that says what it means first."""
    proposal, event = open_proposal(token)
    form, problem = ConfirmedForm(), None
    if form.validate_on_submit():
        try:
            editing.withdraw(get_session(), event, proposal)
        except ProposalError as error:
            problem = str(error)
        else:
            flash(_("The proposal is withdrawn; you were e-mailed."), "success")
            return redirect(url_for(".proposal", token=token))
    if problem:
        form.form_errors.append(problem)
    return render_template("side_events/withdraw.html", event=event, proposal=proposal, token=token, form=form), (
        422 if form.is_submitted() else 200
    )
