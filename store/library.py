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


def default_library_path() -> Path:
    return Path(load_settings().library)


@dataclass
class Document:
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


def _chunks(doc: Document) -> list[tuple[str, str]]:
    """(section heading, text) pieces of at most MAX_CHUNK_WORDS words, split on paragraphs."""
    out: list[tuple[str, str]] = []
    for heading, body in doc.sections:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        buf: list[str] = []
        for para in paragraphs:
            if buf and len(" ".join([*buf, para]).split()) > MAX_CHUNK_WORDS:
                out.append((heading, "\n\n".join(buf)))
                buf = []
            buf.append(para)
        if buf:
            out.append((heading, "\n\n".join(buf)))
    return out


# ---------------------------------------------------------------- the library


@dataclass
class AddReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0


class Library:
    def __init__(
        self, path: str | Path | None = None, *, url: str | None = None, embeddings: str | None = None
    ) -> None:
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
    ) -> AddReport:
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
                self.add_document(doc, report)
            if on_file:
                on_file(path)
        return report

    def add_document(self, doc: Document, report: AddReport | None = None) -> str:
        report = report or AddReport()
        existing = self.collection.get(where={"source": doc.source}, include=["metadatas"])
        old_hashes = {m.get("content_hash") for m in existing["metadatas"] or []}
        if existing["ids"] and old_hashes == {doc.content_hash}:
            report.unchanged.append(doc.source)
            return "unchanged"
        if existing["ids"]:
            self.collection.delete(ids=existing["ids"])
        chunks = _chunks(doc)
        ids, texts, metas = [], [], []
        for i, (heading, text) in enumerate(chunks):
            chunk_hash = hashlib.sha256(f"{doc.content_hash}:{i}:{text}".encode()).hexdigest()[:24]
            ids.append(chunk_hash)
            texts.append(f"{doc.title}\n{heading}\n{text}" if heading else f"{doc.title}\n{text}")
            metas.append(
                {
                    **doc.metadata,
                    "source": doc.source,
                    "doc_id": doc.doc_id,
                    "content_hash": doc.content_hash,
                    "section": heading,
                    "chunk": i,
                    "outline": " | ".join(h for h, _ in doc.sections if h)[:500],
                }
            )
        if ids:
            self.collection.add(ids=ids, documents=texts, metadatas=metas)
        report.chunks += len(ids)
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
        from callcontent.verify import quoted_spans

        names = {n.casefold() for n in customer_names if n}
        if not names:
            return []
        got = self.collection.get(include=["documents", "metadatas"])
        quotes = []
        for text, meta in zip(got["documents"] or [], got["metadatas"] or [], strict=True):
            if str(meta.get("customer", "")).casefold() in names or any(n in text.casefold() for n in names):
                quotes += [{"text": q, "title": str(meta.get("title"))} for q in quoted_spans(text)]
        return quotes


def _excerpt(text: str, words: int = 60) -> str:
    body = text.split("\n", 2)[-1]
    parts = body.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def expand_paths(paths: Iterable[str | Path], report: AddReport) -> list[Path]:
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
