"""The installed package claims only the ``aidgraph`` name and ships its data files."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_installs_everything_under_aidgraph(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("aidgraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"aidgraph", wheel.name.split("-py3")[0] + ".dist-info"}
    for package in ("graph", "ingest", "queries", "api", "viz"):
        assert f"aidgraph/{package}/__init__.py" in names
    assert "aidgraph/ingest/data/regions.tsv" in names
    assert any(n.startswith("aidgraph/api/templates/") for n in names)
    assert not any(n.startswith(("graph/", "api/", "tests/")) for n in names)
