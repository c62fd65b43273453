"""Agenda: the sessions of an event, the people in them, the timetable and its conflict checks."""
