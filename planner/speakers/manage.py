"""The secretariat's list of speakers: the list as it stands, its settings, inscribing for a
delegation, swapping two speakers, moving an absent speaker to the end of the meeting, taking a
speaker off. Reading needs VIEW on the event, changing it PROTOCOL (planner.accounts.permissions)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from planner.accounts.auth import current_actor
from planner.accounts.permissions import Permission, event_permission_required
from planner.agenda.models import SessionKind
from planner.agenda.queries import event_sessions
from planner.db import get_or_404, get_session
from planner.delegations import queries as delegation_queries
from planner.delegations.models import Delegation
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.forms import ActionForm, ConfirmedForm, options
from planner.speakers import editing, queries
from planner.speakers.editing import ListError, SpeakerValues
from planner.speakers.forms import SecretariatInscriptionForm, SettingsForm, SwapForm
from planner.speakers.models import Inscription
from planner.validation import ModelValidationError

bp = Blueprint("speakers_manage", __name__, url_prefix="/manage")


def _forms(event: Event, blocks, settings):
    session = get_session()
    entries = [entry for block in blocks for entry in block.entries]
    who = [
        (
            e.inscription.id,
            f"{e.place}. {delegation_queries.delegation_name(e.delegation)}: {e.inscription.speaker_name}",
        )
        for e in entries
    ]
    swap = SwapForm(formdata=None)
    swap.first.choices = swap.second.choices = options(who)
    settings_form = SettingsForm(
        formdata=None,
        statement_minutes=settings.statement_minutes if settings else 5,
        meetings=[m.id for m in queries.meetings(session, event.id)],
        closed=bool(settings and settings.closed_at),
    )
    settings_form.meetings.choices = options(_event_sessions(event))
    inscribe = SecretariatInscriptionForm(formdata=None)
    inscribe.delegation.choices = _delegation_choices(event)
    return swap, settings_form, inscribe


def _event_sessions(event: Event) -> list[tuple[int, str]]:
    """The event's plenary meetings, which may be the general debate's."""
    return [(s.id, s.title) for s in event_sessions(get_session(), event.id) if s.kind == SessionKind.PLENARY]


def _delegation_choices(event: Event):
    live = [d for d in delegation_queries.of_event(get_session(), event.id) if d.withdrawn_at is None]
    return options((d.id, delegation_queries.delegation_name(d)) for d in live)


def _page(event: Event, status: int = 200, **forms):
    settings, blocks = queries.speakers_list(get_session(), event.id)
    swap, settings_form, inscribe = _forms(event, blocks, settings)
    return render_template(
        "speakers/manage/index.html",
        event=event,
        settings=settings,
        blocks=blocks,
        swap_form=forms.get("swap", swap),
        settings_form=forms.get("settings", settings_form),
        inscribe_form=forms.get("inscribe", inscribe),
        action_form=ActionForm(),
    ), status


@bp.get("/events/<int:event_id>/speakers")
@event_permission_required(Permission.VIEW)
def index(event_id: int):
    return _page(event_or_404(event_id))


@bp.post("/events/<int:event_id>/speakers/settings")
@event_permission_required(Permission.PROTOCOL)
def settings(event_id: int):
    event = event_or_404(event_id)
    form = SettingsForm()
    form.meetings.choices = options(_event_sessions(event))
    if form.validate():
        try:
            editing.save_settings(
                get_session(),
                current_actor(),
                event,
                form.statement_minutes.data,
                set(form.meetings.data or []),
                form.closed.data,
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("The list of speakers' settings were saved."), "success")
            return redirect(url_for(".index", event_id=event.id))
    return _page(event, 422, settings=form)


@bp.post("/events/<int:event_id>/speakers/inscribe")
@event_permission_required(Permission.PROTOCOL)
def inscribe(event_id: int):
    event = event_or_404(event_id)
    form = SecretariatInscriptionForm()
    form.delegation.choices = _delegation_choices(event)
    if form.validate():
        delegation = get_or_404(Delegation, form.delegation.data, "delegation")
        values = SpeakerValues(form.speaker_name.data, form.speaker_title.data or "", form.level.data)
        try:
            editing.inscribe(get_session(), event, delegation, values, actor=current_actor())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except ListError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The speaker is inscribed; the delegation was e-mailed."), "success")
            return redirect(url_for(".index", event_id=event.id))
    return _page(event, 422, inscribe=form)


@bp.post("/events/<int:event_id>/speakers/swap")
@event_permission_required(Permission.PROTOCOL)
def swap(event_id: int):
    event = event_or_404(event_id)
    form = SwapForm()
    settings, blocks = queries.speakers_list(get_session(), event.id)
    ids = [(e.inscription.id, str(e.place)) for block in blocks for e in block.entries]
    form.first.choices = form.second.choices = options(ids)
    if form.validate():
        session = get_session()
        try:
            first, second = session.get(Inscription, form.first.data), session.get(Inscription, form.second.data)
            editing.swap(session, current_actor(), event, first, second)
        except ListError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The two speakers were swapped; both delegations were e-mailed."), "success")
            return redirect(url_for(".index", event_id=event.id))
    return _page(event, 422, swap=form)


@bp.post("/speakers/<int:inscription_id>/to-end")
@event_permission_required(Permission.PROTOCOL, queries.event_of_inscription)
def to_end(inscription_id: int):
    inscription = get_or_404(Inscription, inscription_id, "speaker")  # CSRF: checked app-wide
    event = get_session().get(Event, inscription.event_id)
    editing.move_to_end(get_session(), current_actor(), event, inscription)
    flash(
        _("%(name)s moved to the end of the meeting; the delegation was e-mailed.", name=inscription.speaker_name),
        "success",
    )
    return redirect(url_for(".index", event_id=event.id))


@bp.route("/speakers/<int:inscription_id>/withdraw", methods=["GET", "POST"])
@event_permission_required(Permission.PROTOCOL, queries.event_of_inscription)
def withdraw(inscription_id: int):
    """Take a speaker off the list, from a confirmation page (the delegation is told)."""
    inscription = get_or_404(Inscription, inscription_id, "speaker")
    event = get_session().get(Event, inscription.event_id)
    form = ConfirmedForm()
    if form.validate_on_submit():
        name = inscription.speaker_name
        editing.withdraw(get_session(), event, inscription, actor=current_actor())
        flash(_("%(name)s was taken off the list; the delegation was e-mailed.", name=name), "success")
        return redirect(url_for(".index", event_id=event.id))
    delegation = get_session().get(Delegation, inscription.delegation_id)
    return render_template(
        "speakers/manage/withdraw.html", event=event, inscription=inscription, delegation=delegation, form=form
    ), (422 if form.is_submitted() else 200)
