// majlis content: agenda.toml, the days and their sessions (see loader.h).
#include "content/loader.h"

#include <algorithm>

namespace majlis::content::detail {

constexpr int kNightHours = 12;  // a session running past midnight longer than this: a warning

void Loader::load_agenda_toml() {
    std::optional<toml::table> doc = parse_toml("agenda.toml", !has_schedule_);
    if (!doc) return;
    const Rec root = root_rec(*doc);
    check_keys(*doc, "", {"day"});
    std::map<Date, int> day_lines;
    std::map<std::string, int> session_lines;
    for (const toml::table* t : get_tables(root, "day", "day")) {
        Day day;
        Rec r{t, "day", "", at(*t)};
        check_keys(*t, "", {"date", "title", "session"});
        SourcePos dpos;
        size_t imported_day = imported_days_;  // the export's day of this date, if any
        if (auto d = get_date(r, "date", true, &dpos)) {
            day.date = *d;
            r.what = "day " + fmt_date(*d);
            if (!day_lines.emplace(*d, dpos.line).second)
                error(dpos,
                      "duplicate day " + fmt_date(*d) + " (first at line " + std::to_string(day_lines[*d]) + ")");
            else
                for (size_t i = 0; i < imported_days_; ++i)
                    if (event_.days[i].date == *d) imported_day = i;
            if (dates_ok_ && (*d < event_.start_date || *d > event_.end_date))
                error(dpos,
                      "day " + fmt_date(*d) + " is outside the event's dates (" +
                          fmt_range(event_.start_date, event_.end_date) + ")");
        }
        day.title = get_text(r, "title", false);
        for (const toml::table* st : get_tables(r, "session", "day.session")) {
            // A session the export has: overridden where it is (on its own day).
            const toml::node* idn = st->get("id");
            const auto it = idn && idn->is_string() ? imported_sessions_.find(idn->as_string()->get())
                                                    : imported_sessions_.end();
            if (it != imported_sessions_.end()) {
                Session& s = event_.days[it->second.first].sessions[it->second.second];
                if (s.date != day.date) {
                    error(at(*st), "session " + quote(s.id) + " is on " + fmt_date(s.date) +
                                       " in the schedule: write what overrides it under that day");
                    continue;
                }
                load_session(*st, s, session_lines, true);
                continue;
            }
            Session s;
            s.date = day.date;
            s.pos = at(*st);
            if (load_session(*st, s, session_lines, false)) day.sessions.push_back(std::move(s));
        }
        if (imported_day < imported_days_) {
            Day& into = event_.days[imported_day];
            override_text(into.title, day.title);
            for (Session& s : day.sessions) into.sessions.push_back(std::move(s));
        } else {
            event_.days.push_back(std::move(day));
        }
    }
}

bool Loader::load_session(const toml::table& t, Session& s, std::map<std::string, int>& lines, bool imported) {
    const bool required = !imported;
    Rec r{&t, "session", "", s.pos};
    check_keys(t, "", {"id", "start", "end", "hall", "kind", "title", "subtitle", "description", "speakers",
                       "documents", "track", "language", "url", "hidden"});
    SourcePos pos;
    if (auto id = get_id(r, "id", true, &pos)) {
        s.id = *id;
        r.what = "session " + quote(*id);
        if (!lines.emplace(*id, pos.line).second)
            error(pos,
                  "duplicate session id " + quote(*id) + " (first at line " + std::to_string(lines[*id]) + ")");
    }
    std::optional<Minutes> start = get_time(r, "start", required);
    std::optional<Minutes> end = get_time(r, "end", required);
    const bool times_written = start || end;
    std::optional<std::string> hall = get_string(r, "hall", required, &pos);
    if (hall) {
        s.hall = *hall;
        hall_refs_.push_back(Ref{*hall, pos});
    }
    if (auto kind = get_string(r, "kind", required, &pos)) {
        static const std::vector<std::string> names = {"arrival",   "ceremony", "photo",    "plenary", "statement",
                                                       "bilateral", "press",    "adoption", "break",   "other"};
        const auto it = std::find(names.begin(), names.end(), *kind);
        if (it == names.end()) error(pos, "unknown session kind " + quote(*kind) + did_you_mean(*kind, names));
        else s.kind = (SessionKind)(it - names.begin());
    }
    override_text(s.title, get_text(r, "title", required));
    override_text(s.subtitle, get_text(r, "subtitle", false));
    override_text(s.description, get_text(r, "description", false));
    if (t.get("speakers")) {
        const auto speakers = get_strings(r, "speakers", false);
        s.speakers.clear();
        for (const auto& [id, p] : speakers) {
            s.speakers.push_back(id);
            participant_refs_.push_back(Ref{id, p});
        }
        check_twice(r, "speakers", speakers);
    }
    const auto docs = get_strings(r, "documents", false);
    for (const auto& [id, p] : docs) {
        s.documents.push_back(id);
        document_refs_.push_back(Ref{id, p});
    }
    check_twice(r, "documents", docs);
    if (auto track = get_string(r, "track", false)) s.track = *track;
    if (auto lang = get_string(r, "language", false, &pos); lang && check_language(*lang, pos)) s.language = *lang;
    if (auto url = get_url(r, "url")) s.url = *url;
    if (std::optional<bool> hidden = get_bool(r, "hidden"); hidden && *hidden) hidden_sessions_.insert(s.id);
    if (imported) {
        // The export's times and hall stay unless given; a new start alone keeps the duration.
        if (start || end || hall) {
            imported_times_.erase(s.id);
            s.pos = at(t);
        }
        if (start && !end) end = Minutes{start->value + (s.end.value - s.start.value)};
        if (!start) start = s.start;
        if (!end) end = Minutes{s.end.value % (24 * 60)};  // as written: the next day's time
    }
    if (!start || !end) return false;
    s.start = *start;
    s.end = *end;
    const std::string who = "session " + quote(s.id);
    if (s.end == s.start) {
        error(s.pos, who + " ends when it starts (" + fmt_minutes(s.start.value) + ")");
        return false;
    }
    // An end earlier than the start is the next day's, as programmes print "23:00–01:30": the
    // session stays on this day, its end past 24:00 (content.h: Session). Running through the
    // night (more than kNightHours) it is more likely a slip of the pen: a warning.
    if (s.end < s.start) {
        s.end.value += 24 * 60;
        if (times_written && s.end.value - s.start.value > kNightHours * 60)
            warning(s.pos, who + " ends (" + fmt_minutes(s.end.value % (24 * 60)) + ") before it starts (" +
                               fmt_minutes(s.start.value) + "): it runs past midnight until then, " +
                               std::to_string((s.end.value - s.start.value) / 60) + " hours; is its end right?");
    }
    return true;
}

}  // namespace majlis::content::detail
