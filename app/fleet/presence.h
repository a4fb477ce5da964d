// majlis fleet: presence, health and commands over MQTT 5 (libmosquitto).
//
// Every screen keeps one retained message on the venue's broker that says how it is:
//
//     majlis/<venue>/screens/<id>/status     retained, QoS 1, ScreenStatus as JSON
//
// published on every (re)connect, whenever the screen's state changes and at least every
// 30 s while the app keeps calling update(). Before connecting, the screen gives the broker a
// last will on the same topic, {"id":..,"online":false} (retained): when the screen dies, loses
// power or its network, the broker publishes it -- at once when the socket closes, after 1.5 x
// the keepalive when it just goes silent. A clean shutdown publishes the same offline status
// itself, then disconnects. The hub announces bundles with a retained message every screen
// reads (majlis/<venue>/bundle, BundleAnnouncement) and sends commands (Command) to one screen
// (majlis/<venue>/screens/<id>/command) or to a group (majlis/<venue>/groups/<group>/command).
//
// Who may publish what is the broker's business: each screen logs in with its id as user
// name, the hub as "hub", and the broker's ACL lets a screen write only its own status and read
// only the bundle and its commands (docs/fleet.md has the mosquitto config). But the broker (or
// its password file) is not the operator's key, and nothing that arrives over the network changes
// a screen unless the operator's key signed it: every command is signed by the hub with the key
// it signs bundles with and verified by the screen with its --trust key (CommandCheck below). The
// bundle announcement stays unsigned: it only says "check the hub now", and the bundle it points
// to is verified anyway. A status a screen
// publishes for another screen is refused by the broker (MQTT 5 PUBACK "Not authorized", logged
// here); FleetView also ignores a status whose payload id is not its topic's id.
//
// Why libmosquitto: it is the broker's own client library, in Debian, speaks MQTT 5 (reason
// codes, so a refused publish is seen), keeps its own network thread, reconnects with backoff,
// and is thread safe for publish/subscribe from other threads. Every payload that comes from
// the network is untrusted: parsed by the strict, bounded parse() functions below (fuzzed by
// tests/fuzz/presence_fuzz.cpp), never trusted for sizes.
//
// Threads: ScreenPresence and FleetView each own one libmosquitto client and its network thread
// (mosquitto_loop_start). Their callbacks (on_bundle, on_command) are CALLED ON THAT MQTT
// THREAD: keep them short and hand the work over (never call back into the same object's
// destructor from them). Everything is logged through the Log given in, never printed.
#pragma once

#include "core/log.h"
#include "fleet/bundle.h"
#include "fleet/control.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::fleet {

// Screen, group and venue ids: [A-Za-z0-9_-]{1,64} (they are parts of topics and user names).
bool valid_fleet_id(std::string_view id);

// A screen's state and health, the payload of majlis/<venue>/screens/<id>/status. A last will
// carries only id and online=false; every other field then keeps its default.
struct ScreenStatus {
    std::string id;
    bool online = false;
    std::vector<std::string> groups;
    std::string version;           // majlis's version
    int64_t sequence = 0;          // the bundle shown (0: none yet)
    std::string content_version;   // its content_version (sha256 hex), "" when none
    std::string mode;              // lobby, room, kiosk, loop
    std::string hall;              // mode room: the hall shown (a content id), "" otherwise
    std::string lang;              // the shown language
    int64_t uptime_s = 0;          // of the player process
    double fps = 0;
    double rss_mb = 0;
    std::string last_error;        // the last error the screen reported, "" when none
    int64_t clock_offset_ms = 0;   // to the hub's clock
    int width = 0, height = 0;     // pixels
    int rotation = 0;              // 0, 90, 180, 270
    std::optional<double> temperature_c;  // absent where /sys/class/thermal has nothing
    std::string address;           // the screen's primary IP address
    std::string alert;             // the id of the alert the screen shows (control.h), "" none
    int64_t live = 0;              // the issued time (Unix ms) of the newest live set applied
                                   // (control.h: ControlCheck::live), 0 none
    std::string power = "on";      // the display as the screen runs it: on, or off (an override
                                   // blanked it; an alert wakes it)
    int64_t override_ms = 0;       // JSON "override": the issued time (Unix ms) of the newest
                                   // override applied (ControlCheck::screen_override), 0 none
    std::string time;              // when this status was made, "2026-12-06T19:55:00Z"

