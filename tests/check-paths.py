#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Every file path this tree names must exist: a reader who follows a
# pointer in a doc or a comment ("see tests/lib/dkernel.sh",
# "vmlat_parse.c does ...") must find the file. Scans every file git
# tracks (docs, comments and code alike) for
#   - paths under one of the tree's top-level directories
#     (module/vmlat_stage.c, tests/guest/run.sh, docs/abi.md), which must
#     exist from the top of the tree; and
#   - bare names of the tree's own files (vmlat_stage.c, 86-trace.sh),
#     which must exist somewhere in it; in the module's and the reader's
#     sources, in their own directory or abi/, which is all they build
#     from (module/ naming the reader's vmlat_parse.c is a wrong pointer).
#   - in Markdown, every relative link's target, from the page's own
#     directory.
# Placeholders (tests/guest/out/KERNEL/, NN-name.sh, *.c), outputs of a
# build or a run (tests/guest/out/, userspace/vmlat, *.ko, *.o) and the
# kernel's own files (kernel/trace/trace_osnoise.c) are not this tree's.
# Prints TAP: one result per file that names paths, each missing path a
# diagnostic with its line. Exit 1 when any is missing.
# Usage: tests/check-paths.py [TOP]

import os
import re
import subprocess
import sys

TOPDIRS = ("abi", "bench", "debian", "docs", "module", "packaging",
           "tests", "userspace", ".ci")
# outputs of builds and runs, named on purpose, never tracked
GENERATED = re.compile(r"""
    (^|/)out(/|$) | \.(ko|o|mod|cmd|deb|tap|log|svg|json|csv|prom)$ |
    ^userspace/vmlat$ | ^tests/unit/build | ^bench/out | /build(/|$) |
    (^|/)(modules\.order|Module\.symvers)$ |
    ^debian/(tmp|vmlat|vmlat-dkms|\.debhelper)(/|$|\.)
""", re.X)
# an upper-case word (KERNEL, NAME, NN) stands for a value, but a file
# named in capitals (README.md) is a file
PLACEHOLDER = re.compile(r"(^|[/_.-])(?!(README|LICENSE|COPYING)\b)[A-Z][A-Z0-9]+([/_.-]|$)|"
                         r"(^|/)NN|[*{}<>$]")
PATH = re.compile(r"(?<![\w/.$~-])((?:%s)/[A-Za-z0-9_./+-]*[A-Za-z0-9_+])"
                  % "|".join(re.escape(d) for d in TOPDIRS))
# the tree's naming: module and abi files, guest tests, scripts
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")
BARE = re.compile(r"(?<![\w/.$-])(vmlat_[a-z0-9_]+\.[ch]|\d\d-[a-z0-9-]+\.sh)(?![\w/-])")


def tracked(top):
    out = subprocess.run(["git", "-C", top, "ls-files", "-z"],
                         capture_output=True, check=True).stdout
    return [p for p in out.decode().split("\0") if p]


def text_of(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", "replace")


def main():
    top = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                          os.path.join(os.path.dirname(__file__), ".."))
    files = tracked(top)
    names = {os.path.basename(p) for p in files}
    # the directories a source's bare names resolve in
    scoped = {d: {os.path.basename(p) for p in files
                  if p.startswith(d + "/") or p.startswith("abi/")}
              for d in ("module", "userspace")}
    dirs = {os.path.dirname(p) for p in files}
    existing = set(files) | dirs
    n = failed = 0
    print("TAP version 13")
    for f in files:
        text = text_of(os.path.join(top, f))
        if text is None:
            continue
        missing = []
        named = 0
        scope = scoped.get(f.split("/")[0], names)
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in PATH.finditer(line):
                p = m.group(1).rstrip("/.")
                if PLACEHOLDER.search(p) or GENERATED.search(p):
                    continue
                # "module/vmlat_stage.[ch]": both
                alts = [p]
                if line.startswith(".[ch]", m.end(1)):
                    alts = [p + ".c", p + ".h"]
                for a in alts:
                    named += 1
                    # a program built from its one source file
                    if a not in existing and a + ".c" not in existing and \
                            not os.path.exists(os.path.join(top, a)):
                        missing.append((lineno, a))
            for m in LINK.finditer(line) if f.endswith(".md") else ():
                target = m.group(1)
                if re.match(r"[a-z]+:", target):
                    continue
                named += 1
                t = os.path.normpath(os.path.join(os.path.dirname(f), target))
                if t not in existing and not os.path.exists(os.path.join(top, t)):
                    missing.append((lineno, target + " (a link)"))
            for m in BARE.finditer(line):
                b = m.group(1)
                if PLACEHOLDER.search(b):
                    continue
                named += 1
                if b not in (scope if b.startswith("vmlat_") else names):
                    missing.append((lineno, b))
        if not named:
            continue
        n += 1
        if missing:
            failed += 1
            print("not ok %d - %s: every path it names exists" % (n, f))
            for lineno, p in missing:
                print("# %s:%d: no %s in this tree" % (f, lineno, p))
        else:
            print("ok %d - %s: every path it names exists (%d)" % (n, f, named))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
