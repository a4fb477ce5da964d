// majlis fleet: presence over MQTT 5. The design is in presence.h.
//
// Both sides (ScreenPresence, FleetView) sit on one MqttClient: a libmosquitto client in
// threaded mode with MQTT 5, QoS 1 everywhere, its network thread started by
// mosquitto_loop_start, which also reconnects with exponential backoff. The client publishes
// only while connected (what a side has to say again after a reconnect it says in its
// on_connected), and logs what the broker refuses (CONNACK and PUBACK reason codes).
#include "fleet/presence.h"

#include "fleet/fleet_internal.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace majlis::fleet {

using json = nlohmann::json;
namespace fs = std::filesystem;
using detail::dump;
using detail::FieldReader;
using detail::finish;
using detail::kMaxSafeInteger;
using detail::parse_object;
using detail::random_hex;
using detail::unix_ms_now;

namespace {

constexpr const char* kMqttArea = "mqtt";
constexpr size_t kMaxString = 1024;
constexpr size_t kMaxShort = 64;
constexpr size_t kMaxGroups = 64;

bool is_hex64(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}


int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += char(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The libmosquitto client both sides use.

void init_library() {
    static const int once = [] {
        mosquitto_lib_init();
        return 0;
    }();
    (void)once;
}

class MqttClient {
public:
    struct Will {
        std::string topic, payload;
    };
    // Both called on the MQTT thread. on_connected runs after every successful CONNACK.
    std::function<void()> on_connected;
    std::function<void(const std::string& topic, std::string_view payload)> on_message;

    MqttClient(const MqttSettings& settings, const std::string& client_id, std::optional<Will> will, Log& log)
        : settings_(settings), log_(log) {
        init_library();
        mosq_ = mosquitto_new(client_id.empty() ? nullptr : client_id.c_str(), /*clean_start=*/true, this);
        if (!mosq_) {
            log_.error(kMqttArea, "cannot make an MQTT client (out of memory)");
            return;
        }
        mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
        mosquitto_int_option(mosq_, MOSQ_OPT_TCP_NODELAY, 1);
        mosquitto_username_pw_set(mosq_, settings_.url.user.c_str(),
                                  settings_.url.password.empty() ? nullptr : settings_.url.password.c_str());
        mosquitto_reconnect_delay_set(mosq_, unsigned(std::max(1, settings_.reconnect_min_s)),
                                      unsigned(std::max(settings_.reconnect_min_s, settings_.reconnect_max_s)), true);
        if (will) {
            int rc = mosquitto_will_set_v5(mosq_, will->topic.c_str(), int(will->payload.size()),
                                           will->payload.data(), 1, true, nullptr);
            if (rc != MOSQ_ERR_SUCCESS) log_.error(kMqttArea, std::string("cannot set the last will: ") + mosquitto_strerror(rc));
        }
        mosquitto_connect_v5_callback_set(mosq_, &MqttClient::connected_cb);
        mosquitto_disconnect_v5_callback_set(mosq_, &MqttClient::disconnected_cb);
        mosquitto_message_v5_callback_set(mosq_, &MqttClient::message_cb);
        mosquitto_publish_v5_callback_set(mosq_, &MqttClient::published_cb);
    }

    ~MqttClient() { stop(); }

    // Starts the network thread and the first connection (retried with backoff if it fails).
    void start() {
        if (!mosq_) return;
        int keepalive = std::max(5, settings_.keepalive_s);
        int rc = mosquitto_connect_bind_async(mosq_, settings_.url.host.c_str(), settings_.url.port, keepalive, nullptr);
        if (rc != MOSQ_ERR_SUCCESS)
            log_.warning(kMqttArea, "cannot reach the broker at " + settings_.url.redacted() + " (" +
                                    mosquitto_strerror(rc) + "); retrying");
        rc = mosquitto_loop_start(mosq_);
        if (rc != MOSQ_ERR_SUCCESS) log_.error(kMqttArea, std::string("cannot start the MQTT thread: ") + mosquitto_strerror(rc));
        else started_ = true;
    }

    // Disconnects cleanly (if connected) and ends the network thread; callbacks stop here.
    void stop() {
        if (!mosq_) return;
        if (started_) {
            mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
            mosquitto_loop_stop(mosq_, false);
            started_ = false;
        }
        mosquitto_destroy(mosq_);
        mosq_ = nullptr;
    }

    bool connected() const { return connected_.load(); }

    // QoS 1, with an MQTT 5 message expiry interval when `expiry_s` > 0. The message id, or
    // nullopt (logged) when not connected or refused locally.
    std::optional<int> publish(const std::string& topic, const std::string& payload, bool retain, int64_t expiry_s = 0) {
        if (!mosq_ || !connected_) return std::nullopt;
        int mid = 0;
        mosquitto_property* properties = nullptr;
        if (expiry_s > 0)
            mosquitto_property_add_int32(&properties, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL,
                                         uint32_t(std::min<int64_t>(expiry_s, UINT32_MAX)));
        std::lock_guard<std::mutex> lock(mutex_);  // so the PUBACK cannot come before pending_ knows the mid
        int rc = mosquitto_publish_v5(mosq_, &mid, topic.c_str(), int(payload.size()), payload.data(), 1, retain,
                                      properties);
        mosquitto_property_free_all(&properties);
        if (rc != MOSQ_ERR_SUCCESS) {
            log_.warning(kMqttArea, "cannot publish on " + topic + ": " + mosquitto_strerror(rc));
            return std::nullopt;
        }
        pending_[mid] = topic;
        return mid;
    }

    // Waits for the broker's PUBACK of `mid`; true when it came and accepted the message.
    bool wait_acknowledged(int mid, std::chrono::milliseconds timeout) {
        std::unique_lock<std::mutex> lock(mutex_);
        acked_.wait_for(lock, timeout, [&] { return !pending_.count(mid); });
        auto it = outcome_.find(mid);
        return it != outcome_.end() && it->second;
    }

    void subscribe(const std::vector<std::string>& topics) {
        if (!mosq_ || topics.empty()) return;
        std::vector<char*> subs;
        for (const auto& t : topics) subs.push_back(const_cast<char*>(t.c_str()));
        int rc = mosquitto_subscribe_multiple(mosq_, nullptr, int(subs.size()), subs.data(), 1, 0, nullptr);
        if (rc != MOSQ_ERR_SUCCESS) log_.warning(kMqttArea, std::string("cannot subscribe: ") + mosquitto_strerror(rc));
    }

    const MqttSettings& settings() const { return settings_; }

private:
    static void connected_cb(mosquitto*, void* obj, int reason, int, const mosquitto_property*) {
        auto* self = static_cast<MqttClient*>(obj);
        if (reason != 0) {
            self->log_.error(kMqttArea, "the broker at " + self->settings_.url.redacted() + " refused the connection as \"" +
                                        self->settings_.url.user + "\": " + mosquitto_reason_string(reason));
            return;
        }
        self->connected_ = true;
        self->log_.info(kMqttArea, "connected to " + self->settings_.url.redacted());
        if (self->on_connected) self->on_connected();
    }
    static void disconnected_cb(mosquitto*, void* obj, int reason, const mosquitto_property*) {
        auto* self = static_cast<MqttClient*>(obj);
        bool was = self->connected_.exchange(false);
        if (reason != 0 && was)
            self->log_.warning(kMqttArea, "lost the broker at " + self->settings_.url.redacted() + " (" +
                                          mosquitto_reason_string(reason) + "); reconnecting");
        // Messages waiting for a PUBACK will not get one on this connection.
        std::lock_guard<std::mutex> lock(self->mutex_);
        for (auto& [mid, topic] : self->pending_) self->remember(mid, false);
        self->pending_.clear();
        self->acked_.notify_all();
    }
    static void message_cb(mosquitto*, void* obj, const mosquitto_message* m, const mosquitto_property*) {
        auto* self = static_cast<MqttClient*>(obj);
        if (!self->on_message || !m->topic) return;
        std::string_view payload(static_cast<const char*>(m->payload), m->payload ? size_t(m->payloadlen) : 0);
        self->on_message(m->topic, payload);
    }
    static void published_cb(mosquitto*, void* obj, int mid, int reason, const mosquitto_property*) {
        auto* self = static_cast<MqttClient*>(obj);
        std::lock_guard<std::mutex> lock(self->mutex_);
        auto it = self->pending_.find(mid);
        std::string topic = it != self->pending_.end() ? it->second : "?";
        if (reason >= 0x80)
            self->log_.warning(kMqttArea, "the broker refused the message on " + topic + ": " + mosquitto_reason_string(reason) +
                                          " (its ACL lets user \"" + self->settings_.url.user + "\" write only its own status)");
        self->remember(mid, reason < 0x80);
        if (it != self->pending_.end()) self->pending_.erase(it);
        self->acked_.notify_all();
    }
    void remember(int mid, bool ok) {  // mutex_ held; a few recent outcomes only
        if (outcome_.size() > 64) outcome_.clear();
        outcome_[mid] = ok;
    }

    MqttSettings settings_;
    Log& log_;
    mosquitto* mosq_ = nullptr;
    bool started_ = false;
    std::atomic<bool> connected_{false};
    std::mutex mutex_;
    std::condition_variable acked_;
    std::map<int, std::string> pending_;  // mid -> topic, until its PUBACK
    std::map<int, bool> outcome_;         // mid -> accepted
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Ids, topics, payloads.

bool valid_fleet_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::string status_topic(std::string_view venue, std::string_view screen) {
    return "majlis/" + std::string(venue) + "/screens/" + std::string(screen) + "/status";
}
std::string bundle_topic(std::string_view venue) { return "majlis/" + std::string(venue) + "/bundle"; }
std::string screen_command_topic(std::string_view venue, std::string_view screen) {
    return "majlis/" + std::string(venue) + "/screens/" + std::string(screen) + "/command";
}
std::string group_command_topic(std::string_view venue, std::string_view group) {
    return "majlis/" + std::string(venue) + "/groups/" + std::string(group) + "/command";
}

std::string ScreenStatus::to_json() const {
    json j = {{"id", id},
              {"online", online},
              {"groups", groups},
              {"version", version},
              {"sequence", sequence},
              {"content_version", content_version},
              {"mode", mode},
              {"hall", hall},
              {"lang", lang},
              {"uptime_s", uptime_s},
              {"fps", fps},
              {"rss_mb", rss_mb},
              {"last_error", last_error},
              {"clock_offset_ms", clock_offset_ms},
              {"width", width},
              {"height", height},
              {"rotation", rotation},
              {"address", address},
              {"alert", alert},
              {"live", live},
              {"power", power},
              {"override", override_ms},
              {"time", time}};
    if (temperature_c) j["temperature_c"] = *temperature_c;
    return dump(j);
}

std::optional<ScreenStatus> ScreenStatus::parse(std::string_view payload, std::string* error) {
    auto object = parse_object(payload, kMaxPayload, error);
    if (!object) return std::nullopt;
    FieldReader r{*object, {}};
    ScreenStatus s;
    r.string("id", s.id, kMaxShort, true);
    if (r.error.empty() && !valid_fleet_id(s.id)) r.fail("id", "is not a valid screen id");
    r.boolean("online", s.online, true);
    if (const json* groups = r.find("groups", false)) {
        if (!groups->is_array() || groups->size() > kMaxGroups) r.fail("groups", "is not a list of at most 64 ids");
        else
            for (const auto& g : *groups) {
                if (!g.is_string() || !valid_fleet_id(g.get_ref<const std::string&>())) {
                    r.fail("groups", "holds something that is not a valid group id");
                    break;
                }
                s.groups.push_back(g.get<std::string>());
            }
    }
    r.string("version", s.version, kMaxShort);
    r.integer("sequence", s.sequence, 0, kMaxSafeInteger);
    r.string("content_version", s.content_version, 64);
    if (r.error.empty() && !s.content_version.empty() && !is_hex64(s.content_version))
        r.fail("content_version", "is not 64 lowercase hex digits");
    r.string("mode", s.mode, kMaxShort);
    r.string("hall", s.hall, kMaxShort);
    r.string("lang", s.lang, kMaxShort);
    r.integer("uptime_s", s.uptime_s, 0, kMaxSafeInteger);
    r.number("fps", s.fps, 0, 10000);
    r.number("rss_mb", s.rss_mb, 0, 1e9);
    r.string("last_error", s.last_error, kMaxString);
    r.integer("clock_offset_ms", s.clock_offset_ms, -kMaxSafeInteger, kMaxSafeInteger);
    r.integer("width", s.width, 0, 100000);
    r.integer("height", s.height, 0, 100000);
    r.integer("rotation", s.rotation, 0, 270);
    if (r.error.empty() && s.rotation % 90 != 0) r.fail("rotation", "is not 0, 90, 180 or 270");
    if (r.find("temperature_c", false)) {
        double t = 0;
        r.number("temperature_c", t, -273.15, 1000);
        s.temperature_c = t;
    }
    r.string("address", s.address, kMaxShort);
    r.string("alert", s.alert, 128);
    if (r.error.empty() && !s.alert.empty() && !content::valid_alert_id(s.alert)) r.fail("alert", "is not an alert id");
    r.integer("live", s.live, 0, kMaxSafeInteger);
    r.string("power", s.power, 8);
    if (r.error.empty() && s.power != "on" && s.power != "off") r.fail("power", "is not on or off");
    r.integer("override", s.override_ms, 0, kMaxSafeInteger);
    r.string("time", s.time, kMaxShort);
    return finish(r, std::move(s), error);
}

bool ScreenStatus::same_state(const ScreenStatus& o) const {
    return id == o.id && online == o.online && groups == o.groups && version == o.version && sequence == o.sequence &&
           content_version == o.content_version && mode == o.mode && hall == o.hall && lang == o.lang && last_error == o.last_error &&
           width == o.width && height == o.height && rotation == o.rotation && address == o.address && alert == o.alert &&
           live == o.live && power == o.power && override_ms == o.override_ms;
}

std::string BundleAnnouncement::to_json() const {
    return dump(json{{"sequence", sequence}, {"manifest", manifest}, {"content_version", content_version}});
}

std::optional<BundleAnnouncement> BundleAnnouncement::parse(std::string_view payload, std::string* error) {
    auto object = parse_object(payload, 4096, error);
    if (!object) return std::nullopt;
    FieldReader r{*object, {}};
    BundleAnnouncement a;
    r.integer("sequence", a.sequence, 1, kMaxSafeInteger, true);
    r.string("manifest", a.manifest, 2048, true);
    if (r.error.empty() && a.manifest.rfind("http://", 0) != 0 && a.manifest.rfind("https://", 0) != 0)
        r.fail("manifest", "is not an http:// or https:// URL");
    if (r.error.empty() && std::any_of(a.manifest.begin(), a.manifest.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; }))
        r.fail("manifest", "holds spaces or control characters");
    r.string("content_version", a.content_version, 64, true);
    if (r.error.empty() && !is_hex64(a.content_version)) r.fail("content_version", "is not 64 lowercase hex digits");
    return finish(r, std::move(a), error);
}

bool Command::known(std::string_view command) {
    return command == "screenshot" || command == "identify" || command == "reload";
}

std::string Command::to_json() const {
    return dump(json{{"command", command}, {"request", request}, {"time", time_ms}, {"target", target}});
}

std::optional<Command> Command::parse(std::string_view payload, std::string* error) {
    auto object = parse_object(payload, 1024, error);
    if (!object) return std::nullopt;
    FieldReader r{*object, {}};
    Command c;
    r.string("command", c.command, kMaxShort, true);
    if (r.error.empty() && !known(c.command)) r.error = "unknown command \"" + c.command + "\"";
    r.string("request", c.request, kMaxShort, true);
    if (r.error.empty() && !valid_fleet_id(c.request)) r.fail("request", "is not a valid request id");
    r.integer("time", c.time_ms, 1, kMaxSafeInteger, true);
    r.string("target", c.target, 512, true);
    if (r.error.empty() && object->size() != 4) r.error = "a command has command, request, time and target only";
    return finish(r, std::move(c), error);
}

std::string sign_line(std::string_view line, const SecretKey& key) {
    return std::string(line) + "\n" + sign(line, key);
}

std::optional<std::string_view> verified_line(std::string_view payload, const PublicKey& trusted,
                                              std::string_view what, std::string* why) {
    const size_t end = payload.find('\n');
    if (end == std::string_view::npos) {
        if (why) *why = "not signed";
        return std::nullopt;
    }
    const std::string_view line = payload.substr(0, end);
    if (std::string bad = check_signature(line, payload.substr(end + 1), trusted, what); !bad.empty()) {
        if (why) *why = bad;
        return std::nullopt;
    }
    return line;
}

std::string sign_command(const Command& command, const SecretKey& key) { return sign_line(command.to_json(), key); }

std::optional<Command> CommandCheck::accept(std::string_view payload, std::string_view topic, int64_t now_ms,
                                            int64_t clock_offset_ms, std::string* why) {
    auto refuse = [&](const std::string& reason) -> std::optional<Command> {
        if (why) *why = reason;
        return std::nullopt;
    };
    if (!trusted_) return refuse("no trusted key (--trust) to verify commands with");
    std::string error;
    const auto line = verified_line(payload, *trusted_, "the command", &error);
    if (!line) return refuse(error);
    auto c = Command::parse(*line, &error);
    if (!c) return refuse(error);
    if (c->target != topic) return refuse("signed for " + c->target.substr(0, 200) + ", not for this topic");
    const int64_t hub_now = now_ms + clock_offset_ms;
    if (c->time_ms < hub_now - kMaxSkewMs || c->time_ms > hub_now + kMaxSkewMs)
        return refuse("sent at " + std::to_string(c->time_ms) + " ms, more than 60 s from the hub's time now (" +
                      std::to_string(hub_now) + " ms): stale or replayed");
    for (auto it = seen_.begin(); it != seen_.end();)  // forget what no time window lets through
        it = it->second < now_ms - kRememberMs ? seen_.erase(it) : std::next(it);
    if (seen_.count(c->request)) return refuse("request " + c->request + " was already done: replayed");
    if (seen_.size() >= kMaxRemembered)
        seen_.erase(std::min_element(seen_.begin(), seen_.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; }));
    seen_.emplace(c->request, now_ms);
    return c;
}

// ---------------------------------------------------------------------------------------------
// MqttUrl

std::optional<MqttUrl> MqttUrl::parse(std::string_view url, std::string* error) {
    auto refuse = [&](const std::string& why) -> std::optional<MqttUrl> {
        if (error) *error = "MQTT URL \"" + std::string(url.substr(0, 200)) + "\": " + why;
        return std::nullopt;
    };
    constexpr std::string_view scheme = "mqtt://";
    if (url.rfind("mqtts://", 0) == 0) return refuse("mqtts:// (TLS) is not supported; use mqtt://user:password@host:port");
    if (url.rfind(scheme, 0) != 0) return refuse("expected mqtt://user:password@host:port");
    std::string_view rest = url.substr(scheme.size());
    if (rest.find_first_of("/?#") != std::string_view::npos) return refuse("a path, query or fragment is not allowed");
    size_t at = rest.rfind('@');
    if (at == std::string_view::npos) return refuse("no user name (mqtt://user:password@host:port)");
    std::string_view userinfo = rest.substr(0, at), hostport = rest.substr(at + 1);
    MqttUrl out;
    size_t colon = userinfo.find(':');
    auto user = percent_decode(userinfo.substr(0, colon));
    auto password = colon == std::string_view::npos ? std::optional<std::string>("") : percent_decode(userinfo.substr(colon + 1));
    if (!user || !password) return refuse("a broken %-escape in the user name or password");
    if (user->empty()) return refuse("no user name (mqtt://user:password@host:port)");
    out.user = *user;
    out.password = *password;
    std::string_view host = hostport, port;
    if (!hostport.empty() && hostport.front() == '[') {
        size_t close = hostport.find(']');
        if (close == std::string_view::npos) return refuse("an IPv6 address without its closing ']'");
        host = hostport.substr(1, close - 1);
        std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return refuse("expected ':port' after the IPv6 address");
            port = after.substr(1);
        }
        if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) { return hex_value(c) >= 0 || c == ':' || c == '.'; }))
            return refuse("a broken IPv6 address");
    } else {
        size_t c = hostport.rfind(':');
        if (c != std::string_view::npos) {
            host = hostport.substr(0, c);
            port = hostport.substr(c + 1);
        }
        if (host.empty()) return refuse("no host");
        if (host.size() > 253 || !std::all_of(host.begin(), host.end(), [](char ch) {
                return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-';
            }))
            return refuse("a host name with characters a host name cannot have");
    }
    out.host = std::string(host);
    if (port.data() && (hostport.back() == ':' || !port.empty())) {
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            return refuse("the port is not a number");
        out.port = std::stoi(std::string(port));
        if (out.port < 1 || out.port > 65535) return refuse("the port is not between 1 and 65535");
    }
    return out;
}

