// majlis content: event.toml (languages, dates, halls, theme, the loop's slides) and the event's
// own wording of interface phrases (phrases/<lang>.toml); see loader.h.
#include "content/loader.h"
#include "content/schedule_fetch.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace majlis::content::detail {

namespace {
// Why the last fetch of `url` into the folder failed, as " (the problem)", or "" (it worked, or
// none was tried): the problem file schedule_fetch.h describes, its first line.
std::string fetch_problem_note(const fs::path& root, const std::string& url) {
    std::ifstream in(root / fetch_problem_path(url));
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) return "";
    if (line.size() > 1000) line.resize(1000);
    return " (" + line + ")";
}
}  // namespace

void Loader::load_event_toml() {
    std::optional<toml::table> doc = parse_toml("event.toml", true);
    if (!doc) return;
    event_ok_ = true;
    const Rec root = root_rec(*doc);
    check_keys(*doc, "",
               {"id", "name", "start_date", "end_date", "time_zone", "languages", "hall", "theme", "playlist",
                "playlists", "announcement", "schedule"});

    // Languages first: the texts below are checked against them.
    if (const toml::table* lt = get_table(root, "languages", true)) {
        Rec r{lt, "", "languages.", at(*lt)};
        check_keys(*lt, "languages.", {"display", "default", "fallback"});
        bool ok = true;
        const auto display = get_strings(r, "display", true);
        if (r.t->get("display") && r.t->get("display")->is_array() && r.t->get("display")->as_array()->empty()) {
            error(at(*r.t->get("display")), "'languages.display' is empty");
            ok = false;
        }
        for (const auto& [code, pos] : display) {
            if (!check_language(code, pos)) ok = false;
            else if (std::find(event_.languages.display.begin(), event_.languages.display.end(), code) ==
                     event_.languages.display.end())
                event_.languages.display.push_back(code);
        }
        check_twice(r, "display", display);
        if (display.empty()) ok = false;
        SourcePos dpos;
        if (std::optional<std::string> d = get_string(r, "default", true, &dpos)) {
            if (!check_language(*d, dpos)) {
                ok = false;
            } else if (std::find(event_.languages.display.begin(), event_.languages.display.end(), *d) ==
                       event_.languages.display.end()) {
                if (!display.empty())
                    error(dpos, "default language " + quote(*d) + " is not in 'languages.display'");
                ok = false;
            }
            event_.languages.default_lang = *d;
        } else {
            ok = false;
        }
        const auto fallback = get_strings(r, "fallback", false);
        for (const auto& [code, pos] : fallback)
            if (check_language(code, pos)) event_.languages.fallback.push_back(code);
        check_twice(r, "fallback", fallback);
        languages_ok_ = ok;
    }

    // A schedule export (schedule.h) gives what these keys leave out: the name, dates, time zone
    // and halls; what they give is authoritative.
    std::optional<std::string> schedule_file;
    SourcePos schedule_pos;
    bool named_source = false;  // a file or a URL, usable or not: the keys below are not required
    if (const toml::table* st = get_table(root, "schedule", false)) {
        named_source = st->get("file") || st->get("url");
        Rec r{st, "", "schedule.", at(*st)};
        check_keys(*st, "schedule.", {"file", "url", "poll"});
        schedule_file = get_string(r, "file", false, &schedule_pos);
        SourcePos url_pos;
        const std::optional<std::string> url = get_string(r, "url", false, &url_pos);
        SourcePos poll_pos;
        if (const auto poll = get_string(r, "poll", false, &poll_pos); poll && !parse_poll(*poll))
            error(poll_pos, "'schedule.poll' must be a number and a unit, between \"" +
                                std::to_string(kMinSchedulePollS) + "s\" and \"" +
                                std::to_string(kMaxSchedulePollS / 3600) + "h\" (\"5m\"), got " + quote(*poll));
        if (url && schedule_file) {
            error(url_pos, "give 'schedule.file' or 'schedule.url', not both");
        } else if (url) {
            // The copy the fetcher saved (schedule_fetch.h) is read like a file of the folder.
            if (!url->starts_with("http://") && !url->starts_with("https://"))
                error(url_pos, "'schedule.url' must start with http:// or https://, got " + quote(*url));
            else if (!fs::is_regular_file(root_ / fetched_schedule_path(*url)))
                error(url_pos, "the schedule at " + *url + " has not been fetched yet" + fetch_problem_note(root_, *url) +
                                   " (majlis fetches it into " + fetched_schedule_path(*url) +
                                   "; `majlis check` fetches it once)");
            else {
                if (const std::string problem = fetch_problem_note(root_, *url); !problem.empty())
                    warning(url_pos, "the last fetch failed" + problem + "; showing the copy fetched before");
                schedule_file = fetched_schedule_path(*url);
                schedule_pos = url_pos;
            }
        } else if (!named_source) {
            error(r.pos, "missing key 'schedule.file'");
        }
    }
    const bool own = !named_source;  // everything below is required without a schedule
    has_schedule_ = !own;

    SourcePos pos;
    if (auto id = get_id(root, "id", own)) event_.id = *id;
    event_.name = get_text(root, "name", own);
    std::optional<Date> start = get_date(root, "start_date", own);
    std::optional<Date> end = get_date(root, "end_date", own, &pos);
    if (start && end) {
        event_.start_date = *start;
        event_.end_date = *end;
        if (*end < *start)
            error(pos, "'end_date' (" + fmt_date(*end) + ") is before 'start_date' (" + fmt_date(*start) + ")");
        else dates_ok_ = true;
    } else if (start || end) {
        if (!own) error(root.pos, "give both 'start_date' and 'end_date', or neither (the schedule's dates)");
        start = end = std::nullopt;
    }
    if (auto tz = get_string(root, "time_zone", own, &pos)) {
        if (!known_time_zone(*tz)) error(pos, "unknown time zone " + quote(*tz));
        event_.time_zone = *tz;
    }
    if (schedule_file) load_schedule(*schedule_file, schedule_pos, start.has_value());

    std::map<std::string, int> hall_lines;
    for (const toml::table* t : get_tables(root, "hall", "hall")) {
        Hall h;
        h.pos = at(*t);
        Rec r{t, "hall", "", h.pos};
        check_keys(*t, "", {"id", "name"});
        SourcePos idpos;
        Hall* imported = nullptr;
        if (auto id = get_id(r, "id", true, &idpos)) {
            h.id = *id;
            r.what = "hall " + quote(*id);
            if (!hall_lines.emplace(*id, idpos.line).second)
                error(
                    idpos,
                    "duplicate hall id " + quote(*id) + " (first at line " + std::to_string(hall_lines[*id]) + ")");
            if (imported_halls_.count(*id)) imported = &event_.halls[imported_halls_[*id]];
        }
        h.name = get_text(r, "name", !imported);
        if (imported) override_text(imported->name, h.name);  // the export's names in other languages stay
        else event_.halls.push_back(std::move(h));
    }
    // At least one hall; without any, every session's hall would be reported as unknown.
    if (!doc->get("hall")) {
        if (own) error(root.pos, "missing key 'hall'");
    } else if (const toml::array* a = doc->get("hall")->as_array(); a && a->empty()) {
        error(at(*a), "'hall' is empty");
    }

    if (const toml::table* th = get_table(root, "theme", false)) {
        Rec r{th, "", "theme.", at(*th)};
        check_keys(*th, "theme.", {"background", "foreground", "accent", "muted", "logo"});
        get_color(r, "background", event_.theme.background);
        get_color(r, "foreground", event_.theme.foreground);
        get_color(r, "accent", event_.theme.accent);
        get_color(r, "muted", event_.theme.muted);
        event_.theme.logo = get_image(r, "logo", false);
    }

    for (const toml::table* t : get_tables(root, "playlist", "playlist")) load_slide(*t, event_.playlist);
    // Named playlists ([[playlists.NAME]], the same slides): what screens.toml gives a screen's loop.
    if (const toml::table* pt = get_table(root, "playlists", false)) {
        for (const auto& [key, node] : *pt) {
            const std::string name(key.str());
            if (!valid_id(name)) {
                error(at(key), "playlist name " + quote(name) + " must be lower-case letters, digits and '-'");
                continue;
            }
            const Rec r{pt, "", "playlists.", at(*pt)};
            std::vector<Slide>& slides = event_.playlists[name];
            for (const toml::table* t : get_tables(r, name.c_str(), "playlists." + name)) load_slide(*t, slides);
        }
    }

    std::map<std::string, int> ann_lines;
    for (const toml::table* t : get_tables(root, "announcement", "announcement")) {
        Announcement a;
        a.pos = at(*t);
        Rec r{t, "announcement", "", a.pos};
        check_keys(*t, "", {"id", "text", "valid_from", "valid_until", "days", "from", "until", "during"});
        SourcePos idpos;
        if (auto id = get_id(r, "id", true, &idpos)) {
            a.id = *id;
            r.what = "announcement " + quote(*id);
            if (!ann_lines.emplace(*id, idpos.line).second)
                error(idpos,
                      "duplicate announcement id " + quote(*id) + " (first at line " +
                          std::to_string(ann_lines[*id]) + ")");
        }
        a.text = get_text(r, "text", true);
        SourcePos from_pos, until_pos;
        a.valid_from = get_date_time(r, "valid_from", false, &from_pos);
        a.valid_until = get_date_time(r, "valid_until", false, &until_pos);
        if (dates_ok_) {
            for (auto [v, key, p] : {std::tuple{&a.valid_from, "valid_from", &from_pos},
                                     std::tuple{&a.valid_until, "valid_until", &until_pos}}) {
                if (*v && ((*v)->date < event_.start_date || (*v)->date > event_.end_date))
                    error(*p,
                          quote(key) + " (" + fmt_date_time(**v) + ") is outside the event's dates (" +
                              fmt_range(event_.start_date, event_.end_date) + ")");
            }
        }
        if (a.valid_from && a.valid_until && *a.valid_until <= *a.valid_from) {
            const std::string who = "announcement " + quote(a.id);
            if (*a.valid_until == *a.valid_from)
                error(a.pos, who + " ends when it starts (" + fmt_date_time(*a.valid_from) + ")");
            else
                error(a.pos,
                      who + " ends (" + fmt_date_time(*a.valid_until) + ") before it starts (" +
                          fmt_date_time(*a.valid_from) + ")");
        }
        a.when = get_daypart(r);
        event_.announcements.push_back(std::move(a));
    }
}

