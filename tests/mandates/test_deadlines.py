"""Issue 17 item 4: deadlines are editable (date, responsible, note) and closable (delivered, with
what delivered it; superseded by a later resolution; dropped, with a reason). A deadline closed as
done no longer counts as open; one past its date and open shows as overdue."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from planner.db import utcnow
from planner.demo.seed import RESOLUTION
from planner.mandates import deadlines
from planner.mandates.importing import import_resolution
from planner.mandates.links import add_link
from planner.mandates.models import Deadline, LinkRole, MandateLink
from planner.validation import ModelValidationError
from tests.forms import field_error, post_form

MANDATE = "/mandates/A-RES-71-244"


@pytest.fixture
def deadline(session) -> Deadline:
    import_resolution(
        session,
        RESOLUTION["file"].read_text(encoding="utf-8"),
        symbol="A/RES/71/244",
        title="South-South cooperation",
        adopted_on=date(2016, 12, 21),
    )
    deadline = Deadline(
        title="Comprehensive report", responsible="Secretary-General", due_on=date(2017, 9, 1), precision="day"
    )
    session.add(deadline)
    session.flush()
    add_link(session, symbol="A/RES/71/244", number=36, role=LinkRole.REQUESTS_REPORT, deadline=deadline)
    session.commit()
    return deadline


def _coverage(client) -> str:
    page = client.get(MANDATE).get_data(as_text=True)
    return re.search(r'<section aria-labelledby="coverage-heading".*?</section>', page, re.S).group(0)


def _feed_deadline(client):
    calendar = Calendar.from_ical(client.get(f"{MANDATE}/calendar.ics").data)
    return next(e for e in calendar.walk("VEVENT") if "Comprehensive report" in str(e["SUMMARY"]))


def test_an_open_deadline_past_its_date_shows_as_overdue(client, deadline):
    coverage = _coverage(client)
    assert '<strong class="status-overdue">overdue</strong>' in coverage
    assert "Overdue:" in coverage


def test_closed_as_done_with_a_note_it_no_longer_counts_as_open(client, session, deadline, signed_in):
    signed_in("manager")
    page = f"/manage/mandates/deadlines/{deadline.id}"
    response = post_form(client, page, {"status": "delivered"}, action=page + "/close")
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "closing_note") == (
        "Say what delivered it: a document's symbol or a note."
    )
    response = post_form(
        client,
        page,
        {"status": "delivered", "closing_note": "Presented orally to the Committee"},
        action=page + "/close",
    )
    assert response.status_code == 302
    session.refresh(deadline)
    assert (deadline.status, deadline.is_open, deadline.is_overdue(date.today())) == ("delivered", False, False)
    # The planner's "today" is the UTC date (planner.mandates.deadlines), whatever the machine's zone.
    assert deadline.closing_note == "Presented orally to the Committee" and deadline.closed_on == utcnow().date()
    coverage = _coverage(client)
    assert "status-overdue" not in coverage and "Overdue:" not in coverage
    assert "Presented orally to the Committee" in coverage
    assert str(_feed_deadline(client)["SUMMARY"]) == "Delivered: Comprehensive report"
    assert "Close" in client.get(page).get_data(as_text=True)  # the audit trail

    response = post_form(client, page, {}, action=page + "/reopen")
    assert response.status_code == 302
    session.refresh(deadline)
    assert (deadline.status, deadline.closing_note, deadline.closed_on) == ("open", "", None)
    assert "status-overdue" in _coverage(client)


def test_closed_as_done_by_a_document_symbol(session, deadline):
    deadlines.close(session, "ana", deadline, "delivered", delivered_by="A/72/297")
    assert (deadline.status, deadline.delivered_by) == ("delivered", "A/72/297")


def test_superseded_needs_the_later_resolution_and_is_cancelled_in_the_feed(client, session, deadline, signed_in):
    signed_in("manager")
    page = f"/manage/mandates/deadlines/{deadline.id}"
    response = post_form(client, page, {"status": "superseded", "superseded_by": "later"}, action=page + "/close")
    assert field_error(response.get_data(as_text=True), "superseded_by") == (
        "Name the later resolution, like A/RES/73/291."
    )
    sequence = deadline.sequence
    response = post_form(
        client, page, {"status": "superseded", "superseded_by": "a/res/73/291"}, action=page + "/close"
    )
    assert response.status_code == 302
    session.refresh(deadline)
    assert (deadline.status, deadline.superseded_by) == ("superseded", "A/RES/73/291")
    assert deadline.sequence == sequence + 1
    vevent = _feed_deadline(client)
    assert str(vevent["STATUS"]) == "CANCELLED" and "Superseded by A/RES/73/291." in str(vevent["DESCRIPTION"])
    assert "(by A/RES/73/291)" in _coverage(client)


def test_dropped_needs_a_reason(client, session, deadline, signed_in):
    signed_in("manager")
    page = f"/manage/mandates/deadlines/{deadline.id}"
    response = post_form(client, page, {"status": "dropped"}, action=page + "/close")
    assert field_error(response.get_data(as_text=True), "closing_note") == "Say why the deadline is dropped."
    with pytest.raises(ModelValidationError):
        deadlines.close(session, "ana", deadline, "dropped")
    response = post_form(
        client, page, {"status": "dropped", "closing_note": "The Assembly deferred the item"}, action=page + "/close"
    )
    assert response.status_code == 302
    session.refresh(deadline)
    assert deadline.status == "dropped" and not deadline.is_overdue(date.today())


def test_editing_the_date_responsible_and_note(client, session, deadline, signed_in):
    signed_in("manager")
    page = f"/manage/mandates/deadlines/{deadline.id}"
    later = date.today() + timedelta(days=30)
    sequence = deadline.sequence
    response = post_form(
        client,
        page,
        {"due_on": later.isoformat(), "responsible": "Office for South-South Cooperation", "note": "Agreed with DESA"},
    )
    assert response.status_code == 302
    session.refresh(deadline)
    assert (deadline.due_on, deadline.precision, deadline.responsible, deadline.note) == (
        later,
        "day",
        "Office for South-South Cooperation",
        "Agreed with DESA",
    )
    assert deadline.sequence == sequence + 1  # a new date: calendars replace what they hold
    assert "status-overdue" not in _coverage(client)
    shown = client.get(page).get_data(as_text=True)
    assert "Agreed with DESA" in shown and "Update" in shown

    response = post_form(client, page, {"due_on": "", "responsible": "", "note": ""})
    assert response.status_code == 302
    session.refresh(deadline)
    assert (deadline.due_on, deadline.precision) == (None, None)
    assert post_form(client, page, {"due_on": "not a date"}).status_code == 422


def test_a_request_that_leaves_fields_out_or_reopens_an_open_deadline_changes_nothing(
    client, session, deadline, signed_in
):
    signed_in("manager")
    page = f"/manage/mandates/deadlines/{deadline.id}"
    response = post_form(client, page, {"note": "only the note"})  # no date, no responsible: not cleared
    assert response.status_code == 422 and "The form was incomplete" in response.get_data(as_text=True)
    session.refresh(deadline)
    assert (deadline.due_on, deadline.responsible, deadline.note) == (date(2017, 9, 1), "Secretary-General", "")
    sequence = deadline.sequence
    reopened = post_form(client, page, {}, action=page + "/reopen")
    assert reopened.status_code == 409 and "open already" in reopened.get_data(as_text=True)
    session.refresh(deadline)
    assert deadline.sequence == sequence


def test_a_viewer_sees_the_deadline_but_may_not_change_it(client, deadline, signed_in):
    signed_in("viewer")
    page = f"/manage/mandates/deadlines/{deadline.id}"
    assert "Comprehensive report" in client.get(page).get_data(as_text=True)
    assert (
        post_form(client, page, {"status": "dropped", "closing_note": "x"}, action=page + "/close").status_code == 403
    )
    assert client.get("/manage/mandates/deadlines/999999").status_code == 404


def test_coverage_counts_a_deadline_only_once_dated_or_closed(session, deadline):
    links = session.exec(select(MandateLink).where(MandateLink.deadline_id == deadline.id)).all()
    assert deadlines.counting_links(session, links) == links
    deadlines.edit(session, "ana", deadline, due_on=None, responsible="", note="")
    assert deadlines.counting_links(session, links) == []
    deadlines.close(session, "ana", deadline, "delivered", delivered_by="A/72/297")
    assert deadlines.counting_links(session, links) == links


def test_a_deadline_at_a_committees_session_keeps_whose_session_it_is(client, session, signed_in):
    """The Committee's twenty-first session is not the Assembly's: no date is made up for it, and
    the accepted deadline says whose session it is."""
    from planner.mandates import suggestions

    text = (
        "The General Assembly,\n"
        "Recalling its resolution 71/244,\n"
        "1. Requests the Secretary-General to submit to the High-level Committee on South-South Cooperation "
        "at its twenty-first session a report on the implementation of the present resolution;\n"
        "2. Also requests the Secretary-General to submit to the General Assembly at its seventy-fifth "
        "session a report on South-South cooperation;\n"
    )
    resolution = import_resolution(session, text, symbol="A/RES/74/1", title="T", adopted_on=date(2019, 12, 19))
    views = {
        (v.suggestion.paragraph, v.suggestion.target): v
        for v in suggestions.list_suggestions(session, resolution.resolution)
    }
    [committee] = suggestions.accept(session, resolution.resolution, views[1, "deadline"].key, actor="test")
    [assembly] = suggestions.accept(session, resolution.resolution, views[2, "deadline"].key, actor="test")
    assert (committee.organ, committee.due_on) == ("High-level Committee on South-South Cooperation", None)
    assert (assembly.organ, assembly.session, assembly.due_on) == ("General Assembly", 75, date(2020, 9, 15))
    signed_in("viewer")
    page = client.get(f"/manage/mandates/deadlines/{committee.id}").get_data(as_text=True)
    assert "session of: High-level Committee on South-South Cooperation" in page
