"""The JSON read API, /api/v1/: published events, their sessions, and mandates."""
