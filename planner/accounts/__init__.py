"""Secretariat accounts: users, roles, sign-in and the rate limiting of failed sign-ins."""
from __future__ import annotations

from flask import Flask, render_template
from flask_limiter.errors import RateLimitExceeded


def init_app(app: Flask) -> None:
    """Sign-in (Flask-Login), its rate limits, the sign-in pages and the user administration."""
    from planner.accounts import admin, ratelimit, views
    from planner.accounts.auth import can, login_manager

    login_manager.init_app(app)
    ratelimit.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.jinja_env.globals["can"] = can

    @app.errorhandler(RateLimitExceeded)
    def too_many_attempts(error):
        retry_at = ratelimit.retry_at()
        response = render_template("accounts/too_many_attempts.html", retry_at=retry_at)
        return response, 429
