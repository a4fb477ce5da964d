// majlis content: frab schedule.xml and c3voc/pretalx schedule.json read into the content model
// (schedule.h says what maps onto what and what is an error).
//
// Two stages: a reader per format (XmlReader: pugixml; JsonReader: nlohmann-json) takes the
// export into a RawSchedule, texts decoded, times as written (date-time and UTC offset), each
// item with where it was written; place() then chooses the time zone, gives rooms, sessions and
// persons their ids and puts every session on its local date in that zone. The XML is
// pugixml's: it never fetches anything and expands no entity but the predefined ones and
// character references (the others stay as written and are decoded as HTML entities).
#include "content/schedule.h"

#include "content/loader.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <toml++/toml.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>
#include <type_traits>

namespace majlis::content {

bool Schedule::ok() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

namespace {

using detail::quote;

//-----------------------------------------------------------------------------
// Values as exports write them
//-----------------------------------------------------------------------------

using detail::digits;
using detail::number;
using detail::trim;

bool valid_date(const Date& d) {
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d.year < 1900 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1) return false;
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    return d.day <= (d.month == 2 && !leap ? 28 : days[d.month - 1]);
}

// "2026-12-27"
std::optional<Date> parse_date(std::string_view s) {
    s = trim(s);
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!digits(s.substr(0, 4)) || !digits(s.substr(5, 2)) || !digits(s.substr(8, 2))) return std::nullopt;
    const Date d{number(s.substr(0, 4)), number(s.substr(5, 2)), number(s.substr(8, 2))};
    if (!valid_date(d)) return std::nullopt;
    return d;
}

// "11:00" or "11:00:00": minutes since midnight.
std::optional<int> parse_clock(std::string_view s) {
    s = trim(s);
    if (s.size() != 5 && s.size() != 8) return std::nullopt;
    if (!digits(s.substr(0, 2)) || s[2] != ':' || !digits(s.substr(3, 2))) return std::nullopt;
    if (s.size() == 8 && (s[5] != ':' || !digits(s.substr(6, 2)) || number(s.substr(6, 2)) > 59)) return std::nullopt;
    const int h = number(s.substr(0, 2)), m = number(s.substr(3, 2));
    if (h > 23 || m > 59) return std::nullopt;
    return h * 60 + m;
}

// "00:40", "1:30", "01:30:00" (frab; at most 99 hours): minutes.
std::optional<int> parse_duration(std::string_view s) {
    s = trim(s);
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon < 1 || colon > 2) return std::nullopt;
    const std::string_view h = s.substr(0, colon), rest = s.substr(colon + 1);
    if (!digits(h) || rest.size() < 2 || !digits(rest.substr(0, 2))) return std::nullopt;
    if (rest.size() != 2 && (rest.size() < 4 || rest.size() > 5 || rest[2] != ':' || !digits(rest.substr(3))))
        return std::nullopt;
    if (number(rest.substr(0, 2)) > 59) return std::nullopt;
    return number(h) * 60 + number(rest.substr(0, 2));
}

// A moment as written: "2026-12-27T11:00:00+01:00" (seconds, fractions and the offset optional;
// "Z" is +00:00).
struct WrittenTime {
    LocalDateTime local;
    std::optional<int> offset_minutes;
};

std::optional<WrittenTime> parse_date_time(std::string_view s) {
    s = trim(s);
    if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
    WrittenTime t;
    const std::optional<Date> d = parse_date(s.substr(0, 10));
    const std::optional<int> m = parse_clock(s.substr(11, 5));
    if (!d || !m) return std::nullopt;
    t.local.date = *d;
    t.local.minute_of_day = *m;
    std::string_view rest = s.substr(16);
    if (rest.size() >= 3 && rest[0] == ':' && digits(rest.substr(1, 2))) {
        if (number(rest.substr(1, 2)) > 59) return std::nullopt;
        t.local.second = number(rest.substr(1, 2));
        rest.remove_prefix(3);
        if (!rest.empty() && rest[0] == '.') {
            rest.remove_prefix(1);
            size_t n = 0;
            while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
            if (n == 0) return std::nullopt;
            rest.remove_prefix(n);
        }
    }
    if (rest.empty()) return t;
    if (rest == "Z" || rest == "z") {
        t.offset_minutes = 0;
        return t;
    }
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' || !digits(rest.substr(1, 2)) ||
        !digits(rest.substr(4, 2)))
        return std::nullopt;
    const int off = number(rest.substr(1, 2)) * 60 + number(rest.substr(4, 2));
    if (off > 18 * 60) return std::nullopt;
    t.offset_minutes = rest[0] == '-' ? -off : off;
    return t;
}

// A plain text: entities decoded, white space at the ends trimmed, runs of white space (line
// breaks in XML) one space.
std::string plain(std::string_view s) {
    const std::string decoded = detail::decode_html_entities(trim(s));
    std::string out;
    bool space = false;
    for (char c : decoded) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// Markdown (pretalx's abstracts and biographies) read into plain paragraphs, one a line; list
// items as "• item" or "1. item".
std::string markdown_text(std::string_view s) {
    s = trim(s);
    if (s.empty()) return {};
    std::string out;
    for (const Block& b : detail::parse_markdown(s, nullptr, 0)) {
        std::string line;
        if (b.kind == Block::Kind::ListItem) line = b.ordered ? std::to_string(b.number) + ". " : "\u2022 ";
        for (const Span& span : b.spans) line += span.text;
        if (trim(line).empty()) continue;
        if (!out.empty()) out += '\n';
        out += trim(line);
    }
    return out;
}

// An id from a name: transliterated to Latin, then ASCII (ICU), lower case, other characters a
// '-': "Saal 1" -> "saal-1", "Кинозал" -> "kinozal", "قاعة ٢" -> "qa-t-2". At most 48 characters.
class Slugger {
public:
    Slugger() {
        UErrorCode status = U_ZERO_ERROR;
        translit_.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
        if (U_FAILURE(status)) translit_.reset();
    }
    std::string operator()(std::string_view name) const {
        std::string ascii;
        if (translit_) {
            icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), (int32_t)name.size()));
            translit_->transliterate(u);
            u.toUTF8String(ascii);
        } else {
            ascii = std::string(name);
        }
        std::string id;
        for (char c : ascii) {
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) id += c;
            else if (!id.empty() && id.back() != '-') id += '-';
            if (id.size() >= 48) break;
        }
        while (!id.empty() && id.back() == '-') id.pop_back();
        return id;
    }

