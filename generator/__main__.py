"""``python -m generator`` and the ``rollups`` console script: the command line, Ctrl-C and bugs included.

:func:`run` is the entry point. It imports :mod:`.cli` (and with it most of
the generator: a good part of a second) inside its own handler, so that Ctrl-C
in the first moments of a command ends like Ctrl-C at any other time: one
line and exit status 130, not a traceback. Only the interpreter's own start,
before this module runs, remains out of reach.

An exception that the command line does not expect (neither the project's
error type, which bad input raises, nor an operating system error, nor
Ctrl-C) is a bug: it ends in one line that asks for a report and exit status
70 (``EX_SOFTWARE`` of BSD's ``sysexits.h``), apart from bad input (1) and a
usage or I/O problem (2). The traceback is printed only when
``$ROLLUPS_DEBUG`` is set (to anything but ``0`` or nothing): a reader gets
one sentence, a report can carry the whole story.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import traceback
from collections.abc import Mapping
from typing import NoReturn

from . import __version__

EXIT_INTERRUPTED = 130
EXIT_BUG = 70
"""An unexpected error: a bug of the tool, not of its input (``EX_SOFTWARE``)."""
DEBUG_VARIABLE = "ROLLUPS_DEBUG"
"""Set it (``ROLLUPS_DEBUG=1``) to see the traceback of an unexpected error."""


def run() -> NoReturn:
    """Run the ``rollups`` command (:func:`.cli.run`)."""
    tolerate_unencodable_output()
    try:
        from .cli import run as run_command

        run_command()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # what the command line did not expect: a bug (see the module's docstring)
        sys.exit(report_bug(exc))


def tolerate_unencodable_output() -> None:
    """A character the console's encoding lacks (a product's name, a path, on a Windows console whose
    code page is cp1252) is written escaped, ``\\u2013``, instead of ending the command."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def debugging(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether ``$ROLLUPS_DEBUG`` asks for tracebacks."""
    return environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")


def report_bug(exc: BaseException) -> int:
    """Say that ``exc`` is a bug and how to report it (with the traceback when debugging); the exit status."""
    if debugging():
        traceback.print_exception(exc, file=sys.stderr)
    hint = "" if debugging() else f"; run it again with {DEBUG_VARIABLE}=1 to see the traceback"
    from .catalog.characters import escaped  # light: the standard library's re and unicodedata only

    message = escaped(" ".join(str(exc).split())) or "no message"  # one line, whatever the exception says
    print(
        f"error: unexpected {type(exc).__name__} ({message}). This is a bug of rollups {__version__}: "
        f"please report it with the command you ran{hint}",
        file=sys.stderr,
    )
    return EXIT_BUG


if __name__ == "__main__":
    run()
