#!/usr/bin/env python3
"""Top frames of a JFR recording's execution samples: self (top of stack) and inclusive per method.
   jfr print --json --events jdk.ExecutionSample rec.jfr > samples.json && python3 jfr_top.py samples.json [filter]"""
import collections, json, sys

events = json.load(open(sys.argv[1]))["recording"]["events"]
want = sys.argv[2] if len(sys.argv) > 2 else None
self_count, incl = collections.Counter(), collections.Counter()
threads = collections.Counter()
n = 0
for e in events:
    v = e["values"]
    frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in v["stackTrace"]["frames"]]
    if not frames:
        continue
    n += 1
    threads[(v.get("sampledThread") or {}).get("javaName") or "?"] += 1
    self_count[frames[0]] += 1
    for m in set(frames):
        if want is None or want in m:
            incl[m] += 1
print(f"{n} samples")
for title, c in (("threads", threads), ("self", self_count), ("inclusive", incl)):
    print(f"--- {title}")
    for m, k in c.most_common(35):
        print(f"{100.0 * k / n:6.1f}%  {m}")
