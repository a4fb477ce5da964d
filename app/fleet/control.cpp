// majlis fleet: signed control messages (see control.h).
#include "fleet/control.h"

#include "fleet/fleet_internal.h"
#include "fleet/presence.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace majlis::fleet {

namespace fs = std::filesystem;
using detail::dump;
using detail::FieldReader;
using detail::finish;
using detail::json;
using detail::kMaxSafeInteger;
using detail::parse_object;
using detail::random_hex;
using detail::unix_ms_now;

namespace {

constexpr const char* kControlArea = "control";

json alert_to_json(const content::Alert& a) {
    json texts = json::array();
    for (const content::AlertText& t : a.texts)
        texts.push_back({{"lang", t.lang}, {"headline", t.headline}, {"description", t.description},
                         {"instruction", t.instruction}});
    return {{"id", a.id},
            {"severity", content::alert_severity_name(a.severity)},
            {"status", content::alert_status_name(a.status)},
            {"pictogram", content::alert_pictogram_name(a.pictogram)},
            {"sent", a.sent_ms},
            {"expires", a.expires_ms},
            {"texts", std::move(texts)}};
}

// Reads the fields of `object` named in `names` and no other; the first problem in r.error.
bool only_fields(FieldReader& r, std::initializer_list<const char*> names, const char* what) {
    for (const auto& item : r.object.items())
        if (const std::string& key = item.key();
            std::none_of(names.begin(), names.end(), [&](const char* n) { return key == n; })) {
            if (r.error.empty()) r.error = std::string(what) + " has an unknown field \"" + key.substr(0, 64) + "\"";
            return false;
        }
    return true;
}

std::optional<content::Alert> alert_from_json(const json& j, std::string& error) {
    if (!j.is_object()) {
        error = "\"alert\" is not an object";
        return std::nullopt;
    }
    FieldReader r{j, {}};
    content::Alert a;
    std::string severity, status, pictogram;
    only_fields(r, {"id", "severity", "status", "pictogram", "sent", "expires", "texts"}, "\"alert\"");
    r.string("id", a.id, 128, true);
    r.string("severity", severity, 16, true);
    r.string("status", status, 16, true);
    r.string("pictogram", pictogram, 16, true);
    r.integer("sent", a.sent_ms, 0, kMaxSafeInteger, true);
    r.integer("expires", a.expires_ms, 1, kMaxSafeInteger, true);
    if (r.error.empty()) {
        const auto s = content::alert_severity_from(severity);
        const auto st = content::alert_status_from(status);
        const auto p = content::alert_pictogram_from(pictogram);
        if (!s) r.fail("severity", "is not extreme, severe or moderate");
        else if (!st) r.fail("status", "is not actual, exercise or test");
        else if (!p) r.fail("pictogram", "is not a pictogram's name");
        else {
            a.severity = *s;
            a.status = *st;
            a.pictogram = *p;
        }
    }
    const json* texts = r.find("texts", true);
    if (r.error.empty() && (!texts->is_array() || texts->size() > content::kMaxAlertLanguages))
        r.fail("texts", "is not a list of at most 16 texts");
    if (r.error.empty())
        for (const json& t : *texts) {
            if (!t.is_object()) {
                r.fail("texts", "holds something that is not an object");
                break;
            }
            FieldReader tr{t, {}};
            content::AlertText text;
            only_fields(tr, {"lang", "headline", "description", "instruction"}, "a text");
            tr.string("lang", text.lang, 64, true);
            tr.string("headline", text.headline, content::kMaxAlertTextBytes, true);
            tr.string("description", text.description, content::kMaxAlertTextBytes, true);
            tr.string("instruction", text.instruction, content::kMaxAlertTextBytes, true);
            if (!tr.error.empty()) {
                r.error = "texts: " + tr.error;
                break;
            }
            a.texts.push_back(std::move(text));
        }
    if (r.error.empty()) r.error = content::alert_problem(a);
    if (!r.error.empty()) {
        error = r.error;
        return std::nullopt;
    }
    return a;
}

json override_to_json(const content::ScreenOverride& o) {
    json j = json::object();
    if (!o.mode.empty()) j["mode"] = o.mode;
    if (!o.hall.empty()) j["hall"] = o.hall;
    if (!o.lang.empty()) j["lang"] = o.lang;
    if (!o.power.empty()) j["power"] = o.power;
    return j;
}

// The "override" object: strings only, each optional but not empty, checked by
// screen_override_problem.
std::optional<content::ScreenOverride> override_from_json(const json& j, std::string& error) {
    if (!j.is_object()) {
        error = "is not an object";
        return std::nullopt;
    }
    FieldReader r{j, {}};
    content::ScreenOverride o;
    only_fields(r, {"mode", "hall", "lang", "power"}, "\"override\"");
    for (auto [key, field] : {std::pair{"mode", &o.mode}, {"hall", &o.hall}, {"lang", &o.lang}, {"power", &o.power}}) {
        r.string(key, *field, 64);
        if (r.error.empty() && j.contains(key) && field->empty()) r.fail(key, "is empty (leave it out: the screen's own)");
    }
    if (r.error.empty()) r.error = content::screen_override_problem(o);
    if (!r.error.empty()) {
        error = r.error;
        return std::nullopt;
    }
    return o;
}

// The file that keeps a topic's message: the topic with '/' as '.' (ids hold no '.').
std::string file_of(std::string_view topic) {
    std::string name(topic);
    std::replace(name.begin(), name.end(), '/', '.');
    return name;
}
std::string topic_of(std::string_view file) {
    std::string topic(file);
    std::replace(topic.begin(), topic.end(), '.', '/');
    return topic;
}

int severity_rank(content::AlertSeverity s) {
    switch (s) {
        case content::AlertSeverity::Extreme: return 3;
        case content::AlertSeverity::Severe: return 2;
        case content::AlertSeverity::Moderate: return 1;
    }
    return 0;
}

}  // namespace

