"""The public timetable grid's layout (planner.agenda.grid), on plain objects: rows of five minutes,
rooms as columns, lanes for parallel sessions, breaks across rooms, and a table with no overlap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from planner.agenda.grid import Grid, lay_out

ZONE = ZoneInfo("America/Argentina/Buenos_Aires")  # UTC-3, no summer time


@dataclass
class Item:
    title: str
    starts_at: datetime
    ends_at: datetime
    room_id: int | None = None
    room: str | None = None
    kind: str = "plenary"


def local(hour_minute: str, day: str = "2019-03-20", zone=ZONE) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour_minute}").replace(tzinfo=zone).astimezone(timezone.utc)


def item(title, start, end, room=None, kind="plenary", day="2019-03-20") -> Item:
    rooms = {"Plenary hall": 1, "Room B": 2, "Annex": 3}
    return Item(title, local(start, day), local(end, day), rooms.get(room), room, kind)


def cells(grid: Grid) -> dict[str, tuple]:
    """title -> (first row, rows, first lane, lanes, column) of each session."""
    return {c.session.title: (c.row, c.rows, c.lane, c.lanes, c.column) for c in grid.sessions}


def assert_a_table(grid: Grid) -> None:
    """Every slot of rows × lanes is covered by exactly one cell, and each row anchors a cell or
    is covered: what a table with rowspan and colspan needs."""
    covered = [[0] * grid.lanes for _ in grid.rows]
    for r, row in enumerate(grid.rows):
        for cell in row.cells:
            assert cell.row == r
            for slots in covered[cell.row : cell.row + cell.rows]:
                for lane in range(cell.lane, cell.lane + cell.lanes):
                    slots[lane] += 1
        assert [c.lane for c in row.cells] == sorted(c.lane for c in row.cells)
    assert all(count == 1 for slots in covered for count in slots)


def test_a_sessions_rows_are_proportional_to_its_length():
    grid = lay_out([item("Opening", "10:00", "13:00", "Plenary hall"), item("Panel", "10:00", "11:30", "Room B")], ZONE)
    placed = cells(grid)
    assert placed["Opening"][:2] == (0, 36) and placed["Panel"][:2] == (0, 18)  # 3 h and 1 h 30: 2 to 1
    assert grid.rows[0].starts_at == local("10:00")
    assert grid.rows[1].starts_at - grid.rows[0].starts_at == timedelta(minutes=5)
    assert len(grid.rows) == 36
    assert [r for r, row in enumerate(grid.rows) if row.labelled] == list(range(0, 36, 6))  # every half hour
    assert_a_table(grid)


def test_rooms_are_columns_in_the_order_of_their_names_and_no_room_comes_last():
    grid = lay_out(
        [
            item("Reception", "18:00", "19:00"),
            item("Panel", "10:00", "11:00", "Room B"),
            item("Annex talk", "10:00", "11:00", "Annex"),
            item("Opening", "10:00", "11:00", "Plenary hall"),
        ],
        ZONE,
    )
    assert [(c.room_id, c.name, c.lanes) for c in grid.columns] == [
        (3, "Annex", 1),
        (1, "Plenary hall", 1),
        (2, "Room B", 1),
        (None, None, 1),
    ]
    placed = cells(grid)
    assert [placed[t][4] for t in ("Annex talk", "Opening", "Panel", "Reception")] == [0, 1, 2, 3]
    assert placed["Reception"][:2] == (96, 12)  # 18:00 is eight hours after the first hour
    assert_a_table(grid)


def test_the_grid_starts_on_the_hour_before_the_first_session_and_ends_on_a_half_hour():
    grid = lay_out([item("Briefing", "09:40", "10:10", "Room B")], ZONE)
    assert grid.rows[0].starts_at == local("09:00")
    assert cells(grid)["Briefing"][:2] == (8, 6)
    assert len(grid.rows) == 18  # 09:00 to 10:30
    assert_a_table(grid)


def test_the_hour_is_the_events_own_in_a_zone_a_half_hour_off_utc():
    kolkata = ZoneInfo("Asia/Kolkata")
    grid = lay_out([Item("Opening", local("10:15", zone=kolkata), local("11:00", zone=kolkata), 1, "Hall")], kolkata)
    assert grid.rows[0].starts_at == local("10:00", zone=kolkata)
    assert cells(grid)["Opening"][:2] == (3, 9)


def test_times_between_steps_go_to_the_nearer_step_and_back_to_back_sessions_do_not_overlap():
    grid = lay_out(
        [
            item("First", "10:00", "10:07", "Room B"),
            item("Second", "10:07", "10:31", "Room B"),
            item("Blink", "10:40", "10:41", "Room B"),
        ],
        ZONE,
    )
    placed = cells(grid)
    assert placed["First"][:2] == (0, 1) and placed["Second"][:2] == (1, 5)  # 10:07 → 10:05, 10:31 → 10:30
    assert placed["Blink"][:2] == (8, 1)  # shorter than a step: one row
    assert grid.columns[0].lanes == 1
    assert_a_table(grid)


def test_parallel_sessions_in_one_room_get_lanes_and_widen_where_free():
    grid = lay_out(
        [
            item("Plenary", "10:00", "12:00", "Plenary hall"),
            item("Cancelled briefing", "10:00", "11:00", "Plenary hall"),
            item("Replacement", "11:00", "12:00", "Plenary hall"),
            item("Closing", "12:00", "13:00", "Plenary hall"),
            item("Panel", "10:00", "13:00", "Room B"),
        ],
        ZONE,
    )
    assert [(c.name, c.lanes) for c in grid.columns] == [("Plenary hall", 2), ("Room B", 1)]
    placed = cells(grid)
    assert placed["Plenary"] == (0, 24, 0, 1, 0)
    assert placed["Cancelled briefing"] == (0, 12, 1, 1, 0)
    assert placed["Replacement"] == (12, 12, 1, 1, 0)
    assert placed["Closing"] == (24, 12, 0, 2, 0)  # nothing beside it: both lanes of its room
    assert placed["Panel"] == (0, 36, 2, 1, 1)
    assert_a_table(grid)


def test_a_break_without_a_room_goes_across_all_rooms_when_nothing_else_happens_then():
    grid = lay_out(
        [
            item("Opening", "10:00", "13:00", "Plenary hall"),
            item("Panel", "10:00", "13:00", "Room B"),
            item("Lunch", "13:00", "15:00", kind="break"),
            item("Debate", "15:00", "18:00", "Plenary hall"),
        ],
        ZONE,
    )
    assert [c.name for c in grid.columns] == ["Plenary hall", "Room B"]  # no "no room" column for it
    lunch = next(c for c in grid.sessions if c.session.title == "Lunch")
    assert (lunch.row, lunch.rows, lunch.lane, lunch.lanes, lunch.column) == (36, 24, 0, 2, None)
    assert_a_table(grid)


def test_a_break_in_a_room_or_beside_other_sessions_stays_in_a_column():
    grid = lay_out(
        [
            item("Lunch in the hall", "13:00", "14:00", "Plenary hall", kind="break"),
            item("Coffee", "10:30", "11:00", kind="break"),
            item("Working lunch", "10:30", "11:30", "Room B", kind="bilateral"),
        ],
        ZONE,
    )
    placed = cells(grid)
    assert [c.name for c in grid.columns] == ["Plenary hall", "Room B", None]
    assert placed["Lunch in the hall"][4] == 0 and placed["Coffee"][4] == 2
    assert_a_table(grid)


def test_only_breaks_without_rooms_make_one_column():
    grid = lay_out([item("Lunch", "13:00", "14:00", kind="break")], ZONE)
    assert [(c.room_id, c.lanes) for c in grid.columns] == [(None, 1)]
    assert cells(grid)["Lunch"] == (0, 12, 0, 1, None)
    assert_a_table(grid)


def test_a_session_past_midnight_stays_whole_and_a_very_long_one_is_cut_off():
    late = lay_out([Item("Reception", local("22:00"), local("01:00", "2019-03-21"), 3, "Annex")], ZONE)
    assert cells(late)["Reception"][:2] == (0, 36)  # to 01:00 the next day
    long = lay_out([Item("Exhibition", local("09:00"), local("09:00") + timedelta(days=3), 3, "Annex")], ZONE)
    assert cells(long)["Exhibition"][:2] == (0, 26 * 12)
    assert len(long.rows) == 26 * 12
    assert_a_table(long)


def test_no_sessions_no_grid():
    assert lay_out([], ZONE) == Grid([], [])


def test_a_day_when_the_clocks_go_back_keeps_lengths_in_real_time():
    """Santiago de Chile leaves summer time on 7 April 2019 at midnight (00:00 → 23:00 the day
    before): rows are real five minutes, so the labels repeat an hour and lengths stay true."""
    santiago = ZoneInfo("America/Santiago")
    start = datetime(2019, 4, 6, 22, 0, tzinfo=santiago).astimezone(timezone.utc)  # UTC-3
    grid = lay_out([Item("Night shift", start, start + timedelta(hours=3), 1, "Hall")], santiago)
    assert cells(grid)["Night shift"][:2] == (0, 36)
    labels = [row.starts_at.astimezone(santiago).strftime("%H:%M") for row in grid.rows if row.labelled]
    assert labels == ["22:00", "22:30", "23:00", "23:30", "23:00", "23:30"]
