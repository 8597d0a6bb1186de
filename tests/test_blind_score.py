"""Extraction quality on the blind set: ten articles written (with their gold) before the
extractor's rules were read, to measure how it does on text it was not built from.

tests/data/blind holds each article (.txt or .html: other provinces and pairings, two in
traditional characters, breadcrumbs, share widgets, related-headline lists, a pinyin-glossed
one, a repeated paragraph) beside its gold JSON. The rules were tuned on this set after its
first measurement (entities 0.860, relations 0.633; 0.952 / 0.827 after), so the
thresholds below guard the tuned level. tests/data/blind2 holds three more articles written
after the tuning and kept out of it (0.932 / 0.679 before, 0.945 / 0.802 after); new unseen
articles stay the honest measure.

tests/data/blind3 holds six more (闽宁, 辽宁→那曲 as an .html page, 湖州→昭觉 with pinyin
glosses and a repeated paragraph, a 国家区域医疗中心 story, 江苏→海南州 and 济南→巫溪; two
in traditional characters), written with their gold before the rules were read. First
measured at entities 0.912, relations 0.677 over all six. Four were then used for tuning
(0.908 / 0.624 before, 0.963 / 0.744 after); js_hainanzhou_trad and sd_wuxi were chosen
before tuning and kept out of it (0.920 / 0.775 before, 0.930 / 0.807 after).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_extraction_score import score

BLIND = Path(__file__).parent / "data" / "blind"
HELD_OUT = Path(__file__).parent / "data" / "blind2"
BLIND3 = Path(__file__).parent / "data" / "blind3"
BLIND3_HELD_OUT = ("js_hainanzhou_trad", "sd_wuxi")


def _blind3_part(tmp: Path, held_out: bool) -> Path:
    """The tuned (or the held-out) articles of blind3, with their gold, in one folder."""
    for gold in BLIND3.glob("*.json"):
        if (gold.stem in BLIND3_HELD_OUT) == held_out:
            for f in BLIND3.glob(gold.stem + ".*"):
                shutil.copy(f, tmp / f.name)
    return tmp


@pytest.fixture(scope="module")
def blind(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score(BLIND, BLIND, tmp_path_factory.mktemp("blind"))


@pytest.fixture(scope="module")
def held_out(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score(HELD_OUT, HELD_OUT, tmp_path_factory.mktemp("held_out"))


def test_blind_entities(blind: dict) -> None:
    assert blind["entities"]["f1"] >= 0.93


def test_blind_relations(blind: dict) -> None:
    assert blind["relations"]["f1"] >= 0.80


def test_held_out_entities(held_out: dict) -> None:
    assert held_out["entities"]["f1"] >= 0.92


def test_held_out_relations(held_out: dict) -> None:
    assert held_out["relations"]["f1"] >= 0.77


@pytest.fixture(scope="module")
def blind3_tuned(tmp_path_factory: pytest.TempPathFactory) -> dict:
    part = _blind3_part(tmp_path_factory.mktemp("blind3_tuned"), held_out=False)
    return score(part, part, tmp_path_factory.mktemp("blind3_tuned_out"))


@pytest.fixture(scope="module")
def blind3_held_out(tmp_path_factory: pytest.TempPathFactory) -> dict:
    part = _blind3_part(tmp_path_factory.mktemp("blind3_held"), held_out=True)
    return score(part, part, tmp_path_factory.mktemp("blind3_held_out"))


def test_blind3_tuned_entities(blind3_tuned: dict) -> None:
    assert blind3_tuned["entities"]["f1"] >= 0.95


def test_blind3_tuned_relations(blind3_tuned: dict) -> None:
    assert blind3_tuned["relations"]["f1"] >= 0.73


def test_blind3_held_out_entities(blind3_held_out: dict) -> None:
    assert blind3_held_out["entities"]["f1"] >= 0.92


def test_blind3_held_out_relations(blind3_held_out: dict) -> None:
    assert blind3_held_out["relations"]["f1"] >= 0.79