std::string MqttUrl::redacted() const {
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return "mqtt://" + user + (password.empty() ? "" : ":***") + "@" + h + ":" + std::to_string(port);
}

std::optional<std::string> read_password_file(const std::string& path, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) {
        if (error) *error = "cannot read the MQTT password file " + path;
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.size() > 4096) {
        if (error) *error = "the MQTT password file " + path + " has no password on its first line";
        return std::nullopt;
    }
    return line;
}

// ---------------------------------------------------------------------------------------------
// ScreenPresence

namespace {
// The last will's payload: {"id":..,"online":false} and nothing else.
std::string will_payload(const std::string& id) { return dump(json{{"id", id}, {"online", false}}); }
}  // namespace

struct ScreenPresence::State {
    Log& log;
    std::string id;
    std::vector<std::string> groups;
    Callbacks callbacks;
    std::mutex mutex;  // guards the statuses below
    ScreenStatus latest, published;
    std::chrono::steady_clock::time_point published_at{};
    CommandCheck commands;  // the MQTT thread's
    // The alert topics: the MQTT thread accepts messages, update() lets alerts expire.
    std::vector<std::string> alert_topics;
    std::mutex control_mutex;  // guards control and shown_alert, and orders on_alert's calls
    std::optional<ControlCheck> control;  // made once the ids are known to be valid
    std::shared_ptr<const content::Alert> shown_alert;
    std::vector<std::string> live_topics;
    ControlCheck::Live handed_live;  // the live changes handed over (control_mutex)
    std::vector<std::string> override_topics;
    std::optional<ControlCheck::Override> handed_override;  // the override handed over (control_mutex)
    MqttClient client;

