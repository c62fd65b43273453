"""Date phrases, asks and suggestions: the seed resolution and other texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

import pytest

from planner.mandates.asks import detect_asks
from planner.mandates.dates import DatePhrase, find_date_phrases, ordinal_value, session_closing, session_opening
from planner.mandates.parser import ParsedParagraph, parse_resolution
from planner.mandates.proposals import Suggestion, suggest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "planner" / "demo" / "resolution_71_244.txt"
TEXTS = Path(__file__).resolve().parent / "texts"


@pytest.fixture(scope="module")
def seed() -> list[ParsedParagraph]:
    return parse_resolution(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def op(seed):
    return {p.number: p.text for p in seed if p.kind == "operative"}


@pytest.fixture(scope="module")
def suggestions(seed) -> list[Suggestion]:
    return suggest(seed)


def only(items, **wanted):
    found = [s for s in items if all(getattr(s, key) == value for key, value in wanted.items())]
    assert len(found) == 1, (wanted, found)
    return found[0]


def texts_suggestions(name: str) -> list[Suggestion]:
    return suggest(parse_resolution((TEXTS / name).read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- sessions


@pytest.mark.parametrize(
    "number, opening",
    [
        (71, date(2016, 9, 13)),
        (72, date(2017, 9, 12)),
        (73, date(2018, 9, 18)),
        (74, date(2019, 9, 17)),
        (75, date(2020, 9, 15)),
        (77, date(2022, 9, 13)),
        # From the seventy-eighth session on, the Tuesday of the second week.
        (78, date(2023, 9, 5)),
        (79, date(2024, 9, 10)),
        (80, date(2025, 9, 9)),
    ],
)
def test_session_opens_on_the_tuesday_of_the_week_rule_1_names(number, opening):
    assert session_opening(number) == opening


def test_session_closes_the_day_before_the_next_one_opens():
    assert session_closing(71) == date(2017, 9, 11)


@pytest.mark.parametrize(
    "words, value",
    [
        ("first", 1),
        ("nineteenth", 19),
        ("twentieth", 20),
        ("seventy-first", 71),
        ("seventy second", 72),
        ("ninety-ninth", 99),
        ("71st", 71),
        ("22nd", 22),
    ],
)
def test_ordinals(words, value):
    assert ordinal_value(words) == value


# --------------------------------------------------------------------------- date phrases


@pytest.mark.parametrize(
    "text, phrase, start, end, due, precision, session",
    [
        (
            "to host the Expo from 31 October to 3 November 2016 in Dubai",
            "from 31 October to 3 November 2016",
            date(2016, 10, 31),
            date(2016, 11, 3),
            date(2016, 11, 3),
            "day",
            None,
        ),
        (
            "at its nineteenth session, held from 16 to 19 May 2016;",
            "from 16 to 19 May 2016",
            date(2016, 5, 16),
            date(2016, 5, 19),
            date(2016, 5, 19),
            "day",
            None,
        ),
        (
            "held in Nairobi on 16 and 17 May 2016",
            "on 16 and 17 May 2016",
            date(2016, 5, 16),
            date(2016, 5, 17),
            date(2016, 5, 17),
            "day",
            None,
        ),
        (
            "to organize two in-depth briefings by May 2017 on how",
            "by May 2017",
            None,
            None,
            date(2017, 5, 31),
            "month",
            None,
        ),
        (
            "with a view to the adoption by the Assembly, before the end of 2017, of a resolution",
            "before the end of 2017",
            None,
            None,
            date(2017, 12, 31),
            "year",
            None,
        ),
        (
            "the Buenos Aires Plan of Action, no later than the first half of 2019, and requests",
            "no later than the first half of 2019",
            None,
            None,
            date(2019, 6, 30),
            "half-year",
            None,
        ),
        ("in the second half of 2018", "in the second half of 2018", None, None, date(2018, 12, 31), "half-year", None),
        (
            "to submit to the General Assembly at its seventy-second session a comprehensive report",
            "at its seventy-second session",
            None,
            None,
            date(2017, 9, 12),
            "session",
            72,
        ),
        (
            "to present, by the end of the seventy-first session of the General Assembly, an updated version",
            "by the end of the seventy-first session of the General Assembly",
            None,
            None,
            date(2017, 9, 11),
            "session",
            71,
        ),
        ("to report at its 73rd session", "at its 73rd session", None, None, date(2018, 9, 18), "session", 73),
        (
            "during the seventy-second session",
            "during the seventy-second session",
            None,
            None,
            date(2018, 9, 17),
            "session",
            72,
        ),
        (
            "to convene the meeting on 12 September 2017",
            "on 12 September 2017",
            date(2017, 9, 12),
            None,
            date(2017, 9, 12),
            "day",
            None,
        ),
        ("the Agenda by 2030", "by 2030", None, None, date(2030, 12, 31), "year", None),
        ("to hold the Expo in 2018", "in 2018", None, None, date(2018, 12, 31), "year", None),
        (
            "from 2016 to 2019",
            "from 2016 to 2019",
            date(2016, 1, 1),
            date(2019, 12, 31),
            date(2019, 12, 31),
            "year",
            None,
        ),
    ],
)
def test_date_phrases_are_normalised(text, phrase, start, end, due, precision, session):
    assert find_date_phrases(text) == [DatePhrase(phrase, start, end, due, precision, session)]


def test_a_day_without_a_year_needs_a_year_nearby_or_a_reference_year():
    assert find_date_phrases("to observe the Day on 12 September") == []
    [phrase] = find_date_phrases("to observe the Day on 12 September", reference_year=2018)
    assert (phrase.phrase, phrase.due, phrase.precision) == ("on 12 September", date(2018, 9, 12), "day")
    dates = find_date_phrases("on 12 September and 13 October 2017")
    assert [d.due for d in dates] == [date(2017, 9, 12), date(2017, 10, 13)]


@pytest.mark.parametrize(
    "text",
    [
        "Reaffirming its resolution 64/222 of 21 December 2009, in which it endorsed",
        "its resolutions 57/270 B of 23 June 2003, 60/212 of 22 December 2005 and 64/1 of 6 October 2009",
        "the Sendai Framework for Disaster Risk Reduction 2015-2030",
        "the implementation of the 2030 Agenda for Sustainable Development",
        "Noting that 2018 will mark the commemoration of the fortieth anniversary",
        "in his report to the High-level Committee on South-South Cooperation at its twentieth session",
        "the twentieth session of the High-level Committee on South-South Cooperation",
    ],
)
def test_citations_bare_years_and_other_bodies_sessions_are_not_date_phrases(text):
    assert find_date_phrases(text) == []


def test_date_phrases_come_in_order_without_overlaps(op):
    assert [d.phrase for d in find_date_phrases(op[33])] == [
        "no later than the first half of 2019",
        "before the end of 2017",
    ]
    assert [d.phrase for d in find_date_phrases(op[1])] == ["from 16 to 19 May 2016"]


# --------------------------------------------------------------------------- asks


def test_every_clause_of_a_paragraph_is_an_ask(op):
    asks = detect_asks(op[33])
    assert [(a.verb, a.kind) for a in asks] == [
        ("Recognizes", "other"),
        ("Decides to convene", "convene"),
        ("Requests", "report"),
    ]
    assert [d.phrase for d in asks[1].dates] == ["no later than the first half of 2019"]
    assert [d.phrase for d in asks[2].dates] == ["before the end of 2017"]


@pytest.mark.parametrize(
    "number, expected",
    [
        (1, [("Takes note", "take_note")]),
        (2, [("Also takes note", "take_note")]),
        (4, [("Requests", "report")]),
        (6, [("Stresses", "other")]),
        (
            13,
            [
                ("Recalls", "other"),
                ("Reiterates its request", "request"),
                ("Calls upon", "request"),
                ("Requests", "request"),
                ("Welcomes", "welcome"),
            ],
        ),
        (14, [("Requests", "brief")]),
        (21, [("Welcomes", "host")]),
        (23, [("Acknowledges", "other"), ("Urges", "request")]),
        (30, [("Requests", "report")]),
        (34, [("Welcomes", "host")]),
        (36, [("Decides to include", "other"), ("Requests", "report")]),
    ],
)
def test_ask_kinds_on_the_seed(op, number, expected):
    assert [(a.verb, a.kind) for a in detect_asks(op[number])] == expected


# --------------------------------------------------------------------------- suggestions on the seed


def test_para_21_expo(suggestions):
    expo = only(suggestions, paragraph=21, target="event")
    assert expo.title == "Eighth annual Global South-South Development Expo"
    assert (expo.event_kind, expo.role) == ("expo", "hosts")
    assert (expo.start, expo.end, expo.precision) == (date(2016, 10, 31), date(2016, 11, 3), "day")
    assert (expo.city, expo.host) == ("Dubai", "United Arab Emirates")
    assert expo.theme == "Enhancing innovation towards achieving the 2030 Agenda"


def test_para_33_conference_and_modalities_deadline(suggestions):
    conference = only(suggestions, paragraph=33, target="event")
    # The event's own name: "on the occasion of the fortieth anniversary ..." says why it meets.
    assert conference.title == "High-level United Nations conference on South-South cooperation"
    assert (conference.event_kind, conference.role) == ("conference", "convenes")
    assert (conference.due, conference.precision) == (date(2019, 6, 30), "half-year")
    assert conference.phrase == "no later than the first half of 2019"
    deadline = only(suggestions, paragraph=33, target="deadline")
    assert deadline.title == "Resolution on the nature, date, objectives and modalities of the conference"
    assert (deadline.due, deadline.precision) == (date(2017, 12, 31), "year")
    assert (deadline.responsible, deadline.role) == ("President of the General Assembly", "requests_report")


def test_para_34_host_argentina(suggestions):
    host = only(suggestions, paragraph=34, target="event")
    assert (host.host, host.role, host.event_kind) == ("Argentina", "hosts", "conference")
    assert host.title == "High-level United Nations Conference on South-South Cooperation"
    assert host.start is None and host.end is None and host.due is None


def test_para_14_two_briefings(suggestions):
    briefing = only(suggestions, paragraph=14, target="event")
    assert (briefing.event_kind, briefing.count, briefing.role) == ("briefing", 2, "requests_briefing")
    assert (briefing.due, briefing.precision, briefing.phrase) == (date(2017, 5, 31), "month", "by May 2017")
    assert briefing.responsible == "Administrator of the United Nations Development Programme"
    assert briefing.title.startswith("In-depth briefings on how this more formalized")


def test_para_4_jiu_deadline_at_end_of_71st_session(suggestions):
    deadline = only(suggestions, paragraph=4, target="deadline")
    assert deadline.title.startswith("Updated version of the recommendations")
    assert (deadline.due, deadline.precision, deadline.session) == (date(2017, 9, 11), "session", 71)
    assert (deadline.responsible, deadline.role) == ("Joint Inspection Unit", "requests_report")


def test_para_36_comprehensive_report_at_72nd_session(suggestions):
    deadline = only(suggestions, paragraph=36, target="deadline")
    assert deadline.title == "Comprehensive report on the state of South-South cooperation"
    assert (deadline.due, deadline.precision, deadline.session) == (date(2017, 9, 12), "session", 72)
    assert deadline.responsible == "Secretary-General"


def test_para_30_report_to_the_committee_and_its_session(suggestions):
    deadline = only(suggestions, paragraph=30, target="deadline")
    assert deadline.title == ("Report to the twentieth session of the High-level Committee on South-South Cooperation")
    assert (deadline.due, deadline.precision, deadline.session) == (None, "session", None)
    assert deadline.responsible == "Secretary-General"
    session = only(suggestions, paragraph=30, target="event")
    assert session.title == "Twentieth session of the High-level Committee on South-South Cooperation"
    assert session.event_kind == "committee_session"
    assert session.start is None and session.due is None


def test_para_1_takes_note_of_the_nineteenth_session(suggestions):
    session = only(suggestions, paragraph=1, target="event")
    assert session.title == "Nineteenth session of the High-level Committee on South-South Cooperation"
    assert (session.event_kind, session.role) == ("committee_session", "takes_note")
    assert (session.start, session.end) == (date(2016, 5, 16), date(2016, 5, 19))


def test_only_actionable_paragraphs_suggest_anything(suggestions):
    assert {s.paragraph for s in suggestions} <= {1, 4, 12, 14, 21, 30, 33, 34, 36}
    for quiet in (2, 3, 5, 6, 7, 8, 9, 10, 11, 13, 18, 23, 27, 29, 31, 32, 35):
        assert quiet not in {s.paragraph for s in suggestions}


def test_titles_are_clean(suggestions):
    for item in suggestions:
        assert item.title and item.title[0].isupper() and item.title[-1] not in ",;:. "
        assert "  " not in item.title


def test_preambular_paragraphs_suggest_nothing():
    paragraph = ParsedParagraph(
        "preambular", 1, "Recalling its decision to convene a conference in Nairobi in 2019,", "Recalling"
    )
    assert suggest([paragraph]) == []


def test_suggest_accepts_stored_paragraphs_with_enum_kinds():
    class Kind(StrEnum):
        OPERATIVE = "operative"

    @dataclass
    class Stored:
        kind: Kind
        number: int
        text: str

    [item] = suggest(
        [
            Stored(
                Kind.OPERATIVE,
                3,
                "Requests the Secretary-General to submit a report "
                "on the Day to the General Assembly at its seventy-fifth session;",
            )
        ]
    )
    assert (item.paragraph, item.target, item.session) == (3, "deadline", 75)
    assert item.title == "Report on the Day"


# --------------------------------------------------------------------------- suggestions on other texts


def test_convene_with_city_and_a_later_host_offer_for_the_conference():
    items = texts_suggestions("glued_numbers.txt")
    conference = only(items, paragraph=3)
    assert conference.title == "Third high-level United Nations conference on South-South cooperation"
    assert (conference.city, conference.start, conference.end) == ("Nairobi", date(2020, 10, 14), date(2020, 10, 16))
    host = only(items, paragraph=4)
    assert (host.title, host.host, host.role) == (conference.title, "Kenya", "hosts")
    review = only(items, paragraph=2)
    assert (review.title, review.due) == (
        "Updated review of South-South cooperation in the United Nations system",
        date(2020, 12, 31),
    )


def test_request_to_convene_and_a_proclaimed_day():
    items = texts_suggestions("no_ga_line.txt")
    meeting = only(items, paragraph=2)
    assert (meeting.title, meeting.event_kind, meeting.role) == (
        "High-level meeting on financing for development",
        "meeting",
        "convenes",
    )
    assert (meeting.due, meeting.precision) == (date(2020, 12, 31), "half-year")
    assert meeting.responsible == "President of the General Assembly"
    day = only(items, paragraph=3)
    assert (day.title, day.event_kind, day.role, day.phrase) == (
        "International Day for South-South Cooperation",
        "observance",
        "proclaims",
        "12 September",
    )
    assert 1 not in {s.paragraph for s in items}  # "Calls upon" asks nothing datable


def test_sub_item_convening_a_committee_session_and_a_report():
    items = texts_suggestions("heading_73_291.txt")
    session = only(items, paragraph=2)
    assert session.title == "Twentieth session of the High-level Committee on South-South Cooperation"
    assert (session.event_kind, session.city, session.due, session.precision) == (
        "committee_session",
        "New York",
        date(2020, 5, 31),
        "month",
    )
    report = only(items, paragraph=3)
    assert report.title == "Report on the implementation of the present resolution"
    assert (report.due, report.session) == (date(2019, 9, 17), 74)


def test_host_offer_with_city_theme_and_a_briefing():
    items = texts_suggestions("web_superscripts.txt")
    conference = only(items, paragraph=1)
    assert (conference.host, conference.city, conference.start) == ("Argentina", "Buenos Aires", date(2019, 3, 20))
    assert conference.theme.startswith("Role of South-South cooperation")
    briefing = only(items, paragraph=3)
    assert (briefing.event_kind, briefing.due, briefing.responsible) == (
        "briefing",
        date(2018, 9, 30),
        "Secretary-General",
    )


def test_pdf_copy_suggestions():
    items = texts_suggestions("pdf_headers.txt")
    session = only(items, paragraph=1)
    assert (session.start, session.city) == (date(2017, 5, 16), "New York")
    briefings = only(items, paragraph=2)
    assert (briefings.count, briefings.due) == (2, date(2018, 6, 30))
    review = only(items, paragraph=3)
    assert (review.responsible, review.due, review.precision) == ("Joint Inspection Unit", date(2018, 12, 31), "year")


def test_one_per_line_meeting_on_a_day():
    items = texts_suggestions("one_per_line.txt")
    meeting = only(items, paragraph=1)
    assert (meeting.title, meeting.city, meeting.start, meeting.end) == (
        "High-level meeting on South-South cooperation",
        "New York",
        date(2018, 9, 12),
        date(2018, 9, 12),
    )
    report = only(items, paragraph=2)
    assert (report.session, report.due) == (74, date(2019, 9, 17))
    assert {s.paragraph for s in items} == {1, 2}


def test_blank_blocks_briefing_to_member_states_and_report_on():
    items = texts_suggestions("blank_blocks.txt")
    briefing = only(items, paragraph=2)
    assert (briefing.title, briefing.due, briefing.count) == (
        "Briefing to Member States on the work of the Office",
        date(2019, 3, 31),
        1,
    )
    report = only(items, paragraph=4)
    assert (report.title, report.session) == ("Report on the implementation of the present resolution", 75)


# --------------------------------------------------------------------------- beyond the seed (issue 17)


def suggestions_of(*operative: str) -> list[Suggestion]:
    return suggest([ParsedParagraph("operative", n, text, "") for n, text in enumerate(operative, start=1)])


@pytest.mark.parametrize(
    "text, title, role, start, end",
    [
        (
            "Recalls the convening of the second High-level United Nations Conference on South-South Cooperation, "
            "held in Buenos Aires from 20 to 22 March 2019;",
            "Second High-level United Nations Conference on South-South Cooperation",
            "recalls",
            date(2019, 3, 20),
            date(2019, 3, 22),
        ),
        (
            "Takes note with appreciation of the ninth annual Global South-South Development Expo, held from "
            "27 to 30 November 2017, hosted by the Government of Turkey;",
            "Ninth annual Global South-South Development Expo",
            "takes_note",
            date(2017, 11, 27),
            date(2017, 11, 30),
        ),
        (
            "Recognizes the need to act and welcomes the convening of the Second High-level United Nations "
            "Conference on South-South Cooperation, to be held in Buenos Aires from 20 to 22 March 2019;",
            "Second High-level United Nations Conference on South-South Cooperation",
            "welcomes",
            date(2019, 3, 20),
            date(2019, 3, 22),
        ),
        (
            "Notes the work of the Committee on Water Cooperation at its sixth session, held from 1 to 4 June 2021;",
            "Sixth session of the Committee on Water Cooperation",
            "takes_note",
            date(2021, 6, 1),
            date(2021, 6, 4),
        ),
    ],
)
def test_recalled_noted_and_welcomed_events_with_dates_are_suggested(text, title, role, start, end):
    [event] = [s for s in suggestions_of(text) if s.target == "event"]
    assert (event.title, event.role, event.start, event.end) == (title, role, start, end)


def test_a_conference_to_be_held_in_a_year_and_a_decade_in_brackets():
    items = suggestions_of(
        "Calls upon all Member States to participate fully in the High-level United Nations Conference on "
        "South-South Cooperation to be held in Buenos Aires in 2019;",
        "Welcomes the United Nations Decade of Sustainable Energy for All (2014–2024);",
    )
    conference, decade = items
    assert (conference.title, conference.due, conference.precision) == (
        "High-level United Nations Conference on South-South Cooperation",
        date(2019, 12, 31),
        "year",
    )
    assert (decade.title, decade.event_kind, decade.due) == (
        "United Nations Decade of Sustainable Energy for All",
        "observance",
        date(2024, 12, 31),
    )


def test_a_committee_report_on_its_own_session_is_not_an_assembly_session():
    text = (
        "taking into account the report of the High-level Committee on South-South Cooperation "
        "on its nineteenth session"
    )
    assert find_date_phrases(text) == []
    [deadline] = [
        s
        for s in suggestions_of(
            "Requests the Secretary-General to present, as part of his report to the High-level Committee on "
            "South-South Cooperation at its twentieth session, recommendations, " + text + ";"
        )
        if s.target == "deadline"
    ]
    assert (deadline.due, deadline.precision, deadline.session) == (None, "session", None)
    assert deadline.organ == "High-level Committee on South-South Cooperation"


def test_the_session_of_the_body_a_request_is_addressed_to():
    [deadline] = suggestions_of(
        "Requests the Committee of Experts on Road Safety to consider the plan at its twelfth session;"
    )
    assert (deadline.title, deadline.due, deadline.organ) == (
        "Consider the plan",
        None,
        "Committee of Experts on Road Safety",
    )
    [report] = suggestions_of(
        "Requests the Committee of Experts to submit a report to the General Assembly at its seventy-sixth session;"
    )
    assert (report.due, report.session, report.organ) == (date(2021, 9, 14), 76, "General Assembly")


def test_a_request_with_a_time_limit_and_no_deliverable_is_a_deadline():
    [deadline] = suggestions_of(
        "Requests the Secretary-General to update the operational guidelines before the end of 2021;"
    )
    assert (deadline.title, deadline.due, deadline.responsible, deadline.role) == (
        "Update the operational guidelines",
        date(2021, 12, 31),
        "Secretary-General",
        "requests",
    )
    assert suggestions_of("Requests the Secretary-General to continue his efforts in 2021;") == []


def test_host_title_is_the_event_not_the_second_verb():
    [event] = suggestions_of(
        "Welcomes the generous offer by the Government of Argentina to host and assume all costs of the High-level "
        "United Nations Conference on South-South Cooperation;"
    )
    assert (event.title, event.host, event.role) == (
        "High-level United Nations Conference on South-South Cooperation",
        "Argentina",
        "hosts",
    )


def test_invites_to_organize_is_a_convening_not_a_request():
    assert [
        a.kind for a in detect_asks("Invites the President of the Assembly to organize, in 2041, a global week;")
    ] == ["convene"]
    [event] = suggestions_of(
        "Invites the World Health Organization, in cooperation with the regional commissions, to organize, in 2041, "
        "a global road safety week on the theme “Streets for life”;"
    )
    assert (event.title, event.due, event.theme, event.responsible) == (
        "Global road safety week",
        date(2041, 12, 31),
        "Streets for life",
        "World Health Organization",
    )


def test_reiterating_a_decision_to_convene_is_a_convening():
    [event] = suggestions_of(
        "Recognizes the need to act, in this regard reiterates its decision to convene the Second High-level United "
        "Nations Conference on South-South Cooperation on the occasion of the fortieth anniversary of the adoption "
        "of the Buenos Aires Plan of Action, to be held in Buenos Aires from 20 to 22 March 2019;"
    )
    assert (event.title, event.role, event.start, event.city) == (
        "Second High-level United Nations Conference on South-South Cooperation",
        "convenes",
        date(2019, 3, 20),
        "Buenos Aires",
    )


def test_a_time_limit_for_a_meeting_is_not_its_day():
    [meeting] = suggestions_of("Decides to convene a high-level meeting on road safety no later than 30 June 2042;")
    assert (meeting.start, meeting.end, meeting.due) == (None, None, date(2042, 6, 30))
