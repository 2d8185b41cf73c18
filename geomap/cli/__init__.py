"""Command line: wires the pipeline stages together, nothing more."""

from __future__ import annotations

import sys

from geomap.errors import EXIT_INTERRUPTED, GeomapError

from .app import app, state

# Each module registers its commands on `app` when imported.
from . import gazetteer_cmd, resolve_cmd  # noqa: E402,F401,I001

try:  # stages that may not exist yet in a partial checkout must not break the rest
    from . import extract_cmd  # noqa: F401
except ImportError:  # pragma: no cover
    pass
try:
    from . import route_cmd  # noqa: F401
except ImportError:  # pragma: no cover
    pass


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
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(EXIT_INTERRUPTED)
        if state["debug"]:
            raise
        print(f"geomap: internal error: {type(exc).__name__}: {exc} (rerun with --debug)", file=sys.stderr)
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
