"""``python -m generator`` and the ``rollups`` console script: the command line, Ctrl-C included.

:func:`run` is the entry point. It imports :mod:`.cli` (and with it most of
the generator: a good part of a second) inside its own handler, so that Ctrl-C
in the first moments of a command ends like Ctrl-C at any other time: one
line and exit status 130, not a traceback. Only the interpreter's own start,
before this module runs, remains out of reach.
"""

from __future__ import annotations

import signal
import sys
from typing import NoReturn

EXIT_INTERRUPTED = 130


def run() -> NoReturn:
    """Run the ``rollups`` command (:func:`.cli.run`)."""
    try:
        from .cli import run as run_command
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    run_command()


if __name__ == "__main__":
    run()
