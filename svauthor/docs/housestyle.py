"""An organisation's house style (`--reference-docx`), sanitised and bounded before use.

Whatever is in the house style is copied into every document that goes to bidders, so only
what a house style needs is taken: styles, numbering, theme, fonts, settings, headers and
footers and their pictures. Macros (`vbaProject`), external relationships (links, a remote
attached template: a known way to make Word fetch a file from someone else's server),
customXml, embedded objects, OLE and ActiveX, fields that fetch from elsewhere, and editing
restrictions are dropped, and so is style formatting that hides text (hidden, white or under
8 point), and the user is told once; file properties are written fresh. Then
only what the pack uses is kept (an emptied body, the styles and lists it uses), so a long
house style costs no more than a short one in every document.

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
#: Styles, lists, settings, fonts, theme, headers and footers are read for every document, so
#: each may be at most this large (a real house style's styles.xml is a few hundred KB). The
#: body, footnotes and endnotes are emptied once before use and pictures are copied as they
#: are, so those are bounded only by MAX_PART_BYTES.
MAX_XML_PART_BYTES = 2 * 1024 * 1024
_EMPTIED = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml",
            "word/stylesWithEffects.xml")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_VML = "urn:schemas-microsoft-com:vml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE_PROPERTIES = f"{PKG_REL}/metadata/core-properties"
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
#: Field codes that fetch or run something from elsewhere (DATABASE queries a data source,
#: INCLUDE is Word's old name for INCLUDETEXT), or name a remote or network path, whichever
#: way its slashes lean (\\server\share or //server/share).
#: Word joins every instruction run of a field (nested fields included) before reading it, so
#: the whole joined code is tested, and anywhere in it, not just its first word.
_ACTIVE_FIELD = re.compile(
    r"\b(?:INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDE|DDEAUTO|IMPORT|HYPERLINK|DATABASE)\b"
    r"|[a-z][a-z0-9+.-]*://|\\\\|(?<![:/])//[^/\s]|\bfile:", re.IGNORECASE)
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
#: Settings a house style must not pass on, with what the user is told. Editing restrictions
#: (Review > Restrict Editing, often behind a password nobody at the buyer knows) would make
#: every document read-only, and bidders could not fill in the commitments table.
_SETTINGS_DROPPED = (
    ("attachedTemplate", "attached template"), ("mailMerge", "mail merge"),
    ("docVars", "document variables"),
    ("documentProtection", "editing restrictions (Restrict Editing)"),
    ("writeProtection", "editing restrictions (Restrict Editing)"),
    ("saveThroughXslt", "a save-through transform"), ("attachedSchema", "attached XML schemas"),
)
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
    no_alt_text: list[str] = field(default_factory=list)
    """Headers and footers with a picture that has no alternative text (kept, but a screen
    reader cannot describe it)."""

    def notice(self, name: str) -> str | None:
        """The one message the user is told, or None when nothing was dropped."""
        if not self.dropped:
            return None
        return (f"{name}: left out of the house style, because documents for bidders must not "
                f"carry them: {', '.join(self.dropped)}")

    def alt_text_notice(self, name: str) -> str | None:
        """A warning, once, when a kept header or footer picture has no alternative text."""
        if not self.no_alt_text:
            return None
        return (f"{name}: the picture in its {' and '.join(self.no_alt_text)} has no "
                f"alternative text, so a screen reader cannot describe it; add it in Word "
                f"(right-click the picture > View Alt Text) and build again")


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
    big = next((e for e in entries if e.file_size > MAX_XML_PART_BYTES
                and ALLOWED_PARTS.match(e.filename) and e.filename not in _EMPTIED
                and not e.filename.startswith("word/media/")), None)
    if big is not None:
        raise InputError.single(
            name, f"its part {big.filename} would unpack to {big.file_size:,} bytes; a house "
                  f"style's styles, lists, settings, headers and footers may each be at most "
                  f"{MAX_XML_PART_BYTES:,} bytes; save a copy that keeps only the styles you use")


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


def sanitise(data: bytes, name: str, keep_styles: tuple[str, ...] | None = None) -> Sanitised:
    """Keep only the parts a house style needs; raise InputError if it is not a usable .docx.

    The body is emptied down to its last section's settings (page size, margins, header and
    footer references), and so are footnotes and endnotes, before anything else reads them:
    nothing of the body is used, and a long body only costs time in every document. With
    `keep_styles` (style names), only those styles, the defaults and the styles they lean on
    (based on, next, linked, used by the kept headers, footers and lists) are kept, and only
    the list definitions they use."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError.single(name, "is not a Word .docx document that can be read (not a "
                                      "zip package)") from None
    with zf:
        _check_directory(zf, name)
        try:
            return _sanitise(zf, name, keep_styles)
        except InputError:
            raise
        except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError, OSError,
                EOFError, NotImplementedError) as exc:
            raise InputError.single(name, f"is not a Word .docx document that can be read "
                                          f"({type(exc).__name__}: {exc})") from None