void Loader::load_slide(const toml::table& t, std::vector<Slide>& playlist) {
    Slide s;
    s.pos = at(t);
    Rec r{&t, "playlist item", "", s.pos};
    check_keys(t, "", {"kind", "duration", "transition", "participant", "document", "image", "text", "days", "from",
                       "until", "during"});
    SourcePos pos;
    std::string kind_name;
    bool kind_ok = false;
    if (auto kind = get_string(r, "kind", true, &pos)) {
        kind_name = *kind;
        kind_ok = in_list<SlideKind>(*kind,
                                     {{"title", SlideKind::Title},
                                      {"agenda", SlideKind::Agenda},
                                      {"now-next", SlideKind::NowNext},
                                      {"participant", SlideKind::Participant},
                                      {"document", SlideKind::Document},
                                      {"image", SlideKind::Image},
                                      {"announcement", SlideKind::Announcement}},
                                     s.kind);
        if (!kind_ok)
            error(pos,
                  "unknown slide kind " + quote(*kind) +
                      did_you_mean(
                          *kind,
                          {"title", "agenda", "now-next", "participant", "document", "image", "announcement"}));
    }
    if (const toml::node* n = get(r, "duration", false)) {
        if (!n->is_number()) {
            wrong_type(r, "duration", *n, "a number");
        } else {
            const double d = n->is_integer() ? (double)n->as_integer()->get() : n->as_floating_point()->get();
            if (!(d > 0 && d <= 86400)) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "%g", d);
                error(at(*n), std::string("'duration' must be more than 0 and at most 86400 seconds, not ") + buf);
            } else {
                s.duration_s = d;
            }
        }
    }
    if (auto tr = get_string(r, "transition", false, &pos)) {
        if (!in_list<Transition>(
                *tr, {{"crossfade", Transition::Crossfade}, {"slide", Transition::Slide}, {"cut", Transition::Cut}},
                s.transition))
            error(pos, "unknown transition " + quote(*tr) + did_you_mean(*tr, {"crossfade", "slide", "cut"}));
    }
    // The key each kind needs; the others do not apply to it.
    const char* needs = !kind_ok            ? nullptr
        : s.kind == SlideKind::Participant  ? "participant"
        : s.kind == SlideKind::Document     ? "document"
        : s.kind == SlideKind::Image        ? "image"
        : s.kind == SlideKind::Announcement ? "text"
                                            : nullptr;
    if (kind_ok) {
        for (const char* k : {"participant", "document", "image", "text"}) {
            if (needs && std::string(k) == needs) continue;
            if (const toml::node* n = t.get(k))
                error(at(*n), quote(k) + " does not apply to a " + quote(kind_name) + " slide");
        }
    }
    if (needs) {
        const std::string n = needs;
        if (n == "participant" || n == "document") {
            if (auto id = get_string(r, needs, true, &pos)) {
                s.ref = *id;
                (n == "participant" ? participant_refs_ : document_refs_).push_back(Ref{*id, pos});
            }
        } else if (n == "image") {
            s.ref = get_image(r, "image", true);
        } else {
            s.text = get_text(r, "text", true);
        }
    }
    s.when = get_daypart(r);
    playlist.push_back(std::move(s));
}

void Loader::load_phrases() {
    if (!languages_ok_) return;
    auto own = std::make_shared<i18n::Catalogue>();
    for (const std::string& lang : event_.languages.display) {
        const std::string rel = "phrases/" + lang + ".toml";
        file_ = read_text(rel, nullptr, false);
        if (file_ < 0) continue;
        for (const i18n::Problem& p : own->add(lang, files_[(size_t)file_].text))
            report(SourcePos{rel, p.line, p.column}, p.error ? Severity::Error : Severity::Warning, p.message);
    }
    for (const std::string& lang : event_.languages.display) {
        std::string ids;
        size_t n = 0;
        for (i18n::Phrase p : i18n::shipped().missing(lang)) {
            if (own->has(lang, p)) continue;
            ids += (n++ ? ", " : "") + std::string(i18n::phrase_id(p));
        }
        if (n > 0)
            warning(file_pos("event.toml"), "display language " + quote(lang) + " has no interface phrase for " + ids +
                                                " (shown in English; add them to phrases/" + lang + ".toml)");
    }
    if (!own->empty()) event_.phrases = std::move(own);
}

}  // namespace majlis::content::detail
