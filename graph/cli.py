"""The ``tradekg`` command: build a knowledge graph of agencies and measures, query it, view it.

Every command's help is its reference (``tradekg COMMAND --help``), settings from the
environment included (click's ``envvar=``: this is the only module that reads it). Errors
raised by the library (:class:`loaders.TradeKGError`) become one-line messages in one
place, :func:`converts_errors`, which every command wears. Nothing is printed with a raw
control character (:mod:`graph.control_characters`): document text may hold ANSI escapes.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from graph.control_characters import escape_controls
from graph.errors import QueryParameterError, UnknownFormatError, UnknownQueryError
from graph.pipeline import Progress, sample_corpus
from graph.pipeline import build as run_build
from graph.pipeline.run import output_folders
from graph.query_library import get_query, list_queries
from graph.rdf.export import FORMATS as EXPORT_FORMATS
from graph.rdf.export import export as export_graph
from graph.rdf.store import graph_file, open_store
from graph.rdf.validate import ENGINES, ValidationReport, validate_directory
from graph.results import RESULT_FORMATS, format_result
from graph.site.server import SiteServer
from graph.sparql.gateway import SparqlGateway, private_loopback_address
from graph.sparql.local import bind_parameters, run_named, run_query
from graph.sparql.push import push_graph
from graph.sparql.server import OxigraphServer, load_store
from loaders import TradeKGError
from loaders.document_files import check_corpus

if TYPE_CHECKING:
    from graph.neo4j.connection import Neo4jSettings

__all__ = ["converts_errors", "main"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_USAGE_ERRORS = (UnknownQueryError, QueryParameterError, UnknownFormatError)
"""Library errors that mean the command line asked for something that does not exist (exit 2)."""


def converts_errors(command: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn the library's errors into click's: a usage error (exit 2) or a one-line message (exit 1).

    The one place where :class:`loaders.TradeKGError` becomes a message; every command of
    this module is wrapped in it. An ``OSError`` that no command turned into a message
    (a folder that cannot be written, a full disk) becomes one too, naming its file.
    Control characters in a message (a file name or a document's text can hold them) are
    shown as visible escapes.

    Examples
    --------
    >>> @converts_errors
    ... def ask() -> None:
    ...     raise UnknownQueryError("no named query 'x'")
    >>> ask()
    Traceback (most recent call last):
    ...
    click.exceptions.UsageError: no named query 'x'
    """
    @functools.wraps(command)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return command(*args, **kwargs)
        except _USAGE_ERRORS as error:
            raise click.UsageError(escape_controls(str(error))) from error
        except TradeKGError as error:
            raise click.ClickException(escape_controls(str(error))) from error
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # `tradekg export | head`: click ends quietly, as a pipe's reader expects
            raise click.ClickException(escape_controls(_os_error_message(error))) from error

    return run


def _os_error_message(error: OSError, action: str | None = None) -> str:
    """One line for a failed file operation: what, on which path, and why in plain words.

    Examples
    --------
    >>> _os_error_message(FileNotFoundError(2, "No such file or directory", "/no/dir/x.graphml"), "write")
    'cannot write /no/dir/x.graphml: no such folder'
    >>> _os_error_message(PermissionError(13, "Permission denied", "out/report.json"))
    'out/report.json: permission denied'
    """
    why = {FileNotFoundError: "no such folder" if action == "write" else "no such file or folder",
           PermissionError: "permission denied", IsADirectoryError: "it is a folder",
           NotADirectoryError: "a part of the path is not a folder"}.get(type(error))
    why = why or (error.strerror or str(error)).lower()
    if error.filename is None:
        return why
    where = f"{error.filename} -> {error.filename2}" if error.filename2 is not None else str(error.filename)
    return f"cannot {action} {where}: {why}" if action else f"{where}: {why}"