    State(MqttSettings settings, std::string id_, std::vector<std::string> groups_, Callbacks cb, Log& log_)
        : log(log_),
          id(std::move(id_)),
          groups(std::move(groups_)),
          callbacks(std::move(cb)),
          commands(settings.command_trust),
          alert_topics(screen_alert_topics(settings.venue, id, groups)),
          live_topics(screen_live_topics(settings.venue, id, groups)),
          override_topics(screen_control_topics(settings.venue, id, groups, "override")),
          client(settings, id, MqttClient::Will{status_topic(settings.venue, id), will_payload(id)}, log_) {}

    const std::string& venue() const { return client.settings().venue; }

    int64_t clock_offset() {
        std::lock_guard<std::mutex> lock(mutex);
        return latest.clock_offset_ms;
    }

    // control_mutex held: hands the active alert over when it is another one.
    void hand_alert(int64_t offset) {
        auto active = control->active(unix_ms_now(), offset);
        if (active == shown_alert) return;
        shown_alert = active;
        log.info(kMqttArea, active ? "showing alert " + active->id : std::string("no alert to show"));
        if (callbacks.on_alert) callbacks.on_alert(std::move(active));
    }

    // control_mutex held: hands the live changes over when they changed.
    void hand_live(int64_t offset) {
        ControlCheck::Live live = control->live(unix_ms_now(), offset);
        if (handed_live.changes && live.issued_ms == handed_live.issued_ms && *live.changes == *handed_live.changes)
            return;
        handed_live = live;
        log.info(kMqttArea, live.issued_ms ? "live changes of " + std::to_string(live.issued_ms) + ": " +
                                             std::to_string(live.changes->sessions.size()) + " sessions, " +
                                             std::to_string(live.changes->announcements.size()) + " announcements"
                                       : std::string("no live changes"));
        if (callbacks.on_live) callbacks.on_live(live.changes, live.issued_ms);
    }

