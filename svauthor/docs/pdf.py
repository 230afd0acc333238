"""Tagged, accessible PDF copies of the pack, made by LibreOffice when it is installed.

LibreOffice runs headless with a throwaway profile (never the user's own), writes into a
temporary folder beside the pack, and each PDF is then moved into place with a rename, so a
failed export never leaves a half-written file. Without LibreOffice the message says how to
export tagged PDF from Word instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from svauthor.errors import InputError, Problem

#: LibreOffice's PDF export options: tagged PDF (structure for screen readers), document title
#: shown in the window, bookmarks from the headings.
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
})
TIMEOUT_SECONDS = 300
NO_LIBREOFFICE = ("--pdf needs LibreOffice (the `soffice` command), which is not installed. "
                  "Install it (for example `apt-get install libreoffice-writer-nogui`), or "
                  "open each .docx in Word and use File > Save As > PDF with \"Document "
                  "structure tags for accessibility\" ticked under Options")


def find_soffice() -> str | None:
    """The LibreOffice command, if installed (SVAUTHOR_SOFFICE names one explicitly)."""
    named = os.environ.get("SVAUTHOR_SOFFICE")
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_targets(docs: list[Path]) -> list[Path]:
    return [p.with_suffix(".pdf") for p in docs if p.suffix == ".docx"]


def check_pdf_targets(docs: list[Path], *, force: bool) -> None:
    """Refuse before any work when a PDF is already there (unless force) or LibreOffice is
    missing."""
    if find_soffice() is None:
        raise InputError.single("--pdf", NO_LIBREOFFICE)
    problems = [Problem(str(p), None, "", "already exists; use --force to overwrite it")
                for p in pdf_targets(docs) if p.exists() and not force]
    if problems:
        raise InputError(problems)


def export_pdfs(docs: list[Path], *, force: bool = False) -> list[Path]:
    """Write a tagged PDF beside each .docx and return the PDFs' paths."""
    soffice = find_soffice()
    if soffice is None:
        raise InputError.single("--pdf", NO_LIBREOFFICE)
    words = [p for p in docs if p.suffix == ".docx"]
    if not words:
        return []
    words = [p.resolve() for p in words]  # LibreOffice's profile needs an absolute file URI
    out_dir = words[0].parent
    with tempfile.TemporaryDirectory(prefix=".svauthor-pdf.", dir=out_dir) as tmp:
        profile = Path(tmp).resolve() / "profile"
        made = Path(tmp) / "out"
        made.mkdir()
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--convert-to", PDF_FILTER, "--outdir", str(made),
                   *[str(p) for p in words]]
        try:
            result = subprocess.run(command, capture_output=True, text=True, check=False,
                                    timeout=TIMEOUT_SECONDS, env={**os.environ, "HOME": tmp})
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError.single("--pdf", f"LibreOffice could not convert the pack: "
                                             f"{exc}") from None
        pdfs = [made / p.with_suffix(".pdf").name for p in words]
        missing = [p.name for p in pdfs if not p.is_file()]
        if missing:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            raise InputError.single("--pdf", f"LibreOffice did not write {', '.join(missing)} "
                                             f"({detail[0]})")
        written: list[Path] = []
        try:
            for pdf in pdfs:
                target = out_dir / pdf.name
                if target.exists() and not force:
                    raise FileExistsError(str(target))
                os.replace(pdf, target)
                written.append(target)
        except (OSError, FileExistsError) as exc:
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise InputError.single(str(out_dir), f"cannot write the PDFs: {exc}") from None
    return written
