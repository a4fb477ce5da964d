#!/usr/bin/python3
"""The dashboard's screen override controls in a real headless Chromium (browser.py), run by
fleet_override_test against a hub with operators and the doors door-1 and door-2 (group doors):

    override_check.py HUB_URL [PAGE_PNG]

On door-1's card it chooses "room sign", the Sarazm hall and Russian and applies them: door-1's
status says room and ru, its card says the override. The group's Blank: both doors' status says
power off, door-1 still a Russian room sign (the overrides merge). door-1's Clear: door-1 back to
its own lobby in Arabic, still blanked by its group; the group's Wake: both on again. Exit 0 when
all of that happened within the timeouts, 1 (with the reason) otherwise. PAGE_PNG: a picture of
the page at the end.
"""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import browser


def main():
    url = sys.argv[1]
    page_png = sys.argv[2] if len(sys.argv) > 2 else None
    with browser.open_page(url, "1280,1400", timeout_s=30) as page:
        driver, until, api = page.driver, page.until, page.api

        def status(screen_id):
            for s in api("/api/screens")["screens"]:
                if s["id"] == screen_id:
                    return s
            return {}

        def reaches(what, screen_id, **want):
            until(what, lambda d: all(status(screen_id).get(k) == v for k, v in want.items()))

        card = until("door-1's card with its override controls filled",
                     lambda d: next((c for c in d.find_elements(By.CSS_SELECTOR, "article[data-screen=door-1]")
                                     if c.find_elements(By.CSS_SELECTOR, "select[name=hall] option")), None))
        block = card.find_element(By.CSS_SELECTOR, "[data-role=override]")
        Select(block.find_element(By.NAME, "mode")).select_by_value("room")
        hall = block.find_element(By.NAME, "hall")
        until("the hall shown for a room sign", lambda d: hall.is_displayed())
        Select(hall).select_by_value("sarazm")
        Select(block.find_element(By.NAME, "lang")).select_by_value("ru")
        block.find_element(By.CSS_SELECTOR, "button[data-override=apply]").click()
        reaches("door-1 a Russian room sign", "door-1", mode="room", lang="ru", power="on")
        reaches("door-2 unchanged", "door-2", mode="lobby", lang="ar", power="on")
        until("door-1's card saying its override",
              lambda d: "override of" in card.find_element(By.CSS_SELECTOR, "[data-field=override]").text)

        group = driver.find_element(By.CSS_SELECTOR, "section[data-group=doors] > [data-role=override]")
        group.find_element(By.CSS_SELECTOR, "button[data-override=blank]").click()
        reaches("door-1 blanked, still a Russian room sign", "door-1", mode="room", lang="ru", power="off")
        reaches("door-2 blanked", "door-2", mode="lobby", power="off")
        until("door-1's card saying its display is off",
              lambda d: "display off" in card.find_element(By.CSS_SELECTOR, "[data-field=override]").text)

        card.find_element(By.CSS_SELECTOR, "[data-role=override] button[data-override=clear]").click()
        reaches("door-1 back to its own lobby, still blanked", "door-1", mode="lobby", lang="ar", power="off")
        group.find_element(By.CSS_SELECTOR, "button[data-override=wake]").click()
        reaches("door-1 woken", "door-1", mode="lobby", power="on")
        reaches("door-2 woken", "door-2", mode="lobby", power="on")
        if page_png:
            driver.save_screenshot(page_png)


browser.run(main, "override_check")
