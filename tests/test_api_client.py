"""The published JSON API read as an outside client reads it: the files of a built site, nothing else.

The client starts from ``api/v1/policy.json`` of a snapshot, reads
``upgrade/<version>.json`` for every version it lists, and for every scenario
follows each path part after part (``continues.document`` resolved against the
URL of the document that names it, as a browser resolves a relative link),
then compares what it read with what ``rollups path <version> --scenario <id>
--as-of <number> --last-reboot <R> --json`` prints (run in-process). Where a
document says one answer holds for every scenario, ``rollups path`` without
``--scenario`` must give it too. Every published document validates against
the OpenAPI file.

The sites are built as a user builds them: the shipped history with
``--all-versions`` (the session's ``versioned_site``), the bench's synthetic
catalog of 300 rollups, and a small catalog made of edge cases (a scenario with
nothing released yet, a major change, withdrawn rollups, answers merged for
several scenarios in one document whose rest differs).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse
from urllib.request import url2pathname

import pytest
import yaml

from bench.synthetic import write_catalog
from generator import cli
from generator.catalog.model import Catalog
from generator.catalog.validate import load_or_raise
from generator.outputs import commands
from generator.pages.line_answers import SHOWN_HOPS
from tests.test_api import validator

from .conftest import ROOT, SHIPPED_CATALOG

Document = dict[str, Any]
CLI_CHECKS_PER_SNAPSHOT = 25
"""How many (version, scenario, last reboot) a snapshot of the shipped history is sampled for, beyond
the snapshots checked whole: every question of every snapshot (4,200 runs of ``rollups path``) takes 20 s."""
CHECKED_WHOLE = {"ur-76", "ur-71", "ur-62", "ur-27"}
"""Snapshots of the shipped history checked for every version, scenario and last reboot: the newest,
lines that differ, the first with differing lines, the oldest."""


# --- the client --------------------------------------------------------------


@dataclass
class Client:
    """Reads a snapshot's API over the file system, by URL, each document once."""

    snapshot: Path
    documents: dict[str, Document] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.snapshot.resolve().as_uri() + "/api/v1/"

    def get(self, url: str) -> Document:
        if url not in self.documents:
            path = Path(url2pathname(urlparse(url).path))
            assert path.is_file(), f"{url} is named but not published"
            self.documents[url] = json.loads(path.read_bytes())
        return self.documents[url]

    def policy(self) -> Document:
        return self.get(urljoin(self.base, "policy.json"))

    def upgrade_url(self, version: str) -> str:
        return urljoin(self.base, f"upgrade/{version}.json")

    def follow(self, url: str, first: Document, scenario: str) -> Document:
        """The whole path read part after part: ``hops``, ``reboots_before`` and ``steps`` joined."""
        whole: Document = {"hops": [], "reboots_before": [], "steps": []}
        part, parts = first, 0
        while True:
            assert len(part["hops"]) <= SHOWN_HOPS, url
            for key in whole:
                whole[key] += part[key]
            if part["complete"]:
                assert part["continues"] is None and not part["text"].endswith(" -> ..."), url
                return whole
            goes_on = part["continues"]
            assert part["hops"] and goes_on["from"] == part["hops"][-1], url
            url = urljoin(url, goes_on["document"])
            document = self.get(url)
            assert document["version"] == goes_on["from"], url
            part = entry(answer_for(document, scenario), goes_on["entry"], goes_on["from"])
            assert (part["from"], part["to"]) == (goes_on["from"], first["to"]), url
            assert part["last_reboot"] == goes_on["entry"] or goes_on["entry"] != goes_on["last_reboot"], url
            parts += 1
            assert parts < 1000, f"{url}: the parts go round in a circle"


def answer_for(document: Document, scenario: str) -> Document:
    """The one entry of ``answers`` whose scenarios hold ``scenario``."""
    found = [a for a in document["answers"] if scenario in a["scenarios"]]
    assert len(found) == 1, f"{document['version']}: {len(found)} answers for {scenario}"
    return found[0]


def entry(answer: Document, last_reboot: str, version: str) -> Document:
    """The path of ``answer`` for a last reboot on ``last_reboot``: its ``path`` for the version itself."""
    if last_reboot == version:
        path: Document = answer["path"]
        assert path is not None, f"{version}: continued at a version without a path"
        return path
    found = [c["path"] for c in answer["continuations"] if c["last_reboot"] == last_reboot]
    assert len(found) == 1, f"{version}: {len(found)} continuations for a last reboot on {last_reboot}"
    return found[0]


