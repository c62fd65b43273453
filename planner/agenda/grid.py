"""The public timetable grid's layout: rooms as columns, time as rows of five minutes, each session
a cell as many rows tall as it lasts.

Why rows of a fixed length rather than the management timetable's cuts at every start and end: on
the public grid a session's height shows how long it is, so a 3-hour plenary is exactly twice as
tall as a 90-minute panel. Five minutes is the finest step programmes use; a time between two
steps goes to the nearer one (starts and ends alike, so back-to-back sessions stay back to back),
and a session shorter than a step still gets a row.

Parallel sessions in one room (a double booking saved anyway, a cancelled session beside its
replacement) get lanes: the room's column is split so that none hides another, and a session
widens into the lanes left free beside it. A break without a room is drawn across every room
when nothing else happens then; otherwise it sits in the "no room" column with any other session
that has no room.

The result is a table's worth of cells anchored row by row, so the template writes a real <table>
with rowspan and colspan: the browser places the cells, and screen readers get row and column
headers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Generic, Protocol, TypeVar

from planner.agenda.models import SessionKind

STEP = timedelta(minutes=5)
LABEL_EVERY = 6  # rows: the time axis names every half hour, and the grid ends on one
# A day's grid shows at most this much from its first hour: a local day lasts up to 25 hours (the
# night clocks go back), so every session of the day starts inside it; a longer one is cut off.
LONGEST = timedelta(hours=26)


class Placeable(Protocol):
    starts_at: datetime
    ends_at: datetime
    kind: str
    room_id: int | None
    room: str | None  # the room's name: columns follow these names


S = TypeVar("S", bound=Placeable)


@dataclass(slots=True)
class Column:
    """A room (or, with `room_id` None, the sessions that have none), split into `lanes`."""

    room_id: int | None
    name: str | None
    lanes: int = 1


@dataclass(slots=True)
class Cell(Generic[S]):
    """A table cell: a session, or an empty stretch when `session` is None.

    `row` and `lane` are where it is anchored (`lane` counts lanes across the columns, from the
    first room's first); `column` is the index of its room's column, None for a break across all."""

    session: S | None
    row: int
    rows: int
    lane: int
    lanes: int = 1
    column: int | None = None


@dataclass(slots=True)
class Row(Generic[S]):
    starts_at: datetime  # the instant, UTC
    labelled: bool  # the time axis names it
    cells: list[Cell[S]]  # the cells anchored in this row, in column order


@dataclass(slots=True)
class Grid(Generic[S]):
    columns: list[Column]
    rows: list[Row[S]]

    @property
    def lanes(self) -> int:
        return sum(column.lanes for column in self.columns)

    @property
    def sessions(self) -> list[Cell[S]]:
        """The cells of sessions, in reading order (by row, then column)."""
        return [cell for row in self.rows for cell in row.cells if cell.session is not None]


def lay_out(
    sessions: Sequence[S],
    zone: tzinfo,
    rooms: Sequence[tuple[int, str]] = (),
    hours: tuple[datetime, datetime] | None = None,
) -> Grid[S]:
    """The grid of one day's `sessions`: the rows start on the local hour before the first session
    and end on the half hour after the last one (at most LONGEST later); rooms in the order of
    their names, then the column of sessions without a room.

    The management timetable drops sessions onto free rooms and hours, so it asks for columns of
    `rooms` (id, name) even when empty and for rows covering at least `hours` (first, end)."""
    if not sessions and hours is None:
        return Grid([], [])
    starts = [s.starts_at for s in sessions] + ([hours[0]] if hours else [])
    top = _hour_before(min(starts), zone)
    spans = [_span(s, top) for s in sessions]
    bottom = max([end for _, end in spans] + ([min(_steps(hours[1] - top), LONGEST // STEP)] if hours else []))
    height = -(-max(bottom, 1) // LABEL_EVERY) * LABEL_EVERY
    across = {i for i, s in enumerate(sessions) if _spans_all_rooms(i, s, spans)}
    placed = [i for i in range(len(sessions)) if i not in across]

    columns = _columns([sessions[i] for i in placed], rooms) or [Column(None, None)]
    index = {column.room_id: n for n, column in enumerate(columns)}
    lane_of = _lanes(placed, sessions, spans, columns, index)
    first_lane = [sum(c.lanes for c in columns[:n]) for n in range(len(columns))]
    width = sum(c.lanes for c in columns)
    taken = [[False] * width for _ in range(height)]
    cells: list[Cell[S]] = []
    for i in sorted(across, key=lambda i: spans[i]):
        cells.append(_take(taken, Cell(sessions[i], spans[i][0], _rows(spans[i]), 0, width)))
    for i in placed:
        n = index[sessions[i].room_id]
        cells.append(_take(taken, Cell(sessions[i], spans[i][0], _rows(spans[i]), first_lane[n] + lane_of[i], 1, n)))
    for cell in sorted(cells, key=lambda c: (c.row, c.lane)):
        if cell.column is not None:
            _widen(taken, cell, first_lane[cell.column] + columns[cell.column].lanes)
    cells += _empty_stretches(taken)

    rows = [Row(top + STEP * r, r % LABEL_EVERY == 0, []) for r in range(height)]
    for cell in sorted(cells, key=lambda c: (c.row, c.lane)):
        rows[cell.row].cells.append(cell)
    return Grid(columns, rows)


def _hour_before(moment: datetime, zone: tzinfo) -> datetime:
    """The instant of the last full hour on the clock of `zone` at or before `moment`."""
    local = moment.astimezone(zone)
    return moment - timedelta(minutes=local.minute, seconds=local.second, microseconds=local.microsecond)


def _span(agenda_session: Placeable, top: datetime) -> tuple[int, int]:
    """The rows [first, end) a session covers: its times rounded to the nearer step, one row at
    least, cut off at LONGEST."""
    last = LONGEST // STEP
    first = min(_steps(agenda_session.starts_at - top), last - 1)
    return first, max(first + 1, min(_steps(agenda_session.ends_at - top), last))


def _steps(length: timedelta) -> int:
    return (length + STEP / 2) // STEP


def _rows(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _spans_all_rooms(i: int, agenda_session: Placeable, spans: list[tuple[int, int]]) -> bool:
    """A break with no room, when no other session of the day shares its rows."""
    if agenda_session.kind != SessionKind.BREAK or agenda_session.room_id is not None:
        return False
    first, end = spans[i]
    return not any(j != i and other[0] < end and first < other[1] for j, other in enumerate(spans))


def _columns(sessions: list[Placeable], rooms: Sequence[tuple[int, str]] = ()) -> list[Column]:
    names = {**dict(rooms), **{s.room_id: s.room for s in sessions}}
    order = sorted(names, key=lambda room: (room is None, (names[room] or "").casefold(), room or 0))
    return [Column(room, names[room]) for room in order]


def _lanes(
    placed: list[int],
    sessions: Sequence[Placeable],
    spans: list[tuple[int, int]],
    columns: list[Column],
    index: dict[int | None, int],
) -> dict[int, int]:
    """Each placed session's lane within its room: the first lane free when it starts (of sessions
    starting together, the longest first). Sets each column's number of lanes."""
    lane_of: dict[int, int] = {}
    ends: dict[int | None, list[int]] = {column.room_id: [] for column in columns}
    for i in sorted(placed, key=lambda i: (spans[i][0], -spans[i][1])):  # the longer first, on the left
        busy_until = ends[sessions[i].room_id]
        free = next((lane for lane, end in enumerate(busy_until) if end <= spans[i][0]), len(busy_until))
        if free == len(busy_until):
            busy_until.append(0)
        busy_until[free] = spans[i][1]
        lane_of[i] = free
    for room, busy_until in ends.items():
        columns[index[room]].lanes = max(1, len(busy_until))
    return lane_of


def _take(taken: list[list[bool]], cell: Cell) -> Cell:
    for row in taken[cell.row : cell.row + cell.rows]:
        row[cell.lane : cell.lane + cell.lanes] = [True] * cell.lanes
    return cell


def _widen(taken: list[list[bool]], cell: Cell, column_end: int) -> None:
    """Widen `cell` into the lanes of its column that are free for all of its rows."""
    rows = taken[cell.row : cell.row + cell.rows]
    while cell.lane + cell.lanes < column_end and not any(row[cell.lane + cell.lanes] for row in rows):
        for row in rows:
            row[cell.lane + cell.lanes] = True
        cell.lanes += 1


def _empty_stretches(taken: list[list[bool]]) -> list[Cell]:
    """One empty cell per run of free rows in a lane (what a table needs where nothing happens)."""
    cells: list[Cell] = []
    for lane in range(len(taken[0]) if taken else 0):
        start = None
        for row in range(len(taken) + 1):
            free = row < len(taken) and not taken[row][lane]
            if free and start is None:
                start = row
            elif not free and start is not None:
                cells.append(Cell(None, start, row - start, lane))
                start = None
    return cells
