"""The KB link checker against a local server that answers as real sites do; never the network."""

from __future__ import annotations

import http.server
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.catalog.diagnostics import Position
from generator.catalog.options import EXIT_UNAVAILABLE
from generator.catalog.validate import load
from generator.checks.kb_check import (
    Answer,
    KbLink,
    LinkStatus,
    Politeness,
    Unreachable,
    broken_report,
    check_kb_links,
    check_link,
    fetch,
    kb_links,
)
from generator.cli import main
from tests.conftest import SITE_FIXTURE

FAST = Politeness(delay=0.0, timeout=2.0, retries=2, max_wait=5.0)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers by path: ``/ok``, ``/gone`` (404), ``/no-head`` (405 to HEAD), ``/moved`` (301 to /ok),
    ``/busy`` (429 once), ``/always-busy`` (429), ``/slow`` (answers after 2 s)."""

    seen: Counter[str]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _route(self) -> None:
        path = self.path.split("?")[0].rstrip("/")
        self.seen[f"{self.command} {path}"] += 1
        name = path.rsplit("/", 1)[-1]
        if name == "ok":
            self._answer(200)
        elif name == "no-head":
            self._answer(405 if self.command == "HEAD" else 200)
        elif name == "moved":
            self._answer(301, {"Location": "/kb/ok"})
        elif name == "busy":
            self._answer(429, {"Retry-After": "0"}) if self.seen[
                f"{self.command} {path}"
            ] == 1 else self._answer(200)
        elif name == "always-busy":
            self._answer(429, {"Retry-After": "1"})
        elif name == "slow":
            time.sleep(2)
            self._answer(200)
        else:
            self._answer(404)

    do_HEAD = _route
    do_GET = _route


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[str, Counter[str]]]:
    seen: Counter[str] = Counter()
    handler = type("Handler", (_Handler,), {"seen": seen})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    thread.join()
    httpd.server_close()


@pytest.fixture
def server(_server: tuple[str, Counter[str]]) -> tuple[str, Counter[str]]:
    """The local server's base URL and the requests it saw during this test."""
    _server[1].clear()
    return _server


def _link(url: str, rollup: int = 1) -> KbLink:
    return KbLink(rollup, url, Position("catalog.yaml", rollup, 9))


def _check(url: str, politeness: Politeness = FAST) -> tuple[LinkStatus, list[float]]:
    waits: list[float] = []
    return check_link(_link(url), politeness, fetch, waits.append), waits


def test_a_good_link_takes_one_head_request(server: tuple[str, Counter[str]]) -> None:
    base, seen = server
    status, waits = _check(f"{base}/kb/ok")
    assert (status.ok, status.answer.status, status.method, waits) == (True, 200, "HEAD", [])
    assert seen == Counter({"HEAD /kb/ok": 1})


def test_a_missing_page_is_broken(server: tuple[str, Counter[str]]) -> None:
    base, _ = server
    status, _ = _check(f"{base}/kb/gone")
    assert not status.ok
    assert status.describe() == "404"


def test_a_server_refusing_head_is_asked_with_get(server: tuple[str, Counter[str]]) -> None:
    base, seen = server
    status, waits = _check(f"{base}/kb/no-head")
    assert (status.ok, status.method) == (True, "GET")
    assert seen == Counter({"HEAD /kb/no-head": 1, "GET /kb/no-head": 1})
    assert waits == [FAST.delay]


def test_a_redirect_is_followed_with_the_same_method(server: tuple[str, Counter[str]]) -> None:
    base, seen = server
    status, _ = _check(f"{base}/kb/moved")
    assert status.ok
    assert status.describe() == f"200, redirected to {base}/kb/ok"
    assert seen == Counter({"HEAD /kb/moved": 1, "HEAD /kb/ok": 1})


def test_rate_limited_link_is_retried_after_the_wait_it_asks_for(server: tuple[str, Counter[str]]) -> None:
    base, seen = server
    status, waits = _check(f"{base}/kb/busy", Politeness(delay=0.5, timeout=2.0))
    assert status.ok
    assert waits == [0.5]  # Retry-After: 0, but never less than the polite delay
    assert seen["HEAD /kb/busy"] == 2


def test_rate_limited_for_good_is_broken_after_the_retries(server: tuple[str, Counter[str]]) -> None:
    base, seen = server
    status, waits = _check(f"{base}/kb/always-busy")
    assert not status.ok
    assert status.answer.status == 429
    assert waits == [1.0, 1.0]
    assert seen["HEAD /kb/always-busy"] == 3


def test_a_slow_server_times_out(server: tuple[str, Counter[str]]) -> None:
    base, _ = server
    status, _ = _check(f"{base}/kb/slow", Politeness(delay=0.0, timeout=0.2))
    assert not status.ok
    assert status.answer.status is None
    assert "timed out" in status.describe()


def test_no_server_at_all_is_broken() -> None:
    with http.server.HTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]
    status, _ = _check(f"http://127.0.0.1:{port}/kb/ok")
    assert not status.ok
    assert status.describe().startswith("no answer (")
    (error,) = broken_report([status]).errors
    assert error.message.startswith("the KB link of rollup 1 is broken: ")
    assert "/kb/ok gave no answer (" in error.message  # not "answered no answer"


def test_links_are_checked_one_at_a_time_with_a_pause(server: tuple[str, Counter[str]]) -> None:
    base, _ = server
    waits: list[float] = []
    links = [_link(f"{base}/kb/ok", n) for n in (3, 2, 1)]
    statuses = list(check_kb_links(links, Politeness(delay=1.5), fetch, waits.append))
    assert [s.link.rollup for s in statuses] == [3, 2, 1]
    assert waits == [1.5, 1.5]