private:
    std::unique_ptr<icu::Transliterator> translit_;
};

SessionKind kind_of_type(std::string type) {
    for (char& c : type)
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    auto has = [&](std::initializer_list<const char*> words) {
        return std::any_of(words.begin(), words.end(), [&](const char* w) { return type.find(w) != std::string::npos; });
    };
    if (has({"break", "pause", "lunch", "coffee"})) return SessionKind::Break;
    if (has({"ceremony", "opening", "closing"})) return SessionKind::Ceremony;
    if (has({"press"})) return SessionKind::Press;
    if (has({"keynote", "plenary"})) return SessionKind::Plenary;
    return SessionKind::Other;
}

//-----------------------------------------------------------------------------
// The export as written
//-----------------------------------------------------------------------------

struct RawPerson {
    std::string id;  // a participant id already ("abc123", "17"), or "" (from the name)
    std::string name, biography, avatar;
    SourcePos pos;
    std::string where;
};

struct RawSession {
    SourcePos pos;      // XML: the <event>; JSON: the file
    std::string where;  // JSON: the event's pointer ("/schedule/conference/days/0/rooms/Saal 1/3")
    std::string id, room, title, subtitle, description, track, type, language, url;
    std::optional<WrittenTime> start;
    int duration = -1;  // minutes; -1 = not given
    std::vector<RawPerson> persons;
};

struct RawRoom {
    std::string name;
    SourcePos pos;
    std::string where;
};

struct RawSchedule {
    std::string version, acronym, title, time_zone;
    SourcePos time_zone_pos;
    std::string time_zone_where;
    std::optional<Date> start, end;
    std::vector<RawRoom> rooms;  // in the order first met
    std::vector<RawSession> sessions;
};

// Diagnostics and positions, shared by the readers and place().
struct Reporter {
    std::string_view text;
    const ScheduleOptions& options;
    std::vector<Diagnostic> diagnostics;
    std::vector<size_t> line_starts;
    bool too_many = false;

    Reporter(std::string_view t, const ScheduleOptions& o) : text(t), options(o) {
        line_starts.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') line_starts.push_back(i + 1);
    }
    SourcePos file_pos() const { return SourcePos{options.file, 0, 0}; }
    SourcePos at(size_t offset) const {
        offset = std::min(offset, text.size());
        const auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
        const size_t li = (size_t)(it - line_starts.begin()) - 1;
        SourcePos p{options.file, (int)li + 1, 1};
        p.column += (int)detail::count_code_points(text.substr(line_starts[li], offset - line_starts[li]));
        return p;
    }
    // `where`: a JSON pointer, said before the message.
    void report(Severity sev, const SourcePos& pos, const std::string& where, std::string message) {
        if (!where.empty()) message = where + ": " + message;
        diagnostics.push_back(Diagnostic{pos, sev, std::move(message)});
    }
    void error(const SourcePos& pos, const std::string& where, std::string message) {
        report(Severity::Error, pos, where, std::move(message));
    }
    void warning(const SourcePos& pos, const std::string& where, std::string message) {
        report(Severity::Warning, pos, where, std::move(message));
    }
    bool ok() const {
        return std::none_of(diagnostics.begin(), diagnostics.end(),
                            [](const Diagnostic& d) { return d.severity == Severity::Error; });
    }
    // Counts an item against kMaxScheduleItems; false (reported once) past it.
    bool count(size_t n, const char* what, const SourcePos& pos, const std::string& where) {
        if (n < kMaxScheduleItems) return true;
        if (!too_many) error(pos, where, std::string("more than ") + std::to_string(kMaxScheduleItems) + " " + what);
        too_many = true;
        return false;
    }
};

// Where nesting ('<' elements in XML, '[' and '{' in JSON) first goes deeper than
// kMaxScheduleDepth, outside strings and comments; npos when it never does.
size_t find_json_depth(std::string_view s) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxScheduleDepth) return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

//-----------------------------------------------------------------------------
// frab schedule.xml
//-----------------------------------------------------------------------------

class XmlReader {
public:
    explicit XmlReader(Reporter& r) : r_(r) {}

