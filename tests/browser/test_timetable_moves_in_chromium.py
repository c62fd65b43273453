"""Building the programme on the management timetable (issue 22), in Debian's Chromium.

One page load per scenario: the moves are made one after the other on the same page, which reads
its board again from the server after each save. With the mouse: a session dragged to another
room and hour, one made longer by its lower edge, a draft dropped from "Drafts to place", and a
move onto a busy room that shows the clash before the drop and needs a reason; each is found
saved, in the session's history and, once published, on the public programme. With the keyboard
alone: the same moves, the live region's words checked, Escape, Undo, a stale move, and axe-core
on the page while a move is under way, in English and in Arabic (whose grid runs right to left).
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.agenda import editing as agenda
from planner.agenda.models import AgendaSession
from planner.audit.trail import trail_for
from planner.db import get_session
from planner.events import editing
from planner.events.editing import EventValues
from planner.events.models import Event
from tests.browser.test_accessibility import AXE, BLOCKING, _describe, _violations
from tests.forms import PASSWORD

ZONE = ZoneInfo("America/Argentina/Buenos_Aires")


def _at(hour_minute: str, day: str = "2019-03-20") -> datetime:
    return datetime.fromisoformat(f"{day}T{hour_minute}").replace(tzinfo=ZONE)


def _values(title: str, start: str, end: str, room_id: int | None, day: str = "2019-03-20"):
    return agenda.SessionValues(
        title=title,
        kind="plenary",
        local_start=datetime.fromisoformat(f"{day}T{start}"),
        local_end=datetime.fromisoformat(f"{day}T{end}"),
        room_id=room_id,
    )


def _setup(session) -> dict:
    accounts.create_user(session, "cli", "ana@un.example", PASSWORD, "manager", "Ana")
    venue = editing.save_venue(
        session,
        "cli",
        None,
        dict(name="Conference venue (test)", address="", city="Buenos Aires", country="AR", timezone=ZONE.key),
    )
    hall = editing.save_room(session, "cli", venue, None, dict(name="Plenary hall", capacity=None))
    room_b = editing.save_room(session, "cli", venue, None, dict(name="Room B", capacity=None))
    event = editing.create_event(
        session,
        "cli",
        EventValues(
            slug="bapa-40",
            title="BAPA+40",
            kind="conference",
            status="scheduled",
            timezone=ZONE.key,
            all_day=True,
            first_day=date(2019, 3, 20),
            last_day=date(2019, 3, 22),
            published=True,
            venue_id=venue.id,
        ),
    )
    for title, start, end, room in (
        ("Opening plenary", "09:00", "10:00", hall.id),
        ("Panel on innovation", "11:00", "12:00", room_b.id),
        ("General debate", "13:00", "15:00", hall.id),
        ("Regional dialogue", "14:00", "15:00", None),  # a draft without a room: to place
    ):
        agenda.save_session(session, "cli", event, None, _values(title, start, end, room))
    return {"event": event.id, "hall": hall.id, "room_b": room_b.id}


@pytest.fixture
def server(serve):
    _app, base, ids = serve(_setup)
    return _app, base, ids


@pytest.fixture
def page(browser):
    """A page where axe-core may be injected: the context sets the page's CSP aside for it."""
    page = browser.new_context(bypass_csp=True).new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def strict_page(browser):
    """A page under the site's own CSP, which reports anything it blocks."""
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.blocked = []
    page.on("console", lambda m: page.blocked.append(m.text) if "Content Security Policy" in m.text else None)
    return page


def _sign_in(page, base: str, lang: str = "en") -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("input[name=email]", "ana@un.example")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/manage/")


def _session(app, title: str) -> SimpleNamespace:
    """The stored session's place and its history (newest first) as (action, reason)."""
    with app.app_context():
        db = get_session()
        found = db.exec(select(AgendaSession).where(AgendaSession.title == title)).one()
        return SimpleNamespace(
            id=found.id,
            starts_at=found.starts_at,
            ends_at=found.ends_at,
            room_id=found.room_id,
            trail=[(entry.action, entry.reason) for entry in trail_for(db, found)],
        )


def _centre(page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _slot(page, room_id: int, at: str) -> tuple[float, float]:
    """The middle of the cell of `room_id` at local time `at` ("10:00")."""
    column = page.locator(f'thead th[data-room="{room_id}"]').bounding_box()
    row = page.locator(f'tbody tr[data-at="2019-03-20T{at}"]').bounding_box()
    return column["x"] + column["width"] / 2, row["y"] + row["height"] / 2


def _drag(page, start: tuple[float, float], end: tuple[float, float], release: bool = True) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 10, start[1] + 10, steps=2)
    page.mouse.move(*end, steps=8)
    if release:
        page.mouse.up()


