// majlis fleet: the hub (see hub.h for what it does and why).
#include "fleet/hub.h"

#include "fleet/control.h"
#include "fleet/fleet_internal.h"
#include "fleet/operators.h"
#include "fleet/presence.h"
#include "content/live_changes.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace majlis::fleet {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kArea = "hub";
constexpr size_t kMaxDashboardFileBytes = 1u << 20;
constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};
constexpr int64_t kClockFlagMs = 500;
constexpr size_t kMaxOverrideBytes = 4096;  // PUT /api/overrides' body
constexpr int64_t kLiveHoldsMs = 7 * 24 * 3600 * 1000LL;  // PUT /api/live: at least this long
constexpr std::chrono::seconds kScreenshotWait{60};  // a screenshot asked is taken this long  // a screen's clock this far off the hub's is flagged

// The bundle served: manifest.json and its signature, always together.
struct ServedPair {
    std::string manifest;   // exact bytes
    std::string signature;  // manifest.json.sig's text
    std::string etag;       // "\"<sha256 of manifest>\""
    std::string sig_etag;
    uint64_t sequence = 0;
    std::string content_version;
};

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// If-None-Match holds this ETag ("*", a list, weak forms W/"..." count too).
bool etag_matches(const std::string& header, const std::string& etag) {
    if (header.empty()) return false;
    if (header == "*") return true;
    std::string_view rest = header;
    while (!rest.empty()) {
        const size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.substr(0, 2) == "W/") item.remove_prefix(2);
        if (item == etag) return true;
    }
    return false;
}

// A whole small file, at most `limit` bytes; nullopt when missing, unreadable or too large.
std::optional<std::string> read_small_file(const fs::path& path, size_t limit) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string out;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        out.append(buf, size_t(in.gcount()));
        if (out.size() > limit) return std::nullopt;
    }
    if (in.bad()) return std::nullopt;
    return out;
}

std::string iso_time(std::chrono::system_clock::time_point t) {
    const std::time_t s = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// ADDR:PORT or [IPv6]:PORT, port 0..65535.
bool parse_listen(const std::string& listen, std::string& host, int& port) {
    const size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == listen.size()) return false;
    host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty() || host.find_first_of("[]") != std::string::npos) return false;
    const char* first = listen.data() + colon + 1;
    const char* last = listen.data() + listen.size();
    const auto [end, ec] = std::from_chars(first, last, port);
    return ec == std::errc() && end == last && *first != '-' && *first != '+' && port >= 0 && port <= 65535;
}

std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

HttpResponse reply(int status, const std::string& message) {
    HttpResponse r;
    r.status = status;
    r.body = message + "\n";
    return r;
}

HttpResponse json_response(int status, const json& body) {
    HttpResponse r;
    r.status = status;
    r.content_type = "application/json";
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    if (path.empty() || path.front() != '/') return parts;
    path.remove_prefix(1);
    while (true) {
        const size_t slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return parts;
}

// The dashboard's files: a plain name with a known extension, nothing else.
const char* dashboard_type(std::string_view name) {
    const size_t dot = name.rfind('.');
    if (dot == 0 || dot == std::string_view::npos || name.size() > 64) return nullptr;
    for (char c : name.substr(0, dot))
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return nullptr;
    const std::string_view ext = name.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "js") return "text/javascript; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    return nullptr;
}

// Only this machine can reach an address of these.
bool loopback_host(const std::string& host) {
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    return host == "::1" || host == "localhost";
}

bool upload_name(std::string_view name) { return name == "screenshot.png" || name == "thumbnail.png"; }