namespace {
// majlis/<venue>/<where>/<leaf>, <where> "" (the venue's), "groups/<g>" or "screens/<id>".
std::string topic_at(std::string_view venue, std::string_view where, std::string_view leaf) {
    std::string t = "majlis/" + std::string(venue) + "/";
    if (!where.empty()) t += std::string(where) + "/";
    return t + std::string(leaf);
}
// 0 the venue's, 1 a group's, 2 a screen's.
int specificity(std::string_view topic) {
    return topic.find("/screens/") != std::string_view::npos ? 2 : topic.find("/groups/") != std::string_view::npos ? 1 : 0;
}
}  // namespace

const char* control_topic_leaf(ControlKind kind) {
    return kind == ControlKind::Live ? "live" : kind == ControlKind::Override ? "override" : "alert";
}

std::vector<std::string> screen_control_topics(std::string_view venue, std::string_view screen,
                                               const std::vector<std::string>& groups, std::string_view leaf) {
    std::vector<std::string> topics{topic_at(venue, "", leaf)};
    for (const std::string& g : groups) topics.push_back(topic_at(venue, "groups/" + g, leaf));
    topics.push_back(topic_at(venue, "screens/" + std::string(screen), leaf));
    return topics;
}

bool is_control_topic_of(std::string_view venue, std::string_view topic, std::string_view leaf) {
    if (topic == topic_at(venue, "", leaf)) return true;
    for (std::string_view kind : {"/groups/", "/screens/"}) {
        const std::string prefix = "majlis/" + std::string(venue) + std::string(kind);
        const std::string suffix = "/" + std::string(leaf);
        if (topic.size() > prefix.size() + suffix.size() && topic.starts_with(prefix) && topic.ends_with(suffix) &&
            valid_fleet_id(topic.substr(prefix.size(), topic.size() - prefix.size() - suffix.size())))
            return true;
    }
    return false;
}

std::optional<std::string> target_topic(std::string_view venue, std::string_view screens, std::string_view leaf) {
    if (screens == "all") return topic_at(venue, "", leaf);
    if (screens.starts_with("group:") && valid_fleet_id(screens.substr(6)))
        return topic_at(venue, "groups/" + std::string(screens.substr(6)), leaf);
    if (screens.starts_with("screen:") && valid_fleet_id(screens.substr(7)))
        return topic_at(venue, "screens/" + std::string(screens.substr(7)), leaf);
    return std::nullopt;
}

std::string venue_alert_topic(std::string_view venue) { return topic_at(venue, "", "alert"); }
std::string group_alert_topic(std::string_view venue, std::string_view group) {
    return topic_at(venue, "groups/" + std::string(group), "alert");
}
std::string screen_alert_topic(std::string_view venue, std::string_view screen) {
    return topic_at(venue, "screens/" + std::string(screen), "alert");
}
std::vector<std::string> screen_alert_topics(std::string_view venue, std::string_view screen,
                                             const std::vector<std::string>& groups) {
    return screen_control_topics(venue, screen, groups, "alert");
}
bool is_alert_topic(std::string_view venue, std::string_view topic) { return is_control_topic_of(venue, topic, "alert"); }

std::string venue_live_topic(std::string_view venue) { return topic_at(venue, "", "live"); }
std::string group_live_topic(std::string_view venue, std::string_view group) {
    return topic_at(venue, "groups/" + std::string(group), "live");
}
std::string screen_live_topic(std::string_view venue, std::string_view screen) {
    return topic_at(venue, "screens/" + std::string(screen), "live");
}
std::vector<std::string> screen_live_topics(std::string_view venue, std::string_view screen,
                                            const std::vector<std::string>& groups) {
    return screen_control_topics(venue, screen, groups, "live");
}
bool is_live_topic(std::string_view venue, std::string_view topic) { return is_control_topic_of(venue, topic, "live"); }

