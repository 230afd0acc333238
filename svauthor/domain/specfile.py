"""Read and write tender spec files: YAML in, validated spec out; atomic writes back."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from svauthor.atomic import write_atomic
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.needsanalysis import load_needs_analysis
from svauthor.domain.spec import TenderSpec
from svauthor.domain.validation import validate_doc
from svauthor.errors import InputError
from svauthor.yamlio import YamlDoc, dump_yaml, load_yaml, parse_yaml


def parse_spec(doc: YamlDoc, kb: KnowledgeBase) -> TenderSpec:
    """Validate a parsed spec against the model and the loaded vocabularies."""
    return validate_doc(TenderSpec, doc, context={"kb": kb})


def load_spec(path: str | Path, kb: KnowledgeBase) -> TenderSpec:
    """Read a spec file and, if it names one, its Local Needs Analysis (relative to the spec)."""
    doc = load_yaml(path)
    return with_needs_analysis(parse_spec(doc, kb), doc, path, kb)


def with_needs_analysis(spec: TenderSpec, doc: YamlDoc, path: str | Path,
                        kb: KnowledgeBase) -> TenderSpec:
    """The spec with the rows of the Local Needs Analysis it names (a missing file is an error)."""
    if spec.local_needs_analysis is None:
        return spec
    target = Path(path).parent / spec.local_needs_analysis
    if not target.is_file():
        raise InputError.single(
            str(path), f"Local Needs Analysis file `{spec.local_needs_analysis}` not found "
            f"(looked for {target})", line=doc.line_of(("local_needs_analysis",)),
            field="local_needs_analysis")
    return spec.with_needs_evidence(load_needs_analysis(target, kb))


def moved_link(link: str, from_spec: str | Path | None, to_spec: str | Path) -> str:
    """`link` (a file named relative to the spec at `from_spec`, or to the current folder
    when there is none) as the spec saved at `to_spec` must name it: relative to its new
    folder, or absolute where no relative path exists (another drive). A spec saved to
    another folder must still find its Local Needs Analysis."""
    if Path(link).is_absolute():
        return link
    base = Path(from_spec).parent if from_spec is not None else Path()
    target = (base / link).resolve()
    try:
        return Path(os.path.relpath(target, Path(to_spec).parent.resolve())).as_posix()
    except ValueError:  # Windows: no relative path between two drives
        return str(target)


def spec_from_text(text: str, name: str, kb: KnowledgeBase) -> TenderSpec:
    return parse_spec(parse_yaml(text, name), kb)


def spec_to_yaml(spec: TenderSpec) -> str:
    return "# svauthor tender spec\n" + dump_yaml(spec.to_yaml_data())


def original_path(path: Path) -> Path:
    """`tender.yaml` -> `tender.orig.yaml`: where the user's own first version is kept."""
    return path.with_name(f"{path.stem}.orig{path.suffix or '.yaml'}")


def save_spec(spec: TenderSpec, path: str | Path, *, backup: bool = False) -> Path:
    """Write the spec atomically: a crash mid-write leaves the previous file intact.

    With `backup`, an existing file is first copied to `NAME.bak` (the latest previous version)
    and, the first time only, to `NAME.orig.yaml`, which is never overwritten: rewriting drops
    the comments and layout a person gave it, and nothing a user wrote should be lost.
    """
    target = Path(path)
    if backup and target.exists():
        previous = target.read_bytes()
        original = original_path(target)
        if not original.exists():
            with contextlib.suppress(FileExistsError):
                write_atomic(original, previous, overwrite=False)
        write_atomic(target.with_name(target.name + ".bak"), previous)
    # A spec reached through a symbolic link (a shared copy) is rewritten where it lives: an
    # atomic rename onto the link itself would replace the link with a private file and leave
    # the shared one without the change the run reported.
    if target.is_symlink():
        target = target.resolve()
    return write_atomic(target, spec_to_yaml(spec))
