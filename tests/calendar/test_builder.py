"""The builder's identity rules, without a database: UIDs, stamps and sequence from the row."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from types import SimpleNamespace

from planner.calendar import builder
from planner.calendar.uids import item_uid


def test_uid_is_a_uuid5_of_type_and_id_in_the_host_namespace():
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, "planner.example.org")
    assert item_uid("event", 7, "planner.example.org") == str(uuid.uuid5(namespace, "event:7"))
    assert item_uid("event", 7, "planner.example.org") != item_uid("session", 7, "planner.example.org")
    assert item_uid("event", 7, "planner.example.org") != item_uid("event", 7, "other.example.org")


def test_deadline_is_an_all_day_vevent_stamped_with_its_update_time():
    updated = datetime(2017, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    deadline = SimpleNamespace(
        id=3,
        title="Report; part 1",
        responsible="Secretary-General",
        due_on=date(2017, 9, 1),
        phrase="by September 2017",
        status="open",
        sequence=2,
        updated_at=updated,
    )
    vevent = builder.deadline_vevent(deadline, [], "https://p.example", "p.example")
    text = vevent.to_ical().decode()
    assert "SUMMARY:Due: Report\\; part 1\r\n" in text
    assert "DTSTART;VALUE=DATE:20170901\r\n" in text and "DTEND;VALUE=DATE:20170902\r\n" in text
    assert "DTSTAMP:20170102T030405Z\r\n" in text and "LAST-MODIFIED:20170102T030405Z\r\n" in text
    assert "SEQUENCE:2\r\n" in text and "VTODO" not in text
