"""Accessible Word documents with python-docx: real heading and list styles, header rows that
repeat, captioned tables, British English, and no empty paragraphs used as spacing.

The base document (the shipped house style or an organisation's reference .docx) is read once
per build; each document is opened from those bytes with its body cleared, keeping the
sections, headers and footers, like pandoc's reference doc.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from svauthor.docs.xmltext import drop_invalid, escape, quoteattr
from svauthor.errors import InputError
from svauthor.paths import templates_dir

LANG = "en-GB"
HOUSE_STYLE = "house-style.docx"
#: Paragraph and table styles every document uses; a reference .docx must define them all.
REQUIRED_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
                   "List Number", "Table Grid")
#: Used when present, else Normal.
OPTIONAL_STYLES = ("Caption", "Subtitle")

_TWIPS_PER_EMU = 1 / 635


def clean(text: object) -> str:
    """Text safe for XML (control characters, which Word cannot store, dropped) and typeset."""
    return typeset(drop_invalid(text))


_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONEY_SHORT = re.compile(r"£(\d+(?:\.\d+)?)\s?([mkbn]{1,2})\b")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _money(m: re.Match[str]) -> str:
    number, unit = m.group(1), m.group(2)
    if unit == "k":
        value = float(number) * 1000
        return f"£{value:,.0f}" if value == int(value) else m.group(0)
    word = {"m": "million", "bn": "billion", "b": "billion"}.get(unit)
    return f"£{number} {word}" if word else m.group(0)


def _iso(m: re.Match[str]) -> str:
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{day} {_MONTHS[month - 1]} {year}"
    return m.group(0)


def typeset(text: str) -> str:
    """House typography for every document: en dashes for spaced hyphens, dates in words and
    money in GOV.UK style ('£100,000', '£5 million', never '£100k' or '£5m')."""
    text = _SPACED_HYPHEN.sub(" \u2013 ", text)
    text = _ISO.sub(_iso, text)
    return _MONEY_SHORT.sub(_money, text)


class Strong(str):
    """A table cell value shown in bold (verdicts: in words and bold, never colour alone)."""


#: Approximate width of one character of 10 pt Arial in twips, and a cell's left+right padding.
_CHAR_TWIPS = 118
_CELL_PADDING = 260


#: Arial advance widths in ems, roughly: a bold "Warning" is wider than seven average letters.
_NARROW, _SEMI, _WIDE = frozenset("iljtf.,;:'!|I()[] "), frozenset("rs-\"J"), frozenset("mwMW")
_EM_TWIPS = 240  # 12 pt body text


def _word_twips(word: str, bold: bool) -> int:
    """About how wide a word prints, so its column never splits it ("Warnin|g")."""
    ems = sum(0.28 if c in _NARROW else 0.39 if c in _SEMI else 0.9 if c in _WIDE
              else 0.72 if c.isupper() else 0.56 for c in word)
    return int(ems * _EM_TWIPS * (1.08 if bold else 1.0))


def fit_widths(usable: int, weights: Sequence[float], header: Sequence[object],
               rows: Sequence[Sequence[object]]) -> list[int]:
    """Column widths in twips: shares by weight, but never narrower than the longest word.

    A narrow column breaks words mid-way ("initiativ e"); each column gets at least the width of
    its longest word, taken from columns that have room to spare.
    """
    n = len(weights)
    longest = [0] * n
    for r, row in enumerate([header, *rows]):
        for i, value in enumerate(row):
            bold = r == 0 or isinstance(value, Strong)
            lines = value if isinstance(value, list | tuple) else str(value).split("\n")
            for line in lines:
                for word in str(line).split():
                    longest[i] = max(longest[i], _CHAR_TWIPS * len(word), _word_twips(word, bold))
    minimum = [min(usable // 2, _CELL_PADDING + k) for k in longest]
    total = sum(weights) or 1.0
    cols = [max(400, int(usable * w / total)) for w in weights]
    for _ in range(n):
        short = [i for i in range(n) if cols[i] < minimum[i]]
        if not short:
            break
        need = sum(minimum[i] - cols[i] for i in short)
        for i in short:
            cols[i] = minimum[i]
        spare = {i: cols[i] - minimum[i] for i in range(n) if i not in short and cols[i] > minimum[i]}
        room = sum(spare.values())
        if room <= 0:
            break
        take = min(need, room)
        for i, extra in spare.items():
            cols[i] -= int(take * extra / room)
    return cols


@dataclass(frozen=True)
class BaseDocx:
    """The bytes of the document every output starts from, with its style ids resolved once."""

    name: str
    data: bytes
    style_ids: dict[str, str]
    reference: bool
    notices: tuple[str, ...] = ()
    """What the user is told once about the house style (parts left out, styles filled in)."""


_HOUSE: BaseDocx | None = None


def _style_ids(doc: DocxDocument) -> dict[str, str]:
    ids: dict[str, str] = {}
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE) and style.name:
            ids.setdefault(style.name, style.style_id)
    return ids


def load_base(reference_docx: Path | None = None) -> BaseDocx:
    """The house style (read once per process) or an organisation's reference .docx."""
    global _HOUSE
    if reference_docx is None:
        if _HOUSE is None:
            path = templates_dir() / HOUSE_STYLE
            _HOUSE = _read_base(path, reference=False)
        return _HOUSE
    return _read_base(Path(reference_docx), reference=True)


