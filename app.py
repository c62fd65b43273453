"""Entry point for `flask --app app ...` and WSGI servers: `app = create_app()`."""

import sys

from planner import create_app
from planner.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    # One line naming the variable and the cause, not a traceback.
    sys.exit(f"planner: {error}")
