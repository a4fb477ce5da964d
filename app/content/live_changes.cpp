// majlis content: live session changes and announcements (see live_changes.h): the JSON body,
// the sessions' fingerprints, and the event with the changes applied.
#include "content/live_changes.h"

#include "content/loader.h"

#define XXH_INLINE_ALL  // header-only use of Debian's libxxhash-dev, as the text engine's
#include <xxhash.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

namespace majlis::content {

namespace {

using json = nlohmann::json;

constexpr int64_t kMaxSafeInteger = int64_t(1) << 53;  // what every JSON reader keeps exact
constexpr size_t kMaxIdBytes = 64;
constexpr int kLastMinute = 24 * 60 - 1;                // 23:59: a shifted start stops there

//-----------------------------------------------------------------------------
// Reading the JSON body
//-----------------------------------------------------------------------------

// Reads the fields of one JSON object, strictly; the first problem wins, named by its path.
struct Fields {
    const json& object;
    std::string path;   // "sessions[2]"
    std::string& error;

    bool ok() const { return error.empty(); }
    void fail(std::string_view key, const std::string& what) {
        if (!error.empty()) return;
        error = path.empty() ? std::string(key) : key.empty() ? path : path + "." + std::string(key);
        error += " " + what;
    }
    // Every key is one of `known`.
    void only(std::initializer_list<std::string_view> known) {
        for (const auto& [key, value] : object.items())
            if (std::find(known.begin(), known.end(), key) == known.end()) fail(key, "is not a known field");
    }
    const json* find(std::string_view key, bool required) {
        auto it = object.find(key);
        if (it != object.end()) return &*it;
        if (required) fail(key, "is missing");
        return nullptr;
    }
    void id(std::string_view key, std::string& out) {
        const json* v = find(key, true);
        if (!v) return;
        if (!v->is_string()) return fail(key, "is not a string");
        const std::string& s = v->get_ref<const std::string&>();
        if (s.size() > kMaxIdBytes || !detail::valid_id(s))
            return fail(key, "is not an id (1 to 64 lower-case letters, digits and '-')");
        out = s;
    }
    void integer(std::string_view key, int64_t& out, int64_t lo, int64_t hi) {
        const json* v = find(key, false);
        if (!v) return;
        if (!v->is_number_integer()) return fail(key, "is not a whole number");
        if (v->is_number_unsigned() ? v->get<uint64_t>() > uint64_t(hi) : v->get<int64_t>() > hi)
            return fail(key, "is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")");
        if (!v->is_number_unsigned() && v->get<int64_t>() < lo)
            return fail(key, "is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")");
        out = v->is_number_unsigned() ? int64_t(v->get<uint64_t>()) : v->get<int64_t>();
    }
    void boolean(std::string_view key, bool& out) {
        const json* v = find(key, false);
        if (!v) return;
        if (!v->is_boolean()) return fail(key, "is not true or false");
        out = v->get<bool>();
    }
    // An optional list of objects, at most `max`.
    const json* list(std::string_view key, size_t max) {
        const json* v = find(key, false);
        if (!v) return nullptr;
        if (!v->is_array()) return fail(key, "is not a list"), nullptr;
        if (v->size() > max) return fail(key, "has more than " + std::to_string(max) + " entries"), nullptr;
        return v;
    }
};

bool is_hex16(std::string_view s) {
    return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) { return detail::is_digit(c) || (c >= 'a' && c <= 'f'); });
}

// No control characters (C0, DEL, C1): an announcement is one line of the ticker.
bool has_controls(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < s.size() && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xA0) return true;
    }
    return false;
}

std::optional<SessionChange> read_session(const json& j, const std::string& path, std::string& error) {
    if (!j.is_object()) {
        error = path + " is not an object";
        return std::nullopt;
    }
    Fields f{j, path, error};
    f.only({"session", "based_on", "delay_minutes", "hall", "full", "cancelled"});
    SessionChange c;
    f.id("session", c.session);
    if (const json* v = f.find("based_on", true)) {
        if (!v->is_string() || !is_hex16(v->get_ref<const std::string&>()))
            f.fail("based_on", "is not a session fingerprint (16 lower-case hex digits)");
        else c.based_on = v->get<std::string>();
    }
    int64_t delay = 0;
    f.integer("delay_minutes", delay, 0, kMaxDelayMinutes);
    c.delay_minutes = int(delay);
    if (f.find("hall", false)) f.id("hall", c.hall);
    f.boolean("full", c.full);
    f.boolean("cancelled", c.cancelled);
    if (f.ok() && c.delay_minutes == 0 && c.hall.empty() && !c.full && !c.cancelled)
        f.fail("", "changes nothing (a delay, a hall, full or cancelled)");
    if (!f.ok()) return std::nullopt;
    return c;
}

