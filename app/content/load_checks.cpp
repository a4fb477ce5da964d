// majlis content: the checks that need every file (see loader.h): ids referred to across files,
// overlapping sessions, images, missing translations and font coverage.
#include "content/loader.h"

#include <algorithm>

namespace majlis::content::detail {

void Loader::check_references() {
    if (event_ok_ && !event_.halls.empty()) {
        std::vector<std::string> ids;
        for (const Hall& h : event_.halls) ids.push_back(h.id);
        for (const Ref& r : hall_refs_)
            if (!event_.hall(r.id)) error(r.pos, "unknown hall " + quote(r.id) + did_you_mean(r.id, ids));
    }
    if (participants_ok_) {
        std::vector<std::string> ids;
        for (const Participant& p : event_.participants) ids.push_back(p.id);
        for (const Ref& r : participant_refs_)
            if (!event_.participant(r.id))
                error(r.pos, "unknown participant " + quote(r.id) + did_you_mean(r.id, ids));
    }
    if (documents_ok_) {
        std::vector<std::string> ids;
        for (const Document& d : event_.documents) ids.push_back(d.id);
        for (const Ref& r : document_refs_)
            if (!event_.document(r.id)) error(r.pos, "unknown document " + quote(r.id) + did_you_mean(r.id, ids));
    }
}

void Loader::check_overlaps() {
    // Per hall over all days, in minutes since 1970: a session running past midnight meets the
    // next day's first sessions.
    struct Placed {
        int64_t start, end;
        const Session* s;
    };
    std::map<std::string, std::vector<Placed>> by_hall;
    for (const Day& day : event_.days) {
        const int64_t midnight = days_from_civil(day.date) * 24 * 60;
        for (const Session& s : day.sessions)
            if (!hidden_sessions_.count(s.id))
                by_hall[s.hall].push_back({midnight + s.start.value, midnight + s.end.value, &s});
    }
    for (auto& [hall, list] : by_hall) {
        std::stable_sort(list.begin(), list.end(), [](const Placed& a, const Placed& b) { return a.start < b.start; });
        const Placed* longest = nullptr;  // the earlier session reaching furthest
        for (const Placed& p : list) {
            if (longest && p.start < longest->end) {
                const int64_t until = std::min(p.end, longest->end);
                const Session& s = *p.s;
                // Both as the schedule export has them: its mapping problem, not the folder's.
                const bool exported = imported_times_.count(s.id) && imported_times_.count(longest->s->id);
                report(s.pos, exported ? Severity::Warning : Severity::Error,
                       "session " + quote(s.id) + " overlaps session " + quote(longest->s->id) + " in hall " +
                           quote(hall) + " (" + fmt_minutes(s.start.value) + "\u2013" +
                           fmt_minutes(int(until % (24 * 60))) + ")");
            }
            if (!longest || p.end > longest->end) longest = &p;
        }
    }
}

void Loader::check_images() {
    for (const PathRef& ref : image_refs_) {
        const std::optional<fs::path> path = resolve(ref.path, ref.pos);
        if (!path) continue;
        const std::string key = path->string();
        auto it = image_cache_.find(key);
        if (it == image_cache_.end()) {
            std::optional<std::string> problem;
            std::error_code ec;
            const fs::file_status st = fs::status(*path, ec);
            if (!fs::exists(st)) problem = "missing file " + quote(ref.path);
            else if (!fs::is_regular_file(st)) problem = quote(ref.path) + " is not a file";
            else problem = check_image(*path, ref.path);
            it = image_cache_.emplace(key, problem).first;
        }
        if (it->second) error(ref.pos, *it->second);
    }
}

void Loader::check_texts() {
    if (languages_ok_) {
        for (const TextTable& t : text_tables_) {
            for (const std::string& lang : event_.languages.display) {
                if (t.text.by_lang.count(lang) || t.invalid.count(lang)) continue;
                const std::string& shown = event_.text(t.text, lang);
                std::string shown_lang;
                for (const auto& [l, s] : t.text.by_lang)
                    if (&s == &shown) shown_lang = l;
                warning(t.pos,
                        "missing translation " + quote(lang) + " of " + t.key + " (shown in " + quote(shown_lang) +
                            ")");
            }
        }
    }
    if (!options_.coverage) return;
    for (const TextValue& v : text_values_) {
        std::set<char32_t> seen;
        for (char32_t cp : options_.coverage(v.value, v.lang)) {
            if (!seen.insert(cp).second) continue;
            SourcePos pos = v.pos;
            const SourceFile& f = files_[(size_t)v.file];
            const size_t at = find_in_toml_string(f.text, v.offset, cp);
            if (at != std::string::npos) line_column(f.text, at, pos.line, pos.column);
            error(
                pos,
                quote(v.key) + " has " + code_point_label(cp) + ", which no font for " + quote(v.lang) + " covers");
        }
    }
}

}  // namespace majlis::content::detail