def _sanitise(zf: zipfile.ZipFile, name: str, keep_styles: tuple[str, ...] | None) -> Sanitised:
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
    _slim_stories(parts, keep)

    # Relationships: drop external targets and targets that were not kept; remember the ids.
    removed_ids: dict[str, set[str]] = {}
    used = _used_ids(parts["word/document.xml"])  # what the emptied body still points at
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
            elif _target(source, target) in keep and (
                    source != "word/document.xml" or rel_type.rsplit("/", 1)[-1] in _IMPLICIT
                    or rel.get("Id", "") in used):
                if source == "" and _target(source, target) == "docProps/core.xml":
                    # LibreOffice writes this type in another spelling; python-docx would then
                    # add a second core.xml beside the first (two parts of one name).
                    rel.set("Type", CORE_PROPERTIES)
                continue
            gone.add(rel.get("Id", ""))
            root.remove(rel)
        removed_ids[source] = gone
        parts[rels] = _dump(root)

    if "word/settings.xml" in parts:
        root = _xml(parts["word/settings.xml"])
        for tag, label in _SETTINGS_DROPPED:
            for el in root.findall(f"{{{W}}}{tag}"):
                root.remove(el)
                dropped[label] = None
        parts["word/settings.xml"] = _dump(root)

    no_alt: dict[str, None] = {}
    for part in [n for n in parts
                 if re.match(r"word/(?:(?:header|footer)\d+|footnotes|endnotes|document)\.xml$", n)]:
        root = _xml(parts[part])
        if _clean_story(root, removed_ids.get(part, set())):
            dropped["active fields and objects in headers or footers"] = None
        if _picture_without_alt_text(root):
            no_alt["footer" if "footer" in part else "header"] = None
        parts[part] = _dump(root)

    for part in _unreachable(parts):  # the body's pictures, headers of dropped sections
        del parts[part]
        keep.discard(part)
    if keep_styles is not None:
        _slim_styles(parts, keep_styles)
    if _unhide_styles(parts):
        dropped["formatting in its styles that hides text (hidden, white or under 8 point "
                "text)"] = None

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
                     + (["other parts"] if "other parts" in dropped else []),
                     sorted(no_alt, reverse=True))


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


# -- slimming: only what the pack uses ---------------------------------------------------------

#: Relationship types of the main document that are found by type, not by an id in its XML.
_IMPLICIT = {"styles", "stylesWithEffects", "numbering", "theme", "fontTable", "settings",
             "webSettings", "footnotes", "endnotes"}
#: Footnotes and endnotes Word needs whatever the body holds (the separator lines).
_NOTE_TYPES = {"separator", "continuationSeparator", "continuationNotice"}


def _slim_stories(parts: dict[str, bytes], keep: set[str]) -> None:
    """Empty the body down to its final section properties, and the notes to their separators;
    drop the Word 2010 copy of the styles (Word rebuilds it)."""
    data = parts["word/document.xml"]
    root = _emptied_body_fast(data)
    if root is None:  # not laid out as Word writes it: parse the whole body
        root = _xml(data)
        body = root.find(f"{{{W}}}body")
        if body is not None:
            last = body[-1] if len(body) and body[-1].tag == f"{{{W}}}sectPr" else None
            del body[:]
            if last is not None:
                body.append(last)
    parts["word/document.xml"] = _dump(root)
    for part, tag in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
        if part in parts:
            notes = _xml(parts[part])
            for note in notes.findall(f"{{{W}}}{tag}"):
                if note.get(f"{{{W}}}type") not in _NOTE_TYPES:
                    notes.remove(note)
            parts[part] = _dump(notes)
    for part in ("word/stylesWithEffects.xml",):
        parts.pop(part, None)
        keep.discard(part)