std::optional<LiveAnnouncement> read_announcement(const json& j, const std::string& path, std::string& error) {
    if (!j.is_object()) {
        error = path + " is not an object";
        return std::nullopt;
    }
    Fields f{j, path, error};
    f.only({"id", "text", "from", "until"});
    LiveAnnouncement a;
    f.id("id", a.id);
    if (const json* t = f.find("text", true)) {
        if (!t->is_object() || t->empty() || t->size() > kMaxLiveLanguages) {
            f.fail("text", "is not an object of 1 to " + std::to_string(kMaxLiveLanguages) + " languages");
        } else {
            for (const auto& [lang, value] : t->items()) {
                const std::string key = "text." + lang.substr(0, 16);
                if (!detail::valid_language(lang)) f.fail(key, "is not a language code");
                else if (!value.is_string()) f.fail(key, "is not a string");
                else if (value.get_ref<const std::string&>().empty()) f.fail(key, "is empty");
                else if (value.get_ref<const std::string&>().size() > kMaxLiveTextBytes)
                    f.fail(key, "is longer than " + std::to_string(kMaxLiveTextBytes) + " bytes");
                else if (has_controls(value.get_ref<const std::string&>())) f.fail(key, "holds control characters");
                else a.text[lang] = value.get<std::string>();
            }
        }
    }
    int64_t from = -1, until = -1;
    f.integer("from", from, 0, kMaxSafeInteger);
    f.integer("until", until, 0, kMaxSafeInteger);
    if (from >= 0) a.from_ms = from;
    if (until >= 0) a.until_ms = until;
    if (f.ok() && a.from_ms && a.until_ms && *a.until_ms <= *a.from_ms) f.fail("until", "is not after from");
    if (!f.ok()) return std::nullopt;
    return a;
}

//-----------------------------------------------------------------------------
// Applying
//-----------------------------------------------------------------------------

bool valid_at(const LiveAnnouncement& a, int64_t now_utc_ms) {
    return (!a.from_ms || *a.from_ms <= now_utc_ms) && (!a.until_ms || now_utc_ms < *a.until_ms);
}

std::optional<LocalDateTime> local(std::optional<int64_t> utc_ms, const std::string& zone) {
    LocalDateTime t;
    if (!utc_ms || !utc_to_local(*utc_ms, zone, t)) return std::nullopt;
    return t;
}

}  // namespace

std::optional<LiveChanges> parse_live_changes(std::string_view text, std::string& error) {
    error.clear();
    if (text.size() > kMaxLiveChangesBytes) {
        error = "live changes of " + std::to_string(text.size()) + " bytes (at most " +
                std::to_string(kMaxLiveChangesBytes) + ")";
        return std::nullopt;
    }
    const json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
        error = "not JSON";
        return std::nullopt;
    }
    if (!j.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    Fields f{j, "", error};
    f.only({"sessions", "announcements"});
    LiveChanges out;
    if (const json* list = f.list("sessions", kMaxSessionChanges)) {
        std::set<std::string> seen;
        for (size_t i = 0; i < list->size() && f.ok(); ++i) {
            const std::string path = "sessions[" + std::to_string(i) + "]";
            auto c = read_session((*list)[i], path, error);
            if (!c) break;
            if (!seen.insert(c->session).second) error = path + ".session " + detail::quote(c->session) + " is changed twice";
            else out.sessions.push_back(std::move(*c));
        }
    }
    if (const json* list = f.list("announcements", kMaxLiveAnnouncements)) {
        std::set<std::string> seen;
        for (size_t i = 0; i < list->size() && f.ok(); ++i) {
            const std::string path = "announcements[" + std::to_string(i) + "]";
            auto a = read_announcement((*list)[i], path, error);
            if (!a) break;
            if (!seen.insert(a->id).second) error = path + ".id " + detail::quote(a->id) + " is used twice";
            else out.announcements.push_back(std::move(*a));
        }
    }
    if (!f.ok()) return std::nullopt;
    return out;
}