int64_t mtime_ms(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    return int64_t(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

}  // namespace

std::string default_hub_state_dir() {
    if (::geteuid() == 0) return "/var/lib/majlis/hub";
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/majlis/hub";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/majlis/hub";
    return "majlis-hub";
}

struct Hub::State {
    HubConfig config;
    Log& log;
    std::optional<SecretKey> key;
    PublicKey public_key;
    std::string state_dir, bundles_dir, screens_dir, public_url;
    int port = 0;

    mutable std::mutex pair_mutex;
    std::shared_ptr<const ServedPair> pair;  // swapped whole under pair_mutex

    mutable std::mutex report_mutex;
    std::vector<std::string> publish_errors;  // of the last publish that did not succeed

    std::mutex upload_mutex;  // new folders under screens/ (the count), and screenshot_asked
    // Screens asked for a screenshot (by a command to them or a group they are in) and when: a
    // screenshot PUT is taken only from these, once, within kScreenshotWait.
    std::map<std::string, std::chrono::steady_clock::time_point> screenshot_asked;

    std::string audit_file;
    std::mutex audit_mutex;  // one line at a time
    std::mutex render_mutex;  // config.render_alert: one preview at a time

    std::unique_ptr<Operators> operators;  // none: no login asked (loopback, or --no-auth)
    std::unique_ptr<FleetView> fleet;
    std::unique_ptr<content::LiveContent> live;

    // The hub's thread: publishes after changes, announces.
    std::mutex work_mutex;
    std::condition_variable work_cv;
    uint64_t changes_asked = 0, changes_done = 0;
    bool stopping = false;
    std::thread worker;
    int64_t announced = 0;  // the sequence the broker holds now (0: none since connecting)

    httplib::Server server;
    std::thread server_thread;

    State(HubConfig c, Log& l) : config(std::move(c)), log(l) {}

    std::shared_ptr<const ServedPair> current() const {
        std::lock_guard<std::mutex> lock(pair_mutex);
        return pair;
    }

    // Takes manifest.json and its signature from the bundle folder, checked against our own key
    // (this hub is its only writer; a pair that does not verify is not served).
    void load_pair() {
        const auto manifest = read_small_file(fs::path(bundles_dir) / "manifest.json", kMaxManifestBytes);
        const auto sig = read_small_file(fs::path(bundles_dir) / "manifest.json.sig", 1024);
        if (!manifest || !sig) return;  // nothing published yet
        const ManifestResult r = verify_signed_manifest(*manifest, *sig, public_key, 0);
        if (!r.ok()) {
            log.error(kArea, bundles_dir + ": the bundle there is not this key's (" + r.message +
                                 "); it is not served until the next publish");
            return;
        }
        auto next = std::make_shared<ServedPair>();
        next->manifest = *manifest;
        next->signature = *sig;
        next->etag = quoted(sha256_hex(*manifest));
        next->sig_etag = quoted(sha256_hex(*sig));
        next->sequence = r.manifest->sequence;
        next->content_version = r.manifest->content_version;
        std::lock_guard<std::mutex> lock(pair_mutex);
        pair = std::move(next);
    }

    void publish() {
        const PublishResult r = publish_bundle(config.content_dir, *key, bundles_dir, config.options, log);
        std::vector<std::string> errors;
        if (r.status == PublishStatus::Published || r.status == PublishStatus::Unchanged) {
            if (r.status == PublishStatus::Published)
                log.info(kArea, "published bundle " + std::to_string(r.sequence) + ": " +
                                    std::to_string(r.manifest.files.size()) + " files, " +
                                    std::to_string(r.new_objects) + " new objects");
            load_pair();
        } else {
            errors.push_back(std::string("not published (") + publish_status_name(r.status) + "): " + r.error);
            for (const content::Diagnostic& d : r.diagnostics)
                if (d.severity == content::Severity::Error) errors.push_back(d.format());
        }
        std::lock_guard<std::mutex> lock(report_mutex);
        publish_errors = std::move(errors);
    }

    void announce() {
        if (!fleet) return;
        if (!fleet->connected()) {
            announced = 0;  // the broker may have lost its retained messages: again on reconnect
            return;
        }
        const auto served = current();
        if (!served || int64_t(served->sequence) == announced) return;
        const std::string url = public_url + "/bundle/manifest.json";
        if (fleet->publish_bundle_announcement(int64_t(served->sequence), url, served->content_version)) {
            announced = int64_t(served->sequence);
            log.info(kArea, "announced bundle " + std::to_string(announced) + " at " + url);
        }
    }

    void run() {
        std::unique_lock<std::mutex> lock(work_mutex);
        while (!stopping) {
            work_cv.wait_for(lock, std::chrono::milliseconds(200),
                             [&] { return stopping || changes_asked != changes_done; });
            if (stopping) break;
            const uint64_t asked = changes_asked;
            lock.unlock();
            if (asked != changes_done) publish();  // changes_done is only written here
            announce();
            lock.lock();
            changes_done = asked;
            work_cv.notify_all();
        }
    }

    HubReport report() const {
        HubReport r;
        if (const auto served = current()) {
            r.sequence = served->sequence;
            r.content_version = served->content_version;
        }
        const std::vector<content::Diagnostic> diagnostics = live->last_diagnostics();
        for (const content::Diagnostic& d : diagnostics)
            if (d.severity == content::Severity::Warning) r.warnings.push_back(d.format());
        if (live->broken()) {
            for (const content::Diagnostic& d : diagnostics)
                if (d.severity == content::Severity::Error) r.errors.push_back(d.format());
            if (r.errors.empty()) r.errors.push_back(config.content_dir + ": cannot be loaded");
        } else {
            std::lock_guard<std::mutex> lock(report_mutex);
            r.errors = publish_errors;
        }
        r.mqtt = !fleet ? "off" : fleet->connected() ? "connected" : "disconnected";
        r.public_url = public_url;
        return r;
    }

    HttpResponse screens_json() const {
        const HubReport hub = report();
        json out;
        out["hub"] = {{"sequence", hub.sequence},
                      {"content_version", hub.content_version},
                      {"errors", hub.errors},
                      {"warnings", hub.warnings},
                      {"mqtt", hub.mqtt},
                      {"public_url", hub.public_url},
                      {"content_dir", config.content_dir},
                      {"venue", config.venue},
                      {"time", utc_time_now()}};
        json list = json::array();
        if (fleet) {
            const auto now = std::chrono::system_clock::now();
            for (const auto& [id, screen] : fleet->screens()) {
                const ScreenStatus& s = screen.status;
                json one = json::parse(s.to_json(), nullptr, false);
                if (!one.is_object()) continue;
                one["online"] = screen.online;
                one["last_seen"] = iso_time(screen.last_seen);
                one["seen_s_ago"] =
                    std::chrono::duration_cast<std::chrono::seconds>(now - screen.last_seen).count();
                one["stale"] = hub.sequence > 0 && uint64_t(std::max<int64_t>(s.sequence, 0)) != hub.sequence;
                one["clock_flag"] = std::llabs(s.clock_offset_ms) > kClockFlagMs;
                one["thumbnail"] = mtime_ms(fs::path(screens_dir) / id / "thumbnail.png");
                one["screenshot"] = mtime_ms(fs::path(screens_dir) / id / "screenshot.png");
                list.push_back(std::move(one));
            }
        }
        out["screens"] = std::move(list);
        return json_response(200, out);
    }

    HttpResponse bundle_file(std::string_view name, const std::string& if_none_match) const {
        const auto served = current();
        if (!served) return reply(404, "no bundle published yet");
        const bool sig = name == "manifest.json.sig";
        const std::string& etag = sig ? served->sig_etag : served->etag;
        HttpResponse r;
        r.headers.emplace_back("ETag", etag);
        r.headers.emplace_back("Cache-Control", "no-cache");
        if (etag_matches(if_none_match, etag)) {
            r.status = 304;
            return r;
        }
        r.status = 200;
        r.content_type = sig ? "text/plain; charset=utf-8" : "application/json";
        r.body = sig ? served->signature : served->manifest;
        return r;
    }

    HttpResponse object(std::string_view sha, const std::string& if_none_match) const {
        if (!is_sha256_hex(sha)) return reply(400, "an object's name is 64 lowercase hex digits");
        const fs::path path = fs::path(bundles_dir) / "objects" / std::string(sha);
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return reply(404, "no such object");
        HttpResponse r;
        r.headers.emplace_back("ETag", quoted(std::string(sha)));
        r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
        if (etag_matches(if_none_match, quoted(std::string(sha)))) {
            r.status = 304;
            return r;
        }
        r.status = 200;
        r.content_type = "application/octet-stream";
        r.file = path.string();
        return r;
    }

    HttpResponse dashboard(std::string_view name) const {
        const char* type = dashboard_type(name);
        if (!type) return reply(404, "not found");
        const auto body = read_small_file(fs::path(config.dashboard_dir) / std::string(name), kMaxDashboardFileBytes);
        if (!body) return reply(404, "not found");
        HttpResponse r;
        r.status = 200;
        r.content_type = type;
        r.body = *body;
        r.headers.emplace_back("Cache-Control", "no-cache");
        r.headers.emplace_back("Content-Security-Policy",
                               "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'");
        return r;
    }

    HttpResponse command(FleetView::Target target, std::string_view id, const std::string& body) {
        if (!valid_fleet_id(id)) return reply(400, "an id is 1 to 64 of A-Z a-z 0-9 _ -");
        if (body.size() > kMaxCommandBytes) return reply(413, "a command is a small JSON object");
        const json request = json::parse(body, nullptr, false);
        if (!request.is_object() || !request.contains("command") || !request["command"].is_string())
            return reply(400, "expected {\"command\": \"screenshot\" | \"identify\" | \"reload\"}");
        const std::string name = request["command"].get<std::string>();
        if (!Command::known(name)) return reply(400, "unknown command; screenshot, identify or reload");
        if (!fleet) return reply(503, "this hub has no MQTT broker (--mqtt): it cannot reach screens");
        const auto sent = fleet->send_command(target, std::string(id), name);
        if (!sent) return reply(503, "not sent: the hub is not connected to its broker");
        if (name == "screenshot") {
            const auto now = std::chrono::steady_clock::now();
            std::lock_guard<std::mutex> lock(upload_mutex);
            std::erase_if(screenshot_asked, [&](const auto& a) { return now - a.second > kScreenshotWait; });
            if (target == FleetView::Target::Screen) screenshot_asked[std::string(id)] = now;
            else
                for (const auto& [screen, seen] : fleet->screens())
                    if (std::count(seen.status.groups.begin(), seen.status.groups.end(), id))
                        screenshot_asked[screen] = now;
        }
        return json_response(202, json{{"request", *sent}});
    }

    // One line of the audit log, appended whole (O_APPEND, one write).
    void audit(const json& line) {
        const std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
        std::lock_guard<std::mutex> lock(audit_mutex);
        const int fd = ::open(audit_file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        const bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == ssize_t(text.size());
        if (fd >= 0) ::close(fd);
        if (!ok) log.error(kArea, audit_file + ": cannot append to the audit log: " + std::strerror(errno));
    }

    HttpResponse control(const HttpRequest& request) {
        if (request.body.size() > kMaxControlBytes)
            return reply(413, "a control message is at most " + std::to_string(kMaxControlBytes / 1024) + " KiB");
        return publish_control(request.body, request.remote_address, "");
    }

    // A signed control message published and audited (POST /api/control, and what the
    // dashboard's panel composes and the hub signs: `user` is the operator logged in then).
    HttpResponse publish_control(const std::string& payload, const std::string& from, const std::string& user) {
        if (!fleet) return reply(503, "this hub has no MQTT broker (--mqtt): it cannot reach screens");
        const FleetView::ControlSent sent = fleet->publish_control(payload);
        json line{{"time", utc_time_now()}, {"from", from}};
        if (!user.empty()) line["operator"] = user;
        if (sent.message) {
            const ControlMessage& m = *sent.message;
            line["kind"] = control_kind_name(m.kind);
            line["id"] = m.id;
            line["target"] = m.target;
            if (m.kind == ControlKind::Alert) line["alert"] = m.alert.id;
            else if (m.kind == ControlKind::Cancel) line["cancels"] = m.cancels;
            else if (m.kind == ControlKind::Live)
                line["live"] = {{"sessions", m.live.sessions.size()}, {"announcements", m.live.announcements.size()}};
            else line["override"] = json::parse(override_json(m.screen_override));
        }
        line["result"] = sent.outcome == FleetView::ControlOutcome::Published ? "published"
                         : sent.outcome == FleetView::ControlOutcome::Refused ? "refused: " + sent.why
                                                                               : "not sent: " + sent.why;
        audit(line);
        if (sent.outcome == FleetView::ControlOutcome::Refused) {
            log.warning(kArea, "refused a control message from " + from + ": " + sent.why);
            return reply(400, "refused: " + sent.why);
        }
        if (sent.outcome == FleetView::ControlOutcome::NotSent) return reply(503, "not sent: " + sent.why);
        log.info(kArea, std::string(control_kind_name(sent.message->kind)) + " " + sent.message->id + " published on " +
                            sent.message->target + " (from " + from + (user.empty() ? "" : ", " + user) + ")");
        json answer{{"topic", sent.message->target}, {"id", sent.message->id}};
        if (sent.message->kind == ControlKind::Alert) answer["alert"] = sent.message->alert.id;
        return json_response(202, answer);
    }

    // GET /api/event: what the emergency panel asks a text for.
    HttpResponse event_json() const {
        const auto event = live->current();
        if (!event) return reply(503, "the content has not loaded yet");
        json name = json::object();
        for (const auto& [lang, text] : event->name.by_lang) name[lang] = text;
        return json_response(200, json{{"id", event->id}, {"name", name}, {"languages", event->languages.display}});
    }

    // An alert the dashboard composes (hub.h says the body): a fresh id, sent now, expiring
    // after "expires" (default 30 m); what the form says besides the alert comes with it.
    struct Composed {
        std::optional<content::Alert> alert;
        std::string error;
        bool portrait = false;
        std::string target = "all";
        int64_t lasts_ms = 30 * 60 * 1000;
    };
    static Composed compose(const std::string& body) {
        Composed c;
        if (body.size() > kMaxControlBytes) {
            c.error = "an alert is at most " + std::to_string(kMaxControlBytes / 1024) + " KiB";
            return c;
        }
        const size_t first = body.find_first_not_of(" \t\r\n");
        json request = first != std::string::npos && body[first] == '<' ? json{{"cap", body}}
                                                                         : json::parse(body, nullptr, false);
        if (!request.is_object()) {
            c.error = "expected a JSON object (or a CAP document)";
            return c;
        }
        auto text_field = [&](const char* name, std::string& out) {
            if (!request.contains(name)) return true;
            if (!request[name].is_string()) return false;
            out = request[name].get<std::string>();
            return true;
        };
        std::string severity, status, pictogram, expires, cap;
        for (const auto& item : request.items())
            if (!std::set<std::string>{"texts", "severity", "status", "pictogram", "expires", "target", "portrait", "cap"}
                     .count(item.key())) {
                c.error = "unknown field \"" + item.key().substr(0, 64) + "\"";
                return c;
            }
        if (!text_field("severity", severity) || !text_field("status", status) || !text_field("pictogram", pictogram) ||
            !text_field("expires", expires) || !text_field("target", c.target) || !text_field("cap", cap) ||
            (request.contains("portrait") && !request["portrait"].is_boolean())) {
            c.error = "severity, status, pictogram, expires, target and cap are strings, portrait true or false";
            return c;
        }
        c.portrait = request.value("portrait", false);
        if (!expires.empty()) {
            const auto ms = parse_alert_duration_ms(expires);
            if (!ms) {
                c.error = "expires: '" + expires.substr(0, 32) + "' is not like 90s, 30m or 2h (1 s to 7 days)";
                return c;
            }
            c.lasts_ms = *ms;
        }
        const int64_t now = detail::unix_ms_now();
        if (!cap.empty()) {
            if (request.contains("texts") || request.contains("pictogram")) {
                c.error = "a CAP alert brings its own texts and pictogram";
                return c;
            }
            content::CapLoad loaded = content::parse_cap(cap, "CAP");
            if (!loaded.message) {
                c.error = loaded.diagnostics.empty() ? "not a CAP alert" : loaded.diagnostics.front().format();
                return c;
            }
            if (loaded.message->type == content::CapMessageType::Cancel) {
                c.error = "a CAP Cancel: end the alert with its Cancel button";
                return c;
            }
            content::Alert& a = *(c.alert = std::move(loaded.message->alert));
            a.sent_ms = now;
            if (!expires.empty() || a.expires_ms <= now) a.expires_ms = now + c.lasts_ms;  // the form's wins
            const auto s = content::alert_severity_from(severity);
            const auto st = content::alert_status_from(status);
            if (!severity.empty() && !s) c.error = "severity: extreme, severe or moderate";
            if (!status.empty() && !st) c.error = "status: actual, exercise or test";
            if (c.error.empty()) c.error = content::alert_problem(a);
            if (!c.error.empty()) c.alert.reset();
            else {
                if (s) a.severity = *s;
                if (st) a.status = *st;
            }
            return c;
        } else {
            const json alert = {{"id", "alert-" + detail::random_hex(8)},
                     {"severity", severity.empty() ? "severe" : severity},
                     {"status", status.empty() ? "actual" : status},
                     {"pictogram", pictogram.empty() ? "warning" : pictogram},
                     {"sent", now},
                     {"expires", now + c.lasts_ms},
                     {"texts", request.value("texts", json::array())}};
            c.alert = parse_alert_json(alert.dump(), &c.error);
        }
        return c;
    }

    // POST /api/alerts/preview
    HttpResponse preview(const std::string& body) {
        const Composed c = compose(body);
        if (!c.alert) return reply(400, c.error);
        if (!config.render_alert) return reply(501, "this hub cannot draw previews");
        const auto event = live->current();
        if (!event) return reply(503, "the content has not loaded yet: nothing to draw the alert over");
        std::string error, png;
        {
            std::lock_guard<std::mutex> lock(render_mutex);
            png = c.portrait ? config.render_alert(event, *c.alert, 1080, 1920, error)
                             : config.render_alert(event, *c.alert, 1920, 1080, error);
        }
        if (png.empty()) {
            log.error(kArea, "alert preview: " + error);
            return reply(500, "cannot draw it: " + error);
        }
        HttpResponse r;
        r.status = 200;
        r.content_type = "image/png";
        r.body = std::move(png);
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    }

    // POST /api/alerts: composed, signed with the operator's key, published as /api/control does.
    HttpResponse send_alert(const HttpRequest& request, const std::string& user) {
        const Composed c = compose(request.body);
        if (!c.alert) return reply(400, c.error);
        const auto topic = target_topic(config.venue, c.target, "alert");
        if (!topic) return reply(400, "target: all, group:GROUP or screen:ID (ids of A-Z a-z 0-9 _ -)");
        ControlMessage m;
        m.kind = ControlKind::Alert;
        m.id = detail::random_hex(8);
        m.issued_ms = c.alert->sent_ms;
        m.expires_ms = c.alert->expires_ms;
        m.target = *topic;
        m.alert = *c.alert;
        return publish_control(sign_control(m, *key), request.remote_address, user);
    }

    // POST /api/alerts/<id>/cancel: a signed cancel on each topic the alert is active on; it
    // lasts as long as the alert would have (at least 30 min), so it stays retained instead.
    HttpResponse cancel_alert(std::string_view id, const HttpRequest& request, const std::string& user) {
        if (!content::valid_alert_id(id)) return reply(400, "not an alert id");
        if (!fleet) return reply(503, "this hub has no MQTT broker (--mqtt): it cannot reach screens");
        const int64_t now = detail::unix_ms_now();
        HttpResponse last = reply(404, "no active alert " + std::string(id));
        json topics = json::array();
        for (const ControlMessage& active : fleet->active_alerts()) {
            if (active.alert.id != id) continue;
            ControlMessage m;
            m.kind = ControlKind::Cancel;
            m.id = detail::random_hex(8);
            m.issued_ms = std::max(now, active.issued_ms + 1);  // later than the alert it replaces
            m.expires_ms = std::max(now + 30 * 60 * 1000, active.expires_ms);
            m.target = active.target;
            m.cancels = active.alert.id;
            last = publish_control(sign_control(m, *key), request.remote_address, user);
            if (last.status != 202) return last;
            topics.push_back(m.target);
        }
        return topics.empty() ? last : json_response(202, json{{"cancelled", std::string(id)}, {"topics", topics}});
    }

    // GET /api/audit?limit=N: the last N lines, read from the end of the file.
    HttpResponse audit_lines(const HttpRequest& request) {
        size_t limit = 100;
        if (const auto it = request.query.find("limit"); it != request.query.end()) {
            const std::string& v = it->second;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), limit);
            if (ec != std::errc() || end != v.data() + v.size() || limit < 1 || limit > 1000)
                return reply(400, "limit: 1 to 1000");
        }
        std::string tail;
        {
            std::lock_guard<std::mutex> lock(audit_mutex);
            std::ifstream in(audit_file, std::ios::binary);
            if (in) {
                in.seekg(0, std::ios::end);
                const std::streamoff size = in.tellg();
                const std::streamoff want = std::min<std::streamoff>(size, std::streamoff(limit) * 4096);
                in.seekg(size - want);
                tail.resize(size_t(want));
                in.read(tail.data(), want);
                tail.resize(size_t(std::max<std::streamsize>(in.gcount(), 0)));
            }
        }
        std::vector<std::string_view> found;
        std::string_view rest = tail;
        while (!rest.empty() && found.size() <= limit) {
            if (rest.back() == '\n') rest.remove_suffix(1);
            const size_t nl = rest.rfind('\n');
            found.push_back(nl == std::string_view::npos ? rest : rest.substr(nl + 1));
            rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(0, nl);
        }
        json lines = json::array();
        for (auto it = found.rbegin(); it != found.rend(); ++it) {
            json line = json::parse(*it, nullptr, false);
            if (line.is_object()) lines.push_back(std::move(line));  // a line cut by the window: skipped
        }
        while (lines.size() > limit) lines.erase(lines.begin());
        return json_response(200, json{{"lines", std::move(lines)}});
    }

    HttpResponse alerts() const {
        json list = json::array();
        if (fleet)
            for (const ControlMessage& m : fleet->active_alerts()) {
                const content::Alert& a = m.alert;
                list.push_back({{"id", a.id},
                                {"target", m.target},
                                {"message", m.id},
                                {"severity", content::alert_severity_name(a.severity)},
                                {"status", content::alert_status_name(a.status)},
                                {"issued", m.issued_ms},
                                {"expires", m.expires_ms},
                                {"headline", a.texts.empty() ? "" : a.texts.front().headline}});
            }
        return json_response(200, json{{"alerts", std::move(list)}});
    }

    // GET /api/sessions: what the dashboard's live-changes form offers (hub.h).
    HttpResponse sessions_json() const {
        const auto event = live->current();
        if (!event) return reply(503, "the content has not loaded yet");
        auto in_languages = [&](const content::LocalText& t) {
            json out = json::object();
            for (const std::string& lang : event->languages.display)
                if (const std::string& text = event->text(t, lang); !text.empty()) out[lang] = text;
            return out;
        };
        auto hhmm = [](content::Minutes m) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "%02d:%02d", (m.value / 60) % 100, m.value % 60);
            return std::string(buf);
        };
        json halls = json::array(), sessions = json::array();
        for (const content::Hall& h : event->halls) halls.push_back({{"id", h.id}, {"name", in_languages(h.name)}});
        for (const content::Day& day : event->days)
            for (const content::Session& session : day.sessions) {
                char date[16];
                std::snprintf(date, sizeof date, "%04d-%02d-%02d", session.date.year % 10000, session.date.month % 100,
                              session.date.day % 100);
                sessions.push_back({{"id", session.id},
                                    {"date", date},
                                    {"start", hhmm(session.start)},
                                    {"end", hhmm(session.end)},
                                    {"hall", session.hall},
                                    {"title", in_languages(session.title)},
                                    {"fingerprint", content::session_fingerprint(session)}});
            }
        return json_response(200, json{{"languages", event->languages.display},
                                       {"time_zone", event->time_zone},
                                       {"halls", std::move(halls)},
                                       {"sessions", std::move(sessions)}});
    }

    // "all", "group:G", "screen:ID" for a control topic of this venue (live, override).
    std::string target_name(const std::string& topic) const {
        const std::string venue_prefix = "majlis/" + config.venue + "/";
        std::string rest = topic.substr(std::min(topic.size(), venue_prefix.size()));
        if (rest.find('/') == std::string::npos) return "all";
        rest.resize(rest.rfind('/'));
        return rest.starts_with("groups/") ? "group:" + rest.substr(7) : "screen:" + rest.substr(8);
    }

    // GET /api/live: the set in force per target, as the broker holds them.
    HttpResponse live_json() const {
        json targets = json::array();
        if (fleet)
            for (const ControlMessage& m : fleet->active_live())
                targets.push_back({{"target", target_name(m.target)},
                                   {"topic", m.target},
                                   {"message", m.id},
                                   {"issued", m.issued_ms},
                                   {"expires", m.expires_ms},
                                   {"changes", json::parse(content::to_json(m.live))}});
        return json_response(200, json{{"live", std::move(targets)}});
    }

    // PUT /api/live?target=...: the set for a target, signed here with --key and published as
    // POST /api/control publishes a signed one; it holds until the end of the event's last day,
    // at least 7 days.
    HttpResponse put_live(const HttpRequest& request, const std::string& user) {
        if (request.body.size() > content::kMaxLiveChangesBytes)
            return reply(413, "live changes are at most " + std::to_string(content::kMaxLiveChangesBytes / 1024) + " KiB");
        const auto target = request.query.find("target");
        const auto topic = target_topic(config.venue, target == request.query.end() ? "" : target->second, "live");
        if (!topic) return reply(400, "?target= all, group:GROUP or screen:ID (ids of A-Z a-z 0-9 _ -)");
        std::string error;
        auto changes = content::parse_live_changes(request.body, error);
        if (!changes) return reply(400, error);
        ControlMessage m;
        m.kind = ControlKind::Live;
        m.id = detail::random_hex(8);
        m.issued_ms = detail::unix_ms_now();
        m.expires_ms = m.issued_ms + kLiveHoldsMs;
        if (const auto event = live->current()) {
            int64_t last_day_ends = 0;
            if (content::local_to_utc({event->end_date, 1439, 59}, event->time_zone, last_day_ends))
                m.expires_ms = std::max(m.expires_ms, last_day_ends + 1000);
        }
        m.target = *topic;
        m.live = std::move(*changes);
        return publish_control(sign_control(m, *key), request.remote_address, user);
    }

    // GET /api/overrides: the override in force per target, as the broker holds them.
    HttpResponse overrides_json() const {
        json targets = json::array();
        if (fleet)
            for (const ControlMessage& m : fleet->active_overrides())
                targets.push_back({{"target", target_name(m.target)},
                                   {"topic", m.target},
                                   {"message", m.id},
                                   {"issued", m.issued_ms},
                                   {"expires", m.expires_ms},
                                   {"override", json::parse(override_json(m.screen_override))}});
        return json_response(200, json{{"overrides", std::move(targets)}});
    }

    // PUT /api/overrides?target=...[&expires=4h]: the override for a target, signed here with
    // --key and published as POST /api/control publishes a signed one.
    HttpResponse put_override(const HttpRequest& request, const std::string& user) {
        if (request.body.size() > kMaxOverrideBytes) return reply(413, "an override is at most 4 KiB");
        const auto target = request.query.find("target");
        const auto topic = target_topic(config.venue, target == request.query.end() ? "" : target->second, "override");
        if (!topic) return reply(400, "?target= all, group:GROUP or screen:ID (ids of A-Z a-z 0-9 _ -)");
        const auto expires = request.query.find("expires");
        const auto duration = parse_alert_duration_ms(expires == request.query.end() ? "4h" : expires->second);
        if (!duration) return reply(400, "?expires= like 30m, 4h or 2d (1 s to 7 days)");
        std::string error;
        auto settings = parse_override_json(request.body, &error);
        if (!settings) return reply(400, error);
        ControlMessage m;
        m.kind = ControlKind::Override;
        m.id = detail::random_hex(8);
        m.issued_ms = detail::unix_ms_now();
        m.expires_ms = m.issued_ms + *duration;
        m.target = *topic;
        m.screen_override = std::move(*settings);
        return publish_control(sign_control(m, *key), request.remote_address, user);
    }

    HttpResponse upload(std::string_view id, std::string_view name, const std::string& body) {
        if (!valid_fleet_id(id)) return reply(400, "a screen id is 1 to 64 of A-Z a-z 0-9 _ -");
        if (!upload_name(name)) return reply(404, "screenshot.png or thumbnail.png");
        if (body.size() > kMaxUploadBytes) return reply(413, "a PNG of at most 16 MiB");
        // The signature and an IHDR chunk first: a PNG, not just any bytes.
        if (body.size() < 33 || std::string_view(body).substr(0, 8) != kPngSignature ||
            std::string_view(body).substr(12, 4) != "IHDR")
            return reply(415, "not a PNG");
        // Who may send it: a screen online now (FleetView) -- and for a screenshot, one this hub
        // asked within kScreenshotWait, once. hub.h says why no more can be checked.
        const auto seen = fleet ? fleet->screen(std::string(id)) : std::nullopt;
        if (!seen || !seen->online) return reply(403, "this screen is not online");
        const fs::path folder = fs::path(screens_dir) / std::string(id);
        {
            std::lock_guard<std::mutex> lock(upload_mutex);
            if (name == "screenshot.png") {
                const auto asked = screenshot_asked.find(std::string(id));
                if (asked == screenshot_asked.end() ||
                    std::chrono::steady_clock::now() - asked->second > kScreenshotWait)
                    return reply(403, "no screenshot was asked of this screen");
                screenshot_asked.erase(asked);
            }
            std::error_code ec;
            if (!fs::is_directory(folder, ec)) {
                size_t count = 0;
                for (fs::directory_iterator it(screens_dir, ec), end; !ec && it != end; it.increment(ec)) ++count;
                if (count >= kMaxUploadScreens) return reply(429, "too many screens have uploaded pictures");
                fs::create_directories(folder, ec);
                if (ec) {
                    log.error(kArea, folder.string() + ": " + ec.message());
                    return reply(500, "cannot store it");
                }
            }
        }
        std::string temp = (folder / (std::string(name) + ".XXXXXX")).string();
        const int fd = ::mkstemp(temp.data());
        if (fd < 0) {
            log.error(kArea, temp + ": " + std::strerror(errno));
            return reply(500, "cannot store it");
        }
        size_t done = 0;
        while (done < body.size()) {
            const ssize_t n = ::write(fd, body.data() + done, body.size() - done);
            if (n <= 0) break;
            done += size_t(n);
        }
        ::fchmod(fd, 0644);
        const bool written = ::close(fd) == 0 && done == body.size();
        const fs::path final_path = folder / std::string(name);
        if (!written || ::rename(temp.c_str(), final_path.c_str()) != 0) {
            log.error(kArea, final_path.string() + ": cannot write: " + std::strerror(errno));
            ::unlink(temp.c_str());
            return reply(500, "cannot store it");
        }
        HttpResponse r;
        r.status = 204;
        return r;
    }

    HttpResponse download(std::string_view id, std::string_view name) const {
        if (!valid_fleet_id(id)) return reply(400, "a screen id is 1 to 64 of A-Z a-z 0-9 _ -");
        if (!upload_name(name)) return reply(404, "screenshot.png or thumbnail.png");
        const fs::path path = fs::path(screens_dir) / std::string(id) / std::string(name);
        if (mtime_ms(path) == 0) return reply(404, "no picture from this screen yet");
        HttpResponse r;
        r.status = 200;
        r.content_type = "image/png";
        r.file = path.string();
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    }

    // DELETE /api/screens/<id>: a screen retired for good -- its retained status cleared on the
    // broker (FleetView::forget_screen) and its pictures removed. Not an online screen: it would
    // publish its status again at once.
    HttpResponse forget(std::string_view id_view) {
        if (!valid_fleet_id(id_view)) return reply(400, "a screen id is 1 to 64 of A-Z a-z 0-9 _ -");
        const std::string id(id_view);
        if (fleet) {
            const auto seen = fleet->screen(id);
            if (seen && seen->online) return reply(409, "this screen is online: it would be listed again at once");
            if (!fleet->forget_screen(id)) return reply(503, "the broker did not take it: try again");
        }
        std::error_code ec;
        {
            std::lock_guard<std::mutex> lock(upload_mutex);
            screenshot_asked.erase(id);
            fs::remove_all(fs::path(screens_dir) / id, ec);
        }
        if (ec) {
            log.error(kArea, (fs::path(screens_dir) / id).string() + ": " + ec.message());
            return reply(500, "cannot remove its pictures");
        }
        log.info(kArea, "screen " + id + " forgotten: its status and pictures are gone");
        HttpResponse r;
        r.status = 204;
        return r;
    }
};

