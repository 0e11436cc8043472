"""The ``atlas`` command: a thin layer over the loader and MkDocs for educators and CI.

Every command reports authoring problems as ``file:line: field: message (hint)`` and exits
with status 1; none shows a Python traceback (set ATLAS_DEBUG=1 to see one).
"""
from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from pathlib import Path

from builder.atlas import Atlas
from builder.checks import load_atlas
from builder.errors import AtlasError, AtlasErrors, name_problem, os_error, os_problem
from builder.export import FORMATS, write


def _atlas(root: str) -> Atlas:
    return load_atlas(Path(root).resolve())


def cmd_validate(args: argparse.Namespace) -> int:
    """Check everything; report only the problems in PATHS when some are given."""
    wanted = {Path(p).resolve() for p in args.paths}
    root = Path(args.root).resolve()
    unusable = [(p, name_problem(p) or _existence(Path(p))) for p in args.paths]
    if any(problem for _, problem in unusable):
        print("\n".join(str(AtlasError(p, 0, "", *problem)) for p, problem in unusable
                        if problem), file=sys.stderr)
        return 1
    if not (root / "cases").is_dir():
        print(f"{root}: no cases/ folder here (run in the atlas folder or pass --root)",
              file=sys.stderr)
        return 1

    def mine(file: str) -> bool:
        return not wanted or any((root / file).resolve() == w or w in (root / file).parents
                                 for w in wanted)

    try:
        atlas = _atlas(args.root)
    except AtlasErrors as exc:
        errors = [e for e in exc.errors if mine(e.file)]
        print("\n".join(map(str, errors)), file=sys.stderr)
        print(f"{len(errors)} problem(s) found.", file=sys.stderr)
        return 1 if errors else 0
    for warning in atlas.warnings:
        if mine(warning.file):
            print(warning, file=sys.stderr)
    figures = sum(len(s.figures) for c in atlas.cases for s in c.studies)
    print(f"OK: {len(atlas.cases)} cases, {figures} figures, {len(atlas.references)} references.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build beside the old site and swap it in: a failed build leaves site/ intact, and the
    output folder can never be the sources (builder.cli.output)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from builder.cli.output import build_into, output_problem, sources

    _mkdocs_logging(args.quiet)
    config_file = Path(args.config).resolve()
    site = (config_file.parent / args.site_dir).resolve()
    try:
        config = load_config(str(config_file), strict=args.strict)
        problem = output_problem(site, sources(config))
        if problem:
            raise AtlasErrors([AtlasError(args.site_dir, 0, "", *problem)])

        def build_at(staging: Path) -> None:
            config["site_dir"] = str(staging)
            build(config)

        build_into(site, build_at)
    except MkDocsException as exc:  # mkdocs has already logged the problem
        print(f"Build failed: {exc.format_message()}; {site} is unchanged.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{os_error(exc, str(site))}; {site} is unchanged.", file=sys.stderr)
        return 1
    print(f"Site written to {site}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview with live reload: MkDocs watches cases/, images/ and content/."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    _mkdocs_logging(quiet=False)
    try:
        serve(config_file=args.config, open_in_browser=False, dev_addr=args.addr,
              livereload=True)
    except MkDocsException as exc:
        print(exc.format_message(), file=sys.stderr)
        return 1
    return 0


def cmd_new_case(args: argparse.Namespace) -> int:
    from builder.cli.scaffold import new_case

    atlas = _atlas(args.root)
    for path in new_case(atlas, args.slug):
        print(f"created {path.relative_to(atlas.root).as_posix()}")
    print(f"Next: edit cases/{args.slug}.yaml, then run 'atlas validate' and 'make serve'.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write one export (builder.export's registry), with a progress line for each stage."""
    from builder.checks import pictures
    from builder.progress import stage

    root = Path(args.root).resolve()
    with stage("Loading and checking the atlas"):
        atlas = load_atlas(root, cache=root / args.cache)
    made = pictures(atlas, root / args.cache)
    chosen = FORMATS[args.format]
    data = chosen.make(atlas, made)
    output = Path(args.output or Path(chosen.path).name)
    with stage(f"Writing {output}"):
        write(data, output)
    print(f"Wrote {output} ({len(data) // 1024} KB)")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from builder.model.schema import write_schemas

    for path in write_schemas(Path(args.output)):
        print(f"wrote {path}")
    return 0


def cmd_import_image(args: argparse.Namespace) -> int:
    from builder.pictures.importer import import_image

    print(import_image(Path(args.root).resolve(), Path(args.file), args.case, args.figure,
                       args.force))
    return 0


def cmd_import_dicom(args: argparse.Namespace) -> int:
    from builder.pictures.importer import import_dicom

    print(import_dicom(Path(args.root).resolve(), Path(args.file), args.case, args.figure,
                       args.deidentify, args.window, args.force))
    return 0


def _existence(path: Path) -> tuple[str, str] | None:
    try:
        path.stat()
    except OSError as exc:
        return ("no such file", "check the path") if exc.errno == errno.ENOENT \
            else os_problem(exc)
    return None


def _mkdocs_logging(quiet: bool) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(levelname)-7s -  %(message)s")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="atlas", description="Author, check and build the NHO Atlas.",
        epilog="Run 'atlas COMMAND --help' for the options of one command.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run, help: str) -> argparse.ArgumentParser:  # noqa: A002
        cmd = sub.add_parser(name, help=help, description=help)
        cmd.set_defaults(run=run)
        return cmd

    validate = command("validate", cmd_validate,
                       "check cases, data and images; print every problem as file:line")
    validate.add_argument("paths", nargs="*", help="only report problems in these files")
    validate.add_argument("--root", default=".", help="atlas folder (default: here)")
    build = command("build", cmd_build, "build the site atomically into site/")
    build.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs configuration")
    build.add_argument("-d", "--site-dir", default="site", help="output folder")
    build.add_argument("--strict", action="store_true", help="fail on any warning")
    build.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    serve = command("serve", cmd_serve, "preview with live reload on every edit")
    serve.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs configuration")
    serve.add_argument("-a", "--addr", default="127.0.0.1:8000", help="address:port")
    new = command("new-case", cmd_new_case, "scaffold cases/SLUG.yaml and images/SLUG/")
    new.add_argument("slug", help="the case id, e.g. case-03-hip-nho-after-sci")
    new.add_argument("--root", default=".", help="atlas folder (default: here)")
    export = command("export", cmd_export, "write an export: " + ", ".join(
        f"{f.name} ({f.title})" for f in FORMATS.values()))
    export.add_argument("format", choices=list(FORMATS), help="what to write")
    export.add_argument("-o", "--output", help="file to write (default: " + ", ".join(
        Path(f.path).name for f in FORMATS.values()) + " here)")
    export.add_argument("--root", default=".", help="atlas folder (default: here)")
    export.add_argument("--cache", default=".cache/atlas/images",
                        help="picture cache, relative to the atlas folder")
    schema = command("schema", cmd_schema, "write the JSON Schemas that editors use")
    schema.add_argument("-o", "--output", default="schema", help="folder (default: schema)")
    for name, run, what in (("import-image", cmd_import_image, "a PNG, JPEG or WebP"),
                            ("import-dicom", cmd_import_dicom, "a DICOM slice")):
        imp = command(name, run, f"copy {what} into images/CASE/ without its metadata and "
                      "print the figure YAML to add")
        imp.add_argument("file", help="the image file")
        imp.add_argument("--case", required=True, help="case id")
        imp.add_argument("--figure", required=True, help="figure id, e.g. fig1a")
        imp.add_argument("--root", default=".", help="atlas folder (default: here)")
        imp.add_argument("--force", action="store_true", help="replace an existing file")
        if name == "import-dicom":
            imp.add_argument("--deidentify", action="store_true",
                             help="remove identifying elements and private tags")
            imp.add_argument("--window", choices=["soft-tissue", "bone"],
                             help="window shown first (both are offered)")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except AtlasErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a full disk, a permission, a name the system refuses
        if os.environ.get("ATLAS_DEBUG"):
            raise
        print(os_error(exc), file=sys.stderr)
        return 1
    except RecursionError:
        if os.environ.get("ATLAS_DEBUG"):
            raise
        print("atlas: a text nests too deeply to convert (simplify the nesting of its lists, "
              "quotes or emphasis)", file=sys.stderr)
        return 1
    except Exception as exc:  # an author must never face a traceback
        if os.environ.get("ATLAS_DEBUG"):
            raise
        print(f"atlas: unexpected error: {exc!r} (set ATLAS_DEBUG=1 for details)",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