std::string to_json(const LiveChanges& changes) {
    json j = json::object();
    if (!changes.sessions.empty()) {
        json& list = j["sessions"] = json::array();
        for (const SessionChange& c : changes.sessions) {
            json s = {{"session", c.session}, {"based_on", c.based_on}};
            if (c.delay_minutes != 0) s["delay_minutes"] = c.delay_minutes;
            if (!c.hall.empty()) s["hall"] = c.hall;
            if (c.full) s["full"] = true;
            if (c.cancelled) s["cancelled"] = true;
            list.push_back(std::move(s));
        }
    }
    if (!changes.announcements.empty()) {
        json& list = j["announcements"] = json::array();
        for (const LiveAnnouncement& a : changes.announcements) {
            json o = {{"id", a.id}, {"text", a.text}};
            if (a.from_ms) o["from"] = *a.from_ms;
            if (a.until_ms) o["until"] = *a.until_ms;
            list.push_back(std::move(o));
        }
    }
    // Text a caller built by hand may hold broken UTF-8: replaced, never thrown.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string session_fingerprint(const Session& s) {
    // Each field with its length, so that no two sessions write the same bytes.
    std::string bytes;
    auto field = [&bytes](std::string_view v) {
        bytes += std::to_string(v.size());
        bytes += ':';
        bytes += v;
    };
    char when[64];
    const Minutes start = s.live.delay_minutes != 0 ? s.live.bundle_start : s.start;
    const Minutes end = s.live.delay_minutes != 0 ? s.live.bundle_end : s.end;
    std::snprintf(when, sizeof when, "%04d-%02d-%02d %d %d", s.date.year, s.date.month, s.date.day, start.value, end.value);
    field(when);
    field(s.live.moved ? s.live.bundle_hall : s.hall);
    for (const auto& [lang, title] : s.title.by_lang) {
        field(lang);
        field(title);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)XXH3_64bits(bytes.data(), bytes.size()));
    return hex;
}

std::string DroppedChange::format() const {
    return "live change of session " + detail::quote(session) + " dropped: " + reason;
}

std::shared_ptr<const Event> apply_live_changes(const Event& event, const LiveChanges& changes, int64_t now_utc_ms,
                                                std::vector<DroppedChange>* dropped) {
    auto out = std::make_shared<Event>(event);
    auto drop = [&](const SessionChange& c, std::string reason) {
        if (dropped) dropped->push_back({c.session, std::move(reason)});
    };
    std::set<std::string> done;
    bool shifted = false;
    for (const SessionChange& c : changes.sessions) {
        Session* s = nullptr;
        for (Day& day : out->days)
            for (Session& candidate : day.sessions)
                if (candidate.id == c.session) s = &candidate;
        if (!s) {
            drop(c, "the event has no such session (any more)");
            continue;
        }
        if (!done.insert(c.session).second) {
            drop(c, "the session is changed twice");
            continue;
        }
        if (session_fingerprint(*s) != c.based_on) {
            drop(c, "the bundle changed the session since the change was made");
            continue;
        }
        if (!c.hall.empty() && c.hall != s->hall && !event.hall(c.hall)) {
            drop(c, "the event has no hall " + detail::quote(c.hall));
            continue;
        }
        Session::Live& live = s->live;
        live.bundle_start = s->start;
        live.bundle_end = s->end;
        if (c.delay_minutes > 0) {
            live.delay_minutes = c.delay_minutes;
            // It stays on its day, running past midnight if need be (content.h: Session).
            s->start.value = std::min(kLastMinute, s->start.value + c.delay_minutes);
            s->end.value = std::min(s->start.value + kLastMinute, s->end.value + c.delay_minutes);
            shifted = true;
        }
        if (!c.hall.empty() && c.hall != s->hall) {
            live.moved = true;
            live.bundle_hall = s->hall;
            s->hall = c.hall;
        }
        live.full = c.full;
        live.cancelled = c.cancelled;
    }
    if (shifted)
        for (Day& day : out->days)
            std::stable_sort(day.sessions.begin(), day.sessions.end(),
                             [](const Session& a, const Session& b) { return a.start < b.start; });

    bool slides = false;
    for (const LiveAnnouncement& a : changes.announcements) {
        if (!valid_at(a, now_utc_ms)) continue;
        Announcement shown;
        shown.id = a.id;
        shown.text.by_lang = a.text;
        shown.valid_from = local(a.from_ms, event.time_zone);
        shown.valid_until = local(a.until_ms, event.time_zone);
        // The loop: after the playlist, and after each named one (an empty playlist showed its
        // title slide: kept first).
        Slide slide;
        slide.kind = SlideKind::Announcement;
        slide.text = shown.text;
        auto append = [&](std::vector<Slide>& playlist) {
            if (!slides && playlist.empty()) playlist.push_back(Slide{});
            playlist.push_back(slide);
        };
        append(out->playlist);
        for (auto& [name, playlist] : out->playlists) append(playlist);
        slides = true;
        out->announcements.push_back(std::move(shown));
    }
    return out;
}

std::optional<int64_t> next_live_change_at(const LiveChanges& changes, int64_t now_utc_ms) {
    std::optional<int64_t> next;
    for (const LiveAnnouncement& a : changes.announcements)
        for (const auto& at : {a.from_ms, a.until_ms})
            if (at && *at > now_utc_ms && (!next || *at < *next)) next = *at;
    return next;
}

}  // namespace majlis::content