HttpResponse Hub::handle(const HttpRequest& request) {
    State& s = *state_;
    const std::vector<std::string_view> p = split_path(request.path);
    const std::string& m = request.method;
    const bool get = m == "GET" || m == "HEAD";
    auto wrong_method = [] { return reply(405, "method not allowed here"); };

    if (p.size() == 2 && p[0] == "bundle" && (p[1] == "manifest.json" || p[1] == "manifest.json.sig"))
        return get ? s.bundle_file(p[1], request.if_none_match) : wrong_method();
    if (p.size() == 3 && p[0] == "bundle" && p[1] == "objects")
        return get ? s.object(p[2], request.if_none_match) : wrong_method();
    // The rest is the operators': the dashboard, the API, the pictures (not the screens' uploads).
    std::string user;  // the operator logged in ("" when the hub asks no login)
    if (s.operators && !(p.size() == 3 && p[0] == "screens" && m == "PUT")) {
        const std::optional<std::string> name = s.operators->check(request.authorization);
        if (name) user = *name;
        else {
            if (!request.authorization.empty()) {
                s.log.warning(kArea, "a failed login (" + m + " " + request.path.substr(0, 200) + ")");
                std::this_thread::sleep_for(Operators::kFailureDelay);
            }
            HttpResponse r = reply(401, "an operator's name and password, please");
            r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"majlis hub\", charset=\"UTF-8\"");
            return r;
        }
    }
    if (p.size() == 2 && p[0] == "api" && p[1] == "screens") return get ? s.screens_json() : wrong_method();
    if (p.size() == 3 && p[0] == "api" && p[1] == "screens") return m == "DELETE" ? s.forget(p[2]) : wrong_method();
    if (p.size() == 2 && p[0] == "api" && p[1] == "control") return m == "POST" ? s.control(request) : wrong_method();
    if (p.size() == 2 && p[0] == "api" && p[1] == "alerts") {
        if (m == "POST") return s.send_alert(request, user);
        return get ? s.alerts() : wrong_method();
    }
    if (p.size() == 3 && p[0] == "api" && p[1] == "alerts" && p[2] == "preview")
        return m == "POST" ? s.preview(request.body) : wrong_method();
    if (p.size() == 4 && p[0] == "api" && p[1] == "alerts" && p[3] == "cancel")
        return m == "POST" ? s.cancel_alert(p[2], request, user) : wrong_method();
    if (p.size() == 2 && p[0] == "api" && p[1] == "audit") return get ? s.audit_lines(request) : wrong_method();
    if (p.size() == 2 && p[0] == "api" && p[1] == "event") return get ? s.event_json() : wrong_method();
    if (p.size() == 2 && p[0] == "api" && p[1] == "sessions") return get ? s.sessions_json() : wrong_method();
    if (p.size() == 2 && p[0] == "api" && p[1] == "live") {
        if (m == "PUT") return s.put_live(request, user);
        return get ? s.live_json() : wrong_method();
    }
    if (p.size() == 2 && p[0] == "api" && p[1] == "overrides") {
        if (m == "PUT") return s.put_override(request, user);
        return get ? s.overrides_json() : wrong_method();
    }
    if (p.size() == 2 && p[0] == "api" && p[1] == "hub") {
        if (!get) return wrong_method();
        std::string key = public_key_line(s.public_key);
        while (!key.empty() && key.back() == '\n') key.pop_back();
        return json_response(200, json{{"venue", s.config.venue}, {"public_key", key}});
    }
    if (p.size() == 4 && p[0] == "api" && (p[1] == "screens" || p[1] == "groups") && p[3] == "command") {
        if (m != "POST") return wrong_method();
        return s.command(p[1] == "screens" ? FleetView::Target::Screen : FleetView::Target::Group, p[2], request.body);
    }
    if (p.size() == 3 && p[0] == "screens") {
        if (m == "PUT") return s.upload(p[1], p[2], request.body);
        return get ? s.download(p[1], p[2]) : wrong_method();
    }
    if (p.size() == 1) {
        if (!get) return wrong_method();
        return s.dashboard(p[0].empty() ? "index.html" : p[0]);
    }
    return reply(404, "not found");
}

