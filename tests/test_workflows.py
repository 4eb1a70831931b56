"""The GitHub workflows keep their promises: current action majors, tests on pull requests, history kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))

NODE24_MAJORS = {
    # GitHub's runners dropped Node 20 in September 2026: the first major of each action on Node 24.
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/upload-artifact": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
    "actions/cache": 5,
}


def steps(workflow: Path) -> list[dict[str, object]]:
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_run_on_node_24(workflow: Path) -> None:
    old = []
    for step in steps(workflow):
        uses = str(step.get("uses", ""))
        match = re.fullmatch(r"(actions/[\w-]+)@v(\d+)", uses)
        if uses and match is None:
            old.append(f"{uses}: not an actions/* action on a major tag")
        elif match and int(match[2]) < NODE24_MAJORS.get(match[1], 10**6):
            old.append(f"{uses}: needs v{NODE24_MAJORS.get(match[1])} or later")
    assert old == []


def test_pull_requests_run_the_tests() -> None:
    document = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8"))
    triggers = document[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    assert any(step.get("run") == "make test" for step in steps(ROOT / ".github" / "workflows" / "test.yml"))


def test_publish_restores_history_from_the_pages_branch_not_a_cache() -> None:
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "actions/cache" not in text
    assert 'git fetch --depth 1 origin "$PAGES_BRANCH"' in text
    triggers = yaml.safe_load(text)[True]["push"]["paths"]
    for source in ("data/**", "api/**", "pyproject.toml", "requirements/**", "generator/**", "templates/**"):
        assert source in triggers


def test_kb_check_failures_are_visible_and_never_block_a_publication() -> None:
    text = (ROOT / ".github" / "workflows" / "kb-links.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert set(workflow[True]) == {"schedule", "workflow_dispatch"}, (
        "not on every push: the vendor rate-limits"
    )
    assert "continue-on-error" not in text
    assert "gh issue create" in text
    assert "rollups check-kb-links --delay 2 --format github" in text
    publish = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert "kb-links" not in publish["jobs"]


def test_kb_check_opens_an_issue_for_broken_links_only_not_for_an_outage() -> None:
    """Exit 1 (broken links) opens or comments the issue; 69 (no answer at all) only fails the run."""
    workflow = ROOT / ".github" / "workflows" / "kb-links.yml"
    by_id = {step.get("id", step.get("name")): step for step in steps(workflow)}
    check = str(by_id["check"]["run"])
    assert "set +e -o pipefail" in check  # the status is the command's, through tee, and kept
    assert 'echo "status=$status" >> "$GITHUB_OUTPUT"' in check
    assert check.rstrip().endswith('exit "$status"')  # any failure, an outage too, fails the run
    report = by_id["Report broken links as an issue"]
    assert "gh issue create" in str(report["run"])
    assert report["if"] == "failure() && steps.check.outputs.status == '1'"


def test_the_command_line_is_tried_on_windows_and_macos() -> None:
    """The build lock and the worker pool are portable: CI runs them where docs engineers work."""
    document = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8"))
    portable = document["jobs"]["portable"]
    assert portable["strategy"]["matrix"]["os"] == ["windows-latest", "macos-latest"]
    runs = [str(step.get("run", "")) for step in portable["steps"]]
    assert "python -m pip install --no-deps ." in runs  # the package as installed, not editable
    assert "rollups build --all-versions -j 2 -d versioned-site" in runs
    assert any("rollups new new-project" in run and "rollups build -d out" in run for run in runs)
