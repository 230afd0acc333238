"""An organisation's house style (`--reference-docx`), sanitised and bounded before use.

Whatever is in the house style is copied into every document that goes to bidders, so only
what a house style needs is taken: styles, numbering, theme, fonts, settings, headers and
footers and their pictures. Macros (`vbaProject`), external relationships (links, a remote
attached template: a known way to make Word fetch a file from someone else's server),
customXml, embedded objects, OLE and ActiveX are dropped, and the user is told once.

The file is refused before anything is parsed if it is not a regular file (a symlink to
/dev/zero, a pipe), is larger than MAX_FILE_BYTES, or its zip directory declares more than
MAX_ENTRIES entries or MAX_UNCOMPRESSED_BYTES in total (a zip bomb). Python's zip reader never
inflates an entry past its declared size, so the declared total bounds memory.

Styles the pack needs but the house style lacks are copied from the shipped house style (as
pandoc does with its reference document), with the numbering their lists use.
"""

from __future__ import annotations

import copy
import io
import os
import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from svauthor.errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_ENTRIES = 400
MAX_PART_BYTES = 20 * 1024 * 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#: Main-part types of templates and macro-enabled files, read as a plain document once cleaned.
MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)

#: The parts a house style may carry; everything else is dropped.
ALLOWED_PARTS = re.compile(
    r"^(?:\[Content_Types\]\.xml|_rels/\.rels|docProps/(?:core|app)\.xml"
    r"|word/(?:document|styles|stylesWithEffects|numbering|fontTable|settings|webSettings"
    r"|footnotes|endnotes)\.xml"
    r"|word/theme/theme\d+\.xml|word/(?:header|footer)\d+\.xml"
    r"|word/_rels/(?:document|header\d+|footer\d+|footnotes|endnotes)\.xml\.rels"
    r"|word/media/[A-Za-z0-9_.-]+\.(?:png|jpe?g|gif|bmp|emf|wmf|tiff?))$"
)
#: Field codes that fetch or run something from elsewhere, or name a remote or network path.
#: Word joins every instruction run of a field (nested fields included) before reading it, so
#: the whole joined code is tested, and anywhere in it, not just its first word.
_ACTIVE_FIELD = re.compile(
    r"\b(?:INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT|HYPERLINK)\b"
    r"|[a-z][a-z0-9+.-]*://|\\\\|\bfile:", re.IGNORECASE)
#: An attribute value that makes Word fetch from elsewhere: a URL or a UNC (network) path.
_REMOTE_VALUE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)
#: Attributes of pictures and shapes (VML, DrawingML) that name where the picture comes from.
_REMOTE_ATTRS = {"src", "href", "{urn:schemas-microsoft-com:office:office}href",
                 "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}link",
                 "{urn:schemas-microsoft-com:office:office}althref"}
#: File properties written fresh for every document: nothing of the house style's own (its
#: company, manager, status, identifier or a hyperlink base) reaches a bidder.
APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'extended-properties"><Application>svauthor</Application><DocSecurity>0'
           b'</DocSecurity></Properties>')
CORE_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            b'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            b'</cp:coreProperties>')
#: Elements that embed objects or script, removed wherever they appear in a kept part.
_EMBEDS = {f"{{{W}}}object", f"{{{W}}}control", "{urn:schemas-microsoft-com:office:office}OLEObject"}

# What each dropped part is, in the words the user is told.
_KINDS = (
    (re.compile(r"vba", re.I), "macros"),
    (re.compile(r"^customXml/", re.I), "customXml data"),
    (re.compile(r"embeddings/|oleObject", re.I), "embedded objects (OLE)"),
    (re.compile(r"activeX/", re.I), "ActiveX controls"),
    (re.compile(r"glossary/", re.I), "building blocks"),
    (re.compile(r"comments|people", re.I), "comments"),
    (re.compile(r"thumbnail", re.I), "the thumbnail picture"),
)


