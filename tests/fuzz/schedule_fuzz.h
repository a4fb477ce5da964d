// The contract both schedule fuzz targets check (schedule_xml_fuzz.cpp, schedule_json_fuzz.cpp):
// parse_schedule on any bytes never crashes or throws; a refusal has an error, and every
// diagnostic names the file and, where it has a line, one inside the input; an accepted export
// is a model the screens can take (ids valid and unique, every session inside its day with
// start < end, in a hall the export has, its speakers among the participants, days in order
// within the conference's dates, a known zone) and writes (schedule_to_toml) TOML that toml++
// reads back.
#pragma once

#include "fuzz_support.h"
#include "content/content.h"
#include "content/schedule.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string_view>

namespace majlis::fuzz {

using majlis::fuzz::check;

inline bool is_id(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

inline void fuzz_schedule(std::string_view text, const char* file) {
    using namespace majlis::content;
    ScheduleOptions options;
    options.file = file;
    const Schedule s = parse_schedule(text, options);
    const int lines = int(std::count(text.begin(), text.end(), '\n')) + 1;
    for (const Diagnostic& d : s.diagnostics)
        check(!d.message.empty() && d.pos.file == file && (d.pos.line == 0 || (d.pos.line <= lines && d.pos.column >= 1)),
              "a diagnostic without a place in the input");
    if (!s.ok()) return;
    check(is_known_time_zone(s.time_zone), "an unknown zone");
    std::set<std::string> halls, people, sessions;
    for (const Hall& h : s.halls) check(is_id(h.id) && halls.insert(h.id).second, "a bad or repeated hall id");
    for (const Participant& p : s.participants)
        check(is_id(p.id) && people.insert(p.id).second && !p.name.empty(), "a bad or repeated participant");
    const Day* last = nullptr;
    for (const Day& d : s.days) {
        check(!last || last->date < d.date, "days out of order");
        check(s.start_date && s.end_date && !(d.date < *s.start_date) && !(*s.end_date < d.date),
              "a day outside the conference's dates");
        last = &d;
        for (const Session& x : d.sessions) {
            check(is_id(x.id) && sessions.insert(x.id).second, "a bad or repeated session id");
            // On its start day; its end may be past midnight, less than a day later (content.h).
            check(x.date == d.date && x.start.value >= 0 && x.start.value < 24 * 60 && x.start < x.end &&
                      x.end.value - x.start.value < 24 * 60,
                  "a session outside its day");
            check(halls.count(x.hall) == 1, "a session in no hall");
            check(!x.title.empty(), "a session without a title");
            for (const std::string& id : x.speakers) check(people.count(id) == 1, "a speaker who is no participant");
        }
    }
    for (const auto& [name, body] : schedule_to_toml(s)) {
        try {
            (void)toml::parse(body);
        } catch (const toml::parse_error&) {
            check(false, "written TOML that does not read back");
        }
    }
}

}  // namespace majlis::fuzz
