"""Start-up cost of the bundle against the virtualenv: time from launch to the end of `tandem
self-test` (and of `tandem --version`, the bare start), median of several runs, with the ratio.

    .venv/bin/python installer/bench_selftest.py [BUNDLE] [--runs N] [--quick]

BUNDLE defaults to dist/bundle/tandem (installer/build.sh). The baseline is the `tandem` console
script of the virtualenv running this file, measured in the same run. Runs offscreen, with TANDEM_HOME
in a temporary folder; prints the figures, exits 1 if a self-test fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=REPO / "dist" / "bundle" / "tandem")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="two runs each (a smoke run for CI)")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    frozen = args.bundle / "tandem"
    venv = Path(sys.executable).parent / "tandem"
    for program in (frozen, venv):
        if not os.access(program, os.X_OK):
            print(f"{program} is missing: build the bundle with installer/build.sh", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TANDEM_HOME": home}
        print(f"runs: {runs} each, after one warm-up; machine: {os.cpu_count()} cores "
              f"(load {os.getloadavg()[0]:.1f})")
        for label, tail in (("--version", ["--version"]), ("self-test", ["self-test"])):
            medians = {}
            for name, program in (("bundle", frozen), ("virtualenv", venv)):
                _timed([str(program), *tail], env)
                medians[name] = statistics.median(_timed([str(program), *tail], env) for _ in range(runs))
            print(f"tandem {label:10} launch to done: bundle {medians['bundle']:.2f} s, "
                  f"virtualenv {medians['virtualenv']:.2f} s, "
                  f"ratio bundle/virtualenv {medians['bundle'] / medians['virtualenv']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
