#!/usr/bin/python3
"""The hub dashboard's warnings in a real headless Chromium (browser.py), run by fleet_hub_test:

    warnings_check.py HUB_URL TEXT [PAGE_PNG]

It opens the page and waits for the folded warnings banner ("The content has 1 warning") to
show; opened, one of its lines must hold TEXT, and the error banner must stay hidden (warnings
publish anyway). Exit 0 when so within the timeout, 1 (with the reason) otherwise.
PAGE_PNG: where to save a picture of the page at the end, for people to look at.
"""
import sys

from selenium.webdriver.common.by import By

import browser


def main():
    url, text = sys.argv[1], sys.argv[2]
    page_png = sys.argv[3] if len(sys.argv) > 3 else None
    with browser.open_page(url, "1280,900", timeout_s=20) as page:
        driver, until = page.driver, page.until
        box = until("the warnings banner shown", lambda d: (lambda b: b if b.is_displayed() else None)(
            d.find_element(By.ID, "hub-warnings")))
        title = box.find_element(By.TAG_NAME, "summary").text
        if "warning" not in title:
            raise AssertionError(f"the banner's title says no warning: '{title}'")
        box.find_element(By.TAG_NAME, "summary").click()
        lines = until("the warnings listed", lambda d: [li.text for li in box.find_elements(By.TAG_NAME, "li")
                                                        if li.is_displayed()] or None)
        if not any(text in line for line in lines):
            raise AssertionError(f"no warning holds '{text}': {lines}")
        if not driver.find_element(By.ID, "hub-errors").get_attribute("hidden"):
            raise AssertionError("the error banner shows for a warning")
        print(f"ok: '{title}': {lines}")
        if page_png:
            driver.save_screenshot(page_png)


if __name__ == "__main__":
    browser.run(main, "warnings_check")
