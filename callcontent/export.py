"""A run's drafts as the files marketers work in: Word, PDF for gated downloads, and copy-ready HTML.

`callcontent export RUN_DIR --to docx,pdf,html` (and `run --export …`) reads the run's result.json and
writes `RUN_DIR/export/<piece>.<ext>`:

- Word: real headings, pull quotes in Word's "Quote" style, lists, and on the case study a table of
  the figures the customer gave as before → after, each with the sentence it comes from;
- PDF: the same, rendered offline with a Unicode font from the system (no network call);
- HTML: one fragment per piece (`<article>`), escaped, to paste into a CMS.

What is exported is what a reader may see: review notes, the code's "drafted by code" line and open
problems never are. A run whose review was not cleared exports only with `allow_uncleared`, and then
every file says so on its first page. The cover says whether the customer approved it (`approve`).
Files the export wrote before are replaced; a file there that someone changed since is not.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from callcontent.figures import numbers_in
from callcontent.files import write_atomic, write_atomic_bytes
from callcontent.result import ResultFileError, piece_written, read_result

ExportFormat = Literal["docx", "pdf", "html"]
FORMATS: tuple[ExportFormat, ...] = ("docx", "pdf", "html")
PIECES: tuple[str, ...] = ("case_study", "blog_post", "testimonials", "social_posts")
TITLES = {
    "case_study": "Case study",
    "blog_post": "Blog post",
    "testimonials": "Testimonials",
    "social_posts": "Social posts",
}
MANIFEST = ".exported.json"  # what this tool wrote, by sha256: a changed file is someone's work
# System fonts with the glyphs customers' words need (curly quotes, dashes, accents), regular then italic.
FONT_CANDIDATES: tuple[tuple[str, str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    (
        "/Library/Fonts/Arial Unicode.ttf",
        "/Library/Fonts/Arial Unicode.ttf",
        "/Library/Fonts/Arial Unicode.ttf",
    ),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/ariali.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)


class ExportError(Exception):
    """The run cannot be exported as asked; the message is one line saying why."""


# ---------------------------------------------------------------- what a piece holds


@dataclass(frozen=True)
class Block:
    """One block of a draft: a heading, a pull quote, a list, a paragraph or the metrics table."""

    kind: Literal["heading", "quote", "list", "paragraph", "metrics"]
    text: str = ""
    level: int = 1
    who: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[MetricRow, ...] = ()


@dataclass(frozen=True)
class MetricRow:
    """A figure the customer gave as a change: what, before, after, and the sentence that says it."""

    metric: str
    before: str
    after: str
    said: str


@dataclass
class Piece:
    """A draft ready to export."""

    name: str
    title: str
    blocks: list[Block] = field(default_factory=list)


# The code's own note on each draft and the review's notes are for the team, not for readers.
_INTERNAL = re.compile(r"^_.*(?:drafted by code|no writer model ran|review).*_$", re.I)
_QUOTE_WHO = re.compile(r"^(?P<text>.*?)\s+—\s+(?P<who>[^“”\"]{1,80})$")


def blocks_of(markdown: str) -> list[Block]:
    """The blocks of a draft's Markdown (the subset the drafts use), internal notes left out."""
    blocks: list[Block] = []
    items: list[str] = []
    for raw in [*markdown.split("\n\n"), ""]:
        chunk = raw.strip()
        lines = chunk.splitlines()
        if items and not (lines and all(line.startswith("- ") for line in lines)):
            blocks.append(Block("list", items=tuple(items)))
            items = []
        if not chunk or _INTERNAL.match(chunk) or chunk.startswith("> **"):
            continue
        if chunk.startswith("#"):
            level = len(chunk) - len(chunk.lstrip("#"))
            blocks.append(Block("heading", chunk[level:].strip(), level=min(level, 3)))
        elif all(line.startswith("- ") for line in lines):
            items += [line[2:].strip() for line in lines]
        elif chunk.startswith(">"):
            text = " ".join(line.lstrip("> ").strip() for line in lines)
            match = _QUOTE_WHO.match(text)
            blocks.append(Block("quote", match["text"] if match else text, who=match["who"] if match else ""))
        else:
            blocks.append(Block("paragraph", " ".join(lines)))
    return blocks


