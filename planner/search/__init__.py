"""Search across the published site (issue 19), in the database's own full-text engine."""
