"""Faults survived (issue 21): database outages, a killed mail sender, messages that cannot be built."""