def _echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of a line that may hold document text: control characters made visible."""
    click.echo(escape_controls(message), err=err, nl=nl)


_DEFAULT_NEO4J_URI = "bolt://localhost:7687"
"""Where ``tradekg neo4j serve``, Neo4j Desktop and Docker listen (``graph.neo4j.DEFAULT_URI``)."""


def _neo4j_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the Neo4j connection settings, read from NEO4J_URI, NEO4J_USER, ... when not given."""
    options = [
        click.option("--neo4j-uri", "neo4j_uri", envvar="NEO4J_URI", show_envvar=True,
                     default=_DEFAULT_NEO4J_URI, show_default=True, metavar="URI",
                     help="Bolt address of Neo4j (neo4j+s://... for Aura)."),
        click.option("--neo4j-user", "neo4j_user", envvar="NEO4J_USER", show_envvar=True, metavar="NAME",
                     help="User name, with the password (`neo4j` for `tradekg neo4j serve`)."),
        click.option("--neo4j-password", "neo4j_password", envvar="NEO4J_PASSWORD", show_envvar=True,
                     metavar="SECRET", help="Password; set it in the environment rather than on the "
                     "command line, where other users of the machine can see it. Never printed."),
        click.option("--neo4j-database", "neo4j_database", envvar="NEO4J_DATABASE", show_envvar=True,
                     metavar="NAME", help="Database; the server's default database if unset."),
        click.option("--neo4j-data", "neo4j_data", envvar="TRADEKG_NEO4J_DATA", show_envvar=True,
                     metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
                     help="Data folder of `tradekg neo4j serve --data DIR`: read the user and password "
                          "it keeps there, when NEO4J_PASSWORD is not set."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _neo4j_settings(uri: str, user: str | None, password: str | None, database: str | None,
                    data_dir: Path | None = None) -> Neo4jSettings:
    """Connection settings from the options (an empty value counts as unset).

    Without a password, ``data_dir`` (``--neo4j-data``) supplies the user and password that
    ``tradekg neo4j serve --data DIR`` keeps in that folder.
    """
    from graph.neo4j import Neo4jSettings
    from graph.neo4j.credentials import read_credentials

    if not password and data_dir is not None:
        kept = read_credentials(data_dir)
        user, password = user or kept.user, kept.password
    return Neo4jSettings(uri=uri or _DEFAULT_NEO4J_URI, user=user or None, password=password or None,
                         database=database or None)


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
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for reading and parsing; default: the machine's cores. 1 runs "
                   "everything in this process.")
@click.option("--executor", envvar="TRADEKG_EXECUTOR", show_envvar=True, metavar="local|dask://HOST:PORT",
              help="Run the per-file stage on a Dask cluster (pip install 'tradekg[distributed]'); its "
                   "workers must see OUT on a shared filesystem. Default: this machine.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors (no progress).")
@click.option("--excel", is_flag=True,
              help="Write the CSV tables as UTF-8 with a byte order mark (BOM), so that Excel on Windows "
                   "shows the Chinese text; the rows are the same.")
@click.option("--agencies", "agency_files", multiple=True, envvar="TRADEKG_AGENCIES", show_envvar=True,
              metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own authority file (columns of ontology/agencies.csv), laid over the shipped "
                   "one: a row with a shipped key replaces that body, a new key adds one. Repeatable; "
                   "a later file wins. In the environment: several files separated by "
                   f"{'; (semicolon)' if os.pathsep == ';' else ': (colon)'}.")
@converts_errors
def build(paths: tuple[Path, ...], out: Path, jobs: int | None, executor: str | None, quiet: bool,
          excel: bool, agency_files: tuple[Path, ...]) -> None:
    """Build the graph, tables and report from policy documents.

    PATHS are files or directories (every .txt/.html file in them); without any, the
    bundled sample corpus (署岸发〔2021〕85号 and 渝口岸物流发〔2021〕6号) is read.

    \b
    Writes:
      OUT/graph.ttl                     the RDF graph (same input, same bytes)
      OUT/graph.nt                      the same graph as N-Triples
      OUT/store/                        the graph in an on-disk Oxigraph store (for
                                        `tradekg query`, `validate`, `serve`)
      OUT/report.json                   counts, unresolved agencies, findings,
                                        seconds per phase, peak memory
      OUT/tables/documents.csv          one row per document
      OUT/tables/measures.csv           one row per measure
      OUT/tables/responsibilities.csv   one row per agency listed for a measure
      OUT/tables/agencies.csv           one row per agency in the graph
      OUT/views/*.html                  offline network views (agencies, concepts,
                                        one per document and per agency)
      OUT/site/index.html               sortable tables linking views and source texts

    The tables name each document's file (source_file) by its path below the directory
    given (2021/plan.txt for ~/policies/2021/plan.txt), or by its file name when the file
    itself was given, so they are the same wherever the corpus is kept.

    \b
    Examples:
      tradekg build
      tradekg build ~/policies/ --out build/
      tradekg build ~/policies/ --out build/ --jobs 8
      tradekg build ~/policies/ --excel
      tradekg build ~/policies/ --agencies my-agencies.csv

    Bodies no authority file knows are listed in OUT/report.json; `tradekg agencies
    unresolved --out rows.csv` writes them as rows to fill in and pass back with
    --agencies rows.csv.

    Building into the same OUT again reuses what it read of every unchanged file
    (OUT/.tradekg/ keeps it) and ends in the state a fresh build gives. Progress goes to
    standard error: a bar per phase on a terminal, a line every few seconds otherwise.

    Exits with 1 when a file could not be read or held no measures (the report is
    still written and the other files still build), or when the graph written does
    not conform to the SHACL shapes (each violation is printed; see `tradekg validate`).
    """
    inputs = list(paths) or [sample_corpus()]
    check_corpus(inputs, skip_folder=output_folders(out))  # a wrong path: one message, nothing written
    result = run_build(inputs, out, jobs=jobs, executor=executor, progress=Progress(quiet=quiet),
                       excel=excel, agency_files=agency_files)
    if not quiet:
        for line in result.report.summary_lines():
            _echo(line)
        _echo(f"Wrote {out}/graph.ttl (and .nt), {out}/report.json, {out}/tables/, "
              f"{out}/views/ and {out}/site/.")
        _echo(f"Open {out}/site/index.html (or {out}/views/agencies.html) in a browser.")
    if result.validation is not None and not result.validation.conforms:
        _echo_violations(result.validation)
        _echo(f"Error: the graph written to {out}/graph.ttl is not valid; this is a bug "
              "in tradekg's loaders, please report it with the violations above.", err=True)
    if not result.report.ok:
        for path in result.report.failed_files:
            _echo(f"Error: {path} was not built; see {out}/report.json", err=True)
    if not result.report.ok or (result.validation is not None and not result.validation.conforms):
        sys.exit(1)


# ---------------------------------------------------------------- RDF: validate, export, query, serve, push

_DIR = click.argument("directory", required=False, default="out", metavar="[DIR]",
                      type=click.Path(file_okay=False, path_type=Path))


def _echo_violations(report: ValidationReport, *, err: bool = True) -> None:
    for violation in report.violations:
        _echo(violation.describe(), err=err)
    _echo(report.summary(), err=err)


@main.command()
@_DIR
@click.option("--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True,
              help="oxigraph: the shapes compiled to SPARQL, run on the build's Oxigraph store (seconds "
                   "at any size); pyshacl: pySHACL on graph.ttl, the reference engine (minutes for "
                   "large graphs). Both report the same violations.")
@converts_errors
def validate(directory: Path, engine: str) -> None:
    """Check a built graph against the SHACL shapes (ontology/shapes.ttl).

    DIR is an output directory of `tradekg build` (default: out). Every violation is
    printed as its shape, the node, the property and what is wrong.

    \b
    Examples:
      tradekg validate
      tradekg validate build/
      tradekg validate --engine pyshacl      # the reference engine, to cross-check

    Exits with 1 when the graph does not conform.
    """
    report = validate_directory(directory, engine=engine)
    if report.conforms:
        _echo(report.summary())
        return
    _echo_violations(report, err=False)
    sys.exit(1)


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), required=True,
              help="; ".join(f"{name}: {f.description}" for name, f in sorted(EXPORT_FORMATS.items())))
