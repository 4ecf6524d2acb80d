"""Trunk post-build hook: moves Trunk's inline loader <script> into a file, so the page's
Content-Security-Policy can forbid inline scripts ('unsafe-inline'). Runs in TRUNK_STAGING_DIR."""

import hashlib
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
index = staging / "index.html"
html = index.read_text(encoding="utf-8")
pattern = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
moved = 0


def extern(match: re.Match) -> str:
    global moved
    attrs, body = match.group("attrs"), match.group("body")
    if "src=" in attrs or not body.strip():
        return match.group(0)
    name = "loader-" + hashlib.sha256(body.encode()).hexdigest()[:16] + ".js"
    (staging / name).write_text(body, encoding="utf-8")
    moved += 1
    attrs = re.sub(r'\s+nonce="[^"]*"', "", attrs)
    return f'<script{attrs} src="./{name}"></script>'


html = pattern.sub(extern, html)
index.write_text(html, encoding="utf-8")
print(f"extern_loader: moved {moved} inline script(s) out of index.html", file=sys.stderr)
