"""Run the `geomap` command in the test process.

typer's CliRunner (click's) captures the output streams and sets the environment;
``geomap.cli.main`` is called rather than the typer app, because it is main() that turns
errors into one line and the documented exit code. Tests that need a real process (a
signal, the interpreter's own traceback) still start one.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from typer.testing import CliRunner

from geomap.cli import main


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_geomap(*args: str, env: dict[str, str] | None = None) -> CliResult:
    with CliRunner().isolation(env=env) as (stdout, stderr, _mixed):
        saved_argv = sys.argv
        sys.argv = ["geomap", *args]
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        finally:
            sys.argv = saved_argv
        sys.stdout.flush()
        sys.stderr.flush()
        return CliResult(code, stdout.getvalue().decode(), stderr.getvalue().decode())