@_DIR
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; standard output by default.")
@converts_errors
def export(fmt: str, directory: Path, output: Path | None) -> None:
    """Write a built graph as Turtle, N-Triples, JSON-LD or GraphML.

    DIR is an output directory of `tradekg build` (default: out).

    \b
    Examples:
      tradekg export --format jsonld -o graph.jsonld
      tradekg export --format graphml out/ -o tradekg.graphml   # open in Gephi
      tradekg export --format nt | wc -l
    """
    if output is None:
        stream = click.get_binary_stream("stdout")
        export_graph(directory, fmt, stream)
        stream.flush()
        return
    partial = output.with_name(output.name + ".part")  # OUTPUT appears whole, or not at all
    try:
        with partial.open("wb") as handle:
            export_graph(directory, fmt, handle)
        partial.replace(output)
    except OSError as error:
        if error.filename in (None, str(partial), partial):
            error.filename = str(output)
        raise click.ClickException(escape_controls(_os_error_message(error, "write"))) from error
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()  # gone already after a success; after a failure, nothing is left
    _echo(f"Wrote {output} ({fmt}).", err=True)


def _parameters(pairs: tuple[str, ...]) -> dict[str, str]:
    """The ``--param NAME=VALUE`` options as a dict; a malformed or repeated one is a usage error."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param {pair!r} must be NAME=VALUE, e.g. --param agency=海关总署")
        if name.strip() in values:
            raise click.UsageError(f"--param {name.strip()} given twice")
        values[name.strip()] = value
    return values


@main.command(options_metavar="[--format table|csv|json] [--param NAME=VALUE ...]")
@click.argument("words", nargs=-1,
                metavar="NAME [DIR] | sparql QUERY|FILE.rq [DIR] | cypher NAME|QUERY|FILE.cypher")
@click.option("--list", "list_", is_flag=True, help="List the named queries with what they answer.")
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(RESULT_FORMATS)), default="table",
              show_default=True, help="How to print the rows.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value (repeatable); bound as data, never pasted into the query.")
@click.option("--allow-service", is_flag=True,
              help="Run a SPARQL query with a SERVICE clause, which sends requests to the endpoints it "
                   "names; refused by default.")
@_neo4j_options
@converts_errors
def query(words: tuple[str, ...], list_: bool, fmt: str, params: tuple[str, ...], allow_service: bool,
          neo4j_uri: str, neo4j_user: str | None, neo4j_password: str | None,
          neo4j_database: str | None, neo4j_data: Path | None) -> None:
    """Ask the built graph a named question, or any SPARQL query, without a server.

    NAME is one of the named queries (`tradekg query --list`); `sparql` runs the
    SPARQL text QUERY, or the query in FILE.rq, instead. DIR is an output directory
    of `tradekg build` (default: out). Queries run on an embedded Oxigraph store;
    the prefixes of graph.ttl (tkg:, skos:, dcterms:, ...) are predefined.
    `cypher` asks Neo4j instead (settings: `tradekg neo4j --help`): the Cypher twin of
    NAME, the statement QUERY or the one in FILE.cypher, with values as $parameters,
    in a read transaction.

    A SPARQL query with a SERVICE clause would make tradekg send requests to the
    endpoints it names (any URL this machine reaches); it is refused unless
    --allow-service is given.

    A parameter of a named query has a declared type (string, date, integer, iri).
    In an ad hoc query `--param NAME=VALUE` binds ?NAME to the string VALUE, or to an
    IRI when VALUE is written <...>; the variable must be in the SELECT clause.

    \b
    Examples:
      tradekg query --list
      tradekg query measures_led_by --param agency=海关总署
      tradekg query targets_due_by --param date=2021-12-31 --format csv
      tradekg query sparql "SELECT ?name (COUNT(*) AS ?n) WHERE { ?m tkg:ledBy ?a .
        ?a skos:prefLabel ?name } GROUP BY ?name ORDER BY DESC(?n) ?name"
      tradekg query sparql my_question.rq build/ --param agency=重庆海关
      tradekg query cypher measures_led_by --param agency=海关总署    # on Neo4j
      tradekg query cypher 'MATCH (a:Agency {name_zh: $name}) RETURN a.key AS key' -p name=海关总署

    Exits with 2 for an unknown query or a bad parameter, 1 when the query fails.
    """
    if list_:
        if words or params:
            raise click.UsageError("--list takes no query, directory or --param")
        for named in list_queries():
            takes = ", ".join(f"{p.name} ({p.type}"
                              + (f", default {p.default}" if p.default is not None else "") + ")"
                              for p in named.parameters)
            _echo(f"{named.name}{f'  [--param {takes}]' if takes else ''}")
            _echo(f"    {named.summary} {named.description}".rstrip())
        return
    if not words:
        raise click.UsageError("name a query (see `tradekg query --list`) or use `sparql QUERY`")
    values = _parameters(params)
    if words[0] == "cypher":  # Cypher on Neo4j (NEO4J_URI ...) instead of SPARQL on DIR
        _query_cypher(words[1:], values, fmt,
                      _neo4j_settings(neo4j_uri, neo4j_user, neo4j_password, neo4j_database, neo4j_data))
        return
    try:
        if words[0] == "sparql":
            if len(words) < 2:
                raise click.UsageError("`tradekg query sparql` needs the query text or a .rq file")
            if len(words) > 3:
                raise click.UsageError(f"unexpected arguments: {' '.join(words[3:])}")
            source, directory = words[1], Path(words[2] if len(words) > 2 else "out")
            text = Path(source).read_text(encoding="utf-8") if source.endswith(".rq") else source
            result = run_query(open_store(directory), text, bind_parameters(values),
                               allow_service=allow_service)
        else:
            if len(words) > 2:
                raise click.UsageError(f"unexpected arguments: {' '.join(words[2:])}")
            named = get_query(words[0])
            directory = Path(words[1] if len(words) > 1 else "out")
            bind_parameters(values, named.parameters)  # usage errors before loading the graph
            result = run_named(open_store(directory), named, values)
    except OSError as error:
        raise click.ClickException(f"cannot read {words[1]}: {error.strerror}") from error
    _echo(format_result(result, fmt), nl=False)


@main.command()
@_DIR
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="TCP port; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 127.0.0.1 keeps the server to this machine.")
@click.option("--allow-service", is_flag=True,
              help="Answer queries with a SERVICE clause, which make the server send requests to the "
                   "endpoints they name; refused (403) by default.")
@converts_errors
def serve(directory: Path, port: int, host: str, allow_service: bool) -> None:
    """Serve a built graph read-only over SPARQL 1.1, with Oxigraph's query page.

    DIR is an output directory of `tradekg build` (default: out). The graph is loaded
    into a temporary Oxigraph store; the server stops, and the store is removed, on
    Ctrl-C or SIGTERM. Needs the `oxigraph` command (pip install oxigraph).

    Requests go through a gateway that answers only to Host localhost, 127.0.0.1,
    [::1] or --host (with the port), against DNS rebinding, refuses queries with a
    SERVICE clause unless --allow-service is given, and refuses every update (403,
    with a one-line reason).

    \b
    Examples:
      tradekg serve
      tradekg serve build/ --port 0
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' \\
        http://127.0.0.1:7878/query

    Exits with 1 when the port is in use or the server cannot start, with 0 when stopped.
    """
    import signal
    import tempfile

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up short
        raise KeyboardInterrupt  # `kill PID` stops as cleanly as Ctrl-C

    graph = graph_file(directory)
    signal.signal(signal.SIGTERM, stop)
    try:
        # The gateway takes its port first: a busy port is one line before anything starts.
        with SparqlGateway(host=host, port=port, allow_service=allow_service) as gateway, \
                tempfile.TemporaryDirectory(prefix="tradekg-serve-") as scratch:
            location = Path(scratch) / "store"
            load_store(location, graph)
            with _site_server(directory, host) as site, \
                    OxigraphServer(location, host=private_loopback_address()) as server:
                gateway.route_to(server.url).start()
                _echo(f"Serving {graph} read-only with Oxigraph.")
                _echo(f"  SPARQL endpoint: {gateway.query_url}")
                _echo(f"  Query page:      {gateway.url}")
                if site is not None:
                    _echo(f"  Site:            {site.index_url}")
                if host not in ("127.0.0.1", "localhost", "::1"):
                    _echo(f"Warning: listening on {host}: other machines can query this graph.",
                          err=True)
                _echo("Press Ctrl-C to stop.")
                status = server.wait()
    except KeyboardInterrupt:
        _echo("Stopped the SPARQL server.", err=True)
        return
    log = f"; see {server.kept_log}" if server.kept_log is not None else ""
    raise click.ClickException(f"the Oxigraph server stopped unexpectedly (exit status {status}){log}")


def _site_server(directory: Path, host: str) -> contextlib.AbstractContextManager[SiteServer | None]:
    """The build's site on a free port, or nothing when the build wrote no site."""
    if not (directory / "site" / "index.html").is_file():
        return contextlib.nullcontext()
    return SiteServer(directory, host=host)


