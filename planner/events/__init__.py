"""Events: conferences, expos, committee sessions, briefings, observances; their series and venues."""
