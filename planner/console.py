"""How CLI commands end on bad input: one line on stderr and exit status 2, never a traceback."""

import click


def fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(2)