@main.command()
@_DIR
@click.option("--endpoint", "-e", required=True,
              help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store.")
@click.option("--graph", "-g", "graph_iri", metavar="IRI",
              help="Named graph to write; the default graph if unset.")
@click.option("--append", is_flag=True, help="POST (add to the graph) instead of PUT (replace it).")
@click.option("--user", envvar="TRADEKG_SPARQL_USER", show_envvar=True, metavar="NAME",
              help="HTTP Basic user name, with --password.")
@click.option("--password", envvar="TRADEKG_SPARQL_PASSWORD", show_envvar=True, metavar="SECRET",
              help="HTTP Basic password; set it in the environment rather than on the command "
                   "line, where other users of the machine can see it. Never printed.")
@converts_errors
def push(directory: Path, endpoint: str, graph_iri: str | None, append: bool, user: str | None,
         password: str | None) -> None:
    """Send a built graph to a SPARQL 1.1 Graph Store Protocol endpoint.

    DIR is an output directory of `tradekg build` (default: out). The graph is sent as
    Turtle with HTTP PUT, replacing the target graph (or POST with --append). For HTTP
    Basic authentication set TRADEKG_SPARQL_USER and TRADEKG_SPARQL_PASSWORD (or pass
    --user and --password).

    \b
    Examples:
      tradekg push --endpoint http://127.0.0.1:7878/store
      tradekg push --endpoint https://example.org/sparql/store --graph https://w3id.org/tradekg/graph
    """
    if (user is None) != (password is None):
        raise click.UsageError("set both TRADEKG_SPARQL_USER and TRADEKG_SPARQL_PASSWORD, or neither")
    auth = (user, password) if user is not None and password is not None else None
    result = push_graph(directory, endpoint, graph_iri=graph_iri, replace=not append, auth=auth)
    target = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    _echo(f"Sent {result.bytes_sent} bytes of Turtle to {target} of {endpoint} "
          f"({result.method}, HTTP {result.status}).")


# ---------------------------------------------------------------- analysis: analyze


@main.command()
@_DIR
@click.option("--top", "-n", type=click.IntRange(min=1), default=10, show_default=True,
              help="Agencies in the printed table (the CSV files hold them all).")
@click.option("--seed", type=int, default=42, show_default=True,
              help="Seed of the Louvain community detection; the same seed gives the same communities.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Louvain resolution: above 1 finds smaller communities, below 1 larger ones.")
@click.option("--excel", is_flag=True,
              help="Write the CSV tables as UTF-8 with a byte order mark (BOM), so that Excel on Windows "
                   "shows the Chinese text; the rows are the same.")
@converts_errors
def analyze(directory: Path, top: int, seed: int, resolution: float, excel: bool) -> None:
    """Measure each agency's load, centrality and community, and write the tables.

    DIR is an output directory of `tradekg build` (default: out). Prints the agencies
    with the most measures (led, or joined without leading; in national and in local
    documents), then one line each on leadership concentration, the heaviest pair,
    centrality, communities and agencies that bridge national and local documents.

    \b
    Writes (UTF-8 CSV with a header row, a BOM with --excel; columns in docs/analysis.md):
      DIR/tables/analysis/agency_load.csv         measures involved, led, joined; national/local
      DIR/tables/analysis/agency_centrality.csv   degree, strength, betweenness (plain, weighted)
      DIR/tables/analysis/agency_communities.csv  Louvain community of each agency
      DIR/tables/analysis/agency_pairs.csv        agencies listed together, measures shared
      DIR/tables/analysis/bridging_agencies.csv   agencies in national and local measures
      DIR/tables/analysis/lead_concentration.csv  top lead agency's share, Herfindahl index

    \b
    Examples:
      tradekg analyze
      tradekg analyze build/ --top 20 --resolution 1.5

    Exits with 1 when DIR holds no built graph or a table cannot be written.
    """
    from graph.analysis import analyze_graph, format_table, headline, summary_lines, write_analysis
    from graph.rdf.store import open_store

    tables = analyze_graph(open_store(directory), seed=seed, resolution=resolution)
    written = write_analysis(tables, directory / "tables" / "analysis", excel=excel)
    load = tables["agency_load"]
    shown = min(top, len(load))
    _echo(f"Agencies by load ({shown} of {len(load)}): measures each is listed for, leads, "
          "or joins without leading; national vs local documents.")
    _echo(format_table(headline(load, top)))
    _echo()
    for line in summary_lines(tables, seed=seed):
        _echo(line)
    _echo(f"Wrote {len(written)} tables to {directory / 'tables' / 'analysis'}/: "
          f"{', '.join(p.name for p in written)}.")


# ---------------------------------------------------------------- agencies: the user's authority data


@main.group(name="agencies")
def agencies_group() -> None:
    """Your own authority data: the bodies a build did not know, as rows to fill in.

    See README.md, "Your own agencies".
    """


@agencies_group.command(name="unresolved")
@click.option("--out-dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Output directory of `tradekg build`.")
@click.option("--out", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV file to write; standard output by default.")
@converts_errors
def agencies_unresolved(directory: Path, output: Path | None) -> None:
    """Write the bodies a build did not resolve as ready-to-fill rows of an authority file.

    One row per body, with the columns of ontology/agencies.csv: name_zh is the name
    as the build wrote it (a context-bound one spelt out: 市未知局 in a Chongqing plan
    is 重庆市未知局), aliases the forms it was written in, kind as read, level and
    jurisdiction guessed from the documents' jurisdiction and the name's first
    character (省, 市, 区, 县); key, name_en and parent are left empty. Two review
    columns follow: count (times named) and first_seen (FILE:LINE).

    Fill in key and name_en (check level, jurisdiction, add a parent key if you know
    it), delete the rows you do not want, and pass the file back: `tradekg build
    --agencies FILE` reads it and ignores the review columns. A row left without a key
    is an error naming its line.

    \b
    Examples:
      tradekg agencies unresolved --out rows.csv
      tradekg agencies unresolved --out-dir build/ | less
      tradekg build ~/policies/ --agencies rows.csv
    """
    from graph.unresolved_rows import unresolved_rows, write_unresolved_rows
    from loaders import AgencyRegistry

    rows = unresolved_rows(directory, AgencyRegistry.default())
    if output is None:
        write_unresolved_rows(rows, click.get_text_stream("stdout"))
        return
    with output.open("w", encoding="utf-8", newline="") as handle:
        write_unresolved_rows(rows, handle)
    _echo(f"Wrote {len(rows)} row(s) to {output}; fill in key and name_en, then "
          f"`tradekg build ... --agencies {output}`.", err=True)


# ---------------------------------------------------------------- Neo4j: load, serve, export; query cypher


@main.group(name="neo4j")
def neo4j_group() -> None:
    """Load the graph into Neo4j 5, run a local Neo4j, or export files for Neo4j's tools.

    \b
    `load` and `tradekg query cypher` take the connection settings from the
    environment (or from the options of the same names, see their --help):
      NEO4J_URI           default bolt://localhost:7687 (neo4j+s://... for Aura)
      NEO4J_USER          with NEO4J_PASSWORD; `neo4j` for `tradekg neo4j serve`
      NEO4J_PASSWORD      never printed (but once by `tradekg neo4j serve`)
      NEO4J_DATABASE      default: the server's default database
      TRADEKG_NEO4J_DATA  a `serve --data` folder: its user and password
    See docs/neo4j.md.
    """


@neo4j_group.command(name="load")
@_DIR
@click.option("--wipe", is_flag=True,
              help="Delete tradekg's nodes (every label of the mapping) and their relationships "
                   "first; other nodes in the database are kept.")
@click.option("--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Rows per transaction.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@_neo4j_options
@converts_errors
def neo4j_load(directory: Path, wipe: bool, batch_size: int, quiet: bool, neo4j_uri: str,
               neo4j_user: str | None, neo4j_password: str | None, neo4j_database: str | None,
               neo4j_data: Path | None) -> None:
    """Load a built graph into Neo4j, through ontology/neo4j-mapping.toml.

    DIR is an output directory of `tradekg build` (default: out). Creates a uniqueness
    constraint on `iri` per label, then merges nodes and relationships in batches.
    Loading the same graph again changes nothing; a changed graph updates the nodes and
    relationships it still has (use --wipe to drop the ones it no longer has).

    \b
    Examples:
      tradekg neo4j serve --data ~/tradekg-neo4j &   # or any Neo4j 5: set NEO4J_URI, NEO4J_USER, ...
      tradekg neo4j load --neo4j-data ~/tradekg-neo4j
      tradekg neo4j load build/ --wipe --batch-size 5000
      tradekg query cypher measures_led_by --param agency=海关总署
    """
    from tqdm import tqdm

    from graph.neo4j.connection import connect
    from graph.neo4j.load import load_property_graph
    from graph.neo4j.mapping import load_mapping
    from graph.neo4j.rows import read_property_graph

    settings = _neo4j_settings(neo4j_uri, neo4j_user, neo4j_password, neo4j_database, neo4j_data)
    mapping = load_mapping()
    graph = read_property_graph(directory, mapping)
    total = len(graph.nodes) + len(graph.relationships)
    with (connect(settings) as driver,
          tqdm(total=total, unit="rows", file=sys.stderr, disable=quiet or total < 20_000) as bar):
        summary = load_property_graph(driver, graph, mapping, database=settings.database,
                                      batch_size=batch_size, wipe=wipe, progress=bar.update)
    if not quiet:
        where = f", database {settings.database}" if settings.database else ""
        _echo(f"Loaded {directory}/graph.ttl into Neo4j at {settings.shown_uri}{where}.")
        for line in summary.lines():
            _echo(line)


def _fetch_progress() -> Callable[[str], None]:
    """A progress callback for the jar fetch: its messages, and a running clock meanwhile."""
    import threading

    from tqdm import tqdm

    stop = threading.Event()
    bars: list[tqdm] = []

    def tick() -> None:
        while not stop.wait(1.0):
            bars[0].update(1)

    def progress(message: str) -> None:
        if bars:  # the second message: the fetch is over
            stop.set()
            bars[0].close()
            _echo(message, err=True)
            return
        _echo(message, err=True)
        bars.append(tqdm(desc="Maven", unit="s", file=sys.stderr, bar_format="{desc}: {elapsed} elapsed"))
        threading.Thread(target=tick, daemon=True).start()

    return progress


@neo4j_group.command(name="serve")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=7687, show_default=True,
              help="Bolt port; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on; 127.0.0.1 is this machine only, 0.0.0.0 every network "
                   "interface (other machines then need only the password).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the database, and the generated password (in DIR/tradekg-credentials, "
                   "mode 0600), in this folder across restarts (created if needed); by default a "
                   "temporary folder, removed on stop, and a password held in memory only.")
@click.option("--neo4j-password", "password", envvar="NEO4J_PASSWORD", show_envvar=True, metavar="SECRET",
              help="The neo4j user's password (8 characters or more) instead of a generated one; set "
                   "it in the environment rather than on the command line. Never written to disk.")
@click.option("--http", "http", is_flag=True,
              help="Also turn on Neo4j's HTTP API (it needs the password too); off by default.")
@click.option("--http-port", type=click.IntRange(0, 65535), default=7474, show_default=True,
              help="Port of the HTTP API, with --http; 0 picks a free one.")
@click.option("--websocket", is_flag=True,
              help="Let web pages (Neo4j Browser) connect to Bolt over WebSocket; they still need "
                   "the password. Off by default: any web page could try.")
@converts_errors
def neo4j_serve(port: int, host: str, data_dir: Path | None, password: str | None, http: bool,
                http_port: int, websocket: bool) -> None:
    """Run a local Neo4j 5 on this machine until Ctrl-C (no Docker, no install).

    The first run fetches the Neo4j jars (about 120 MB) from Maven Central with `mvn`
    into ~/.cache/tradekg; later runs start offline. Needs a Java 17 or 21 JDK.

    The server asks for a password: NEO4J_PASSWORD when set, else one generated at the
    first start of the data folder and kept in DIR/tradekg-credentials, which
    `tradekg neo4j load --neo4j-data DIR` and `tradekg query cypher --neo4j-data DIR`
    read. It prints the NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD lines to export, once.
    It listens on 127.0.0.1 only unless --host says otherwise; LOAD CSV cannot read
    local files; Bolt over WebSocket and the HTTP API are off unless asked for.
    Ctrl-C (or SIGTERM) stops it cleanly.

    \b
    Examples:
      tradekg neo4j serve
      tradekg neo4j serve --port 0 --data ~/tradekg-neo4j
      tradekg neo4j load --neo4j-data ~/tradekg-neo4j    # in another terminal
    """
    import shlex
    import signal
    import time

    from graph.neo4j.credentials import check_password
    from graph.neo4j.jars import NEO4J_VERSION, ensure_neo4j_jars
    from graph.neo4j.server import Neo4jServer, check_port_free

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # `kill PID` stops as cleanly as Ctrl-C

    signal.signal(signal.SIGTERM, stop)
    given = check_password(password, "NEO4J_PASSWORD") if password else None
    check_port_free(host, port)  # before a jar fetch that may take minutes
    if http:
        check_port_free(host, http_port, "--http-port")
    server: Neo4jServer | None = None
    try:
        jars = ensure_neo4j_jars(progress=_fetch_progress())
        _echo(f"Starting Neo4j {NEO4J_VERSION} ...", err=True)
        with Neo4jServer(port=port, host=host, data_dir=data_dir, password=given, jars_dir=jars,
                         http_port=http_port if http else None, websocket=websocket) as server:
            _echo(f"Neo4j {NEO4J_VERSION} is listening at {server.uri} "
                  f"(user {server.user}, with a password).")
            if server.http_uri:
                _echo(f"HTTP API: {server.http_uri}")
            if data_dir is None:
                _echo(f"Database folder: {server.data_dir} (temporary: removed on stop, with the password; "
                      "keep both with --data DIR)")
            else:
                _echo(f"Database folder: {server.data_dir}")
            if server.credentials_path is not None:
                _echo(f"Password kept in {server.credentials_path} (readable by you only).")
            _echo("To use it from another terminal, paste:")
            _echo(f"export NEO4J_URI={server.uri}")
            _echo(f"export NEO4J_USER={server.user}")
            if given is None:  # the one time it is printed
                _echo(f"export NEO4J_PASSWORD={shlex.quote(server.password)}")
            else:
                _echo("# and NEO4J_PASSWORD: the one set for this server (not printed)")
            _echo("then: tradekg neo4j load; tradekg query cypher measures_led_by --param agency=海关总署")
            _echo("Press Ctrl-C to stop.")
            while server.returncode is None:
                time.sleep(0.5)
            log = server.keep_log()
    except KeyboardInterrupt:
        _echo("Stopped Neo4j.", err=True)
        return
    raise click.ClickException(f"Neo4j stopped unexpectedly (exit status {server.returncode}); see {log}")


@neo4j_group.command(name="export")
@click.option("--format", "-f", "fmt", required=True, metavar="cypher|admin-csv",
              help="cypher: one script for cypher-shell (constraints and MERGE statements); "
                   "admin-csv: node and relationship CSV files for `neo4j-admin database import full`.")
@click.argument("out_dir", metavar="DIR_OUT", type=click.Path(file_okay=False, path_type=Path))
@_DIR
@converts_errors
def neo4j_export(fmt: str, out_dir: Path, directory: Path) -> None:
    """Write a built graph as files Neo4j's own tools load, without a running Neo4j.

    DIR_OUT receives the files; DIR is an output directory of `tradekg build` (default:
    out). Both formats follow ontology/neo4j-mapping.toml, like `tradekg neo4j load`.

    \b
    Examples:
      tradekg neo4j export --format cypher neo4j-out/
      cypher-shell -a bolt://localhost:7687 -f neo4j-out/tradekg.cypher
      tradekg neo4j export --format admin-csv neo4j-csv/
      sh neo4j-csv/neo4j-admin-import.sh     # into a new database; server stopped
    """
    from graph.neo4j.export import export_neo4j
    from graph.neo4j.mapping import load_mapping
    from graph.neo4j.rows import read_property_graph

    mapping = load_mapping()
    written = export_neo4j(read_property_graph(directory, mapping), mapping, fmt, out_dir)
    for path in written:
        _echo(f"Wrote {path}")


def _query_cypher(words: tuple[str, ...], values: dict[str, str], fmt: str, settings: Neo4jSettings) -> None:
    """`tradekg query cypher NAME|STATEMENT|FILE.cypher`: run Cypher on Neo4j, values as $parameters."""
    import re

    from graph.neo4j.connection import connect
    from graph.neo4j.cypher import cypher_parameters, get_cypher, run_cypher

    if len(words) != 1:
        raise click.UsageError("`tradekg query cypher` takes one named query, one quoted Cypher "
                               "statement or one .cypher file (it asks Neo4j: no DIR)")
    source = words[0]
    try:
        if source.endswith(".cypher"):
            text, parameters = Path(source).read_text(encoding="utf-8"), cypher_parameters(values)
        elif re.fullmatch(r"[A-Za-z0-9_]+", source):
            named = get_cypher(source)
            text, parameters = named.text, cypher_parameters(values, named.parameters)
        else:
            text, parameters = source, cypher_parameters(values)
        with connect(settings) as driver:
            result = run_cypher(driver, text, parameters, database=settings.database)
    except OSError as error:
        raise click.ClickException(f"cannot read {source}: {error.strerror}") from error
    _echo(format_result(result, fmt), nl=False)
