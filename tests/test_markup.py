"""Catalog text reaches pages safely, whatever it holds (even past the validator)."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import markdown
import pytest
from markupsafe import Markup

from generator.catalog.model import Product
from generator.outputs.badges import Badge
from generator.pages.markup import (
    UnsafeLink,
    escape_markdown_text,
    external_url,
    html_escape,
    markdown_escape,
    markdown_html,
    markdown_inline_html,
    markdown_text,
    url_markup,
    xml_escape,
)
from generator.pages.templating import OutputFormat, environment, output_format, render_template
from tests.htmldoc import parse

MKDOCS_EXTENSIONS = ["toc", "attr_list", "admonition", "tables"]
"""The Markdown extensions of the site's ``mkdocs.yml``."""


def python_markdown(source: str) -> str:
    """The HTML Python-Markdown makes of ``source`` with the site's extensions, as MkDocs renders a page."""
    return markdown.markdown(source, extensions=MKDOCS_EXTENSIONS)


def test_markdown_keeps_formatting_and_links() -> None:
    html = markdown_html("Fixes *stalls* & adds [notes](https://example.org/n?a=1&b=2).\n\n- one\n- `two`")
    assert html == (
        '<p>Fixes <em>stalls</em> &amp; adds <a href="https://example.org/n?a=1&amp;b=2">notes</a>.</p>\n'
        "<ul>\n<li>one</li>\n<li><code>two</code></li>\n</ul>"
    )


def test_raw_html_is_shown_not_run() -> None:
    assert markdown_html("<script>alert(1)</script> <b onclick=x>b</b>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=x&gt;b&lt;/b&gt;</p>"
    )


def test_script_links_images_and_headings_are_neutralised() -> None:
    html = markdown_html("[x](javascript:alert(1)) ![pixel](https://tracker.example/p.png)\n\n# Title")
    assert html == (
        '<p>&#91;x&#93;(javascript:alert(1)) !<a href="https://tracker.example/p.png">pixel</a></p>\n'
        "<p>&#35; Title</p>"
    )


@pytest.mark.parametrize(
    "source",
    [
        "[x](jav&#x61;script:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)",
        "[x](//evil.example/x)",
        "[x](relative/page.md)",
        "[x](mailto:someone@example.org)",
        "[x](https:evil.example)",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_only_web_links_become_links(source: str) -> None:
    doc = parse(markdown_html(source))
    assert [a.attrs for a in doc.iter("a")] == []


def test_markdown_output_stays_inert_where_python_markdown_reads_it() -> None:
    """A Markdown field's HTML, even outside an HTML block, opens no syntax of Python-Markdown."""
    rendered = markdown_inline_html("`{: onclick=alert(1) }` and \\{: onmouseover=alert(1) \\}")
    for context in (f"text\n{rendered}", f"*a*{rendered}", f"# {rendered}", f"| a |\n|---|\n| {rendered} |"):
        out = parse(python_markdown(context))
        assert not [n for n in out.iter() if any(name.startswith("on") for name in n.attrs)], context


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Azure Site Recovery", "Azure Site Recovery"),
        ("Backup & Restore", "Backup &amp; Restore"),
        (
            "a *b* _c_ [d](e) `f` {#g}",
            "a &#42;b&#42; &#95;c&#95; &#91;d&#93;(e) &#96;f&#96; &#123;&#35;g&#125;",
        ),
        ("<i>x</i>", "&lt;i&gt;x&lt;/i&gt;"),
        ("unified_setup 9.21.5091.1", "unified_setup 9.21.5091.1"),
        ("1. first", "1&#46; first"),
        ("- item", "&#45; item"),
        ("!!! danger", "&#33;!! danger"),
        ("a | b", "a &#124; b"),
        ("C#", "C&#35;"),
        ("line\nbreak\r\nand\rmore", "line break and more"),
        ("nul\x00 and \ud800", "nul\ufffd and \ufffd"),
    ],
)
def test_plain_text_is_escaped_for_markdown(text: str, escaped: str) -> None:
    assert str(markdown_escape(text)) == escaped
    assert markdown_text(text) == markdown_escape(text)