def _read_base(path: Path, *, reference: bool) -> BaseDocx:
    """Read, bound and sanitise a house style (see svauthor.docs.housestyle); fill any styles
    it lacks from the shipped house style."""
    from svauthor.docs import housestyle

    name = str(path)
    clean_docx = housestyle.sanitise(housestyle.read_bounded(path), name,
                                     keep_styles=REQUIRED_STYLES + OPTIONAL_STYLES)
    try:
        doc = Document(io.BytesIO(clean_docx.data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a bad file
        raise InputError.single(name, f"is not a Word .docx document that can be read "
                                      f"({type(exc).__name__}: {exc})") from None
    notices = [n for n in [clean_docx.notice(name), clean_docx.alt_text_notice(name)] if n]
    data = clean_docx.data
    if reference and any(s not in _style_ids(doc) for s in REQUIRED_STYLES):
        house = Document(io.BytesIO(load_base().data))
        filled = housestyle.fill_missing_styles(doc, house, REQUIRED_STYLES + OPTIONAL_STYLES)
        if filled:
            notices.append(f"{name}: styles it does not define were taken from the shipped "
                           f"house style: {', '.join(filled)}")
        out = io.BytesIO()
        doc.save(out)
        data = out.getvalue()
    ids = _style_ids(doc)
    missing = [s for s in REQUIRED_STYLES if s not in ids]
    if missing:
        raise InputError.single(
            name, f"the reference document lacks required style(s): {', '.join(missing)}. "
                  f"Add them (Word: Styles pane > Manage Styles) and try again", field="styles")
    return BaseDocx(name=name, data=data, style_ids=ids, reference=reference,
                    notices=tuple(notices) if reference else ())


def set_lang(rpr: object) -> None:
    """Mark a run-properties element as British English (for text and East Asian text)."""
    lang = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # type: ignore[attr-defined]
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)


def set_british_english(doc: DocxDocument, styles: Sequence[object]) -> None:
    """Set en-GB on the document's default run properties and on each given style element."""
    element = doc.styles.element
    defaults = element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    set_lang(rpr)
    for style in styles:
        set_lang(style.get_or_add_rPr())  # type: ignore[attr-defined]


@dataclass
class Writer:
    """Appends headings, paragraphs, lists and tables to one document, checking heading order."""

    base: BaseDocx
    doc: DocxDocument = field(init=False)
    _last_level: int = field(init=False, default=0)
    _tables: int = field(init=False, default=0)
    _lists: int = field(init=False, default=0)
    top_headings: list[str] = field(init=False, default_factory=list)
    _contents_anchor: object = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.doc = Document(io.BytesIO(self.base.data))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._body = body
        self._sect_pr = body.get_or_add_sectPr()
        self._ids = self.base.style_ids
        self._styles = {name: self.doc.styles.element.get_by_id(sid)
                        for name, sid in self._ids.items()
                        if name in REQUIRED_STYLES or name in OPTIONAL_STYLES}
        if self.base.reference:
            self._british_english()
        self._caption_id = self._ids.get("Caption", self._ids["Normal"])
        self._table_id = self._ids["Table Grid"]
        self._numbering = self._list_number_numbering()

    # -- document-wide settings ------------------------------------------------------------

    def _british_english(self) -> None:
        """Set en-GB on the document defaults and on the styles we use (reference docs)."""
        set_british_english(self.doc, [st for st in self._styles.values() if st is not None])

    def properties(self, *, title: str, subject: str, author: str, keywords: str,
                   comments: str) -> None:
        props = self.doc.core_properties
        props.title = clean(title)[:255]
        props.subject = clean(subject)[:255]
        props.author = clean(author)[:255]
        props.last_modified_by = clean(author)[:255]
        props.keywords = clean(keywords)[:255]
        props.comments = clean(comments)[:1000]
        props.language = LANG
        props.category = "Social Value"
        props.revision = 1
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now

    def landscape(self) -> None:
        """Turn the current (last) section to landscape, for wide tables."""
        section = self.doc.sections[-1]
        if section.orientation != WD_ORIENT.LANDSCAPE:
            width, height = section.page_width, section.page_height
            section.orientation = WD_ORIENT.LANDSCAPE
            if width is not None and height is not None and width < height:
                section.page_width, section.page_height = height, width

    def new_landscape_section(self) -> None:
        """End the current section after the last paragraph and continue in landscape.

        The section break is carried by the last paragraph written (Word's own way), so no empty
        paragraph is added; if the body does not end with a paragraph, one section covers all.
        """
        last = self._sect_pr.getprevious()
        if last is None or last.tag != qn("w:p"):
            self.landscape()
            return
        carried = copy.deepcopy(self._sect_pr)
        last.get_or_add_pPr()._insert_sectPr(carried)
        # The new section starts on a new page (the default type), shows the running header
        # rather than a first-page one, and carries on the page numbers.
        for tag in ("w:type", "w:titlePg"):
            for child in self._sect_pr.findall(qn(tag)):
                self._sect_pr.remove(child)
        for pg in self._sect_pr.findall(qn("w:pgNumType")):
            pg.attrib.pop(qn("w:start"), None)
        self.landscape()

    def usable_width_twips(self) -> int:
        section = self.doc.sections[-1]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        twips = int(width * _TWIPS_PER_EMU) if width else 9000
        return max(twips, 3000)

    # -- paragraphs ------------------------------------------------------------------------

    def _p(self, style: str, text: str, *, bold_prefix: str = "") -> object:
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), self._ids[style])
        ppr.append(pstyle)
        p.append(ppr)
        if bold_prefix:
            p.append(_run(bold_prefix, bold=True))
        p.append(_run(text))
        self._sect_pr.addprevious(p)
        return p

    def title(self, text: str) -> None:
        self._p("Title", clean(text))

    def subtitle(self, text: str) -> None:
        self._p("Subtitle" if "Subtitle" in self._ids else "Normal", clean(text))

    def heading(self, level: int, text: str) -> None:
        if level < 1 or level > 3 or level > self._last_level + 1:
            raise ValueError(f"heading level {level} after level {self._last_level} skips a level")
        self._last_level = level
        if level == 1:
            self.top_headings.append(clean(text))
        self._p(f"Heading {level}", clean(text))

    def para(self, text: str, *, label: str = "") -> None:
        text = clean(text).strip()
        if not text:
            return
        self._p("Normal", text, bold_prefix=clean(label))

    def picture(self, png: bytes, alt: str, *, width_inches: float = 6.2) -> None:
        """An image with alternative text (its first sentence as the title), then the text
        itself as a paragraph, so a screen reader and a printout both carry it."""
        from docx.shared import Inches

        self.doc.add_picture(io.BytesIO(png), width=Inches(width_inches))
        pic = self.doc.paragraphs[-1]
        for doc_pr in pic._p.xpath(".//wp:docPr"):
            doc_pr.set("descr", alt[:2000])
            doc_pr.set("title", alt.split(".")[0][:200])
        self.para(alt)

    def paras(self, text: str) -> None:
        """Free text: blank lines separate paragraphs, single line breaks become spaces."""
        for block in re.split(r"\n\s*\n", clean(text)):
            self.para(" ".join(block.split()))

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            text = clean(item).strip()
            if text:
                self._p("List Bullet", text)

    def numbers(self, items: Sequence[str]) -> None:
        items = [clean(i).strip() for i in items if clean(i).strip()]
        if not items:
            return
        num_id = self._restart_numbering()
        for text in items:
            p = self._p("List Number", text)
            if num_id is not None:
                ppr = p.pPr  # type: ignore[attr-defined]
                numpr = ppr.get_or_add_numPr()
                numpr.get_or_add_ilvl().val = 0
                numpr.get_or_add_numId().val = num_id

    def blocks(self, blocks: Sequence[tuple[str, list[str]]]) -> None:
        for kind, items in blocks:
            if kind == "bullets":
                self.bullets(items)
            elif kind == "numbers":
                self.numbers(items)
            else:
                for item in items:
                    self.para(item)

    # -- numbered lists that restart at 1 --------------------------------------------------

    def _list_number_numbering(self) -> tuple[object, int] | None:
        style = self._styles.get("List Number")
        if style is None or style.pPr is None or style.pPr.numPr is None:
            return None
        numpr = style.pPr.numPr
        if numpr.numId is None:
            return None
        try:
            numbering = self.doc.part.numbering_part.element
        except Exception:  # noqa: BLE001 - a reference doc without numbering: use the style
            return None
        num = numbering.num_having_numId(numpr.numId.val)
        if num is None:
            return None
        return numbering, num.abstractNumId.val

    def _restart_numbering(self) -> int | None:
        """A new list instance starting at 1, so each numbered list counts from 1."""
        self._lists += 1
        if self._numbering is None or self._lists == 1:
            return None
        numbering, abstract_id = self._numbering
        num = numbering.add_num(abstract_id)  # type: ignore[attr-defined]
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    # -- tables ----------------------------------------------------------------------------

    def table(self, caption: str, header: Sequence[str], rows: Sequence[Sequence[object]], *,
              widths: Sequence[float] | None = None, description: str = "") -> None:
        """A captioned table whose header row repeats on every page.

        Cells may be text (a newline starts a new paragraph in the cell) or lists of lines.
        The whole table is built as one XML fragment: much faster than cell-by-cell calls.
        """
        self._tables += 1
        caption = clean(caption)
        self._p_caption(caption, self._tables)
        caption = f"Table {self._tables}: {caption}"
        n = len(header)
        weights = list(widths) if widths else [1.0] * n
        cols = fit_widths(self.usable_width_twips(), weights, header, rows)
        parts = [
            f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val={quoteattr(self._table_id)}/>",
            '<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>',
            ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'),
            f"<w:tblCaption w:val={quoteattr(caption)}/>",
            f"<w:tblDescription w:val={quoteattr(clean(description or caption))}/>",
            "</w:tblPr><w:tblGrid>",
            "".join(f'<w:gridCol w:w="{w}"/>' for w in cols),
            "</w:tblGrid>",
            '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>',
        ]
        for width, text in zip(cols, header, strict=True):
            parts.append(_cell(width, text, bold=True))
        parts.append("</w:tr>")
        for row in rows:
            if len(row) != n:
                raise ValueError(f"table row has {len(row)} cells, header has {n}")
            # A short row is kept on one page; a tall one may run on, or it would leave most of
            # a page blank above it (a decision record's reasons ran to 29 pages so).
            keep = max(_lines(w, v) for w, v in zip(cols, row, strict=True)) <= _KEEP_ROW_LINES
            parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" if keep else "<w:tr>")
            for width, value in zip(cols, row, strict=True):
                parts.append(_cell(width, value))
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._sect_pr.addprevious(parse_xml("".join(parts)))

    def _p_caption(self, text: str, number: int) -> None:
        """'Table N: text' with N a Word SEQ field, so Word can build a list of tables."""
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), self._caption_id)
        ppr.append(pstyle)
        ppr.append(OxmlElement("w:keepNext"))
        p.append(ppr)
        p.append(_run("Table "))
        for run in _field(r" SEQ Table \* ARABIC ", str(number)):
            p.append(run)
        p.append(_run(f": {text}"))
        self._sect_pr.addprevious(p)

    # -- cover, running header, contents -----------------------------------------------------

    def running_header(self, text: str, *, draft: bool = False) -> None:
        """Document type and reference at the top of every page (DRAFT first while drafting).

        Written into each section's default header, after an organisation's own header text,
        and into a house style's first-page and even-page headers when it has them: DRAFT must
        be on every page.
        """
        line = clean(f"DRAFT \u2013 {text}" if draft else text)
        even = self.doc.settings.odd_and_even_pages_header_footer
        for section in self.doc.sections:
            headers = [section.header]  # and a house style's own first-page and even-page ones
            if section.different_first_page_header_footer:
                headers.append(section.first_page_header)
            if even:
                headers.append(section.even_page_header)
            for header in headers:
                header.is_linked_to_previous = False
                paras = header.paragraphs
                first = paras[0] if paras else header.add_paragraph()
                if _has_content(first._p):  # the organisation's own header (text, logo) stays
                    first = header.add_paragraph()
                first.text = ""
                run = first.add_run(line)
                if draft:
                    run.bold = True

    def mark_contents(self) -> None:
        """Remember where a contents list goes (after the cover block), if one is added."""
        self._contents_anchor = self._sect_pr.getprevious()

    def text_so_far(self) -> str:
        """The text of the body so far, a line per paragraph or table. lxml's own text
        serialiser, not itertext(): python-docx's element classes make itertext() slow (and
        repeat each run's text)."""
        return "\n".join(etree.tostring(el, method="text", encoding="unicode", with_tail=False)
                         for el in self._body.iterchildren())

    def contents(self, entries: Sequence[str]) -> None:
        """A contents list as a Word TOC field at the marked place; cached entries are the
        top-level headings, so every reader sees them and Word adds page numbers on update."""
        anchor = self._contents_anchor
        items: list[object] = []
        heading = OxmlElement("w:p")
        hppr = OxmlElement("w:pPr")
        hstyle = OxmlElement("w:pStyle")
        hstyle.set(qn("w:val"), self._ids["Heading 1"])
        hppr.append(hstyle)
        heading.append(hppr)
        heading.append(_run("Contents"))
        items.append(heading)
        for i, text in enumerate(entries):
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            pstyle = OxmlElement("w:pStyle")
            pstyle.set(qn("w:val"), self._ids["Normal"])
            ppr.append(pstyle)
            p.append(ppr)
            if i == 0:
                p.append(_fld_char("begin"))
                p.append(_instr(r' TOC \o "1-1" \h \z \u '))
                p.append(_fld_char("separate"))
            p.append(_run(clean(text)))
            if i == len(entries) - 1:
                p.append(_fld_char("end"))
            items.append(p)
        for item in reversed(items):
            if anchor is None:
                self._body.insert(0, item)
            else:
                anchor.addnext(item)  # type: ignore[attr-defined]

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


