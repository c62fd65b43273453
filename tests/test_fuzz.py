"""Fuzzing every public form and query parameter with Hypothesis, on SQLite and on PostgreSQL.

Whatever a visitor sends (NUL bytes, any Unicode, 5,000-character strings, 5,000-digit numbers,
random tokens), the answer is never a 5xx and nothing is half-written: the registration count
is unchanged, or grew by exactly one complete registration with its e-mail queued. Bounded so
that the file runs in well under a minute: 25 examples a test, one database per test (Hypothesis
reuses the test's app and database across its examples, hence the suppressed health check).
See planner/input_guard.py for what refuses such input.

CSRF stays on: with WTF_CSRF_ENABLED off, FlaskForm has no `csrf_token` field and the templates,
which render it, fail. Each client takes one token (it is valid for the whole session) and sends it
with every post, after the fuzzed fields so they cannot replace it.
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from planner.db import get_session
from planner.input_guard import parse_id
from planner.registration.editing import clean_text
from planner.registration.models import AgendaPick, OutboxMessage, Registration
from planner.registration.personal import offered_sessions
from tests.forms import BASE, PASSWORD, csrf_token
from tests.registration.helpers import FORM, open_event

# 15 generated examples per test and database, beside the pinned @example cases: the whole suite
# must stay well under ten minutes on CI's two cores.
FUZZ = settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SLUG = "sample-briefing"

# --- what a hostile visitor types ---------------------------------------------------------------

SURROGATE_FREE = st.characters(exclude_categories=("Cs",))  # NUL and controls included
SPECIALS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 3,
    "²",
    "١٢٣",
    "-1",
    "0",
    "2147483647",
    "2147483648",
    "9" * 20,
    "-" + "9" * 20,
    "%",
    "%00",
    "_",
    "\\",
    "'",
    '"',
    "' OR 1=1 --",
    "<script>",
    "\r\n",
    "\t",
    "../../etc/passwd",
    "//evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "\u202e",
    "\ufeff",
    "\U0001d518\U0001d52b",
    "Zoë",
    "中文",
    "expo",
    "scheduled",
    "cancelled",
    "en",
    "ar",
    "gssd-expo",
    "member_state",
    "ngo",
    "SN",
    "KE",
    "XX",
]
HOSTILE = st.one_of(
    st.sampled_from(SPECIALS),
    st.text(SURROGATE_FREE, max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "9" * n),  # int() refuses 4,301+
    st.builds(lambda char, n: char * n, SURROGATE_FREE, st.integers(min_value=1, max_value=5000)),
    st.builds(lambda text, n: text + "\x00" * n, st.text(SURROGATE_FREE, max_size=10), st.integers(1, 3)),
)
TOKENS = st.one_of(HOSTILE, st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=64))


def maybe(valid: str):
    """Mostly hostile, sometimes the valid value, so that whole submissions sometimes succeed."""
    return st.one_of(st.just(valid), HOSTILE)


@pytest.fixture
def app(app):
    """The suite's app with limits that no fuzz run reaches, so every example reaches the view
    (limits are read from the config at each request)."""
    app.config.update(
        LOGIN_LIMIT_PER_ACCOUNT="100000 per minute",
        LOGIN_LIMIT_PER_ADDRESS="100000 per minute",
        REGISTRATION_TOKEN_LIMIT="100000 per minute",
        REGISTRATION_RESEND_LIMIT="100000 per minute",
    )
    return app


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        session = get_session()
        return (
            session.exec(select(func.count()).select_from(Registration)).one(),
            session.exec(select(func.count()).select_from(OutboxMessage)).one(),
        )


def _no_server_error(response, what) -> None:
    assert response.status_code < 500, (what, response.status_code, response.get_data(as_text=True)[:2000])


class Poster:
    """Posts as a browser would: with the session's CSRF token and this site as the Referer."""

    def __init__(self, client, page: str = f"/events/{SLUG}/register"):
        self.client = client
        self.token = csrf_token(client.get(page).get_data(as_text=True))

    def __call__(self, url: str, data: dict):
        return self.client.post(url, data={**data, "csrf_token": self.token}, headers={"Referer": BASE + url})


def _register(post: Poster) -> str:
    """One registration through the form; its private-link token."""
    response = post(f"/events/{SLUG}/register", FORM)
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.search(r"/registrations/(\S+)$", response.headers["Location"]).group(1)


# --- the registration form and the resend form --------------------------------------------------