@dataclass
class Sanitised:
    """The cleaned .docx bytes and, in plain words, what was left out."""

    data: bytes
    dropped: list[str] = field(default_factory=list)

    def notice(self, name: str) -> str | None:
        """The one message the user is told, or None when nothing was dropped."""
        if not self.dropped:
            return None
        return (f"{name}: left out of the house style, because documents for bidders must not "
                f"carry them: {', '.join(self.dropped)}")


def read_bounded(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file no larger than `max_bytes`, refusing anything else quickly."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError.single(name, "reference .docx not found") from None
    except OSError as exc:
        raise InputError.single(name, f"cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError.single(name, "is a folder, not a .docx file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError.single(name, "is not a regular file (a device, pipe or socket); "
                                      "give the path of a saved .docx file")
    if info.st_size > max_bytes:
        raise InputError.single(name, f"is {info.st_size:,} bytes; a house style may be at most "
                                      f"{max_bytes:,} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError.single(name, f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the check above
            raise InputError.single(name, "is not a regular file")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError.single(name, f"is larger than {max_bytes:,} bytes")
    return data


def _check_directory(zf: zipfile.ZipFile, name: str) -> None:
    """Entry count and declared sizes, before any entry is inflated."""
    entries = zf.infolist()
    if len(entries) > MAX_ENTRIES:
        raise InputError.single(name, f"holds {len(entries):,} parts; a house style has at most "
                                      f"{MAX_ENTRIES:,}. Is it really a Word document?")
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError.single(name, f"would unpack to {total:,} bytes; a house style may unpack "
                                      f"to at most {MAX_UNCOMPRESSED_BYTES:,} (is it a zip bomb?)")
    big = next((e for e in entries if e.file_size > MAX_PART_BYTES), None)
    if big is not None:
        raise InputError.single(name, f"its part {big.filename} would unpack to "
                                      f"{big.file_size:,} bytes; the limit is {MAX_PART_BYTES:,}")


def _kind(part: str) -> str:
    for pattern, label in _KINDS:
        if pattern.search(part):
            return label
    return "other parts"


def _xml(data: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_blank_text=False)
    return etree.fromstring(data, parser)


def _dump(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _rels_source(rels_part: str) -> str:
    """`word/_rels/document.xml.rels` -> `word/document.xml`; `_rels/.rels` -> the package."""
    folder, file = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), file[: -len(".rels")])


def _target(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def sanitise(data: bytes, name: str) -> Sanitised:
    """Keep only the parts a house style needs; raise InputError if it is not a usable .docx."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError.single(name, "is not a Word .docx document that can be read (not a "
                                      "zip package)") from None
    with zf:
        _check_directory(zf, name)
        try:
            return _sanitise(zf, name)
        except InputError:
            raise
        except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError, OSError,
                EOFError, NotImplementedError) as exc:
            raise InputError.single(name, f"is not a Word .docx document that can be read "
                                          f"({type(exc).__name__}: {exc})") from None


def _sanitise(zf: zipfile.ZipFile, name: str) -> Sanitised:
    dropped: dict[str, None] = {}
    names = [e.filename for e in zf.infolist() if not e.is_dir()]
    keep = {n for n in names if ALLOWED_PARTS.match(n)}
    for n in names:
        if n not in keep:
            dropped[_kind(n)] = None
    if "word/document.xml" not in keep or "[Content_Types].xml" not in keep:
        raise InputError.single(name, "is not a Word .docx document that can be read (no main "
                                      "document part)")
    parts = {n: zf.read(n) for n in keep}

    # Relationships: drop external targets and targets that were not kept; remember the ids.
    removed_ids: dict[str, set[str]] = {}
    for rels in [n for n in parts if n.endswith(".rels")]:
        root = _xml(parts[rels])
        source = _rels_source(rels)
        gone: set[str] = set()
        for rel in list(root):
            mode = rel.get("TargetMode", "")
            target = rel.get("Target", "")
            rel_type = rel.get("Type", "")
            if mode.lower() == "external":
                dropped["attached template" if rel_type.endswith("/attachedTemplate")
                        else "external links"] = None
            elif _target(source, target) in keep:
                continue
            gone.add(rel.get("Id", ""))
            root.remove(rel)
        removed_ids[source] = gone
        parts[rels] = _dump(root)

    if "word/settings.xml" in parts:
        root = _xml(parts["word/settings.xml"])
        for tag, label in (("attachedTemplate", "attached template"), ("mailMerge", "mail merge"),
                           ("docVars", "document variables")):
            for el in root.findall(f"{{{W}}}{tag}"):
                root.remove(el)
                dropped[label] = None
        parts["word/settings.xml"] = _dump(root)

    for part in [n for n in parts
                 if re.match(r"word/(?:(?:header|footer)\d+|footnotes|endnotes)\.xml$", n)]:
        root = _xml(parts[part])
        if _clean_story(root, removed_ids.get(part, set())):
            dropped["active fields and objects in headers or footers"] = None
        parts[part] = _dump(root)

    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = CORE_XML
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = APP_XML

    parts["[Content_Types].xml"] = _content_types(parts["[Content_Types].xml"], keep)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for n in sorted(parts, key=lambda p: (p != "[Content_Types].xml", p)):
            dst.writestr(n, parts[n])
    return Sanitised(out.getvalue(), [k for k in dropped if k != "other parts"]
                     + (["other parts"] if "other parts" in dropped else []))


def _clean_story(root: Any, removed_ids: set[str]) -> bool:
    """Drop embedded objects, fields that fetch from elsewhere, and runs whose picture or object
    pointed at a relationship that was removed. True when anything was dropped."""
    changed = False
    for el in list(root.iter()):
        if el.tag in _EMBEDS and el.getparent() is not None:
            el.getparent().remove(el)
            changed = True
    for simple in list(root.iter(f"{{{W}}}fldSimple")):
        if _ACTIVE_FIELD.search(simple.get(f"{{{W}}}instr", "")):
            parent = simple.getparent()
            if parent is not None:
                for child in list(simple):  # keep the field's shown text, lose the field
                    parent.insert(parent.index(simple), child)
                parent.remove(simple)
                changed = True
    active = [codes for codes in _complex_fields(root)  # judged before any is blanked
              if _ACTIVE_FIELD.search("".join(c.text or "" for c in codes))]
    for codes in active:
        for code in codes:
            code.text = ""
        changed = True
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions
        remote = [k for k, v in el.attrib.items()
                  if (k in _REMOTE_ATTRS or etree.QName(k).localname in _REMOTE_ATTRS)
                  and _REMOTE_VALUE.match(v)]
        for key in remote:
            del el.attrib[key]
            changed = True
    if removed_ids:
        for el in list(root.iter()):
            if any(k.startswith(f"{{{R}}}") and v in removed_ids for k, v in el.attrib.items()):
                run = el
                while run is not None and run.tag != f"{{{W}}}r":
                    run = run.getparent()
                target = run if run is not None else el
                parent = target.getparent()
                if parent is not None:
                    parent.remove(target)
                    changed = True
    return changed


def _complex_fields(root: Any) -> list[list[Any]]:
    """The instruction runs (`w:instrText`) of each complex field, in document order.

    A field runs from `fldChar begin` to its `end`; its code is every instrText before its
    `separate`. A nested field's code is part of the code of every field around it (Word
    evaluates it into the outer code), so each field's list includes its nested fields' runs.
    """
    fields: list[list[Any]] = []
    open_fields: list[tuple[list[Any], bool]] = []  # (instruction runs, past its separator)
    for el in root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText"):
        if el.tag == f"{{{W}}}instrText":
            for codes, separated in open_fields:
                if not separated:
                    codes.append(el)
            if not open_fields:  # an instruction outside any field: judge it alone
                fields.append([el])
            continue
        kind = el.get(f"{{{W}}}fldCharType")
        if kind == "begin":
            open_fields.append(([], False))
        elif kind == "separate" and open_fields:
            open_fields[-1] = (open_fields[-1][0], True)
        elif kind == "end" and open_fields:
            fields.append(open_fields.pop()[0])
    fields += [codes for codes, _ in open_fields]  # unterminated: judged all the same
    return fields


def _content_types(data: bytes, keep: set[str]) -> bytes:
    """Overrides only for kept parts; a template or macro-enabled main part read as a document."""
    root = _xml(data)
    for el in list(root.findall(f"{{{CT}}}Override")):
        part = el.get("PartName", "").lstrip("/")
        if part not in keep:
            root.remove(el)
        elif el.get("ContentType") in MAIN_TYPES:
            el.set("ContentType", DOCUMENT_TYPE)
    for el in list(root.findall(f"{{{CT}}}Default")):
        if "vba" in el.get("ContentType", "").lower() or el.get("Extension", "").lower() == "bin":
            root.remove(el)
    return _dump(root)


# -- missing styles -----------------------------------------------------------------------------

def fill_missing_styles(doc: Any, house: Any, wanted: tuple[str, ...]) -> list[str]:
    """Copy each wanted style the document lacks (by name) from the shipped house style, with
    the styles it is based on and the list numbering it uses. Returns the names copied."""
    styles = doc.styles.element
    house_styles = house.styles.element
    before = {s.name for s in doc.styles if s.name}
    present = {s.element.name_val for s in doc.styles}
    ids = {s.style_id for s in doc.styles}
    numbering_map: dict[str, str] = {}

    def copy_style(house_style: Any) -> None:
        if house_style.name_val in present or house_style.styleId in ids:
            return
        based = house_style.basedOn_val
        if based and based not in ids:
            parent = house_styles.get_by_id(based)
            if parent is not None:
                copy_style(parent)
        element = copy.deepcopy(house_style)
        for num_id in element.iter(f"{{{W}}}numId"):
            old = num_id.get(f"{{{W}}}val")
            if old is not None:
                new = numbering_map.get(old) or _copy_numbering(doc, house, old)
                if new is None:
                    num_id.getparent().getparent().remove(num_id.getparent())
                else:
                    numbering_map[old] = new
                    num_id.set(f"{{{W}}}val", new)
        styles.append(element)
        present.add(house_style.name_val)
        ids.add(house_style.styleId)

    for style_name in wanted:
        if style_name in present:
            continue
        found = next((s for s in house.styles if s.name == style_name), None)
        if found is not None:
            copy_style(found.element)
    now = {s.name for s in doc.styles if s.name}
    return [w for w in wanted if w in now and w not in before]


def _copy_numbering(doc: Any, house: Any, num_id: str) -> str | None:
    """Copy one list definition (w:num and its w:abstractNum) into doc; return its new numId."""
    try:
        src = house.part.numbering_part.element
        dst = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, ValueError):
        return None
    num = next((n for n in src.findall(f"{{{W}}}num") if n.get(f"{{{W}}}numId") == num_id), None)
    if num is None:
        return None
    abstract_ref = num.find(f"{{{W}}}abstractNumId")
    abstract_id = abstract_ref.get(f"{{{W}}}val") if abstract_ref is not None else None
    abstract = next((a for a in src.findall(f"{{{W}}}abstractNum")
                     if a.get(f"{{{W}}}abstractNumId") == abstract_id), None)
    if abstract is None:
        return None
    used_abstract = [int(a.get(f"{{{W}}}abstractNumId", "0"))
                     for a in dst.findall(f"{{{W}}}abstractNum")]
    used_num = [int(n.get(f"{{{W}}}numId", "0")) for n in dst.findall(f"{{{W}}}num")]
    new_abstract = str(max(used_abstract, default=-1) + 1)
    new_num = str(max(used_num, default=0) + 1)
    a_copy = copy.deepcopy(abstract)
    a_copy.set(f"{{{W}}}abstractNumId", new_abstract)
    for link in a_copy.findall(f"{{{W}}}numStyleLink") + a_copy.findall(f"{{{W}}}styleLink"):
        a_copy.remove(link)
    existing = dst.findall(f"{{{W}}}abstractNum")
    if existing:
        existing[-1].addnext(a_copy)
    else:
        dst.insert(0, a_copy)
    n_copy = copy.deepcopy(num)
    n_copy.set(f"{{{W}}}numId", new_num)
    ref = n_copy.find(f"{{{W}}}abstractNumId")
    if ref is not None:
        ref.set(f"{{{W}}}val", new_abstract)
    dst.append(n_copy)
    return new_num
