"""The pipeline's accessible Word summary, written without holding the run in memory.

The table rows are rendered to XML as they arrive and spooled to temporary files; at the end
python-docx builds the document (styles, headings, core properties, British English) around
placeholders, and the spooled rows are streamed into it. Rendering rows as XML text is also
what keeps the summary of 1,000 procurements to a fraction of a second.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from svauthor.atomic import write_atomic
from svauthor.docs.xmltext import drop_invalid as clean
from svauthor.docs.xmltext import escape, quoteattr
from svauthor.errors import Problem
from svauthor.pipeline.summary import STATUS_WORD, Record, crp_words, pct, result_words
from svauthor.ukformat import fmt_gbp

LANG = "en-GB"


def _cell(width: int, lines: Sequence[str] | str, *, bold: bool = False) -> str:
    items = [lines] if isinstance(lines, str) else list(lines)
    texts = [clean(t).strip() for t in items]
    texts = [t for t in texts if t] or ["None"]
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    keep = "<w:pPr><w:keepNext/></w:pPr>" if bold else ""
    paras = "".join(f'<w:p>{keep}<w:r>{rpr}<w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>'
                    for t in texts)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paras}</w:tc>'


@dataclass
class _Table:
    key: str
    caption: str
    description: str
    header: list[str]
    weights: list[float]
    empty_text: str
    widths: list[int] = field(default_factory=list)
    rows: int = 0
    spool: IO[bytes] | None = None

    def add(self, cells: Sequence[Sequence[str] | str]) -> None:
        assert self.spool is not None
        xml = "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(
            _cell(w, c) for w, c in zip(self.widths, cells, strict=True)) + "</w:tr>"
        self.spool.write(xml.encode("utf-8"))
        self.rows += 1


class WordSummary:
    """Collects table rows as XML on disk; `write` wraps them in a python-docx document."""

    def __init__(self, reference_docx: Path | None = None) -> None:
        from docx import Document

        self._base = self._base_bytes(reference_docx)
        doc = Document(io.BytesIO(self._base))
        self._landscape(doc)
        section = doc.sections[-1]
        usable = ((section.page_width or 0) - (section.left_margin or 0)
                  - (section.right_margin or 0))
        self._usable = max(int(usable / 635), 6000) if usable else 13000
        ids = {s.name: s.style_id for s in doc.styles if s.name}
        self._table_style = ids.get("Table Grid", "TableGrid")
        self.tables = [
            _Table("procurements", "Procurements in the plan",
                   "One row per procurement: the proportionality band, the Social Value weighting, "
                   "whether a Carbon Reduction Plan is required, VCFSE suitability and the result.",
                   ["Row", "Procurement", "Value", "Band", "Social Value weighting",
                    "Carbon Reduction Plan", "VCFSE suitable", "Result"],
                   [0.5, 3.0, 1.1, 0.9, 1.1, 1.3, 0.9, 1.5],
                   "No procurements could be checked."),
            _Table("checks", "Checks to act on",
                   "Every failing check, then every warning, for each procurement in row order.",
                   ["Row", "Procurement", "Status", "Check", "What it found"],
                   [0.5, 2.0, 0.8, 1.7, 5.0],
                   "Every check passed: nothing to act on."),
            _Table("skipped", "Rows skipped",
                   "Rows of the plan that could not be read, with the column and the reason.",
                   ["Row", "Column", "Problem"], [0.5, 1.3, 6.0],
                   "No rows were skipped."),
        ]
        for table in self.tables:
            total = sum(table.weights)
            table.widths = [max(400, int(self._usable * w / total)) for w in table.weights]
            table.spool = tempfile.TemporaryFile(prefix="svauthor-summary-")  # noqa: SIM115

    @staticmethod
    def _base_bytes(reference_docx: Path | None) -> bytes:
        """The house style the packs use: an organisation's own is bounded and sanitised
        (svauthor.docs.housestyle) exactly as for a pack, never read raw."""
        from svauthor.docs.word import load_base

        return load_base(reference_docx).data

    @staticmethod
    def _landscape(doc: Any) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        section = doc.sections[-1]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(15))

    def add_record(self, rec: Record) -> None:
        procurement = f"{rec.title} ({rec.buyer})"
        if rec.lot:
            procurement += f": {rec.lot}" + (f", one of {rec.lots} lots" if rec.lots > 1 else "")
        elif rec.lots > 1:
            procurement += f": {rec.lots} lots"
        vcfse = ("Yes" if rec.vcfse_suitable else "No") + (" (as given)" if rec.vcfse_given else "")
        weighting = pct(rec.social_value_pct)
        if rec.minimum_social_value_pct:
            weighting += f" (minimum {pct(rec.minimum_social_value_pct)})"
        result = [result_words(rec)]
        if rec.pack:
            result.append(f"Pack: {rec.pack}")
        if rec.pack_error:
            result.append(f"Pack not written: {rec.pack_error}")
        self.tables[0].add([str(rec.line), procurement, fmt_gbp(rec.value_gbp), rec.band_label,
                            weighting, crp_words(rec.carbon_reduction_plan), vcfse, result])
        for status, cid, message in rec.issues:
            self.tables[1].add([str(rec.line), rec.title, STATUS_WORD[status], cid, message])

    def add_skipped(self, line: int, problems: Sequence[Problem]) -> None:
        for p in problems:
            self.tables[2].add([str(line), p.field or "row", p.message])

    def close(self) -> None:
        for table in self.tables:
            if table.spool is not None:
                table.spool.close()
                table.spool = None

    def write(self, target: Path, *, title: str, intro: Sequence[str], about: Sequence[str],
              keywords: str, comments: str, overwrite: bool) -> Path:
        from docx import Document
        from docx.oxml.ns import qn

        doc = Document(io.BytesIO(self._base))
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._landscape(doc)
        self._british_english(doc)
        props = doc.core_properties
        props.title = clean(title)[:255]
        props.subject = "Social Value checks for a forward plan of procurements"
        props.author = ""  # a commissioners' document: it names no tool (FINDINGS F18)
        props.last_modified_by = ""
        props.keywords = clean(keywords)[:255]
        props.comments = clean(comments)[:1000]
        props.category = "Social Value"
        props.language = LANG
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now
        props.revision = 1

        doc.add_heading(clean(title), level=1)
        for text in intro:
            doc.add_paragraph(clean(text))
        for table in self.tables:
            doc.add_heading(table.caption, level=2)
            if table.rows:
                caption = doc.add_paragraph(f"Table: {table.caption}")
                names = {s.name for s in doc.styles}
                if "Caption" in names:
                    caption.style = doc.styles["Caption"]
                caption.paragraph_format.keep_with_next = True
                doc.add_paragraph(f"@@{table.key}@@")
            else:
                doc.add_paragraph(table.empty_text)
        doc.add_heading("About this summary", level=2)
        for text in about:
            doc.add_paragraph(clean(text))
        skeleton = io.BytesIO()
        doc.save(skeleton)

        out = io.BytesIO()
        with zipfile.ZipFile(skeleton) as zin, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                if info.filename != "word/document.xml":
                    zout.writestr(info, zin.read(info.filename))
                    continue
                xml = zin.read(info.filename).decode("utf-8")
                zi = zipfile.ZipInfo("word/document.xml", date_time=info.date_time)
                zi.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(zi, "w", force_zip64=True) as fh:
                    self._stream_body(xml, fh)
        return write_atomic(target, out.getvalue(), overwrite=overwrite)

    def _stream_body(self, xml: str, fh: IO[bytes]) -> None:
        rest = xml
        for table in self.tables:
            if not table.rows:
                continue
            marker = f"@@{table.key}@@"
            at = rest.index(marker)
            start = max(rest.rfind("<w:p>", 0, at), rest.rfind("<w:p ", 0, at))
            end = rest.index("</w:p>", at) + len("</w:p>")
            fh.write(rest[:start].encode("utf-8"))
            fh.write(self._table_head(table).encode("utf-8"))
            assert table.spool is not None
            table.spool.seek(0)
            shutil.copyfileobj(table.spool, fh, 1 << 20)
            fh.write(b"</w:tbl>")
            rest = rest[end:]
        fh.write(rest.encode("utf-8"))

    def _table_head(self, table: _Table) -> str:
        caption = clean(table.caption)
        parts = [
            f"<w:tbl><w:tblPr><w:tblStyle w:val={quoteattr(self._table_style)}/>",
            '<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>',
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>',
            f"<w:tblCaption w:val={quoteattr(caption)}/>",
            f"<w:tblDescription w:val={quoteattr(clean(table.description))}/>",
            "</w:tblPr><w:tblGrid>",
            "".join(f'<w:gridCol w:w="{w}"/>' for w in table.widths),
            "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
            "".join(_cell(w, h, bold=True)
                    for w, h in zip(table.widths, table.header, strict=True)),
            "</w:tr>",
        ]
        return "".join(parts)

    @staticmethod
    def _british_english(doc: Any) -> None:
        from svauthor.docs.word import set_british_english

        names = {st.name for st in doc.styles}
        set_british_english(doc, [doc.styles[n].element for n in
                                  ("Normal", "Heading 1", "Heading 2", "Caption", "Table Grid")
                                  if n in names])
