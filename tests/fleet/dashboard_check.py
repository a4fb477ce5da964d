#!/usr/bin/python3
"""The hub's dashboard in a real headless Chromium (browser.py), run by fleet_hub_test against a
hub with one stand-in screen:

    dashboard_check.py HUB_URL SCREEN_ID SEQUENCE THUMB_WIDTH [PAGE_PNG]

It opens the page, waits for the screen's card (online, showing SEQUENCE, not stale, no picture
yet, no "Forget" button: that is for offline screens), clicks its "Screenshot" button and waits
for the new thumbnail (THUMB_WIDTH pixels wide) to appear. Exit 0 when all of that happened within the timeouts, 1 (with the reason) otherwise.
PAGE_PNG: where to save a picture of the page at the end, for people to look at.
HUB_URL may hold an operator's name and password (browser.py says how they are sent).
"""
import sys

from selenium.webdriver.common.by import By

import browser


def main():
    url, screen, sequence, thumb_width = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    page_png = sys.argv[5] if len(sys.argv) > 5 else None
    with browser.open_page(url, "1280,900", timeout_s=20) as page:
        driver, until = page.driver, page.until
        card_css = f'section[data-group="hall-a"] article[data-screen="{screen}"]'
        card = until(f"{screen} listed online in group hall-a", lambda d: d.find_element(By.CSS_SELECTOR, card_css + '[data-online="true"]'))
        seq = card.find_element(By.CSS_SELECTOR, '[data-field="sequence"]')
        until(f"{screen} showing bundle {sequence}", lambda d: seq.get_attribute("data-sequence") == sequence)
        if "stale" in (seq.get_attribute("class") or ""):
            raise AssertionError(f"the screen shows the hub's bundle but is marked stale: {seq.text}")
        if card.find_elements(By.CSS_SELECTOR, 'img[data-role="thumbnail"]'):
            raise AssertionError("a thumbnail before any screenshot was asked for")
        if not driver.find_element(By.ID, "hub-errors").get_attribute("hidden"):
            raise AssertionError("the error banner shows while the content is fine")
        if card.find_element(By.CSS_SELECTOR, 'button[data-action="forget"]').is_displayed():
            raise AssertionError("a Forget button on an online screen")

        card.find_element(By.CSS_SELECTOR, 'button[data-command="screenshot"]').click()
        thumb_js = ("const i = arguments[0].querySelector('img[data-role=thumbnail]');"
                    "return i && i.complete ? [i.naturalWidth, i.getAttribute('src')] : null;")
        shown = until("the new thumbnail shown", lambda d: (lambda r: r if r and r[0] > 0 else None)(d.execute_script(thumb_js, card)))
        if shown[0] != thumb_width or f"/screens/{screen}/thumbnail.png?v=" not in shown[1]:
            raise AssertionError(f"unexpected thumbnail {shown}")
        note = card.find_element(By.CSS_SELECTOR, '[data-role="note"]').text
        print(f"ok: {screen} online at {sequence}; thumbnail {shown[1]} ({shown[0]} px wide); note '{note}'")
        if page_png:
            driver.save_screenshot(page_png)


if __name__ == "__main__":
    browser.run(main, "dashboard_check")
