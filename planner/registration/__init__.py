"""Online registration: settings per event, capacity with a waiting list, e-mail outbox, private links."""
