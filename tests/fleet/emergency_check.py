#!/usr/bin/python3
"""The dashboard's emergency panel and live-changes form in a real headless Chromium
(browser.py), run by fleet_dashboard_test against a hub with operators and one headless player:

    emergency_check.py HUB_URL SCREEN_ID [PAGE_PNG]

It opens the page and the emergency panel, fills the English and Arabic texts, asks for a
preview (the takeover's picture, 1920 px wide, appears), sends it to every screen (the
confirmation names the screens and says 1 is online; accepted), waits until the alert is listed
active and SCREEN_ID's card says it shows it, cancels it (confirmed) and waits until the list is
empty and the card shows none. Then the live changes: the first session delayed by 20 minutes
for every screen, listed in force afterwards (GET /api/live holds it), and the audit log lists
the alert, its cancel and the change with the operator's name. Exit 0 when all of that happened
within the timeouts, 1 (with the reason) otherwise. PAGE_PNG: a picture of the page at the end.
HUB_URL holds the operator's name and password (browser.py says how they are sent).
"""
import sys

from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.support.ui import Select

import browser


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

        driver.find_element(By.ID, "alert-preview").click()
        width_js = "const i = document.getElementById('alert-preview-image'); return !i.hidden && i.complete ? i.naturalWidth : 0;"
        width = until("the preview's picture", lambda d: d.execute_script(width_js) or None)
        if width != 1920:
            raise AssertionError(f"the preview is {width} px wide, not 1920")

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
        live = api("/api/live")["live"]
        changes = [c for t in live if t["target"] == "all" for c in t["changes"].get("sessions", [])]
        if [(c["session"], c.get("delay_minutes")) for c in changes] != [(session, 20)]:
            raise AssertionError(f"GET /api/live holds {live}")

        driver.find_element(By.CSS_SELECTOR, "#audit summary").click()
        until("the audit log's lines", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#audit-lines tr")) >= 3)
        rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#audit-lines tr")]
        if not all(page.user in r for r in rows[:3]):
            raise AssertionError(f"the audit lines do not name the operator: {rows}")
        print(f"ok: alert {alert_id} previewed, sent, shown by {screen}, cancelled; session {session} delayed; "
              f"audit: {rows[:3]}")
        if page_png:
            driver.save_screenshot(page_png)


def _dialog(driver):
    try:
        return driver.switch_to.alert
    except NoAlertPresentException:
        return None


if __name__ == "__main__":
    browser.run(main, "emergency_check")
