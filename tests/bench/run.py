"""`make bench`: run every tests/bench/bench_*.py module's `run()`.

`make bench ARGS="bench_pages results agora_page"` runs one module on two of its pages.
Each benchmark prints one line per figure: `bench <name> <value> <unit>`. Absolute
times drift on shared machines, so benchmarks that serve HTTP compare against a bare
Django view measured in the same run.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import tests.bench as bench_package


def main(argv: list[str]) -> int:
    # Module names select benchmarks; any other word selects pages of bench_pages.
    wanted = {a for a in argv if a.startswith("bench_")}
    pages = [a for a in argv if not a.startswith("bench_")]
    if pages:
        os.environ["BENCH_PAGES"] = ",".join(pages)
    failures = 0
    for module_info in sorted(pkgutil.iter_modules(bench_package.__path__), key=lambda m: m.name):
        if not module_info.name.startswith("bench_"):
            continue
        if wanted and module_info.name not in wanted:
            continue
        module = importlib.import_module(f"tests.bench.{module_info.name}")
        try:
            module.run()
        except Exception as exc:  # report and go on: one broken bench must not hide others
            failures += 1
            print(f"bench {module_info.name}_error 1 failed ({exc.__class__.__name__}: {exc})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
