// majlis content: changes made live, while the event runs, without republishing the bundle:
// "the plenary starts 20 minutes late", "moved to Sarazm Hall", "Sarazm Hall is full",
// "cancelled", and announcements for the ticker.
//
// The operator makes them against what the bundle says. Each session change names the session
// and carries the fingerprint of the session it was made against (session_fingerprint: a short
// hash of the session's date, times, hall and titles as the bundle has them). When the bundle
// itself changes that session afterwards (the organisers moved it properly), the fingerprint no
// longer matches and the live change is dropped: the bundle is the newer word. A change for a
// session the event no longer has, or a move to a hall it does not have, is dropped the same
// way. Dropped changes are returned, so that the app logs each once.
//
// The changes are a plain value (LiveChanges) that arrives as JSON (parse_live_changes; the
// fleet carries it signed, app/fleet/control.h) and is applied to the event the screens show
// (apply_live_changes): a copy of the event with the times shifted, the hall changed and the
// flags set on each changed session (Session::live keeps what the bundle said, for "was 10:00"
// and "moved from"), the days' sessions re-sorted by their new start, and the announcements
// valid now added to the event's announcements (the lobby's ticker) and to the end of the
// playlist as announcement slides (the loop). Screens draw from the result like from any event;
// they read Session::live for the badges (screens/painter.h: the badge).
//
// Announcements have optional from/until times (UTC ms). Only those valid at the moment of
// applying are added, so the app applies again when one starts or ends
// (next_live_change_at); between those moments the applied event stays the same.
//
// The JSON body (strict: unknown fields, wrong types, duplicates and out-of-range values are
// refused with the path of the first problem; at most kMaxLiveChangesBytes):
//
//   {"sessions": [{"session": "opening", "based_on": "9f86d081884c7d65",
//                  "delay_minutes": 20, "hall": "sarazm", "full": true, "cancelled": false}],
//    "announcements": [{"id": "lunch", "text": {"ar": "...", "en": "Lunch is served"},
//                       "from": 1760000000000, "until": 1760003600000}]}
//
// Both lists are optional. A session change needs "session" and "based_on" and changes at
// least one thing (a delay of 1..kMaxDelayMinutes, a hall, full or cancelled true); a session
// may be both delayed and moved. An announcement needs "id" and a "text" in at least one
// language; "from" and "until" are optional (until after from).
#pragma once

#include "content/content.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::content {

constexpr size_t kMaxLiveChangesBytes = 256u << 10;
constexpr size_t kMaxSessionChanges = 500;
constexpr size_t kMaxLiveAnnouncements = 50;
constexpr size_t kMaxLiveTextBytes = 1024;      // an announcement's text in one language
constexpr size_t kMaxLiveLanguages = 16;
constexpr int kMaxDelayMinutes = 720;

// One session changed live.
struct SessionChange {
    std::string session;        // the Session's id
    std::string based_on;       // session_fingerprint of the session the change was made against
    int delay_minutes = 0;      // 0: on time
    std::string hall;           // "": where the bundle puts it; else the Hall id it moved to
    bool full = false;
    bool cancelled = false;
    bool operator==(const SessionChange&) const = default;
};

// An announcement for the ticker, made live. It has no dayparts (content.h: Daypart): an
// operator says what to show now, for the window given; the bundle's announcements plan the days.
struct LiveAnnouncement {
    std::string id;
    std::map<std::string, std::string> text;  // by language: "ar" -> "..."
    std::optional<int64_t> from_ms, until_ms; // Unix ms; from inclusive, until exclusive
    bool operator==(const LiveAnnouncement&) const = default;
};

struct LiveChanges {
    std::vector<SessionChange> sessions;          // each session at most once
    std::vector<LiveAnnouncement> announcements;  // each id at most once
    bool operator==(const LiveChanges&) const = default;
    bool empty() const { return sessions.empty() && announcements.empty(); }
};

// What the bundle says about a session (its date, start, end, hall and titles in every
// language; on an event with live changes applied, what the bundle said before them), hashed
// (XXH3, 64 bits): 16 lower-case hex digits.
std::string session_fingerprint(const Session& session);

// The JSON body above; nullopt with `error` set ("sessions[1].delay_minutes is out of range
// (1 to 720)") when it is not exactly that. Never throws.
std::optional<LiveChanges> parse_live_changes(std::string_view json, std::string& error);
// The same as JSON (what parse_live_changes reads back to an equal value); empty lists left out.
std::string to_json(const LiveChanges& changes);

// A change the event could not take.
struct DroppedChange {
    std::string session;   // the session's id
    std::string reason;    // "the bundle changed the session since the change was made"
    std::string format() const;  // "live change of session 'opening' dropped: ..."
};

// The event with `changes` applied at `now_utc_ms` (see above); the dropped session changes
// are appended to `dropped` when given. The event itself is not modified.
std::shared_ptr<const Event> apply_live_changes(const Event& event, const LiveChanges& changes, int64_t now_utc_ms,
                                                std::vector<DroppedChange>* dropped = nullptr);

// The first moment after `now_utc_ms` at which an announcement of `changes` starts or ends
// (apply again then); nullopt when none does.
std::optional<int64_t> next_live_change_at(const LiveChanges& changes, int64_t now_utc_ms);

}  // namespace majlis::content
