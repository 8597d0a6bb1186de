"""The web interface in a real headless Chromium against a real uvicorn server.

A researcher's path through it: search a hospital, open its page, read its relations
and see the ego network drawn; run a Cypher query in the console and see the rows.
Every request the pages make is recorded, and all of them must go to the loopback
server: the interface works with no internet.
"""

from __future__ import annotations

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
    canvas = page.locator("#ego-graph")
    page.wait_for_function("document.querySelector('#ego-graph').dataset.drawn")
    assert int(canvas.get_attribute("data-drawn")) == 7  # the hospital and its 6 neighbours
    assert screenshot_ink(canvas.screenshot()) > 0.005


def test_clicking_a_node_opens_its_page(visit: Visit) -> None:
    page = visit.page
    visit.goto("/entity/Hospital:林芝市人民医院")
    page.wait_for_function("document.querySelector('#ego-graph').dataset.drawn")
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
    page.click("#pinyin-toggle")
    assert pinyin.is_visible() and pinyin.inner_text().startswith("Lín Zhī")
    assert page.locator("#pinyin-toggle").get_attribute("aria-pressed") == "true"
    visit.goto("/")
    assert page.locator("html").get_attribute("class") == "pinyin"


def test_api_docs_render_offline(visit: Visit) -> None:
    page = visit.page
    visit.goto("/docs")
    page.wait_for_selector("#api-docs .op")
    text = page.locator("#api-docs").inner_text()
    assert "/api/entities/{entity_id}/neighbors" in text and "/sparql" in text
    assert page.locator("#api-docs .op").count() >= 10