    // control_mutex held: hands the override over when it changed.
    void hand_override(int64_t offset) {
        ControlCheck::Override o = control->screen_override(unix_ms_now(), offset);
        if (handed_override && o.issued_ms == handed_override->issued_ms && o.settings == handed_override->settings)
            return;
        handed_override = o;
        log.info(kMqttArea, o.issued_ms ? "override of " + std::to_string(o.issued_ms) + ": mode " +
                                          (o.settings.mode.empty() ? "own" : o.settings.mode) + ", lang " +
                                          (o.settings.lang.empty() ? "own" : o.settings.lang) + ", power " +
                                          (o.settings.power.empty() ? "own" : o.settings.power)
                                    : std::string("no override: the screen's own settings"));
        if (callbacks.on_override) callbacks.on_override(o.settings, o.issued_ms);
    }

    // The topics of every kind of control message this screen reads.
    std::vector<std::string> control_topics() const {
        std::vector<std::string> topics = alert_topics;
        topics.insert(topics.end(), live_topics.begin(), live_topics.end());
        topics.insert(topics.end(), override_topics.begin(), override_topics.end());
        return topics;
    }

    void start_control() {
        std::vector<std::string> topics = control_topics();
        std::lock_guard<std::mutex> lock(control_mutex);
        control.emplace(client.settings().command_trust,
                        [topics](std::string_view t) { return std::find(topics.begin(), topics.end(), t) != topics.end(); },
                        client.settings().control_dir, log);
        hand_alert(0);  // what the folder kept, at once, before the broker answers
        hand_live(0);
        hand_override(0);
    }