#: What a header paragraph can hold besides text: a picture (DrawingML or VML), an object, a field.
_CONTENT_TAGS = tuple(qn(t) for t in ("w:drawing", "w:pict", "w:object", "w:fldChar", "w:fldSimple"))


def _has_content(p: Any) -> bool:
    """Whether a paragraph shows anything: text, or a picture, object or field (a logo alone has
    no text, and must not be overwritten by the running header)."""
    text = "".join(t.text or "" for t in p.iter(qn("w:t")))
    return bool(text.strip()) or next(p.iter(*_CONTENT_TAGS), None) is not None


def _run(text: str, *, bold: bool = False) -> object:
    r = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        r.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def _fld_char(kind: str) -> object:
    r = OxmlElement("w:r")
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), kind)
    r.append(fc)
    return r


def _instr(code: str) -> object:
    r = OxmlElement("w:r")
    it = OxmlElement("w:instrText")
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    it.text = code
    r.append(it)
    return r


def _field(code: str, cached: str) -> list[object]:
    """A complex Word field (begin, code, separate, cached result, end) as runs."""
    return [_fld_char("begin"), _instr(code), _fld_char("separate"), _run(cached),
            _fld_char("end")]


_KEEP_ROW_LINES = 8
"""Rows up to this many lines never break across a page; taller ones may."""


def _lines(width: int, value: object) -> int:
    """About how many lines a cell's text takes at its width (an average character is narrower
    than the widest, which `fit_widths` allows for)."""
    per_line = max(8, (width - _CELL_PADDING) // 100)
    lines = value if isinstance(value, list | tuple) else str(value).split("\n")
    return sum(max(1, -(-len(str(line)) // per_line)) for line in lines)


def _cell(width: int, value: object, *, bold: bool = False) -> str:
    lines = value if isinstance(value, list | tuple) else str(value).split("\n")
    texts = [clean(line).strip() for line in lines]
    texts = [t for t in texts if t] or ["Not applicable"]
    bold = bold or isinstance(value, Strong)
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    keep = "<w:keepNext/>" if bold else ""
    ppr = f'<w:pPr>{keep}<w:spacing w:before="40" w:after="40"/></w:pPr>'
    paras = "".join(
        f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>'
        for t in texts
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paras}</w:tc>'
