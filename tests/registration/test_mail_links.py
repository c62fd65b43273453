"""Later e-mails carry the participant's own private link, never one that ends the link (and the
calendar subscription) they already use."""

from sqlmodel import select

from planner.registration import editing
from planner.registration.models import Registration
from planner.registration.tokens import derive_token, find_by_token, hash_token, mail_link
from tests.registration.helpers import open_event, participant


def test_the_link_in_later_mails_is_the_one_from_the_confirmation(app, session):
    with app.test_request_context():
        event = open_event(session)
        registration, token = editing.register(session, event, participant(1))
        nonce, columns = mail_link(registration)
        assert columns == {} and derive_token(nonce) == token


def test_a_registration_without_a_kept_nonce_gets_one_pending_link_reused_by_every_later_mail(app, session):
    with app.test_request_context():
        event = open_event(session)
        registration, old_token = editing.register(session, event, participant(1))
        registration.link_nonce = None  # as a registration taken before nonces were kept
        session.add(registration)
        session.commit()
        nonce, columns = mail_link(registration)
        assert columns["pending_token_hash"] == hash_token(derive_token(nonce))
        for name, value in columns.items():
            setattr(registration, name, value)
        session.add(registration)
        session.commit()
        assert mail_link(registration) == (nonce, {})  # the next mail reuses it: no link is lost
        assert find_by_token(session, old_token) is not None  # the old link still opens it
        assert find_by_token(session, derive_token(nonce)) is not None  # first use promotes the new one
        promoted = session.exec(select(Registration)).one()
        assert (promoted.link_nonce, promoted.pending_link_nonce) == (nonce, None)
        assert mail_link(promoted) == (nonce, {})
