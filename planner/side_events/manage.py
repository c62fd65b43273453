"""The secretariat's side events: the call's dates, the proposals with their reviews, a proposal's
page (review it, decide, place it in a room and a slot).

Reading proposals and reviewing them needs REVIEW on the event (the per-event reviewer role, or a
manager); the call, decisions and placements need EDIT (planner.accounts.permissions). A reviewer
sees the other reviews of a proposal once they have given their own, so that scores are their own.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.accounts.auth import current_actor
from planner.accounts.permissions import Permission, can, event_permission_required
from planner.agenda import editing as agenda
from planner.agenda.queries import event_rooms
from planner.audit.trail import trail_for
from planner.db import get_or_404, get_session, utcnow
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.forms import options
from planner.localtime import local_to_utc
from planner.side_events import editing, queries
from planner.side_events.editing import ProposalError
from planner.side_events.forms import CallForm, DecisionForm, PlacementForm, ReviewForm
from planner.side_events.models import Proposal
from planner.validation import ModelValidationError

bp = Blueprint("side_events_manage", __name__, url_prefix="/manage")


def _call_form(event: Event) -> CallForm:
    call = queries.call_of(get_session(), event.id)
    if call is None:
        return CallForm(formdata=None)
    return CallForm(
        formdata=None,
        opens_on=call.first_day(event.zone),
        closes_on=call.last_day(event.zone),
        guidance=call.guidance,
    )


def _index(event: Event, status: int = 200, call_form: CallForm | None = None):
    session = get_session()
    rows = queries.proposals(session, event.id, current_user.id)
    if request.args.get("sort") == "score":
        rows.sort(key=lambda row: (row.mean_score is None, -(row.mean_score or 0), row.proposal.number))
    call = queries.call_of(session, event.id)
    return render_template(
        "side_events/manage/index.html",
        event=event,
        rows=rows,
        call=call,
        call_state=editing.call_state(call, utcnow()),
        call_form=call_form or _call_form(event),
    ), status


@bp.get("/events/<int:event_id>/side-events")
@event_permission_required(Permission.REVIEW)
def index(event_id: int):
    return _index(event_or_404(event_id))


@bp.post("/events/<int:event_id>/side-events/call")
@event_permission_required(Permission.EDIT)
def save_call(event_id: int):
    event = event_or_404(event_id)
    form = CallForm()
    if form.validate():
        try:
            editing.save_call(
                get_session(), current_actor(), event, form.opens_on.data, form.closes_on.data, form.guidance.data
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("The call for side events was saved."), "success")
            return redirect(url_for(".index", event_id=event.id))
    return _index(event, 422, form)


def _proposal(proposal_id: int) -> tuple[Proposal, Event]:
    proposal = get_or_404(Proposal, proposal_id, "side-event proposal")
    return proposal, get_session().get(Event, proposal.event_id)


def _placement_form(event: Event, proposal: Proposal, placed) -> PlacementForm:
    if placed is not None:
        form = PlacementForm(
            formdata=None,
            room=placed.room_id,
            starts_local=placed.starts_at.astimezone(event.zone).replace(tzinfo=None),
            ends_local=placed.ends_at.astimezone(event.zone).replace(tzinfo=None),
        )
    else:
        form = PlacementForm(formdata=None)
    return form


def _with_rooms(form: PlacementForm, event: Event) -> PlacementForm:
    form.room.choices = options([("", _("— no room —"))] + [(r.id, r.name) for r in event_rooms(get_session(), event)])
    return form


def _show(proposal: Proposal, event: Event, status: int = 200, **forms):
    session = get_session()
    mine = queries.review_by(session, proposal.id, current_user.id)
    editor = can(current_user, Permission.EDIT, event.id)
    placed = queries.placed_session(session, proposal)
    review_form = forms.get("review") or ReviewForm(
        formdata=None, score=mine.score if mine else None, comment=mine.comment if mine else ""
    )
    decision_form = forms.get("decision") or DecisionForm(
        formdata=None, status=proposal.status if proposal.status in {s.value for s in editing.DECISIONS} else ""
    )
    placement_form = _with_rooms(forms.get("placement") or _placement_form(event, proposal, placed), event)
    return render_template(
        "side_events/manage/proposal.html",
        event=event,
        proposal=proposal,
        organisers=queries.organisers_of(session, [proposal.id]).get(proposal.id, []),
        reviews=queries.reviews(session, proposal.id) if (mine or editor) else None,
        reviewers=queries.reviewer_names(session, proposal.id),
        mine=mine,
        editor=editor,
        placed=placed,
        review_form=review_form,
        decision_form=decision_form,
        placement_form=placement_form,
        conflicts=forms.get("conflicts", []),
        clashes=forms.get("clashes", []),
        trail=trail_for(session, proposal) if editor else None,
    ), status


@bp.get("/side-events/<int:proposal_id>")
@event_permission_required(Permission.REVIEW, queries.event_of_proposal)
def show(proposal_id: int):
    return _show(*_proposal(proposal_id))


@bp.post("/side-events/<int:proposal_id>/review")
@event_permission_required(Permission.REVIEW, queries.event_of_proposal)
def review(proposal_id: int):
    proposal, event = _proposal(proposal_id)
    form = ReviewForm()
    if form.validate():
        try:
            editing.review(
                get_session(), current_actor(), current_user.id, proposal, form.score.data, form.comment.data or ""
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except ProposalError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Your review was saved."), "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
    return _show(proposal, event, 422, review=form)


@bp.post("/side-events/<int:proposal_id>/decision")
@event_permission_required(Permission.EDIT, queries.event_of_proposal)
def decide(proposal_id: int):
    proposal, event = _proposal(proposal_id)
    form = DecisionForm()
    if form.validate():
        try:
            editing.decide(get_session(), current_actor(), event, proposal, form.status.data, form.message.data or "")
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except ProposalError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Decision saved: %(status)s. The proposer was e-mailed.", status=proposal.status_label), "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
    return _show(proposal, event, 422, decision=form)


@bp.post("/side-events/<int:proposal_id>/placement")
@event_permission_required(Permission.EDIT, queries.event_of_proposal)
def place(proposal_id: int):
    """Place the accepted side event in a room and a slot; the agenda's conflicts need a reason,
    a clash with the general debate is shown as a warning."""
    proposal, event = _proposal(proposal_id)
    form = _with_rooms(PlacementForm(), event)
    conflicts, clashes = [], []
    if form.validate():
        placement = form.placement()
        session = get_session()
        try:
            start, end = local_to_utc(placement.local_start, event.zone), local_to_utc(placement.local_end, event.zone)
        except (ValueError, OverflowError):
            form.add_error("starts_local", _("This time does not exist in the event's time zone."))
        else:
            clashes = queries.debate_clashes(session, event.id, start, end)
            try:
                editing.place(session, current_actor(), event, proposal, placement, form.override_reason)
            except agenda.ConflictsFound as found:
                conflicts = found.conflicts
            except ModelValidationError as error:
                form.add_error(error.field, error.message)
            except ProposalError as error:
                form.form_errors.append(str(error))
            else:
                flash(_("The side event is on the programme; the proposer was e-mailed."), "success")
                for meeting in clashes:
                    flash(
                        _(
                            "Warning: it overlaps “%(meeting)s” of the general debate, when delegations are "
                            "expected in the plenary.",
                            meeting=meeting.title,
                        ),
                        "warning",
                    )
                return redirect(url_for(".show", proposal_id=proposal.id))
    return _show(proposal, event, 422, placement=form, conflicts=conflicts, clashes=clashes)
