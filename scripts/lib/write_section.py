"""Replaces one `## Title…` section of BENCHMARKS.md with a new one, keeping the rest.

usage: write_section.py NEW_SECTION_FILE "Title prefix"
"""
import re
import sys

new = open(sys.argv[1]).read()
title = sys.argv[2]
try:
    old = open("BENCHMARKS.md").read()
except FileNotFoundError:
    old = "# Benchmarks\n\n"
pattern = re.compile(r"## " + re.escape(title) + r".*?(?=\n### |\n## |\Z)", re.S)
if pattern.search(old):
    out = pattern.sub(lambda _: new.rstrip() + "\n", old, count=1)
else:
    out = old.rstrip() + "\n\n" + new
open("BENCHMARKS.md", "w").write(out)
