"""How far a build of many snapshots has got: a bar on a terminal, plain lines elsewhere (CI logs)."""

from __future__ import annotations

import sys
from typing import TextIO

BAR_WIDTH = 30


class Progress:
    """Reports snapshots done and left.

    On a terminal one line is redrawn in place (``\\r``) as a bar; anywhere
    else (a CI log, a pipe) every event is a line of its own, such as
    ``built ur-30 (3/6)``.
    """

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total = 0
        self.done = 0

    def say(self, message: str) -> None:
        """A message of its own line (the bar, if any, is redrawn below it)."""
        if self.tty and self.total:
            self.stream.write("\r\033[K")
        print(message, file=self.stream, flush=True)
        if self.tty and self.total:
            self._draw("")

    def start(self, total: int) -> None:
        """``total`` snapshots are about to be built."""
        self.total, self.done = total, 0
        if self.tty and total:
            self._draw("")

    def advance(self, name: str) -> None:
        """The snapshot ``name`` is built."""
        self.done += 1
        if self.tty:
            self._draw(f"built {name}")
            if self.done == self.total:
                self.stream.write("\n")
                self.stream.flush()
        else:
            print(f"built {name} ({self.done}/{self.total})", file=self.stream, flush=True)

    def _draw(self, last: str) -> None:
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r\033[K[{bar}] {self.done}/{self.total} snapshots {last}".rstrip())
        self.stream.flush()