    std::optional<RawSchedule> read() {
        pugi::xml_document doc;
        const pugi::xml_parse_result res =
            doc.load_buffer(r_.text.data(), r_.text.size(), pugi::parse_default, pugi::encoding_utf8);
        if (!res) {
            r_.error(r_.at((size_t)std::max<ptrdiff_t>(res.offset, 0)), "", std::string("malformed XML: ") + res.description());
            return std::nullopt;
        }
        if (!check_depth(doc)) return std::nullopt;
        const pugi::xml_node schedule = doc.child("schedule");
        if (!schedule) {
            const pugi::xml_node root = doc.document_element();
            error(root ? root : doc, "the root element must be <schedule>, not <" + std::string(root.name()) + ">");
            return std::nullopt;
        }
        RawSchedule raw;
        raw.version = plain(schedule.child_value("version"));
        const pugi::xml_node conf = schedule.child("conference");
        if (!conf) {
            error(schedule, "<conference> is required in <schedule>");
            return std::nullopt;
        }
        raw.title = text(conf, "title", true);
        raw.acronym = text(conf, "acronym", false);
        raw.start = date(conf, "start");
        raw.end = date(conf, "end");
        if (const pugi::xml_node tz = conf.child("time_zone_name")) {
            raw.time_zone = plain(tz.child_value());
            raw.time_zone_pos = pos(tz);
        }
        std::map<std::string, size_t> rooms;
        size_t sessions = 0;
        for (pugi::xml_node day : schedule.children("day")) {
            std::optional<Date> day_date;
            if (pugi::xml_attribute a = day.attribute("date")) {
                day_date = parse_date(a.value());
                if (!day_date) error(day, "<day> date " + quote(a.value()) + " is not a date (YYYY-MM-DD)");
            }
            for (pugi::xml_node room : day.children("room")) {
                const std::string name = plain(room.attribute("name").value());
                if (name.empty()) {
                    error(room, "<room> needs a name");
                    continue;
                }
                if (!rooms.count(name)) {
                    if (!r_.count(rooms.size(), "rooms", pos(room), "")) return std::nullopt;
                    rooms.emplace(name, raw.rooms.size());
                    raw.rooms.push_back(RawRoom{name, pos(room), ""});
                }
                for (pugi::xml_node ev : room.children("event")) {
                    if (!r_.count(sessions++, "events", pos(ev), "")) return std::nullopt;
                    raw.sessions.push_back(event(ev, name, day_date));
                }
            }
        }
        return raw;
    }

private:
    Reporter& r_;

    // At the element's '<' (pugixml's offset is that of its name).
    SourcePos pos(const pugi::xml_node& node) const {
        ptrdiff_t at = std::min<ptrdiff_t>(node.offset_debug(), (ptrdiff_t)r_.text.size());
        if (at < 0) return r_.file_pos();
        while (at > 0 && r_.text[(size_t)at] != '<') --at;
        return r_.at((size_t)at);
    }
    void error(const pugi::xml_node& node, std::string message) { r_.error(pos(node), "", std::move(message)); }

    // Elements nested deeper than kMaxScheduleDepth (pugixml's parser keeps no limit of its own).
    bool check_depth(pugi::xml_node doc) {
        struct Walker : pugi::xml_tree_walker {
            pugi::xml_node deep;
            bool for_each(pugi::xml_node& n) override {
                if (depth() < kMaxScheduleDepth) return true;
                deep = n;
                return false;
            }
        } w;
        doc.traverse(w);
        if (!w.deep) return true;
        error(w.deep, "nested too deeply (more than " + std::to_string(kMaxScheduleDepth) + " levels)");
        return false;
    }

    // A child's text, entities decoded; an error when required and missing or empty, or too long.
    std::string text(const pugi::xml_node& parent, const char* name, bool required, bool markdown = false) {
        const pugi::xml_node n = parent.child(name);
        const std::string_view raw = n ? std::string_view(n.child_value()) : std::string_view();
        if (raw.size() > kMaxScheduleText) {
            error(n, "<" + std::string(name) + "> is longer than " + std::to_string(kMaxScheduleText) + " bytes");
            return {};
        }
        std::string s = markdown ? markdown_text(raw) : plain(raw);
        if (s.empty() && required) error(n ? n : parent, "<" + std::string(name) + "> is required in <" + parent.name() + ">");
        return s;
    }
    std::optional<Date> date(const pugi::xml_node& parent, const char* name) {
        const pugi::xml_node n = parent.child(name);
        if (!n) return std::nullopt;
        const std::string v = plain(n.child_value());
        // Some exports write the conference's start as a date-time.
        if (std::optional<WrittenTime> t = parse_date_time(v)) return t->local.date;
        std::optional<Date> d = parse_date(v);
        if (!d) error(n, "<" + std::string(name) + "> " + quote(v) + " is not a date (YYYY-MM-DD)");
        return d;
    }

    RawSession event(const pugi::xml_node& ev, const std::string& room, const std::optional<Date>& day_date) {
        RawSession s;
        s.pos = pos(ev);
        s.room = room;
        const std::string id = plain(ev.attribute("id").value());
        if (!digits(id) || id.size() > 12 || std::all_of(id.begin(), id.end(), [](char c) { return c == '0'; }))
            error(ev, id.empty() ? std::string("<event> needs an id") : "<event> id " + quote(id) + " is not a positive integer");
        else s.id = id.substr(id.find_first_not_of('0'));
        if (const pugi::xml_node n = ev.child("room")) {
            const std::string named = plain(n.child_value());
            if (!named.empty() && named != room)
                r_.warning(pos(n), "", "event " + quote(s.id) + " names room " + quote(named) + " but is in room " +
                                           quote(room) + " (shown in " + quote(room) + ")");
        }
        s.title = text(ev, "title", true);
        s.subtitle = text(ev, "subtitle", false);
        const std::string abstract = text(ev, "abstract", false, true), description = text(ev, "description", false, true);
        s.description = abstract.empty() ? description
            : description.empty() || description == abstract ? abstract
                                                             : abstract + "\n" + description;
        s.track = text(ev, "track", false);
        s.type = text(ev, "type", false);
        s.language = text(ev, "language", false);
        s.url = text(ev, "url", false);
        // The start: <date> (a date-time with the offset), else the day's date and <start>.
        const pugi::xml_node date_node = ev.child("date"), start_node = ev.child("start");
        const std::string date_text = plain(date_node.child_value()), start_text = plain(start_node.child_value());
        if (date_node && !date_text.empty()) {
            s.start = parse_date_time(date_text);
            if (!s.start) error(date_node, "<date> " + quote(date_text) + " is not a date-time (YYYY-MM-DDTHH:MM:SS+HH:MM)");
        } else if (std::optional<int> m = parse_clock(start_text); m && day_date) {
            s.start = WrittenTime{LocalDateTime{*day_date, *m, 0}, std::nullopt};
        } else if (start_node && !start_text.empty()) {
            error(start_node, "<start> " + quote(start_text) + " is not a time (HH:MM)");
        } else {
            error(ev, "<event> needs a <date> or a <start>");
        }
        if (const pugi::xml_node n = ev.child("duration")) {
            const std::string v = plain(n.child_value());
            if (std::optional<int> d = parse_duration(v)) s.duration = *d;
            else error(n, "<duration> " + quote(v) + " is not a duration (HH:MM)");
        }
        for (pugi::xml_node p : ev.child("persons").children("person")) {
            RawPerson person;
            person.pos = pos(p);
            person.name = plain(p.child_value());
            const std::string pid = plain(p.attribute("id").value());
            if (digits(pid) && pid.size() <= 12) person.id = pid;
            if (person.name.empty()) r_.warning(person.pos, "", "a <person> without a name (left out)");
            else s.persons.push_back(std::move(person));
        }
        return s;
    }
};

