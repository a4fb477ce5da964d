// majlis fleet: signed control messages -- what an operator tells screens live: emergency
// alerts (content/alert.h), their cancels, and live changes (content/live_changes.h: sessions
// delayed, moved, full or cancelled, and announcements).
//
// A control message travels like a command (presence.h): two lines, a JSON line and the base64
// detached Ed25519 signature of that line's exact bytes (sign_line / verified_line), signed with
// the operator's key -- the bundle key, on the operator's machine (`majlis alert`), never by the
// hub (which may be less trusted than the operator's laptop). The first line:
//
//   {"kind":"alert","id":"<message id>","issued":<unix ms>,"expires":<unix ms>,"target":"<topic>","alert":{...}}
//   {"kind":"cancel","id":"<message id>","issued":<unix ms>,"expires":<unix ms>,"target":"<topic>","cancels":"<alert id>"}
//   {"kind":"live","id":"<message id>","issued":<unix ms>,"expires":<unix ms>,"target":"<topic>","live":{...}}
//
// id: a fresh [A-Za-z0-9_-]{1,64}; issued: when it was signed; expires: after it, it is nothing
// (for an alert, alert.expires equals it); target: the topic it is published on, so a signed
// message cannot be moved to another screen, group or venue. "alert" holds the Alert as JSON:
//
//   {"id":"evac-1","severity":"extreme","status":"actual","pictogram":"evacuate","sent":<ms>,
//    "expires":<ms>,"texts":[{"lang":"ar","headline":"...","description":"...","instruction":"..."}]}
//
// "live" holds the LiveChanges JSON body (content::parse_live_changes, strict): the complete set
// of changes in force for its target; {} withdraws them all.
//
//   {"kind":"override","id":"...","issued":<ms>,"expires":<ms>,"target":"<topic>",
//    "override":{"mode":"lobby|room|kiosk|loop","hall":"<hall id>","lang":"<code>","power":"on|off"}}
//
// "override" (content/screen_override.h) sets a screen's mode, hall, language or display power
// for a while over its own settings: every field optional (absent: the screen's own), "hall" with
// mode "room" only and "room" only with a hall, {} back to the screen's own settings.
//
// Parsing is strict: unknown or missing fields, wrong types, an Alert that breaks alert.h's rules
// (content::alert_problem) are refused, and the payload is bounded (kMaxPayload).
//
// Topics (retained, QoS 1, MQTT 5 message expiry interval = expires - now):
//   majlis/<venue>/alert                   every screen of the venue
//   majlis/<venue>/groups/<group>/alert    a group
//   majlis/<venue>/screens/<id>/alert      one screen
// A cancel goes on the topic of the alert it ends: retained, it replaces the alert there.
// Live changes have their own three topics, each holding the complete set for its target:
//   majlis/<venue>/live                    every screen of the venue
//   majlis/<venue>/groups/<group>/live     a group
//   majlis/<venue>/screens/<id>/live       one screen
// Screen overrides too:
//   majlis/<venue>/override                every screen of the venue ("blank every screen tonight")
//   majlis/<venue>/groups/<group>/override a group
//   majlis/<venue>/screens/<id>/override   one screen
// Each kind has its three topics, their last level its leaf (control_topic_leaf: alert for
// alerts and cancels, live, override): a message on a topic of another kind is refused.
//
// ControlCheck is what a screen (and the hub, before it publishes) holds against every message:
//   1. the signature is the trusted key's over the first line (checked before anything is read);
//   2. it is a ControlMessage and its target is the topic it came on;
//   3. the same bytes as the last message accepted on that topic: a redelivery (every reconnect
//      brings the retained message again), accepted and changing nothing;
//   4. expires > now and issued <= now + 60 s, "now" being this machine's clock corrected by the
//      offset it measured to the hub (like CommandCheck);
//   5. issued is later than that of the last message accepted on that topic: an older or equal
//      one is a replay (an old, validly signed alert sent again) and refused.
// The last message accepted on each topic is kept in a folder (the player's CACHE/control/, one
// file per topic: the topic with '/' as '.', holding the payload's exact bytes, written aside and
// renamed in) and verified again when the check starts: a restarted screen shows an unexpired
// alert at once, before the broker answers, and refuses a replayed old message after a restart
// too. A file that does not verify is removed and logged.
//
// The alert a screen shows (active()): of the unexpired alerts accepted on its topics, the most
// severe, then the latest issued; none when there is none. An alert ends when it expires or when
// a cancel (or a newer alert) replaces it on its topic.
//
// The live changes a screen applies (live()): the unexpired live sets accepted on its topics,
// merged (merge_live_changes): sessions and announcements united; a session (or an
// announcement id) in several sets takes the most specific target's -- the screen's over its
// groups' over the venue's (between two groups, the later issued).
//
// The override a screen applies (screen_override()): its unexpired overrides merged field by
// field (merge_screen_overrides), the most specific target winning like live sets: the screen's
// over its groups' (between two groups, the later issued) over the venue's.
//
// Not thread safe: its owner (ScreenPresence, FleetView) holds a mutex around it.
#pragma once

