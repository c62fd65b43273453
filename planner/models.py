"""Every table model, imported in one place so Alembic and the tests see the whole schema."""
from planner.events.models import Event, EventSeries, Room, Venue  # noqa: F401