# --- the command line --------------------------------------------------------

_CATALOGS: dict[tuple[Path, object], Catalog] = {}


@pytest.fixture(autouse=True)
def _catalog_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``rollups path`` reads its catalog once per test module, not once per run (the rest of the
    command runs as it does for a user)."""

    def load(args: Any) -> Catalog:
        key = (Path(args.catalog).resolve(), args.today)
        if key not in _CATALOGS:
            _CATALOGS[key] = load_or_raise(args.catalog, today=args.today)
        return _CATALOGS[key]

    monkeypatch.setattr(commands, "load_catalog", load)


def rollups_path(
    catalog: Path, as_of: int, version: str, last_reboot: str, scenario: str | None
) -> tuple[int, Any]:
    """The exit status and the JSON ``rollups path --json`` prints (``None`` when it prints none)."""
    argv = ["path", version, "--as-of", str(as_of), "--last-reboot", last_reboot, "--json"]
    argv += ["--catalog", str(catalog), *(["--scenario", scenario] if scenario else [])]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(argv)
    return status, json.loads(out.getvalue()) if out.getvalue() else None


# --- the checks --------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One question a client asks: a version's path for a scenario, last rebooted on ``last_reboot``."""

    version: str
    scenario: str
    last_reboot: str


def questions(client: Client) -> Iterator[Ask]:
    """Every path a snapshot's documents give: every version, every scenario, every entry."""
    policy = client.policy()
    for version in policy["upgrade_versions"]:
        document = client.get(client.upgrade_url(version))
        for scenario in (s["id"] for s in policy["scenarios"]):
            answer = answer_for(document, scenario)
            yield Ask(version, scenario, version)
            for continuation in answer["continuations"]:
                yield Ask(version, scenario, continuation["last_reboot"])


def check(client: Client, catalog: Path, ask: Ask) -> None:
    """What the client reads for ``ask`` is what ``rollups path --scenario`` prints."""
    as_of = client.policy()["as_of"]
    where = f"ur-{as_of} {ask}"
    url = client.upgrade_url(ask.version)
    answer = answer_for(client.get(url), ask.scenario)
    status, printed = rollups_path(catalog, as_of, ask.version, ask.last_reboot, ask.scenario)
    if answer["path"] is None:
        assert ask.last_reboot == ask.version and not answer["continuations"], where
        assert status == 1, where
        assert printed["error"] == answer["reason"], where
        return
    first = entry(answer, ask.last_reboot, ask.version)
    assert status == 0, where
    read = client.follow(url, first, ask.scenario)
    assert read == {key: printed[key] for key in read}, where
    for key in ("from", "last_reboot", "to", "as_of"):
        assert first[key] == printed[key], where
    assert (first["total_hops"], first["total_reboots"]) == (
        len(printed["hops"]),
        len(printed["reboots_before"]),
    ), where


def check_for_all(client: Client, catalog: Path, version: str) -> None:
    """A document whose one answer holds for every scenario: so does ``rollups path`` without
    ``--scenario`` (it exits 2 where the answer depends on the scenario), from every entry."""
    document = client.get(client.upgrade_url(version))
    if not document["for_all_scenarios"]:
        return
    [answer] = document["answers"]
    assert set(answer["scenarios"]) == {s["id"] for s in client.policy()["scenarios"]}
    for last_reboot in [version, *(c["last_reboot"] for c in answer["continuations"])]:
        status, _ = rollups_path(catalog, document["as_of"], version, last_reboot, None)
        assert status != 2, (
            f"ur-{document['as_of']} {version}.json: for all scenarios, last reboot {last_reboot}"
        )


def check_snapshot(client: Client, catalog: Path, sample: int | None = None) -> int:
    """Check every question of the snapshot (or ``sample`` of them, the same ones every run, and the
    claims of one answer for every scenario of the versions they ask about); return how many."""
    asked = list(questions(client))
    if sample is not None and sample < len(asked):
        asked = random.Random(client.snapshot.name).sample(asked, sample)
    for ask in asked:
        check(client, catalog, ask)
    for version in sorted({ask.version for ask in asked}, key=lambda v: tuple(map(int, v.split(".")))):
        check_for_all(client, catalog, version)
    return len(asked)


