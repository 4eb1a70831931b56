"""Catalog text reaches pages safely, whatever it holds (even past the validator)."""

from __future__ import annotations

import pytest

from generator.pages.markup import (
    UnsafeLink,
    external_url,
    markdown_html,
    markdown_inline_html,
    markdown_text,
)


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
        '<p>[x](javascript:alert(1)) !<a href="https://tracker.example/p.png">pixel</a></p>\n<p># Title</p>'
    )


def test_inline_markdown_for_steps() -> None:
    assert markdown_inline_html("Go to **Protected items** > **Replicated items**") == (
        "Go to <strong>Protected items</strong> &gt; <strong>Replicated items</strong>"
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Azure Site Recovery", "Azure Site Recovery"),
        ("Backup & Restore", "Backup &amp; Restore"),
        ("a *b* _c_ [d](e) `f` {#g}", r"a \*b\* \_c\_ \[d\](e) \`f\` \{#g\}"),
        ("<i>x</i>", "&lt;i&gt;x&lt;/i&gt;"),
    ],
)
def test_plain_text_is_escaped_for_markdown(text: str, escaped: str) -> None:
    assert str(markdown_text(text)) == escaped


def test_only_http_links_are_allowed() -> None:
    assert (
        external_url("https://support.microsoft.com/help/4485985")
        == "https://support.microsoft.com/help/4485985"
    )
    for url in ("javascript:alert(1)", "data:text/html,x", "//evil.example/x", "relative/path"):
        with pytest.raises(UnsafeLink):
            external_url(url)