    void refresh_alert() {
        const int64_t offset = clock_offset();
        std::lock_guard<std::mutex> lock(control_mutex);
        if (!control) return;
        hand_alert(offset);
        hand_live(offset);
        hand_override(offset);
    }

    void control_message(const std::string& topic, std::string_view payload) {
        const int64_t offset = clock_offset();
        std::lock_guard<std::mutex> lock(control_mutex);
        if (!control) return;
        const ControlCheck::Result r = control->accept(payload, topic, unix_ms_now(), offset);
        if (r.verdict == ControlCheck::Verdict::Refused) {
            log.warning(kMqttArea, "refused a control message on " + topic + ": " + r.why);
            if (callbacks.on_control_refused) callbacks.on_control_refused(r.why);
            return;
        }
        if (r.verdict == ControlCheck::Verdict::Accepted)
            log.info(kMqttArea, std::string(control_kind_name(r.message->kind)) + " " + r.message->id + " on " + topic);
        if (r.message->kind == ControlKind::Live) hand_live(offset);
        else if (r.message->kind == ControlKind::Override) hand_override(offset);
        else hand_alert(offset);
    }

    // mutex held
    void publish_latest() {
        latest.time = utc_time_now();
        if (client.publish(status_topic(venue(), id), latest.to_json(), true)) {
            published = latest;
            published_at = std::chrono::steady_clock::now();
        }
    }

