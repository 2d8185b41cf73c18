"""Command line: wires the pipeline stages together, nothing more."""

from __future__ import annotations

import importlib
import sys

from geomap.errors import EXIT_INTERRUPTED, GeomapError

from .app import app, state

# Each module registers its commands on `app` when imported.
_COMMAND_MODULES = ("gazetteer_cmd", "resolve_cmd", "extract_cmd", "route_cmd")
for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:  # a stage not written yet must not break the others
        if _exc.name != f"{__name__}.{_name}":
            raise


def main() -> None:
    """Entry point: user errors become one line and an exit code, never a traceback."""
    try:
        code = app(standalone_mode=False)
    except GeomapError as exc:
        if state["debug"]:
            raise
        print(f"geomap: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("geomap: interrupted; no output file was changed", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors and the like
        # Typer ships its own copy of click (typer._click) from 0.16 on: match the click
        # exception classes by name, whichever copy raised them.
        kinds = {cls.__name__ for cls in type(exc).__mro__}
        if "ClickException" in kinds:
            exc.show()  # type: ignore[attr-defined]
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        if "Abort" in kinds:  # click's form of Ctrl-C
            print("geomap: interrupted; no output file was changed", file=sys.stderr)
            sys.exit(EXIT_INTERRUPTED)
        if state["debug"]:
            raise
        print(
            f"geomap: internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
            file=sys.stderr,
        )
        sys.exit(70)
    if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into this exit code
        print("geomap: interrupted; no output file was changed", file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 0)
