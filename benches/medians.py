#!/usr/bin/env python3
"""Prints the median of every criterion benchmark run so far (criterion's own summary shows the mean).

Run after `cargo bench`: python3 benches/medians.py
"""
import glob
import json
import os

for path in sorted(glob.glob("target/criterion/**/new/estimates.json", recursive=True)):
    with open(path, encoding="utf-8") as f:
        estimates = json.load(f)
    name = os.path.relpath(os.path.dirname(os.path.dirname(path)), "target/criterion")
    median_us = estimates["median"]["point_estimate"] / 1000
    print(f"{name:45s} median {median_us:10.2f} µs")
