"""The typer application object that every command module registers on."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="geomap",
    help=(
        "Offline geoparser and route mapper for news articles.\n\n"
        "Exit codes: 0 ok; 1 nothing found (unknown place); 2 bad command line; "
        "3 bad input; 4 output not writable; 5 gazetteer or spaCy model missing/corrupt; "
        "130 interrupted."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build and inspect the offline gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

state = {"debug": False}


# Commands that read the default gazetteer index: the CLI builds it first when needed.
_READS_INDEX = {"resolve", "extract", "eval", "route", "eval-routes"}


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show Python tracebacks on errors."),
) -> None:
    state["debug"] = debug
    if ctx.invoked_subcommand in _READS_INDEX and "--help" not in sys.argv[1:]:
        from geomap.gazetteer.build_index import ensure_default_index

        ensure_default_index()
