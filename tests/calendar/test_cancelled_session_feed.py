"""A cancelled session stays in every feed that had it, as STATUS:CANCELLED with a higher SEQUENCE,
read by python-icalendar, ical.js (Thunderbird), libical (Evolution) and vobject.

The feeds are fetched once before the cancellation, so their VEVENTs are in the feed cache
(planner.calendar.fragments): the second fetch shows the cache does not serve the old copy.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from icalendar import Calendar
from sqlmodel import select

from planner.agenda import editing
from planner.agenda.models import AgendaSession
from planner.calendar.uids import item_uid
from tests.calendar import parsers
from tests.forms import post_form
from tests.registration.helpers import FORM, open_event

# libical's own reading of STATUS and SEQUENCE (tests/calendar/libical_check.py reports neither).
LIBICAL_STATUS = """
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib
result = {}
for path in sys.argv[1:]:
    calendar = ICalGLib.Component.new_from_string(open(path, encoding="utf-8").read())
    vevent = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    events = {}
    while vevent is not None:
        events[vevent.get_uid()] = [vevent.get_status().value_nick, vevent.get_sequence()]
        vevent = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    result[path] = events
print(json.dumps(result))
"""


@pytest.fixture
def cancelled_feeds(app, client, session):
    """{name: (bytes before, bytes after)} of the event feed, the all-events feed and the personal
    feed of a participant who picked the session, around the session's cancellation."""
    event = open_event(session)
    briefing = session.exec(
        select(AgendaSession).where(AgendaSession.event_id == event.id).order_by(AgendaSession.starts_at)
    ).first()
    location = post_form(client, f"/events/{event.slug}/register", FORM).headers["Location"]
    token = re.search(r"/registrations/(\S+)$", location).group(1)
    private = f"/registrations/{token}"
    post_form(client, private, {"session": [str(briefing.id)]}, action=f"{private}/agenda")
    urls = {
        "event": f"/events/{event.slug}/calendar.ics",
        "all": "/calendar.ics",
        "personal": f"/registrations/{token}/calendar.ics",
    }
    before = {name: client.get(url).data for name, url in urls.items()}
    with app.app_context():
        editing.cancel_session(session, "ana@un.example", session.get(AgendaSession, briefing.id), "no speaker")
    after = {name: client.get(url).data for name, url in urls.items()}
    uid = item_uid("session", briefing.id, app.config["PUBLIC_HOST"])
    return uid, {name: (before[name], after[name]) for name in urls}


def _vevent(data: bytes, uid: str):
    [vevent] = [v for v in Calendar.from_ical(data).walk("VEVENT") if str(v["UID"]) == uid]
    return vevent


def test_a_cancelled_session_stays_in_every_feed_as_cancelled_with_a_higher_sequence(cancelled_feeds):
    uid, feeds = cancelled_feeds
    for name, (before, after) in feeds.items():
        old, new = _vevent(before, uid), _vevent(after, uid)
        assert str(old["STATUS"]) == "CONFIRMED", name
        assert str(new["STATUS"]) == "CANCELLED", name
        assert int(new["SEQUENCE"]) > int(old["SEQUENCE"]), name
        assert new["DTSTART"].dt == old["DTSTART"].dt and str(new["SUMMARY"]) == str(old["SUMMARY"]), name
        others = [str(v["STATUS"]) for v in Calendar.from_ical(after).walk("VEVENT") if str(v["UID"]) != uid]
        assert others and set(others) == {"CONFIRMED"}, name  # the event and the other session take place


def test_independent_parsers_read_it_as_cancelled(cancelled_feeds, tmp_path):
    uid, feeds = cancelled_feeds
    paths = {}
    for name, (before, after) in feeds.items():
        for moment, data in (("before", before), ("after", after)):
            paths[name, moment] = tmp_path / f"{name}-{moment}.ics"
            paths[name, moment].write_bytes(data)
            assert parsers.byte_problems(data) == [], (name, moment)
            parsers.vobject_read(data.decode("utf-8"))  # validates
    icaljs = parsers.icaljs(list(paths.values()))
    seen = {key: {e["uid"]: e for e in icaljs[str(path)]["events"]} for key, path in paths.items()}
    for name in feeds:
        old, new = seen[name, "before"][uid], seen[name, "after"][uid]
        assert (old["status"], new["status"]) == ("CONFIRMED", "CANCELLED"), name
        assert new["sequence"] > old["sequence"] and new["start"] == old["start"], name
    reason = parsers.libical_missing()
    if reason:
        pytest.skip(reason)
    run = subprocess.run(
        [parsers.SYSTEM_PYTHON, "-c", LIBICAL_STATUS, *map(str, paths.values())], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    libical = json.loads(run.stdout)
    for name in feeds:
        (old_status, old_sequence), (new_status, new_sequence) = (
            libical[str(paths[name, "before"])][uid],
            libical[str(paths[name, "after"])][uid],
        )
        assert (old_status, new_status) == ("confirmed", "cancelled"), name
        assert new_sequence > old_sequence, name
