#!/usr/bin/env python3
"""Lint counts over dmsb's test corpus, for before/after comparisons of the front end.

Runs `dmsb lint --format=json` (from the jar given) on every file of
core/src/test/resources/corpus/manifest.txt and on BuildKit's parser fixtures
(core/src/test/resources/buildkit/parser/*/Dockerfile), one process per file, and prints per set:
files, crashes (exit 4, no JSON, or an InternalError diagnostic), files with errors (exit 1), and
errors, warnings and notes per file with the count of each rule.

usage: scripts/corpus-lint-counts.py path/to/dmsb.jar
"""
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'core', 'src', 'test', 'resources')


def files():
    out = []
    with open(os.path.join(ROOT, 'corpus', 'manifest.txt')) as m:
        for line in m:
            if line.startswith('file: '):
                out.append('corpus/' + line[6:].strip())
    fixtures = os.path.join(ROOT, 'buildkit', 'parser')
    for c in sorted(os.listdir(fixtures)):
        if os.path.isdir(os.path.join(fixtures, c)):
            out.append('buildkit/parser/' + c + '/Dockerfile')
    return out


def lint(jar, f):
    p = subprocess.run(['java', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', jar, 'lint',
                        '--format=json', f], cwd=ROOT, capture_output=True, text=True)
    try:
        return p.returncode, json.loads(p.stdout)['diagnostics']
    except (ValueError, KeyError):
        return p.returncode, None


def main():
    jar = os.path.abspath(sys.argv[1])
    rows = [(f,) + lint(jar, f) for f in files()]
    for prefix in ('corpus/', 'buildkit/'):
        rs = [r for r in rows if r[0].startswith(prefix)]
        crashes = sum(1 for _, rc, d in rs
                      if rc == 4 or d is None or any(x['rule'] == 'InternalError' for x in d))
        sev = collections.Counter()
        rules = collections.Counter()
        for _, _, d in rs:
            for x in d or []:
                sev[x['severity']] += 1
                rules[x['rule'] + ':' + x['severity']] += 1
        n = len(rs)
        print('%s files=%d crashes=%d files-with-errors=%d per-file: errors=%.2f warnings=%.2f notes=%.2f'
              % (prefix, n, crashes, sum(1 for _, rc, _ in rs if rc == 1),
                 sev['error'] / n, sev['warning'] / n, sev['info'] / n))
        print('  ' + ', '.join('%s=%d' % kv for kv in rules.most_common()))


if __name__ == '__main__':
    main()
