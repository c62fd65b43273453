"""Secretariat accounts: users, roles, sign-in and the rate limits (sign-in and private links)."""

from __future__ import annotations

import math
import time

from flask import Flask, render_template


def init_app(app: Flask) -> None:
    """Sign-in (Flask-Login), the rate limits, the sign-in pages and the user administration."""
    from planner.accounts import manage, ratelimit, views
    from planner.accounts.auth import can, login_manager
    from planner.accounts.permissions import may

    login_manager.init_app(app)
    ratelimit.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(manage.bp)
    app.jinja_env.globals["can"] = can  # a global role: can('manager')
    app.jinja_env.globals["may"] = may  # a permission on one event: may('edit', event.id)

    @app.errorhandler(ratelimit.Limited)
    def too_many_attempts(error: ratelimit.Limited):
        sign_in = error.rule in (ratelimit.LOGIN_PER_ACCOUNT, ratelimit.LOGIN_PER_ADDRESS)
        page = render_template("accounts/too_many_attempts.html", retry_at=error.retry_at, sign_in=sign_in)
        wait = max(1, math.ceil(error.retry_at.timestamp() - time.time()))
        return page, 429, {"Retry-After": str(wait)}