def validate_published(snapshot: Path) -> int:
    """Validate every JSON document of the snapshot's ``api/v1`` against its OpenAPI schema."""
    schemas = {"rollups.json": "RollupsDocument", "policy.json": "PolicyDocument"}
    validators = {name: validator(name) for name in ("RollupsDocument", "PolicyDocument", "UpgradeDocument")}
    count = 0
    for path in sorted((snapshot / "api" / "v1").rglob("*.json")):
        validators[schemas.get(path.name, "UpgradeDocument")].validate(json.loads(path.read_bytes()))
        count += 1
    return count


def snapshot_folders(site: Path) -> list[Path]:
    """The snapshots ``versions.json`` lists, newest first."""
    versions = json.loads((site / "versions.json").read_bytes())
    return [site / v["version"] for v in versions]


# --- the sites ---------------------------------------------------------------


def build(catalog: Path, site: Path, *options: str) -> Path:
    argv = ["build", "-f", str(ROOT / "mkdocs.yml"), "--catalog", str(catalog), "-d", str(site), *options]
    assert cli.main(argv) == 0
    return site


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bench's synthetic catalog of 300 rollups (paths of up to 57 hops) and its site."""
    folder = tmp_path_factory.mktemp("synthetic")
    catalog = write_catalog(300, folder / "rollups.yaml")
    return catalog, build(catalog, folder / "site")


def edge_catalog() -> dict[str, Any]:
    """Hops of at most 2 versions, a reboot beyond 2: paths of 16 hops on a short catalog.

    - 7.0 to 7.4 reach ``alpha`` and ``gamma`` only: ``beta`` has nothing released as of rollup 3;
    - 7.6 is withdrawn (rollup 4), then shipped again (rollup 5);
    - 8.0 to 8.30 reach every scenario (a major change: no path from 7.x), 8.12 withdrawn;
    - 8.31 reaches ``alpha`` and ``gamma`` with one rollup, ``beta`` with the next, and 8.33 every
      scenario: from far below, the first 8 upgrades are the same on both lines and the rest is not
      (the rollups to install for 8.31).
    """
    everyone = ("alpha", "beta", "gamma")
    releases: list[tuple[str, tuple[str, ...], bool]] = [
        *((f"7.{minor}", ("alpha", "gamma"), False) for minor in (0, 2, 4)),
        ("7.6", everyone, True),
        ("7.6", everyone, False),
        *((f"8.{minor}", everyone, minor == 12) for minor in range(31)),
        ("8.31", ("alpha", "gamma"), False),
        ("8.31", ("beta",), False),
        ("8.33", everyone, False),
    ]
    rollups: list[dict[str, Any]] = []
    for number, (version, scenarios, withdrawn) in enumerate(releases, start=1):
        build_number = f"{version}.{number}.0"
        shipped: object = build_number if scenarios == everyone else dict.fromkeys(scenarios, build_number)
        rollup: dict[str, Any] = {
            "number": number,
            "released": dt.date(2020, 1, 1) + dt.timedelta(days=7 * number),
            "versions": {"agent": shipped},
        }
        if withdrawn:
            rollup["withdrawn"] = "Downloads were taken down for *data corruption*."
        rollups.append(rollup)
    return {
        "product": {"name": "Edge Product", "agent_name": "Edge agent"},
        "policy": {"track": "agent", "max_upgrade_gap": 2, "reboot_gap": 2, "support_window": 3},
        "components": [{"id": "agent", "name": "Agent"}],
        "rollups": rollups[::-1],
        "scenarios": [
            {"id": s, "title": s.title(), "components": ["agent"], "steps": ["Update the agent."]}
            for s in everyone
        ],
    }


EDGE_SNAPSHOTS = (3, 5, 39)
"""Nothing released for ``beta``; one major only; the newest, with lines that differ at the top."""


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, Path]]:
    folder = tmp_path_factory.mktemp("edge")
    catalog = folder / "rollups.yaml"
    catalog.write_text(yaml.safe_dump(edge_catalog(), sort_keys=False), encoding="utf-8")
    sites = {n: build(catalog, folder / f"ur-{n}", "--as-of", str(n)) for n in EDGE_SNAPSHOTS}
    return catalog, sites


# --- the tests ---------------------------------------------------------------