    // The JSON object (temperature_c left out when unknown).
    std::string to_json() const;
    // Strict and bounded (the payload comes from the network): at most kMaxPayload bytes, a
    // JSON object with a valid "id" and a boolean "online"; every other known field optional
    // but of its type and within its bounds (strings <= 1024 bytes, <= 64 groups of valid ids,
    // numbers in range); unknown fields ignored (a newer screen may add some). nullopt with
    // the reason in *error otherwise.
    static std::optional<ScreenStatus> parse(std::string_view payload, std::string* error);

    // The same state, measurements aside (uptime, fps, RSS, temperature, clock offset and time
    // change all the time and go out with the periodic status, not on their own).
    bool same_state(const ScreenStatus& other) const;
    bool operator==(const ScreenStatus&) const = default;

    static constexpr size_t kMaxPayload = 16 * 1024;
};

// majlis/<venue>/bundle: {"sequence":N,"manifest":"http://hub:port/bundle/manifest.json","content_version":"..."}
struct BundleAnnouncement {
    int64_t sequence = 0;         // > 0
    std::string manifest;         // http:// or https:// URL, <= 2048 bytes
    std::string content_version;  // 64 lowercase hex digits
    std::string to_json() const;
    static std::optional<BundleAnnouncement> parse(std::string_view payload, std::string* error);
    bool operator==(const BundleAnnouncement&) const = default;
};

// majlis/<venue>/screens/<id>/command and .../groups/<group>/command, signed. The payload is two
// lines, like manifest.json and its .sig in one message:
//
//     {"command":"identify","request":"9f2c41d07a3b8e65","time":1796586900123,"target":"majlis/summit/screens/lobby-1/command"}
//     <base64 of the detached Ed25519 signature of the first line's exact bytes>
//
// (each line ends in "\n"). command: screenshot, identify or reload; request: a fresh random id;
// time: the hub's clock when it was sent (Unix ms); target: the topic it is sent on, so a signed
// command cannot be moved to another screen, group or venue. parse() reads the first line only
// (strict: other commands, missing or unknown fields are refused); CommandCheck verifies.
struct Command {
    std::string command;
    std::string request;
    int64_t time_ms = 0;
    std::string target;
    std::string to_json() const;  // the first line, without its "\n"
    static std::optional<Command> parse(std::string_view payload, std::string* error);
    static bool known(std::string_view command);  // screenshot, identify, reload
    bool operator==(const Command&) const = default;
};

// The signed two-line payload commands and control messages (control.h) share: `line` (one line
// of JSON, no "\n" in it), "\n", then the signature line of its exact bytes (bundle.h: sign).
std::string sign_line(std::string_view line, const SecretKey& key);
// The first line of such a payload when the rest is `trusted`'s signature of its bytes; nullopt
// and why (`what` names the payload) otherwise. Nothing of the line is read before this.
std::optional<std::string_view> verified_line(std::string_view payload, const PublicKey& trusted,
                                              std::string_view what, std::string* why);

// The payload of a command: its JSON line and the signature line.
std::string sign_command(const Command& command, const SecretKey& key);

// A screen's check of the commands it receives. A command is refused (nullopt, and why) when:
// its signature is missing or not the trusted key's over the first line's bytes (checked before
// anything else is read); it is not a Command; its target is not the topic it came on (a
// signed command for screen A sent to screen B's topic); its time is more than kMaxSkew from
// this screen's clock corrected by the clock offset it measured to the hub; its request id was
// already accepted within kRemember (a replay). Without a trusted key every command is refused.
// Not thread safe (ScreenPresence calls it on its MQTT thread).
class CommandCheck {
public:
    static constexpr int64_t kMaxSkewMs = 60 * 1000;
    static constexpr int64_t kRememberMs = 5 * 60 * 1000;  // longer than the window a time allows
    static constexpr size_t kMaxRemembered = 4096;         // the oldest are forgotten first

    explicit CommandCheck(std::optional<PublicKey> trusted) : trusted_(std::move(trusted)) {}
    // `now_ms`: this screen's clock (Unix ms); `clock_offset_ms`: the hub's clock minus it.
    std::optional<Command> accept(std::string_view payload, std::string_view topic, int64_t now_ms,
                                  int64_t clock_offset_ms, std::string* why);

private:
    std::optional<PublicKey> trusted_;
    std::map<std::string, int64_t> seen_;  // request -> when accepted (this screen's clock)
};