def _item(title: str) -> str:
    return f'[data-session][data-title="{title}"]'


def _saved(page, text: str) -> None:
    """The live region says the move was saved, and the board shows the server's new layout."""
    status = page.locator("[data-move-status]")
    status.filter(has_text=text).wait_for()
    page.wait_for_function("() => !document.querySelector('.move-ghost')")


def test_drag_resize_place_and_clash_with_the_mouse(server, strict_page):
    app, base, ids = server
    page = strict_page
    page.set_viewport_size({"width": 1280, "height": 2400})  # the whole day in view: no scrolling mid-drag
    _sign_in(page, base)
    page.goto(f"{base}/manage/events/{ids['event']}/agenda?day=2019-03-20")

    # A session whose top is grabbed keeps its offset: the pointer lands on its first row.
    top = page.locator(_item("Opening plenary")).bounding_box()
    _drag(page, (top["x"] + top["width"] / 2, top["y"] + 4), _slot(page, ids["room_b"], "10:00"))
    _saved(page, "“Opening plenary”: 20 March 2019, 10:00–11:00, Room B")

    grip = page.locator(f"{_item('Panel on innovation')} [data-resize]").bounding_box()
    _drag(page, (grip["x"] + grip["width"] / 2, grip["y"] + 2), _slot(page, ids["room_b"], "12:25"))
    _saved(page, "11:00–12:30")

    _drag(page, _centre(page, _item("Regional dialogue")), _slot(page, ids["hall"], "16:00"))
    _saved(page, "“Regional dialogue”: 20 March 2019, 16:00–17:00, Plenary hall")
    assert page.locator(".to-place").count() == 0  # no draft left to place

    # Onto the busy hall: the clash is shown while the session is held, before it is dropped.
    top = page.locator(_item("Panel on innovation")).bounding_box()
    _drag(page, (top["x"] + top["width"] / 2, top["y"] + 4), _slot(page, ids["hall"], "13:30"), release=False)
    conflicts = page.locator("[data-move-conflicts]")
    conflicts.filter(has_text="“Panel on innovation” and “General debate” overlap").wait_for()
    assert page.locator(".move-ghost.move-ghost-clash").count() == 1
    assert page.locator(f"{_item('General debate')}.move-conflicting").count() == 1
    page.mouse.up()
    page.get_by_label("Reason for saving despite the conflicts").fill("room shared on purpose")
    page.get_by_role("button", name="Save the move").click()
    _saved(page, "13:30–15:00, Plenary hall")

    opening, panel, dialogue = (
        _session(app, t) for t in ("Opening plenary", "Panel on innovation", "Regional dialogue")
    )
    assert (opening.starts_at, opening.ends_at, opening.room_id) == (_at("10:00"), _at("11:00"), ids["room_b"])
    assert (panel.starts_at, panel.ends_at, panel.room_id) == (_at("13:30"), _at("15:00"), ids["hall"])
    assert (dialogue.starts_at, dialogue.room_id) == (_at("16:00"), ids["hall"])
    assert opening.trail[0] == ("update", None) and dialogue.trail[0] == ("update", None)
    assert [action for action, _ in panel.trail] == ["update", "update", "create"]  # resized, then moved
    assert panel.trail[0][1].startswith("room shared on purpose (saved anyway despite:")

    page.get_by_role("button", name="Publish the whole agenda").click()
    page.goto(base + "/events/bapa-40/timetable?day=2019-03-20")
    grid = page.locator("table.timetable-grid")
    assert "10:00–11:00" in grid.locator("#session-%d" % opening.id).inner_text()
    assert "13:30–15:00" in grid.locator("#session-%d" % panel.id).inner_text()
    assert "16:00–17:00" in grid.locator("#session-%d" % dialogue.id).inner_text()
    assert page.blocked == []  # the scripts stay within script-src 'self'