bool is_control_topic(std::string_view venue, std::string_view topic) {
    return is_alert_topic(venue, topic) || is_live_topic(venue, topic) || is_control_topic_of(venue, topic, "override");
}

const char* control_kind_name(ControlKind kind) {
    switch (kind) {
    case ControlKind::Alert: return "alert";
    case ControlKind::Cancel: return "cancel";
    case ControlKind::Live: return "live";
    case ControlKind::Override: return "override";
    }
    return "alert";
}

std::string ControlMessage::to_json() const {
    json j = {{"kind", control_kind_name(kind)}, {"id", id}, {"issued", issued_ms}, {"expires", expires_ms},
              {"target", target}};
    if (kind == ControlKind::Alert) j["alert"] = alert_to_json(alert);
    else if (kind == ControlKind::Cancel) j["cancels"] = cancels;
    else if (kind == ControlKind::Live) j["live"] = json::parse(content::to_json(live));
    else j["override"] = override_to_json(screen_override);
    return dump(j);
}

std::optional<ControlMessage> ControlMessage::parse(std::string_view line, std::string* error) {
    auto object = parse_object(line, kMaxPayload, error);
    if (!object) return std::nullopt;
    FieldReader r{*object, {}};
    ControlMessage m;
    std::string kind;
    r.string("kind", kind, 16, true);
    if (r.error.empty() && kind != "alert" && kind != "cancel" && kind != "live" && kind != "override")
        r.error = "unknown kind \"" + kind + "\"";
    m.kind = kind == "cancel"     ? ControlKind::Cancel
             : kind == "live"     ? ControlKind::Live
             : kind == "override" ? ControlKind::Override
                                  : ControlKind::Alert;
    if (r.error.empty())
        only_fields(r, {"kind", "id", "issued", "expires", "target", kind == "cancel" ? "cancels" : kind.c_str()},
                    m.kind == ControlKind::Alert      ? "an alert message"
                    : m.kind == ControlKind::Cancel ? "a cancel message"
                    : m.kind == ControlKind::Live   ? "a live message"
                                                    : "an override message");
    r.string("id", m.id, 64, true);
    if (r.error.empty() && !valid_fleet_id(m.id)) r.fail("id", "is not a valid message id");
    r.integer("issued", m.issued_ms, 1, kMaxSafeInteger, true);
    r.integer("expires", m.expires_ms, 1, kMaxSafeInteger, true);
    if (r.error.empty() && m.expires_ms <= m.issued_ms) r.fail("expires", "is not after \"issued\"");
    r.string("target", m.target, 512, true);
    if (r.error.empty() && m.kind == ControlKind::Alert) {
        const json* alert = r.find("alert", true);
        if (alert) {
            std::string why;
            auto a = alert_from_json(*alert, why);
            if (!a) r.error = "alert: " + why;
            else if (a->expires_ms != m.expires_ms) r.error = "alert: its expires is not the message's";
            else m.alert = std::move(*a);
        }
    } else if (r.error.empty() && m.kind == ControlKind::Live) {
        const json* live = r.find("live", true);
        if (live && !live->is_object()) r.fail("live", "is not an object");
        else if (live) {
            std::string why;
            auto changes = content::parse_live_changes(dump(*live), why);
            if (!changes) r.error = "live: " + why;
            else m.live = std::move(*changes);
        }
    } else if (r.error.empty() && m.kind == ControlKind::Override) {
        if (const json* o = r.find("override", true)) {
            std::string why;
            auto settings = override_from_json(*o, why);
            if (!settings) r.error = "override: " + why;
            else m.screen_override = std::move(*settings);
        }
    } else if (r.error.empty()) {
        r.string("cancels", m.cancels, 128, true);
        if (r.error.empty() && !content::valid_alert_id(m.cancels)) r.fail("cancels", "is not an alert id");
    }
    return finish(r, std::move(m), error);
}

std::optional<content::Alert> parse_alert_json(std::string_view text, std::string* error) {
    std::string why;
    const json j = json::parse(text, nullptr, false);
    auto a = j.is_discarded() ? std::nullopt : alert_from_json(j, why);
    if (j.is_discarded()) why = "not JSON";
    if (!a && error) *error = why;
    return a;
}

std::optional<content::ScreenOverride> parse_override_json(std::string_view text, std::string* error) {
    std::string why;
    const json j = json::parse(text, nullptr, false);
    auto o = j.is_discarded() ? std::nullopt : override_from_json(j, why);
    if (j.is_discarded()) why = "not JSON";
    if (!o && error) *error = why;
    return o;
}

