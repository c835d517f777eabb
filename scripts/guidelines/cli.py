"""The ``guidelines`` command: one entry point per task.

    guidelines check            validate principles/ only (fast; for authors and pre-commit)
    guidelines build            validate, generate, and build the site into site/ (atomically)
    guidelines generate         validate and write the generated Markdown/JSON under docs/ only
    guidelines register         add new IDs to principles/published-ids.yml (--check: only report)
    guidelines publish          freeze the current edition under principles/editions/ (once per edition)
    guidelines decide TREE --answer QUESTION=OPTION ... [--from SITE|FILE|URL] [--json]
                                answer a decision tree from the exported JSON (the reference consumer)
    guidelines decide --recheck RECORD [--from SITE|FILE|URL] [--json]
                                re-evaluate a saved decision record against the current export
    guidelines linkcheck [SITE] check the built site's internal links and anchors, raw HTML included
    guidelines deploy-check URL check a deployed copy of the site: same files, headers, policy, caching

Exit codes: 0 success, 1 content problems or a failed build, 2 wrong usage;
decide: 1 unknown tree, question or option, or no readable export; 3 answers incomplete;
with --recheck: 0 same verdict, 4 verdict changed, 5 the questions changed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from guidelines.output import generate

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, str]] = {}


def command(name: str, help_text: str) -> Callable[[Command], Command]:
    def register(function: Command) -> Command:
        COMMANDS[name] = (function, help_text)
        return function
    return register


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def _print_problems(problems: generate.Problems) -> None:
    print(problems.report(), file=sys.stderr)


@command("check", "validate the content under principles/ and report every problem")
def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    ctx, problems = generate.check(_root(args))
    if problems:
        _print_problems(problems)
        return 1
    assert ctx is not None
    count = sum(len(items) for items in ctx.corpus.items.values())
    translated = "".join(f", {code} ({settings['name']})" for code, settings in
                         (ctx.guideline.get("languages") or {}).items())
    languages = f" in English{translated}" if translated else ""
    print(f"0 problems: {count} items checked, edition {ctx.edition}{languages} "
          f"({time.perf_counter() - started:.2f} s).")
    return 0


@command("translation", "show a language's texts to translate or update, or record that a translation "
                        "follows the English")
def _translation(args: argparse.Namespace) -> int:
    from guidelines.check.parity import languages
    from guidelines.check.validate import validate
    from guidelines.tools import translate

    root = _root(args)
    corpus, _, _ = validate(root)
    declared = languages(corpus.guideline or {})
    if corpus.guideline and args.language not in declared:
        print(f"'{args.language}' is not a language of this site (principles/guideline.yml, languages: "
              f"{', '.join(declared) or 'none'}).", file=sys.stderr)
        return 2
    if args.action == "status":
        if args.file or args.fields:
            print("`translation status` takes only the language, e.g. `guidelines translation status fr`.",
                  file=sys.stderr)
            return 2
        found = translate.pending(corpus, args.language)
        for entry in found:
            print(f"{entry.file}: {entry.field}: {entry.state}")
            if entry.before is not None:
                print(f"    English then: {entry.before}")
            print(f"    English now:  {entry.english}")
        print(f"{len(found)} text{'s' if len(found) != 1 else ''} to translate or update in '{args.language}'.")
        skipped = translate.unread(corpus, args.language)
        if skipped:  # (a file that cannot be read is not compared: the list may be short)
            print(f"{len(skipped)} file{'s' if len(skipped) != 1 else ''} could not be compared ("
                  f"{_first_few(skipped)}), so this list may be incomplete: "
                  "run `guidelines check`.", file=sys.stderr)
            return 1
        return 1 if found else 0
    if not args.file:
        print("Name the translation file to mark, e.g. principles/translations/fr/guiding-principles/GP-1.yml",
              file=sys.stderr)
        return 2
    try:
        translated = translate.translation_file(root, corpus, args.language, args.file)
        marked = translate.mark(root, translated, args.fields)
    except translate.TranslateError as error:
        skipped = translate.unread(corpus, args.language)
        unread = f" ({_first_few(skipped)} could not be compared: run `guidelines check`)" if skipped else ""
        print(f"Nothing was marked: {error}{unread}.", file=sys.stderr)
        return 1
    except OSError as error:
        return _cannot_write(error, "Nothing was marked.")
    print(f"Marked {len(marked)} text{'s' if len(marked) != 1 else ''} of {translated.source.display} as "
          "translating the English as it reads now.")
    return 0


def _first_few(paths: list[str]) -> str:
    """The first three paths, and "..." for more."""
    return ", ".join(paths[:3]) + (", ..." if len(paths) > 3 else "")


def _cannot_write(error: OSError, what: str) -> int:
    """A system error while writing (disk full, no permission) as one line, not a traceback."""
    where = f" (at {error.filename})" if error.filename else ""
    print(f"A file could not be written: {error.strerror or error}{where}. {what}", file=sys.stderr)
    return 1


@command("generate", "validate and write the generated pages and JSON under docs/")
def _generate(args: argparse.Namespace) -> int:
    from guidelines.output.locks import docs_lock, held

    root = _root(args)
    try:
        with held(docs_lock(root / "docs"), "generation"):
            result = generate.generate(root)
    except generate.ContentError as error:
        _print_problems(error.problems)
        return 1
    except OSError as error:
        return _cannot_write(error, "Files written before the error are complete; run the command again.")
    report = result.report
    print(f"Generated: {len(report.written)} written, {report.unchanged} unchanged, "
          f"{len(report.removed)} removed.")
    return 0


@command("build", "validate, generate and build the site into site/ (strict, atomic)")
def _build(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import Abort, ConfigurationError

    from guidelines.output.sitebuild import build_site, configure_logging

    configure_logging(args.verbose)
    root = _root(args)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else None
    started = time.perf_counter()
    try:
        build_site(root, site_dir, strict=not args.no_strict, site_url=args.site_url)
    except generate.ContentError as error:
        _print_problems(error.problems)
        print("Build stopped: nothing was written; the previous site is unchanged.", file=sys.stderr)
        return 1
    except (Abort, ConfigurationError) as error:
        print(f"Site build failed: {error}\nThe previous site is unchanged.", file=sys.stderr)
        return 1
    except OSError as error:
        return _cannot_write(error, "The build stopped; the previous site is unchanged.")
    target = site_dir or root / "site"
    print(f"Built {target} in {time.perf_counter() - started:.1f} s.")
    return 0


@command("register", "add every new citable ID to the published-ID register (principles/published-ids.yml)")
def _register(args: argparse.Namespace) -> int:
    from guidelines.check.validate import validate
    from guidelines.problems import Problems
    from guidelines.tools import register

    root = _root(args)
    corpus, _, problems = validate(root)
    others = Problems([problem for problem in problems.items if problem.fixed_by != "register"])
    if others:
        _print_problems(others)
        print("The register was not changed: fix these problems first.", file=sys.stderr)
        return 1
    try:
        plan, written = register.update(root, corpus, write=not args.check)
    except register.RegisterLayoutError as error:
        print(f"Cannot add to principles/{register.kinds.REGISTER_FILE}: {error}. Add the new entries by hand "
              "(see 'guidelines register --check'), or lay the file out as 'ids:' followed by one entry per ID.",
              file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Cannot write principles/{register.kinds.REGISTER_FILE}: {error.strerror or error}", file=sys.stderr)
        return 1
    parts = [f"new: {', '.join(plan.added)}" if plan.added else "",
             f"newly retired: {', '.join(plan.retired)}" if plan.retired else ""]
    changes = "; ".join(part for part in parts if part) or "nothing new"
    if args.check:
        if plan.changed:
            print(f"The ID register is out of date ({changes}): run 'guidelines register'.", file=sys.stderr)
            return 1
        print(f"The ID register is up to date ({len(plan.ids)} IDs).")
        return 0
    print(f"{'Updated' if written else 'Unchanged'}: principles/{register.kinds.REGISTER_FILE} "
          f"({len(plan.ids)} IDs; {changes}).")
    return 0


@command("publish", "freeze the current edition under principles/editions/ (once, when it is published)")
def _publish(args: argparse.Namespace) -> int:
    from guidelines.load.archive import PAGES_MANIFEST, folder
    from guidelines.tools import publish

    root = _root(args)
    ctx, problems = generate.check(root)
    if problems:
        _print_problems(problems)
        print(("No page was frozen" if args.freeze_pages else "Nothing was published") + ": fix these problems "
              "first.", file=sys.stderr)
        return 1
    assert ctx is not None
    if args.freeze_pages:
        try:
            folders = publish.freeze_pages(root, args.freeze_pages)
        except publish.PublishError as error:
            print(f"No page was frozen: {error}.", file=sys.stderr)
            return 1
        except OSError as error:
            print(f"No page was frozen: a file could not be written: {error.strerror or error}", file=sys.stderr)
            return 1
        for path in folders:
            print(f"Froze the pages of edition {path.parent.name} into {path.relative_to(root)}: commit that folder.")
        return 0
    unfrozen = [edition for edition in ctx.archive.editions if edition.pages is None]
    try:
        target = publish.publish(root, ctx)
    except publish.PublishError as error:
        print(f"Nothing was published: {error}.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Nothing was published: a file could not be written: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # (what the run had written is removed on the way out, unless it had finished)
        done = (folder(root) / ctx.edition).is_dir()
        print(f"Interrupted: edition {ctx.edition} was published all the same; run `guidelines check`." if done else
              "Interrupted: nothing was published.", file=sys.stderr)
        return 130
    frozen = [edition.name for edition in unfrozen if (edition.root / PAGES_MANIFEST).is_file()]
    pages = (f", and froze the pages of edition {', '.join(frozen)}, which it replaces, into "
             f"{', '.join(f'principles/editions/{name}/pages' for name in frozen)}: commit those folders" if frozen
             else ": commit that folder")
    print(f"Published edition {ctx.edition} into {target.relative_to(root)}{pages}. Its text and "
          "JSON are now fixed; a later change starts a new edition (a new 'edition' in principles/guideline.yml "
          "and a changelog entry).")
    return 0


@command("decide", "answer a decision tree from the exported JSON only (the reference consumer)")
def _decide(args: argparse.Namespace) -> int:
    from guidelines.tools import consumer, recheck

    source: str | Path = args.source or _root(args) / "site"  # a URL stays a string: a Path would mangle it
    if args.recheck:
        if args.tree or args.answer or args.decision_json:
            print("guidelines decide: error: --recheck takes the tree and the answers from the record: "
                  "give no TREE, --answer or --decision-json", file=sys.stderr)
            return consumer.EXIT_USAGE
        return recheck.run(args.recheck, source, as_json=args.json, out=sys.stdout, err=sys.stderr)
    if not args.tree:
        print("guidelines decide: error: the tree's ID is required (or --recheck RECORD)", file=sys.stderr)
        return consumer.EXIT_USAGE
    output = "record" if args.json else "decision" if args.decision_json else "text"
    return consumer.run(source, args.tree, args.answer, output=output, out=sys.stdout, err=sys.stderr)


@command("linkcheck", "check every internal link and #anchor of the built site (raw HTML included)")
def _linkcheck(args: argparse.Namespace) -> int:
    from guidelines.tools.linkcheck import check_site

    site = Path(args.site) if args.site else _root(args) / "site"
    if not (site / "index.html").is_file():
        print(f"{site} is not a built site (no index.html): run 'guidelines build' first.", file=sys.stderr)
        return 1
    report = check_site(site)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 1 if report.problems else 0


@command("deploy-check", "check a deployed copy of the built site: same files, security headers, policy, "
                         "cache rules, compression")
def _deploy_check(args: argparse.Namespace) -> int:
    from guidelines.tools.deploycheck import run

    code, text = run(args.url, Path(args.site_dir) if args.site_dir else _root(args) / "site")
    print(text, file=sys.stdout if code == 0 else sys.stderr)
    return code


def _site_url(text: str) -> str:
    import re

    from guidelines.urls import SITE_URL

    scheme, sep, rest = text.partition("://")
    host, slash, path = rest.partition("/")
    address = f"{scheme.lower()}{sep}{host.lower()}{slash}{path}"  # scheme and host are case-blind
    address = address if address.endswith("/") else address + "/"
    if not re.match(SITE_URL, address):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a site address: give an http(s) URL whose path has only letters, digits and "
            ". _ ~ - (no spaces, %-escapes, quotes, ; { } $, ?query or #fragment), e.g. "
            "https://studio.example/guidelines/")
    return address


def _answer(text: str) -> tuple[str, str]:
    from guidelines.tools.consumer import parse_answer

    try:
        return parse_answer(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="guidelines", description=__doc__.split("\n")[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--root", default=".", help="the project folder (default: current folder)")
    subs = main.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        sub = subs.add_parser(name, help=help_text, description=help_text)
        if name == "build":
            sub.add_argument("--site-dir", help="where to write the site (default: site/)")
            sub.add_argument("--no-strict", action="store_true", help="do not fail on MkDocs warnings")
            sub.add_argument("--site-url", type=_site_url, metavar="URL",
                             help="the address the site is published at, e.g. https://studio.example/guidelines/ "
                                  "(default: site_url in principles/guideline.yml)")
            sub.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress")
        elif name == "publish":
            sub.add_argument("--freeze-pages", nargs="+", metavar="EDITION",
                             help="publish nothing: freeze the pages of these earlier editions, published before "
                                  "pages were frozen (publishing an edition freezes those of the one it replaces)")
        elif name == "register":
            sub.add_argument("--check", action="store_true",
                             help="change nothing; exit 1 if IDs are missing from the register")
        elif name == "decide":
            sub.epilog = ("exit codes: 0 verdict reached, 1 error (unknown tree, question or option; "
                          "no readable or an altered export), 2 wrong usage, 3 answers incomplete (the next "
                          "question is printed); with --recheck: 0 same verdict, 4 verdict changed, "
                          "5 the questions changed")
            sub.add_argument("tree", nargs="?", help="the tree's ID, e.g. quick-check")
            sub.add_argument("--answer", "-a", action="append", type=_answer, default=[], metavar="QUESTION=OPTION",
                             help="an answer, e.g. q-own=yes (repeat for each question; any order)")
            sub.add_argument("--from", dest="source", metavar="SOURCE",
                             help="a built site folder, api/v1/guidelines.json, a tree's JSON file, or an "
                                  "http(s) URL of any of them, e.g. the site's address (default: site/ under --root)")
            sub.add_argument("--recheck", metavar="RECORD",
                             help="a saved decision record (a file, - for standard input, or a URL): is its "
                                  "verdict still what the current tree gives?")
            formats = sub.add_mutually_exclusive_group()
            formats.add_argument("--json", action="store_true",
                                 help="print the decision record (api/v1/record.schema.json) as JSON; with "
                                      "--recheck, the result as JSON")
            formats.add_argument("--decision-json", action="store_true",
                                 help="print the whole decision as JSON (what --json printed before records)")
        elif name == "translation":
            sub.epilog = ("mark only after checking each French text against the English now: the mark is what "
                          "tells `check` the translation is up to date. exit codes: status 0 nothing to do, "
                          "1 texts listed; mark 0 marked, 1 error, 2 wrong usage")
            sub.add_argument("action", choices=("status", "mark"),
                             help="status: list missing and out-of-date texts; mark: record the English hashes")
            sub.add_argument("language", help="the language's code, e.g. fr")
            sub.add_argument("file", nargs="?", help="(mark) the translation file, or the English file it translates")
            sub.add_argument("fields", nargs="*", metavar="FIELD",
                             help="(mark) only these texts, as status names them, e.g. 'do[1].text' "
                                  "(default: every translated text of the file)")
        elif name == "linkcheck":
            sub.add_argument("site", nargs="?", help="the built site folder (default: site/ under --root)")
        elif name == "deploy-check":
            sub.epilog = "exit codes: 0 the deployment serves this build as built, 1 problems found, 2 wrong usage"
            sub.add_argument("url", help="the deployed site's address, e.g. https://studio.example/guidelines/")
            sub.add_argument("--site-dir", help="the build that was deployed (default: site/ under --root)")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 2
    function, _ = COMMANDS[args.command]
    try:
        return function(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