def _press(page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def test_the_same_moves_with_the_keyboard_alone_and_a_stale_move(server, page):
    app, base, ids = server
    _sign_in(page, base)
    page.goto(f"{base}/manage/events/{ids['event']}/agenda?day=2019-03-20")
    status = page.locator("[data-move-status]")

    page.get_by_role("button", name="Move “Opening plenary”").focus()
    page.keyboard.press("Enter")
    status.filter(has_text="Moving “Opening plenary”. Arrow keys move it").wait_for()
    _press(page, "ArrowRight", *["ArrowDown"] * 12)
    status.filter(has_text="“Opening plenary”: 10:00–11:00, Room B. No conflict.").wait_for()
    _press(page, *["Shift+ArrowDown"] * 2)
    status.filter(has_text="“Opening plenary”: 10:00–11:10, Room B. Conflicts if saved:").wait_for()
    _press(page, *["Shift+ArrowUp"] * 5)
    status.filter(has_text="“Opening plenary”: 10:00–10:45, Room B. No conflict.").wait_for()
    page.keyboard.press("Enter")
    _saved(page, "Saved: “Opening plenary”: 20 March 2019, 10:00–10:45, Room B.")
    assert page.evaluate("document.activeElement.textContent").startswith("Move")  # focus stays on it

    # Escape puts it back: nothing saved.
    page.keyboard.press("Enter")
    _press(page, "ArrowDown", "ArrowDown", "Escape")
    status.filter(has_text="Move cancelled; nothing was saved.").wait_for()

    # A draft from the list: placed on this day at its own time, in the first room, then moved.
    page.get_by_role("button", name="Place “Regional dialogue”").focus()
    page.keyboard.press("Enter")
    status.filter(has_text="“Regional dialogue”: 14:00–15:00, Plenary hall. Conflicts if saved:").wait_for()
    _press(page, "ArrowRight")
    status.filter(has_text="“Regional dialogue”: 14:00–15:00, Room B. No conflict.").wait_for()
    page.keyboard.press("Enter")
    _saved(page, "Saved: “Regional dialogue”: 20 March 2019, 14:00–15:00, Room B.")

    # Onto the busy hall: the conflict is said before saving, and Enter asks for a reason.
    page.get_by_role("button", name="Move “Panel on innovation”").focus()
    page.keyboard.press("Enter")
    _press(page, "ArrowLeft", *["ArrowDown"] * 24)
    status.filter(has_text="The room is booked twice: “Panel on innovation” and “General debate” overlap.").wait_for()
    if AXE.exists():  # the page mid-move (panel, outline, conflicts) is as accessible as at rest
        blocking = [v for v in _violations(page) if v["impact"] in BLOCKING]
        assert not blocking, _describe(blocking)
    page.keyboard.press("Enter")
    reason = page.get_by_label("Reason for saving despite the conflicts")
    reason.wait_for()
    assert page.evaluate("document.activeElement.id") == "move-reason"
    reason.fill("room shared on purpose")
    page.keyboard.press("Enter")
    _saved(page, "Saved: “Panel on innovation”: 20 March 2019, 13:00–14:00, Plenary hall.")
    assert _session(app, "Panel on innovation").trail[0][1].startswith("room shared on purpose")

    # Undo my last move: back to Room B at 11:00, itself in the history.
    page.get_by_role("button", name="Undo my last move (“Panel on innovation”)").click()
    page.locator(".flashes").filter(has_text="Saved: “Panel on innovation”").wait_for()
    panel = _session(app, "Panel on innovation")
    assert (panel.starts_at, panel.room_id) == (_at("11:00"), ids["room_b"])
    assert [action for action, _ in panel.trail] == ["update", "update", "create"]

    # Someone else moves the opening after this page was shown: a move from here is refused, and
    # the board shows where it is now.
    with app.app_context():
        db = get_session()
        opening = db.exec(select(AgendaSession).where(AgendaSession.title == "Opening plenary")).one()
        event = db.get(Event, ids["event"])
        agenda.save_session(db, "bob", event, opening, _values("Opening plenary", "16:00", "17:00", ids["room_b"]))
    page.get_by_role("button", name="Move “Opening plenary”").focus()
    _press(page, "Enter", "ArrowDown", "Enter")
    _saved(page, "was changed by someone else after the page was shown; nothing was moved. It is now")
    assert "16:00–17:00" in status.inner_text()
    assert "16:00–17:00" in page.locator(_item("Opening plenary")).inner_text()
    assert _session(app, "Opening plenary").starts_at == _at("16:00")


def test_arabic_runs_the_grid_right_to_left_and_the_arrows_follow_it(server, page):
    app, base, ids = server
    _sign_in(page, base, "ar")
    page.goto(f"{base}/manage/events/{ids['event']}/agenda?day=2019-03-20&lang=ar")
    hall = page.locator(f'thead th[data-room="{ids["hall"]}"]').bounding_box()
    room_b = page.locator(f'thead th[data-room="{ids["room_b"]}"]').bounding_box()
    assert hall["x"] > room_b["x"]  # the first room on the right
    if AXE.exists():
        blocking = [v for v in _violations(page) if v["impact"] in BLOCKING]
        assert not blocking, _describe(blocking)
    page.locator(f"{_item('Opening plenary')} [data-pick]").focus()
    _press(page, "Enter", "ArrowLeft", "Enter")  # the room seen to the left: Room B
    page.wait_for_function(
        "() => !document.querySelector('.move-ghost') && document.querySelector('[data-move-status]').textContent"
    )
    assert _session(app, "Opening plenary").room_id == ids["room_b"]
