"""Test configuration: every module in tests/fixtures/ is a pytest plugin of fixtures.

Each area (store, Neo4j server, browser, HTTP server) keeps its fixtures in a module of
its own there, so they can be read and changed independently.
"""

from pathlib import Path

pytest_plugins = sorted(
    f"fixtures.{path.stem}"
    for path in (Path(__file__).parent / "fixtures").glob("*.py")
    if path.stem != "__init__"
)
