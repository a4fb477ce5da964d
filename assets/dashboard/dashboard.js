// majlis hub dashboard: polls /api/screens every 2 s and keeps one card per screen and group up
// to date in place (so images do not flicker and a button is never replaced under the pointer).
// Everything from the network goes into the page as text (textContent), never as HTML.
//
// Stable hooks for people and tests: section[data-group=G] (G "" for screens in no group) with
// button[data-group-command=C]; article[data-screen=ID][data-online=true|false] with
// [data-field=NAME] values, img[data-role=thumbnail], button[data-command=C], [data-role=note],
// and, shown only while the screen is offline, button[data-action=forget] (DELETE
// /api/screens/ID after a confirm(): a screen retired for good leaves the list and its pictures).
//
// Above them, the emergency panel (#emergency, red, its form #emergency-panel collapsed until
// #emergency-toggle opens it): a text set per display language of the event (GET /api/event;
// fieldset[data-lang=L] with [name=headline|instruction|description]) or a CAP file (#alert-cap),
// severity, status, pictogram, expiry and screens; #alert-preview asks the hub to draw the
// takeover (POST /api/alerts/preview) into #alert-preview-image; #alert-send asks confirm()
// naming the screens and how many are online, then POST /api/alerts (the hub signs it). The
// active alerts (GET /api/alerts) are li[data-alert=ID] in #active-alerts, each with
// button[data-action=cancel-alert]. Below the screens: the live changes (#live-changes: GET
// /api/sessions and /api/live; each form edits the complete set of the chosen screens and PUTs
// it to /api/live?target=...; li[data-session=ID] and li[data-announcement=ID] list it) and the
// audit log (#audit: GET /api/audit, newest first in #audit-lines).
//
// Screen overrides (GET/PUT /api/overrides): each card and each group head holds
// div[data-role=override] with select[name=mode] ("" the screens' own, lobby, room, kiosk, loop),
// select[name=hall] (shown for room), select[name=lang], select[name=expires] and
// button[data-override=apply|blank|wake|clear]; each PUTs the complete override of its target
// (screen:ID or group:G): apply sets mode, hall and language keeping the target's power, blank and
// wake set the power keeping the rest, clear sends {} (the screens' own settings). A card's
// [data-field=override] says what its status reports (power, override issued).
"use strict";

const POLL_MS = 2000;
const COMMANDS = [["screenshot", "Screenshot"], ["identify", "Identify"], ["reload", "Reload"]];
const cards = new Map();   // "group\0id" -> {root, fields, img, thumb, note, lastThumb}
const overrideBlocks = [];  // every div[data-role=override]'s selects, filled once halls and languages are known
let overridesNow = new Map();  // target -> the override in force (GET /api/overrides)
const groups = new Map();  // group -> {root, cards}
let hubSequence = 0;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

// Fills `list` with render(item) for each item, only when the items differ from those it shows:
// a list rebuilt on every poll would drop the operator's text selection and could swallow a
// click on a row replaced under the pointer.
function showList(list, items, render) {
  const key = JSON.stringify(items);
  if (list.dataset.shown === key) return;
  list.dataset.shown = key;
  list.replaceChildren(...items.map(render));
}