def _catalog_for(base: str, tmp_path: Path) -> Path:
    text = SITE_FIXTURE.read_text(encoding="utf-8")
    text = text.replace("https://support.example.org/help/5000009/update-rollup-9", f"{base}/help/5000009/ok")
    text = text.replace(
        "https://support.example.org/help/5000007/update-rollup-7", f"{base}/help/5000007/gone"
    )
    text = text.replace(
        "https://support.example.org/help/5000006/update-rollup-6", f"{base}/help/5000006/no-head"
    )
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_kb_links_are_read_with_their_catalog_lines(server: tuple[str, Counter[str]], tmp_path: Path) -> None:
    base, _ = server
    catalog = _catalog_for(base, tmp_path)
    located = load(catalog)
    assert located.catalog is not None
    links = kb_links(located.catalog, located.positions, str(catalog))
    assert [(link.rollup, link.position.line) for link in links][:3] == [(9, 40), (7, 61), (6, 66)]


def test_check_kb_links_command(
    server: tuple[str, Counter[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = server
    catalog = _catalog_for(base, tmp_path)
    args = ["check-kb-links", "--catalog", str(catalog), "--delay", "0", "--timeout", "2"]
    assert main(args) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert f"ok     rollup 9: {base}/help/5000009/ok: 200" in lines
    assert f"BROKEN rollup 7: {base}/help/5000007/gone: 404" in lines
    assert f"ok     rollup 6: {base}/help/5000006/no-head: 200" in lines
    assert (
        f"{catalog}:61:9: error: the KB link of rollup 7 is broken: {base}/help/5000007/gone answered 404"
        in lines
    )
    assert err.endswith(" KB links checked, 1 broken\n")

    assert main([*args, "--format", "github"]) == 1
    out, _ = capsys.readouterr()
    assert out.startswith(f"::error file={catalog},line=61,col=9::the KB link of rollup 7 is broken:")


class _FakeNetwork:
    """A ``fetch`` that answers each URL with a fixed status (``None``: no answer), and counts the asks."""

    def __init__(self, statuses: dict[str, int | None]) -> None:
        self.statuses = statuses
        self.asked: list[str] = []

    def __call__(self, method: str, url: str, timeout: float) -> Answer:
        self.asked.append(url)
        status = self.statuses[url]
        return Answer(status, url, error="" if status is not None else "Name or service not known")


def _run(statuses: dict[str, int | None]) -> tuple[list[LinkStatus], _FakeNetwork]:
    network = _FakeNetwork(statuses)
    links = [_link(url, len(statuses) - i) for i, url in enumerate(statuses)]
    return list(check_kb_links(links, FAST, network, lambda _: None)), network


def test_no_answer_from_the_first_links_is_an_unreachable_network_not_broken_links() -> None:
    network = _FakeNetwork({f"https://kb.example/{n}": None for n in range(6)})
    links = [_link(f"https://kb.example/{n}", n + 1) for n in range(6)]
    seen: list[LinkStatus] = []
    with pytest.raises(Unreachable) as raised:
        seen.extend(check_kb_links(links, FAST, network, lambda _: None))
    assert seen == []  # not one of them is given out as broken
    assert network.asked == [f"https://kb.example/{n}" for n in range(3)]  # then it stops asking
    assert [s.link.rollup for s in raised.value.statuses] == [1, 2, 3]
    message = str(raised.value)
    assert message.startswith("none of the first 3 KB links got an answer (https://kb.example/0: ")
    assert "the network or the vendor's site is unreachable; no link was judged broken" in message


def test_fewer_links_than_the_probe_all_without_answer_are_unreachable() -> None:
    with pytest.raises(Unreachable, match="none of the first 2 KB links"):
        _run({"https://kb.example/a": None, "https://kb.example/b": None})


def test_one_answer_among_the_first_links_makes_the_others_broken() -> None:
    statuses, network = _run(
        {"https://kb.example/a": None, "https://kb.example/b": 404, "https://kb.example/c": None}
    )
    assert [(s.link.url, s.answer.status) for s in statuses] == [
        ("https://kb.example/a", None),
        ("https://kb.example/b", 404),
        ("https://kb.example/c", None),
    ]
    assert len(broken_report(statuses).errors) == 3
    assert len(network.asked) == 3


def test_links_without_answer_after_a_good_start_are_broken_not_unreachable() -> None:
    urls: dict[str, int | None] = {"https://kb.example/ok": 200}
    urls.update({f"https://kb.example/{n}": None for n in range(5)})
    statuses, _ = _run(urls)
    assert [s.ok for s in statuses] == [True] + [False] * 5


def test_no_links_is_no_outage() -> None:
    statuses, network = _run({})
    assert (statuses, network.asked) == ([], [])


def test_check_kb_links_command_without_network_says_so_and_exits_69(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with http.server.HTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]
    catalog = _catalog_for(f"http://127.0.0.1:{port}", tmp_path)  # its first three links: no answer
    args = ["check-kb-links", "--catalog", str(catalog), "--delay", "0", "--timeout", "2"]
    for output in ("text", "github", "json"):
        assert main([*args, "--format", output]) == EXIT_UNAVAILABLE == 69
        out, err = capsys.readouterr()
        assert out == ""  # nothing listed as BROKEN, no annotation an issue would be opened for
        (line,) = err.splitlines()
        assert line.startswith("error: none of the first 3 KB links got an answer (")
        assert line.endswith("the network or the vendor's site is unreachable; no link was judged broken")
