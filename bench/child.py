"""Runs `digest` with the given arguments and prints its own peak RSS (MB) to stderr, last line."""

from __future__ import annotations

import resource
import sys

from digest.cli import main

if __name__ == "__main__":
    code = main(sys.argv[1:])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak_rss_mb={peak:.0f}", file=sys.stderr)
    raise SystemExit(code)