# "Our days sales outstanding went from 52 to 41"; "we used to need six days … and last month we closed in two".
_FROM_TO = re.compile(
    r"(?P<metric>(?:our |the |my )?[a-z][\w' -]{2,60}?)\s+(?:went|dropped|fell|grew|rose|increased|decreased|"
    r"climbed|came down|is down|are down|went down|went up|moved)?\s*from\s+(?P<before>(?:{about})?[$€£]?[\d.,]+\s?"
    r"(?:%|percent)?(?:\s\w+)?)\s+to\s+(?P<after>(?:{about})?[$€£]?[\d.,]+\s?(?:%|percent)?(?:\s\w+)?)".replace(
        "{about}", r"about |around |roughly |approximately |nearly |almost |over |under |just "
    ),
    re.I,
)


_LEADING_SMALL_WORDS = re.compile(r"^(?:(?:and|but|so|then|now|our|the|my|their)\s+)+", re.I)


def metric_rows(facts: Sequence[dict[str, Any]]) -> list[MetricRow]:
    """The before → after changes among the figures the customer said were done, each with its sentence."""
    rows = []
    for fact in facts:
        if fact.get("status") != "achieved":
            continue
        sentence = str(fact.get("sentence", ""))
        for match in _FROM_TO.finditer(sentence):
            before, after = match["before"].strip(" ,."), match["after"].strip(" ,.")
            if numbers_in(before) and numbers_in(after):
                metric = _LEADING_SMALL_WORDS.sub("", match["metric"].strip())
                rows.append(MetricRow(metric[:1].upper() + metric[1:], before, after, sentence))
    return rows


def pieces_of(result: dict[str, Any], names: Sequence[str]) -> list[Piece]:
    """The drafts of a run as pieces to export; the case study gets the metrics table after its headline."""
    drafts = result["drafts"]
    out = []
    # A piece the call did not support was not written: there is nothing of it to export.
    for name in [n for n in names if piece_written(drafts, n)]:
        if name == "testimonials":
            markdown = "\n\n".join(f"## {k.title()}\n\n> {v}" for k, v in drafts["testimonials"].items())
        elif name == "social_posts":
            platforms = drafts.get("social_platforms") or []
            markdown = "\n\n".join(
                f"## {platforms[i] if i < len(platforms) else f'Post {i + 1}'}\n\n{post}"
                for i, post in enumerate(drafts["social_posts"])
            )
        else:
            markdown = drafts[name]
        piece = Piece(name, TITLES[name], blocks_of(markdown))
        rows = metric_rows(result.get("facts") or [])
        if name == "case_study" and rows:
            at = 1 if piece.blocks and piece.blocks[0].kind == "heading" else 0
            piece.blocks.insert(at, Block("metrics", "Before and after", rows=tuple(rows)))
        out.append(piece)
    return out


# ---------------------------------------------------------------- the cover


@dataclass(frozen=True)
class Cover:
    """What the first page says: the customer's approval, and whether review cleared the drafts."""

    approval: str
    uncleared: str | None


def cover_of(result: dict[str, Any], run_dir: Path) -> Cover:
    """The approval status from approval.json, and the uncleared warning when review did not clear."""
    approval = "Not yet approved by the customer"
    record_file = run_dir / "approval.json"
    if record_file.is_file():
        try:
            record = json.loads(record_file.read_text(encoding="utf-8"))
            approval = f"Approved by {record['approved_by']} on {str(record['approved_at'])[:10]}"
            if record.get("forced"):
                approval += " (approved although review had not cleared it)"
        except (OSError, ValueError, KeyError, TypeError):
            approval = "Approval record unreadable: treat as not approved"
    cleared = result["review"].get("passed") is True and result.get("status", "ok") != "degraded"
    uncleared = (
        None if cleared else "NOT CLEARED BY REVIEW: do not publish until the open problems are fixed."
    )
    return Cover(approval, uncleared)


