"""The command line, run as a user runs it: a real process, exit codes, stderr."""

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx

from fixtures.store import EXAMPLES


def aidgraph(*args: str, cwd: Path | None = None, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "aidgraph", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_ingest_then_stats_json_counts_every_type(tmp_path):
    db = tmp_path / "g.db"
    first = aidgraph("ingest", "--db", str(db), str(EXAMPLES))
    assert first.returncode == 0, first.stderr
    assert "landed 6 sources" in first.stdout
    again = aidgraph("ingest", "--db", str(db), str(EXAMPLES))
    assert "landed 0 sources" in again.stdout and "skipped 6" in again.stdout
    stats = aidgraph("stats", "--db", str(db), "--json")
    counts = json.loads(stats.stdout)
    assert set(counts) == {"nodes", "edges"}
    assert counts["nodes"]["Hospital"] >= 10 and counts["edges"]["SUPPORTS"] >= 20


def test_db_defaults_to_env_then_current_directory(tmp_path):
    env_db = tmp_path / "env.db"
    env = {"AIDGRAPH_DB": str(env_db), "PATH": "/usr/bin:/bin"}
    assert aidgraph("ingest", str(EXAMPLES / "yibin_alliance.csv"), env=env).returncode == 0
    assert env_db.exists()
    assert aidgraph("ingest", str(EXAMPLES / "yibin_alliance.csv"), cwd=tmp_path).returncode == 0
    assert (tmp_path / "aidgraph.db").exists()


def test_user_errors_exit_1_with_one_line_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "source,source_type,relation,target,target_type\n甲,Hospital,HELPS,乙,Hospital\n",
        encoding="utf-8",
    )
    for args in (
        ("ingest", "--db", str(tmp_path / "g.db"), str(bad)),
        ("ingest", "--db", str(tmp_path / "g.db"), str(tmp_path / "missing.csv")),
        ("stats", "--db", str(tmp_path / "none.db")),
    ):
        result = aidgraph(*args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert (
        "bad.csv:2: field 'relation'"
        in aidgraph("ingest", "--db", str(tmp_path / "g.db"), str(bad)).stderr
    )


def test_usage_errors_exit_2():
    assert aidgraph("export", "--format", "pdf", "--out", "x").returncode == 2
    assert aidgraph("no-such-command").returncode == 2


def test_every_command_has_help():
    top = aidgraph("--help")
    assert top.returncode == 0
    commands = [
        line.split()[0] for line in top.stdout.split("Commands:")[1].splitlines() if line.strip()
    ]
    assert {"ingest", "stats", "export", "extract"} <= set(commands)
    for command in commands:
        result = aidgraph(command, "--help")
        assert result.returncode == 0 and "Usage:" in result.stdout, command


def test_exports_open_in_networkx_and_keep_provenance(tmp_path, example_db):
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        assert (
            aidgraph(
                "export", "--db", str(example_db), "--format", fmt, "--out", str(out)
            ).returncode
            == 0
        )
        graph = reader(out)
        assert "Hospital:中日友好医院" in graph
        assert graph.number_of_edges() > 100
    out = tmp_path / "csv"
    assert (
        aidgraph("export", "--db", str(example_db), "--format", "csv", "--out", str(out)).returncode
        == 0
    )
    provenance = (out / "provenance.csv").read_text(encoding="utf-8")
    assert "shanghai_group_aid.csv" in provenance
    out = tmp_path / "g.jsonl"
    assert (
        aidgraph(
            "export", "--db", str(example_db), "--format", "jsonl", "--out", str(out)
        ).returncode
        == 0
    )
    kinds = [json.loads(line)["kind"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"source", "node", "edge"} == set(kinds)


def test_a_missing_extra_names_the_pip_command(tmp_path, example_db):
    # Setting a module to None in sys.modules makes importing it fail, as if the
    # [api] extra were not installed.
    code = (
        "import sys; sys.modules['uvicorn'] = None\n"
        "from aidgraph.cli import main\n"
        f"main(['serve', '--db', {str(example_db)!r}])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "pip install 'aidgraph[api]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_reports_conformance(example_db):
    result = aidgraph("validate", "--db", str(example_db))
    assert result.returncode == 0, result.stderr
    assert "conforms" in result.stdout
