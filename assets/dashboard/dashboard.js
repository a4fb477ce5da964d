// majlis hub dashboard: polls /api/screens every 2 s and keeps one card per screen and group up
// to date in place (so images do not flicker and a button is never replaced under the pointer).
// Everything from the network goes into the page as text (textContent), never as HTML.
//
// Stable hooks for people and tests: section[data-group=G] (G "" for screens in no group) with
// button[data-group-command=C]; article[data-screen=ID][data-online=true|false] with
// [data-field=NAME] values, img[data-role=thumbnail], button[data-command=C], [data-role=note],
// and, shown only while the screen is offline, button[data-action=forget] (DELETE
// /api/screens/ID after a confirm(): a screen retired for good leaves the list and its pictures).
"use strict";

const POLL_MS = 2000;
const COMMANDS = [["screenshot", "Screenshot"], ["identify", "Identify"], ["reload", "Reload"]];
const cards = new Map();   // "group\0id" -> {root, fields, img, thumb, note, lastThumb}
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
  const dl = el("dl", {},
    ...row("Last seen", "last_seen"), ...row("Bundle", "sequence"), ...row("Showing", "mode"),
    ...row("Screen", "size"), ...row("Clock", "clock"), ...row("Health", "health"),
    ...row("Address", "address"), ...row("Last error", "last_error"));
  const root = el("article", {class: "card", "data-screen": id},
    thumb, el("div", {class: "title"}, el("span", {class: "id"}, id), badge), dl, actions, note);
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
  f.mode.textContent = [s.mode, s.lang, s.version && `majlis ${s.version}`].filter(Boolean).join(" · ") || "—";
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
  list.replaceChildren(...hub.errors.map((e) => el("li", {}, e)));
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
  const none = document.getElementById("no-screens");
  none.hidden = data.screens.length > 0;
  none.textContent = data.hub.mqtt === "off"
    ? "This hub has no MQTT broker (--mqtt), so it sees no screens; they still fetch its bundles."
    : "No screen has reported yet.";
}

poll();
setInterval(poll, POLL_MS);
