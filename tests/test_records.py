"""Program records: validation errors name file, line and field; bad files land nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aidgraph.graph.model import Approx
from aidgraph.graph.store import Store
from aidgraph.ingest import IngestError, ingest_paths
from aidgraph.ingest.records import RecordError, parse_figures, read_records

GOOD_JSON = (
    '{"source": "甲医院", "source_type": "Hospital", "relation": "SUPPORTS", '
    '"target": "乙医院", "target_type": "Hospital"}\n'
)
HEADER = "source,source_type,relation,target,target_type,program,start,end,figures\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_row_becomes_nodes_edge_and_program(tmp_path):
    path = _write(
        tmp_path,
        "r.csv",
        HEADER
        + "杭州市,Region,SUPPORTS,凉山彝族自治州,Region,东西部协作,2021,2025,"
        + "experts=40; funds=3e6+\n",
    )
    extraction = read_records(path)
    assert set(extraction.nodes) == {"Region:杭州市", "Region:凉山彝族自治州", "Program:东西部协作"}
    (edge,) = extraction.edges.values()
    assert (edge.program, edge.start, edge.end) == ("东西部协作", 2021, 2025)
    assert edge.figures["experts"].value == 40
    assert edge.figures["funds"].approx is Approx.OVER
    assert edge.provenance[0].line == 2


def test_jsonl_accepts_figure_objects_and_alias_lists(tmp_path):
    path = _write(
        tmp_path,
        "r.jsonl",
        '{"source": "天津市", "source_type": "Region", "relation": "SUPPORTS", '
        '"target": "甘南藏族自治州", "target_type": "Region", "target_aliases": ["甘南州"], '
        '"figures": {"experts": {"value": 120, "approx": "nearly"}}}\n',
    )
    extraction = read_records(path)
    assert extraction.nodes["Region:甘南藏族自治州"].aliases == {"甘南州"}
    (edge,) = extraction.edges.values()
    assert edge.figures["experts"].approx is Approx.NEARLY


@pytest.mark.parametrize(
    ("row", "line", "field", "problem"),
    [
        ("甲,Hospital,SUPPORT,乙,Hospital,,,,", 3, "relation", "unknown value 'SUPPORT'"),
        ("甲,Clinic,SUPPORTS,乙,Hospital,,,,", 3, "source_type", "unknown value 'Clinic'"),
        ("甲,Hospital,SUPPORTS,乙,Hospital,,20x1,,", 3, "start", "four-digit year"),
        ("甲,Hospital,SUPPORTS,乙,Hospital,,,,experts=many", 3, "figures", "expected a number"),
        (",Hospital,SUPPORTS,乙,Hospital,,,,", 3, "source", "must not be empty"),
        ("甲,Hospital,DEPARTMENT_OF,乙,Hospital,,,,", 3, None, "DEPARTMENT_OF cannot start"),
    ],
)
def test_a_bad_row_names_file_line_and_field(tmp_path, row, line, field, problem):
    path = _write(
        tmp_path, "bad.csv", HEADER + "甲,Hospital,SUPPORTS,乙,Hospital,,,,\n" + row + "\n"
    )
    with pytest.raises(RecordError) as error:
        read_records(path)
    message = str(error.value)
    assert message.startswith(f"{path}:{line}:")
    if field:
        assert f"field {field!r}" in message
    assert problem in message


def test_unknown_column_and_invalid_json_are_errors(tmp_path):
    with pytest.raises(RecordError, match=r"bad.csv:1: field 'colour'"):
        read_records(_write(tmp_path, "bad.csv", "source,colour\n甲,红\n"))
    with pytest.raises(RecordError, match=r"bad.jsonl:2: invalid JSON"):
        read_records(_write(tmp_path, "bad.jsonl", GOOD_JSON + "{oops\n"))
    missing = r"bad.jsonl:2: field 'source_type': required field is missing"
    with pytest.raises(RecordError, match=missing):
        read_records(_write(tmp_path, "bad.jsonl", GOOD_JSON + '{"source": "甲"}\n'))


def test_figures_text_format():
    figures = parse_figures("experts=896; trained=12000+; staff=~300; nurses=<50")
    assert figures["experts"].value == 896 and figures["experts"].approx is None
    assert figures["trained"].approx is Approx.OVER
    assert figures["staff"].approx is Approx.ABOUT
    assert figures["nurses"].approx is Approx.NEARLY
    with pytest.raises(ValueError):
        parse_figures("experts")


def test_a_bad_file_among_good_ones_lands_nothing(tmp_path):
    good = _write(tmp_path, "good.csv", HEADER + "甲医院,Hospital,SUPPORTS,乙医院,Hospital,,,,\n")
    bad = _write(tmp_path, "zbad.csv", HEADER + "甲,Hospital,SUPPORTS,乙,Nowhere,,,,\n")
    db = tmp_path / "g.db"
    with Store(db) as store:
        with pytest.raises(IngestError, match=r"zbad\.csv:2: field 'target_type'"):
            ingest_paths(store, [good, bad])
        assert store.counts() == {"nodes": {}, "edges": {}}
        assert store.sources() == []
        report = ingest_paths(store, [good, bad], skip_invalid=True)
        assert report.landed.sources_added == [str(good)]
        assert report.skipped[0][0] == str(bad)


def _big_records(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(rows):
            handle.write(
                f"医院{i},Hospital,SUPPORTS,受援医院{i},Hospital,项目{i % 7},2020,,experts={i}\n"
            )


def test_a_process_killed_mid_ingest_leaves_the_store_unchanged(tmp_path):
    db = tmp_path / "g.db"
    small = _write(tmp_path, "small.csv", HEADER + "甲医院,Hospital,SUPPORTS,乙医院,Hospital,,,,\n")
    with Store(db) as store:
        ingest_paths(store, [small])
        counts = store.counts()
    big = tmp_path / "big.csv"
    _big_records(big, 30_000)
    journal = Path(str(db) + "-journal")
    process = subprocess.Popen(
        [sys.executable, "-m", "aidgraph", "ingest", "--db", str(db), str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # The rollback journal exists only while the write transaction is open: kill then.
    deadline = time.monotonic() + 120
    while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "ingest finished before it could be killed; use more rows"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store(db) as store:
        assert store.counts() == counts
        assert [s["uri"] for s in store.sources()] == [str(small)]
        assert store._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_regions_get_level_and_code_from_the_gazetteer(tmp_path):
    path = _write(
        tmp_path,
        "r.csv",
        HEADER
        + "某医院,Hospital,LOCATED_IN,玉树藏族自治州,Region,,,,\n"
        + "朝阳区,Region,LOCATED_IN,某省,Region,,,,\n",
    )
    nodes = read_records(path).nodes
    assert nodes["Region:玉树藏族自治州"].attrs["level"] == "prefecture"
    assert nodes["Region:玉树藏族自治州"].attrs["adcode"] == "632700"
    # 朝阳区 exists in Beijing and in Changchun: not guessed.
    assert "adcode" not in nodes["Region:朝阳区"].attrs
