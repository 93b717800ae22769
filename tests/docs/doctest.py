#!/usr/bin/python3
"""Runs every example in the documentation and checks what it prints.

Usage: doctest.py [FILE.md ...]   (default: README.md and docs/**/*.md)
Environment: SQLITE3 (the sqlite3 CLI), NORMALIZE_EXT (the built extension,
without its suffix), NODE_PATH_DIR (where node_modules for the JavaScript
examples live; default tests/clients/node_modules).

Requirements (the lines it prints cite them):
 1. A doc test is a fenced block whose info string is sql, python, sh or js,
    IMMEDIATELY followed (blank lines allowed) by a fenced block whose info
    string is `output`. Blocks without an output block are not run.
 2. A sql block runs in the sqlite3 CLI (default list mode, '|'-separated,
    no headers) with the extension already loaded. All sql blocks of one
    Markdown file share one database file, in order, so an example may use a
    table an earlier example of the same page created. Errors print as the
    interactive shell shows them: "Runtime error: MESSAGE" (the CLI's
    " near line N" is dropped, since it depends on how the shell is fed).
 3. python blocks run in /usr/bin/python3, sh blocks in bash, js blocks in
    node (with NODE_PATH set to the client test's node_modules; a js block
    whose module is not installed is skipped with the reason, never passed).
    The blocks of one page run in one temporary directory (so a page may
    write files, e.g. shards to ATTACH, and use them in a later example),
    holding a symlink `dist` to the built extension's folder, so examples say
    `./dist/normalize` as a user in the repository root would.
 4. The output (stdout, then stderr) must equal the output block, line by
    line, ignoring trailing spaces and trailing blank lines.
 5. docs/functions.md documents every function the extension registers: the
    names the loaded extension adds to pragma_function_list must equal the
    names documented there (see the rule at the top of that page); a name
    documented but not registered is also a failure (a typo or a stale entry).
 6. Every registered function appears, as `name(`, in at least one sql doc
    test of docs/functions.md: every function has an example that runs.
Prints "ok NAME", "FAIL NAME: detail" and "skip NAME: reason" lines.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SQLITE3 = os.environ.get("SQLITE3", "sqlite3")
EXT = os.environ.get("NORMALIZE_EXT", os.path.join(ROOT, "dist", "normalize"))
if not os.path.isabs(EXT):
    EXT = os.path.join(ROOT, EXT)
NODE_MODULES = os.environ.get("NODE_PATH_DIR", os.path.join(ROOT, "tests", "clients", "node_modules"))
LANGS = ("sql", "python", "sh", "js")
FENCE = re.compile(r"^(```+)\s*([A-Za-z0-9_+-]*)[^`]*$")


def blocks(path):
    """Yields (line number, info, text) for every fenced block of a file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info, start = m.group(1), m.group(2).lower(), i + 1
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        yield start, info, "\n".join(body) + "\n", i
        i += 1


def doc_tests(path):
    """Yields (line, lang, code, expected) for requirement 1."""
    found = list(blocks(path))
    lines = open(path, encoding="utf-8").read().split("\n")
    for k, (start, info, text, end) in enumerate(found):
        if info not in LANGS or k + 1 >= len(found):
            continue
        nstart, ninfo, ntext, _ = found[k + 1]
        between = lines[end + 1:nstart - 1]
        if ninfo == "output" and all(not s.strip() for s in between):
            yield start, info, text, ntext


def normalize(text):
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^(Runtime|Parse) error near line \d+: ", r"\1 error: ", line)
        line = re.sub(r"^Error: near line \d+: ", "Runtime error: ", line)
        out.append(line.rstrip())
    while out and out[-1] == "":
        out.pop()
    return out


def workdir():
    d = tempfile.mkdtemp(prefix="doctest-")
    os.symlink(os.path.dirname(EXT), os.path.join(d, "dist"))
    return d


def run(lang, code, db, cwd):
    """Runs one example; returns (output text, reason to skip or None)."""
    env = dict(os.environ)
    if lang == "sql":
        cmd = [SQLITE3, "-batch", db, "-cmd", ".load " + EXT]
    elif lang == "python":
        cmd = ["/usr/bin/python3", "-"]
    elif lang == "sh":
        cmd = ["bash", "-e", "-o", "pipefail", "-s"]
    else:
        if shutil.which("node") is None:
            return None, "node is not installed"
        for mod in re.findall(r"require\(['\"]([^'\"]+)['\"]\)", code):
            if not os.path.isdir(os.path.join(NODE_MODULES, mod)):
                return None, f"node module {mod} is not installed in {NODE_MODULES} (npm install --prefix tests/clients; .ci/run does)"
        env["NODE_PATH"] = NODE_MODULES
        cmd = ["node", "-"]
    p = subprocess.run(cmd, input=code, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)
    return p.stdout + p.stderr, None


def check_examples(files):
    """Requirements 1-4. Returns the sql examples of docs/functions.md."""
    function_examples = []
    for path in files:
        rel = os.path.relpath(path, ROOT)
        tmp = tempfile.mkdtemp(prefix="doctest-db-")
        db = os.path.join(tmp, "doc.db")
        cwd = workdir()
        try:
            for line, lang, code, expected in doc_tests(path):
                name = f"{rel}:{line}"
                got, skip = run(lang, code, db, cwd)
                if skip:
                    print(f"skip {name}: {skip}")
                    continue
                want, have = normalize(expected), normalize(got)
                if want == have:
                    print(f"ok {name}")
                else:
                    print(f"FAIL {name}: expected {want!r}, got {have!r}")
                if rel == os.path.join("docs", "functions.md") and lang == "sql":
                    function_examples.append(code)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(cwd, ignore_errors=True)
    return function_examples


def registered_functions():
    """Names the extension adds to pragma_function_list."""
    q = "SELECT DISTINCT name FROM pragma_function_list ORDER BY 1;"
    base = subprocess.run([SQLITE3, ":memory:", q], capture_output=True, text=True, check=True).stdout.split()
    with_ext = subprocess.run([SQLITE3, ":memory:", "-cmd", ".load " + EXT, q], capture_output=True, text=True,
                              check=True).stdout.split()
    return sorted(set(with_ext) - set(base))


def documented_functions(path):
    """Names documented in docs/functions.md, by the rule at its top:
    `name(` inside backticks in a `### ` heading or in the first cell of a
    table row."""
    names = set()
    for line in open(path, encoding="utf-8"):
        if line.startswith("### "):
            where = line
        elif line.startswith("|"):
            where = line.split("|")[1]
        else:
            continue
        for span in re.findall(r"`([^`]*)`", where):
            names.update(re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)\(", span))
    return names


def check_reference(function_examples):
    """Requirements 5 and 6."""
    ref = os.path.join(ROOT, "docs", "functions.md")
    registered = registered_functions()
    documented = documented_functions(ref)
    for name in registered:
        if name not in documented:
            print(f"FAIL reference {name}: registered but not documented in docs/functions.md")
        elif not any(re.search(r"\b" + re.escape(name) + r"\s*\(", code) for code in function_examples):
            print(f"FAIL example {name}: no doc-tested sql example in docs/functions.md calls {name}()")
        else:
            print(f"ok reference {name}")
    for name in sorted(documented - set(registered)):
        print(f"FAIL reference {name}: documented in docs/functions.md but not registered by the extension")


def main():
    files = sys.argv[1:] or [os.path.join(ROOT, "README.md")] + sorted(
        glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))
    examples = check_examples([os.path.abspath(f) for f in files])
    if not sys.argv[1:]:
        check_reference(examples)


if __name__ == "__main__":
    main()