// Topic names, in one place.
std::string status_topic(std::string_view venue, std::string_view screen);
std::string bundle_topic(std::string_view venue);
std::string screen_command_topic(std::string_view venue, std::string_view screen);
std::string group_command_topic(std::string_view venue, std::string_view group);

// mqtt://user:password@host:port -- user required, password optional here (it may come from a
// file: read_password_file), port 1883 when left out, host a name, an IPv4 address or an IPv6
// one in brackets. User and password may be percent-encoded (%40 for '@'). Anything else
// (mqtts://, a path, a query, no user) is refused with the reason in *error.
struct MqttUrl {
    std::string user;
    std::string password;
    std::string host;
    int port = 1883;
    static std::optional<MqttUrl> parse(std::string_view url, std::string* error);
    std::string redacted() const;  // mqtt://user:***@host:port, for logs
};

// The first line of a password file (--mqtt-password-file), without its line end; nullopt and
// the reason when it cannot be read or is empty.
std::optional<std::string> read_password_file(const std::string& path, std::string* error);

// The connection settings both sides share.
struct MqttSettings {
    MqttUrl url;
    std::string venue = "venue";
    int keepalive_s = 30;               // libmosquitto's minimum is 5
    // Backoff between reconnects (libmosquitto's: min x tries², up to the max: 1, 4, 9, 10, 10 s
    // ...). The max bounds how late a screen back from a network outage shows an alert sent
    // meanwhile; at 30 s the tries fell at 1, 5, 14, 30, 55 s after the loss, and a screen cut
    // off for 31 s waited 24 s more (bench/fleet). 10 s: 5,000 screens of a restarted broker
    // come back at 500 connections a second at most.
    int reconnect_min_s = 1;
    int reconnect_max_s = 10;
    // A screen publishes its status at least this often while its app calls update().
    std::chrono::milliseconds status_period{std::chrono::seconds(30)};
    // The operator's key (bundle.h): the hub's FleetView signs each command with command_key
    // (without it, it sends none); a ScreenPresence accepts only commands signed by
    // command_trust (without it, none).
    std::optional<SecretKey> command_key;
    std::optional<PublicKey> command_trust;
    // A screen keeps the control messages it accepted here (control.h: ControlCheck), so that
    // an alert survives a restart; "" keeps them in memory only. The player's CACHE/control.
    std::string control_dir;
};

// One screen's presence. Connects at construction (in the background: a broker that is down
// is retried with backoff for as long as the object lives); the destructor publishes the
// offline status, waits for the broker's acknowledgement (at most 2 s) and disconnects.
class ScreenPresence {
public:
    struct Callbacks {
        // A bundle announcement (retained: also the current one on every connect). MQTT thread.
        std::function<void(int64_t sequence, const std::string& manifest_url)> on_bundle;
        // A known command to this screen or one of its groups, signed. MQTT thread.
        std::function<void(const std::string& command, const std::string& request)> on_command;
        // A command refused by CommandCheck (already logged), and why. MQTT thread.
        std::function<void(const std::string& why)> on_refused;
        // The alert to show now (control.h: ControlCheck::active), nullptr for none; called when
        // it changes: at construction with what the control folder kept, when a message is
        // accepted on an alert topic, and from check_alerts() when one expires. Any of those
        // threads, never with a lock of the caller of check_alerts() held by the presence.
        std::function<void(std::shared_ptr<const content::Alert>)> on_alert;
        // The live changes to apply now (control.h: ControlCheck::live, never null; empty: none)
        // and the issued time of the newest set in them (0: none); called when they change: at
        // construction with what the control folder kept, when a live message is accepted, and
        // from check_alerts() when a set expires. Like on_alert.
        std::function<void(std::shared_ptr<const content::LiveChanges>, int64_t issued_ms)> on_live;
        // The override to apply now (control.h: ControlCheck::screen_override; empty: none) and
        // the issued time of the newest override in it (0: none); called when it changes, like
        // on_live.
        std::function<void(const content::ScreenOverride&, int64_t issued_ms)> on_override;
        // A control message refused by ControlCheck (already logged), and why. MQTT thread.
        std::function<void(const std::string& why)> on_control_refused;
    };

