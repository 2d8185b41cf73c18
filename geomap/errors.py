"""Errors a user can act on, each with the exit code the CLI documents."""

from __future__ import annotations

# Exit codes (documented in README and `geomap --help`).
EXIT_OK = 0
EXIT_NOT_FOUND = 1  # an unknown place name, or nothing found
EXIT_USAGE = 2  # bad command line (typer/click's own code)
EXIT_INPUT = 3  # unreadable, empty, binary or malformed input
EXIT_OUTPUT = 4  # output could not be written
EXIT_DATA = 5  # gazetteer index or spaCy model missing or corrupt
EXIT_INTERRUPTED = 130


class GeomapError(Exception):
    """An error with a one-line message meant for the user."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(GeomapError):
    exit_code = EXIT_INPUT


class OutputError(GeomapError):
    exit_code = EXIT_OUTPUT


class DataError(GeomapError):
    exit_code = EXIT_DATA


class NotFoundError(GeomapError):
    exit_code = EXIT_NOT_FOUND