#include "content/alert.h"
#include "content/live_changes.h"
#include "content/screen_override.h"
#include "core/log.h"
#include "fleet/bundle.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::fleet {

enum class ControlKind { Alert, Cancel, Live, Override };

// Every kind of control message has three topics: majlis/<venue>/<leaf>,
// majlis/<venue>/groups/<group>/<leaf> and majlis/<venue>/screens/<id>/<leaf>, its leaf "alert"
// (alerts and cancels), "live" or "override".
const char* control_topic_leaf(ControlKind kind);
// A screen's topics of a leaf: the venue's, each of its groups', its own (least specific first).
std::vector<std::string> screen_control_topics(std::string_view venue, std::string_view screen,
                                               const std::vector<std::string>& groups, std::string_view leaf);
// Whether `topic` is one of `venue`'s topics of that leaf (for any valid group or screen id).
bool is_control_topic_of(std::string_view venue, std::string_view topic, std::string_view leaf);
// The topic of that leaf an operator's target names: "all" (the venue's), "group:G", "screen:ID"
// (`majlis alert|live|screen --screens`, the hub's ?target=); nullopt for anything else.
std::optional<std::string> target_topic(std::string_view venue, std::string_view screens, std::string_view leaf);

std::string venue_alert_topic(std::string_view venue);
std::string group_alert_topic(std::string_view venue, std::string_view group);
std::string screen_alert_topic(std::string_view venue, std::string_view screen);
// A screen's three kinds of alert topic: the venue's, each of its groups', its own.
std::vector<std::string> screen_alert_topics(std::string_view venue, std::string_view screen,
                                             const std::vector<std::string>& groups);
// Whether `topic` is one of those of `venue` (for any valid group or screen id).
bool is_alert_topic(std::string_view venue, std::string_view topic);

std::string venue_live_topic(std::string_view venue);
std::string group_live_topic(std::string_view venue, std::string_view group);
std::string screen_live_topic(std::string_view venue, std::string_view screen);
// A screen's live topics: the venue's, each of its groups', its own (least specific first).
std::vector<std::string> screen_live_topics(std::string_view venue, std::string_view screen,
                                            const std::vector<std::string>& groups);
bool is_live_topic(std::string_view venue, std::string_view topic);
// An alert, live or override topic of `venue`: what the hub relays.
bool is_control_topic(std::string_view venue, std::string_view topic);

const char* control_kind_name(ControlKind kind);  // "alert", "cancel", "live"

struct ControlMessage {
    ControlKind kind = ControlKind::Alert;
    std::string id;           // the message's own id
    int64_t issued_ms = 0;
    int64_t expires_ms = 0;
    std::string target;       // the topic
    content::Alert alert;     // kind Alert
    std::string cancels;      // kind Cancel: the id of the alert it ends
    content::LiveChanges live;  // kind Live: the complete set for its target
    content::ScreenOverride screen_override;  // kind Override: over the target's own settings

    std::string to_json() const;  // the first line, without its "\n"
    static std::optional<ControlMessage> parse(std::string_view line, std::string* error);
    bool operator==(const ControlMessage&) const = default;

    // A live set of kMaxLiveChangesBytes, the envelope and the signature.
    static constexpr size_t kMaxPayload = content::kMaxLiveChangesBytes + 16 * 1024;
};