def _emptied_body_fast(data: bytes) -> Any | None:
    """The main document with its body cut down to the last section's settings, without
    building a tree of the body (a long body would cost hundreds of MB): the body's last child
    is found in the bytes, and kept only if, from there to the end of the body, it is exactly
    one well-formed `sectPr` (so it is the body's own, not one inside a paragraph). None when
    the file is not laid out that way; the caller then parses it all."""
    declared = re.search(rb'xmlns:([A-Za-z_][\w.-]*)="' + re.escape(W.encode()) + rb'"',
                         data[:8192])
    if declared is None:
        return None
    w = declared.group(1)
    start = re.search(rb"<" + re.escape(w) + rb":body\s*>", data)
    end = data.rfind(b"</" + w + b":body>")
    if start is None or end < start.end():
        return None
    sect = data.rfind(b"<" + w + b":sectPr", start.end(), end)
    kept = b""
    if sect >= 0 and data[sect + len(w) + 8:sect + len(w) + 9] in (b" ", b">", b"/"):
        kept = data[sect:end]
    try:
        root = _xml(data[:start.end()] + kept + data[end:])
    except etree.XMLSyntaxError:
        return None
    body = root.find(f"{{{W}}}body")
    if body is None or len(body) > 1 or (len(body) == 1 and body[0].tag != f"{{{W}}}sectPr"):
        return None
    return root


def _used_ids(data: bytes) -> set[str]:
    """Every relationship id the (emptied) main document refers to."""
    return {v for el in _xml(data).iter() if isinstance(el.tag, str)
            for k, v in el.attrib.items() if k.startswith(f"{{{R}}}")}


def _unreachable(parts: dict[str, bytes]) -> list[str]:
    """Parts no kept relationship leads to (from the package's own relationships)."""
    seen: set[str] = set()
    todo = [""]
    while todo:
        source = todo.pop()
        folder, file = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{file}.rels") if source else "_rels/.rels"
        if rels not in parts:
            continue
        seen.add(rels)
        for rel in _xml(parts[rels]):
            if rel.get("TargetMode", "").lower() == "external":
                continue
            target = _target(source, rel.get("Target", ""))
            if target in parts and target not in seen:
                seen.add(target)
                todo.append(target)
    return [p for p in parts if p not in seen and p != "[Content_Types].xml"]


#: Text smaller than this (in half-points: 8 pt) cannot be read in a printed or on-screen page.
MIN_HALF_POINTS = 16
_HIDING = ("vanish", "specVanish", "webHidden")
_OFF = ("0", "false", "off")


def _unhide_styles(parts: dict[str, bytes]) -> bool:
    """Drop run formatting that hides text from the document defaults and the kept styles:
    hidden text, white text with no shading behind it, and text under 8 point. A house style
    that hides its instruction text (or a tampered one) would otherwise give bidders blank
    tables. True when anything was dropped."""
    if "word/styles.xml" not in parts:
        return False
    w = f"{{{W}}}"
    root = _xml(parts["word/styles.xml"])
    changed = False
    for rpr in list(root.iter(f"{w}rPr")):
        owner = next((a for a in rpr.iterancestors()
                      if a.tag in (f"{w}style", f"{w}tblStylePr", f"{w}docDefaults")), None)
        for tag in _HIDING:
            for el in rpr.findall(f"{w}{tag}"):
                if el.get(f"{w}val", "1").lower() not in _OFF:
                    rpr.remove(el)
                    changed = True
        for el in rpr.findall(f"{w}color"):
            white = (el.get(f"{w}val", "").upper() == "FFFFFF"
                     or el.get(f"{w}themeColor", "") in ("background1", "light1"))
            if white and not _shaded(owner, rpr):
                rpr.remove(el)
                changed = True
        for tag in ("sz", "szCs"):
            for el in rpr.findall(f"{w}{tag}"):
                try:
                    small = int(el.get(f"{w}val", "")) < MIN_HALF_POINTS
                except ValueError:
                    small = True  # not a size Word can read either
                if small:
                    rpr.remove(el)
                    changed = True
    if changed:
        parts["word/styles.xml"] = _dump(root)
    return changed