//-----------------------------------------------------------------------------
// c3voc / pretalx schedule.json
//-----------------------------------------------------------------------------

using Json = nlohmann::ordered_json;

std::string pointer_part(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

// nlohmann's DOM parser, told where parsing stopped: its exceptions give a byte offset only for
// syntax errors, not for a number beyond a double's range (out_of_range 406, "number overflow
// parsing '1E400'": once uncaught, the fuzzer's crash-c8f70c15...), while its SAX interface hands
// every error the position. No exception is thrown.
struct JsonStop : nlohmann::detail::json_sax_dom_parser<Json> {
    explicit JsonStop(Json& doc) : json_sax_dom_parser(doc, /*allow_exceptions=*/false) {}
    size_t at = 0;     // 0-based: the character a syntax error stopped at, or the number's first
    std::string what;  // the exception's text
    template <class Exception>
    bool parse_error(size_t position, const std::string& token, const Exception& e) {
        // position: characters read, the one at fault included (a token's whole text)
        const bool number = std::is_same_v<Exception, nlohmann::detail::out_of_range>;
        at = number && position >= token.size() ? position - token.size() : position > 0 ? position - 1 : 0;
        what = e.what();
        return false;
    }
};

class JsonReader {
public:
    explicit JsonReader(Reporter& r) : r_(r) {}

    std::optional<RawSchedule> read() {
        if (const size_t deep = find_json_depth(r_.text); deep != std::string_view::npos) {
            r_.error(r_.at(deep), "", "nested too deeply (more than " + std::to_string(kMaxScheduleDepth) + " levels)");
            return std::nullopt;
        }
        Json doc;
        JsonStop stop(doc);
        if (!Json::sax_parse(r_.text.begin(), r_.text.end(), &stop)) {
            std::string what = stop.what;  // "[json.exception.parse_error.101] parse error at ...: syntax error ..."
            if (const size_t close = what.find("] "); close != std::string::npos) what = what.substr(close + 2);
            if (const size_t syntax = what.find("syntax error"); syntax != std::string::npos) what = what.substr(syntax);
            r_.error(r_.at(stop.at), "", "malformed JSON: " + what);
            return std::nullopt;
        }
        RawSchedule raw;
        const Json* schedule = object(doc, "schedule", "", true);
        if (!schedule) return std::nullopt;
        raw.version = string(*schedule, "version", "/schedule", false);
        const Json* conf = object(*schedule, "conference", "/schedule", true);
        if (!conf) return std::nullopt;
        const std::string cw = "/schedule/conference";
        raw.title = string(*conf, "title", cw, true);
        raw.acronym = string(*conf, "acronym", cw, false);
        raw.start = date(*conf, "start", cw);
        raw.end = date(*conf, "end", cw);
        raw.time_zone = string(*conf, "time_zone_name", cw, false);
        raw.time_zone_where = cw + "/time_zone_name";
        std::set<std::string> listed;
        std::map<std::string, size_t> rooms;
        if (const Json* list = array(*conf, "rooms", cw, false)) {
            for (size_t i = 0; i < list->size(); ++i) {
                const std::string w = cw + "/rooms/" + std::to_string(i);
                if (!(*list)[i].is_object()) {
                    wrong(w, "an object", (*list)[i]);
                    continue;
                }
                const std::string name = string((*list)[i], "name", w, true);
                if (name.empty() || rooms.count(name)) continue;
                if (!r_.count(rooms.size(), "rooms", r_.file_pos(), w)) return std::nullopt;
                listed.insert(name);
                rooms.emplace(name, raw.rooms.size());
                raw.rooms.push_back(RawRoom{name, r_.file_pos(), w});
            }
        }
        const Json* days = array(*conf, "days", cw, true);
        if (!days) return std::nullopt;
        size_t sessions = 0;
        for (size_t d = 0; d < days->size(); ++d) {
            const std::string dw = cw + "/days/" + std::to_string(d);
            const Json& day = (*days)[d];
            if (!day.is_object()) {
                wrong(dw, "an object", day);
                continue;
            }
            const std::optional<Date> day_date = date(day, "date", dw);
            const Json* day_rooms = object(day, "rooms", dw, true);
            if (!day_rooms) continue;
            for (const auto& [key, events] : day_rooms->items()) {
                const std::string rw = dw + "/rooms/" + pointer_part(key);
                const std::string name = plain(key);
                if (!rooms.count(name)) {
                    if (!r_.count(rooms.size(), "rooms", r_.file_pos(), rw)) return std::nullopt;
                    if (!listed.empty())
                        r_.warning(r_.file_pos(), rw,
                                   "room " + quote(name) + " is not in /schedule/conference/rooms (added as a hall)");
                    rooms.emplace(name, raw.rooms.size());
                    raw.rooms.push_back(RawRoom{name, r_.file_pos(), rw});
                }
                if (!events.is_array()) {
                    wrong(rw, "an array", events);
                    continue;
                }
                for (size_t i = 0; i < events.size(); ++i) {
                    const std::string ew = rw + "/" + std::to_string(i);
                    if (!events[i].is_object()) {
                        wrong(ew, "an object", events[i]);
                        continue;
                    }
                    if (!r_.count(sessions++, "events", r_.file_pos(), ew)) return std::nullopt;
                    raw.sessions.push_back(event(events[i], ew, name, day_date));
                }
            }
        }
        return raw;
    }

private:
    Reporter& r_;

    static const char* type_name(const Json& v) {
        switch (v.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        case Json::value_t::string: return "a string";
        case Json::value_t::boolean: return "a boolean";
        case Json::value_t::number_float: return "a number";
        default: return "an integer";
        }
    }
    void wrong(const std::string& where, const char* want, const Json& v) {
        r_.error(r_.file_pos(), where, std::string("must be ") + want + ", not " + type_name(v));
    }
    const Json* member(const Json& parent, const char* key, const std::string& where, bool required) {
        const auto it = parent.find(key);
        if (it == parent.end() || (it->is_null() && !required)) {
            if (required) r_.error(r_.file_pos(), where, quote(key) + " is required");
            return nullptr;
        }
        return &*it;
    }
    const Json* object(const Json& parent, const char* key, const std::string& where, bool required) {
        const Json* v = member(parent, key, where, required);
        if (v && !v->is_object()) {
            wrong(where + "/" + key, "an object", *v);
            return nullptr;
        }
        return v;
    }
    const Json* array(const Json& parent, const char* key, const std::string& where, bool required) {
        const Json* v = member(parent, key, where, required);
        if (v && !v->is_array()) {
            wrong(where + "/" + key, "an array", *v);
            return nullptr;
        }
        return v;
    }
    // A string member, entities decoded (Markdown read into plain paragraphs when `markdown`).
    std::string string(const Json& parent, const char* key, const std::string& where, bool required,
                       bool markdown = false) {
        const Json* v = member(parent, key, where, required);
        if (!v) return {};
        if (!v->is_string()) {
            wrong(where + "/" + key, "a string", *v);
            return {};
        }
        const std::string& s = v->get_ref<const std::string&>();
        if (s.size() > kMaxScheduleText) {
            r_.error(r_.file_pos(), where + "/" + key, "longer than " + std::to_string(kMaxScheduleText) + " bytes");
            return {};
        }
        std::string out = markdown ? markdown_text(s) : plain(s);
        if (out.empty() && required) r_.error(r_.file_pos(), where + "/" + key, "must not be empty");
        return out;
    }
    std::optional<Date> date(const Json& parent, const char* key, const std::string& where) {
        const std::string v = string(parent, key, where, false);
        if (v.empty()) return std::nullopt;
        if (std::optional<WrittenTime> t = parse_date_time(v)) return t->local.date;
        std::optional<Date> d = parse_date(v);
        if (!d) r_.error(r_.file_pos(), where + "/" + key, quote(v) + " is not a date (YYYY-MM-DD)");
        return d;
    }

    RawSession event(const Json& ev, const std::string& w, const std::string& room, const std::optional<Date>& day_date) {
        RawSession s;
        s.pos = r_.file_pos();
        s.where = w;
        s.room = room;
        if (const Json* id = member(ev, "id", w, true)) {
            if (id->is_number_unsigned() && id->get<uint64_t>() >= 1 && id->get<uint64_t>() <= 999999999999ull)
                s.id = std::to_string(id->get<uint64_t>());
            else if (id->is_number_integer() || id->is_number_unsigned())
                r_.error(r_.file_pos(), w + "/id", "must be a positive integer, not " + id->dump());
            else wrong(w + "/id", "an integer", *id);
        }
        const std::string named = string(ev, "room", w, false);
        if (!named.empty() && named != room)
            r_.warning(r_.file_pos(), w + "/room",
                       "event " + quote(s.id) + " names room " + quote(named) + " but is in room " + quote(room) +
                           " (shown in " + quote(room) + ")");
        s.title = string(ev, "title", w, true);
        s.subtitle = string(ev, "subtitle", w, false);
        const std::string abstract = string(ev, "abstract", w, false, true),
                          description = string(ev, "description", w, false, true);
        s.description = abstract.empty() ? description
            : description.empty() || description == abstract ? abstract
                                                             : abstract + "\n" + description;
        s.track = string(ev, "track", w, false);
        s.type = string(ev, "type", w, false);
        s.language = string(ev, "language", w, false);
        s.url = string(ev, "url", w, false);
        // The start: `date` (a date-time with the offset), else the day's date and `start`
        // (pretalx writes "11:00"; the schema allows a date-time too).
        const std::string date_text = string(ev, "date", w, false), start_text = string(ev, "start", w, false);
        if (!date_text.empty()) {
            s.start = parse_date_time(date_text);
            if (!s.start) r_.error(r_.file_pos(), w + "/date", quote(date_text) + " is not a date-time (YYYY-MM-DDTHH:MM:SS+HH:MM)");
        } else if (std::optional<WrittenTime> t = parse_date_time(start_text)) {
            s.start = t;
        } else if (std::optional<int> m = parse_clock(start_text); m && day_date) {
            s.start = WrittenTime{LocalDateTime{*day_date, *m, 0}, std::nullopt};
        } else if (!start_text.empty()) {
            r_.error(r_.file_pos(), w + "/start", quote(start_text) + " is not a time (HH:MM)");
        } else {
            r_.error(r_.file_pos(), w, "'date' or 'start' is required");
        }
        const std::string duration = string(ev, "duration", w, false);
        if (!duration.empty()) {
            if (std::optional<int> d = parse_duration(duration)) s.duration = *d;
            else r_.error(r_.file_pos(), w + "/duration", quote(duration) + " is not a duration (HH:MM)");
        }
        if (const Json* persons = array(ev, "persons", w, false)) {
            for (size_t i = 0; i < persons->size(); ++i) {
                const std::string pw = w + "/persons/" + std::to_string(i);
                const Json& p = (*persons)[i];
                if (!p.is_object()) {
                    wrong(pw, "an object", p);
                    continue;
                }
                RawPerson person;
                person.pos = r_.file_pos();
                person.where = pw;
                // pretalx: code, name, biography, avatar; frab: id, public_name.
                person.name = string(p, "name", pw, false);
                if (person.name.empty()) person.name = string(p, "public_name", pw, false);
                person.biography = string(p, "biography", pw, false, true);
                person.avatar = string(p, "avatar", pw, false);
                const std::string code = string(p, "code", pw, false);
                if (!code.empty()) {
                    for (char c : code) person.id += (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
                    if (!detail::valid_id(person.id) || person.id.size() > 48) person.id.clear();
                } else if (const auto it = p.find("id"); it != p.end() && it->is_number_unsigned() &&
                                                          it->get<uint64_t>() <= 999999999999ull) {
                    person.id = std::to_string(it->get<uint64_t>());
                }
                if (person.name.empty()) r_.warning(r_.file_pos(), pw, "a person without a name (left out)");
                else s.persons.push_back(std::move(person));
            }
        }
        return s;
    }
};

//-----------------------------------------------------------------------------
// Into the model
//-----------------------------------------------------------------------------

// "Etc/GMT-1" for +01:00 (the IANA names' sign is the other way round), "UTC" for 0; "" when
// the offset is not a whole number of hours (no IANA zone has it all year).
std::string zone_of_offset(int minutes) {
    if (minutes == 0) return "UTC";
    if (minutes % 60 != 0 || minutes > 14 * 60 || minutes < -12 * 60) return {};
    const int h = minutes / 60;
    return std::string("Etc/GMT") + (h > 0 ? "-" : "+") + std::to_string(h > 0 ? h : -h);
}

Schedule place(RawSchedule raw, Reporter& r) {
    Schedule out;
    const std::string lang = r.options.lang.empty() ? "en" : r.options.lang;
    const Slugger slug;
    out.version = raw.version;
    out.id = slug(raw.acronym);
    if (!raw.title.empty()) out.title.by_lang[lang] = raw.title;

    // The zone: the content's, else the export's name, else the offset its times carry.
    if (!r.options.time_zone.empty()) {
        out.time_zone = r.options.time_zone;
    } else if (!raw.time_zone.empty() && detail::known_time_zone(raw.time_zone)) {
        out.time_zone = raw.time_zone;
    } else {
        if (!raw.time_zone.empty())
            r.warning(raw.time_zone_pos.file.empty() ? r.file_pos() : raw.time_zone_pos, raw.time_zone_where,
                      "unknown time zone " + quote(raw.time_zone) + " (the times' UTC offset is used)");
        std::optional<int> offset;
        for (const RawSession& s : raw.sessions)
            if (s.start && s.start->offset_minutes) {
                offset = s.start->offset_minutes;
                break;
            }
        if (!offset && !raw.sessions.empty()) {
            r.error(r.file_pos(), "",
                    "the export names no time zone and its times carry no UTC offset: set 'time_zone' in event.toml");
            return out;
        }
        out.time_zone = zone_of_offset(offset.value_or(0));
        if (out.time_zone.empty()) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%+03d:%02d", *offset / 60, std::abs(*offset % 60));
            r.error(r.file_pos(), "",
                    std::string("the export names no time zone and its times carry the UTC offset ") + buf +
                        ", which no zone has all year: set 'time_zone' in event.toml");
            return out;
        }
    }

    // Rooms -> halls.
    std::map<std::string, std::string> hall_of_room;
    std::set<std::string> hall_ids;
    for (const RawRoom& room : raw.rooms) {
        std::string id = slug(room.name);
        if (id.empty()) id = "room";
        if (hall_ids.count(id)) {
            int n = 2;
            while (hall_ids.count(id + "-" + std::to_string(n))) ++n;
            id += "-" + std::to_string(n);
        }
        hall_ids.insert(id);
        hall_of_room[room.name] = id;
        Hall h;
        h.id = id;
        h.name.by_lang[lang] = room.name;
        h.pos = room.pos;
        out.halls.push_back(std::move(h));
    }

    // Events -> sessions, persons -> participants.
    std::map<std::string, size_t> participant_of;  // id -> index
    std::map<std::string, std::string> id_of_name;  // persons without an id, by name
    std::set<std::string> session_ids;
    std::map<Date, Day> days;
    ZoneCalendar calendar;
    for (RawSession& raw_s : raw.sessions) {
        if (raw_s.id.empty() || !raw_s.start || raw_s.title.empty()) continue;  // reported
        if (!session_ids.insert(raw_s.id).second) {
            r.error(raw_s.pos, raw_s.where, "duplicate event id " + quote(raw_s.id));
            continue;
        }
        const std::string who = "event " + quote(raw_s.id);
        if (raw_s.duration <= 0) {
            r.warning(raw_s.pos, raw_s.where,
                      who + (raw_s.duration < 0 ? " has no duration" : " lasts no time") + " (left out)");
            continue;
        }
        LocalDateTime start = raw_s.start->local;
        if (raw_s.start->offset_minutes) {
            const int64_t utc_ms =
                ((days_from_civil(start.date) * 1440 + start.minute_of_day - *raw_s.start->offset_minutes) * 60 +
                 start.second) *
                1000;
            if (!calendar.to_local(utc_ms, out.time_zone, start)) start = raw_s.start->local;
        }
        Session s;
        s.id = raw_s.id;
        s.date = start.date;
        s.start = Minutes{start.minute_of_day};
        // Past midnight it stays on its start day, its end past 24:00 (content.h: Session).
        int end = start.minute_of_day + raw_s.duration;
        if (raw_s.duration >= 24 * 60) {
            const int last = start.minute_of_day + 24 * 60 - 1;
            char buf[96];
            std::snprintf(buf, sizeof buf, " lasts a day or more (%d:%02d); it ends at %02d:%02d the next day here",
                          raw_s.duration / 60, raw_s.duration % 60, (last % 1440) / 60, last % 60);
            r.warning(raw_s.pos, raw_s.where, who + buf);
            end = last;
        }
        s.end = Minutes{end};
        s.hall = hall_of_room[raw_s.room];
        s.kind = kind_of_type(raw_s.type);
        s.language = raw_s.language;
        std::string text_lang = raw_s.language;
        for (char& c : text_lang)
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (!detail::valid_language(text_lang)) text_lang = lang;
        else s.language = text_lang;
        s.title.by_lang[text_lang] = raw_s.title;
        s.title.pos = raw_s.pos;
        if (!raw_s.subtitle.empty()) s.subtitle.by_lang[text_lang] = raw_s.subtitle;
        if (!raw_s.description.empty()) s.description.by_lang[text_lang] = raw_s.description;
        s.track = raw_s.track;
        s.url = raw_s.url;
        s.pos = raw_s.pos;
        for (RawPerson& p : raw_s.persons) {
            std::string id = p.id;
            if (id.empty()) {
                auto it = id_of_name.find(p.name);
                if (it != id_of_name.end()) id = it->second;
                else {
                    id = slug(p.name);
                    if (id.empty()) id = "person";
                    std::string base = id;
                    for (int n = 2; participant_of.count(id); ++n) id = base + "-" + std::to_string(n);
                    id_of_name[p.name] = id;
                }
            }
            if (!participant_of.count(id)) {
                if (!r.count(out.participants.size(), "persons", p.pos, p.where)) return out;
                participant_of[id] = out.participants.size();
                Participant person;
                person.id = id;
                person.name.by_lang[lang] = p.name;
                person.name.pos = p.pos;
                if (!p.biography.empty()) person.biography.by_lang[lang] = p.biography;
                person.avatar_url = p.avatar;
                person.pos = p.pos;
                out.participants.push_back(std::move(person));
            } else {
                Participant& known = out.participants[participant_of[id]];
                if (known.biography.empty() && !p.biography.empty()) known.biography.by_lang[lang] = p.biography;
                if (known.avatar_url.empty()) known.avatar_url = p.avatar;
            }
            if (std::find(s.speakers.begin(), s.speakers.end(), id) == s.speakers.end()) s.speakers.push_back(id);
        }
        Day& day = days[s.date];
        day.date = s.date;
        day.sessions.push_back(std::move(s));
    }

    std::map<std::string, size_t> hall_order;
    for (size_t i = 0; i < out.halls.size(); ++i) hall_order[out.halls[i].id] = i;
    for (auto& [date, day] : days) {
        std::stable_sort(day.sessions.begin(), day.sessions.end(), [&](const Session& a, const Session& b) {
            return a.start != b.start ? a.start < b.start : hall_order[a.hall] < hall_order[b.hall];
        });
        out.days.push_back(std::move(day));
    }
    out.start_date = raw.start;
    out.end_date = raw.end;
    if (!out.days.empty()) {
        if (!out.start_date || out.days.front().date < *out.start_date) out.start_date = out.days.front().date;
        if (!out.end_date || out.days.back().date > *out.end_date) out.end_date = out.days.back().date;
    }
    if (out.start_date && out.end_date && *out.end_date < *out.start_date) out.end_date = out.start_date;
    return out;
}

}  // namespace