// The payload: the JSON line and the signature line (presence.h: sign_line).
std::string sign_control(const ControlMessage& message, const SecretKey& key);

// Live sets merged, `sets` ordered from the least specific target to the most: a session change
// or an announcement of a later set replaces one of an earlier set for the same session or id;
// the rest are united (in the order first seen).
content::LiveChanges merge_live_changes(const std::vector<const content::LiveChanges*>& sets);

// An Alert from its JSON text (the "alert" object above), as strictly as parse() reads it
// (the hub's dashboard composes one this way before signing it).
std::optional<content::Alert> parse_alert_json(std::string_view text, std::string* error);

// An override from its JSON text (the "override" object above), as strictly as parse() reads it
// (the hub's dashboard sends one this way before the hub signs it).
std::optional<content::ScreenOverride> parse_override_json(std::string_view text, std::string* error);
// Its JSON text (the "override" object above; {} the empty one).
std::string override_json(const content::ScreenOverride& o);

// Overrides merged field by field, `overrides` ordered from the least specific target to the
// most: a later one's mode (with its hall), lang and power replace an earlier one's; what no
// override sets stays empty (the screen's own).
content::ScreenOverride merge_screen_overrides(const std::vector<const content::ScreenOverride*>& overrides);

class ControlCheck {
public:
    static constexpr int64_t kMaxSkewMs = 60 * 1000;
    static constexpr size_t kMaxTopics = 4096;  // the hub's view of a venue; a screen has a few

    // `topics` says which topics are this check's (others are refused); `dir` keeps what is
    // accepted ("" keeps it in memory only) and is read now. Without a trusted key, everything
    // is refused.
    ControlCheck(std::optional<PublicKey> trusted, std::function<bool(std::string_view topic)> topics,
                 std::string dir, Log& log);

    enum class Verdict { Accepted, Redelivered, Refused };
    struct Result {
        Verdict verdict = Verdict::Refused;
        std::optional<ControlMessage> message;  // Accepted and Redelivered
        std::string why;                        // Refused
    };
    // `now_ms`: this machine's clock (Unix ms); `clock_offset_ms`: the hub's clock minus it.
    Result accept(std::string_view payload, std::string_view topic, int64_t now_ms, int64_t clock_offset_ms);

    // The alert to show at this time (nullptr: none). The same pointer while it stays the one.
    std::shared_ptr<const content::Alert> active(int64_t now_ms, int64_t clock_offset_ms) const;
    // The unexpired alerts accepted, with the message that carried each (the hub's /api/alerts).
    std::vector<ControlMessage> active_alerts(int64_t now_ms, int64_t clock_offset_ms) const;

    // The live changes to apply at this time: the unexpired live sets merged (see above), and
    // the issued time of the newest of them (0: none).
    struct Live {
        std::shared_ptr<const content::LiveChanges> changes;  // never null
        int64_t issued_ms = 0;
    };
    Live live(int64_t now_ms, int64_t clock_offset_ms) const;
    // The unexpired live messages accepted, one per topic (the hub's /api/live).
    std::vector<ControlMessage> active_live(int64_t now_ms, int64_t clock_offset_ms) const;

    // The override to apply at this time: the unexpired overrides merged (see above), and the
    // issued time of the newest of them (0: none).
    struct Override {
        content::ScreenOverride settings;
        int64_t issued_ms = 0;
    };
    Override screen_override(int64_t now_ms, int64_t clock_offset_ms) const;
    // The unexpired override messages accepted, one per topic (the hub's /api/overrides).
    std::vector<ControlMessage> active_overrides(int64_t now_ms, int64_t clock_offset_ms) const;

private:
    struct Held {
        std::string payload;                         // exact bytes
        ControlMessage message;
        std::shared_ptr<const content::Alert> alert;  // kind Alert
    };
    std::optional<Held> verify(std::string_view payload, std::string_view topic, std::string* why) const;
    // The unexpired messages of a kind, one per topic, from the least specific target to the most
    // (between two of the same, the earlier issued first): what live() and screen_override() merge.
    std::vector<const ControlMessage*> in_force(ControlKind kind, int64_t now_ms, int64_t clock_offset_ms) const;
    void keep(const std::string& topic, const std::string& payload);
    void load();