def test_the_shipped_history_read_from_its_files_is_what_rollups_path_prints(versioned_site: Path) -> None:
    """Every snapshot of ``--all-versions``: four of them whole, a sample of every other one."""
    checked = 0
    for folder in snapshot_folders(versioned_site):
        sample = None if folder.name in CHECKED_WHOLE else CLI_CHECKS_PER_SNAPSHOT
        checked += check_snapshot(Client(folder), SHIPPED_CATALOG, sample)
    assert checked > 1500


def test_the_published_documents_of_the_shipped_history_validate(versioned_site: Path) -> None:
    """Every document of the snapshots checked whole and of every third other one (all of them take
    9 s; ``test_api`` validates what every snapshot's documents are made of)."""
    folders = snapshot_folders(versioned_site)
    chosen = [f for i, f in enumerate(folders) if f.name in CHECKED_WHOLE or i % 3 == 0]
    assert sum(validate_published(folder) for folder in chosen) > 500


def test_a_synthetic_catalog_of_300_rollups_read_from_its_files(synthetic_site: tuple[Path, Path]) -> None:
    """Paths of up to 57 hops, read in up to 8 parts; one snapshot, sampled."""
    catalog, site = synthetic_site
    client = Client(site)
    assert check_snapshot(client, catalog, sample=60) == 60
    assert validate_published(site) == len(client.policy()["upgrade_versions"]) + 2
    longest = max(
        client.get(client.upgrade_url(v))["path"]["total_hops"] for v in client.policy()["upgrade_versions"]
    )
    assert longest > 5 * SHOWN_HOPS


def test_the_edge_cases_read_from_their_files(edge_site: tuple[Path, dict[int, Path]]) -> None:
    """Every question of every snapshot of the edge catalog, and every document valid."""
    catalog, sites = edge_site
    for as_of, site in sites.items():
        client = Client(site)
        assert client.policy()["as_of"] == as_of
        assert check_snapshot(client, catalog) > 0
        validate_published(site)


def test_the_edge_cases_are_there(edge_site: tuple[Path, dict[int, Path]]) -> None:
    """The edge catalog holds what it is for (a change of it cannot make the test above vacuous)."""
    _, sites = edge_site
    early, newest = Client(sites[3]), Client(sites[39])
    nothing = answer_for(early.get(early.upgrade_url("7.0")), "beta")
    assert nothing["latest"] is None and nothing["path"] is None
    other_major = answer_for(newest.get(newest.upgrade_url("7.6")), "alpha")
    assert other_major["path"] is None and "major" in other_major["reason"]
    assert "8.12" not in newest.get(newest.upgrade_url("8.0"))["answers"][0]["path"]["hops"]
    reads = {
        s: newest.follow(newest.upgrade_url("8.0"), _first(newest, "8.0", s), s) for s in ("alpha", "beta")
    }
    assert reads["alpha"]["steps"][:SHOWN_HOPS] == reads["beta"]["steps"][:SHOWN_HOPS]
    assert reads["alpha"]["hops"] == reads["beta"]["hops"]
    assert reads["alpha"]["steps"] != reads["beta"]["steps"]


def _first(client: Client, version: str, scenario: str) -> Document:
    path: Document = answer_for(client.get(client.upgrade_url(version)), scenario)["path"]
    return path


def test_one_answer_for_every_scenario_is_the_whole_path_for_every_scenario(
    edge_site: tuple[Path, dict[int, Path]],
) -> None:
    """8.0's first 8 upgrades are the same for every scenario and its rest is not: the document may not
    say that one answer holds for every scenario (``rollups path 8.0`` without ``--scenario`` refuses),
    and its fields of schema 1 are ``null``."""
    _, sites = edge_site
    client = Client(sites[39])
    document = client.get(client.upgrade_url("8.0"))
    assert document["for_all_scenarios"] is False
    assert document["path"] is None
    groups = sorted(sorted(a["scenarios"]) for a in document["answers"])
    assert groups == [["alpha", "gamma"], ["beta"]]


def test_two_builds_publish_the_same_api_bytes(
    edge_site: tuple[Path, dict[int, Path]], tmp_path: Path
) -> None:
    catalog, sites = edge_site
    again = build(catalog, tmp_path / "again", "--as-of", "39")

    def api(site: Path) -> dict[str, bytes]:
        files = sorted(p for p in (site / "api").rglob("*") if p.is_file())
        return {str(p.relative_to(site)): p.read_bytes() for p in files}

    assert api(again) == api(sites[39])
