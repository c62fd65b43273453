"""The rough edges a first visit met (issue 19), each with the test that fails without its fix:
French puts a space before a colon, Arabic and Chinese write their own comma and semicolon in
mandate references, names stay whole in right-to-left text, the venue is named under "Where", and
a time zone is found by its country or by a UN duty station."""

from __future__ import annotations

import html
import re

from planner.events.forms import timezone_options, zones_matching

NBSP = "\u00a0"


def test_french_error_summary_puts_a_no_break_space_before_the_colon(seeded_app):
    from flask import render_template_string
    from wtforms import StringField
    from wtforms.validators import DataRequired

    from planner.forms import PlannerForm

    class Form(PlannerForm):
        given_name = StringField("Prénom", validators=[DataRequired("Saisissez votre prénom.")])

    with seeded_app.test_request_context("/?lang=fr", method="POST", data={}):
        form = Form(meta={"csrf": False})
        form.validate()
        summary = render_template_string(
            '{% from "_forms.html" import error_summary %}{{ error_summary(form) }}', form=form
        )
    assert f"Prénom{NBSP}: Saisissez votre prénom." in html.unescape(summary)


def test_arabic_mandate_references_use_arabic_punctuation(reader):
    page = html.unescape(reader.get("/events/bapa-40?lang=ar").get_data(as_text=True))
    mandates = re.search(r'<dd class="mandates">(.*?)</dd>', page, re.S).group(1)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", mandates))
    assert "،" in text and ", " not in text and "; " not in text


def test_names_in_the_programme_are_isolated_for_right_to_left_pages(reader):
    page = reader.get("/events/bapa-40?lang=ar").get_data(as_text=True)
    names = re.findall(r'<ul class="session-people">(.*?)</ul>', page, re.S)
    assert names and all("<bdi>" in block for block in names)


def test_the_venue_is_named_under_where(seeded_app, reader):
    from sqlmodel import select

    from planner.db import get_session
    from planner.events.models import Event, Venue

    with seeded_app.app_context():
        session = get_session()
        venue = session.exec(select(Venue)).first()
        venue.address = "Sarmiento 151"
        event = session.exec(select(Event).where(Event.slug == "bapa-40")).one()
        event.venue_id = venue.id
        session.add_all([venue, event])
        session.commit()
        name = venue.name
    page = html.unescape(reader.get("/events/bapa-40").get_data(as_text=True))
    where = re.search(r"<dt>Where</dt><dd>(.*?)</dd>", page, re.S).group(1)
    assert f"<bdi>{name}</bdi>" in where and "Sarmiento 151" in where and "Buenos Aires" in where


def test_a_time_zone_is_found_by_country_or_duty_station(seeded_app):
    with seeded_app.test_request_context("/"):
        assert zones_matching("Switzerland") == ["Europe/Zurich"]
        assert zones_matching("Geneva") == ["Europe/Zurich"]  # a duty station named after no zone
    with seeded_app.test_request_context("/?lang=fr"):
        assert zones_matching("Suisse") == ["Europe/Zurich"]  # the reader's language
        assert "America/Argentina/Buenos_Aires" in zones_matching("Argentine")
        labels = dict(timezone_options())
    assert "Suisse" in labels["Europe/Zurich"] and "Genève" not in labels["Europe/Zurich"]
    assert "Geneva" in labels["Europe/Zurich"]  # the duty station named in English


def test_the_zone_field_suggests_the_zone_of_a_city_typed(seeded_app):
    from planner.events.forms import _real_zone

    class Field:
        data = "Geneva"

    with seeded_app.test_request_context("/"):
        try:
            _real_zone(None, Field())
        except Exception as error:  # noqa: BLE001
            message = str(error)
    assert message == "“Geneva” is not a time zone name; did you mean Europe/Zurich?"