# ---------------------------------------------------------------- writers


def _runs(text: str) -> list[tuple[str, bool]]:
    """Text split into (words, bold) runs at **…** marks."""
    parts = re.split(r"\*\*(.+?)\*\*", text)
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def to_docx(piece: Piece, cover: Cover) -> bytes:
    """The piece as a Word document."""
    import io

    import docx

    document = docx.Document()
    document.core_properties.title = piece.title
    if cover.uncleared:
        document.add_paragraph().add_run(cover.uncleared).bold = True
    document.add_paragraph(f"{piece.title} · {cover.approval}", style="Subtitle")
    for block in piece.blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind == "quote":
            document.add_paragraph(block.text + (f" — {block.who}" if block.who else ""), style="Quote")
        elif block.kind == "list":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "metrics":
            document.add_heading(block.text, level=2)
            table = document.add_table(rows=1, cols=4, style="Table Grid")
            for cell, heading in zip(
                table.rows[0].cells, ("Measure", "Before", "After", "As the customer said"), strict=True
            ):
                cell.text = heading
            for row in block.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text, cells[2].text, cells[3].text = (
                    row.metric,
                    row.before,
                    row.after,
                    f"“{row.said}”",
                )
        else:
            paragraph = document.add_paragraph()
            for words, bold in _runs(block.text):
                paragraph.add_run(words).bold = bold
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def unicode_font() -> tuple[str, str, str]:
    """Regular, italic and bold TTF files of a Unicode font on this system."""
    for regular, italic, bold in FONT_CANDIDATES:
        if Path(regular).is_file():
            return (
                regular,
                italic if Path(italic).is_file() else regular,
                bold if Path(bold).is_file() else regular,
            )
    raise ExportError(
        "no Unicode font found for the PDF (looked for DejaVu Sans and Liberation Sans); install "
        "fonts-dejavu-core (Debian/Ubuntu) or export to docx and save it as PDF from Word"
    )