    void connected() {
        std::vector<std::string> topics{bundle_topic(venue()), screen_command_topic(venue(), id)};
        for (const auto& g : groups) topics.push_back(group_command_topic(venue(), g));
        for (std::string& t : control_topics()) topics.push_back(std::move(t));
        client.subscribe(topics);  // before the status: once it is seen, the commands reach us
        std::lock_guard<std::mutex> lock(mutex);
        publish_latest();
    }

    void message(const std::string& topic, std::string_view payload) {
        std::string error;
        if (payload.empty()) return;  // a retained message cleared
        if (topic == bundle_topic(venue())) {
            auto a = BundleAnnouncement::parse(payload, &error);
            if (!a) return log.warning(kMqttArea, "ignored a bundle announcement on " + topic + ": " + error);
            if (callbacks.on_bundle) callbacks.on_bundle(a->sequence, a->manifest);
            return;
        }
        if (const auto topics = control_topics(); std::find(topics.begin(), topics.end(), topic) != topics.end())
            return control_message(topic, payload);
        int64_t offset = 0;
        {
            std::lock_guard<std::mutex> lock(mutex);
            offset = latest.clock_offset_ms;
        }
        auto c = commands.accept(payload, topic, unix_ms_now(), offset, &error);
        if (!c) {
            log.warning(kMqttArea, "refused a command on " + topic + ": " + error);
            if (callbacks.on_refused) callbacks.on_refused(error);
            return;
        }
        log.info(kMqttArea, "command " + c->command + " (request " + c->request + ") on " + topic);
        if (callbacks.on_command) callbacks.on_command(c->command, c->request);
    }
};

ScreenPresence::ScreenPresence(MqttSettings settings, std::string id, std::vector<std::string> groups,
                               ScreenStatus first, Callbacks callbacks, Log& log)
    : state_(std::make_unique<State>(std::move(settings), std::move(id), std::move(groups), std::move(callbacks), log)) {
    first.id = state_->id;
    first.groups = state_->groups;
    first.online = true;
    state_->latest = std::move(first);
    std::string bad = !valid_fleet_id(state_->venue()) ? "venue \"" + state_->venue() + "\""
                      : !valid_fleet_id(state_->id)     ? "screen id \"" + state_->id + "\""
                                                        : "";
    for (const auto& g : state_->groups)
        if (bad.empty() && !valid_fleet_id(g)) bad = "group \"" + g + "\"";
    if (!bad.empty()) {  // it would make topics that mean something else
        log.error(kMqttArea, "not connecting: the " + bad + " is not [A-Za-z0-9_-]{1,64}");
        return;
    }
    state_->start_control();
    state_->client.on_connected = [s = state_.get()] { s->connected(); };
    state_->client.on_message = [s = state_.get()](const std::string& t, std::string_view p) { s->message(t, p); };
    state_->client.start();
}

ScreenPresence::~ScreenPresence() {
    std::optional<int> mid;
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        ScreenStatus offline = state_->latest;
        offline.online = false;
        offline.time = utc_time_now();
        mid = state_->client.publish(status_topic(state_->venue(), state_->id), offline.to_json(), true);
    }
    if (mid && !state_->client.wait_acknowledged(*mid, std::chrono::seconds(2)))
        state_->log.warning(kMqttArea, "the offline status was not acknowledged; the broker's last will says it instead");
    state_->client.stop();
}

void ScreenPresence::check_alerts() { state_->refresh_alert(); }

void ScreenPresence::update(ScreenStatus status) {
    status.id = state_->id;
    status.groups = state_->groups;
    status.online = true;
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->latest = std::move(status);
    if (!state_->client.connected()) return;  // said on the next connect
    bool due = std::chrono::steady_clock::now() - state_->published_at >= state_->client.settings().status_period;
    if (due || !state_->latest.same_state(state_->published)) state_->publish_latest();
}

bool ScreenPresence::connected() const { return state_->client.connected(); }

// ---------------------------------------------------------------------------------------------
// FleetView

struct FleetView::State {
    Log& log;
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    Screens screens;
    // The venue's control messages, checked as screens check them (with a command_key only).
    mutable std::mutex control_mutex;
    std::optional<ControlCheck> control;
    MqttClient client;

    State(MqttSettings settings, Log& log_) : log(log_), client(settings, "", std::nullopt, log_) {
        if (client.settings().command_key) {
            const std::string venue = client.settings().venue;
            control.emplace(client.settings().command_key->public_key(),
                            [venue](std::string_view t) { return is_control_topic(venue, t); }, "", log);
        }
    }

