"""One rollup, one build number, two major.minor versions: a slip the validator warns about."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog.diagnostics import format_text
from generator.catalog.validate import load, read_catalog
from generator.catalog.yamlsource import Source

ROOT = Path(__file__).resolve().parent.parent
HEAD = """\
product: {name: Contoso, agent_name: Mobility agent}
policy: {track: mobility_agent}
components:
  - {id: unified_setup, name: Unified Setup}
  - {id: mobility_agent, name: Mobility agent}
  - {id: provider, name: Provider}
scenarios:
  - {id: vmware-to-azure, title: VMware to Azure, steps: [Update.]}
rollups:
  - number: 80
    versions:
"""


def diagnostics(versions: str) -> list[str]:
    located = read_catalog(Source("c.yaml", HEAD + versions))
    return [line for line in format_text(located.report).splitlines() if not line.startswith("0 errors")]


def test_the_same_build_under_another_minor_is_reported_at_the_lower_one() -> None:
    lines = diagnostics("      unified_setup: 9.66.7567.1\n      mobility_agent: 9.65.7567.1\n")
    assert lines == [
        "c.yaml:13:23: warning: rollup 80: Mobility agent 9.65.7567.1 and Unified Setup 9.66.7567.1 carry "
        "the same build number 7567 under different major.minor versions (9.65 and 9.66); one build has "
        "one version, so one of the two is likely mistyped: check them against the KB article"
    ]


def test_a_per_scenario_version_is_named_with_its_scenario() -> None:
    lines = diagnostics(
        "      unified_setup:\n        vmware-to-azure: 9.64.7540.1\n      mobility_agent: 9.65.7540.1\n"
    )
    assert lines == [
        "c.yaml:13:26: warning: rollup 80: Unified Setup (vmware-to-azure) 9.64.7540.1 and Mobility agent "
        "9.65.7540.1 carry the same build number 7540 under different major.minor versions (9.64 and 9.65); "
        "one build has one version, so one of the two is likely mistyped: check them against the KB article"
    ]


@pytest.mark.parametrize(
    "versions",
    [
        # one build of one major.minor, as components built together ship it
        "      unified_setup: 9.21.5091.1\n      mobility_agent: 9.21.5091.1\n",
        # two builds of one major.minor (the real rollup 70: Unified Setup 9.57.6920.1, Mobility 9.57.6911.1)
        "      unified_setup: 9.57.6920.1\n      mobility_agent: 9.57.6911.1\n",
        # one build number in two version schemes (Provider 5.x beside the agent's 9.x) meets by chance
        "      provider: 5.1.7567.0\n      mobility_agent: 9.65.7567.1\n",
        # versions without a build number
        "      unified_setup: '9.66'\n      mobility_agent: '9.65'\n",
    ],
)
def test_what_is_not_this_slip(versions: str) -> None:
    assert diagnostics(versions) == []


def test_the_real_history_gets_no_such_warning() -> None:
    """Rollups 19-76 as published: the only finding is the rollup 24 the history does not have."""
    candidates = [base / "shared" / "data" / "asr-history-19-76.yaml" for base in ROOT.parents[:2]]
    history = next((path for path in candidates if path.exists()), None)
    if history is None:
        pytest.skip("the shared history is not beside this checkout")
    located = load(history, "history.yaml")
    assert [d.message for d in located.report.diagnostics] == [
        "no rollup 24 between rollups 25 and 23; if it exists, add it (even with no versions) so the "
        "numbering has no gap"
    ]
