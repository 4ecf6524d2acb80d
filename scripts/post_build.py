"""Trunk post-build hook (one hook, since Trunk runs the hooks of a stage concurrently). In
TRUNK_STAGING_DIR (default: dist/):

1. Moves every inline <script> of index.html into a file, so the page's Content-Security-Policy can
   forbid inline scripts ('unsafe-inline') in every build. Under `trunk serve` that includes Trunk's
   autoreload script, whose placeholders the dev server would only fill inside HTML: they are filled
   here so the script finds Trunk's WebSocket from the page's own address.
2. In a release build, shrinks the code (scripts/shrink.py: short import names, minified scripts).
3. In a release build, makes the offline app shell: the build's version (a hash of every file's name and
   bytes), written into index.html as <meta name="sockpit-build">, and sw.js (from src/sw.js) listing
   the files to cache under that version. A debug build (`trunk serve`) gets neither, so no service
   worker ever caches a development page.

Usable by hand on a deployed copy too: `TRUNK_STAGING_DIR=some/dist TRUNK_PROFILE=release python3
scripts/post_build.py` rewrites the version after a file there was changed (the offline tests do).
"""

import hashlib
import json
import os
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
release = os.environ.get("TRUNK_PROFILE", "release") == "release"
index = staging / "index.html"
html = index.read_text(encoding="utf-8")

# ---- 1. inline scripts into files ----

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
# Trunk's autoreload (src/autoreload.js in trunk 0.21): its dev server fills these only in HTML.
AUTORELOAD_FILL = [
    ("'{{__TRUNK_ADDRESS__}}'", "window.location.host"),
    ("`{{__TRUNK_ADDRESS__}}`", "window.location.host"),
    ("{{__TRUNK_WS_BASE__}}", os.environ.get("SOCKPIT_TRUNK_WS_BASE", "/")),
]
moved = []


def extern(match: re.Match) -> str:
    attrs, body = match.group("attrs"), match.group("body")
    if "src=" in attrs or not body.strip():
        return match.group(0)
    kind = "loader"
    if "__TRUNK_ADDRESS__" in body:
        kind = "autoreload"
        for placeholder, value in AUTORELOAD_FILL:
            body = body.replace(placeholder, value)
    name = f"{kind}-" + hashlib.sha256(body.encode()).hexdigest()[:16] + ".js"
    (staging / name).write_text(body, encoding="utf-8")
    moved.append(name)
    attrs = re.sub(r'\s+nonce="[^"]*"', "", attrs)
    return f'<script{attrs} src="./{name}"></script>'


html = SCRIPT.sub(extern, html)

# ---- 2. release builds: short import names, minified scripts (scripts/shrink.py) ----

shrunk = "not shrunk (a debug build)"
if release:
    sys.path.insert(0, str(HERE))
    from shrink import shrink

    html, shrunk = shrink(staging, html)

# ---- 3. the offline shell (release only) ----

META = re.compile(r'\s*<meta name="sockpit-build" content="[^"]*" />')
html = META.sub("", html)
sw_path = staging / "sw.js"
if release:
    files = sorted(
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file() and p.name != "sw.js" and p.name != "index.html" and not p.name.startswith(".")
    )
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (staging / name).read_bytes() + b"\0")
    digest.update(b"index.html\0" + html.encode())
    version = digest.hexdigest()[:16]
    html = html.replace("<head>", f'<head>\n    <meta name="sockpit-build" content="{version}" />', 1)
    shell = ["./", "./index.html"] + [f"./{name}" for name in files]
    template = (HERE.parent / "src" / "sw.js").read_text(encoding="utf-8")
    sw = template.replace('"__VERSION__"', json.dumps(version)).replace("[/* __FILES__ */]", json.dumps(shell))
    sw_path.write_text(sw, encoding="utf-8")
    summary = f"offline shell {version} ({len(shell)} URLs)"
else:
    if sw_path.exists():
        sw_path.unlink()
    summary = "no offline shell in a debug build"

index.write_text(html, encoding="utf-8")
print(
    f"post_build: moved {len(moved)} inline script(s) out of index.html {moved}; {shrunk}; {summary}",
    file=sys.stderr,
)
