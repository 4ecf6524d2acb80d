"""Release builds only (called by post_build.py): makes the page's code smaller without changing it.

1. The WebAssembly's imports get short names. wasm-bindgen names each one after what it binds plus a
   hash (`__wbg_setAttribute_f75317b2b5cabfb4`): 266 of them, ~8.9 KB of names in the .wasm and the same
   again as keys in the JS glue, with the hashes' random digits compressing badly. So do the exports that
   only the glue calls (`wasm_bindgen__convert__closures_____invoke__h…`). The names change in both files,
   together; nothing else refers to them.
2. The JS files the page loads (the glue, its snippets, the loader, crash.js) are minified by terser.
3. The Subresource Integrity hashes of index.html are written again for the files that changed.

Run again over a build it shrank, it changes nothing. Each step checks what it rewrites (each import's name found exactly once in the glue, the module's
sections read to their ends) and stops the build with a message otherwise.
"""

import base64
import hashlib
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
TERSER = ROOT / "node_modules" / ".bin" / "terser"


def leb(b: bytes, i: int) -> tuple[int, int]:
    """An unsigned LEB128 at `i`: (value, the index after it)."""
    value = shift = 0
    while True:
        x = b[i]
        i += 1
        value |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return value, i


def to_leb(n: int) -> bytes:
    out = bytearray()
    while True:
        x = n & 0x7F
        n >>= 7
        out.append(x | (0x80 if n else 0))
        if not n:
            return bytes(out)


def short_names():
    """a, b, …, Z, then two letters: valid JS identifiers that are no JS keyword."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    yield from letters
    for a in letters:
        for b in letters + "0123456789_":
            if a + b not in ("do", "if", "in"):
                yield a + b


def rename_wasm(wasm: bytes, wanted) -> tuple[bytes, dict[str, str]]:
    """Renames the imports and the exports for which `wanted(name, is_import)` is true."""
    fresh = short_names()
    mapping: dict[str, str] = {}
    out = bytearray(wasm[:8])
    i = 8
    while i < len(wasm):
        sid = wasm[i]
        size, start = leb(wasm, i + 1)
        end = start + size
        body = wasm[start:end]
        if sid in (2, 7):
            body = rename_section(body, sid == 2, wanted, fresh, mapping)
        out.append(sid)
        out += to_leb(len(body)) + body
        i = end
    if i != len(wasm):
        raise SystemExit("shrink: the .wasm's sections do not end where the file does")
    return bytes(out), mapping


def import_names(wasm: bytes) -> list[str]:
    names: list[str] = []

    def note(name: str, imported: bool) -> bool:
        if imported:
            names.append(name)
        return False

    rename_wasm(wasm, note)
    return names


def rename_section(body: bytes, imports: bool, wanted, fresh, mapping) -> bytes:
    count, j = leb(body, 0)
    out = bytearray(to_leb(count))
    for _ in range(count):
        if imports:
            n, k = leb(body, j)
            out += body[j : k + n]  # the module's name, kept
            j = k + n
        n, k = leb(body, j)
        name = body[k : k + n].decode()
        j = k + n
        if wanted(name, imports):
            mapping[name] = mapping.get(name) or next(fresh)
            name = mapping[name]
        encoded = name.encode()
        out += to_leb(len(encoded)) + encoded
        # The rest of the entry: its kind and description.
        kind = body[j]
        k = j + 1
        if not imports or kind == 0:  # an export's index, or an imported function's type
            _, k = leb(body, k)
        elif kind == 1:  # table: element type, limits
            flags, k = leb(body, k + 1)
            _, k = leb(body, k)
            if flags & 1:
                _, k = leb(body, k)
        elif kind == 2:  # memory: limits
            flags, k = leb(body, k)
            _, k = leb(body, k)
            if flags & 1:
                _, k = leb(body, k)
        elif kind == 3:  # global: type, mutability
            k += 2
        else:
            raise SystemExit(f"shrink: an import of unknown kind {kind}")
        out += body[j:k]
        j = k
    if j != len(body):
        raise SystemExit("shrink: an import or export section was not read to its end")
    return bytes(out)


def rename_js(js: str, mapping: dict[str, str], imports: set[str]) -> str:
    for old, new in mapping.items():
        pattern = re.compile(r"(?<![\w$])" + re.escape(old) + r"(?![\w$])")
        found = len(pattern.findall(js))
        if (old in imports and found != 1) or found == 0:
            raise SystemExit(f"shrink: {old} found {found} times in the JS glue")
        js = pattern.sub(new, js)
    return js


def minify(path: pathlib.Path, module: bool) -> None:
    if not TERSER.exists():
        raise SystemExit(f"shrink: {TERSER} is missing: run scripts/tools.sh (npm install)")
    args = [str(TERSER), str(path), "--compress", "--mangle", "--ecma", "2020", "-o", str(path)]
    if module:
        args.insert(2, "--module")
    subprocess.run(args, check=True)


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def shrink(staging: pathlib.Path, html: str) -> tuple[str, str]:
    """Shrinks the build in `staging` whose index.html is `html`; returns (html, what was done)."""
    wasm_names = re.findall(r'href="\./([^"/]+_bg\.wasm)"', html)
    glue_names = re.findall(r'<link rel="modulepreload" href="\./([^"/]+\.js)"', html)
    if len(set(wasm_names)) != 1 or not glue_names:
        raise SystemExit("shrink: index.html does not preload exactly one .wasm and its glue")
    wasm_path = staging / wasm_names[0]
    glue_path = staging / glue_names[0]
    before = wasm_path.stat().st_size + glue_path.stat().st_size

    original = wasm_path.read_bytes()
    if not any(name.startswith("__wbg_") for name in import_names(original)):
        # Shrunk already: post_build.py run again over a built copy (a deploy's version rewritten).
        return html, "shrunk already"
    wasm, mapping = rename_wasm(
        original,
        lambda name, imp: imp or name.startswith("wasm_bindgen__convert__closures_"),
    )
    imports = {old for old in mapping if not old.startswith("wasm_bindgen__convert__closures_")}
    glue = rename_js(glue_path.read_text(encoding="utf-8"), mapping, imports)
    wasm_path.write_bytes(wasm)
    glue_path.write_text(glue, encoding="utf-8")

    # The glue and its snippets are modules; so is a script the page loads with type="module".
    scripts = [
        (staging / m.group(2), "type=\"module\"" in m.group(1))
        for m in re.finditer(r'<script([^>]*)\bsrc="\./([^"/]+\.js)"', html)
    ]
    snippets = sorted((staging / "snippets").rglob("*.js")) if (staging / "snippets").exists() else []
    for path, module in [(glue_path, True), *((s, True) for s in snippets), *scripts]:
        minify(path, module)

    def fix(match: re.Match) -> str:
        # One tag: its integrity is written again for the file its href or src names, whichever order
        # the attributes come in.
        tag = match.group(0)
        name = re.search(r'\b(?:href|src)="\./([^"]+)"', tag)
        if name is None or not re.search(r'\bintegrity="sha384-[^"]*"', tag):
            return tag
        digest = sri((staging / name.group(1)).read_bytes())
        return re.sub(r'\bintegrity="sha384-[^"]*"', lambda _: f'integrity="{digest}"', tag)

    html = re.sub(r"<(?:link|script)\b[^>]*>", fix, html)
    after = wasm_path.stat().st_size + glue_path.stat().st_size
    return html, f"{len(mapping)} names shortened, {1 + len(snippets) + len(scripts)} scripts minified ({before} -> {after} B)"
