"""Compiled templates kept between runs (generator.pages.template_cache)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.pages.template_cache import from_string, settings_digest, use_bytecode_cache
from generator.pages.templating import OutputFormat, environment


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Jinja's default cache folder lives in the temporary directory: give each test its own."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return tmp_path


def counting(env: jinja2.Environment) -> list[str]:
    """Record every source ``env`` compiles."""
    compiled: list[str] = []
    original = env.compile

    def compile(source: str, *args: object, **kwargs: object) -> object:
        compiled.append(source)
        return original(source, *args, **kwargs)  # type: ignore[arg-type]

    env.compile = compile  # type: ignore[method-assign]
    return compiled


def test_a_template_compiles_once_across_environments(private_tmp: Path) -> None:
    templates = private_tmp / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    first = use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(templates)))
    first_compiled = counting(first)
    assert first.get_template("page.html").render(name="A") == "Hello A"
    second = use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(templates)))
    second_compiled = counting(second)
    assert second.get_template("page.html").render(name="B") == "Hello B"
    assert (first_compiled, second_compiled) == (["Hello {{ name }}"], [])


def test_an_edited_template_compiles_afresh(private_tmp: Path) -> None:
    templates = private_tmp / "templates"
    templates.mkdir()
    page = templates / "page.html"
    page.write_text("old {{ name }}", encoding="utf-8")
    use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(templates))).get_template(
        "page.html"
    )
    page.write_text("new {{ name }}", encoding="utf-8")
    env = use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(templates)))
    assert env.get_template("page.html").render(name="x") == "new x"


def test_environments_that_compile_differently_do_not_share_entries(private_tmp: Path) -> None:
    templates = private_tmp / "templates"
    templates.mkdir()
    source = "  {% if true %}\n<b>{{ name }}</b>\n  {% endif %}\n"
    (templates / "page.html").write_text(source, encoding="utf-8")
    plain = use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(templates)))
    trimmed = use_bytecode_cache(
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates), trim_blocks=True, lstrip_blocks=True, autoescape=True
        )
    )
    assert plain.get_template("page.html").render(name="<x>") == "  \n<b><x></b>\n  "
    assert trimmed.get_template("page.html").render(name="<x>") == "<b>&lt;x&gt;</b>\n"


@pytest.mark.parametrize(
    "setting",
    [
        {"trim_blocks": True},
        {"lstrip_blocks": True},
        {"autoescape": True},
        {"autoescape": jinja2.select_autoescape(["html"])},
        {"comment_start_string": "{##", "comment_end_string": "##}"},
        {"keep_trailing_newline": True},
        {"extensions": ["jinja2.ext.i18n"]},
        {"line_statement_prefix": "%"},
        {"finalize": str.upper},
    ],
    ids=lambda setting: ",".join(setting),
)
def test_every_compile_setting_changes_the_digest(setting: dict[str, object]) -> None:
    assert settings_digest(jinja2.Environment(**setting)) != settings_digest(jinja2.Environment())  # type: ignore[arg-type]


def test_a_template_compiled_without_finalize_is_not_reused_with_it(private_tmp: Path) -> None:
    """``finalize`` (a format's escape) is compiled into every output: a cached entry must not drop it."""
    templates = private_tmp / "templates"
    templates.mkdir()
    (templates / "page.md").write_text("# {{ title }}\n", encoding="utf-8")
    pages = environment(templates, OutputFormat.MARKDOWN)
    settings = {
        name: getattr(pages, name) for name in ("trim_blocks", "lstrip_blocks", "keep_trailing_newline")
    }
    comments = {"comment_start_string": "{##", "comment_end_string": "##}"}
    plain = use_bytecode_cache(
        jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True, **settings, **comments)
    )
    title = "X {: onfocus=alert(1) }"
    assert plain.get_template("page.md").render(title=title) == f"# {title}\n"
    pages = environment(templates, OutputFormat.MARKDOWN)  # a new run: the cache holds the plain entry
    assert pages.get_template("page.md").render(title=title) == "# X &#123;: onfocus=alert(1) &#125;\n"


def test_autoescape_functions_are_told_apart_by_what_they_close_over() -> None:
    html = jinja2.Environment(autoescape=jinja2.select_autoescape(["html"]))
    xml = jinja2.Environment(autoescape=jinja2.select_autoescape(["xml"]))
    assert settings_digest(html) != settings_digest(xml)
    assert settings_digest(html) == settings_digest(
        jinja2.Environment(autoescape=jinja2.select_autoescape(["html"]))
    )


def test_from_string_compiles_a_source_once_and_a_changed_source_again(private_tmp: Path) -> None:
    env = use_bytecode_cache(jinja2.Environment())
    counting(env)
    assert from_string(env, "{{ 1 + 1 }}", "<content>/index.md").render() == "2"
    again = use_bytecode_cache(jinja2.Environment())
    compiled = counting(again)
    assert from_string(again, "{{ 1 + 1 }}", "<content>/index.md").render() == "2"
    assert from_string(again, "{{ 2 + 2 }}", "<content>/index.md").render() == "4"
    assert compiled == ["{{ 2 + 2 }}"]


def test_from_string_without_a_cache_is_jinjas_own() -> None:
    assert from_string(jinja2.Environment(), "{{ 'a' * 3 }}", "x").render() == "aaa"
