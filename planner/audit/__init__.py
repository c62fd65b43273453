"""Audit trail: who changed which object, when, and the fields before and after."""
