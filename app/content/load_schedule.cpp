// majlis content: the schedule export event.toml names (`[schedule] file = "schedule.xml"`),
// imported before the hand-written TOML, which then overrides it by id (see loader.h, schedule.h).
//
// The export is read like every content file (inside the folder, a size limit, well-formed
// UTF-8), then parsed by parse_schedule in the event's time zone (event.toml's, else the
// export's) with texts keyed by the event's default language where the export says none. Its
// errors are the folder's errors (nothing of it is used); its warnings are the folder's
// warnings. What it gives goes into the event: halls, days and sessions, participants (ordered
// after the roster's own, in the order the export names them: see finish()), and the event's
// id, name, dates and time zone where event.toml leaves them out. Characters no font covers in
// its titles and names are warnings.
#include "content/loader.h"
#include "content/schedule.h"

#include <set>

namespace majlis::content::detail {

void Loader::load_schedule(const std::string& rel, const SourcePos& pos, bool has_dates) {
    const int toml_file = file_;
    const int f = read_text(rel, &pos, true, kMaxScheduleBytes);
    file_ = toml_file;
    if (f < 0) return;
    ScheduleOptions options;
    options.file = rel;
    if (known_time_zone(event_.time_zone)) options.time_zone = event_.time_zone;
    if (languages_ok_) options.lang = event_.languages.default_lang;
    Schedule schedule = parse_schedule(files_[(size_t)f].text, options);
    for (Diagnostic& d : schedule.diagnostics) diags_.push_back(std::move(d));
    if (!schedule.ok()) return;

    if (event_.id.empty()) event_.id = schedule.id.empty() ? "event" : schedule.id;
    if (event_.name.empty()) event_.name = schedule.title;
    if (event_.name.empty()) error(pos, "the schedule has no title: give the event's 'name'");
    if (event_.time_zone.empty()) event_.time_zone = schedule.time_zone;
    if (!has_dates) {
        if (schedule.start_date && schedule.end_date) {
            event_.start_date = *schedule.start_date;
            event_.end_date = *schedule.end_date;
            dates_ok_ = true;
        } else {
            error(pos, "the schedule has no dates: give 'start_date' and 'end_date'");
        }
    }
    for (Hall& h : schedule.halls) {
        imported_halls_[h.id] = event_.halls.size();
        event_.halls.push_back(std::move(h));
    }
    if (event_.halls.empty()) error(pos, "the schedule has no rooms: give the event's halls ([[hall]])");
    for (Day& day : schedule.days) {
        if (dates_ok_ && (day.date < event_.start_date || day.date > event_.end_date)) {
            warning(pos, "day " + fmt_date(day.date) + " of " + quote(rel) + " is outside the event's dates (" +
                             fmt_range(event_.start_date, event_.end_date) + "): its " +
                             std::to_string(day.sessions.size()) + " session" + (day.sessions.size() == 1 ? "" : "s") +
                             " left out");
            continue;
        }
        for (size_t i = 0; i < day.sessions.size(); ++i) {
            imported_sessions_[day.sessions[i].id] = {event_.days.size(), i};
            imported_times_.insert(day.sessions[i].id);
        }
        event_.days.push_back(std::move(day));
    }
    imported_days_ = event_.days.size();
    for (Participant& p : schedule.participants) {
        imported_participants_[p.id] = event_.participants.size();
        event_.participants.push_back(std::move(p));
    }
    check_schedule_fonts();
}

// The export's texts in a script no font of their language covers would show as boxes: warned
// about (the export is not the staff's to fix), once per text and character.
void Loader::check_schedule_fonts() {
    if (!options_.coverage) return;
    auto check = [&](const LocalText& text, const std::string& what, const SourcePos& pos) {
        for (const auto& [lang, value] : text.by_lang) {
            std::set<char32_t> seen;
            for (char32_t cp : options_.coverage(value, lang))
                if (seen.insert(cp).second)
                    warning(pos, what + " has " + code_point_label(cp) + ", which no font for " + quote(lang) + " covers");
        }
    };
    for (const auto& [id, i] : imported_halls_) check(event_.halls[i].name, "the name of hall " + quote(id), event_.halls[i].pos);
    for (const auto& [id, at] : imported_sessions_) {
        const Session& s = event_.days[at.first].sessions[at.second];
        check(s.title, "the title of session " + quote(id), s.pos);
        check(s.subtitle, "the subtitle of session " + quote(id), s.pos);
    }
    for (const auto& [id, i] : imported_participants_)
        check(event_.participants[i].name, "the name of participant " + quote(id), event_.participants[i].pos);
}

void Loader::override_text(LocalText& into, const LocalText& given) {
    if (given.empty()) return;
    for (const auto& [lang, text] : given.by_lang) into.by_lang[lang] = text;
    into.pos = given.pos;
    if (!text_tables_.empty() && text_tables_.back().pos.line == given.pos.line &&
        text_tables_.back().pos.column == given.pos.column)
        text_tables_.back().text = into;
}

}  // namespace majlis::content::detail
