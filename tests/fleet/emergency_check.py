#!/usr/bin/python3
"""The dashboard's emergency panel and live-changes form in a real headless Chromium
(browser.py), run by fleet_dashboard_test against a hub with operators and one headless player:

    emergency_check.py HUB_URL SCREEN_ID [PAGE_PNG]

It opens the page and the emergency panel, fills the English and Arabic texts, asks for a
preview (the takeover's picture, 1920 x 1080 px, appears) and, with "portrait preview" ticked,
a portrait one (1080 x 1920: taller than wide), sends it to every screen (the confirmation
names the screens and says 1 is online; accepted), waits until the alert is listed active and
SCREEN_ID's card says it shows it, cancels it (confirmed) and waits until the list is empty and
the card shows none. Then the same with a CAP file chosen in the panel's file input (the texts
hidden meanwhile): previewed, sent, listed with its headline, SCREEN_ID showing its identifier,
cancelled. Then the live changes: the first session delayed by 20 minutes for every screen,
listed in force afterwards (GET /api/live holds it, SCREEN_ID's status acknowledges the set);
an announcement in English and Arabic added (listed, in GET /api/live beside the delay,
acknowledged) and removed again (the delay stays, acknowledged); and the audit log lists all
seven with the operator's name. Exit 0 when all of that happened within the timeouts, 1 (with
the reason) otherwise. PAGE_PNG: a picture of the page at the end.
HUB_URL holds the operator's name and password (browser.py says how they are sent).
"""
import sys
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.support.ui import Select

import browser

# A CAP 1.2 alert in English and Arabic (the CAP fuzz target's seed; its expiry is past, so the
# hub gives it the form's).
CAP_FILE = Path(__file__).resolve().parent.parent / "fuzz/cap/corpus/alert-two-languages.xml"
CAP_ID, CAP_HEADLINE = "evac-1", "Evacuate the building"