Schedule parse_schedule(std::string_view text, const ScheduleOptions& options) {
    Reporter r(text, options);
    std::optional<RawSchedule> raw;
    if (text.size() > kMaxScheduleBytes) {
        r.error(r.file_pos(), "",
                "file too large (" + detail::format_size(text.size()) + ", at most " +
                    detail::format_limit(kMaxScheduleBytes) + ")");
    } else if (const size_t bad = detail::find_invalid_utf8(text); bad != std::string::npos) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "invalid UTF-8 (byte 0x%02X)", (unsigned)(unsigned char)text[bad]);
        r.error(r.at(bad), "", buf);
    } else {
        size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
        if (i < text.size() && text[i] == '<') {
            XmlReader reader(r);
            raw = reader.read();
        } else if (i < text.size() && text[i] == '{') {
            JsonReader reader(r);
            raw = reader.read();
        } else {
            r.error(i < text.size() ? r.at(i) : r.file_pos(), "",
                    "not a schedule export: frab schedule.xml starts with '<', schedule.json with '{'");
        }
    }
    Schedule out;
    if (raw && r.ok()) out = place(std::move(*raw), r);
    out.diagnostics = std::move(r.diagnostics);
    return out;
}

//-----------------------------------------------------------------------------
// An ordinary content folder (majlis import)
//-----------------------------------------------------------------------------

