"""What a Markdown field may hold, and where the validator says it does not."""

from __future__ import annotations

import pytest
import yaml

from generator.catalog.markdown_fields import is_web_link, markdown_problems
from generator.catalog.validate import read_catalog
from generator.catalog.yamlsource import Source, position_within
from tests.conftest import SITE_FIXTURE


@pytest.mark.parametrize(
    "url",
    ["https://support.microsoft.com/help/4485985", "http://example.org", "HTTPS://example.org/a?b=1#c"],
)
def test_web_links(url: str) -> None:
    assert is_web_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "mailto:a@example.org",
        "ftp://example.org/x",
        "//evil.example/x",
        "\\\\evil.example\\x",
        "https:\\\\evil.example",
        "https:evil.example",
        "https:///x",
        "faq.md",
        "#anchor",
        "",
        "https://exa mple.org",
        "http://[::1",
    ],
)
def test_not_web_links(url: str) -> None:
    assert not is_web_link(url)


@pytest.mark.parametrize(
    "text",
    [
        "Fixes *stalls* and adds [notes](https://example.org/n?a=1&b=2).",
        "Run `agentctl {status}` and see \\{literal braces\\}.",
        "```\n{: in a code block }\n```",
        "    {: indented code }",
        "[ref] link.\n\n[ref]: https://example.org/ref",
        "A bare address, https://example.org, is text.",
    ],
)
def test_markdown_that_may_stay(text: str) -> None:
    assert markdown_problems(text) == []


@pytest.mark.parametrize(
    ("text", "fragment", "problem"),
    [
        ("[x](javascript:alert(1))", "javascript:alert(1)", "would run or open content"),
        ("[x](jav&#x61;script:alert(1))", "jav&#x61;script:alert(1)", "(read as 'javascript:alert(1)')"),
        ("[x](JaVaScRiPt%3Aalert(1))", "JaVaScRiPt%3Aalert(1)", "which is relative"),
        ("[x](<data:text/html,x>)", "data:text/html,x", "would run or open content"),
        ("[x](//evil.example/x)", "//evil.example/x", "scheme-relative"),
        ("[x](faq.md)", "faq.md", "which is relative"),
        ("[x](mailto:a@example.org)", "mailto:a@example.org", "scheme 'mailto:'"),
        ("[x](https:evil)", "https:evil", "names no host"),
        ("[x][r]\n\n[r]: file:///etc/passwd", "file:///etc/passwd", "scheme 'file:'"),
        ("X {: autofocus onfocus=alert(1) }", "{: autofocus onfocus=alert(1) }", "attribute list"),
        ("Title {#evil .md-button}", "{#evil .md-button}", "attribute list"),
        ("*em*{ onclick=alert(1) }", "{ onclick=alert(1) }", "attribute list"),
        ("[a {: x=1 }](https://example.org)", "{: x=1 }", "attribute list"),
    ],
)
def test_markdown_that_is_refused(text: str, fragment: str, problem: str) -> None:
    found = markdown_problems(text)
    assert [p.fragment for p in found] == [fragment]
    assert problem in found[0].problem
    assert found[0].expected.startswith("expected ")


def test_every_problem_is_found_with_its_line() -> None:
    found = markdown_problems(
        "Line one [a](faq.md).\n\nLine three {: x }\n\n- [b](//x)\n- [c](https://ok.example)"
    )
    assert [(p.fragment, p.line) for p in found] == [("faq.md", 0), ("{: x }", 2), ("//x", 4)]


def test_a_fragment_is_found_on_its_line_of_the_file() -> None:
    text = "notes: |\n  First [a](faq.md).\n  Then [b](faq.md) again.\n"
    source = Source("c.yaml", text)
    node = yaml.compose(text).value[0][1]
    assert position_within(source, node, "faq.md", 1).line == 3
    assert str(position_within(source, node, "faq.md", 0)) == "c.yaml:2:13"
    assert str(position_within(source, node, "not there", 0)) == "c.yaml:1:8"


def test_the_validator_reports_each_problem_where_it_stands() -> None:
    text = SITE_FIXTURE.read_text(encoding="utf-8").replace(
        "See the [release notes](https://example.org/notes/9)",
        "See the [release notes](jav&#x61;script:alert(1)) {: onclick=alert(1) }",
    )
    line, written = next((n, s) for n, s in enumerate(text.splitlines(), 1) if "release notes" in s)
    errors = [str(d) for d in read_catalog(Source("c.yaml", text)).report.errors]
    assert errors == [
        f"c.yaml:{line}:{written.index('jav&') + 1}: error: rollup 9's notes contains a link to "
        "'jav&#x61;script:alert(1)' (read as 'javascript:alert(1)'), which would run or open content in the "
        "reader's browser; expected links to absolute http(s) addresses only, such as "
        "https://support.microsoft.com/help/4485985.",
        f"c.yaml:{line}:{written.index('{:') + 1}: error: rollup 9's notes contains the "
        "attribute list '{: onclick=alert(1) }', which Markdown extensions such as attr_list turn into HTML "
        "attributes; expected Markdown text (put braces meant literally in a code span, such as `{x}`).",
    ]


def test_plain_text_fields_may_hold_braces_and_brackets() -> None:
    """They are escaped where they are shown: only Markdown fields are read as Markdown."""
    text = SITE_FIXTURE.read_text(encoding="utf-8").replace(
        "title: Datacenter to cloud", 'title: "X {: autofocus onfocus=alert(1) } [y](faq.md)"'
    )
    assert read_catalog(Source("c.yaml", text)).report.errors == []