std::string override_json(const content::ScreenOverride& o) { return dump(override_to_json(o)); }

std::string sign_control(const ControlMessage& message, const SecretKey& key) {
    return sign_line(message.to_json(), key);
}

// ---------------------------------------------------------------------------------------------
// ControlCheck

ControlCheck::ControlCheck(std::optional<PublicKey> trusted, std::function<bool(std::string_view)> topics,
                           std::string dir, Log& log)
    : trusted_(std::move(trusted)), topics_(std::move(topics)), dir_(std::move(dir)), log_(log) {
    if (!dir_.empty() && trusted_) load();
}

std::optional<ControlCheck::Held> ControlCheck::verify(std::string_view payload, std::string_view topic,
                                                       std::string* why) const {
    auto refuse = [&](const std::string& reason) -> std::optional<Held> {
        if (why) *why = reason;
        return std::nullopt;
    };
    if (!trusted_) return refuse("no trusted key (--trust) to verify control messages with");
    if (payload.size() > ControlMessage::kMaxPayload)
        return refuse("a payload of " + std::to_string(payload.size()) + " bytes");
    std::string error;
    const auto line = verified_line(payload, *trusted_, "the control message", &error);
    if (!line) return refuse(error);
    auto message = ControlMessage::parse(*line, &error);
    if (!message) return refuse(error);
    if (message->target != topic) return refuse("signed for " + message->target.substr(0, 200) + ", not for this topic");
    if (const std::string leaf = control_topic_leaf(message->kind); !topic.ends_with("/" + leaf))
        return refuse(std::string("a message of kind ") + control_kind_name(message->kind) + " on a topic for " +
                      (topic.ends_with("/live") ? "live changes" : topic.ends_with("/override") ? "overrides" : "alerts"));
    Held held{std::string(payload), std::move(*message), nullptr};
    if (held.message.kind == ControlKind::Alert) held.alert = std::make_shared<const content::Alert>(held.message.alert);
    return held;
}

ControlCheck::Result ControlCheck::accept(std::string_view payload, std::string_view topic, int64_t now_ms,
                                          int64_t clock_offset_ms) {
    Result r;
    if (!topics_(topic)) {
        r.why = "not a topic this screen reads alerts or live changes on";
        return r;
    }
    auto held = verify(payload, topic, &r.why);
    if (!held) return r;
    const auto last = held_.find(std::string(topic));
    if (last != held_.end() && last->second.payload == payload) {  // a redelivery (retained, reconnect)
        r.verdict = Verdict::Redelivered;
        r.message = last->second.message;
        return r;
    }
    const ControlMessage& m = held->message;
    const int64_t hub_now = now_ms + clock_offset_ms;
    if (m.expires_ms <= hub_now) {
        r.why = "expired at " + std::to_string(m.expires_ms) + " ms (the hub's time now: " + std::to_string(hub_now) + ")";
        return r;
    }
    if (m.issued_ms > hub_now + kMaxSkewMs) {
        r.why = "issued at " + std::to_string(m.issued_ms) + " ms, more than 60 s after the hub's time now (" +
                std::to_string(hub_now) + ")";
        return r;
    }
    if (last != held_.end() && m.issued_ms <= last->second.message.issued_ms) {
        r.why = "issued at " + std::to_string(m.issued_ms) + " ms, not after message " + last->second.message.id +
                " (issued at " + std::to_string(last->second.message.issued_ms) + ") on this topic: replayed";
        return r;
    }
    if (last == held_.end() && held_.size() >= kMaxTopics) {
        r.why = "more than " + std::to_string(kMaxTopics) + " topics";
        return r;
    }
    r.verdict = Verdict::Accepted;
    r.message = m;
    keep(std::string(topic), held->payload);
    held_[std::string(topic)] = std::move(*held);
    return r;
}

std::shared_ptr<const content::Alert> ControlCheck::active(int64_t now_ms, int64_t clock_offset_ms) const {
    const Held* best = nullptr;
    for (const auto& [topic, h] : held_) {
        if (!h.alert || h.message.expires_ms <= now_ms + clock_offset_ms) continue;
        if (!best || severity_rank(h.alert->severity) > severity_rank(best->alert->severity) ||
            (h.alert->severity == best->alert->severity && h.message.issued_ms > best->message.issued_ms))
            best = &h;
    }
    return best ? best->alert : nullptr;
}

std::vector<ControlMessage> ControlCheck::active_alerts(int64_t now_ms, int64_t clock_offset_ms) const {
    std::vector<ControlMessage> out;
    for (const auto& [topic, h] : held_)
        if (h.alert && h.message.expires_ms > now_ms + clock_offset_ms) out.push_back(h.message);
    return out;
}

