#!/usr/bin/env python3
"""Field accuracy of `pharos import` on the labelled corpus of real incident pages.

    bench/import_score.py build/pharos                 # every page: per layout, tuned vs held-out
    bench/import_score.py build/pharos --set tuned     # only the pages the reader was tuned on
    bench/import_score.py build/pharos --smoke --min 0.9   # a few pages (CI); exit 1 below 90 %

Each page in tests/fixtures/import/corpus/manifest.json is imported with
`pharos import --dry-run --json [label args] PAGE` and compared with its hand label (PAGE.json),
field by field: vendor, title, impact, status, started_at, resolved_at, duration_seconds,
components (the list as a whole), postmortem (present or not), postmortem_at (when labelled), and
for every labelled or produced update its status, time and text. A page the importer refuses
scores every labelled field as wrong. Texts compare with whitespace runs collapsed.
The wrong fields are listed after the table (`--quiet` leaves them out).
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "fixtures", "import", "corpus")
SCALARS = ["vendor", "title", "impact", "status", "started_at", "resolved_at", "duration_seconds"]
SMOKE = 6  # pages in --smoke: the first tuned page of each of the first layouts
TIMEOUT_S = 20


def norm(value):
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    return value


def run_import(binary, page, args):
    cmd = [binary, "import", "--dry-run", "--json", *args, os.path.join(CORPUS, page)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % TIMEOUT_S
    lines = [l for l in out.stdout.splitlines() if l.strip()]
    if out.returncode != 0 or not lines:
        return None, (out.stderr.strip().splitlines() or ["exit %d" % out.returncode])[-1]
    return json.loads(lines[0]), None


def compare(label, got):
    """[(field, ok, expected, actual)] for one page; got is None when the import failed."""
    got = got or {}
    rows = [(f, norm(label.get(f)) == norm(got.get(f)), label.get(f), got.get(f)) for f in SCALARS]
    exp_c, got_c = label.get("components", []), got.get("components", [])
    rows.append(("components", [norm(c) for c in exp_c] == [norm(c) for c in got_c], exp_c, got_c))
    has_pm = label.get("postmortem") is not None
    rows.append(("postmortem", has_pm == (got.get("postmortem") is not None), has_pm,
                 got.get("postmortem") is not None))
    if label.get("postmortem_at"):
        rows.append(("postmortem_at", label["postmortem_at"] == got.get("postmortem_at"),
                     label["postmortem_at"], got.get("postmortem_at")))
    exp_u, got_u = label.get("updates", []), got.get("updates", [])
    for i in range(max(len(exp_u), len(got_u))):
        e = exp_u[i] if i < len(exp_u) else {}
        g = got_u[i] if i < len(got_u) else {}
        for key in ("status", "at", "body"):
            rows.append(("updates[%d].%s" % (i, key), i < len(exp_u) and i < len(got_u) and
                         norm(e.get(key)) == norm(g.get(key)), e.get(key), g.get(key)))
    return rows


def pick_pages(manifest, which, smoke):
    pages = manifest["pages"]
    if which == "tuned":
        pages = [p for p in pages if not p["held_out"]]
    elif which == "held_out":
        pages = [p for p in pages if p["held_out"]]
    if smoke:
        seen, picked = set(), []
        for p in pages:
            if not p["held_out"] and p["layout"] not in seen:
                seen.add(p["layout"])
                picked.append(p)
        pages = picked[:SMOKE]
    return pages


def short(value, width=70):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pharos", help="path of the pharos binary")
    parser.add_argument("--set", choices=["all", "tuned", "held_out"], default="all")
    parser.add_argument("--smoke", action="store_true", help="a few tuned pages only (for CI)")
    parser.add_argument("--min", type=float, default=None,
                        help="exit 1 when the overall accuracy is below this fraction")
    parser.add_argument("--quiet", action="store_true", help="do not list the wrong fields")
    opts = parser.parse_args()

    manifest = json.load(open(os.path.join(CORPUS, "manifest.json"), encoding="utf-8"))
    totals = defaultdict(lambda: [0, 0, 0, 0])  # (set, layout) -> right, fields, exact, pages
    wrong, readers = [], defaultdict(int)
    for entry in pick_pages(manifest, opts.set, opts.smoke):
        page = entry["page"]
        label = json.load(open(os.path.join(CORPUS, page[:-4] + ".json"), encoding="utf-8"))
        got, error = run_import(opts.pharos, page, label.get("args", []))
        readers[(got or {}).get("reader", "error" if error else "?")] += 1
        rows = compare(label, got)
        key = ("held-out" if entry["held_out"] else "tuned", entry["layout"])
        right = sum(ok for _, ok, _, _ in rows)
        t = totals[key]
        t[0], t[1], t[2], t[3] = t[0] + right, t[1] + len(rows), t[2] + (right == len(rows)), t[3] + 1
        if error:
            wrong.append("%s: refused: %s" % (page, error))
        for field, ok, exp, act in rows:
            if not ok and not error:
                wrong.append("%s: %s expected %s got %s" % (page, field, short(exp), short(act)))

    print("%-9s %-22s %6s %8s %9s" % ("set", "layout", "pages", "exact", "fields"))
    overall = defaultdict(lambda: [0, 0, 0, 0])
    for (which, layout), (right, fields, exact, pages) in sorted(totals.items()):
        print("%-9s %-22s %6d %8d %8.1f%%" % (which, layout, pages, exact, 100.0 * right / fields))
        for k in (which, "all"):
            o = overall[k]
            o[0], o[1], o[2], o[3] = o[0] + right, o[1] + fields, o[2] + exact, o[3] + pages
    for which in ("tuned", "held-out", "all"):
        if which in overall:
            right, fields, exact, pages = overall[which]
            print("%-9s %-22s %6d %8d %8.1f%%  (%d/%d fields)" %
                  (which, "OVERALL", pages, exact, 100.0 * right / fields, right, fields))
    print("readers: " + ", ".join("%s %d" % kv for kv in sorted(readers.items())))
    if not opts.quiet and wrong:
        print("\nwrong fields:")
        for line in wrong:
            print("  " + line)
    right, fields = overall["all"][0], overall["all"][1]
    if opts.min is not None and fields and right / fields < opts.min:
        print("import_score: %.1f%% is below the minimum %.1f%%" %
              (100.0 * right / fields, 100.0 * opts.min), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
