"""The team's case-study library in Chroma: ingestion, search, removal, and retrieval for the pipeline.

Embedded (`PersistentClient`) at a per-user data directory or `--library PATH`; or a shared Chroma
server when CALLCONTENT_CHROMA_URL is set (`HttpClient`). Documents are chunked by section; chunk
ids are content hashes, so re-adding an unchanged file does nothing and a changed file replaces its
old chunks.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # before chromadb imports onnxruntime
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb
from chromadb.config import Settings as ChromaSettings

from callcontent.settings import load_settings
from callcontent.store.embeddings import embedding_function

COLLECTION = "case_studies"
SUPPORTED = {".md", ".markdown", ".mdx", ".adoc", ".asciidoc", ".txt", ".html", ".htm"}
MAX_CHUNK_WORDS = 350
# Embedding runs at about ten 256-token chunks a second on two cores, so a story is cut into at most
# this many chunks (about 40 s); past it, chunks widen, and each is found by its opening words.
MAX_CHUNKS_PER_STORY = 400
# Chunks are embedded and stored this many at a time, so memory does not grow with the story's size.
ADD_BATCH = 32
_SEGMENT_DIR = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SQLITE_HEADER = b"SQLite format 3\x00"


class LibraryError(Exception):
    """The library cannot be used as it stands (a damaged or unreadable store); the message names the path."""


def default_library_path() -> Path:
    """The library folder in use (the `library` setting)."""
    return Path(load_settings().library)


@dataclass
class Document:
    """A story read from a file: text, title, metadata and sections."""

    source: str
    title: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading, body)

    @property
    def doc_id(self) -> str:
        """Stable across edits of the same file, so `library remove ID` keeps meaning the same story."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:16]

    @property
    def content_hash(self) -> str:
        """A hash of the text: equal texts are the same story, wherever they are."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- reading files

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_ADOC_ATTR = re.compile(r"^:([\w-]+):\s*(.*)$", re.M)
META_KEYS = ("title", "customer", "industry", "date", "url")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta: dict[str, str] = {}
    try:
        import yaml

        loaded = yaml.safe_load(m.group(1))
        if isinstance(loaded, dict):
            meta = {
                str(k).lower(): str(v)
                for k, v in loaded.items()
                if isinstance(v, (str, int, float)) or hasattr(v, "isoformat")
            }
    except Exception:  # a malformed header is still a header: fall back to key: value lines
        for line in m.group(1).splitlines():
            key, _, value = line.partition(":")
            if value.strip():
                meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[m.end() :]


def _html_to_text(raw: str) -> str:
    raw = re.sub(r"(?is)<(script|style|nav|footer|header)\b.*?</\1>", " ", raw)
    raw = re.sub(
        r"(?i)<h([1-3])[^>]*>(.*?)</h\1>",
        lambda m: "\n\n" + "#" * int(m.group(1)) + " " + m.group(2) + "\n\n",
        raw,
    )
    raw = re.sub(r"(?i)<(br|/p|/div|/li|/blockquote)[^>]*>", "\n", raw)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def _sections(body: str, heading: re.Pattern[str]) -> list[tuple[str, str]]:
    sections: list[tuple[str, str]] = []
    current, lines = "", list[str]()
    for line in body.splitlines():
        m = heading.match(line)
        if m:
            if "".join(lines).strip():
                sections.append((current, "\n".join(lines).strip()))
            current, lines = m.group(1).strip(), []
        else:
            lines.append(line)
    if "".join(lines).strip():
        sections.append((current, "\n".join(lines).strip()))
    return sections


def read_document(path: Path) -> Document:
    """Parse one case study. Raises OSError/UnicodeDecodeError/ValueError for files that cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ValueError(
            f"unsupported file type {suffix or '(none)'}; supported: {', '.join(sorted(SUPPORTED))}"
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ValueError("binary file")
    text = raw.decode("utf-8-sig")
    meta: dict[str, str] = {}
    if suffix in (".html", ".htm"):
        title_tag = re.search(r"(?is)<title>(.*?)</title>", text)
        if title_tag:
            meta["title"] = html.unescape(title_tag.group(1)).strip()
        body = _html_to_text(text)
        heading = re.compile(r"^#{1,3}\s+(.+)$")
    elif suffix in (".adoc", ".asciidoc"):
        meta = {k.lower(): v.strip() for k, v in _ADOC_ATTR.findall(text)}
        doc_title = re.search(r"^=\s+(.+)$", text, re.M)
        if doc_title:
            meta.setdefault("title", doc_title.group(1).strip())
        body = _ADOC_ATTR.sub("", text)
        heading = re.compile(r"^={2,4}\s+(.+)$")
    else:
        meta, body = _front_matter(text)
        if suffix == ".mdx":  # drop imports/exports and JSX tags, keep their text
            body = re.sub(r"(?m)^(import|export)\s.*$", "", body)
            body = re.sub(r"</?[A-Z][^>]*>", " ", body)
        heading = re.compile(r"^#{1,4}\s+(.+)$")
    body = body.strip()
    if not body:
        raise ValueError("no text")
    first_heading = re.search(r"^#\s+(.+)$", body, re.M)
    title = meta.get("title") or (first_heading.group(1).strip() if first_heading else _title_from_name(path))
    sections = _sections(body, heading) or [("", body)]
    kept = {k: str(meta[k]) for k in META_KEYS if meta.get(k)}
    kept["title"] = title
    return Document(source=str(path.resolve()), title=title, text=body, metadata=kept, sections=sections)


def _title_from_name(path: Path) -> str:
    return re.sub(r"[_-]+", " ", path.stem).strip().capitalize()


def _paragraphs(body: str) -> Iterable[str]:
    """The body's paragraphs, a paragraph longer than MAX_CHUNK_WORDS cut into word windows."""
    for para in re.split(r"\n\s*\n", body):
        words = para.split()
        for start in range(0, len(words), MAX_CHUNK_WORDS):
            yield (
                " ".join(words[start : start + MAX_CHUNK_WORDS])
                if len(words) > MAX_CHUNK_WORDS
                else para.strip()
            )


def _chunks(doc: Document) -> list[tuple[str, str]]:
    """(section heading, text) pieces of at most MAX_CHUNK_WORDS words, split on paragraphs.

    A story that would need more than MAX_CHUNKS_PER_STORY pieces gets wider ones instead.
    """
    out: list[tuple[str, str]] = []
    for heading, body in doc.sections:
        buf: list[str] = []
        size = 0
        for para in _paragraphs(body):
            if not para:
                continue
            words = len(para.split())
            if buf and size + words > MAX_CHUNK_WORDS:
                out.append((heading, "\n\n".join(buf)))
                buf, size = [], 0
            buf.append(para)
            size += words
        if buf:
            out.append((heading, "\n\n".join(buf)))
    if len(out) <= MAX_CHUNKS_PER_STORY:
        return out
    per = -(-len(out) // MAX_CHUNKS_PER_STORY)
    return [(out[i][0], "\n\n".join(text for _, text in out[i : i + per])) for i in range(0, len(out), per)]


def check_store(folder: Path) -> None:
    """Refuse a library folder whose Chroma database is damaged or unreadable, naming the file.

    Chroma would otherwise treat a truncated or emptied database as a new one, and the library would
    look empty instead of broken.
    """
    database = folder / "chroma.sqlite3"
    if not database.exists():
        if any(p.is_dir() and _SEGMENT_DIR.fullmatch(p.name) for p in folder.iterdir()):
            raise LibraryError(f"{database}: missing, but the folder holds Chroma segments; restore it")
        return
    try:
        with database.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise LibraryError(f"{database}: cannot be read ({exc.strerror or exc})") from None
    if header != SQLITE_HEADER:
        what = "empty (0 bytes)" if not header else "not a SQLite database"
        raise LibraryError(
            f"{database}: the library store is damaged ({what}); restore it or move the folder"
        )
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            db.execute("SELECT count(*) FROM collections").fetchone()
            (verdict,) = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{database}: the library store is damaged ({exc})") from None
    if verdict != "ok":
        raise LibraryError(f"{database}: the library store is damaged ({verdict})")


# ---------------------------------------------------------------- the library


@dataclass
class AddReport:
    """What `library add` did with each file."""

    added: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path already stored)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0


class Library:
    """The case-study collection, embedded in a folder or on a Chroma server."""

    def __init__(
        self, path: str | Path | None = None, *, url: str | None = None, embeddings: str | None = None
    ) -> None:
        """Open the library at `path` (or the server at `url`); a damaged store raises LibraryError."""
        url = url or load_settings().chroma_url
        settings = ChromaSettings(anonymized_telemetry=False)
        if url:
            parsed = urlparse(url)
            self.location = url
            self.client: Any = chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 8000,
                ssl=parsed.scheme == "https",
                settings=settings,
            )
        else:
            target = Path(path) if path else default_library_path()
            target.mkdir(parents=True, exist_ok=True)
            check_store(target)
            self.location = str(target)
            self.client = chromadb.PersistentClient(path=str(target), settings=settings)
        # Always pass our function, also when reopening: Chroma's default would try to download a model.
        self.collection = self.client.get_or_create_collection(
            COLLECTION, embedding_function=embedding_function(embeddings), metadata={"hnsw:space": "cosine"}
        )

    # -- writing

    def add_paths(
        self,
        paths: Iterable[str | Path],
        *,
        on_file: Callable[[Path], None] | None = None,
        extra: dict[str, str] | None = None,
        on_chunks: Callable[[int, int], None] | None = None,
    ) -> AddReport:
        """Add every supported file under `paths`.

        `on_file(path)` is called after each file, `on_chunks(done, total)` as a file's chunks are stored.
        """
        report = AddReport()
        for path in expand_paths(paths, report):
            try:
                doc = read_document(path)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                report.failed.append(
                    (str(path), str(exc) if not isinstance(exc, UnicodeDecodeError) else "not UTF-8 text")
                )
            else:
                if extra:
                    doc.metadata.update(extra)
                self.add_document(doc, report, on_chunks=on_chunks)
            if on_file:
                on_file(path)
        return report

    def add_document(
        self,
        doc: Document,
        report: AddReport | None = None,
        *,
        on_chunks: Callable[[int, int], None] | None = None,
    ) -> str:
        """Store `doc`'s chunks; returns added, replaced, unchanged or duplicate (same text, other path)."""
        report = report or AddReport()
        existing = self.collection.get(where={"source": doc.source}, include=["metadatas"])
        old_hashes = {m.get("content_hash") for m in existing["metadatas"] or []}
        if existing["ids"] and old_hashes == {doc.content_hash}:
            report.unchanged.append(doc.source)
            return "unchanged"
        twin = self.collection.get(where={"content_hash": doc.content_hash}, include=["metadatas"], limit=1)
        if twin["ids"] and twin["metadatas"]:
            # Chunk ids are content hashes: adding it again would store nothing and claim success.
            report.duplicates.append((doc.source, str(twin["metadatas"][0].get("source"))))
            return "duplicate"
        if existing["ids"]:
            self.collection.delete(ids=existing["ids"])
        pieces = _chunks(doc)
        outline = " | ".join(h for h, _ in doc.sections if h)[:500]
        for start in range(0, len(pieces), ADD_BATCH):
            batch = [(i, pieces[i]) for i in range(start, min(start + ADD_BATCH, len(pieces)))]
            self.collection.add(
                ids=[_chunk_id(doc, i, text) for i, (_, text) in batch],
                documents=[
                    f"{doc.title}\n{h}\n{text}" if h else f"{doc.title}\n{text}" for _, (h, text) in batch
                ],
                metadatas=[_chunk_metadata(doc, i, heading, outline) for i, (heading, _) in batch],
            )
            if on_chunks:
                on_chunks(start + len(batch), len(pieces))
        report.chunks += len(pieces)
        (report.replaced if existing["ids"] else report.added).append(doc.source)
        return "replaced" if existing["ids"] else "added"

    def remove(self, ident: str) -> int:
        """Remove a document by doc id (content hash) or source path; returns the chunks removed."""
        for where in ({"doc_id": ident}, {"source": ident}, {"source": str(Path(ident).resolve())}):
            found = self.collection.get(where=where)
            if found["ids"]:
                self.collection.delete(ids=found["ids"])
                return len(found["ids"])
        return 0

    # -- reading

    def documents(self) -> list[dict[str, Any]]:
        """Every story in the library with its metadata and chunk count."""
        got = self.collection.get(include=["metadatas"])
        docs: dict[str, dict[str, Any]] = {}
        for meta in got["metadatas"] or []:
            d = docs.setdefault(
                meta["doc_id"],
                {
                    k: meta.get(k)
                    for k in (
                        "doc_id",
                        "title",
                        "customer",
                        "industry",
                        "date",
                        "url",
                        "source",
                        "approved_by",
                    )
                },
            )
            d["chunks"] = d.get("chunks", 0) + 1
            section = meta.get("section")
            if section and section not in d.setdefault("sections", []):
                d["sections"].append(section)  # the story's headings: which parts of the arc it tells
        return sorted(docs.values(), key=lambda d: str(d.get("title")))

    def search(self, query: str, k: int = 5) -> list[dict[str, Any]]:
        """Top-k documents (not chunks) for `query`, each with its best excerpt and outline."""
        total = self.collection.count()
        if total == 0 or not query.strip():
            return []
        res = self.collection.query(
            query_texts=[query], n_results=min(total, k * 4), include=["documents", "metadatas", "distances"]
        )
        best: dict[str, dict[str, Any]] = {}
        for text, meta, dist in zip(
            res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
        ):
            doc_id = meta["doc_id"]
            if doc_id in best:
                continue
            best[doc_id] = {
                "doc_id": doc_id,
                "title": meta.get("title"),
                "customer": meta.get("customer"),
                "industry": meta.get("industry"),
                "url": meta.get("url"),
                "source": meta.get("source"),
                "section": meta.get("section"),
                "outline": meta.get("outline"),
                "excerpt": _excerpt(text),
                "score": round(1.0 - float(dist), 4),
            }
        return list(best.values())[:k]

    def published_quotes(self, customer_names: list[str]) -> list[dict[str, str]]:
        """Quotes already published in stories about the same customer (so drafts do not reuse them)."""
        from callcontent.figures import quoted_spans

        names = {n.casefold() for n in customer_names if n}
        if not names:
            return []
        got = self.collection.get(include=["documents", "metadatas"])
        quotes = []
        for text, meta in zip(got["documents"] or [], got["metadatas"] or [], strict=True):
            if str(meta.get("customer", "")).casefold() in names or any(n in text.casefold() for n in names):
                quotes += [{"text": q, "title": str(meta.get("title"))} for q in quoted_spans(text)]
        return quotes


def _chunk_id(doc: Document, index: int, text: str) -> str:
    return hashlib.sha256(f"{doc.content_hash}:{index}:{text}".encode()).hexdigest()[:24]


def _chunk_metadata(doc: Document, index: int, heading: str, outline: str) -> dict[str, Any]:
    return {
        **doc.metadata,
        "source": doc.source,
        "doc_id": doc.doc_id,
        "content_hash": doc.content_hash,
        "section": heading,
        "chunk": index,
        "outline": outline,
    }


def _excerpt(text: str, words: int = 60) -> str:
    body = text.split("\n", 2)[-1]
    parts = body.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def expand_paths(paths: Iterable[str | Path], report: AddReport) -> list[Path]:
    """The supported files under `paths` (files, folders, globs); names that match nothing go to `report`."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
        elif p.exists():
            out.append(p)
        else:
            matches = sorted(Path().glob(str(raw))) if any(c in str(raw) for c in "*?[") else []
            if matches:
                out += [m for m in matches if m.is_file()]
            else:
                report.failed.append((str(raw), "not found"))
    return out
