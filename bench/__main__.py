"""``python -m bench`` (``make bench``): the performance benchmark, kept outside the product package."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench import editions, languages
from bench.run import add_arguments, editions_line, run, run_weights, weigh_site

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="benchmark validation, generation, "
                                     "builds and previews on synthetic corpora")
    add_arguments(parser)
    args = parser.parse_args()
    if args.weigh_site:
        print(json.dumps(weigh_site(Path(args.weigh_site).resolve()), indent=2))
        return 0
    if args.weights:
        measured = run_weights(ROOT, out=Path(args.out).resolve() if args.out else None,
                               keep=Path(args.keep).resolve() if args.keep else None)
        print(measured["table"], end="")
        print(f"Results: {measured['file']}")
        return 0
    if args.editions:
        with tempfile.TemporaryDirectory(prefix="guidelines-bench-") as work:
            found = editions.bench_editions(ROOT, Path(work), 3)
        print(editions_line(found))
        if "pre" in found:
            for name, label in (("english", "English only"), ("build", "with the French site")):
                print(f"five archived editions, {label} / before editions: "
                      f"{found[name]['cpu'] / found['pre']['cpu']:.2f}x (target under {editions.RATIO_LIMIT}x)")
        return 0
    if args.languages:
        with tempfile.TemporaryDirectory(prefix="guidelines-bench-") as work:
            found = languages.bench_languages(ROOT, Path(work), 3)
        print(languages.line(found))
        if "both" in found:
            print(f"both / English only: {found['both']['cpu'] / found['english']['cpu']:.2f}x "
                  f"(target under {languages.RATIO_LIMIT}x)")
        return 0
    results = run(ROOT, tuple(int(size) for size in args.sizes.split(",")), quick=args.quick, full=args.full,
                  serve=not args.no_serve, browser=not args.no_browser, archived=not args.no_editions,
                  translations=not args.no_languages,
                  out=Path(args.out).resolve() if args.out else None,
                  keep=Path(args.keep).resolve() if args.keep else None)
    print(results["table"], end="")
    print(f"Results: {results['file']}")
    return 0


raise SystemExit(main())