def near_valid(valid: dict, most: int = 3):
    """`valid` with up to `most` of its fields (or added ones) hostile: whole submissions then
    often pass the form's checks, and a hostile value gets as far as the database."""
    names = st.sampled_from([*valid, "x", "csrf_token"])
    return st.builds(lambda changes: {**valid, **changes}, st.dictionaries(names, HOSTILE, max_size=most))


UNIQUE_EMAILS = st.integers(min_value=0, max_value=10**9).map(lambda n: f"person{n}@example.org")


def test_fuzz_registration_form(app, client, session):
    open_event(session, capacity=None)
    post = Poster(client)

    @FUZZ
    @given(form=near_valid(FORM), email=UNIQUE_EMAILS)
    @example(form={**FORM, "given_name": "Ami\x00na"}, email="amina2@example.org")  # the review's
    def check(form, email):
        if form["email"] == FORM["email"]:
            form["email"] = email  # a new person, unless the e-mail is fuzzed
        before, mails_before = _counts(app)
        response = post(f"/events/{SLUG}/register", form)
        _no_server_error(response, form)
        after, mails_after = _counts(app)
        assert after - before in (0, 1)
        if after == before:
            assert mails_after == mails_before  # no e-mail for a registration not made
            return
        assert response.status_code == 302 and "/registrations/" in response.headers["Location"]
        assert mails_after > mails_before
        with app.app_context():
            row = get_session().exec(select(Registration).order_by(Registration.id.desc())).first()
            assert row.given_name and row.family_name and row.organisation and row.email and row.category
            assert row.email == form["email"].strip().lower()
            assert not any("\x00" in (getattr(row, f) or "") for f in ("given_name", "family_name", "email"))

    check()


def test_fuzz_resend_form(app, client, session):
    open_event(session)
    post = Poster(client)

    @FUZZ
    @given(email=st.one_of(st.just(FORM["email"]), HOSTILE), slug=maybe(SLUG))
    @example(email="amina\x00@example.org", slug=SLUG)
    def check(email, slug):
        before = _counts(app)
        response = post(f"/events/{quote(slug, safe='')}/register/resend", {"email": email})
        _no_server_error(response, (slug, email))
        assert _counts(app)[0] == before[0]

    check()


# --- sign-in ------------------------------------------------------------------------------------


def test_fuzz_sign_in(app, make_user):
    user = make_user("viewer")

    @FUZZ
    @given(email=maybe(user.email), password=maybe(PASSWORD), next_=HOSTILE)
    @example(email=user.email, password=PASSWORD, next_="/manage/\r\nSet-Cookie: a=b")
    @example(email="viewer\x00@un.example", password=PASSWORD, next_="/")
    def check(email, password, next_):
        client = app.test_client()  # a new visitor each time: a sign-in clears the session
        page = client.get("/login", query_string={"next": next_})
        _no_server_error(page, next_)
        post = Poster(client, "/login")
        response = post("/login", {"email": email, "password": password, "next": next_})
        _no_server_error(response, (email, password, next_))
        if response.status_code == 302:
            location = response.headers["Location"]
            assert location.startswith("/") and not location.startswith("//"), location
            assert location.isprintable() and "\\" not in location, location

    check()


# --- query parameters of the public pages, feeds and API ----------------------------------------

QUERY_PAGES = [
    "/",
    "/calendar.ics",
    "/api/v1/events",
    f"/events/{SLUG}",
    f"/events/{SLUG}/calendar.ics",
    f"/events/{SLUG}/event.ics",
    f"/events/{SLUG}/register",
    "/mandates/",
    "/api/v1/mandates",
    f"/api/v1/events/{SLUG}",
    "/privacy",
]
QUERY_KEYS = st.sampled_from(["kind", "series", "lang", "status", "day", "next", "q"])


def test_fuzz_query_parameters(app, client, session):
    open_event(session)

    @FUZZ
    @given(
        path=st.sampled_from(QUERY_PAGES), params=st.dictionaries(st.one_of(QUERY_KEYS, HOSTILE), HOSTILE, max_size=4)
    )
    @example(path="/calendar.ics", params={"series": "a\x00"})
    def check(path, params):
        response = client.get(path, query_string=params)
        _no_server_error(response, (path, params))

    check()


# --- addresses with a slug, a symbol or a private-link token ------------------------------------

