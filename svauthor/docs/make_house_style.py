"""Generate templates/house-style.docx, the default styles for every Word document svauthor writes.

Run once after changing it, and ship the output:

    .venv/bin/python -m svauthor.docs.make_house_style

It starts from python-docx's own template and sets: Arial everywhere (theme fonts removed so
the choice holds), 12 pt body text, British English on the document defaults and on every style,
A4 portrait with 2 cm margins, readable dark heading colours, a plain caption style, spacing
between paragraphs (so no empty paragraphs are ever needed) and a footer with the page number.

It then slims the package to what the pack uses: only the styles the documents use (and those
they are based on or linked to), no stylesWithEffects part, no thumbnail, no leftover
bibliography part, and file properties that name the application honestly.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from svauthor.docs.housestyle import APP_XML
from svauthor.docs.word import set_lang
from svauthor.paths import templates_dir

FONT = "Arial"
LANG = "en-GB"
TEXT = RGBColor(0x1A, 0x1A, 0x1A)
HEADING = RGBColor(0x1B, 0x36, 0x5D)  # dark blue: contrast 11:1 on white

#: (style name, size in points, bold, colour, space before, space after)
PARAGRAPH_STYLES: list[tuple[str, float, bool, RGBColor, float, float]] = [
    ("Normal", 12, False, TEXT, 0, 6),
    ("Title", 24, True, HEADING, 0, 12),
    ("Subtitle", 14, False, TEXT, 0, 12),
    ("Heading 1", 18, True, HEADING, 18, 6),
    ("Heading 2", 14, True, HEADING, 14, 4),
    ("Heading 3", 12.5, True, TEXT, 10, 3),
    ("Caption", 11, True, TEXT, 6, 3),
    ("List Bullet", 12, False, TEXT, 0, 3),
    ("List Number", 12, False, TEXT, 0, 3),
]

#: Styles the documents use; everything else (dozens of unused table styles) is dropped.
KEEP_STYLES = {"Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption",
               "List Bullet", "List Number", "Table Grid", "Normal Table", "Default Paragraph Font",
               "No List", "Header", "Footer"}
#: Package parts the template carried that no document needs.
DROP_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")


def _set_lang(rpr: object) -> None:
    set_lang(rpr)
    rpr.find(qn("w:lang")).set(qn("w:bidi"), "ar-SA")  # type: ignore[attr-defined]


def _plain_fonts(root: object) -> None:
    """Replace theme font references with Arial, so the font does not depend on the theme."""
    for rfonts in root.iter(qn("w:rFonts")):  # type: ignore[attr-defined]
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), FONT)


def _keep_used_styles(styles_el: object) -> None:
    """Drop every style the documents do not use, keeping what the used ones build on."""
    by_id = {st.get(qn("w:styleId")): st for st in styles_el.findall(qn("w:style"))}  # type: ignore[attr-defined]
    name_of = {sid: st.find(qn("w:name")).get(qn("w:val")) for sid, st in by_id.items()}
    wanted = {n.lower() for n in KEEP_STYLES}
    keep = {sid for sid, name in name_of.items() if name.lower() in wanted}
    todo = list(keep)
    while todo:
        st = by_id[todo.pop()]
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = st.find(qn(tag))
            target = ref.get(qn("w:val")) if ref is not None else None
            if target in by_id and target not in keep:
                keep.add(target)
                todo.append(target)
    for sid, st in by_id.items():
        if sid not in keep:
            styles_el.remove(st)  # type: ignore[attr-defined]


def _slim_package(data: bytes) -> bytes:
    """Remove parts no document needs and their relationships; honest app properties."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    dropped = [n for n in src.namelist() if n.startswith(DROP_PARTS)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            name = item.filename
            if name in dropped:
                continue
            payload = src.read(name)
            if name == "docProps/app.xml":
                payload = APP_XML
            elif name.endswith(".rels"):
                text = payload.decode("utf-8")
                for gone in dropped:
                    base = gone.rsplit("/", 1)[-1]
                    text = re.sub(rf'<Relationship [^>]*Target="[^"]*{re.escape(base)}"/>', "",
                                  text)
                payload = text.encode("utf-8")
            elif name == "[Content_Types].xml":
                text = payload.decode("utf-8")
                for gone in dropped:
                    text = text.replace(f'<Override PartName="/{gone}"', "<Drop ")
                text = re.sub(r"<Drop [^>]*/>", "", text)
                text = re.sub(r'<Override PartName="/customXml/[^"]*"[^>]*/>', "", text)
                text = text.replace('<Default Extension="jpeg" ContentType="image/jpeg"/>', "")
                payload = text.encode("utf-8")
            dst.writestr(item, payload)
    return out.getvalue()


def build() -> bytes:
    doc = Document()
    styles = doc.styles
    styles_el = styles.element

    # Document defaults: Arial 11, British English.
    rpr_default = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if rpr_default.find(qn("w:rFonts")) is None:
        rpr_default.insert(0, OxmlElement("w:rFonts"))
    _set_lang(rpr_default)

    for name, size, bold, colour, before, after in PARAGRAPH_STYLES:
        style = styles[name]
        font = style.font
        font.name = FONT
        font.size = Pt(size)
        font.bold = bold
        font.italic = False
        font.color.rgb = colour
        fmt = style.paragraph_format
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        if name.startswith("Heading") or name == "Caption":
            fmt.keep_with_next = True
        if name == "Normal":
            fmt.line_spacing = 1.15
    # The Title's decorative bottom border adds nothing for a reader; drop it.
    title_ppr = styles["Title"].element.pPr
    if title_ppr is not None:
        for border in title_ppr.findall(qn("w:pBdr")):
            title_ppr.remove(border)

    table_grid = styles["Table Grid"]
    table_grid.font.name = FONT
    table_grid.font.size = Pt(10)

    _keep_used_styles(styles_el)
    _plain_fonts(styles_el)
    for style in styles_el.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            style.append(rpr)
        _set_lang(rpr)

    settings = doc.settings.element
    for proof in settings.findall(qn("w:proofState")):
        settings.remove(proof)  # let Word check spelling in British English
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANG)
        theme_lang.attrib.pop(qn("w:eastAsia"), None)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    section.header_distance = section.footer_distance = Cm(1.0)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    page.append(run)
    footer._p.append(page)

    props = doc.core_properties
    props.title = "House style"
    props.subject = "Styles for the Social Value tender pack"
    props.author = ""
    props.last_modified_by = ""
    props.language = LANG
    props.comments = ""
    props.keywords = ""
    props.revision = 1

    out = io.BytesIO()
    doc.save(out)
    return _slim_package(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else templates_dir() / "house-style.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
