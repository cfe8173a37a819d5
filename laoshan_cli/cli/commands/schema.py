"""`laoshan schema`: print the JSON Schema of the data file."""

from __future__ import annotations

import click

from laoshan_cli.cli.options import Outcome


@click.command()
def schema() -> Outcome:
    """Print the JSON Schema of the data file, for editors and CI validators.

    The schema accepts every file laoshan accepts and catches mistakes in
    structure, field names, types, numbers and qualifiers. It cannot check
    units, formulas, or names used twice; `laoshan validate` does.

    \b
    Example:
      laoshan schema > data/indicators.schema.json
    """
    from laoshan_cli.loading.schema import schema_json

    return Outcome(schema_json())
