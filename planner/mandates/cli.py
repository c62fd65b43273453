"""`flask --app app import-resolution FILE --symbol ... --title ... --adopted ...`; FILE is plain
text, a PDF or a Word (.docx) file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from planner.console import fail
from planner.db import get_session
from planner.mandates.importing import ImportRejected, import_resolution, text_of_file


def _parse_date(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2016-12-21") from None


@click.command("import-resolution")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--symbol", required=True, help="Document symbol, e.g. A/RES/71/244.")
@click.option("--title", required=True, help='Title, e.g. "South-South cooperation".')
@click.option("--adopted", callback=_parse_date, help="Adoption date, YYYY-MM-DD.")
@click.option("--body", default="General Assembly", show_default=True, help="Adopting body.")
@click.option("--replace", is_flag=True, help="Replace the text of a resolution already imported.")
def import_resolution_command(
    file: Path, symbol: str, title: str, adopted: date | None, body: str, replace: bool
) -> None:
    """Import a resolution (plain text, PDF or Word .docx) and split it into paragraphs."""
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror}")
    try:
        text = text_of_file(data, source=str(file))
        report = import_resolution(
            get_session(), text, symbol=symbol, title=title, adopted_on=adopted, body=body, replace=replace
        )
    except ImportRejected as error:
        get_session().rollback()  # CLI entry point: nothing of a refused import stays in the session
        fail(f"{file}: {error}")
    verb = "Replaced" if report.replaced else "Imported"
    click.echo(
        f"{verb} {report.resolution.symbol}: {report.preambular} preambular and "
        f"{report.operative} operative paragraphs."
    )
    if report.replaced:
        click.echo(f"Kept {report.kept_links} link(s).")
        for dropped in report.dropped_links:
            click.echo(f"Dropped link (paragraph changed or gone): {dropped}")