content::LiveChanges merge_live_changes(const std::vector<const content::LiveChanges*>& sets) {
    content::LiveChanges out;
    std::map<std::string, size_t> session_at, announcement_at;  // -> index in out
    for (const content::LiveChanges* set : sets) {
        if (!set) continue;
        for (const content::SessionChange& c : set->sessions) {
            auto [it, fresh] = session_at.emplace(c.session, out.sessions.size());
            if (fresh) out.sessions.push_back(c);
            else out.sessions[it->second] = c;
        }
        for (const content::LiveAnnouncement& a : set->announcements) {
            auto [it, fresh] = announcement_at.emplace(a.id, out.announcements.size());
            if (fresh) out.announcements.push_back(a);
            else out.announcements[it->second] = a;
        }
    }
    return out;
}

std::vector<ControlMessage> ControlCheck::active_live(int64_t now_ms, int64_t clock_offset_ms) const {
    std::vector<ControlMessage> out;
    for (const ControlMessage* m : in_force(ControlKind::Live, now_ms, clock_offset_ms)) out.push_back(*m);
    return out;
}

content::ScreenOverride merge_screen_overrides(const std::vector<const content::ScreenOverride*>& overrides) {
    content::ScreenOverride out;
    for (const content::ScreenOverride* o : overrides) {
        if (!o) continue;
        if (!o->mode.empty()) {  // the mode takes its hall along (a room's hall, none otherwise)
            out.mode = o->mode;
            out.hall = o->hall;
        }
        if (!o->lang.empty()) out.lang = o->lang;
        if (!o->power.empty()) out.power = o->power;
    }
    return out;
}

std::vector<const ControlMessage*> ControlCheck::in_force(ControlKind kind, int64_t now_ms,
                                                         int64_t clock_offset_ms) const {
    std::vector<const ControlMessage*> out;
    for (const auto& [topic, h] : held_)
        if (h.message.kind == kind && h.message.expires_ms > now_ms + clock_offset_ms) out.push_back(&h.message);
    std::stable_sort(out.begin(), out.end(), [](const ControlMessage* a, const ControlMessage* b) {
        const int sa = specificity(a->target), sb = specificity(b->target);
        return sa != sb ? sa < sb : a->issued_ms < b->issued_ms;
    });
    return out;
}

ControlCheck::Live ControlCheck::live(int64_t now_ms, int64_t clock_offset_ms) const {
    Live out;
    std::vector<const content::LiveChanges*> changes;
    for (const ControlMessage* m : in_force(ControlKind::Live, now_ms, clock_offset_ms)) {
        changes.push_back(&m->live);
        out.issued_ms = std::max(out.issued_ms, m->issued_ms);
    }
    out.changes = std::make_shared<const content::LiveChanges>(merge_live_changes(changes));
    return out;
}

ControlCheck::Override ControlCheck::screen_override(int64_t now_ms, int64_t clock_offset_ms) const {
    Override out;
    std::vector<const content::ScreenOverride*> overrides;
    for (const ControlMessage* m : in_force(ControlKind::Override, now_ms, clock_offset_ms)) {
        overrides.push_back(&m->screen_override);
        out.issued_ms = std::max(out.issued_ms, m->issued_ms);
    }
    out.settings = merge_screen_overrides(overrides);
    return out;
}

std::vector<ControlMessage> ControlCheck::active_overrides(int64_t now_ms, int64_t clock_offset_ms) const {
    std::vector<ControlMessage> out;
    for (const ControlMessage* m : in_force(ControlKind::Override, now_ms, clock_offset_ms)) out.push_back(*m);
    return out;
}

void ControlCheck::keep(const std::string& topic, const std::string& payload) {
    if (dir_.empty()) return;
    std::error_code ec;
    fs::create_directories(dir_, ec);
    const std::string path = dir_ + "/" + file_of(topic);
    const std::string temp = path + ".new";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && detail::write_all(fd, payload.data(), payload.size()) && ::fsync(fd) == 0;
    if (fd >= 0) ok = ::close(fd) == 0 && ok;
    if (ok) ok = ::rename(temp.c_str(), path.c_str()) == 0;
    if (!ok) {
        log_.warning(kControlArea, path + ": cannot keep the control message (" + std::strerror(errno) +
                                "); it holds until this screen restarts");
        ::unlink(temp.c_str());
    }
}