Hub::Hub(std::unique_ptr<State> state) : state_(std::move(state)) {}

Hub::~Hub() {
    State& s = *state_;
    s.server.stop();
    if (s.server_thread.joinable()) s.server_thread.join();
    {
        std::lock_guard<std::mutex> lock(s.work_mutex);
        s.stopping = true;
    }
    s.work_cv.notify_all();
    if (s.worker.joinable()) s.worker.join();
    s.live.reset();  // its on_change only touches the work counters, alive until here
    s.fleet.reset();
}

int Hub::port() const { return state_->port; }
const std::string& Hub::public_url() const { return state_->public_url; }
const std::string& Hub::state_dir() const { return state_->state_dir; }
HubReport Hub::report() const { return state_->report(); }

bool Hub::wait_idle(std::chrono::milliseconds timeout) {
    State& s = *state_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (!s.live->wait_idle(int(timeout.count()))) return false;
    std::unique_lock<std::mutex> lock(s.work_mutex);
    return s.work_cv.wait_until(lock, deadline, [&] { return s.changes_done == s.changes_asked; });
}

std::unique_ptr<Hub> Hub::start(HubConfig config, Log& log, std::string& error) {
    auto s = std::make_unique<State>(std::move(config), log);
    const HubConfig& c = s->config;
    s->key = load_secret_key(c.key_path, error);
    if (!s->key) return nullptr;
    s->public_key = s->key->public_key();
    if (!valid_fleet_id(c.venue)) {
        error = "--venue: '" + c.venue + "' is not an id (1 to 64 of A-Z a-z 0-9 _ -)";
        return nullptr;
    }
    std::string host;
    if (!parse_listen(c.listen, host, s->port)) {
        error = "--listen: '" + c.listen + "' is not ADDR:PORT (like 0.0.0.0:8080 or [::]:8080)";
        return nullptr;
    }
    if (!c.operators_file.empty()) {
        s->operators = Operators::load(c.operators_file, error, log);
        if (!s->operators) return nullptr;
    } else if (c.no_auth) {
        log.warning(kArea, "--no-auth: anyone who reaches " + c.listen + " can use the dashboard and command the screens");
    } else if (!loopback_host(host)) {
        error = "--listen " + c.listen + ": anyone on the network could use the dashboard and command the screens; "
                "give --operators FILE (majlis passwd FILE NAME), or listen on 127.0.0.1 only, or say --no-auth";
        return nullptr;
    }
    std::optional<MqttSettings> mqtt;
    if (!c.mqtt.empty()) {
        auto url = MqttUrl::parse(c.mqtt, &error);
        if (!url) {
            error = "--mqtt: " + error;
            return nullptr;
        }
        if (!c.mqtt_password_file.empty()) {
            auto password = read_password_file(c.mqtt_password_file, &error);
            if (!password) return nullptr;
            url->password = *password;
        }
        mqtt = MqttSettings{};
        mqtt->url = *url;
        mqtt->venue = c.venue;
        mqtt->command_key = s->key;  // commands are signed like bundles (presence.h)
    }

    s->state_dir = c.state_dir.empty() ? default_hub_state_dir() : c.state_dir;
    s->bundles_dir = c.bundles_dir.empty() ? (fs::path(s->state_dir) / "bundle").string() : c.bundles_dir;
    s->screens_dir = (fs::path(s->state_dir) / "screens").string();
    s->audit_file = c.audit_file.empty() ? (fs::path(s->state_dir) / "audit.jsonl").string() : c.audit_file;
    for (const std::string& dir : {s->bundles_dir, s->screens_dir}) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            error = dir + ": " + ec.message();
            return nullptr;
        }
    }

    // The port first: a hub that cannot serve should not start publishing.
    s->server.set_payload_max_length(kMaxUploadBytes);
    // A venue's screens ask at once (a bundle announced to all of them): cpp-httplib's default of
    // a worker per core and 5 s keep-alives left requests of 100 players timing out on 2 cores,
    // and each such player then waited for its next poll (bench/fleet: p99 23 s). Workers are
    // threads that mostly wait on sockets; idle connections give theirs back after a second.
    s->server.new_task_queue = [] { return new httplib::ThreadPool(kHttpWorkers); };
    s->server.set_keep_alive_timeout(1);
    const bool bound = s->port == 0 ? (s->port = s->server.bind_to_any_port(host)) > 0
                                    : s->server.bind_to_port(host, s->port);
    if (!bound) {
        error = "--listen " + c.listen + ": cannot listen there (in use, or not an address of this machine)";
        return nullptr;
    }
    if (!c.public_url.empty()) {
        s->public_url = c.public_url;
        while (!s->public_url.empty() && s->public_url.back() == '/') s->public_url.pop_back();
    } else {
        std::string shown = host;
        if (host == "0.0.0.0" || host == "::") shown = primary_address();
        if (shown.empty()) shown = "127.0.0.1";
        s->public_url = "http://" + url_host(shown) + ":" + std::to_string(s->port);
    }

    content::LiveContent::Config live;
    live.dir = c.content_dir;
    live.options = c.options;
    live.schedule_poll_ms = c.schedule_poll_ms;
    s->live = std::make_unique<content::LiveContent>(live, log);
    State* raw = s.get();
    s->live->on_change = [raw] {
        {
            std::lock_guard<std::mutex> lock(raw->work_mutex);
            ++raw->changes_asked;
        }
        raw->work_cv.notify_all();
    };
    s->load_pair();  // the last bundle, served even while the folder has errors
    if (!s->live->broken()) s->publish();
    if (mqtt) s->fleet = std::make_unique<FleetView>(*mqtt, log);
    s->worker = std::thread([raw] { raw->run(); });

    std::unique_ptr<Hub> hub(new Hub(std::move(s)));
    Hub* h = hub.get();
    auto serve = [h](const httplib::Request& req, httplib::Response& res) {
        HttpRequest request{req.method, req.path, req.get_header_value("If-None-Match"), req.body,
                            req.get_header_value("Authorization"), req.remote_addr, {}};
        for (const auto& [name, value] : req.params) request.query.emplace(name, value);  // the first of each
        const HttpResponse out = h->handle(request);
        res.status = out.status;
        res.set_header("X-Content-Type-Options", "nosniff");
        // The hub's clock, for the screens' clock offsets (sync.h: SyncStatus::clock_offset_ms).
        res.set_header("X-Majlis-Time", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                           std::chrono::system_clock::now().time_since_epoch())
                                                           .count()));
        for (const auto& [name, value] : out.headers) res.set_header(name.c_str(), value);
        if (out.file.empty()) {
            if (!out.body.empty() || out.status != 304) res.set_content(out.body, out.content_type.c_str());
            return;
        }
        auto file = std::make_shared<std::ifstream>(out.file, std::ios::binary);
        file->seekg(0, std::ios::end);
        const std::streamoff size = *file ? std::streamoff(file->tellg()) : -1;
        if (size < 0) {
            res.status = 404;
            res.set_content("not found\n", "text/plain; charset=utf-8");
            return;
        }
        res.set_content_provider(size_t(size), out.content_type.c_str(),
                                 [file](size_t offset, size_t length, httplib::DataSink& sink) {
                                     char buf[65536];
                                     file->seekg(std::streamoff(offset));
                                     file->read(buf, std::streamsize(std::min(length, sizeof buf)));
                                     const std::streamsize got = file->gcount();
                                     if (got <= 0) return false;
                                     return sink.write(buf, size_t(got));
                                 });
    };
    State& st = *h->state_;
    st.server.Get(".*", serve);
    st.server.Post(".*", serve);
    st.server.Put(".*", serve);
    st.server.Delete(".*", serve);
    st.server.Patch(".*", serve);
    st.server_thread = std::thread([&st] { st.server.listen_after_bind(); });
    // Until it runs, Server::stop() would not stop it (and the destructor would wait forever).
    for (int i = 0; i < 5000 && !st.server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return hub;
}

int run_hub(HubConfig config, Log& log, const std::function<bool()>& quit) {
    std::string error;
    const std::string content_dir = config.content_dir;
    std::unique_ptr<Hub> hub = Hub::start(std::move(config), log, error);
    if (!hub) {
        log.error(kArea, error);
        return 2;
    }
    const HubReport r = hub->report();
    log.info(kArea, "serving " + r.public_url + "/ (dashboard) and " + r.public_url + "/bundle/ from " +
                        hub->state_dir() + "; content " + content_dir + ", bundle " +
                        (r.sequence ? std::to_string(r.sequence) : std::string("none yet")) + "; MQTT " + r.mqtt);
    while (!quit()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    log.info(kArea, "stopping");
    hub.reset();
    return 0;
}

}  // namespace majlis::fleet