PATHS = [
    "/events/{}",
    "/events/{}/calendar.ics",
    "/events/{}/event.ics",
    "/events/{}/register",
    "/api/v1/events/{}",
    "/api/v1/events/{}/sessions",
    "/api/v1/mandates/{}",
    "/mandates/{}",
    "/mandates/{}/calendar.ics",
    "/registrations/{}",
    "/registrations/{}/calendar.ics",
    "/registrations/{}/edit",
    "/registrations/{}/cancel",
]


def test_fuzz_addresses(app, client, session):
    open_event(session)

    @FUZZ
    @given(path=st.sampled_from(PATHS), value=TOKENS)
    @example(path="/events/{}", value="a\x00b")
    def check(path, value):
        response = client.get(path.format(quote(value, safe="")))
        _no_server_error(response, (path, value))
        if path.startswith("/registrations/"):
            assert not 200 <= response.status_code < 300  # no random token opens a registration

    check()


def test_fuzz_private_link_forms(app, client, session):
    """POSTs behind a private link: random tokens, and the right one with random fields."""
    open_event(session)
    post = Poster(client)
    token = _register(post)

    @FUZZ
    @given(
        use_token=st.booleans(),
        other=TOKENS,
        form=near_valid(
            {
                name: FORM[name]
                for name in (
                    "honorific",
                    "given_name",
                    "family_name",
                    "organisation",
                    "function",
                    "country",
                    "represents",
                    "accessibility_needs",
                )
            }
        ),
    )
    @example(use_token=True, other="", form={**FORM, "given_name": "Ami\x00na"})
    def check(use_token, other, form):
        target = token if use_token else quote(other, safe="")
        before = _counts(app)
        response = post(f"/registrations/{target}/edit", form)
        _no_server_error(response, (target, form))
        assert _counts(app)[0] == before[0]
        with app.app_context():
            row = get_session().exec(select(Registration)).one()
        assert row.given_name and row.family_name and row.organisation and "\x00" not in row.given_name
        if use_token and response.status_code == 302:  # saved whole, as typed (and cleaned)
            assert row.given_name == clean_text(form["given_name"])
            assert row.family_name == clean_text(form["family_name"])

    check()


def test_fuzz_personal_agenda_picks(app, client, session):
    event = open_event(session)
    post = Poster(client)
    token = _register(post)
    with app.app_context():
        published = {s.id for s in offered_sessions(get_session(), event)}
    valid = st.sampled_from(sorted(str(n) for n in published))

    @FUZZ
    @given(values=st.lists(st.one_of(valid, HOSTILE), max_size=6), use_token=st.booleans(), other=TOKENS)
    @example(values=["²"], use_token=True, other="")
    @example(values=["9" * 5000], use_token=True, other="")
    def check(values, use_token, other):
        target = token if use_token else quote(other, safe="")
        response = post(f"/registrations/{target}/agenda", {"session": values})
        _no_server_error(response, (target, values))
        with app.app_context():
            picks = set(get_session().exec(select(AgendaPick.session_id)).all())
        assert picks <= published
        if use_token and response.status_code == 302:
            assert picks == {parse_id(v) for v in values} & published

    check()


# --- the side-event proposal form -----------------------------------------------------------------

PROPOSAL = {
    "title": "Triangular cooperation for food security",
    "format": "in_person",
    "expected_attendance": "80",
    "languages": "en",
    "proposer_name": "Lucía Fernández",
    "proposer_email": "lucia@cancilleria.example",
    "o0-kind": "member_state",
    "o0-state": "AR",
    "o1-kind": "un_entity",
    "o1-name": "FAO",
}


def test_fuzz_side_event_proposal_form(app, client, session):
    from planner.side_events.models import Proposal, ProposalOrganiser
    from tests.side_events.conftest import make_conference

    with app.test_request_context():
        make_conference(session)
    url = "/events/bapa40/side-events/propose"
    post = Poster(client, url)

    def counts():
        with app.app_context():
            own = get_session()
            return tuple(own.exec(select(func.count()).select_from(m)).one() for m in (Proposal, ProposalOrganiser))

    @FUZZ
    @given(form=near_valid(PROPOSAL, most=4))
    @example(form={**PROPOSAL, "o0-state": "\x00", "o1-kind": "\x00"})
    def check(form):
        before = counts()
        response = post(url, form)
        _no_server_error(response, form)
        after = counts()
        if after[0] == before[0]:
            assert after[1] == before[1]  # no organiser rows without their proposal
            return
        assert after[0] == before[0] + 1 and response.status_code == 302
        with app.app_context():
            row = get_session().exec(select(Proposal).order_by(Proposal.id.desc())).first()
            assert row.title and "\x00" not in row.title and row.proposer_email

    check()
