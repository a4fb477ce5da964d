"""What the dashboard's checks in a real headless Chromium share (Debian: python3-selenium,
chromium, chromium-driver): dashboard_check.py (run by fleet_hub_test) and emergency_check.py
(run by fleet_dashboard_test) each do

    def main(): ...
        with browser.open_page(url, "1280,900", timeout_s=20) as page:
            page.until("what is awaited", lambda d: ...)
    browser.run(main, "name")

open_page starts Chromium (headless, no sandbox, no GPU) through chromedriver, opens the hub's
page and quits the browser and its driver however the check ends. A HUB_URL may hold an
operator's name and password (http://NAME:PASSWORD@host:port/): Chromium does not send
credentials from the page's URL with the page's own fetches, so they go into an Authorization
header (Basic) on every request, through the DevTools protocol, as a browser that asked the
operator once would send them; page.user is the name (None without one). run() turns a SIGTERM
from the test into leaving through the `finally` (Chromium goes too) and a failure into exit
status 1 with the reason on stderr, for the test's failure message.
"""
import base64
import contextlib
import json
import signal
import sys
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


class Page:
    def __init__(self, driver, user, timeout_s):
        self.driver = driver
        self.user = user
        self.timeout_s = timeout_s

    def until(self, what, ready):
        """What ready(driver) returns once it is truthy; AssertionError naming `what` after timeout_s.
        An element the page replaced while ready() read it counts as not ready yet."""
        try:
            return WebDriverWait(self.driver, self.timeout_s,
                                 ignored_exceptions=(StaleElementReferenceException,)).until(ready)
        except TimeoutException:
            raise AssertionError(f"not within {self.timeout_s} s: {what}") from None

    def api(self, path):
        """The hub's JSON answer to GET path, fetched by the page (with the operator's login)."""
        return json.loads(self.driver.execute_async_script(
            "fetch(arguments[0], {cache: 'no-store'}).then(r => r.text()).then(arguments[1])", path))


@contextlib.contextmanager
def open_page(url, window_size, timeout_s):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={window_size}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        parts = urllib.parse.urlsplit(url)
        user = urllib.parse.unquote(parts.username) if parts.username else None
        if user is not None:
            login = f"{user}:{urllib.parse.unquote(parts.password or '')}"
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {
                "Authorization": "Basic " + base64.b64encode(login.encode()).decode()}})
            url = urllib.parse.urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))
        driver.get(url)
        yield Page(driver, user, timeout_s)
    finally:
        driver.quit()


def run(main, name):
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        main()
    except Exception as e:  # the reason, for the test's failure message
        print(f"{name}: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
