"""The ``tradekg`` command: build a knowledge graph of agencies and measures, query it, view it.

Every command's help is its reference (``tradekg COMMAND --help``). Errors raised by the
library (:class:`loaders.TradeKGError`) become one-line messages here and nowhere else.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.build import build as run_build
from graph.build import sample_corpus
from loaders import TradeKGError

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tradekg")
def main() -> None:
    """Who is responsible for what in Chinese cross-border-trade and port policy.

    Start with `tradekg build`, which reads the bundled sample corpus and writes out/.
    See README.md for the manual.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Directory to write into.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def build(paths: tuple[Path, ...], out: Path, quiet: bool) -> None:
    """Build the graph, tables and report from policy documents.

    PATHS are files or directories (every .txt/.html file in them); without any, the
    bundled sample corpus (署岸发〔2021〕85号 and 渝口岸物流发〔2021〕6号) is read.

    \b
    Writes:
      OUT/graph.ttl                     the RDF graph (same input, same bytes)
      OUT/report.json                   counts, unresolved agencies, findings
      OUT/tables/documents.csv          one row per document
      OUT/tables/measures.csv           one row per measure
      OUT/tables/responsibilities.csv   one row per agency listed for a measure
      OUT/tables/agencies.csv           one row per agency in the graph

    \b
    Examples:
      tradekg build
      tradekg build ~/policies/ --out build/

    Exits with 1 when a file could not be read or held no measures (the report is
    still written and the other files still build).
    """
    inputs = list(paths) or [sample_corpus()]

    def progress(path: str) -> None:
        if not quiet:
            click.echo(f"reading {path}", err=True)

    try:
        result = run_build(inputs, out, progress=progress if len(inputs) else None)
    except TradeKGError as err:
        raise click.ClickException(str(err)) from err
    if not quiet:
        for line in result.report.summary_lines():
            click.echo(line)
        click.echo(f"Wrote {out}/graph.ttl, {out}/report.json and {out}/tables/.")
    if not result.report.ok:
        for path in result.report.failed_files:
            click.echo(f"Error: {path} was not built; see {out}/report.json", err=True)
        sys.exit(1)
