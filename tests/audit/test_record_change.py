"""record_change: the interface other packages use to write the audit trail."""

from datetime import datetime, timezone

from flask import render_template_string
from sqlmodel import select

from planner.audit.models import AuditEntry
from planner.audit.trail import record_change, snapshot, trail_for
from planner.events.models import EventSeries


def _series(session):
    series = EventSeries(slug="hlc", title="HLC")
    session.add(series)
    session.commit()
    return series


def test_only_changed_fields_are_kept_and_secrets_never(session):
    series = _series(session)
    entry = record_change(
        session,
        "ana@un.example",
        series,
        "update",
        {"title": "HLC", "slug": "hlc", "password_hash": "$argon2id$..."},
        {"title": "High-level Committee", "slug": "hlc", "password": "x"},
    )
    session.commit()
    assert (entry.object_type, entry.object_id) == ("event_series", str(series.id))
    assert (entry.before, entry.after) == ({"title": "HLC"}, {"title": "High-level Committee"})
    assert record_change(session, "t", series, "update", {"title": "a"}, {"title": "a"}) is None


def test_a_new_object_gets_its_id_in_the_same_transaction(session):
    series = EventSeries(slug="expo", title="Expo")
    session.add(series)
    entry = record_change(session, "cli", series, "create", None, snapshot(series, ["slug", "title"]))
    assert entry.object_id == str(series.id)
    session.rollback()  # the caller's failure takes the entry with it
    assert session.exec(select(AuditEntry)).all() == []


def test_snapshot_is_json_safe(session):
    series = _series(session)
    values = snapshot(series)
    assert values["slug"] == "hlc"
    assert isinstance(values["created_at"], str) and values["created_at"].endswith("+00:00")


def test_the_trail_partial_lists_entries_newest_first(app, session):
    series = _series(session)
    record_change(session, "a@un.example", series, "create", None, {"title": "HLC"})
    session.commit()
    record_change(
        session, "b@un.example", series, "update", {"title": "HLC"}, {"title": "New"}, reason="renamed by decision 19/1"
    )
    session.commit()
    entries = trail_for(session, series)
    with app.test_request_context():
        html = render_template_string(
            '{% from "audit/_trail.html" import audit_trail %}{{ audit_trail(entries) }}', entries=entries
        )
    assert html.index("b@un.example") < html.index("a@un.example")
    assert "Reason: renamed by decision 19/1" in html
    assert "<td>HLC</td>" in html and "<td>New</td>" in html
    assert entries[0].at <= datetime.now(timezone.utc)