    // `first`'s id and groups are replaced by `id` and `groups`; online is set. An id, group or
    // venue that is not a valid_fleet_id is logged and nothing connects. The screen subscribes
    // to its commands, the bundle announcements, its three alert topics, its three live
    // topics and its three override topics (control.h).
    ScreenPresence(MqttSettings settings, std::string id, std::vector<std::string> groups,
                   ScreenStatus first, Callbacks callbacks, Log& log);
    ~ScreenPresence();
    ScreenPresence(const ScreenPresence&) = delete;
    ScreenPresence& operator=(const ScreenPresence&) = delete;

    // The screen's current status (id, groups, online and time are filled in here). Published
    // when its state changed (same_state) or when the last one is status_period old; the app calls it
    // every few seconds (a screen whose app stops calling it goes quiet: the hub sees its time
    // get old, and the last will covers a dead process).
    void update(ScreenStatus status);

    // Lets alerts, live sets and overrides that expired end: on_alert (on_live, on_override) is called (on this thread)
    // when that changes the alert to show (the live changes). The app's loop calls it every second or so, holding none of the locks its
    // on_alert takes.
    void check_alerts();

    bool connected() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The hub's (and the tests') view of every screen of a venue.
class FleetView {
public:
    struct Screen {
        ScreenStatus status;
        bool online = false;
        std::chrono::system_clock::time_point last_seen;  // when its last status arrived here
    };
    using Screens = std::map<std::string, Screen>;

    // Connects in the background like ScreenPresence (as user "hub" in a real deployment).
    FleetView(MqttSettings settings, Log& log);
    ~FleetView();
    FleetView(const FleetView&) = delete;
    FleetView& operator=(const FleetView&) = delete;

    Screens screens() const;                            // a copy, thread safe
    std::optional<Screen> screen(const std::string& id) const;
    // Waits until `ready(screens)` holds (checked now and on every status that arrives), at
    // most `timeout`; true if it held.
    bool wait_for(const std::function<bool(const Screens&)>& ready, std::chrono::milliseconds timeout) const;

    // A signed control message (control.h), checked as a screen checks it (ControlCheck with
    // the public half of settings.command_key, any alert topic of the venue), then published
    // retained on its target with the MQTT 5 message expiry of its expires, and acknowledged
    // by the broker. With a command_key the view also reads every alert and live topic of the
    // venue (retained: what the broker holds, also after the hub restarts), for active_alerts()
    // and active_live(). Any alert or live topic of the venue may be a message's target.
    enum class ControlOutcome { Published, Refused, NotSent };
    struct ControlSent {
        ControlOutcome outcome = ControlOutcome::NotSent;
        std::optional<ControlMessage> message;
        std::string why;  // Refused, NotSent
    };
    ControlSent publish_control(std::string_view payload);
    std::vector<ControlMessage> active_alerts() const;
    // The unexpired live sets the broker holds, one per live topic (with a command_key only).
    std::vector<ControlMessage> active_live() const;
    // The unexpired overrides the broker holds, one per override topic (with a command_key only).
    std::vector<ControlMessage> active_overrides() const;

    // Retained, QoS 1. False (logged) when not connected or refused.
    bool publish_bundle_announcement(int64_t sequence, const std::string& manifest_url,
                                     const std::string& content_version);
    // A screen retired for good: its retained status cleared (an empty retained message on its
    // status topic, QoS 1), so it leaves this view and every other one; a screen that comes back
    // publishes a status again and is listed again. False (logged) for a bad id, no connection,
    // or no acknowledgement from the broker.
    bool forget_screen(const std::string& id);
    enum class Target { Screen, Group };
    // Signed with settings.command_key (sign_command), QoS 1, not retained (a command is for
    // screens online now). The request id it made, or nullopt (logged) for an unknown command, a
    // bad id, no key, or no connection.
    std::optional<std::string> send_command(Target target, const std::string& id, const std::string& command);

    bool connected() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Status helpers that need no MQTT.
std::optional<double> process_rss_mb();      // VmRSS of /proc/self/status
int64_t process_uptime_s();                  // since this process started (/proc/self/stat)
// The hottest /sys/class/thermal/thermal_zone*/temp in degrees Celsius; nullopt when there is
// none (virtual machines, most desktops). `root` is for tests.
std::optional<double> temperature_c(const std::string& root = "/sys/class/thermal");
// The first non-loopback IPv4 address of an interface that is up, else a global IPv6 one,
// else "".
std::string primary_address();
// "2026-12-06T19:55:00Z"
std::string utc_time_now();

}  // namespace majlis::fleet
