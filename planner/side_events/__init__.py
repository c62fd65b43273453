"""Side events: an event's call for side-event proposals, their review by the event's reviewers,
the secretariat's decision, and the accepted ones placed in a room and a slot of the agenda. Built
on planner.agenda (an accepted side event becomes a session of kind side event) and
planner.speakers (a side event that clashes with the general debate's meetings gets a warning)."""
