"""Compiled Jinja templates kept between runs: ours and the MkDocs theme's.

Compiling templates is a large part of a small build: Material's templates
alone take about a quarter of a second to compile, in every ``rollups
build``, every snapshot of a versioned build and every rebuild of ``mkdocs
serve``. Jinja's :class:`~jinja2.FileSystemBytecodeCache` keeps the compiled
code in a private folder of the user's temporary directory (created
``0700``, its owner checked) and checks each entry against its template's
source, so an edited template compiles afresh and the output never depends
on the cache.

An entry is keyed by the template's name and file only, not by the settings
of the environment that compiled it, yet those settings (delimiters,
whitespace control, autoescape, finalize, extensions) change the compiled code. Each
environment therefore gets its own namespace of entries, named by a digest
of those settings and Jinja's version.
"""

from __future__ import annotations

import hashlib
import types

import jinja2

_COMPILE_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)
"""The attributes of an environment that change what a template compiles to."""


def settings_digest(env: jinja2.Environment) -> str:
    """A short digest of everything in ``env`` that changes what a template compiles to."""
    autoescape = env.autoescape
    settings = [repr(getattr(env, name)) for name in _COMPILE_SETTINGS]
    settings.append(repr(autoescape) if isinstance(autoescape, bool) else _describe(autoescape))
    settings.append("" if env.finalize is None else _describe(env.finalize))  # compiled into every output
    settings.extend(sorted(env.extensions))
    settings.append(jinja2.__version__)
    return hashlib.sha256("\0".join(settings).encode("utf-8")).hexdigest()[:16]


def _describe(function: object) -> str:
    """A callable's qualified name and the values it closes over (``select_autoescape``'s lists)."""
    name = getattr(function, "__qualname__", type(function).__qualname__)
    cells = getattr(function, "__closure__", None) or ()
    return f"{getattr(function, '__module__', '')}.{name}{[_contents(cell) for cell in cells]!r}"


def _contents(cell: types.CellType) -> object:
    try:
        return cell.cell_contents
    except ValueError:  # a cell not yet bound
        return None


def use_bytecode_cache(env: jinja2.Environment) -> jinja2.Environment:
    """Give ``env`` a compiled-template cache of its own (see the module's docstring); return it."""
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(pattern=f"rollups-{settings_digest(env)}-%s.cache")
    return env


def from_string(env: jinja2.Environment, source: str, name: str) -> jinja2.Template:
    """``env.from_string(source)`` through ``env``'s compiled-template cache, where it is kept as ``name``.

    Like a template read by ``env``'s loader, and unlike Jinja's own
    ``from_string``, which compiles every time. ``name`` tells sources apart
    in the cache only; the entry is checked against ``source`` itself.
    """
    cache = env.bytecode_cache
    if cache is None:
        return env.from_string(source)
    bucket = cache.get_bucket(env, name, None, source)
    if bucket.code is None:
        bucket.code = env.compile(source, name)
        cache.set_bucket(bucket)
    return env.template_class.from_code(env, bucket.code, env.make_globals(None), None)
