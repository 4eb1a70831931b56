"""What the browser tests share: Debian's Chromium, a local server, the page types, a watched page.

Chromium is Debian's (``scripts/install-browser`` installs it; Playwright
never downloads a browser). The site is served by a thread of the standard
library's HTTP server on 127.0.0.1, on a free port.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

PAGE_TYPES: dict[str, str] = {
    "overview": "",
    "supported-rollups": "supported-rollups/",
    "reboot-matrix": "reboot-matrix/",
    "upgrade-index": "upgrade/",
    "upgrade": "upgrade/9.16/",
    "rollups-index": "rollups/",
    "rollup": "rollups/32/",
    "scenarios-index": "scenarios/",
    "scenario": "scenarios/vmware-to-azure/",
    "planner": "planner/?from=9.16",
    "feeds": "feeds/",
}
"""One page of every type, by the URL inside a snapshot (the planner with an answer on it)."""


def require(path: Path, how: str) -> pytest.MarkDecorator:
    """Skip when a tool is missing on a developer's machine; in CI (``CI`` set) a missing tool fails."""
    missing = not path.exists()
    if missing and os.environ.get("CI"):
        raise RuntimeError(f"{path} is missing in CI: {how}")
    return pytest.mark.skipif(missing, reason=f"{path} is missing: {how}")


needs_chromium = require(CHROMIUM, "run scripts/install-browser")
needs_axe = require(AXE, "run scripts/install-browser (npm ci installs axe-core)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The standard library's file handler, without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(
    directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yield the base URL with ``/``."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@dataclass
class Watch:
    """Everything a page did that a clean page does not: console errors, script errors, bad requests."""

    origin: str
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        page.on("response", self._response)
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)
        if not request.url.startswith(self.origin):
            self.problems.append(f"request to another host: {request.url}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under ``artifacts/screenshots/`` (kept by CI as an artefact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def clear_screenshots() -> None:
    """Start a session with no screenshot of an earlier run."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
