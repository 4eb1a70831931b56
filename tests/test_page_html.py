"""Render once: the generated pages' HTML from markdown-it-py is what Python-Markdown made of them.

Until the pages were rendered once, MkDocs' ``Page.render`` ran
Python-Markdown (``toc`` with permalinks, ``attr_list``, ``admonition``,
``tables``) over every generated page. Here both renderings of every
generated page are made side by side: MkDocs' own ``Page.render``, and the
page as the plugin now renders it (:func:`~generator.engine.generated_pages.render_once`,
:func:`~generator.pages.page_html.render_html`). They must agree on

* the HTML, compared as the sequence of what a parser reads
  (:func:`events`): each start tag with its attributes (sorted: their order
  means nothing), each end tag, and each text with its character references
  as written (not decoded: a reference that became a character, or the
  reverse, shows), runs of white space made one space and white space alone
  dropped outside ``<pre>`` (a browser renders them alike: between blocks
  they mean nothing, within text a run is one space); and, beyond that
  contract, byte for byte, since the site's bytes did not change;
* the table of contents (level, id and title of every entry, nested alike),
  the title MkDocs takes from the first ``<h1>``, and the page's anchors.

The pages are those of the shipped catalog's newest snapshot, the seed and
the other fixtures, and of the site fixture with each payload of the
hostile corpus written straight into the model's text (past the validator,
which refuses most of them: the escaping is the second line, and must hold
the same on the new path).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]
import markdown.extensions.toc  # type: ignore[import-untyped]
import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page

from generator.catalog.model import Catalog
from generator.catalog.validate import load_or_raise
from generator.engine.generated_pages import render_once, toc_settings
from generator.engine.mkdocs_plugin import RollupsPlugin
from generator.pages.links import LinkStyle
from generator.pages.page_html import PageLink, TocEntry, TocSettings, render_html
from tests.conftest import (
    ODD_POLICY_CATALOG,
    ROOT,
    SEED_CATALOG,
    SHIPPED_CATALOG,
    SITE_FIXTURE,
    SYNTHETIC_CATALOG,
)
from tests.test_hostile_inputs import PAYLOADS

LINES_SITE = ROOT / "tests" / "data" / "lines-site.yaml"
"""Releases for some scenarios only: upgrade pages and the matrix split by scenario."""


# --- What is compared --------------------------------------------------------------------------------


class _Events(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[str, ...]] = []
        self.text: list[str] = []
        self.pre = 0

    def flush(self) -> None:
        text = "".join(self.text)
        self.text = []
        if not self.pre:
            text = " ".join(text.split())
        if text.strip():
            self.events.append(("text", text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.flush()
        self.events.append(("start", tag, *sorted(f"{k}={v or ''}" for k, v in attrs)))
        self.pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br /> and <br> read alike

    def handle_endtag(self, tag: str) -> None:
        self.flush()
        self.events.append(("end", tag))
        self.pre -= tag == "pre"

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        self.text.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.text.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.flush()
        self.events.append(("comment", data))


def events(html: str) -> list[tuple[str, ...]]:
    """What a parser reads in ``html``, as the module's docstring says."""
    parser = _Events()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.events


Toc = list[tuple[int, str, str, Any]]


def toc_of(entries: Sequence[Any]) -> Toc:
    """MkDocs' table of contents (or this package's entries) as nested tuples."""
    return [(e.level, e.id, e.title, toc_of(e.children)) for e in entries]


@dataclass(frozen=True)
class Rendering:
    """What MkDocs takes from rendering a page."""

    html: str
    toc: Toc
    title: str | None
    anchors: frozenset[str]

    @classmethod
    def of(cls, page: Page) -> Rendering:
        assert page.content is not None and page.present_anchor_ids is not None
        anchors = frozenset(page.present_anchor_ids)
        return cls(page.content, toc_of(page.toc), page._title_from_render, anchors)