    void message(const std::string& topic, std::string_view payload) {
        if (control && is_control_topic(client.settings().venue, topic)) {
            if (payload.empty()) return;  // a retained message cleared
            std::lock_guard<std::mutex> lock(control_mutex);
            const auto r = control->accept(payload, topic, unix_ms_now(), 0);
            if (r.verdict == ControlCheck::Verdict::Refused)
                log.warning(kMqttArea, "a control message on " + topic + " that screens refuse: " + r.why);
            return;
        }
        // majlis/<venue>/screens/<id>/status
        const std::string prefix = "majlis/" + client.settings().venue + "/screens/";
        const std::string suffix = "/status";
        if (topic.rfind(prefix, 0) != 0 || topic.size() <= prefix.size() + suffix.size() ||
            topic.compare(topic.size() - suffix.size(), suffix.size(), suffix) != 0)
            return;
        std::string id = topic.substr(prefix.size(), topic.size() - prefix.size() - suffix.size());
        std::unique_lock<std::mutex> lock(mutex);
        if (payload.empty()) {  // the retained status cleared: the screen is gone from the venue
            screens.erase(id);
        } else {
            std::string error;
            auto status = ScreenStatus::parse(payload, &error);
            if (!status) {
                lock.unlock();
                return log.warning(kMqttArea, "ignored a status on " + topic + ": " + error);
            }
            if (status->id != id) {
                lock.unlock();
                return log.warning(kMqttArea, "ignored a status on " + topic + " that says it is from \"" + status->id + "\"");
            }
            auto it = screens.find(id);
            bool was_online = it != screens.end() && it->second.online;
            if (was_online != status->online)
                log.info(kMqttArea, "screen " + id + (status->online ? " online" : " offline"));
            Screen& screen = screens[id];
            screen.online = status->online;
            screen.last_seen = std::chrono::system_clock::now();
            ScreenStatus will_only;  // what a last will says: {"id":..,"online":false}
            will_only.id = id;
            bool will = *status == will_only;
            if (will && was_online)
                screen.status.online = false;  // a last will says nothing else: keep what it showed
            else
                screen.status = std::move(*status);
        }
        changed.notify_all();
    }
};

FleetView::FleetView(MqttSettings settings, Log& log) : state_(std::make_unique<State>(std::move(settings), log)) {
    if (!valid_fleet_id(state_->client.settings().venue)) {
        log.error(kMqttArea, "not connecting: the venue \"" + state_->client.settings().venue + "\" is not [A-Za-z0-9_-]{1,64}");
        return;
    }
    state_->client.on_connected = [s = state_.get()] {
        const std::string& venue = s->client.settings().venue;
        std::vector<std::string> topics{"majlis/" + venue + "/screens/+/status"};
        if (s->control)  // every control topic: those of screen "+" in group "+"
            for (const ControlKind kind : {ControlKind::Alert, ControlKind::Live, ControlKind::Override})
                for (std::string& t : screen_control_topics(venue, "+", {"+"}, control_topic_leaf(kind)))
                    topics.push_back(std::move(t));
        s->client.subscribe(topics);
    };
    state_->client.on_message = [s = state_.get()](const std::string& t, std::string_view p) { s->message(t, p); };
    state_->client.start();
}

FleetView::~FleetView() { state_->client.stop(); }

FleetView::Screens FleetView::screens() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->screens;
}

std::optional<FleetView::Screen> FleetView::screen(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->screens.find(id);
    if (it == state_->screens.end()) return std::nullopt;
    return it->second;
}

bool FleetView::wait_for(const std::function<bool(const Screens&)>& ready, std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout, [&] { return ready(state_->screens); });
}

bool FleetView::publish_bundle_announcement(int64_t sequence, const std::string& manifest_url,
                                            const std::string& content_version) {
    BundleAnnouncement a{sequence, manifest_url, content_version};
    std::string error;
    if (!BundleAnnouncement::parse(a.to_json(), &error)) {
        state_->log.error(kMqttArea, "not announcing bundle " + std::to_string(sequence) + ": " + error);
        return false;
    }
    auto mid = state_->client.publish(bundle_topic(state_->client.settings().venue), a.to_json(), true);
    if (!mid) state_->log.warning(kMqttArea, "bundle " + std::to_string(sequence) + " not announced: no connection to the broker");
    return mid && state_->client.wait_acknowledged(*mid, std::chrono::seconds(5));
}

bool FleetView::forget_screen(const std::string& id) {
    if (!valid_fleet_id(id)) return false;
    auto mid = state_->client.publish(status_topic(state_->client.settings().venue, id), "", true);
    if (!mid) state_->log.warning(kMqttArea, "screen " + id + " not forgotten: no connection to the broker");
    if (!mid || !state_->client.wait_acknowledged(*mid, std::chrono::seconds(5))) return false;
    {
        std::lock_guard<std::mutex> lock(state_->mutex);  // gone now, not when the broker echoes it
        state_->screens.erase(id);
    }
    state_->changed.notify_all();
    return true;
}

