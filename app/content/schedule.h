// majlis content: a conference's published schedule (frab schedule.xml, c3voc/pretalx
// schedule.json) read into the content model.
//
// Conferences keep their programme in pretalx or frab; both export frab's schedule.xml (XSD in
// the voc/schedule repository) and the c3voc schedule.json (its JSON schema, same repository).
// A content folder names one in event.toml (`[schedule] file = "schedule.xml"`, or a `url`
// that schedule_fetch.h fetches into the folder); the loader imports it first and then reads
// the hand-written TOML, which is authoritative: a hall, session or participant written there
// with an imported id overrides the keys it gives and keeps the others (an Arabic title, a
// hall's names, `hidden = true`). `majlis import` writes an ordinary content folder from an
// export instead (schedule_to_toml).
//
// The mapping (docs/content.md has the table):
//   conference            -> the event: title (in `lang`), acronym (its id), start and end dates,
//                            time_zone_name
//   room (XML <room name>, JSON day.rooms keys and conference.rooms)
//                         -> a hall: id from the name (transliterated to ASCII, lower case,
//                            "Saal 1" -> "saal-1", "Кинозал" -> "kinozal"; "room" when nothing is left), name in `lang`
//   event                 -> a session: id = the export's numeric id ("1234"); title, subtitle
//                            and abstract + description (Markdown, as pretalx writes them, read
//                            into plain paragraphs) keyed by the session's language when it is
//                            a language code, else `lang`; start from `date` (a date-time with
//                            a UTC offset) else day date + `start`; `duration`; `track`,
//                            `language`, `url`; `type` -> kind (break, ceremony, press,
//                            plenary; other); persons -> speakers
//   person                -> a participant: id = pretalx `code` (lower case), else the frab id,
//                            else from the name; name, biography (Markdown), avatar URL
// Times are placed in one time zone: `time_zone` if given (the content's), else the export's
// time_zone_name, else the UTC offset its times carry (frab files often give only "+01:00":
// whole hours become Etc/GMT-1 and the like). A session is on the calendar date it starts on
// there (a frab "day" running past midnight spreads over two dates); one that runs past
// midnight stays on that date, its end past 24:00 (content.h: Session).
//
// Strict and bounded, as for anything that may come over the network: at most kMaxScheduleBytes,
// nesting at most kMaxScheduleDepth, at most kMaxScheduleItems days, rooms, sessions or persons,
// texts at most kMaxScheduleText bytes. Errors (the export is not used) are malformed XML or
// JSON, a missing or malformed required value (conference title; an event's id, title, start,
// duration), a duplicate event id; each is at its line and column in XML and named by a JSON
// pointer in JSON (nlohmann keeps no positions): "schedule.json: error:
// /schedule/conference/days/1/rooms/Saal 1/3/start: ...". Warnings (imported anyway, as well as
// can be) are mapping problems: a room the conference does not list, an event whose <room>
// differs from the room it is in, a session lasting a day or more (it ends a minute short of a
// day here), an unknown
// time zone name, an event without duration (left out). Overlapping sessions in one room are the
// loader's warning (it knows the TOML's overrides).
//
// HTML entities that exports carry in plain texts (`&amp;`, `&nbsp;`, `&#1241;`) are decoded,
// as in document bodies.
#pragma once

#include "content/content.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::content {

constexpr uint64_t kMaxScheduleBytes = 32u << 20;  // a big congress's schedule.json is ~5 MiB
constexpr int kMaxScheduleDepth = 32;               // JSON/XML nesting
constexpr size_t kMaxScheduleItems = 100000;        // days, rooms, sessions, persons (each)
constexpr size_t kMaxScheduleText = 64 * 1024;      // one text (a description), bytes

struct ScheduleOptions {
    std::string file;       // how messages name the export ("schedule.xml")
    std::string time_zone;  // the content's IANA zone; "" = the export's own
    std::string lang;       // texts without a language of their own ("" = "en")
};

// An export in the content model's terms.
struct Schedule {
    std::string version;                    // the export's version (changes on each release)
    std::string id;                         // the acronym as an id ("38c3"), "" when it is none
    LocalText title;                        // the conference's, in ScheduleOptions::lang
    std::optional<Date> start_date, end_date;  // the conference's, widened to every session
    std::string time_zone;                  // the IANA zone the sessions were placed in
    std::vector<Hall> halls;                // in the export's order
    std::vector<Day> days;                  // by date; sessions by start, then hall order
    std::vector<Participant> participants;  // in order first met; protocol_order 0
    std::vector<Diagnostic> diagnostics;    // errors and warnings, in the export's order
    bool ok() const;                        // no errors
};

// Reads an export, XML or JSON by its first character. Never throws (std::bad_alloc aside).
Schedule parse_schedule(std::string_view text, const ScheduleOptions& options);

// The content folder `majlis import` writes: file name -> TOML text (event.toml, agenda.toml,
// participants.toml when there are participants), written through toml++. `languages`: the
// display languages, the first the default; empty: the one most sessions are held in (else the
// title's).
std::map<std::string, std::string> schedule_to_toml(const Schedule& schedule,
                                                    std::vector<std::string> languages = {});

// `majlis import FILE --out DIR`: reads the export, prints its diagnostics to `err`, writes the
// folder (which must not exist or be empty). 0 written, 1 a malformed export or an unwritable
// folder.
int import_command(const std::string& file, const std::string& out_dir, const ScheduleOptions& options,
                   std::FILE* err);

}  // namespace majlis::content