def main():
    url, screen = sys.argv[1], sys.argv[2]
    page_png = sys.argv[3] if len(sys.argv) > 3 else None
    with browser.open_page(url, "1280,1400", timeout_s=30) as page:
        driver, until, api = page.driver, page.until, page.api

        def confirm(what, *words):
            dialog = until(f"a confirmation for {what}", lambda d: _dialog(d))
            text = dialog.text
            for w in words:
                if w not in text:
                    raise AssertionError(f"the confirmation for {what} does not say '{w}': {text}")
            dialog.accept()
            return text

        # The preview's picture once a new one came: [width, height].
        picture_js = ("const i = document.getElementById('alert-preview-image');"
                      "return !i.hidden && i.complete && i.naturalWidth && i.src !== window.previewBefore ?"
                      " [i.naturalWidth, i.naturalHeight] : null;")

        def preview(what):
            driver.execute_script("window.previewBefore = document.getElementById('alert-preview-image').src;")
            driver.find_element(By.ID, "alert-preview").click()
            return until(what, lambda d: d.execute_script(picture_js))

        def acknowledged(issued):  # the screen's status names the live set it applied
            until(f"{screen}'s status acknowledging the live set issued at {issued}",
                  lambda d: [s.get("live") for s in api("/api/screens")["screens"] if s["id"] == screen] == [issued])

        def set_for_all():  # GET /api/live: the set in force for every screen
            sets = [t for t in api("/api/live")["live"] if t["target"] == "all"]
            if len(sets) != 1:
                raise AssertionError(f"GET /api/live holds {sets}")
            return sets[0]

        card = f'article[data-screen="{screen}"][data-online="true"]'
        until(f"{screen} listed online", lambda d: d.find_element(By.CSS_SELECTOR, card))
        panel = driver.find_element(By.ID, "emergency-panel")
        if panel.is_displayed():
            raise AssertionError("the emergency form is open before anyone opened it")
        driver.find_element(By.ID, "emergency-toggle").click()
        until("a text set per language", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#alert-texts fieldset")) == 4)
        texts = {"en": ("Evacuate the building", "Leave by the east exits."),
                 "ar": ("أخلوا المبنى", "اخرجوا من الأبواب الشرقية.")}
        for lang, (headline, instruction) in texts.items():
            box = driver.find_element(By.CSS_SELECTOR, f'#alert-texts fieldset[data-lang="{lang}"]')
            box.find_element(By.CSS_SELECTOR, "[name=headline]").send_keys(headline)
            box.find_element(By.CSS_SELECTOR, "[name=instruction]").send_keys(instruction)
        ar = driver.find_element(By.CSS_SELECTOR, '#alert-texts fieldset[data-lang="ar"] [name=headline]')
        if ar.get_attribute("dir") != "rtl":
            raise AssertionError("the Arabic field is not right-to-left")
        Select(driver.find_element(By.ID, "alert-severity")).select_by_value("extreme")
        Select(driver.find_element(By.ID, "alert-status")).select_by_value("exercise")
        Select(driver.find_element(By.ID, "alert-pictogram")).select_by_value("evacuate")

        size = preview("the preview's picture")
        if size != [1920, 1080]:
            raise AssertionError(f"the preview is {size[0]} x {size[1]} px, not 1920 x 1080")
        # The portrait preview: the same alert drawn for a screen turned on its side.
        driver.find_element(By.ID, "alert-portrait").click()
        size = preview("the portrait preview's picture")
        if not size[1] > size[0] or size != [1080, 1920]:
            raise AssertionError(f"the portrait preview is {size[0]} x {size[1]} px, not 1080 x 1920")
        driver.find_element(By.ID, "alert-portrait").click()

        driver.find_element(By.ID, "alert-send").click()
        confirm("the send", "EVERY screen", "1 screen online", "EXERCISE", texts["ar"][0])  # the first language's
        item = until("the alert listed active", lambda d: d.find_element(By.CSS_SELECTOR, "#active-alerts li[data-alert]"))
        alert_id = item.get_attribute("data-alert")
        field = f'{card} [data-field="alert"]'
        until(f"{screen} showing {alert_id}", lambda d: d.find_element(By.CSS_SELECTOR, field).text == alert_id)

        item.find_element(By.CSS_SELECTOR, 'button[data-action="cancel-alert"]').click()
        confirm("the cancel", alert_id)
        until("no alert listed", lambda d: not d.find_elements(By.CSS_SELECTOR, "#active-alerts li"))
        until(f"{screen} showing no alert", lambda d: d.find_element(By.CSS_SELECTOR, field).text == "none")

        # A CAP file instead of the texts: previewed, sent, and what the screen shows is its
        # <identifier>, listed with its English <headline>.
        driver.find_element(By.ID, "alert-cap").send_keys(str(CAP_FILE))
        until("the CAP file taken", lambda d: CAP_FILE.name in d.find_element(By.ID, "alert-cap-name").text)
        if driver.find_element(By.ID, "alert-texts").is_displayed():
            raise AssertionError("the texts are still offered while a CAP file is used")
        size = preview("the CAP alert's preview")
        if size != [1920, 1080]:
            raise AssertionError(f"the CAP alert's preview is {size[0]} x {size[1]} px, not 1920 x 1080")
        driver.find_element(By.ID, "alert-send").click()
        confirm("the CAP send", "from the CAP file", "EVERY screen", "1 screen online")
        item = until(f"the CAP alert {CAP_ID} listed active",
                     lambda d: d.find_element(By.CSS_SELECTOR, f'#active-alerts li[data-alert="{CAP_ID}"]'))
        if not item.text.startswith(CAP_HEADLINE):
            raise AssertionError(f"the CAP alert is listed as: {item.text}")
        until(f"{screen} showing {CAP_ID}", lambda d: d.find_element(By.CSS_SELECTOR, field).text == CAP_ID)
        item.find_element(By.CSS_SELECTOR, 'button[data-action="cancel-alert"]').click()
        confirm("the CAP alert's cancel", CAP_ID)
        until(f"{screen} showing no alert after {CAP_ID}", lambda d: d.find_element(By.CSS_SELECTOR, field).text == "none")

        # Live changes: the first session delayed by 20 minutes, on every screen.
        driver.find_element(By.CSS_SELECTOR, "#live-changes summary").click()
        until("the sessions offered", lambda d: d.find_elements(By.CSS_SELECTOR, "#live-session option"))
        session = Select(driver.find_element(By.ID, "live-session")).first_selected_option.get_attribute("value")
        delay = driver.find_element(By.ID, "live-delay")
        delay.clear()
        delay.send_keys("20")
        driver.find_element(By.ID, "live-session-apply").click()
        listed = until("the delay listed in force",
                       lambda d: d.find_element(By.CSS_SELECTOR, f'#live-sessions li[data-session="{session}"]'))
        if "delayed 20 min" not in listed.text:
            raise AssertionError(f"the change listed says: {listed.text}")
        delayed = set_for_all()
        changes = delayed["changes"].get("sessions", [])
        if [(c["session"], c.get("delay_minutes")) for c in changes] != [(session, 20)]:
            raise AssertionError(f"GET /api/live holds {delayed}")
        acknowledged(delayed["issued"])

        # An announcement in English and Arabic for every screen, next to the delay: listed, in
        # GET /api/live, applied by the screen; then removed, the delay staying.
        words = {"en": "Coffee is served in the foyer", "ar": "القهوة تقدم في البهو"}
        for lang, text in words.items():
            box = driver.find_element(By.CSS_SELECTOR, f'#live-announcement-texts input[data-lang="{lang}"]')
            direction = "rtl" if lang == "ar" else "ltr"
            if box.get_attribute("dir") != direction:
                raise AssertionError(f"the {lang} announcement field is not {direction}")
            box.send_keys(text)
        driver.find_element(By.ID, "live-announce").click()
        listed = until("the announcement listed",
                       lambda d: d.find_element(By.CSS_SELECTOR, "#live-announcements li[data-announcement]"))
        for lang, text in words.items():
            if f"{lang}: {text}" not in listed.text:
                raise AssertionError(f"the announcement listed says: {listed.text}")
        announced = set_for_all()
        held = announced["changes"].get("announcements", [])
        if [(a["id"], a["text"]) for a in held] != [(listed.get_attribute("data-announcement"), words)] or \
                len(announced["changes"].get("sessions", [])) != 1:
            raise AssertionError(f"GET /api/live holds {announced}")
        acknowledged(announced["issued"])
        listed.find_element(By.CSS_SELECTOR, 'button[data-action="remove"]').click()
        until("the announcement gone from the list",
              lambda d: not d.find_elements(By.CSS_SELECTOR, "#live-announcements li"))
        removed = set_for_all()
        if removed["changes"].get("announcements") or len(removed["changes"].get("sessions", [])) != 1:
            raise AssertionError(f"GET /api/live holds {removed}")
        acknowledged(removed["issued"])

        driver.find_element(By.CSS_SELECTOR, "#audit summary").click()
        # alert, cancel, CAP alert, cancel, delay, announcement, its removal
        # read in one script: the page may refill the table between two WebDriver calls
        rows_js = ("const rows = [...document.querySelectorAll('#audit-lines tr')].map((r) => r.innerText);"
                   "return rows.length >= 7 ? rows : null;")
        rows = until("the audit log's lines", lambda d: d.execute_script(rows_js))
        if not all(page.user in r for r in rows):
            raise AssertionError(f"the audit lines do not name the operator: {rows}")
        print(f"ok: alert {alert_id} previewed (landscape, portrait), sent, shown by {screen}, cancelled; the CAP "
              f"alert {CAP_ID} too; session {session} delayed, an announcement made and removed; audit: {rows}")
        if page_png:
            driver.save_screenshot(page_png)


def _dialog(driver):
    try:
        return driver.switch_to.alert
    except NoAlertPresentException:
        return None


if __name__ == "__main__":
    browser.run(main, "emergency_check")