def _shaded(owner: Any, rpr: Any) -> bool:
    """Whether white text sits on a coloured background of its own (a table's heading row, a
    highlighted run): then white is the design, not a way of hiding text."""
    w = f"{{{W}}}"
    if owner is None or owner.tag == f"{w}docDefaults":
        return False
    if rpr.find(f"{w}highlight") is not None:
        return True
    # A table style's shading may sit in another part of it (a corner cell under the heading row).
    style = owner if owner.tag == f"{w}style" else next(owner.iterancestors(f"{w}style"), owner)
    return any(shd.get(f"{w}fill", "auto").upper() not in ("AUTO", "FFFFFF", "")
               for shd in style.iter(f"{w}shd"))


def _slim_styles(parts: dict[str, bytes], wanted: tuple[str, ...]) -> None:
    """Keep the wanted styles and what they need; keep the list definitions those use."""
    if "word/styles.xml" not in parts:
        return
    w = f"{{{W}}}"
    root = _xml(parts["word/styles.xml"])
    styles = root.findall(f"{w}style")
    by_id = {s.get(f"{w}styleId"): s for s in styles}
    names = {n.lower() for n in wanted}
    numbering = _xml(parts["word/numbering.xml"]) if "word/numbering.xml" in parts else None
    nums = {} if numbering is None else {
        n.get(f"{w}numId"): n for n in numbering.findall(f"{w}num")}
    abstracts = {} if numbering is None else {
        a.get(f"{w}abstractNumId"): a for a in numbering.findall(f"{w}abstractNum")}
    style_links: dict[str, list[Any]] = {}  # a numbering style -> the lists that define it
    for a in abstracts.values():
        for link in a.iter(f"{w}styleLink", f"{w}numStyleLink"):
            style_links.setdefault(link.get(f"{w}val", ""), []).append(a)

    def val(el: Any, tag: str) -> list[str]:
        return [c.get(f"{w}val", "") for c in el.iter(f"{w}{tag}")]

    todo: list[str] = [sid for sid, s in by_id.items() if s.get(f"{w}default") in ("1", "true", "on")]
    todo += [n.getparent().get(f"{w}styleId", "") for n in root.iterfind(f"{w}style/{w}name")
             if n.get(f"{w}val", "").lower() in names]
    kept_nums: list[str] = []
    for part, data in parts.items():  # styles the kept headers, footers and notes use
        if re.match(r"word/(?:(?:header|footer)\d+|footnotes|endnotes)\.xml$", part):
            story = _xml(data)
            todo += val(story, "pStyle") + val(story, "rStyle") + val(story, "tblStyle")
            kept_nums += val(story, "numId")
    kept: set[str] = set()
    kept_abstract: set[str] = set()
    seen_nums: set[str] = set()

    def keep_abstract(ref: str | None) -> None:
        a = abstracts.get(ref)
        if a is not None and ref is not None and ref not in kept_abstract:
            kept_abstract.add(ref)
            todo.extend(val(a, "pStyle") + val(a, "styleLink") + val(a, "numStyleLink"))

    while todo or kept_nums:
        while kept_nums:
            ref = kept_nums.pop()
            if ref in nums and ref not in seen_nums:
                seen_nums.add(ref)
                for abstract in val(nums[ref], "abstractNumId"):
                    keep_abstract(abstract)
        if not todo:
            continue
        sid = todo.pop()
        style = by_id.get(sid)
        if style is None or sid in kept:
            continue
        kept.add(sid)
        for tag in ("basedOn", "next", "link"):
            todo += [c.get(f"{w}val", "") for c in style.findall(f"{w}{tag}")]
        kept_nums += val(style, "numId")
        for a in style_links.get(sid, []):  # a numbering style's own list definition
            keep_abstract(a.get(f"{w}abstractNumId"))
    for s in styles:
        if s.get(f"{w}styleId") not in kept:
            root.remove(s)
    parts["word/styles.xml"] = _dump(root)
    if numbering is not None:
        for k, n in nums.items():
            if k not in seen_nums:
                numbering.remove(n)
        for k, a in abstracts.items():
            if k not in kept_abstract:
                numbering.remove(a)
        parts["word/numbering.xml"] = _dump(numbering)


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


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _picture_without_alt_text(root: Any) -> bool:
    """A DrawingML picture with no description or title, or a VML shape with no alt text."""
    for pr in root.iter(f"{{{_WP}}}docPr"):
        if not (pr.get("descr", "").strip() or pr.get("title", "").strip()):
            return True
    return any(not shape.get("alt", "").strip() and next(shape.iter(f"{{{_VML}}}imagedata"), None)
               is not None for shape in root.iter(f"{{{_VML}}}shape"))


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
