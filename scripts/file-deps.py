#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Which source file of a module uses which other one, and where two
files use each other.

    scripts/file-deps.py [--graph] [DIR...]     (default: every module
                                                  folder under drivers/)
    scripts/file-deps.py --self-test

File A uses file B when A names a function or global variable that B
defines without "static" (the folder's tests/ are not looked at). Every
module folder should be layered: no two files, and no ring of files, may
use each other. Output is TAP, one line per folder, each ring named with
what each file takes from the next one; --graph also prints every edge.
The scan reads C text (comments and strings dropped), it does not parse
it: a name defined twice is taken as the first definition found."""
import os
import re
import sys
import tempfile

COMMENTS = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\])*"', re.S)
# A definition starts in column 0: "type name(args) {", or a global
# "type name [= ...];". Lines starting with "static" are private.
FUNC = re.compile(r'^(?!static\b)[A-Za-z_][\w \*]*?\b(\w+)\s*\([^;{]*?\)\s*\{',
                  re.M)
VAR = re.compile(r'^(?!static\b|extern\b|typedef\b)(?:const\s+)?'
                 r'(?:struct\s+\w+|\w+)[\s\*]+(\w+)\s*(?:\[[^\]]*\])?\s*[=;]',
                 re.M)
PRIVATE = re.compile(r'^static\b[^;=({]*?\b(\w+)\s*[(\[=;]', re.M)
KEYWORDS = {'if', 'for', 'while', 'switch', 'return', 'sizeof'}


def scan(folder):
    """Return {file: {used file: sorted names}} for the .c files of folder."""
    text, private, owner = {}, {}, {}
    files = sorted(f for f in os.listdir(folder) if f.endswith('.c'))
    for f in files:
        with open(os.path.join(folder, f)) as fh:
            t = COMMENTS.sub('', fh.read())
        text[f] = t
        private[f] = set(PRIVATE.findall(t))
        for name in FUNC.findall(t) + VAR.findall(t):
            if name not in KEYWORDS:
                owner.setdefault(name, f)
    edges = {f: {} for f in files}
    for f in files:
        for word in set(re.findall(r'\b\w+\b', text[f])) - private[f]:
            g = owner.get(word)
            if g and g != f:
                edges[f].setdefault(g, []).append(word)
    return {f: {g: sorted(w) for g, w in e.items()} for f, e in edges.items()}


def rings(edges):
    """Strongly connected groups of two or more files (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def report(folders, graph):
    failed = 0
    print(f'1..{len(folders)}')
    for n, folder in enumerate(folders, 1):
        edges = scan(folder)
        bad = rings(edges)
        print(f'{"not ok" if bad else "ok"} {n} - {folder}: '
              f'{len(bad)} ring(s) of files using each other')
        for group in bad:
            print('#   ring: ' + ' '.join(group))
            for a in group:
                for b in group:
                    if b in edges[a]:
                        print(f'#     {a} -> {b}: {", ".join(edges[a][b])}')
        if graph:
            for a in sorted(edges):
                if edges[a]:
                    print(f'#   {a} -> {", ".join(sorted(edges[a]))}')
        failed += bool(bad)
    return failed


def self_test():
    """The scan on two small folders: one layered, one with a ring."""
    cases = {
        'layered': ({'low.c': 'int low_get(void)\n{\n\treturn 1;\n}\n',
                     'top.c': 'static int helper(void)\n{\n\treturn low_get();\n}\n'},
                    []),
        'ring': ({'a.c': 'int shared;\nvoid a_run(void)\n{\n\tb_run();\n}\n',
                  'b.c': 'void b_run(void)\n{\n\tshared++;\n}\n'},
                 [['a.c', 'b.c']]),
        'private': ({'a.c': 'static void run(void)\n{\n}\nvoid a_go(void)\n{\n\trun();\n}\n',
                     'b.c': 'void run(void)\n{\n\ta_go();\n}\n'},
                    []),
    }
    print(f'1..{len(cases)}')
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, (files, want)) in enumerate(cases.items(), 1):
            folder = os.path.join(tmp, name)
            os.mkdir(folder)
            for f, body in files.items():
                with open(os.path.join(folder, f), 'w') as fh:
                    fh.write(body)
            got = rings(scan(folder))
            ok = got == want
            failed += not ok
            print(f'{"ok" if ok else "not ok"} {n} - {name}: rings {got}')
    return failed


def main(argv):
    if argv[1:] == ['--self-test']:
        return 1 if self_test() else 0
    graph = '--graph' in argv
    folders = [a for a in argv[1:] if a != '--graph']
    if not folders:
        top = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
        folders = sorted(os.path.relpath(d, top) for d, _, fs in
                         os.walk(os.path.join(top, 'drivers'))
                         if os.path.basename(d) != 'tests' and
                         any(f.endswith('.c') for f in fs))
        os.chdir(top)
    return 1 if report(folders, graph) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