namespace {

toml::table texts(const LocalText& t) {
    toml::table out;
    for (const auto& [lang, s] : t.by_lang) out.insert(lang, s);
    out.is_inline(true);
    return out;
}

toml::date toml_date(const Date& d) { return toml::date{d.year, d.month, d.day}; }
// An end past midnight is written as the next day's time, earlier than the start (agenda.toml).
toml::time toml_time(Minutes m) { return toml::time{(m.value % 1440) / 60, m.value % 60, 0}; }

std::string to_text(const toml::table& t) {
    std::ostringstream out;
    out << toml::toml_formatter(t, toml::format_flags::indentation | toml::format_flags::allow_literal_strings |
                                       toml::format_flags::allow_multi_line_strings |
                                       toml::format_flags::allow_unicode_strings);
    out << "\n";
    return out.str();
}

}  // namespace

std::map<std::string, std::string> schedule_to_toml(const Schedule& schedule, std::vector<std::string> languages) {
    if (languages.empty()) {
        std::map<std::string, int> used;
        for (const Day& d : schedule.days)
            for (const Session& s : d.sessions)
                for (const auto& [lang, text] : s.title.by_lang) ++used[lang];
        // The language most sessions are held in (the first such by code): one display language,
        // so `check` asks for a translation only of the texts in the others.
        for (const auto& [lang, n] : used)
            if (languages.empty() || n > used[languages.front()]) languages.assign(1, lang);
        if (languages.empty()) {
            for (const auto& [lang, text] : schedule.title.by_lang) languages.push_back(lang);
            if (languages.empty()) languages.push_back("en");
        }
    }
    std::map<std::string, std::string> files;

    toml::table event;
    event.insert("id", schedule.id.empty() ? std::string("event") : schedule.id);
    if (!schedule.title.empty()) event.insert("name", texts(schedule.title));
    if (schedule.start_date) event.insert("start_date", toml_date(*schedule.start_date));
    if (schedule.end_date) event.insert("end_date", toml_date(*schedule.end_date));
    event.insert("time_zone", schedule.time_zone);
    toml::array display;
    for (const std::string& l : languages) display.push_back(l);
    toml::table langs;
    langs.insert("display", std::move(display));
    langs.insert("default", languages.front());
    event.insert("languages", std::move(langs));
    toml::array halls;
    for (const Hall& h : schedule.halls) {
        toml::table t;
        t.insert("id", h.id);
        t.insert("name", texts(h.name));
        halls.push_back(std::move(t));
    }
    event.insert("hall", std::move(halls));
    files["event.toml"] = to_text(event);

    toml::table agenda;
    toml::array days;
    for (const Day& d : schedule.days) {
        toml::table day;
        day.insert("date", toml_date(d.date));
        toml::array sessions;
        for (const Session& s : d.sessions) {
            toml::table t;
            t.insert("id", s.id);
            t.insert("start", toml_time(s.start));
            t.insert("end", toml_time(s.end));
            t.insert("hall", s.hall);
            t.insert("kind", session_kind_name(s.kind));
            t.insert("title", texts(s.title));
            if (!s.subtitle.empty()) t.insert("subtitle", texts(s.subtitle));
            if (!s.description.empty()) t.insert("description", texts(s.description));
            if (!s.speakers.empty()) {
                toml::array speakers;
                for (const std::string& id : s.speakers) speakers.push_back(id);
                t.insert("speakers", std::move(speakers));
            }
            if (!s.track.empty()) t.insert("track", s.track);
            if (!s.language.empty()) t.insert("language", s.language);
            if (!s.url.empty()) t.insert("url", s.url);
            sessions.push_back(std::move(t));
        }
        day.insert("session", std::move(sessions));
        days.push_back(std::move(day));
    }
    agenda.insert("day", std::move(days));
    files["agenda.toml"] = to_text(agenda);

    if (!schedule.participants.empty()) {
        toml::table roster;
        toml::array people;
        int order = 0;
        for (const Participant& p : schedule.participants) {
            toml::table t;
            t.insert("id", p.id);
            t.insert("protocol_order", ++order);
            t.insert("name", texts(p.name));
            if (!p.biography.empty()) t.insert("biography", texts(p.biography));
            if (!p.avatar_url.empty()) t.insert("avatar_url", p.avatar_url);
            people.push_back(std::move(t));
        }
        roster.insert("participant", std::move(people));
        files["participants.toml"] = to_text(roster);
    }
    return files;
}

