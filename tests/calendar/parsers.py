"""The independent parsers the calendar tests read feeds with, as plain functions.

ical.js (Thunderbird) runs under Node from tests/calendar/js; libical (Evolution, GNOME) through
its GObject binding under Debian's /usr/bin/python3; vobject and python-icalendar in process.
`scripts/ensure-calendar-tools` (run by `make test`) installs the first two; when one is missing
anyway, the tests that need it skip with a one-line reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import vobject

HERE = Path(__file__).resolve().parent
JS = HERE / "js"
SYSTEM_PYTHON = "/usr/bin/python3"


def icaljs_missing() -> str | None:
    if shutil.which("node") is None:
        return "ical.js tests skipped: node is not installed"
    if not (JS / "node_modules" / "ical.js" / "package.json").exists():
        return "ical.js tests skipped: run scripts/ensure-calendar-tools (npm ci in tests/calendar/js)"
    return None


def libical_missing() -> str | None:
    probe = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"
    if not Path(SYSTEM_PYTHON).exists():
        return f"libical tests skipped: no {SYSTEM_PYTHON}"
    if subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True).returncode != 0:
        return "libical tests skipped: install Debian's gir1.2-ical-3.0 and python3-gi"
    return None


def icaljs(paths: list[Path]) -> dict:
    """{path: {"name": ..., "events": [{summary, tzid, known_zone, is_date, start, end, status,
    sequence}]}} from one Node process; ical.js registers each file's VTIMEZONEs first."""
    reason = icaljs_missing()
    if reason:
        pytest.skip(reason)
    run = subprocess.run(["node", str(JS / "check.mjs"), *map(str, paths)], capture_output=True, text=True)
    assert run.returncode == 0, f"ical.js rejected a feed: {run.stderr}"
    return json.loads(run.stdout)


def libical(paths: list[Path]) -> dict:
    """{path: {"errors": [...], "events": [{uid, summary, start, end}]}} from one subprocess."""
    reason = libical_missing()
    if reason:
        pytest.skip(reason)
    run = subprocess.run(
        [SYSTEM_PYTHON, str(HERE / "libical_check.py"), *map(str, paths)], capture_output=True, text=True
    )
    assert run.returncode == 0, f"libical failed: {run.stderr}"
    return json.loads(run.stdout)


def vobject_read(text: str):
    """vobject.readOne(..., validate=True) as a fresh client would read the feed.

    vobject keeps, for the whole process, the first VTIMEZONE it ever saw under a TZID and ignores
    later ones; the registry is emptied first so that each feed is read with its own VTIMEZONEs.
    """
    vars(vobject.icalendar)["__tzidMap"].clear()
    return vobject.readOne(text, validate=True)


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def as_utc(value) -> datetime | date:
    """A parsed DTSTART value as an aware UTC datetime, or the date of an all-day item."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(timezone.utc)
    return value


def byte_problems(data: bytes) -> list[str]:
    """What breaks RFC 5545's line rules: BOM, bare LF or CR, lines over 75 octets, bad UTF-8."""
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a byte-order mark")
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare LF or CR")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: not valid UTF-8 on its own (a character split by folding)")
    return problems