void ControlCheck::load() {
    std::error_code ec;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const std::string topic = topic_of(name);
        if (name.ends_with(".new") || !topics_(topic)) continue;  // another screen's, or half written
        std::string why, payload;
        std::error_code type_ec;
        if (!fs::is_regular_file(fs::symlink_status(it->path(), type_ec))) {
            why = "not a regular file";
        } else {
            const int fd = ::open(it->path().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            char buf[16384];
            ssize_t n = 0;
            while (fd >= 0 && payload.size() <= ControlMessage::kMaxPayload && (n = ::read(fd, buf, sizeof buf)) > 0)
                payload.append(buf, size_t(n));
            if (fd >= 0) ::close(fd);
            if (fd < 0 || n < 0) why = std::string("cannot be read: ") + std::strerror(errno);
        }
        std::optional<Held> held = why.empty() ? verify(payload, topic, &why) : std::nullopt;
        if (!held) {
            log_.warning(kControlArea, it->path().string() + ": " + why + "; removed");
            fs::remove(it->path(), type_ec);
            continue;
        }
        log_.info(kControlArea, std::string("kept from before: ") + control_kind_name(held->message.kind) + " " +
                             held->message.id + " on " + topic);
        held_[topic] = std::move(*held);
    }
}

// ---------------------------------------------------------------------------------------------
// `majlis alert`

std::optional<int64_t> parse_alert_duration_ms(std::string_view text) {
    if (text.size() < 2 || text.size() > 8) return std::nullopt;
    const char unit = text.back();
    const std::string_view digits = text.substr(0, text.size() - 1);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    const int64_t n = std::stoll(std::string(digits));
    const int64_t scale = unit == 's' ? 1000 : unit == 'm' ? 60000 : unit == 'h' ? 3600000 : unit == 'd' ? 86400000 : 0;
    const int64_t ms = n * scale;
    if (scale == 0 || ms < 1000 || ms > 7 * 24 * 3600000LL) return std::nullopt;
    return ms;
}

namespace {

constexpr int kConnectTimeoutMs = 5000, kTimeoutMs = 15000;
constexpr size_t kMaxAnswer = 1 << 20;

// The hub's URL without a trailing '/', and a path on it.
std::string on_hub(std::string hub, std::string_view path) {
    while (!hub.empty() && hub.back() == '/') hub.pop_back();
    return hub + std::string(path);
}

// GET a JSON object from the hub; nullopt (logged) otherwise.
std::optional<json> get_json(const std::string& hub, std::string_view path, Log& log) {
    const auto x = detail::http_exchange("GET", on_hub(hub, path), nullptr, nullptr, kConnectTimeoutMs,
                                         kTimeoutMs, nullptr, kMaxAnswer);
    if (!x.error.empty() || x.status != 200) {
        log.error(kControlArea, "GET " + std::string(path) + ": " +
                             (x.error.empty() ? "HTTP " + std::to_string(x.status) + " " + x.body : x.error));
        return std::nullopt;
    }
    json j = json::parse(x.body, nullptr, false);
    if (!j.is_object()) {
        log.error(kControlArea, "GET " + std::string(path) + ": not a JSON object");
        return std::nullopt;
    }
    return j;
}

// GET /api/hub: the hub's venue when its public key is `key`'s; nullopt (logged) otherwise: the
// screens trust the hub's key, and what another key signs would be refused anyway.
std::optional<std::string> hub_venue(const std::string& hub_url, const std::string& key_path, const SecretKey& key,
                                     Log& log) {
    const auto hub = get_json(hub_url, "/api/hub", log);
    if (!hub) return std::nullopt;
    const std::string venue = hub->value("venue", "");
    std::string mine = public_key_line(key.public_key());
    while (!mine.empty() && mine.back() == '\n') mine.pop_back();
    if (hub->value("public_key", "") != mine || !valid_fleet_id(venue)) {
        log.error(kControlArea, key_path + " is not the key of the hub at " + hub_url +
                             " (its screens would refuse what it signs); nothing sent");
        return std::nullopt;
    }
    return venue;
}

// POST /api/control with a signed message; the hub's answer printed on `out` after what the
// caller printed. True when published (202).
bool post_control(const std::string& hub, const std::string& payload, std::FILE* out) {
    const auto x = detail::http_exchange("POST", on_hub(hub, "/api/control"), &payload, "text/plain; charset=utf-8",
                                         kConnectTimeoutMs, kTimeoutMs, nullptr, kMaxAnswer);
    std::string answer = x.error.empty() ? x.body : x.error;
    while (!answer.empty() && answer.back() == '\n') answer.pop_back();
    std::fprintf(out, "%s %s\n", x.error.empty() ? ("HTTP " + std::to_string(x.status)).c_str() : "failed",
                 answer.c_str());
    return x.error.empty() && x.status == 202;
}

struct ActiveAlert {
    std::string id, target;
    int64_t expires_ms = 0;
};

}  // namespace

