"""Extraction quality measured by the shared scorer, on our own articles and on the seeds.

Our own articles (tests/data/extract: other provinces and programmes, a traditional one,
alliances, page furniture) carry hand-written gold; the seeds and their gold live in the
shared development set. Both are extracted with :func:`extract_to_dir` and scored with
``../shared/score_extraction.py`` (beside the repository) exactly as a reviewer would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aidgraph.ingest.articles import extract_to_dir

OWN = Path(__file__).parent / "data" / "extract"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "score_extraction.py"


def score(articles: Path, gold: Path, out: Path) -> dict:
    paths = sorted(p for p in articles.iterdir() if p.suffix in (".txt", ".html"))
    report = extract_to_dir(paths, out, progress=False)
    assert not report.failed
    done = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    # The scorer prints its JSON, then its one-line summary.
    result, _ = json.JSONDecoder().raw_decode(done.stdout)
    return result


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score(OWN / "articles", OWN / "gold", tmp_path_factory.mktemp("own"))


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score(SHARED / "seeds", SHARED / "gold", tmp_path_factory.mktemp("seeds"))


def test_own_articles_entities(own: dict) -> None:
    assert own["entities"]["f1"] >= 0.90


def test_own_articles_relations(own: dict) -> None:
    assert own["relations"]["f1"] >= 0.85


def test_seed_entities(seeds: dict) -> None:
    assert seeds["entities"]["f1"] >= 0.90


def test_seed_relations(seeds: dict) -> None:
    assert seeds["relations"]["f1"] >= 0.80


@pytest.mark.parametrize("kind", ["entity", "relation"])
def test_every_type_is_found_somewhere(own: dict, seeds: dict, kind: str) -> None:
    found = {
        row["type"]
        for result in (own, seeds)
        for row in result["per_type"]
        if row["kind"] == kind and row["hit"] > 0
    }
    expected = 8
    assert len(found) == expected, sorted(found)
