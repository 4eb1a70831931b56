"""Every page of the built site is valid HTML5, by the Nu HTML Checker (vnu).

vnu.jar comes from npm (``vnu-jar``, pinned in package-lock.json) and runs on
the machine's Java. A JVM starts slowly, so every page goes through one run,
together with a canary page whose errors prove the checker ran.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser import require
from tests.conftest import ROOT, BuiltSite

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = Path(shutil.which("java") or "/usr/bin/java")

pytestmark = [
    require(VNU, "run scripts/install-browser (npm ci installs vnu-jar)"),
    require(JAVA, "install a Java runtime (apt-get install default-jre-headless)"),
]

CANARY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>canary</title></head>
<body><p>unclosed <div>block in a paragraph</p></div><table><tr><td>no body</td></table></body></html>
"""


@dataclass(frozen=True)
class Ignored:
    """A message that stems from Material's own markup, which no override of ours can change."""

    message: str
    extract: str
    why: str


MATERIAL_MARKUP = (
    Ignored(
        message=r"^Attribute “autocomplete” is only allowed when the input type is",
        # <input class="md-toggle" type="checkbox" id="__drawer|__search" autocomplete="off">: Material's
        # base.html sets it on purpose (Firefox would otherwise restore the drawer and search toggles
        # open after a reload). The inputs sit outside every Jinja block of base.html; changing them
        # means forking the whole page skeleton.
        extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
        why="Material's base.html: autocomplete=off on its drawer and search toggles",
    ),
)


@dataclass(frozen=True)
class Message:
    page: str
    line: int
    type: str
    text: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.type}: {self.text}"


def _ignored(message: Message) -> bool:
    return any(
        re.search(rule.message, message.text) and re.search(rule.extract, message.extract)
        for rule in MATERIAL_MARKUP
    )


def run_vnu(files: list[Path], root: Path) -> Iterator[Message]:
    """One vnu run over ``files``; every error and warning, page paths relative to ``root``."""
    command = ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    report = json.loads(completed.stdout)
    for item in report["messages"]:
        if item["type"] == "info" and item.get("subType") != "warning":
            continue
        path = Path(unquote(urlsplit(item.get("url", "")).path))
        page = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        kind = item.get("subType") or item["type"]
        yield Message(page, item.get("lastLine", 0), kind, item["message"], item.get("extract", ""))


@pytest.fixture(scope="module")
def messages(built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    pages = sorted(built_site.root.rglob("*.html"))
    assert len(pages) >= 33
    return list(run_vnu([*pages, canary], built_site.root))


def test_every_page_is_valid_html5(messages: list[Message]) -> None:
    found = [m for m in messages if not m.page.endswith("canary.html") and not _ignored(m)]
    assert found == [], "\n".join(map(str, found))


def test_the_checker_ran_on_the_canary(messages: list[Message]) -> None:
    canary = [m.text for m in messages if m.page.endswith("canary.html")]
    assert any("No “p” element in scope but a “p” end tag seen" in text for text in canary), canary


def test_every_ignored_message_is_still_needed(messages: list[Message]) -> None:
    """A filter that no longer matches anything (Material fixed its markup) is removed."""
    for rule in MATERIAL_MARKUP:
        assert any(_ignored(m) and re.search(rule.message, m.text) for m in messages), rule.why