@pytest.mark.parametrize(
    "text",
    [
        "X {: autofocus onfocus=alert(document.domain) tabindex=1 }",
        "x](https://evil.example/phish){: onmouseover=alert(1) } [y",
        "a | b | c",
        "C# and F#",
        "*strong* _em_ `code` ~~del~~ \\ back",
        "1. not a list",
        "    not code",
        "&lt;script&gt;",
        "{{ 7*7 }} {% raw %}",
        "{: onclick=alert(1) }",
    ],
)
def test_escaped_text_shows_as_written_wherever_python_markdown_puts_it(text: str) -> None:
    """In a heading, a list item's link text, a table cell, a paragraph and an HTML block alike."""
    value = markdown_escape(text)
    for source in (
        f"# {value}",
        f"- [{value}](page.md)",
        f"| h |\n|---|\n| {value} |",
        f"text\n{value}",
        f"*a*{value}",
        f'<div class="x">\n<p>{value}</p>\n</div>',
    ):
        out = parse(python_markdown(source))
        shown = " ".join(out.text().split())
        assert " ".join(text.split()) in shown, (source, shown)
        attributes = {name for n in out.iter() for name in n.attrs}
        assert attributes <= {"id", "href", "class"}, (source, attributes)


@pytest.mark.parametrize(
    "text",
    ["9.21.5091.1", "Update Rollup 32", "9.16 (N-4)", "Azure Site Recovery", "a-b/c: d, e; f@g", "1.5 x"],
)
def test_text_left_as_it_is_is_what_the_full_escape_leaves(text: str) -> None:
    assert markdown_escape(text) == escape_markdown_text(text) == text


@pytest.mark.parametrize("text", ["1. x", "1.", "2) y", "-a", "/// x", ": x", "    x", "a_", "x#"])
def test_text_that_opens_syntax_takes_the_full_escape(text: str) -> None:
    assert markdown_escape(text) == escape_markdown_text(text) != text


def test_markup_passes_unchanged() -> None:
    assert markdown_escape(Markup("<b>x</b>")) == "<b>x</b>"
    assert html_escape(Markup("<b>x</b>")) == "<b>x</b>"


def test_html_and_xml_escapes_keep_only_characters_their_format_holds() -> None:
    assert html_escape('<a href="x">\x07') == "&lt;a href=&#34;x&#34;&gt;\ufffd"
    text = xml_escape("a\x01b\x0bc <x> & \ud800")
    svg = f"<svg><title>{text}</title></svg>"
    assert ET.fromstring(svg).findtext("title") == "a\ufffdb\ufffdc <x> & \ufffd"


def test_only_http_links_are_allowed() -> None:
    assert (
        external_url("https://support.microsoft.com/help/4485985")
        == "https://support.microsoft.com/help/4485985"
    )
    for url in ("javascript:alert(1)", "data:text/html,x", "//evil.example/x", "relative/path", "https://"):
        with pytest.raises(UnsafeLink):
            external_url(url)


def test_addresses_are_marked_and_cannot_end_their_attribute_or_link() -> None:
    url = url_markup("https://docs.example.org/a b)(c[d]*e'f\"g<h>?x=1&y=2#top")
    assert isinstance(url, Markup)
    assert url == "https://docs.example.org/a%20b%29%28c%5Bd%5D%2Ae%27f%22g%3Ch%3E?x=1&amp;y=2#top"
    link = parse(python_markdown(f"[docs]({url})"))
    assert [a.attrs for a in link.iter("a")] == [{"href": html.unescape(str(url))}]


@pytest.mark.parametrize(
    ("template", "fmt"),
    [
        ("rollup.md", "markdown"),
        ("feed-entry.html", "html"),
        ("site-root.html", "html"),
        ("badge.svg", "xml"),
    ],
)
def test_each_template_renders_with_the_escape_of_its_format(template: str, fmt: str) -> None:
    assert output_format(template) is OutputFormat(fmt)


def test_every_value_is_escaped_by_default() -> None:
    """No filter needed: a value a template forgets to escape is escaped all the same."""
    pages = environment().from_string("# {{ title }}\n<td>{{ title }}</td> {{ marked }}")
    assert pages.render(title="X {: onfocus=alert(1) }", marked=Markup("<b>ok</b>")) == (
        "# X &#123;: onfocus=alert(1) &#125;\n<td>X &#123;: onfocus=alert(1) &#125;</td> <b>ok</b>"
    )
    plain = environment(output=OutputFormat.HTML).from_string("<p>{{ title }}</p>")
    assert plain.render(title="<b>{x}</b>") == "<p>&lt;b&gt;{x}&lt;/b&gt;</p>"


def test_templates_that_are_not_pages_escape_for_their_own_format() -> None:
    product = Product("Contoso <b>{x}</b> & Co\x07", "agent")
    root = render_template("site-root.html", product=product, latest="latest", snapshots=[])
    assert "<title>Contoso &lt;b&gt;{x}&lt;/b&gt; &amp; Co\ufffd service updates</title>" in root
    badge = render_template("badge.svg", badge=Badge("9.1\x01<", "supported", "#2e7d32"))
    assert ET.fromstring(badge).findtext("{http://www.w3.org/2000/svg}title") == "9.1\ufffd<: supported"
