"""A local static server that compresses text as a real host does (GitHub Pages, any CDN).

Lighthouse and the page-weight figures measure what a reader's browser
receives; the standard library's server sends everything uncompressed, which
no production host does, so text responses are gzip-compressed here when the
browser accepts it.
"""

from __future__ import annotations

import gzip
import io
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from tests.browser import QuietHandler
from tests.browser import serve as serve_with

COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".ics")


class CompressingHandler(QuietHandler):
    """Serves files, gzip-compressing text types for clients that accept gzip."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()  # directory redirects, 404s, binary files
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, compress: bool = True) -> AbstractContextManager[str]:
    """Serve ``directory`` as the browser tests do (:func:`tests.browser.serve`), compressed by default."""
    return serve_with(directory, CompressingHandler if compress else QuietHandler)