function ago(s) {
  if (s < 0) s = 0;
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

async function send(path, command, note) {
  note.className = "note";
  note.textContent = `${command}…`;
  try {
    const r = await fetch(path, {method: "POST", headers: {"Content-Type": "application/json"},
                                 body: JSON.stringify({command})});
    const body = await r.text();
    if (!r.ok) throw new Error(body.trim() || `HTTP ${r.status}`);
    note.textContent = `${command} sent`;
    if (command === "screenshot") setTimeout(poll, 700);
  } catch (e) {
    note.className = "note error";
    note.textContent = `${command}: ${e.message}`;
  }
}

async function forget(id, note) {
  if (!confirm(`Forget screen ${id}? Its status and pictures are removed; if it comes back, it is listed again.`))
    return;
  note.className = "note";
  note.textContent = "forgetting…";
  try {
    const r = await fetch(`/api/screens/${encodeURIComponent(id)}`, {method: "DELETE"});
    if (!r.ok) throw new Error((await r.text()).trim() || `HTTP ${r.status}`);
    poll();
  } catch (e) {
    note.className = "note error";
    note.textContent = `forget: ${e.message}`;
  }
}

function groupSection(name) {
  let g = groups.get(name);
  if (g) return g;
  const note = el("span", {class: "note", "data-role": "note"});
  const head = el("div", {class: "group-head"}, el("h2", {}, name === "" ? "Screens in no group" : `Group ${name}`), note);
  if (name !== "") {
    const actions = el("div", {class: "actions"});
    for (const [command, label] of COMMANDS) {
      const b = el("button", {type: "button", "data-group-command": command}, label);
      b.addEventListener("click", () => send(`/api/groups/${encodeURIComponent(name)}/command`, command, note));
      actions.append(b);
    }
    head.append(actions);
  }
  const list = el("div", {class: "cards"});
  const root = el("section", {class: "group", "data-group": name}, head, list);
  if (name !== "") head.after(overrideControls(`group:${name}`, note));
  g = {root, list, seen: true};
  groups.set(name, g);
  // Groups in name order, the ungrouped last.
  const names = [...groups.keys()].sort((a, b) => (a === "") - (b === "") || a.localeCompare(b));
  const main = document.getElementById("groups");
  for (const n of names) main.append(groups.get(n).root);
  return g;
}

function screenCard(group, id) {
  const key = `${group}\0${id}`;
  let c = cards.get(key);
  if (c) return c;
  const fields = {};
  const row = (label, name) => {
    fields[name] = el("dd", {"data-field": name});
    return [el("dt", {}, label), fields[name]];
  };
  const img = el("img", {"data-role": "thumbnail", alt: `What ${id} shows`});
  const thumb = el("a", {class: "thumb", href: `/screens/${encodeURIComponent(id)}/screenshot.png`, target: "_blank",
                          rel: "noopener"}, "no picture yet");
  const badge = el("span", {class: "badge", "data-field": "online"});
  const note = el("div", {class: "note", "data-role": "note"});
  const actions = el("div", {class: "actions"});
  for (const [command, label] of COMMANDS) {
    const b = el("button", {type: "button", "data-command": command}, label);
    b.addEventListener("click", () => send(`/api/screens/${encodeURIComponent(id)}/command`, command, note));
    actions.append(b);
  }
  const forgetButton = el("button", {type: "button", "data-action": "forget"}, "Forget");
  forgetButton.hidden = true;
  forgetButton.addEventListener("click", () => forget(id, note));
  actions.append(forgetButton);
  const overrides = overrideControls(`screen:${id}`, note);
  const dl = el("dl", {},
    ...row("Last seen", "last_seen"), ...row("Bundle", "sequence"), ...row("Showing", "mode"),
    ...row("Screen", "size"), ...row("Clock", "clock"), ...row("Health", "health"),
    ...row("Address", "address"), ...row("Alert", "alert"), ...row("Override", "override"),
    ...row("Last error", "last_error"));
  const root = el("article", {class: "card", "data-screen": id},
    thumb, el("div", {class: "title"}, el("span", {class: "id"}, id), badge), dl, actions, overrides, note);
  c = {root, fields, img, thumb, badge, forgetButton, lastThumb: 0, seen: true};
  cards.set(key, c);
  const g = groupSection(group);
  g.list.append(root);
  return c;
}

function update(c, s) {
  const f = c.fields;
  c.root.dataset.online = s.online ? "true" : "false";
  c.root.classList.toggle("offline", !s.online);
  c.badge.textContent = s.online ? "online" : "offline";
  c.badge.className = `badge ${s.online ? "online" : "offline"}`;
  c.forgetButton.hidden = !!s.online;
  f.last_seen.textContent = ago(s.seen_s_ago);
  f.last_seen.title = s.last_seen;
  f.sequence.textContent = s.sequence ? String(s.sequence) : "none yet";
  f.sequence.dataset.sequence = String(s.sequence || 0);
  f.sequence.classList.toggle("stale", !!s.stale);
  if (s.stale) f.sequence.textContent += ` (behind: the hub has ${hubSequence})`;
  f.mode.textContent = [s.mode, s.hall, s.lang, s.version && `majlis ${s.version}`].filter(Boolean).join(" · ") || "—";
  f.size.textContent = s.width ? `${s.width}×${s.height}, rotated ${s.rotation || 0}°` : "—";
  const offset = s.clock_offset_ms || 0;
  f.clock.textContent = `${offset >= 0 ? "+" : ""}${(offset / 1000).toFixed(2)} s to the hub`;
  f.clock.classList.toggle("flag", !!s.clock_flag);
  const health = [];
  if (s.fps) health.push(`${s.fps.toFixed(0)} fps`);
  if (s.rss_mb) health.push(`${s.rss_mb.toFixed(0)} MB`);
  if (s.temperature_c !== undefined) health.push(`${s.temperature_c.toFixed(0)} °C`);
  if (s.uptime_s) health.push(`up ${ago(s.uptime_s).replace(" ago", "")}`);
  f.health.textContent = health.join(" · ") || "—";
  f.address.textContent = s.address || "—";
  f.alert.textContent = s.alert || "none";
  f.alert.classList.toggle("error", !!s.alert);
  f.override.textContent = [s.power === "off" ? "display off" : "",
    s.override ? `override of ${new Date(s.override).toLocaleTimeString()}` : "its own settings"].filter(Boolean).join(" · ");
  f.override.classList.toggle("flag", s.power === "off");
  f.last_error.textContent = s.last_error || "none";
  f.last_error.classList.toggle("error", !!s.last_error);
  if (s.thumbnail && s.thumbnail !== c.lastThumb) {
    c.lastThumb = s.thumbnail;
    c.img.src = `/screens/${encodeURIComponent(s.id)}/thumbnail.png?v=${s.thumbnail}`;
    if (c.img.parentNode !== c.thumb) c.thumb.replaceChildren(c.img);
  }
}

function showHub(hub) {
  hubSequence = hub.sequence;
  const version = hub.content_version ? hub.content_version.slice(0, 12) : "—";
  document.getElementById("hub-status").textContent =
    `venue ${hub.venue} · bundle ${hub.sequence || "none yet"} (content ${version}) · MQTT ${hub.mqtt} · ${hub.public_url}`;
  const box = document.getElementById("hub-errors");
  const list = document.getElementById("hub-error-list");
  box.hidden = hub.errors.length === 0;
  showList(list, hub.errors, (e) => el("li", {}, e));
  // Warnings (a schedule URL whose last fetch failed, ...): folded, the count in the title.
  const warnings = hub.warnings || [];
  document.getElementById("hub-warnings").hidden = warnings.length === 0;
  document.getElementById("hub-warning-count").textContent =
    warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`;
  showList(document.getElementById("hub-warning-list"), warnings, (w) => el("li", {}, w));
}

async function poll() {
  let data;
  try {
    const r = await fetch("/api/screens", {cache: "no-store"});
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    data = await r.json();
  } catch (e) {
    document.getElementById("hub-unreachable").hidden = false;
    return;
  }
  document.getElementById("hub-unreachable").hidden = true;
  showHub(data.hub);
  for (const c of cards.values()) c.seen = false;
  for (const s of data.screens) {
    const names = s.groups && s.groups.length ? s.groups : [""];
    for (const g of names) {
      const c = screenCard(g, s.id);
      c.seen = true;
      update(c, s);
    }
  }
  for (const [key, c] of cards) if (!c.seen) { c.root.remove(); cards.delete(key); }
  for (const [name, g] of groups) if (!g.list.children.length) { g.root.remove(); groups.delete(name); }
  screensNow = data.screens;
  for (const id of ["alert-target", "live-target"]) fillTargets(document.getElementById(id), data.screens);
  pollAlerts();
  pollOverrides();
  if (document.getElementById("audit").open) pollAudit();
  const none = document.getElementById("no-screens");
  none.hidden = data.screens.length > 0;
  none.textContent = data.hub.mqtt === "off"
    ? "This hub has no MQTT broker (--mqtt), so it sees no screens; they still fetch its bundles."
    : "No screen has reported yet.";
}

// --- helpers for the panels below ---

let screensNow = [];

// fetch() that throws the hub's own words on an error status.
async function call(method, path, body) {
  const init = {method, cache: "no-store"};
  if (body !== undefined) {
    init.headers = {"Content-Type": "application/json"};
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  if (!r.ok) throw new Error((await r.text()).trim() || `HTTP ${r.status}`);
  return r;
}

function say(note, text, error) {
  note.className = error ? "note error" : "note";
  note.textContent = text;
}

const RTL = new Set(["ar", "fa", "he", "ur", "ps", "ug", "yi", "dv", "ckb", "sd"]);

// "all", every group, every screen; the choice kept across refreshes.
function fillTargets(select, screens) {
  const wanted = [["all", "every screen of the venue"]];
  const names = new Set();
  for (const s of screens) for (const g of s.groups || []) names.add(g);
  for (const g of [...names].sort()) wanted.push([`group:${g}`, `group ${g}`]);
  for (const s of [...screens].sort((a, b) => a.id.localeCompare(b.id))) wanted.push([`screen:${s.id}`, `screen ${s.id}`]);
  const key = wanted.map((w) => w[0]).join("\n");
  if (select.dataset.options === key) return;
  const chosen = select.value;
  select.replaceChildren(...wanted.map(([v, label]) => el("option", {value: v}, label)));
  select.dataset.options = key;
  if (wanted.some((w) => w[0] === chosen)) select.value = chosen;
}

// The screens a target reaches that are online now.
function onlineIn(target) {
  return screensNow.filter((s) => s.online && (target === "all" ||
    (target.startsWith("group:") && (s.groups || []).includes(target.slice(6))) ||
    target === `screen:${s.id}`));
}

function targetWords(target) {
  if (target === "all") return "EVERY screen of the venue";
  if (target.startsWith("group:")) return `the screens of group ${target.slice(6)}`;
  return `screen ${target.slice(7)}`;
}

function minutesLeft(ms) { return Math.max(0, Math.round((ms - Date.now()) / 60000)); }

// --- the emergency panel ---

let languages = [];
let capText = null;  // a CAP file loaded instead of the texts

async function loadEvent() {
  try {
    const event = await (await call("GET", "/api/event")).json();
    languages = event.languages;
  } catch (e) {
    say(document.getElementById("alert-note"), `languages: ${e.message}`, true);
    return;
  }
  const box = document.getElementById("alert-texts");
  box.className = "texts";
  box.replaceChildren(...languages.map((lang) => {
    const dir = RTL.has(lang) ? "rtl" : "ltr";
    const field = (name, label, tag) => {
      const input = el(tag, {name, "data-lang": lang, dir, lang, placeholder: label});
      if (tag === "input") input.type = "text";
      return input;
    };
    return el("fieldset", {class: "lang-texts", "data-lang": lang}, el("legend", {}, lang),
      field("headline", "Headline (required)", "input"), field("instruction", "What to do", "textarea"),
      field("description", "What happened (optional)", "textarea"));
  }));
  // The live announcement form asks the same languages.
  const ann = document.getElementById("live-announcement-texts");
  ann.className = "texts";
  ann.replaceChildren(...languages.map((lang) => el("label", {class: "lang-texts"}, lang,
    el("input", {type: "text", name: "announcement", "data-lang": lang, lang, dir: RTL.has(lang) ? "rtl" : "ltr"}))));
}

function alertBody() {
  const body = {severity: document.getElementById("alert-severity").value,
                status: document.getElementById("alert-status").value,
                expires: document.getElementById("alert-expires").value,
                target: document.getElementById("alert-target").value,
                portrait: document.getElementById("alert-portrait").checked};
  if (capText !== null) {
    body.cap = capText;
    return body;
  }
  body.pictogram = document.getElementById("alert-pictogram").value;
  body.texts = [];
  for (const set of document.querySelectorAll("#alert-texts fieldset")) {
    const value = (name) => set.querySelector(`[name=${name}]`).value.trim();
    if (!value("headline") && !value("instruction") && !value("description")) continue;
    body.texts.push({lang: set.dataset.lang, headline: value("headline"), instruction: value("instruction"),
                     description: value("description")});
  }
  return body;
}

async function previewAlert() {
  const note = document.getElementById("alert-note");
  const img = document.getElementById("alert-preview-image");
  const body = alertBody();
  delete body.target;
  delete body.expires;
  say(note, "drawing the preview…");
  try {
    const blob = await (await call("POST", "/api/alerts/preview", body)).blob();
    const url = await new Promise((done, fail) => {  // a data: URL (the page's CSP allows no blob:)
      const reader = new FileReader();
      reader.onload = () => done(reader.result);
      reader.onerror = () => fail(new Error("cannot read the picture"));
      reader.readAsDataURL(blob);
    });
    img.src = url;
    img.hidden = false;
    say(note, "preview: as a screen of the venue shows it");
  } catch (e) {
    say(note, `preview: ${e.message}`, true);
  }
}

async function sendAlert() {
  const note = document.getElementById("alert-note");
  const body = alertBody();
  delete body.portrait;
  const n = onlineIn(body.target).length;
  const headline = capText !== null ? "from the CAP file" : `"${(body.texts[0] || {}).headline || ""}"`;
  const status = body.status === "actual" ? "" : ` (${body.status.toUpperCase()})`;
  if (!confirm(`Send the alert${status} ${headline} to ${targetWords(body.target)}: ${n} screen${n === 1 ? "" : "s"} ` +
               `online now? They switch to it at once, for ${document.getElementById("alert-expires").selectedOptions[0].text}.`))
    return;
  say(note, "sending…");
  try {
    const sent = await (await call("POST", "/api/alerts", body)).json();
    say(note, `alert ${sent.alert} sent on ${sent.topic}`);
    pollAlerts();
    if (document.getElementById("audit").open) pollAudit();
  } catch (e) {
    say(note, `not sent: ${e.message}`, true);
  }
}

async function cancelAlert(a, note) {
  if (!confirm(`End alert ${a.id} ("${a.headline}") on ${a.target}? The screens go back to what they showed.`)) return;
  try {
    await call("POST", `/api/alerts/${encodeURIComponent(a.id)}/cancel`);
    say(note, `alert ${a.id} cancelled`);
    pollAlerts();
    if (document.getElementById("audit").open) pollAudit();
  } catch (e) {
    say(note, `cancel: ${e.message}`, true);
  }
}

async function pollAlerts() {
  let list;
  try {
    list = (await (await call("GET", "/api/alerts")).json()).alerts;
  } catch (e) {
    return;  // the banner of poll() says the hub does not answer
  }
  const ul = document.getElementById("active-alerts");
  const note = document.getElementById("alert-note");
  const keep = new Map([...ul.children].map((li) => [li.dataset.key, li]));
  const items = list.map((a) => {
    const key = `${a.id}\0${a.target}`;
    let li = keep.get(key);
    if (!li) {
      const cancel = el("button", {type: "button", class: "danger", "data-action": "cancel-alert"}, "Cancel");
      cancel.addEventListener("click", () => cancelAlert(a, note));
      li = el("li", {"data-alert": a.id, "data-key": key}, el("span", {class: "what"}), cancel);
    }
    li.querySelector(".what").textContent = `${a.headline} · ${a.id} · ${a.severity}, ${a.status} · on ${a.target} · ` +
                                            `ends in ${minutesLeft(a.expires)} min`;
    return li;
  });
  ul.replaceChildren(...items);
  document.getElementById("emergency").classList.toggle("active", list.length > 0);
  document.getElementById("alert-summary").textContent =
    list.length ? `${list.length} alert${list.length === 1 ? "" : "s"} ACTIVE` : "no alert active";
}

function setupEmergency() {
  const toggle = document.getElementById("emergency-toggle");
  const panel = document.getElementById("emergency-panel");
  toggle.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    toggle.textContent = panel.hidden ? "Open…" : "Close";
    if (!panel.hidden && !languages.length) loadEvent();
  });
  panel.addEventListener("submit", (e) => e.preventDefault());
  document.getElementById("alert-preview").addEventListener("click", previewAlert);
  document.getElementById("alert-send").addEventListener("click", sendAlert);
  const file = document.getElementById("alert-cap");
  const clear = document.getElementById("alert-cap-clear");
  const useCap = (text, name) => {
    capText = text;
    document.getElementById("alert-cap-name").textContent = text === null ? "" : `${name}: its texts, pictogram and ` +
      "severity are used (the severity and status chosen here win)";
    document.getElementById("alert-texts").hidden = text !== null;
    clear.hidden = text === null;
    if (text === null) file.value = "";
  };
  file.addEventListener("change", async () => {
    if (file.files.length) useCap(await file.files[0].text(), file.files[0].name);
  });
  clear.addEventListener("click", () => useCap(null));
}

// --- the audit log ---

async function pollAudit() {
  let lines;
  try {
    lines = (await (await call("GET", "/api/audit?limit=50")).json()).lines;
  } catch (e) {
    return;
  }
  const what = (l) => [l.kind, l.alert || l.cancels || l.id || "",
                       l.live ? `${l.live.sessions} session changes, ${l.live.announcements} announcements` : ""]
    .filter(Boolean).join(" ");
  showList(document.getElementById("audit-lines"), lines.reverse(), (l) =>
    el("tr", {}, el("td", {}, l.time || ""), el("td", {}, l.operator || "—"), el("td", {}, l.from || ""),
       el("td", {}, what(l)), el("td", {}, l.target || ""), el("td", {class: String(l.result).startsWith("published") ? "" : "error"}, l.result || "")));
}

// --- live changes: session changes and announcements (content/live_changes.h) ---

let sessions = null;      // GET /api/sessions
let liveSets = new Map();  // target -> the LiveChanges in force there

function sessionLabel(s) {
  const title = s.title.en || Object.values(s.title)[0] || s.id;
  return `${s.date} ${s.start} · ${title}`;
}

function liveSet() {
  const set = liveSets.get(document.getElementById("live-target").value) || {};
  return {sessions: [...(set.sessions || [])], announcements: [...(set.announcements || [])]};
}

async function loadLive() {
  const note = document.getElementById("live-note");
  try {
    if (!sessions) {
      sessions = await (await call("GET", "/api/sessions")).json();
      document.getElementById("live-session").replaceChildren(
        ...sessions.sessions.map((s) => el("option", {value: s.id}, sessionLabel(s))));
      document.getElementById("live-hall").replaceChildren(el("option", {value: ""}, "(its own hall)"),
        ...sessions.halls.map((h) => el("option", {value: h.id}, h.name.en || Object.values(h.name)[0] || h.id)));
      if (!languages.length) await loadEvent();
    }
    const live = (await (await call("GET", "/api/live")).json()).live;
    liveSets = new Map(live.map((t) => [t.target, t.changes]));
  } catch (e) {
    say(note, `live changes: ${e.message}`, true);
    return;
  }
  showLive();
}

function showLive() {
  const set = liveSet();
  const byId = new Map((sessions ? sessions.sessions : []).map((s) => [s.id, s]));
  const remove = (drop) => {
    const b = el("button", {type: "button", "data-action": "remove"}, "Remove");
    b.addEventListener("click", drop);
    return b;
  };
  document.getElementById("live-sessions").replaceChildren(...set.sessions.map((c) => {
    const words = [];
    if (c.delay_minutes) words.push(`delayed ${c.delay_minutes} min`);
    if (c.hall) words.push(`moved to ${c.hall}`);
    if (c.full) words.push("full");
    if (c.cancelled) words.push("cancelled");
    const s = byId.get(c.session);
    return el("li", {"data-session": c.session}, el("span", {}, `${s ? sessionLabel(s) : c.session}: ${words.join(", ")}`),
      remove(() => putLive({...set, sessions: set.sessions.filter((x) => x !== c)})));
  }));
  document.getElementById("live-announcements").replaceChildren(...set.announcements.map((a) =>
    el("li", {"data-announcement": a.id}, el("span", {}, Object.entries(a.text).map(([l, t]) => `${l}: ${t}`).join(" · ")),
      remove(() => putLive({...set, announcements: set.announcements.filter((x) => x !== a)})))));
}

async function putLive(set) {
  const note = document.getElementById("live-note");
  const target = document.getElementById("live-target").value;
  const body = {};
  if (set.sessions.length) body.sessions = set.sessions;
  if (set.announcements.length) body.announcements = set.announcements;
  say(note, "sending…");
  try {
    await call("PUT", `/api/live?target=${encodeURIComponent(target)}`, body);
    say(note, `sent to ${targetWords(target)}: ${set.sessions.length} session changes, ` +
              `${set.announcements.length} announcements`);
  } catch (e) {
    say(note, `not sent: ${e.message}`, true);
  }
  await loadLive();
  if (document.getElementById("audit").open) pollAudit();
}

function applySessionChange() {
  const id = document.getElementById("live-session").value;
  const s = sessions && sessions.sessions.find((x) => x.id === id);
  if (!s) return;
  const change = {session: id, based_on: s.fingerprint};
  const delay = parseInt(document.getElementById("live-delay").value, 10) || 0;
  if (delay > 0) change.delay_minutes = delay;
  const hall = document.getElementById("live-hall").value;
  if (hall && hall !== s.hall) change.hall = hall;
  if (document.getElementById("live-full").checked) change.full = true;
  if (document.getElementById("live-cancelled").checked) change.cancelled = true;
  const set = liveSet();
  set.sessions = set.sessions.filter((c) => c.session !== id);
  if (Object.keys(change).length > 2) set.sessions.push(change);  // nothing changed: the change removed
  putLive(set);
}

function announce() {
  const text = {};
  for (const input of document.querySelectorAll("#live-announcement-texts input")) {
    if (input.value.trim()) text[input.dataset.lang] = input.value.trim();
  }
  if (!Object.keys(text).length) {
    say(document.getElementById("live-note"), "an announcement needs a text in at least one language", true);
    return;
  }
  const a = {id: `a-${Date.now().toString(36)}`, text};
  const from = document.getElementById("live-from").value;
  const until = document.getElementById("live-until").value;
  if (from) a.from = new Date(from).getTime();
  if (until) a.until = new Date(until).getTime();
  const set = liveSet();
  set.announcements.push(a);
  putLive(set);
}

function setupLive() {
  const details = document.getElementById("live-changes");
  details.addEventListener("toggle", () => { if (details.open) loadLive(); });
  document.getElementById("live-target").addEventListener("change", showLive);
  document.getElementById("live-session-apply").addEventListener("click", applySessionChange);
  document.getElementById("live-announce").addEventListener("click", announce);
  // Choosing a session shows its change in force, to edit.
  document.getElementById("live-session").addEventListener("change", () => {
    const c = liveSet().sessions.find((x) => x.session === document.getElementById("live-session").value) || {};
    document.getElementById("live-delay").value = c.delay_minutes || 0;
    document.getElementById("live-hall").value = c.hall || "";
    document.getElementById("live-full").checked = !!c.full;
    document.getElementById("live-cancelled").checked = !!c.cancelled;
  });
  const audit = document.getElementById("audit");
  audit.addEventListener("toggle", () => { if (audit.open) pollAudit(); });
}

// --- screen overrides ---

let overrideChoices = null;  // {halls: [[id, name]], languages: [...]} once loaded

// The controls of one target: "screen:ID" or "group:G".
function overrideControls(target, note) {
  const select = (name, options) => el("select", {name}, ...options.map(([v, label]) => el("option", {value: v}, label)));
  const mode = select("mode", [["", "own mode"], ["lobby", "lobby"], ["room", "room sign"], ["kiosk", "kiosk"], ["loop", "loop"]]);
  const hall = select("hall", []);
  const lang = select("lang", [["", "own language"]]);
  const expires = select("expires", [["1h", "for 1 h"], ["4h", "for 4 h"], ["12h", "for 12 h"], ["2d", "for 2 days"]]);
  expires.value = "4h";
  hall.hidden = true;
  mode.addEventListener("change", () => { hall.hidden = mode.value !== "room"; });
  const block = {hall, lang};
  overrideBlocks.push(block);
  fillOverrideChoices(block);
  const put = async (body, what) => {
    say(note, `${what}…`);
    try {
      await call("PUT", `/api/overrides?target=${encodeURIComponent(target)}&expires=${expires.value}`, body);
      say(note, `${what}: sent`);
      pollOverrides();
    } catch (e) {
      say(note, `${what}: ${e.message}`, true);
    }
  };
  const now = () => ({...(overridesNow.get(target) || {})});
  const button = (action, label, handler) => {
    const b = el("button", {type: "button", "data-override": action}, label);
    b.addEventListener("click", handler);
    return b;
  };
  return el("div", {class: "override", "data-role": "override"}, mode, hall, lang, expires,
    button("apply", "Apply", () => {
      const body = now();
      for (const k of ["mode", "hall", "lang"]) delete body[k];
      if (mode.value) body.mode = mode.value;
      if (mode.value === "room") body.hall = hall.value;
      if (lang.value) body.lang = lang.value;
      put(body, "override");
    }),
    button("blank", "Blank", () => put({...now(), power: "off"}, "blank")),
    button("wake", "Wake", () => put({...now(), power: "on"}, "wake")),
    button("clear", "Clear", () => put({}, "clear")));
}

function fillOverrideChoices(block) {
  if (!overrideChoices) return;
  block.hall.replaceChildren(...overrideChoices.halls.map(([id, name]) => el("option", {value: id}, name)));
  block.lang.replaceChildren(el("option", {value: ""}, "own language"),
    ...overrideChoices.languages.map((l) => el("option", {value: l}, l)));
}

async function loadOverrideChoices() {
  try {
    const offered = await (await call("GET", "/api/sessions")).json();
    overrideChoices = {halls: offered.halls.map((h) => [h.id, h.name.en || Object.values(h.name)[0] || h.id]),
                       languages: offered.languages};
  } catch (e) {
    return;  // no content yet: the selects stay empty, asked again at the next poll
  }
  for (const block of overrideBlocks) fillOverrideChoices(block);
}

async function pollOverrides() {
  if (!overrideChoices) loadOverrideChoices();
  try {
    const listed = (await (await call("GET", "/api/overrides")).json()).overrides;
    overridesNow = new Map(listed.map((t) => [t.target, t.override]));
  } catch (e) {
    // the next poll asks again
  }
}

setupEmergency();
setupLive();
poll();
setInterval(poll, POLL_MS);