def project(catalog: Catalog) -> tuple[MkDocsConfig, Files, frozenset[str]]:
    """This repository's configuration and files, with the plugin's pages generated from ``catalog``."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["rollups"]
    assert isinstance(plugin, RollupsPlugin)
    plugin.validated = catalog
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    assert plugin.site is not None
    return config, files, frozenset(plugin.site.prose)


def renderings(catalog: Catalog) -> Iterator[tuple[str, Rendering, Rendering]]:
    """Each generated page: its path, Python-Markdown's rendering (MkDocs' ``Page.render``), the new one."""
    config, files, prose = project(catalog)
    for file in files.documentation_pages():
        if file.src_uri in prose:
            continue
        before = Page(None, file, config)
        before.read_source(config)
        Page.render(before, config, files)
        after = Page(None, file, config)
        after.read_source(config)
        render_once(after)
        after.render(config, files)
        yield file.src_uri, Rendering.of(before), Rendering.of(after)


def assert_same(path: str, before: Rendering, after: Rendering) -> None:
    assert events(after.html) == events(before.html), f"{path}: the HTML differs"
    assert after.toc == before.toc, f"{path}: the table of contents differs"
    assert after.title == before.title, f"{path}: the title differs"
    assert after.anchors == before.anchors, f"{path}: the anchors differ"


# --- Every generated page of the catalogs ---------------------------------------------------------------

CATALOGS = {
    "shipped": SHIPPED_CATALOG,
    "seed": SEED_CATALOG,
    "lines-site": LINES_SITE,
    "odd-policy": ODD_POLICY_CATALOG,
    "synthetic": SYNTHETIC_CATALOG,
    "site-fixture": SITE_FIXTURE,
}


@pytest.fixture(scope="module", params=sorted(CATALOGS))
def rendered(request: pytest.FixtureRequest) -> list[tuple[str, Rendering, Rendering]]:
    return list(renderings(load_or_raise(CATALOGS[request.param])))


def test_every_generated_page_renders_as_python_markdown_rendered_it(
    rendered: list[tuple[str, Rendering, Rendering]],
) -> None:
    assert len(rendered) > 15
    for path, before, after in rendered:
        assert_same(path, before, after)


def test_and_byte_for_byte(rendered: list[tuple[str, Rendering, Rendering]]) -> None:
    """Beyond the contract: the very bytes (so the site's pages did not change by a byte)."""
    for path, before, after in rendered:
        assert after.html == before.html, path


def test_the_shipped_pages_have_what_a_reader_links_to() -> None:
    """The comparison compares something: ids, permalinks, titles and entries are there on both sides."""
    pages = {path: after for path, _, after in renderings(load_or_raise(SHIPPED_CATALOG))}
    upgrade = pages["upgrade/9.60.md"]
    assert upgrade.title == "Upgrading from 9.60"
    assert [entry[1] for entry in upgrade.toc[0][3]][:2] == ["status", "path"]
    permalink = '<a class="headerlink" href="#status" title="Permanent link">&para;</a>'
    assert f'<h2 id="status">Status{permalink}</h2>' in upgrade.html
    assert {"status", "path", "step-1", "procedures"} <= upgrade.anchors
    assert 'href="../../reboot-matrix/#' in upgrade.html  # a Markdown link, rewritten to the page's URL
    assert ".md" not in "".join(a for a in upgrade.html.split('"') if a.startswith(("../", "#")))


# --- The hostile corpus, past the validator ---------------------------------------------------------------


def with_text(catalog: Catalog, text: str) -> Catalog:
    """``catalog`` with ``text`` in every name, title and Markdown field (ids and versions kept)."""
    replace = dataclasses.replace
    product = replace(catalog.product, name=text, agent_name=text, vendor=text)
    components = tuple(replace(c, name=f"{text} {c.id}", description=text) for c in catalog.components)
    rollups = tuple(replace(r, notes=text, withdrawn=text if r.withdrawn else None) for r in catalog.rollups)
    scenarios = tuple(
        replace(
            s,
            title=f"{text} {s.id}",
            summary=text,
            steps=tuple(text for _ in s.steps),
            notes=tuple(replace(n, text=text) for n in s.notes),
        )
        for s in catalog.scenarios
    )
    return replace(catalog, product=product, components=components, rollups=rollups, scenarios=scenarios)


CODE_WITH_BLANK_LINES = "Before:\n\n```\nline one\n\nline three\n```\n\nAfter.\n\n    indented\n\n    code"
"""A code block with a blank line inside an HTML block: where CommonMark would end the block."""


@pytest.mark.parametrize("name", [*sorted(PAYLOADS), "code-with-blank-lines"])
def test_hostile_text_renders_as_python_markdown_rendered_it(name: str, site_fixture: Catalog) -> None:
    text = PAYLOADS.get(name, CODE_WITH_BLANK_LINES)
    pages = list(renderings(with_text(site_fixture, text)))
    assert len(pages) > 15
    for path, before, after in pages:
        assert_same(path, before, after)
        assert after.html == before.html, path


def test_a_code_block_with_a_blank_line_stays_in_its_block(site_fixture: Catalog) -> None:
    pages = {path: after for path, _, after in renderings(with_text(site_fixture, CODE_WITH_BLANK_LINES))}
    notes = pages["rollups/9.md"].html
    code = "<pre><code>line one\n\nline three\n</code></pre>"
    assert f'<div class="rollups-notes">\n<p>Before:</p>\n{code}' in notes


# --- The renderer on its own, against Python-Markdown ------------------------------------------------------

DOCUMENTS = {
    "headings": "# Title &#38; more\n\n## Status {#status}\n\nText.\n\n## Title &#38; more\n\n### D {#d .x}",
    "slug-taken": "# Status\n\n## Other {#status}\n\n## Status\n",
    "heading-ids-unlike-attr-lists": "## A {: #a }\n\n## B {#b}}\n\n## C{#c}\n",
    "raw-block-in-a-paragraph": 'Text before\n<div class="x">\n<p>a</p>\n\n<p>b</p>\n</div>\nText after.\n',
    "inline-tags-are-paragraphs": '<link rel="stylesheet" href="x.css">\n<script src="x.js"></script>\n',
    "script-text": "<script>\nif (a < b) { x = '</div>'; }\n</script>\n\nAfter.\n",
    "nested-blocks": '<div>\n<div>\n<p>x</p>\n</div>\n<input name="q">\n</div>\n\n<hr>\n\nEnd.\n',
    "comment": '<!-- a note -->\n\nText <span id="s">span</span> and <a name="n">a</a>.\n',
    "unclosed-comment": "<!-- never closed\n\nText *em*.\n",
    "textarea-holds-tags": "<div>\n<textarea>a</div>\n\nMore *text*.\n",
    "unclosed-block": "Text\n<div>\n\n*not emphasis*\n",
    "markdown": "Some **bold**, `code <x>`, a [link](https://example.org/?a=1&b=2) and AT&T.\n",
    "references": "## &#60;script&#62; &amp; &#x27;x&#x27;\n\n<p>&#60;b&#62; stays</p>\n",
}

TOC_CONFIGS: dict[str, dict[str, Any]] = {
    "permalink": {"permalink": True},
    "none": {},
    "text": {"permalink": "#", "permalink_title": ""},
    "leading": {"permalink": "true", "permalink_leading": True, "permalink_class": "anchor"},
    "anchorlink": {"anchorlink": True},
    "baselevel": {"baselevel": 2, "toc_depth": "2-3", "permalink": True},
    "separator": {"separator": "_", "toc_depth": 2},
}


def _python_markdown_toc(tokens: Sequence[dict[str, Any]]) -> Toc:
    return [(t["level"], t["id"], t["name"], _python_markdown_toc(t["children"])) for t in tokens]


@pytest.mark.parametrize("toc", sorted(TOC_CONFIGS))
@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_the_renderer_writes_what_python_markdown_writes(document: str, toc: str) -> None:
    source, configuration = DOCUMENTS[document], TOC_CONFIGS[toc]
    md = markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": configuration})
    expected = md.convert(source)
    settings = TocSettings.from_config({"slugify": markdown.extensions.toc.slugify, **configuration})
    rendered = render_html(source, "page.md", LinkStyle.DIRECTORY, set(), settings)
    assert rendered.html == expected
    assert toc_of(rendered.toc) == _python_markdown_toc(md.toc_tokens)


def test_a_page_s_anchors_are_its_ids_and_a_names() -> None:
    source = DOCUMENTS["comment"] + '\n## Part {#part}\n\n<table><tr id="row"><td>x</td></tr></table>\n'
    rendered = render_html(source, "page.md", LinkStyle.DIRECTORY, set())
    assert rendered.anchors == {"s", "n", "part", "row"}


def test_the_title_is_a_first_h1() -> None:
    assert render_html("# A &#38; B\n\nText\n", "p.md", LinkStyle.DIRECTORY, set()).title == "A &#38; B"
    assert render_html("Text\n\n# Later\n", "p.md", LinkStyle.DIRECTORY, set()).title is None
    assert render_html("## Not h1\n", "p.md", LinkStyle.DIRECTORY, set()).title is None


@pytest.mark.parametrize(
    ("style", "page", "file"),
    [
        (LinkStyle.DIRECTORY, "../../reboot-matrix/#from-9-16", "../../feed.xml"),
        (LinkStyle.HTML, "../reboot-matrix.html#from-9-16", "../feed.xml"),
    ],
)
def test_markdown_links_become_the_site_s_urls(style: LinkStyle, page: str, file: str) -> None:
    source = "[matrix](../reboot-matrix.md#from-9-16), [feed](../feed.xml), [web](https://example.org/x.md)\n"
    rendered = render_html(source, "upgrade/9.16.md", style, {"reboot-matrix.md", "feed.xml"})
    assert f'<a href="{page}">matrix</a>' in rendered.html
    assert f'<a href="{file}">feed</a>' in rendered.html
    assert '<a href="https://example.org/x.md">web</a>' in rendered.html
    original = "../reboot-matrix.md#from-9-16"
    assert rendered.anchored == (PageLink("reboot-matrix.md", "from-9-16", original),)
    assert rendered.broken == ()


def test_a_link_to_no_file_of_the_site_is_reported_and_left_as_it_is() -> None:
    source = "[gone](../nowhere.md#x) and [here](#top)\n"
    rendered = render_html(source, "upgrade/9.16.md", LinkStyle.DIRECTORY, {"upgrade/9.16.md"})
    assert '<a href="../nowhere.md#x">gone</a>' in rendered.html
    assert rendered.broken == (PageLink("nowhere.md", "x", "../nowhere.md#x"),)
    assert rendered.anchored == (PageLink("upgrade/9.16.md", "top", "#top"),)


@pytest.mark.parametrize(
    ("configuration", "expected"),
    [
        ({}, TocSettings()),
        ({"permalink": True}, TocSettings(permalink="&para;")),
        ({"permalink": "yes"}, TocSettings(permalink="&para;")),
        ({"permalink": "off"}, TocSettings()),
        ({"permalink": "# & ¶"}, TocSettings(permalink="# &amp; ¶")),
        ({"toc_depth": "2-4", "baselevel": "2"}, TocSettings(toc_top=2, toc_bottom=4, baselevel=2)),
        ({"toc_depth": 3, "permalink_leading": "true"}, TocSettings(toc_bottom=3, permalink_leading=True)),
    ],
)
def test_toc_settings_from_the_configuration(configuration: dict[str, Any], expected: TocSettings) -> None:
    assert TocSettings.from_config(configuration) == expected


def test_the_toc_entries_nest_by_level() -> None:
    rendered = render_html("# A\n\n### B {#b}\n\n## C {#c}\n\n# D\n", "p.md", LinkStyle.DIRECTORY, set())
    assert rendered.toc == (
        TocEntry(1, "a", "A", (TocEntry(3, "b", "B"), TocEntry(2, "c", "C"))),
        TocEntry(1, "d", "D"),
    )


# --- The engine's side -------------------------------------------------------------------------------------


def test_the_engine_reads_the_project_s_toc_settings() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    settings = toc_settings(config)
    assert settings.permalink == "&para;"
    assert settings.slugify is markdown.extensions.toc.slugify


def test_a_broken_link_of_a_generated_page_is_mkdocs_warning(caplog: pytest.LogCaptureFixture) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    file = File("upgrade/9.16.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    file.content_string = "# Upgrading from 9.16\n\nSee [the matrix](../reboot-matrix.md#from-9-16).\n"
    page = Page(None, file, config)
    page.read_source(config)
    render_once(page)
    with caplog.at_level(logging.WARNING):
        page.render(config, Files([file]))
    assert [r.getMessage() for r in caplog.records] == [
        "Doc file 'upgrade/9.16.md' contains a link '../reboot-matrix.md#from-9-16', "
        "but the target 'reboot-matrix.md' is not found among documentation files."
    ]
    assert page.title == "Upgrading from 9.16"


def test_python_markdown_renders_the_prose_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.engine.mkdocs_plugin import build_site

    rendered: list[str] = []
    converted: list[str] = []
    render, convert = Page.render, markdown.Markdown.convert

    def spy_render(page: Page, config: MkDocsConfig, files: Files) -> None:
        rendered.append(page.file.src_uri)
        render(page, config, files)

    def spy_convert(md: Any, source: str) -> str:
        converted.append(source)
        return str(convert(md, source))

    monkeypatch.setattr(Page, "render", spy_render)
    monkeypatch.setattr(markdown.Markdown, "convert", spy_convert)
    build_site(tmp_path / "site", config_file=ROOT / "mkdocs.yml", catalog=SITE_FIXTURE)
    prose = sorted(p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").rglob("*.md"))
    assert sorted(rendered) == prose
    assert len(converted) == len(prose)
    assert (tmp_path / "site" / "upgrade" / "2.10" / "index.html").is_file()


def _project_with_page(tmp_path: Path, page: str) -> Path:
    """This repository's site project, with one more prose page."""
    content = tmp_path / "content"
    content.mkdir(parents=True)
    for source in (ROOT / "content").rglob("*"):
        if source.is_file():
            target = content / source.relative_to(ROOT / "content")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    (content / "links.md").write_text(page, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("catalog: data/rollups.yaml", f"catalog: {SITE_FIXTURE}")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_links_from_prose_into_a_generated_page_are_checked_against_its_anchors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.catalog.diagnostics import RollupsError
    from generator.engine.mkdocs_plugin import build_site

    good = _project_with_page(tmp_path / "good", "# Links\n\n[status](upgrade/2.10.md#status)\n")
    build_site(tmp_path / "good" / "site", config_file=good)
    bad = _project_with_page(tmp_path / "bad", "# Links\n\n[nowhere](upgrade/2.10.md#nowhere)\n")
    with pytest.raises(RollupsError, match="in strict mode"):
        build_site(tmp_path / "bad" / "site", config_file=bad)
    assert (
        "Doc file 'links.md' contains a link 'upgrade/2.10.md#nowhere', "
        "but the doc 'upgrade/2.10.md' does not contain an anchor '#nowhere'."
    ) in capsys.readouterr().err
