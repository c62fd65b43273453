"""The general debate's list of speakers: delegations inscribe their speaker, the list is ordered
by protocol and allocated to the general debate's meetings, and the secretariat swaps, moves and
closes it. Built on planner.delegations (who speaks for which State) and planner.agenda (the
meetings)."""
