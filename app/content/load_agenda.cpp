// majlis content: agenda.toml, the days and their sessions (see loader.h).
#include "content/loader.h"

#include <algorithm>

namespace majlis::content::detail {

void Loader::load_agenda_toml() {
    std::optional<toml::table> doc = parse_toml("agenda.toml", true);
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
        if (auto d = get_date(r, "date", true, &dpos)) {
            day.date = *d;
            r.what = "day " + fmt_date(*d);
            if (!day_lines.emplace(*d, dpos.line).second)
                error(dpos,
                      "duplicate day " + fmt_date(*d) + " (first at line " + std::to_string(day_lines[*d]) + ")");
            if (dates_ok_ && (*d < event_.start_date || *d > event_.end_date))
                error(dpos,
                      "day " + fmt_date(*d) + " is outside the event's dates (" +
                          fmt_range(event_.start_date, event_.end_date) + ")");
        }
        day.title = get_text(r, "title", false);
        for (const toml::table* st : get_tables(r, "session", "day.session")) {
            Session s;
            s.date = day.date;
            s.pos = at(*st);
            if (load_session(*st, s, session_lines)) day.sessions.push_back(std::move(s));
        }
        event_.days.push_back(std::move(day));
    }
}

bool Loader::load_session(const toml::table& t, Session& s, std::map<std::string, int>& lines) {
    Rec r{&t, "session", "", s.pos};
    check_keys(t, "", {"id", "start", "end", "hall", "kind", "title", "description", "speakers", "documents"});
    SourcePos pos;
    if (auto id = get_id(r, "id", true, &pos)) {
        s.id = *id;
        r.what = "session " + quote(*id);
        if (!lines.emplace(*id, pos.line).second)
            error(pos,
                  "duplicate session id " + quote(*id) + " (first at line " + std::to_string(lines[*id]) + ")");
    }
    std::optional<Minutes> start = get_time(r, "start", true);
    std::optional<Minutes> end = get_time(r, "end", true);
    if (auto hall = get_string(r, "hall", true, &pos)) {
        s.hall = *hall;
        hall_refs_.push_back(Ref{*hall, pos});
    }
    if (auto kind = get_string(r, "kind", true, &pos)) {
        static const std::vector<std::string> names = {"arrival",   "ceremony", "photo",    "plenary", "statement",
                                                       "bilateral", "press",    "adoption", "break",   "other"};
        const auto it = std::find(names.begin(), names.end(), *kind);
        if (it == names.end()) error(pos, "unknown session kind " + quote(*kind) + did_you_mean(*kind, names));
        else s.kind = (SessionKind)(it - names.begin());
    }
    s.title = get_text(r, "title", true);
    s.description = get_text(r, "description", false);
    const auto speakers = get_strings(r, "speakers", false);
    for (const auto& [id, p] : speakers) {
        s.speakers.push_back(id);
        participant_refs_.push_back(Ref{id, p});
    }
    check_twice(r, "speakers", speakers);
    const auto docs = get_strings(r, "documents", false);
    for (const auto& [id, p] : docs) {
        s.documents.push_back(id);
        document_refs_.push_back(Ref{id, p});
    }
    check_twice(r, "documents", docs);
    if (!start || !end) return false;
    s.start = *start;
    s.end = *end;
    const std::string who = "session " + quote(s.id);
    if (s.end == s.start) {
        error(s.pos, who + " ends when it starts (" + fmt_minutes(s.start.value) + ")");
        return false;
    }
    if (s.end < s.start) {
        error(
            s.pos,
            who + " ends (" + fmt_minutes(s.end.value) + ") before it starts (" + fmt_minutes(s.start.value) + ")");
        return false;
    }
    return true;
}

}  // namespace majlis::content::detail
