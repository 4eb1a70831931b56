"""Do the catalog's KB links still answer? A slow, polite check over the network.

The vendor's site rate-limits, so this is not part of the build or the test
suite: ``rollups check-kb-links`` runs as its own, non-blocking CI job. It
asks for one link at a time, waits ``delay`` seconds between requests, gives
each request ``timeout`` seconds, tries ``HEAD`` first and falls back to
``GET`` where a server refuses ``HEAD``, and honours ``Retry-After`` on
429/503 (up to ``max_wait`` seconds, ``retries`` times). A link is good when
its final answer, after redirects, is 2xx.

When none of the first few links gets any answer (no status at all), the
check stops and says the network or the vendor's site is unreachable
(:class:`Unreachable`): an outage is not a broken link.

The network and the clock are parameters (``fetch``, ``sleep``), so the logic
is tested against a local server with no waiting.
"""

from __future__ import annotations

import functools
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException, HTTPMessage
from typing import IO

from ..catalog.characters import escaped
from ..catalog.consistency import Where
from ..catalog.diagnostics import Position, Report
from ..catalog.model import Catalog

USER_AGENT = "rollups-check-kb-links/1 (+link checker of a service-updates site)"
REFUSES_HEAD = frozenset({403, 405, 501})
"""Statuses after which the same URL is asked again with ``GET``: some servers refuse ``HEAD``."""
RETRY_LATER = frozenset({429, 503})


@dataclass(frozen=True)
class KbLink:
    """The KB link of one rollup, and where the catalog gives it."""

    rollup: int
    url: str
    position: Position


@dataclass(frozen=True)
class Answer:
    """What a server said: a status (``None`` when no answer came) and where the URL led."""

    status: int | None
    url: str
    error: str = ""
    retry_after: float | None = None


@dataclass(frozen=True)
class LinkStatus:
    """The outcome for one link: the last answer and how it was asked."""

    link: KbLink
    answer: Answer
    method: str

    @property
    def ok(self) -> bool:
        return self.answer.status is not None and 200 <= self.answer.status < 300

    def describe(self) -> str:
        """``200 OK`` / ``404`` / ``timed out``, with the redirect target when there was one (what the
        server said :func:`~.characters.escaped`)."""
        what = str(self.answer.status) if self.answer.status is not None else "no answer"
        if self.answer.error:
            what = f"{what} ({escaped(self.answer.error)})"
        if self.answer.url != self.link.url:
            what += f", redirected to {escaped(self.answer.url)}"
        return what


Fetch = Callable[[str, str, float], Answer]
"""``fetch(method, url, timeout)``: one request, redirects followed."""


def kb_links(catalog: Catalog, positions: Mapping[Where, Position], path: str) -> list[KbLink]:
    """Every rollup's KB link, newest rollup first, with its place in the catalog file."""
    links = []
    for index, rollup in enumerate(catalog.rollups):
        if rollup.kb is not None:
            where = positions.get(("rollups", index, "kb"), Position(path))
            links.append(KbLink(rollup.number, rollup.kb, where))
    return links


def _retry_after(headers: Message | None) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: the caller waits its own maximum


@functools.cache
def _opener() -> urllib.request.OpenerDirector:
    """An opener that follows a redirect with the same method (urllib turns a ``HEAD`` into a ``GET``)."""

    class KeepMethod(urllib.request.HTTPRedirectHandler):
        def redirect_request(
            self,
            req: urllib.request.Request,
            fp: IO[bytes],
            code: int,
            msg: str,
            headers: HTTPMessage,
            newurl: str,
        ) -> urllib.request.Request | None:
            new = super().redirect_request(req, fp, code, msg, headers, newurl)
            if new is not None:
                new.method = req.get_method()
            return new

    return urllib.request.build_opener(KeepMethod)


def fetch(method: str, url: str, timeout: float) -> Answer:
    """One request with the standard library; redirects are followed, no body is read."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _opener().open(request, timeout=timeout) as response:
            return Answer(response.status, response.geturl())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.geturl() or url, retry_after=_retry_after(exc.headers))
    except urllib.error.URLError as exc:
        return Answer(None, url, error=str(exc.reason))
    except (TimeoutError, OSError, HTTPException) as exc:
        return Answer(None, url, error=str(exc) or type(exc).__name__)


@dataclass(frozen=True)
class Politeness:
    """How gently to ask: the pause between requests, the time limit, and waiting on 429/503."""

    delay: float = 1.0
    timeout: float = 15.0
    retries: int = 2
    max_wait: float = 60.0


def check_link(
    link: KbLink,
    politeness: Politeness,
    fetch: Fetch = fetch,
    sleep: Callable[[float], None] = time.sleep,
) -> LinkStatus:
    """Ask about one link: ``HEAD``, then ``GET`` if refused, waiting and retrying when told to."""
    method = "HEAD"
    answer = fetch(method, link.url, politeness.timeout)
    if answer.status in REFUSES_HEAD:
        sleep(politeness.delay)
        method = "GET"
        answer = fetch(method, link.url, politeness.timeout)
    for _ in range(politeness.retries):
        if answer.status not in RETRY_LATER:
            break
        wait = answer.retry_after if answer.retry_after is not None else politeness.max_wait
        sleep(min(max(wait, politeness.delay), politeness.max_wait))
        answer = fetch(method, link.url, politeness.timeout)
    return LinkStatus(link, answer, method)


UNREACHABLE_PROBE = 3
"""How many links, from the first, get no answer at all before the check gives up: nothing answers."""


class Unreachable(Exception):
    """No server answered the first links at all: the network (or the vendor's site) is down.

    Nothing was judged: a link that got no answer because nothing could be
    reached is not a broken link.
    """

    def __init__(self, statuses: list[LinkStatus]) -> None:
        self.statuses = statuses
        first = statuses[0].answer
        super().__init__(
            f"none of the first {len(statuses)} KB links got an answer ({first.url}: "
            f"{first.error or 'no answer'}): the network or the vendor's site is unreachable; "
            "no link was judged broken"
        )


def check_kb_links(
    links: list[KbLink],
    politeness: Politeness,
    fetch: Fetch = fetch,
    sleep: Callable[[float], None] = time.sleep,
    probe: int = UNREACHABLE_PROBE,
) -> Iterator[LinkStatus]:
    """Check the links one after another, ``politeness.delay`` seconds apart.

    The first ``probe`` links (all of them, when fewer) are held back until
    one of them gets an answer, any status: if none does, :class:`Unreachable`
    is raised instead, and the rest is not asked.
    """
    held: list[LinkStatus] | None = []
    probe = min(probe, len(links))
    for index, link in enumerate(links):
        if index:
            sleep(politeness.delay)
        status = check_link(link, politeness, fetch, sleep)
        if held is None:
            yield status
            continue
        held.append(status)
        if status.answer.status is not None:
            yield from held
            held = None
        elif len(held) >= probe:
            raise Unreachable(held)


def broken_report(statuses: list[LinkStatus]) -> Report:
    """An error at the catalog line of every link that did not answer 2xx."""
    report = Report()
    for status in statuses:
        if not status.ok:
            # "answered 404", but "gave no answer (timed out)": no server answered at all.
            verb = "answered" if status.answer.status is not None else "gave"
            report.error(
                status.link.position,
                f"the KB link of rollup {status.link.rollup} is broken: {status.link.url} "
                f"{verb} {status.describe()}",
            )
    return report
