#!/usr/bin/python3
"""Parses feeds with Debian's python3-feedparser (a real feed parser) and checks their content.
Usage: check_feeds.py ATOM RSS COMPONENT_ATOM; prints what is wrong and exits 1, or exits 0."""
import sys
import feedparser

problems = []
feeds = {}
for path in sys.argv[1:4]:
    with open(path, "rb") as f:
        parsed = feedparser.parse(f.read())
    feeds[path] = parsed
    if parsed.bozo:
        problems.append(f"{path}: not well-formed: {parsed.bozo_exception}")
    if not parsed.entries:
        problems.append(f"{path}: no entries")

atom, rss, component = (feeds[p] for p in sys.argv[1:4])
if atom.version != "atom10":
    problems.append(f"atom version {atom.version}")
if rss.version != "rss20":
    problems.append(f"rss version {rss.version}")
if not atom.feed.title.endswith("Status - Incident History"):
    problems.append(f"atom title {atom.feed.title!r}")
if len(atom.entries) != len(rss.entries):
    problems.append("atom and rss differ in entries")
for e in atom.entries:
    if not e.id.startswith("urn:pharos:"):
        problems.append(f"entry id {e.id}")
    if "/incidents/" not in e.link:
        problems.append(f"entry link {e.link}")
    # feedparser's sanitizer drops the data-var attributes; the <var> markup itself stays.
    if "<var>" not in e.content[0].value or "<strong>" not in e.content[0].value:
        problems.append("content lacks the Statuspage date markup")
        break
dates = [e.published_parsed for e in atom.entries]
if dates != sorted(dates, reverse=True):
    problems.append("entries are not newest first")
if len(component.entries) > len(atom.entries):
    problems.append("a component feed has more entries than the whole page")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
