"""Links between pages for each URL layout."""

from __future__ import annotations

import pytest

from generator.pages.links import LinkStyle, canonical_url, file_href, page_href, page_url

D, H, M = LinkStyle.DIRECTORY, LinkStyle.HTML, LinkStyle.MARKDOWN


@pytest.mark.parametrize(
    ("doc", "style", "url"),
    [
        ("index.md", D, ""),
        ("upgrade/index.md", D, "upgrade/"),
        ("upgrade/9.16.md", D, "upgrade/9.16/"),
        ("reboot-matrix.md", D, "reboot-matrix/"),
        ("upgrade/9.16.md", H, "upgrade/9.16.html"),
        ("index.md", H, "index.html"),
        ("upgrade/9.16.md", M, "upgrade/9.16.md"),
    ],
)
def test_page_url(doc: str, style: LinkStyle, url: str) -> None:
    assert page_url(doc, style) == url


@pytest.mark.parametrize(
    ("source", "target", "style", "anchor", "href"),
    [
        ("upgrade/9.16.md", "rollups/32.md", D, "", "../../rollups/32/"),
        ("upgrade/9.16.md", "upgrade/index.md", D, "", "../"),
        ("upgrade/9.16.md", "index.md", D, "", "../../"),
        ("upgrade/9.16.md", "upgrade/9.21.md", D, "", "../9.21/"),
        ("upgrade/9.16.md", "reboot-matrix.md", D, "from-9-16", "../../reboot-matrix/#from-9-16"),
        ("index.md", "upgrade/9.16.md", D, "", "upgrade/9.16/"),
        ("index.md", "index.md", D, "", "./"),
        ("rollups/32.md", "rollups/32.md", D, "notes", "#notes"),
        ("upgrade/index.md", "upgrade/9.16.md", D, "", "9.16/"),
        ("upgrade/9.16.md", "rollups/32.md", H, "", "../rollups/32.html"),
        ("index.md", "upgrade/index.md", H, "", "upgrade/index.html"),
        ("upgrade/9.16.md", "reboot-matrix.md", M, "from-9-16", "../reboot-matrix.md#from-9-16"),
        ("upgrade/index.md", "upgrade/9.16.md", M, "", "9.16.md"),
    ],
)
def test_page_href(source: str, target: str, style: LinkStyle, anchor: str, href: str) -> None:
    assert page_href(source, target, style, anchor) == href


def test_file_href() -> None:
    assert file_href("upgrade/9.16.md", "api/v1/upgrade/9.16.json", D) == "../../api/v1/upgrade/9.16.json"
    assert file_href("index.md", "feed.xml", D) == "feed.xml"
    assert file_href("upgrade/9.16.md", "feed.xml", M) == "../feed.xml"


@pytest.mark.parametrize(
    ("base", "url", "canonical"),
    [
        ("https://example.org/latest/", "upgrade/9.16/", "https://example.org/latest/upgrade/9.16/"),
        ("https://example.org/latest", "", "https://example.org/latest/"),
        ("../latest/", "upgrade/9.16/", "../../../latest/upgrade/9.16/"),
        ("../latest/", "", "../latest/"),
        ("../latest/", "upgrade/9.16.html", "../../latest/upgrade/9.16.html"),
        ("../latest/", "index.html", "../latest/index.html"),
        ("../latest/", "rollups/", "../../latest/rollups/"),
        ("../latest/", "404.html", "../latest/404.html"),
    ],
)
def test_canonical_url(base: str, url: str, canonical: str) -> None:
    assert canonical_url(base, url) == canonical
