"""Extract the aid network from Chinese news articles: the article pipeline end to end.

``load_document`` (clean simplified text with offsets) → ``split_sentences`` →
:class:`~aidgraph.ingest.recognise.Recogniser` (mentions per sentence) →
:class:`~aidgraph.ingest.resolve.Resolver` (entities with canonical names) →
:class:`~aidgraph.ingest.relate.Relater` (relations) → an
:class:`~aidgraph.graph.model.Extraction` whose every node and edge carries a
:class:`~aidgraph.graph.model.Provenance` with the sentence and its character offsets
into :attr:`Document.original`.

:func:`to_gold_json` writes an extraction in the shape of the shared gold files, so the
shared scorer can measure it; :func:`extract_to_dir` does that for many files, skipping
(and reporting) the ones that cannot be read.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from aidgraph.graph.model import Edge, Extraction, Node, Provenance, Source, SourceKind
from aidgraph.ingest.departments import default_departments
from aidgraph.ingest.gazetteer import default_gazetteer
from aidgraph.ingest.normalise import Document, UnreadableSource, load_document
from aidgraph.ingest.recognise import Recogniser
from aidgraph.ingest.relate import Relater, Relation
from aidgraph.ingest.resolve import Resolution, Resolver, flatten
from aidgraph.ingest.sentences import Sentence, split_sentences

EXTRACTOR = "aidgraph.article/0.1"
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")

# Bylines and source notes: (记者 某某), (本文由…供稿). Masked so no name in them is read.
_PRESS_NOTE = re.compile(
    r"[（(][^（）()]{0,40}(?:记者|通讯员|编辑|供稿|摄影|来源|作者)[^（）()]{0,40}[)）]"
)
_PRESS_LINE = re.compile(r"本文由|供稿|责任编辑|来源[:：]|记者[:：]|编辑[:：]|审核[:：]")


@dataclass
class ExtractReport:
    """What :func:`extract_to_dir` did: files written and files skipped with the reason."""

    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class ArticleExtractor:
    """The article pipeline with its lexicons loaded once (use :func:`default_extractor`)."""

    def __init__(self, gazetteer: Any = None, departments: Any = None) -> None:
        self.gaz = gazetteer or default_gazetteer()
        self.deps = departments or default_departments()
        self.recogniser = Recogniser(self.gaz, self.deps)
        self.resolver = Resolver(self.gaz, self.deps)
        self.relater = Relater(self.gaz)

    def extract(self, doc: Document, source: Source) -> Extraction:
        sentences = split_sentences(doc.text)
        texts = [_masked(s.text) for s in sentences]
        mentions = [flatten(self.recogniser.mentions(t, doc.text)) for t in texts]
        mentions = self.recogniser.recall_persons(texts, mentions)
        res = self.resolver.resolve(mentions)
        relations = self.relater.relate(texts, mentions, res)
        return _build(doc, source, sentences, res, relations)


@cache
def default_extractor() -> ArticleExtractor:
    return ArticleExtractor()


def extract_document(doc: Document, source: Source) -> Extraction:
    """Entities and relations of ``doc``, with provenance into ``doc.original``."""
    return default_extractor().extract(doc, source)


def source_for(path: Path, title: str | None = None) -> Source:
    data = Path(path).read_bytes()
    return Source(hashlib.sha256(data).hexdigest(), SourceKind.ARTICLE, str(path), title)


def extract_file(path: Path) -> tuple[Document, Extraction]:
    """Read, clean and extract one article file (raises ``UnreadableSource``)."""
    path = Path(path)
    doc = load_document(path)
    return doc, extract_document(doc, source_for(path, doc.title))


def _masked(text: str) -> str:
    """The sentence with press notes blanked (same length, so offsets hold)."""
    if _PRESS_LINE.search(text) and len(text) < 120:
        return " " * len(text)
    return _PRESS_NOTE.sub(lambda m: " " * len(m.group()), text)


def _build(
    doc: Document,
    source: Source,
    sentences: list[Sentence],
    res: Resolution,
    relations: list[Relation],
) -> Extraction:
    ext = Extraction(source)
    source_id = source.id  # a property: computed once, not once per statement

    original_span = doc.original_span

    def prov(i: int, start: int, end: int) -> Provenance:
        """The statement of sentence ``i``'s ``[start, end)`` (sentence offsets)."""
        sent = sentences[i]
        o_start, o_end = original_span(sent.start + start, sent.start + end)
        return Provenance(source_id, EXTRACTOR, sent.text, o_start, o_end)

    for ent in res.entities.values():
        attrs = dict(ent.attrs)
        attrs.pop("region_parts", None)
        node = Node(ent.type, ent.name, ent.aliases, attrs)  # Node copies the aliases
        # One statement once: a place written inside several names of one sentence is
        # one mention of it per name, all of the same span.
        spans = dict.fromkeys((i, m.start, m.end) for i, m in ent.mentions)
        node.provenance = [prov(i, start, end) for i, start, end in spans]
        ext.add_node(node)
    # A sentence with several relations gives each the same (immutable) statement.
    sentence_prov: dict[int, Provenance] = {}
    for rel in relations:
        src, tgt = res.entities[rel.source], res.entities[rel.target]
        statement = sentence_prov.get(rel.sentence)
        if statement is None:
            statement = sentence_prov[rel.sentence] = prov(
                rel.sentence, 0, len(sentences[rel.sentence].text)
            )
        edge = Edge(
            rel.type,
            src.id,
            tgt.id,
            program=rel.program,
            start=rel.start,
            end=rel.end,
            figures=dict(rel.figures),
        )
        edge.provenance = [statement]
        ext.add_edge(edge)
    return ext