int send_alert(const AlertOrder& order, Log& log, std::FILE* out) {
    auto usage = [&](const std::string& why) {
        log.error(kControlArea, why);
        return 2;
    };
    const int sources = !order.text_file.empty() + !order.cap_file.empty() + !order.cancel_id.empty();
    if (sources != 1) return usage("give one of --text-file FILE, --cap FILE.xml or --cancel ID");
    const auto duration = parse_alert_duration_ms(order.expires);
    if (!duration) return usage("--expires: '" + order.expires + "' is not like 90s, 30m or 2h (1 s to 7 days)");
    std::optional<content::AlertSeverity> severity;
    std::optional<content::AlertStatus> status;
    if (!order.severity.empty() && !(severity = content::alert_severity_from(order.severity)))
        return usage("--severity: extreme, severe or moderate");
    if (!order.status.empty() && !(status = content::alert_status_from(order.status)))
        return usage("--status: actual, exercise or test");
    std::string error;
    const std::optional<SecretKey> key = load_secret_key(order.key_path, error);
    if (!key) return usage(error);

    // What to send, before asking the hub anything.
    std::optional<content::Alert> alert;
    std::vector<std::string> ends;  // ids of alerts to cancel
    bool replaces = false;          // a CAP Update: sent where the first alert it replaces is
    if (!order.text_file.empty()) {
        content::AlertLoad loaded = content::load_alert_file(order.text_file);
        for (const content::Diagnostic& d : loaded.diagnostics)
            log.write(d.severity == content::Severity::Error ? LogLevel::Error : LogLevel::Warning, kControlArea, d.format());
        if (!loaded.alert) return 2;
        alert = std::move(loaded.alert);
        alert->id = "alert-" + random_hex(8);
    } else if (!order.cap_file.empty()) {
        std::string xml;
        {
            std::FILE* f = std::fopen(order.cap_file.c_str(), "rb");
            if (!f) return usage("cannot read " + order.cap_file + ": " + std::strerror(errno));
            char buf[65536];
            size_t n = 0;
            while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && xml.size() <= (1u << 20)) xml.append(buf, n);
            std::fclose(f);
        }
        content::CapLoad cap = content::parse_cap(xml, order.cap_file);
        for (const content::Diagnostic& d : cap.diagnostics) log.error(kControlArea, d.format());
        if (!cap.message) return 2;
        ends = cap.message->references;
        if (cap.message->type != content::CapMessageType::Cancel) {
            alert = std::move(cap.message->alert);
            replaces = cap.message->type == content::CapMessageType::Update;
        }
    } else {
        if (!content::valid_alert_id(order.cancel_id)) return usage("--cancel: '" + order.cancel_id + "' is not an alert id");
        ends.push_back(order.cancel_id);
    }

    // The hub: this key's, and its venue.
    const auto venue = hub_venue(order.hub, order.key_path, *key, log);
    if (!venue) return 1;
    const std::optional<std::string> named = target_topic(*venue, order.screens, "alert");
    if (!named) return usage("--screens: all, group:GROUP or screen:ID (ids of A-Z a-z 0-9 _ -)");
    std::string target = *named;

    // Where the alerts to end are active now.
    std::vector<ActiveAlert> active;
    if (!ends.empty()) {
        const auto list = get_json(order.hub, "/api/alerts", log);
        if (!list) return 1;
        for (const json& a : list->value("alerts", json::array()))
            if (a.is_object() && a.value("id", "") != "" &&
                std::find(ends.begin(), ends.end(), a.value("id", "")) != ends.end())
                active.push_back({a.value("id", ""), a.value("target", ""), a.value("expires", int64_t(0))});
        if (replaces && !order.screens_given && !active.empty()) target = active.front().target;
    }

    const int64_t now = unix_ms_now();
    std::vector<ControlMessage> messages;
    if (alert) {
        if (severity) alert->severity = *severity;
        if (status) alert->status = *status;
        if (alert->sent_ms == 0) alert->sent_ms = now;
        if (alert->expires_ms == 0) alert->expires_ms = now + *duration;
        ControlMessage m;
        m.kind = ControlKind::Alert;
        m.id = random_hex(8);
        m.issued_ms = now;
        m.expires_ms = alert->expires_ms;
        m.target = target;
        m.alert = *alert;
        messages.push_back(std::move(m));
    }
    auto cancel = [&](const std::string& id, const std::string& topic, int64_t alert_expires_ms) {
        ControlMessage m;
        m.kind = ControlKind::Cancel;
        m.id = random_hex(8);
        m.issued_ms = now;
        m.expires_ms = std::max(now + *duration, alert_expires_ms);
        m.target = topic;
        m.cancels = id;
        messages.push_back(std::move(m));
    };
    for (const std::string& id : ends) {
        bool known = false;
        for (const ActiveAlert& a : active) {
            if (a.id != id) continue;
            known = true;
            if (alert && a.target == target) continue;  // the update replaces it there
            if (!alert && order.screens_given && a.target != target) continue;  // only where asked
            cancel(id, a.target, a.expires_ms);
        }
        if (known || alert) continue;
        if (!order.screens_given) {
            log.error(kControlArea, "no active alert " + id + " on the hub (GET /api/alerts); nothing to cancel");
            return 1;
        }
        cancel(id, target, 0);  // where the operator says, though the hub does not list it
    }

    int result = 0;
    for (const ControlMessage& m : messages) {
        if (m.kind == ControlKind::Alert)
            std::fprintf(out, "alert %s (%s, %s, %zu languages, expires in %llds) on %s: ", m.alert.id.c_str(),
                         content::alert_severity_name(m.alert.severity), content::alert_status_name(m.alert.status),
                         m.alert.texts.size(), (long long)((m.expires_ms - now) / 1000), m.target.c_str());
        else
            std::fprintf(out, "cancel of %s on %s: ", m.cancels.c_str(), m.target.c_str());
        if (!post_control(order.hub, sign_control(m, *key), out)) result = 1;
    }
    return result;
}

