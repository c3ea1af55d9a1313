#!/usr/bin/env python3
"""Prints classification failure records (JSON lines) as a short table."""
import json
import sys

with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)
        print(f"  {r['reason']:<17} {r.get('field', '-'):<16} {r['error'][:90]}")