def to_gold_json(doc_name: str, extraction: Extraction) -> dict[str, Any]:
    """The extraction in the shared gold shape (plus ids and provenance the scorer ignores)."""
    names = {nid: n.name for nid, n in extraction.nodes.items()}
    entities = []
    for nid, node in sorted(extraction.nodes.items()):
        entities.append(
            {
                "id": nid,
                "type": str(node.type),
                "name": node.name,
                "aliases": sorted(node.aliases),
                **({"attrs": node.attrs} if node.attrs else {}),
                "provenance": [{"start": p.start, "end": p.end} for p in node.provenance],
            }
        )
    relations = []
    for edge in extraction.edges.values():
        rel: dict[str, Any] = {
            "type": str(edge.type),
            "source": names[edge.source],
            "target": names[edge.target],
            "evidence": edge.provenance[0].sentence if edge.provenance else "",
        }
        if edge.program:
            rel["program"] = edge.program
        if edge.start:
            rel["start"] = edge.start
        if edge.end:
            rel["end"] = edge.end
        if edge.figures:
            rel["figures"] = {k: f.to_dict() for k, f in edge.figures.items()}
        rel["provenance"] = [{"start": p.start, "end": p.end} for p in edge.provenance]
        relations.append(rel)
    return {"doc": doc_name, "entities": entities, "relations": relations}


def extract_to_dir(paths: Iterable[Path], out_dir: Path, progress: bool = True) -> ExtractReport:
    """Extract every article of ``paths`` (files or folders) to ``out_dir/NAME.json``.

    A file that cannot be read is reported in :attr:`ExtractReport.failed` with its reason
    and skipped; the others go on.
    """
    files = _article_files(paths)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = ExtractReport()
    iterator: Iterable[Path] = files
    if progress and len(files) > 1:
        from tqdm import tqdm

        iterator = tqdm(files, desc="extract", unit="file", file=sys.stderr)
    for path in iterator:
        try:
            _, ext = extract_file(path)
        except UnreadableSource as exc:
            report.failed.append((path.name, exc.reason))
            continue
        except OSError as exc:
            report.failed.append((path.name, str(exc)))
            continue
        target = out_dir / f"{path.stem}.json"
        target.write_text(
            json.dumps(to_gold_json(path.name, ext), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        report.written.append(target)
    return report


def _article_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.iterdir() if f.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            files.append(p)
    return files
