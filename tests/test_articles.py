"""The article pipeline end to end: provenance into the original, gold-shaped output,
many files with unreadable ones reported."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from aidgraph.graph.model import NodeType, SourceKind
from aidgraph.ingest.articles import (
    EXTRACTOR,
    ExtractReport,
    extract_file,
    extract_to_dir,
    to_gold_json,
)
from aidgraph.ingest.normalise import to_simplified


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


DATA = Path(__file__).parent / "data" / "extract" / "articles"

TRADITIONAL = (
    "廈門醫療隊援助臨夏紀實\n"
    "近年來，廈門大學附屬第一醫院對口支援臨夏州人民醫院，先後派出專家52名，幫助新建了腎內科。\n"
    "（記者 林曉東）\n"
)


def test_source_is_the_file_hash_and_kind(tmp_path: Path) -> None:
    path = tmp_path / "trad.txt"
    path.write_text(TRADITIONAL, encoding="utf-8")
    _, ext = extract_file(path)
    assert ext.source.kind is SourceKind.ARTICLE
    assert ext.source.uri == str(path)
    assert len(ext.source.sha256) == 64


def test_every_node_and_edge_points_into_the_original(tmp_path: Path) -> None:
    path = tmp_path / "trad.txt"
    path.write_text(TRADITIONAL, encoding="utf-8")
    doc, ext = extract_file(path)
    assert ext.nodes and ext.edges
    for node in ext.nodes.values():
        assert node.provenance
        for p in node.provenance:
            assert p.extractor == EXTRACTOR and p.source_id == ext.source.id
            written = to_simplified(doc.original[p.start : p.end])
            # The span is the mention as written (traditional in the original).
            assert written in {node.name, *node.aliases} or node.type is NodeType.REGION
    for edge in ext.edges.values():
        (p,) = edge.provenance[:1]
        # The cleaned sentence differs from the original only by width of punctuation.
        assert nfkc(to_simplified(doc.original[p.start : p.end])) == nfkc(p.sentence)


def test_traditional_names_are_simplified_and_expanded(tmp_path: Path) -> None:
    path = tmp_path / "trad.txt"
    path.write_text(TRADITIONAL, encoding="utf-8")
    _, ext = extract_file(path)
    assert "Hospital:临夏回族自治州人民医院" in ext.nodes
    assert "临夏州人民医院" in ext.nodes["Hospital:临夏回族自治州人民医院"].aliases
    assert "Person:林晓东" not in ext.nodes  # the journalist


def test_gold_json_shape(tmp_path: Path) -> None:
    path = tmp_path / "trad.txt"
    path.write_text(TRADITIONAL, encoding="utf-8")
    _, ext = extract_file(path)
    out = to_gold_json("trad.txt", ext)
    assert out["doc"] == "trad.txt"
    names = {e["name"] for e in out["entities"]}
    for ent in out["entities"]:
        assert set(ent) >= {"type", "name", "aliases", "id", "provenance"}
        assert ent["type"] in {t.value for t in NodeType}
    for rel in out["relations"]:
        assert rel["source"] in names and rel["target"] in names
        assert rel["evidence"]
    support = next(
        r
        for r in out["relations"]
        if r["type"] == "SUPPORTS" and r["source"] == "厦门大学附属第一医院"
    )
    assert support["target"] == "临夏回族自治州人民医院"
    assert support["figures"]["experts"]["value"] == 52
    json.dumps(out, ensure_ascii=False)  # serialisable as is


def test_extract_to_dir_skips_unreadable_files_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text(TRADITIONAL, encoding="utf-8")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    report = extract_to_dir([tmp_path / "in"], tmp_path / "out", progress=False)
    assert isinstance(report, ExtractReport)
    assert [p.name for p in report.written] == ["good.json"]
    assert sorted(name for name, _ in report.failed) == ["binary.txt", "empty.txt"]
    assert all(reason for _, reason in report.failed)
    written = json.loads((tmp_path / "out" / "good.json").read_text(encoding="utf-8"))
    assert written["doc"] == "good.txt"


def test_extract_to_dir_on_the_test_articles(tmp_path: Path) -> None:
    paths = sorted(DATA.iterdir())
    report = extract_to_dir(paths, tmp_path, progress=True)
    assert len(report.written) == len(paths) and not report.failed


def test_a_long_line_without_punctuation(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    # About 1 MB in one line, no sentence mark: names here and there in filler words.
    chunk = "专家团队在当地持续开展巡回义诊和带教活动" * 20 + "东莞市人民医院支援铜仁市人民医院"
    text = chunk * 810
    assert len(text.encode("utf-8")) > 1_000_000
    path.write_text(text, encoding="utf-8")
    _, ext = extract_file(path)
    assert "Hospital:铜仁市人民医院" in ext.nodes


def test_random_genre_junk_never_crashes() -> None:
    import random

    from aidgraph.graph.model import Source
    from aidgraph.ingest.articles import default_extractor
    from aidgraph.ingest.normalise import UnreadableSource, normalise

    rng = random.Random(20240601)
    pool = (
        "医院人民市县区省卫生健康委员会支援帮扶结对携手共建培训为与和、，。“”《》（）"
        "科中心联盟等项名的由牵头专家院长介绍记者0123456789北京新疆二院"
    )
    src = Source("0" * 64, SourceKind.ARTICLE, "junk")
    for _ in range(60):
        text = "".join(rng.choice(pool) for _ in range(rng.choice([1, 30, 300, 3000])))
        try:
            doc = normalise(text, name="junk.txt")
        except UnreadableSource:
            continue
        ext = default_extractor().extract(doc, src)
        assert all(e.source in ext.nodes and e.target in ext.nodes for e in ext.edges.values())


def test_a_statement_is_listed_once_per_node(tmp_path: Path) -> None:
    # 北京市 is written once but lies inside three names of the sentence (the district, the
    # hospital, the alliance): one statement, not one per name it was read from.
    path = tmp_path / "nested.txt"
    path.write_text("通过北京市朝阳区中日医院医联体18家成员单位的社区责任主任开展帮扶。", "utf-8")
    _doc, ext = extract_file(path)
    assert len(ext.nodes["Region:北京市"].provenance) == 1
    for item in [*ext.nodes.values(), *ext.edges.values()]:
        assert len(item.provenance) == len(set(item.provenance))