int import_command(const std::string& file, const std::string& out_dir, const ScheduleOptions& options,
                   std::FILE* err) {
    namespace fs = std::filesystem;
    auto fail = [&](const std::string& message) {
        std::fprintf(err, "error: %s\n", message.c_str());
        return 1;
    };
    if (!options.lang.empty() && !detail::valid_language(options.lang))
        return fail("unknown language " + quote(options.lang) + " (a code such as 'en', 'ar', 'ru')");
    if (!options.time_zone.empty() && !detail::known_time_zone(options.time_zone))
        return fail("unknown time zone " + quote(options.time_zone) + " (an IANA zone such as 'Europe/Berlin')");
    std::error_code ec;
    const uint64_t size = fs::file_size(file, ec);
    if (ec) return fail("cannot read " + quote(file));
    if (size > kMaxScheduleBytes)
        return fail(quote(file) + " is too large (" + detail::format_size(size) + ", at most " +
                    detail::format_limit(kMaxScheduleBytes) + ")");
    std::string text((size_t)size, '\0');
    {
        std::ifstream in(file, std::ios::binary);
        if (!in || !in.read(text.data(), (std::streamsize)size)) return fail("cannot read " + quote(file));
    }
    ScheduleOptions o = options;
    if (o.file.empty()) o.file = file;
    const Schedule schedule = parse_schedule(text, o);
    for (const Diagnostic& d : schedule.diagnostics) std::fprintf(err, "%s\n", d.format().c_str());
    if (!schedule.ok()) return 1;
    if (fs::exists(out_dir, ec) && !(fs::is_directory(out_dir, ec) && fs::is_empty(out_dir, ec)))
        return fail(quote(out_dir) + " exists and is not an empty folder");
    fs::create_directories(out_dir, ec);
    if (ec) return fail("cannot make folder " + quote(out_dir) + ": " + ec.message());
    for (const auto& [name, body] : schedule_to_toml(schedule, o.lang.empty() ? std::vector<std::string>{}
                                                                                : std::vector<std::string>{o.lang})) {
        std::ofstream out(fs::path(out_dir) / name, std::ios::binary);
        if (!(out << body) || !out.flush()) return fail("cannot write " + quote((fs::path(out_dir) / name).string()));
    }
    std::fprintf(err, "%s: %zu halls, %zu days, %zu sessions, %zu participants\n", out_dir.c_str(),
                 schedule.halls.size(), schedule.days.size(),
                 (size_t)std::accumulate(schedule.days.begin(), schedule.days.end(), size_t(0),
                                         [](size_t n, const Day& d) { return n + d.sessions.size(); }),
                 schedule.participants.size());
    return 0;
}

}  // namespace majlis::content