std::optional<std::string> FleetView::send_command(Target target, const std::string& id, const std::string& command) {
    const char* what = target == Target::Screen ? "screen" : "group";
    if (!Command::known(command) || !valid_fleet_id(id)) {
        state_->log.warning(kMqttArea, "not sending command \"" + command + "\" to " + what + " \"" + id + "\": " +
                                       (Command::known(command) ? "not a valid id" : "unknown command"));
        return std::nullopt;
    }
    const MqttSettings& settings = state_->client.settings();
    if (!settings.command_key) {
        state_->log.warning(kMqttArea, "not sending command " + command + " to " + what + " " + id +
                                       ": no key to sign it with");
        return std::nullopt;
    }
    const std::string& venue = settings.venue;
    std::string topic = target == Target::Screen ? screen_command_topic(venue, id) : group_command_topic(venue, id);
    const Command c{command, random_hex(8), unix_ms_now(), topic};
    if (!state_->client.publish(topic, sign_command(c, *settings.command_key), false)) {
        state_->log.warning(kMqttArea, "command " + command + " to " + what + " " + id + " not sent: no connection to the broker");
        return std::nullopt;
    }
    return c.request;
}

FleetView::ControlSent FleetView::publish_control(std::string_view payload) {
    ControlSent out;
    State& s = *state_;
    if (!s.control) {
        out.why = "no key: the hub checks control messages against its --key's public half";
        return out;
    }
    // The target is read after the signature is checked (accept), on the topic it names.
    std::string topic;
    {
        std::string why;
        const auto line = verified_line(payload, s.client.settings().command_key->public_key(), "the control message", &why);
        const auto message = line ? ControlMessage::parse(*line, &why) : std::nullopt;
        if (!message) {
            out.outcome = ControlOutcome::Refused;
            out.why = why;
            return out;
        }
        topic = message->target;
    }
    const int64_t now = unix_ms_now();
    {
        std::lock_guard<std::mutex> lock(s.control_mutex);
        const auto r = s.control->accept(payload, topic, now, 0);
        if (r.verdict == ControlCheck::Verdict::Refused) {
            out.outcome = ControlOutcome::Refused;
            out.why = r.why;
            return out;
        }
        out.message = r.message;
    }
    const int64_t expiry_s = std::max<int64_t>(1, (out.message->expires_ms - now + 999) / 1000);
    const auto mid = s.client.publish(topic, std::string(payload), true, expiry_s);
    if (!mid || !s.client.wait_acknowledged(*mid, std::chrono::seconds(5))) {
        out.why = mid ? "the broker did not acknowledge it" : "no connection to the broker";
        return out;
    }
    out.outcome = ControlOutcome::Published;
    return out;
}

std::vector<ControlMessage> FleetView::active_alerts() const {
    std::lock_guard<std::mutex> lock(state_->control_mutex);
    return state_->control ? state_->control->active_alerts(unix_ms_now(), 0) : std::vector<ControlMessage>{};
}

std::vector<ControlMessage> FleetView::active_live() const {
    std::lock_guard<std::mutex> lock(state_->control_mutex);
    return state_->control ? state_->control->active_live(unix_ms_now(), 0) : std::vector<ControlMessage>{};
}

std::vector<ControlMessage> FleetView::active_overrides() const {
    std::lock_guard<std::mutex> lock(state_->control_mutex);
    return state_->control ? state_->control->active_overrides(unix_ms_now(), 0) : std::vector<ControlMessage>{};
}

bool FleetView::connected() const { return state_->client.connected(); }

// ---------------------------------------------------------------------------------------------
// Status helpers

std::optional<double> process_rss_mb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) {
            long long kb = 0;
            if (std::sscanf(line.c_str() + 6, "%lld", &kb) == 1) return double(kb) / 1024.0;
        }
    return std::nullopt;
}

int64_t process_uptime_s() {
    std::ifstream stat("/proc/self/stat"), uptime("/proc/uptime");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    double system_up = 0;
    uptime >> system_up;
    size_t close = text.rfind(')');  // the command name may hold spaces and parentheses
    if (close == std::string::npos || !uptime) return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i)  // starttime is field 22
        if (i == 22) {
            double started = std::strtod(field.c_str(), nullptr) / double(sysconf(_SC_CLK_TCK));
            return std::max<int64_t>(0, int64_t(system_up - started));
        }
    return 0;
}

std::optional<double> temperature_c(const std::string& root) {
    std::optional<double> hottest;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        if (entry.path().filename().string().rfind("thermal_zone", 0) != 0) continue;
        std::ifstream in(entry.path() / "temp");
        long long milli = 0;
        if (!(in >> milli)) continue;
        double c = double(milli) / 1000.0;
        if (c < -273.15 || c > 1000) continue;  // a sensor that reports nonsense
        if (!hottest || c > *hottest) hottest = c;
    }
    return hottest;
}

std::string primary_address() {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return "";
    std::string v4, v6;
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || !(a->ifa_flags & IFF_UP) || (a->ifa_flags & IFF_LOOPBACK)) continue;
        char text[INET6_ADDRSTRLEN] = {};
        if (a->ifa_addr->sa_family == AF_INET && v4.empty()) {
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
            v4 = text;
        } else if (a->ifa_addr->sa_family == AF_INET6 && v6.empty()) {
            const in6_addr& addr = reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr;
            if (IN6_IS_ADDR_LINKLOCAL(&addr)) continue;
            inet_ntop(AF_INET6, &addr, text, sizeof text);
            v6 = text;
        }
    }
    freeifaddrs(list);
    return !v4.empty() ? v4 : v6;
}

std::string utc_time_now() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

}  // namespace majlis::fleet
