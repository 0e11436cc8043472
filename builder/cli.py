"""The ``atlas`` command: a thin layer over the loader and MkDocs for educators and CI.

Every command reports authoring problems as ``file:line: field: message (hint)`` and exits
with status 1; none shows a Python traceback.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from builder.errors import AtlasErrors
from builder.load import load_atlas


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        atlas = load_atlas(Path(args.root))
    except AtlasErrors as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s) found.", file=sys.stderr)
        return 1
    figures = sum(len(s.figures) for c in atlas.cases for s in c.studies)
    print(f"OK: {len(atlas.cases)} cases, {figures} figures, {len(atlas.references)} references.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a temporary directory and swap it in: a failed build leaves site/ intact."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(levelname)-7s -  %(message)s")
    config_file = Path(args.config).resolve()
    site = (config_file.parent / args.site_dir).resolve()
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=args.strict)
        build(config)
    except MkDocsException as exc:  # mkdocs has already logged the problem
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {exc.format_message()}; {site} is unchanged.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)  # mkdtemp makes it private; a site is world-readable
    old = site.with_name(f".{site.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Site written to {site}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="atlas", description="Build and check the NHO Atlas.")
    sub = top.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every case and data file")
    validate.add_argument("--root", default=".", help="atlas folder (default: here)")
    validate.set_defaults(run=cmd_validate)
    build = sub.add_parser("build", help="build the site atomically into site/")
    build.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs configuration")
    build.add_argument("-d", "--site-dir", default="site", help="output folder")
    build.add_argument("--strict", action="store_true", help="fail on any warning")
    build.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    build.set_defaults(run=cmd_build)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
