"""Run every benchmark under bench/ in turn and print their figures (`make bench`)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ORDER = ["bench_resolve.py", "bench_extract.py", "bench_map.py", "bench_memory.py"]


def main() -> int:
    here = Path(__file__).parent
    scripts = [here / name for name in ORDER if (here / name).is_file()]
    scripts += sorted(p for p in here.glob("bench_*.py") if p.name not in ORDER)
    failures = 0
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], check=False)
        print(f"--- {script.name}: exit {result.returncode}, "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
