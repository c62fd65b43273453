"""The secretariat's document pages of an event: the list, a new document, one document's page
(its details, a file per language, the sessions it serves, the paragraphs it answers), delete.

Reading needs VIEW on the event, every change EDIT (planner.accounts.permissions). An upload
larger than DOCUMENT_MAX_BYTES is refused before its body is read, with the document's page
saying the limit (status 413), so it never reaches the form parser or the disk.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from planner import uploads
from planner.accounts.auth import current_actor
from planner.accounts.permissions import Permission, event_permission_required
from planner.audit.trail import trail_for
from planner.db import get_session
from planner.documents import editing, files, queries
from planner.documents.forms import DocumentForm, ParagraphForm, SessionsForm, UploadForm
from planner.documents.models import Document, DocumentParagraph
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.forms import ActionForm, options
from planner.i18n.languages import LANGUAGES
from planner.mandates.models import ParagraphKind
from planner.validation import ModelValidationError

bp = Blueprint("documents_manage", __name__, url_prefix="/manage/events/<int:event_id>/documents")


def _document_or_404(event: Event, document_id: int) -> Document:
    document = get_session().get(Document, document_id)
    if document is None or document.event_id != event.id:
        abort(404, description=_("This event has no document number %(id)s.", id=document_id))
    return document


@bp.get("/")
@event_permission_required(Permission.VIEW)
def index(event_id: int):
    event = event_or_404(event_id)
    return render_template(
        "documents/manage/index.html", event=event, views=queries.document_views(get_session(), event.id)
    )


@bp.route("/new", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def new(event_id: int):
    event = event_or_404(event_id)
    form = DocumentForm()
    if form.validate_on_submit():
        try:
            document = editing.save_document(get_session(), current_actor(), event, None, form.values())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("The document was added. Upload its files or give links below."), "success")
            return redirect(url_for(".show", event_id=event.id, document_id=document.id))
    return render_template(
        "documents/manage/form.html", event=event, form=form, languages=LANGUAGES
    ), 422 if form.errors else 200


def _document_form(view) -> DocumentForm:
    document = view.document
    data = dict(doc_type=document.doc_type, symbol=document.symbol or "", issued_on=document.issued_on)
    for code in LANGUAGES:
        version = view.versions.get(code)
        data[f"title_{code}"] = version.title if version else ""
        data[f"link_{code}"] = (version.url or "") if version else ""
    return DocumentForm(formdata=None, **data)


def _show(event: Event, document: Document, status: int = 200, **forms):
    session = get_session()
    view = queries.document_view(session, document)
    sessions = queries.event_sessions(session, event.id)
    sessions_form = forms.get("sessions") or SessionsForm(formdata=None, sessions=sorted(view.session_ids))
    sessions_form.sessions.choices = options(
        (s.id, f"{s.starts_at.astimezone(event.zone):%Y-%m-%d %H:%M} {s.title}") for s in sessions
    )
    return render_template(
        "documents/manage/show.html",
        event=event,
        view=view,
        languages=LANGUAGES,
        form=forms.get("details") or _document_form(view),
        upload_form=forms.get("upload") or UploadForm(formdata=None),
        sessions_form=sessions_form,
        paragraph_form=forms.get("paragraph") or ParagraphForm(formdata=None),
        action_form=ActionForm(formdata=None),
        max_size=uploads.size_text(files.max_bytes()),
        trail=trail_for(session, document),
    ), status


@bp.get("/<int:document_id>")
@event_permission_required(Permission.VIEW)
def show(event_id: int, document_id: int):
    event = event_or_404(event_id)
    return _show(event, _document_or_404(event, document_id))


@bp.post("/<int:document_id>")
@event_permission_required(Permission.EDIT)
def edit(event_id: int, document_id: int):
    event = event_or_404(event_id)
    document = _document_or_404(event, document_id)
    form = DocumentForm()
    if form.validate():
        try:
            editing.save_document(get_session(), current_actor(), event, document, form.values())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("The document was saved."), "success")
            return redirect(url_for(".show", event_id=event.id, document_id=document.id))
    return _show(event, document, 422, details=form)


@bp.post("/<int:document_id>/file")
@event_permission_required(Permission.EDIT)
def upload(event_id: int, document_id: int):
    event = event_or_404(event_id)
    document = _document_or_404(event, document_id)
    if files.too_large(request.content_length):
        form = UploadForm(formdata=None)
        form.upload.errors = [files.too_large_message()]
        return _show(event, document, 413, upload=form)
    form = UploadForm()
    if form.validate():
        session = get_session()
        stored = form.upload.data
        try:
            accepted = files.accept(stored.filename, stored.read(files.max_bytes() + 1))
            name = files.store(accepted)
            editing.put_file(session, current_actor(), document, form.language.data, accepted, name)
        except ModelValidationError as error:
            form.add_error("upload", error.message)
        else:
            flash(_("The file was uploaded."), "success")
            return redirect(url_for(".show", event_id=event.id, document_id=document.id))
    return _show(event, document, 422, upload=form)


@bp.post("/<int:document_id>/file/<language>/remove")
@event_permission_required(Permission.EDIT)
def remove_file(event_id: int, document_id: int, language: str):
    event = event_or_404(event_id)
    document = _document_or_404(event, document_id)
    if language not in LANGUAGES or not ActionForm().validate():
        abort(400, description=_("The form was incomplete; reload the page and try again."))
    editing.remove_file(get_session(), current_actor(), document, language)
    flash(_("The file was removed."), "success")
    return redirect(url_for(".show", event_id=event.id, document_id=document.id))


@bp.post("/<int:document_id>/sessions")
@event_permission_required(Permission.EDIT)
def sessions(event_id: int, document_id: int):
    event = event_or_404(event_id)
    document = _document_or_404(event, document_id)
    form = SessionsForm()
    if not form.validate():
        return _show(event, document, 422, sessions=form)
    editing.set_sessions(get_session(), current_actor(), document, set(form.sessions.data or []))
    flash(_("The sessions were saved."), "success")
    return redirect(url_for(".show", event_id=event.id, document_id=document.id))


@bp.post("/<int:document_id>/paragraphs")
@event_permission_required(Permission.EDIT)
def link_paragraph(event_id: int, document_id: int):
    event = event_or_404(event_id)
    document = _document_or_404(event, document_id)
    form = ParagraphForm()
    if form.validate():
        session = get_session()
        paragraph = queries.find_paragraph(session, form.resolution.data, ParagraphKind.OPERATIVE, form.number.data)
        if paragraph is None:
            form.add_error(
                "number",
                _(
                    "%(symbol)s has no operative paragraph %(number)s here; import the resolution first.",
                    symbol=form.resolution.data,
                    number=form.number.data,
                ),
            )
        else:
            delivered = editing.link_paragraph(session, current_actor(), document, paragraph)
            flash(
                ngettext(
                    "Linked; %(num)d deadline of that paragraph is now delivered.",
                    "Linked; %(num)d deadlines of that paragraph are now delivered.",
                    len(delivered),
                )
                if delivered
                else _("Linked."),
                "success",
            )
            return redirect(url_for(".show", event_id=event.id, document_id=document.id))
    return _show(event, document, 422, paragraph=form)


@bp.post("/<int:document_id>/paragraphs/<int:link_id>/remove")
@event_permission_required(Permission.EDIT)
def unlink_paragraph(event_id: int, document_id: int, link_id: int):
    event = event_or_404(event_id)
    document = _document_or_404(event, document_id)
    session = get_session()
    link = session.get(DocumentParagraph, link_id)
    if link is None or link.document_id != document.id:
        abort(404, description=_("This document is not linked to that paragraph."))
    if not ActionForm().validate():
        abort(400, description=_("The form was incomplete; reload the page and try again."))
    editing.unlink_paragraph(session, current_actor(), document, link)
    flash(_("The link to the paragraph was removed."), "success")
    return redirect(url_for(".show", event_id=event.id, document_id=document.id))


@bp.post("/<int:document_id>/delete")
@event_permission_required(Permission.EDIT)
def delete(event_id: int, document_id: int):
    event = event_or_404(event_id)
    document = _document_or_404(event, document_id)
    if not ActionForm().validate():
        abort(400, description=_("The form was incomplete; reload the page and try again."))
    editing.delete_document(get_session(), current_actor(), document)
    flash(_("The document was deleted."), "success")
    return redirect(url_for(".index", event_id=event.id))
