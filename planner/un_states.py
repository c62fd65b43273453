"""The States a delegate may represent: the 193 UN Member States and the 2 non-member observer
States (Holy See, State of Palestine), named as the UN names them in its six languages.

CLDR's territory list (planner.formatting.country) is right for where someone lives, not for whom
a delegate speaks: it has 249 territories (Antarctica among them) under everyday names ("Russia",
"Iran", "Vatican City"). The UN's own list, with its short names ("Russian Federation", "Iran
(Islamic Republic of)", "Holy See"), is kept in planner/data/un_states.csv: its header says where
the names come from and when they were checked, and each row says, per language, whether the name
is the UN's ("un") or CLDR's ("cldr", where no UN name was found). The file is read once, on first
use.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from planner.collation import sorted_by_name
from planner.i18n.languages import DEFAULT, LANGUAGES
from planner.i18n.selection import current_language

DATA_FILE = Path(__file__).with_name("data") / "un_states.csv"
MEMBER, OBSERVER = "member", "observer"


@dataclass(frozen=True)
class UNState:
    """One State: its ISO 3166 alpha-2 code, `kind` ("member" or "observer"), and per language
    code ("en", "fr", ...) its UN short name and where that name comes from ("un" or "cldr")."""

    code: str
    kind: str
    names: Mapping[str, str]
    sources: Mapping[str, str]

    @property
    def is_observer(self) -> bool:
        return self.kind == OBSERVER

    def name(self, language: str) -> str:
        """The name in `language`, English for a language the file does not have."""
        return self.names.get(language) or self.names[DEFAULT]


def _read(path: Path) -> dict[str, UNState]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        states = {}
        for row in rows:
            names = {code: row[f"name_{code}"] for code in LANGUAGES}
            sources = {code: row[f"source_{code}"] for code in LANGUAGES}
            if row["kind"] not in (MEMBER, OBSERVER) or not all(names.values()):
                raise ValueError(f"{path.name}: incomplete row for {row['code']!r}")
            states[row["code"]] = UNState(row["code"], row["kind"], MappingProxyType(names), MappingProxyType(sources))
    return states


@cache
def all_states() -> Mapping[str, UNState]:
    """Every State by code, in the file's order (by code)."""
    return MappingProxyType(_read(DATA_FILE))


def is_un_state(code: str | None) -> bool:
    """A Member State or an observer State."""
    return bool(code) and code in all_states()


def is_observer_state(code: str | None) -> bool:
    """One of the two non-member observer States."""
    return is_un_state(code) and all_states()[code].is_observer


def _reader_language() -> str:
    try:
        return current_language().code
    except RuntimeError:  # outside a request or app context: the CLI, the e-mail sender
        return DEFAULT


def state_name(code: str | None, language: str | None = None) -> str:
    """The State's UN short name in `language` (default: the current request's, English outside
    one); "" for no code, and the code itself for one that is not on the list (a row stored
    before the list was introduced still reads as something)."""
    if not code:
        return ""
    state = all_states().get(code)
    if state is None:
        return code
    return state.name(language or _reader_language())


@lru_cache(maxsize=8)  # one per interface language
def _in_order(language: str) -> tuple[UNState, ...]:
    return tuple(sorted_by_name(all_states().values(), lambda state: state.name(language), language))


def states_in_order(language: str) -> list[UNState]:
    """Every State, ordered by its name in `language` with that language's collation."""
    return list(_in_order(language))
