"""Member State delegations and accreditation: a focal point registers a whole delegation, the
secretariat records credentials and accredits each person, and the list of participants is
published from what was accredited. Each member is a registration of planner.registration."""