int send_live(const LiveOrder& order, Log& log, std::FILE* out) {
    auto usage = [&](const std::string& why) {
        log.error(kControlArea, why);
        return 2;
    };
    const auto duration = parse_alert_duration_ms(order.expires);
    if (!duration) return usage("--expires: '" + order.expires + "' is not like 90s, 30m, 2h or 7d (1 s to 7 days)");
    std::string error;
    const std::optional<SecretKey> key = load_secret_key(order.key_path, error);
    if (!key) return usage(error);
    std::string body;
    {
        std::FILE* f = std::fopen(order.file.c_str(), "rb");
        if (!f) return usage("cannot read " + order.file + ": " + std::strerror(errno));
        char buf[65536];
        size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && body.size() <= content::kMaxLiveChangesBytes)
            body.append(buf, n);
        std::fclose(f);
    }
    auto changes = content::parse_live_changes(body, error);
    if (!changes) return usage(order.file + ": " + error);
    const auto venue = hub_venue(order.hub, order.key_path, *key, log);
    if (!venue) return 1;
    const auto topic = target_topic(*venue, order.screens, "live");
    if (!topic) return usage("--screens: all, group:GROUP or screen:ID (ids of A-Z a-z 0-9 _ -)");
    ControlMessage m;
    m.kind = ControlKind::Live;
    m.id = random_hex(8);
    m.issued_ms = unix_ms_now();
    m.expires_ms = m.issued_ms + *duration;
    m.target = *topic;
    m.live = std::move(*changes);
    std::fprintf(out, "live %s (%zu session changes, %zu announcements, expires in %llds) on %s: ", m.id.c_str(),
                 m.live.sessions.size(), m.live.announcements.size(), (long long)(*duration / 1000), m.target.c_str());
    return post_control(order.hub, sign_control(m, *key), out) ? 0 : 1;
}

int send_screen(const ScreenOrder& order, Log& log, std::FILE* out) {
    auto usage = [&](const std::string& why) {
        log.error(kControlArea, why);
        return 2;
    };
    content::ScreenOverride settings = order.settings;
    if (order.clear && !settings.empty()) return usage("--clear takes none of --mode, --hall, --lang, --power");
    if (!order.clear && settings.empty()) return usage("give --mode, --hall, --lang or --power (or --clear)");
    if (!settings.hall.empty() && settings.mode.empty()) settings.mode = "room";  // a hall alone: its room sign
    if (std::string why = content::screen_override_problem(settings); !why.empty()) return usage(why);
    const auto duration = parse_alert_duration_ms(order.expires);
    if (!duration) return usage("--expires: '" + order.expires + "' is not like 90s, 30m, 4h or 2d (1 s to 7 days)");
    std::string error;
    const std::optional<SecretKey> key = load_secret_key(order.key_path, error);
    if (!key) return usage(error);
    const auto venue = hub_venue(order.hub, order.key_path, *key, log);
    if (!venue) return 1;
    const auto topic = target_topic(*venue, order.screens, "override");
    if (!topic) return usage("--screens: all, group:GROUP or screen:ID (ids of A-Z a-z 0-9 _ -)");
    ControlMessage m;
    m.kind = ControlKind::Override;
    m.id = random_hex(8);
    m.issued_ms = unix_ms_now();
    m.expires_ms = m.issued_ms + *duration;
    m.target = *topic;
    m.screen_override = settings;
    std::fprintf(out, "override %s (%s, expires in %llds) on %s: ", m.id.c_str(),
                 settings.empty() ? "the screens' own settings" : override_json(settings).c_str(),
                 (long long)(*duration / 1000), m.target.c_str());
    return post_control(order.hub, sign_control(m, *key), out) ? 0 : 1;
}

}  // namespace majlis::fleet
