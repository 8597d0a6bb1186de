"""The web interface in a real headless Chromium against a real uvicorn server.

A researcher's path through it: search a hospital, open its page, read its relations
and see the ego network drawn; run a Cypher query in the console and see the rows.
Every request the pages make is recorded, and all of them must go to the loopback
server: the interface works with no internet.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from fixtures.browser import screenshot_ink
from fixtures.server import PAIR_SENTENCE, SUPPORT_SENTENCE

pytestmark = pytest.mark.browser


@dataclass
class Visit:
    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def foreign(self) -> list[str]:
        """Requests to anything but this server (none may leave the machine)."""
        host = urlsplit(self.base).netloc
        return [u for u in self.requests if urlsplit(u).netloc != host]


@pytest.fixture
def visit(chromium, api_server: str) -> Iterator[Visit]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    seen = Visit(page, api_server)
    host = urlsplit(api_server).netloc

    def route(r) -> None:
        seen.requests.append(r.request.url)
        # Record everything; let nothing but the test server through.
        (r.continue_ if urlsplit(r.request.url).netloc == host else r.abort)()

    context.route("**/*", route)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    yield seen
    context.close()
    assert seen.foreign() == []
    assert seen.errors == []


def test_search_a_hospital_and_read_its_page(visit: Visit) -> None:
    page = visit.page
    visit.goto("/")
    page.fill(".big-search input[name=q]", "林芝")
    page.click(".big-search button")
    page.wait_for_selector("#search-results")
    assert "/search?q=" in page.url
    page.click("#search-results a:has-text('林芝市人民医院')")
    page.wait_for_selector("#relations")
    assert page.locator("h1 .zh").inner_text() == "林芝市人民医院"
    assert page.locator("html").get_attribute("lang") == "zh"
    relations = page.locator("#relations").inner_text()
    assert SUPPORT_SENTENCE in relations and PAIR_SENTENCE in relations
    assert page.locator("#rel-SUPPORTS .relation").count() == 1
    assert page.locator("#rel-LOCATED_IN").inner_text().count("line 24") == 1
    assert "7 nodes" in page.locator("#ego .aidgraph-view").inner_text()  # it and 6 neighbours
    canvas = page.locator("#ego .aidgraph-view canvas")
    canvas.wait_for()
    page.wait_for_timeout(500)  # vis-network draws on the next animation frames
    assert screenshot_ink(canvas.screenshot()) > 0.005


def test_relation_links_open_the_other_entity(visit: Visit) -> None:
    page = visit.page
    visit.goto("/entity/Hospital:林芝市人民医院")
    page.click("#rel-SUPPORTS a.entity")
    page.wait_for_selector("#relations")
    assert page.locator("h1 .zh").inner_text() == "东莞市人民医院"


def test_run_cypher_in_the_console(visit: Visit) -> None:
    page = visit.page
    visit.goto("/console")
    page.fill("#query", "MATCH (a)-[r:SUPPORTS]->(b) RETURN a, r, b ORDER BY a.name")
    page.click("#run")
    page.wait_for_selector("#result-table")
    rows = page.locator("#result-table tbody tr")
    assert rows.count() == 2
    assert "组团式援藏" in page.locator("#result-table").inner_text()
    shared = page.url
    assert "q=MATCH" in shared and "lang=cypher" in shared
    page.wait_for_function("document.querySelector('#result-graph').dataset.drawn")
    assert screenshot_ink(page.locator("#result-graph").screenshot()) > 0.002
    # The URL is the query: opening it again shows the same rows.
    page.goto(shared)
    assert page.locator("#result-table tbody tr").count() == 2
    assert page.locator("#query").input_value().startswith("MATCH (a)-[r:SUPPORTS]")


def test_console_shows_query_errors(visit: Visit) -> None:
    page = visit.page
    visit.goto("/console")
    page.fill("#query", "MATCH (n) RETRUN n")
    page.click("#run")
    page.wait_for_selector("#query-error")
    assert "cypher" in page.locator("#query-error").inner_text()


def test_sparql_example_runs_in_the_console(visit: Visit) -> None:
    page = visit.page
    visit.goto("/console")
    page.check("input[name=lang][value=sparql]")
    assert "SELECT" in page.locator("#query").input_value()
    page.click("#run")
    page.wait_for_selector("#result-table")
    assert "林芝市人民医院" in page.locator("#result-table").inner_text()


def test_pinyin_toggle_shows_romanised_names_and_is_remembered(visit: Visit) -> None:
    page = visit.page
    visit.goto("/entity/Hospital:林芝市人民医院")
    pinyin = page.locator("h1 .py")
    assert not pinyin.is_visible()
    with page.expect_navigation():  # the page reloads to redraw its network in pinyin
        page.click("#pinyin-toggle")
    pinyin = page.locator("h1 .py")
    assert pinyin.is_visible() and pinyin.inner_text().startswith("Lín Zhī")
    assert page.locator("#pinyin-toggle").get_attribute("aria-pressed") == "true"
    # The network's labels are drawn on canvas; its data says they are now pinyin.
    data = json.loads(page.locator("#ego script.ag-data").inner_text())
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert "Lín zhī shì rén mín yī yuàn" in labels["Hospital:林芝市人民医院"]
    visit.goto("/")
    assert page.locator("html").get_attribute("class") == "pinyin"
    page.click("#pinyin-toggle")  # no server-drawn view here: no reload needed
    assert page.locator("html").get_attribute("class") == ""


def test_api_docs_render_offline(visit: Visit) -> None:
    page = visit.page
    visit.goto("/docs")
    page.wait_for_selector("#api-docs .op")
    text = page.locator("#api-docs").inner_text()
    assert "/api/entities/{entity_id}/neighbors" in text and "/sparql" in text
    assert page.locator("#api-docs .op").count() >= 10


def test_network_page_shows_the_flow_view(visit: Visit) -> None:
    page = visit.page
    visit.goto("/network")
    frame = page.frame_locator("#network-view")
    frame.locator(".aidgraph-view canvas").wait_for()
    assert "西藏自治区" in frame.locator(".aidgraph-view script.ag-data").inner_text()
    page.wait_for_timeout(500)
    assert screenshot_ink(page.locator("#network-view").screenshot()) > 0.005
