"""Audit trail: who changed which object, when, and the fields before and after."""

# Hands planner.db.transaction the function its `tx.record` writes entries with, whichever module
# of the package is imported first.
from planner.audit import trail as _trail  # noqa: F401  (imported for its registration side effect)