    std::optional<PublicKey> trusted_;
    std::function<bool(std::string_view)> topics_;
    std::string dir_;
    Log& log_;
    std::map<std::string, Held> held_;  // topic -> the last message accepted on it
};

// `majlis alert`: an operator's order, signed on the operator's machine and posted to the hub.
//
//   majlis alert --hub URL --key KEY (--text-file FILE | --cap FILE.xml | --cancel ID)
//                [--expires 30m] [--severity extreme|severe|moderate] [--status actual|exercise|test]
//                [--screens all|group:G|screen:ID]
//
// URL may carry an operator's name and password (http://name:password@hub:8080, for a hub with
// --operators). First GET /api/hub: the hub's public key must be KEY's (else nothing is sent:
// the screens trust the hub's key, and an alert signed with another would be refused anyway),
// and its venue names the topics. Then, each message signed and POSTed to /api/control:
//   --text-file  an alert (content::load_alert_file) with a fresh id, the severity and status
//                given (default severe, actual), sent now, expiring after --expires (default
//                30 m), on the --screens' topic (default all: the venue's);
//   --cap        the CAP message's alert (its identifier, times, severity and status; a flag
//                given wins): an Alert goes to --screens; an Update replaces the alerts its
//                references name: sent on the topic of the first one active (GET /api/alerts)
//                unless --screens says where, and a cancel for those on other topics; a Cancel
//                ends them: a cancel on each topic they are active on;
//   --cancel ID  a cancel on each topic alert ID is active on (or on --screens' topic).
// A cancel expires with the alert it ends (at least after --expires), so that it replaces the
// alert on the broker for as long as the alert would have lasted. What is sent and what the hub
// answers is printed on `out`. 0: every message published; 1: something refused (by the hub,
// the key check, nothing to cancel) or the hub unreachable; 2: bad usage or input (errors logged).
struct AlertOrder {
    std::string hub, key_path;
    std::string text_file, cap_file, cancel_id;  // exactly one
    std::string expires = "30m";                 // N followed by s, m or h
    std::string severity, status;                // "" the default (or CAP's)
    std::string screens = "all";
    bool screens_given = false;                  // --screens was on the command line
};
int send_alert(const AlertOrder& order, Log& log, std::FILE* out);

// `majlis live`: the complete set of live changes for a target, signed here and posted to the hub
// like an alert (the same hub check and POST as send_alert).
//
//   majlis live --hub URL --key KEY --file changes.json [--screens all|group:G|screen:ID] [--expires 7d]
//
// The file is a LiveChanges body (content::parse_live_changes; {} withdraws every change of the
// target); it replaces what the target's live topic held. Expires after --expires (default 7 d,
// at most 7 d; after it, the screens drop the set). Exit codes as send_alert's.
struct LiveOrder {
    std::string hub, key_path, file;
    std::string expires = "7d";                  // N followed by s, m, h or d
    std::string screens = "all";
};
int send_live(const LiveOrder& order, Log& log, std::FILE* out);

// `majlis screen`: an override of a target's mode, hall, language or display power, signed here
// and posted to the hub like an alert (the same hub check and POST as send_alert).
//
//   majlis screen --hub URL --key KEY --screens all|group:G|screen:ID [--mode lobby|room|kiosk|loop]
//                 [--hall H] [--lang L] [--power on|off] [--expires 4h] [--clear]
//
// It replaces what the target's override topic held (the fields not given are the screens' own);
// --clear sends the empty override (back to the screens' own settings) and takes no field. A hall
// alone means mode room. Expires after --expires (default 4 h, at most 7 d; after it, the screens
// go back to their own settings). Exit codes as send_alert's.
struct ScreenOrder {
    std::string hub, key_path;
    std::string screens;                         // required
    content::ScreenOverride settings;
    bool clear = false;
    std::string expires = "4h";                  // N followed by s, m, h or d
};
int send_screen(const ScreenOrder& order, Log& log, std::FILE* out);

// "30m" -> 1800000: a whole number of seconds (s), minutes (m), hours (h) or days (d), 1 s to 7 days.
std::optional<int64_t> parse_alert_duration_ms(std::string_view text);

}  // namespace majlis::fleet
