"""Every table model, imported in one place so Alembic and the tests see the whole schema."""

from planner.accounts.models import EventRoleGrant, RateLimitCounter, User  # noqa: F401
from planner.agenda.models import AgendaSession, Person, SessionRole  # noqa: F401
from planner.audit.models import AuditEntry  # noqa: F401
from planner.delegations.models import (  # noqa: F401
    Delegation,
    DelegationLimit,
    DelegationMember,
    ParticipantsList,
)
from planner.documents.models import Document, DocumentParagraph, DocumentSession, DocumentVersion  # noqa: F401
from planner.events.models import Event, EventSeries, EventTranslation, Room, Venue  # noqa: F401
from planner.mandates.models import Deadline, MandateLink, Paragraph, Resolution, SuggestionDecision  # noqa: F401
from planner.registration.models import (  # noqa: F401
    AgendaPick,
    CategoryQuota,
    ChangeNotice,
    InvitationLetter,
    LetterTemplate,
    OutboxMessage,
    Registration,
    RegistrationSettings,
)
from planner.side_events.models import (  # noqa: F401
    Proposal,
    ProposalOrganiser,
    ProposalReview,
    SideEventCall,
)
from planner.speakers.models import DebateMeeting, Inscription, SpeakerChange, SpeakersList  # noqa: F401
