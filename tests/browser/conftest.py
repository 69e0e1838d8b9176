"""Headless chromium (Debian's, not Playwright's download) against the live test server, with axe-core."""

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests there are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Also axe's best practices: headings in order, all content in landmarks, one main landmark …
CHECKED_TAGS = [*WCAG_TAGS, "best-practice"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"chromium is missing at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh page that refuses, and reports, every request that is not to the live test server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    outside: list[str] = []

    def only_local(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(15_000)
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not outside, f"pages asked for addresses outside the service: {outside}"
    assert not blocked, f"the content-security policy blocked parts of a page: {blocked}"


@pytest.fixture
def page_without_javascript(browser, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def format_violations(violations: list[dict]) -> str:
    """axe-core violations as readable lines: rule, impact, help, and each offending element."""
    lines = []
    for violation in violations:
        rule = f"{violation['id']}: {violation['help']}"
        lines.append(f"[{violation['impact']}] {rule} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].replace(chr(10), ' ')}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now: WCAG 2.x A and AA, and axe's best practices.

    axe-core is loaded from the service's own static files, which its content-security policy allows.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe.min.js")
    options = json.dumps({"runOnly": {"type": "tag", "values": CHECKED_TAGS}, "resultTypes": ["violations"]})
    return page.evaluate(f"async () => (await window.axe.run(document, {options})).violations")


@pytest.fixture
def assert_accessible() -> Callable[[object], None]:
    """Check the page as it is now with axe-core; fail with the problems listed."""

    def check(page) -> None:
        page.wait_for_load_state()  # a page still loading has no landmarks or headings yet
        violations = axe_violations(page)
        assert not violations, f"axe-core found problems on {page.url}:\n{format_violations(violations)}"

    return check