def to_pdf(piece: Piece, cover: Cover) -> bytes:
    """The piece as a PDF, rendered here with a system font."""
    from fpdf import FPDF

    regular, italic, bold = unicode_font()
    pdf = FPDF(format="A4")
    pdf.set_title(piece.title)
    pdf.set_creator("callcontent")
    pdf.add_font("Body", "", regular)
    pdf.add_font("Body", "I", italic)
    pdf.add_font("Body", "B", bold)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def write(text: str, style: str = "", size: float = 11, gap: float = 3, indent: float = 0) -> None:
        pdf.set_font("Body", style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    if cover.uncleared:
        pdf.set_text_color(160, 0, 0)
        write(cover.uncleared, "B", 12)
        pdf.set_text_color(0, 0, 0)
    write(f"{piece.title} · {cover.approval}", "I", 10, gap=6)
    for block in piece.blocks:
        if block.kind == "heading":
            write(block.text, "B", {1: 20, 2: 15, 3: 13}[block.level], gap=4)
        elif block.kind == "quote":
            write(block.text + (f" — {block.who}" if block.who else ""), "I", 12, indent=8)
        elif block.kind == "list":
            for item in block.items:
                write(f"• {item}", gap=1.5, indent=4)
            pdf.ln(2)
        elif block.kind == "metrics":
            write(block.text, "B", 15, gap=2)
            pdf.set_font("Body", "", 10)
            with pdf.table(col_widths=(30, 15, 15, 60), text_align="LEFT") as table:
                table.row(("Measure", "Before", "After", "As the customer said"))
                for row in block.rows:
                    table.row((row.metric, row.before, row.after, f"“{row.said}”"))
            pdf.ln(4)
        else:
            write(block.text.replace("**", ""))
    return bytes(pdf.output())


def to_html(piece: Piece, cover: Cover) -> str:
    """The piece as a copy-ready HTML fragment (every word escaped)."""
    e = html.escape
    parts = [f'<article class="callcontent-{e(piece.name)}">']
    if cover.uncleared:
        parts.append(f'<p class="uncleared"><strong>{e(cover.uncleared)}</strong></p>')
    parts.append(f'<p class="status"><em>{e(piece.title)} · {e(cover.approval)}</em></p>')
    for block in piece.blocks:
        if block.kind == "heading":
            parts.append(f"<h{block.level}>{e(block.text)}</h{block.level}>")
        elif block.kind == "quote":
            who = f"<footer>— {e(block.who)}</footer>" if block.who else ""
            parts.append(f"<blockquote><p>{e(block.text)}</p>{who}</blockquote>")
        elif block.kind == "list":
            parts.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + "</ul>")
        elif block.kind == "metrics":
            rows = "".join(
                f"<tr><td>{e(r.metric)}</td><td>{e(r.before)}</td><td>{e(r.after)}</td><td>“{e(r.said)}”</td></tr>"
                for r in block.rows
            )
            parts.append(
                f"<h2>{e(block.text)}</h2><table><thead><tr><th>Measure</th><th>Before</th><th>After</th>"
                f"<th>As the customer said</th></tr></thead><tbody>{rows}</tbody></table>"
            )
        else:
            text = "".join(f"<strong>{e(w)}</strong>" if b else e(w) for w, b in _runs(block.text))
            parts.append(f"<p>{text}</p>")
    return "\n".join([*parts, "</article>"]) + "\n"


# ---------------------------------------------------------------- the export


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_run(
    run_dir: Path,
    formats: Sequence[str],
    pieces: Sequence[str] = PIECES,
    *,
    allow_uncleared: bool = False,
) -> list[Path]:
    """Write the run's drafts in each format into RUN_DIR/export; the files written."""
    unknown = [f for f in formats if f not in FORMATS] + [p for p in pieces if p not in PIECES]
    if unknown:
        raise ExportError(
            f"unknown {', '.join(unknown)}: formats are {', '.join(FORMATS)}; pieces are {', '.join(PIECES)}"
        )
    try:
        result = read_result(run_dir / "result.json")
    except ResultFileError as exc:
        raise ExportError(str(exc)) from None
    cover = cover_of(result, run_dir)
    if cover.uncleared and not allow_uncleared:
        raise ExportError(
            f"{run_dir}: review did not clear these drafts; fix them and re-run, or export anyway with "
            "--allow-uncleared (every file then says so on its first page)"
        )
    rendered: dict[str, bytes] = {}
    for piece in pieces_of(result, pieces):
        for fmt in formats:
            if fmt == "docx":
                rendered[f"{piece.name}.docx"] = to_docx(piece, cover)
            elif fmt == "pdf":
                rendered[f"{piece.name}.pdf"] = to_pdf(piece, cover)
            else:
                rendered[f"{piece.name}.html"] = to_html(piece, cover).encode("utf-8")
    return _write_all(run_dir / "export", rendered)


def _write_all(folder: Path, rendered: dict[str, bytes]) -> list[Path]:
    """Every file or none: refused before writing when one would replace a file someone changed."""
    manifest_file = folder / MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    for name in rendered:
        existing = folder / name
        if existing.exists() and manifest.get(name) != _sha(existing.read_bytes()):
            raise ExportError(f"{existing}: not written by this export or changed since; move it away first")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in rendered.items():
        write_atomic_bytes(folder / name, data)
        manifest[name] = _sha(data)
        written.append(folder / name)
    write_atomic(manifest_file, json.dumps(manifest, indent=2) + "\n")
    return written
