// majlis content: the loader's readers of TOML values (see loader.h): a typed value from a
// table with the position it was written at, or a message at that position; codes (languages,
// countries, time zones) checked against ICU; values formatted for messages.
#include "content/loader.h"

#include <unicode/ucal.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstdio>

namespace majlis::content::detail {

//-----------------------------------------------------------------------------
// Codes checked against ICU: languages, countries, scripts, time zones
//-----------------------------------------------------------------------------

const std::set<std::string>& iso_languages() {
    static const std::set<std::string> set = [] {
        std::set<std::string> s;
        for (const char* const* p = uloc_getISOLanguages(); p && *p; ++p) s.insert(*p);
        return s;
    }();
    return set;
}

const std::set<std::string>& iso_countries() {
    static const std::set<std::string> set = [] {
        std::set<std::string> s;
        for (const char* const* p = uloc_getISOCountries(); p && *p; ++p) s.insert(*p);
        return s;
    }();
    return set;
}


// A BCP 47 tag of the simple kind screens use: language ("ar", "kk": an ISO 639 code ICU
// knows), optionally "-Script" ("Latn") and "-REGION" ("TJ", "419"), in canonical case.
bool valid_language(std::string_view tag) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t dash = tag.find('-', start);
        parts.push_back(tag.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
        if (dash == std::string_view::npos) break;
        start = dash + 1;
    }
    if (parts.size() > 3) return false;
    const std::string_view lang = parts[0];
    if (lang.size() < 2 || lang.size() > 3 || !all_of(lang, is_lower)) return false;
    if (!iso_languages().count(std::string(lang))) return false;
    size_t i = 1;
    if (i < parts.size() && parts[i].size() == 4) {
        const std::string_view script = parts[i];
        if (!is_upper(script[0]) || !all_of(script.substr(1), is_lower)) return false;
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode codes[8];
        const std::string name(script);
        const int n = uscript_getCode(name.c_str(), codes, 8, &status);
        if (U_FAILURE(status) || n < 1 || codes[0] == USCRIPT_INVALID_CODE) return false;
        ++i;
    }
    if (i < parts.size()) {
        const std::string_view region = parts[i];
        const bool alpha = region.size() == 2 && all_of(region, is_upper) && iso_countries().count(std::string(region));
        const bool numeric = region.size() == 3 && all_of(region, is_digit);
        if (!alpha && !numeric) return false;
        ++i;
    }
    return i == parts.size();
}

// An IANA zone ICU knows (custom "GMT+5" ids are not IANA zones).
bool known_time_zone(const std::string& id) {
    if (id.empty() || id.size() > 100) return false;
    UChar in[128], out[128];
    int32_t len = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8(in, 128, &len, id.data(), (int32_t)id.size(), &status);
    if (U_FAILURE(status) || len <= 0 || len >= 128) return false;
    UBool is_system = false;
    ucal_getCanonicalTimeZoneID(in, len, out, 128, &is_system, &status);
    return U_SUCCESS(status) && is_system;
}

bool valid_id(std::string_view id) {
    return !id.empty() &&
        std::all_of(id.begin(), id.end(), [](char c) { return is_lower(c) || is_digit(c) || c == '-'; });
}

bool all_of(std::string_view s, bool (*pred)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), pred); }

std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

int number(std::string_view digits) {
    int n = 0;
    for (char c : digits) n = n * 10 + (c - '0');
    return n;
}

//-----------------------------------------------------------------------------
// Formatting values for messages
//-----------------------------------------------------------------------------

std::string fmt_date(const Date& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string fmt_minutes(int m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
    return buf;
}

std::string fmt_date_time(const LocalDateTime& t) {
    std::string s = fmt_date(t.date) + "T" + fmt_minutes(t.minute_of_day);
    if (t.second) {
        char buf[8];
        std::snprintf(buf, sizeof buf, ":%02d", t.second);
        s += buf;
    }
    return s;
}

std::string fmt_range(const Date& a, const Date& b) {
    return a == b ? fmt_date(a) : fmt_date(a) + " to " + fmt_date(b);
}

const char* type_name(const toml::node& n) {
    switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "nothing";
    }
}

void Loader::check_keys(const toml::table& t, const std::string& prefix, std::initializer_list<const char*> known) {
    std::vector<std::string> names;
    for (const char* k : known) names.push_back(prefix + k);
    for (auto&& [k, v] : t) {
        const std::string name = prefix + std::string(k.str());
        if (std::find(names.begin(), names.end(), name) == names.end())
            error(at(k), "unknown key " + quote(name) + did_you_mean(name, names));
    }
}

const toml::node* Loader::get(const Rec& r, const char* key, bool required) {
    const toml::node* n = r.t ? r.t->get(key) : nullptr;
    if (!n && required) error(r.pos, "missing key " + quote(r.prefix + key) + in_what(r));
    return n;
}

void Loader::wrong_type(const Rec& r, const char* key, const toml::node& n, const char* want) {
    error(at(n), quote(r.prefix + key) + " must be " + want + ", not " + type_name(n));
}

std::optional<std::string> Loader::get_string(const Rec& r, const char* key, bool required, SourcePos* pos) {
    const toml::node* n = get(r, key, required);
    if (!n) return std::nullopt;
    if (!n->is_string()) {
        wrong_type(r, key, *n, "a string");
        return std::nullopt;
    }
    if (pos) *pos = at(*n);
    return n->as_string()->get();
}

std::optional<std::string> Loader::get_id(const Rec& r, const char* key, bool required, SourcePos* pos) {
    SourcePos p;
    std::optional<std::string> s = get_string(r, key, required, &p);
    if (!s) return std::nullopt;
    if (pos) *pos = p;
    // Reported, but kept: references to it then resolve instead of adding noise.
    if (!valid_id(*s)) error(p, "invalid id " + quote(*s) + " (use lower-case letters, digits and '-')");
    return s;
}

std::optional<std::string> Loader::get_url(const Rec& r, const char* key) {
    SourcePos p;
    std::optional<std::string> s = get_string(r, key, false, &p);
    if (!s) return std::nullopt;
    if (s->rfind("https://", 0) != 0 && s->rfind("http://", 0) != 0) {
        error(p, quote(r.prefix + key) + " must start with https:// or http://, not " + quote(*s));
        return std::nullopt;
    }
    if (s->size() > kMaxUrlBytes) {
        error(p, quote(r.prefix + key) + " is " + std::to_string(s->size()) + " bytes long, at most " +
                     std::to_string(kMaxUrlBytes));
        return std::nullopt;
    }
    return s;
}

std::optional<Date> Loader::get_date(const Rec& r, const char* key, bool required, SourcePos* pos) {
    const toml::node* n = get(r, key, required);
    if (!n) return std::nullopt;
    if (!n->is_date()) {
        wrong_type(r, key, *n, "a date");
        return std::nullopt;
    }
    if (pos) *pos = at(*n);
    const toml::date& d = n->as_date()->get();
    return Date{d.year, d.month, d.day};
}

std::optional<Minutes> Loader::get_time(const Rec& r, const char* key, bool required) {
    const toml::node* n = get(r, key, required);
    if (!n) return std::nullopt;
    if (!n->is_time()) {
        wrong_type(r, key, *n, "a time");
        return std::nullopt;
    }
    const toml::time& t = n->as_time()->get();
    if (t.second != 0 || t.nanosecond != 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", t.hour, t.minute, t.second);
        error(at(*n), quote(r.prefix + key) + " must be a whole minute, not " + buf);
        return std::nullopt;
    }
    return Minutes{t.hour * 60 + t.minute};
}

Daypart Loader::get_daypart(const Rec& r) {
    Daypart d;
    if (const toml::node* n = get(r, "days", false)) {
        const toml::array* a = n->as_array();
        if (!a) wrong_type(r, "days", *n, "an array of dates ([2025-10-09])");
        else if (a->empty()) error(at(*n), quote(r.prefix + "days") + " is empty (leave it out: every day)");
        for (size_t i = 0; a && i < a->size(); ++i) {
            const toml::node& e = *a->get(i);
            if (!e.is_date()) {
                error(at(e), quote(r.prefix + "days") + " must list dates (2025-10-09), not " + type_name(e));
                continue;
            }
            const toml::date& t = e.as_date()->get();
            const Date day{t.year, t.month, t.day};
            if (dates_ok_ && (day < event_.start_date || day > event_.end_date))
                error(at(e), quote(r.prefix + "days") + " lists " + fmt_date(day) + ", not a day of the event (" +
                                 fmt_range(event_.start_date, event_.end_date) + ")");
            else if (std::find(d.days.begin(), d.days.end(), day) != d.days.end())
                error(at(e), quote(r.prefix + "days") + " lists " + fmt_date(day) + " twice");
            else d.days.push_back(day);
        }
    }
    // "HH:MM" (until also "24:00"), or a TOML time of a whole minute as agenda.toml writes them.
    auto time_of_day = [&](const char* key, bool until, SourcePos& pos) -> std::optional<Minutes> {
        const toml::node* n = get(r, key, false);
        if (!n) return std::nullopt;
        pos = at(*n);
        if (n->is_time()) return get_time(r, key, false);
        if (!n->is_string()) {
            wrong_type(r, key, *n, "a time of day (\"08:30\")");
            return std::nullopt;
        }
        const std::string& s = n->as_string()->get();
        if (s.size() == 5 && is_digit(s[0]) && is_digit(s[1]) && s[2] == ':' && is_digit(s[3]) && is_digit(s[4])) {
            const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
            if ((h < 24 && m < 60) || (until && h == 24 && m == 0)) return Minutes{h * 60 + m};
        }
        error(pos, quote(r.prefix + key) + " must be a time of day from \"00:00\" to " +
                       (until ? "\"24:00\"" : "\"23:59\"") + " (\"08:30\"), not " + quote(s));
        return std::nullopt;
    };
    SourcePos from_pos, until_pos;
    d.from = time_of_day("from", false, from_pos);
    d.until = time_of_day("until", true, until_pos);
    if (d.from && d.until && d.until->value <= d.from->value) {
        error(until_pos, quote(r.prefix + "until") + " (" + fmt_minutes(d.until->value) + ") is not after " +
                             quote(r.prefix + "from") + " (" + fmt_minutes(d.from->value) +
                             "); for a window over midnight give two items, one until \"24:00\" and one from \"00:00\"");
        d.from = d.until = std::nullopt;
    }
    SourcePos pos;
    if (auto during = get_string(r, "during", false, &pos)) {
        DayPhase phase{};
        if (in_list<DayPhase>(*during,
                              {{"before", DayPhase::Before},
                               {"sessions", DayPhase::Sessions},
                               {"breaks", DayPhase::Breaks},
                               {"after", DayPhase::After}},
                              phase))
            d.during = phase;
        else
            error(pos, quote(r.prefix + "during") + " must be 'before', 'sessions', 'breaks' or 'after', not " +
                           quote(*during) + did_you_mean(*during, {"before", "sessions", "breaks", "after"}));
    }
    return d;
}

std::optional<LocalDateTime> Loader::get_date_time(const Rec& r, const char* key, bool required, SourcePos* pos) {
    const toml::node* n = get(r, key, required);
    if (!n) return std::nullopt;
    if (!n->is_date_time()) {
        wrong_type(r, key, *n, "a date-time");
        return std::nullopt;
    }
    const toml::date_time& dt = n->as_date_time()->get();
    if (dt.offset) {
        error(at(*n), quote(r.prefix + key) + " must not have a UTC offset");
        return std::nullopt;
    }
    if (pos) *pos = at(*n);
    LocalDateTime t;
    t.date = Date{dt.date.year, dt.date.month, dt.date.day};
    t.minute_of_day = dt.time.hour * 60 + dt.time.minute;
    t.second = dt.time.second;
    return t;
}

std::optional<bool> Loader::get_bool(const Rec& r, const char* key) {
    const toml::node* n = get(r, key, false);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) {
        wrong_type(r, key, *n, "a boolean");
        return std::nullopt;
    }
    return n->as_boolean()->get();
}

const toml::table* Loader::get_table(const Rec& r, const char* key, bool required) {
    const toml::node* n = get(r, key, required);
    if (!n) return nullptr;
    if (!n->is_table()) {
        wrong_type(r, key, *n, "a table");
        return nullptr;
    }
    return n->as_table();
}

std::vector<const toml::table*> Loader::get_tables(const Rec& r, const char* key, const std::string& header) {
    std::vector<const toml::table*> out;
    const toml::node* n = get(r, key, false);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
        error(at(*n),
              quote(r.prefix + key) + " must be an array of tables ([[" + header + "]]), not " + type_name(*n));
        return out;
    }
    for (const toml::node& e : *a) {
        if (const toml::table* t = e.as_table()) out.push_back(t);
        else error(at(e), quote(r.prefix + key) + " item must be a table, not " + type_name(e));
    }
    return out;
}

std::vector<std::pair<std::string, SourcePos>> Loader::get_strings(const Rec& r, const char* key, bool required) {
    std::vector<std::pair<std::string, SourcePos>> out;
    const toml::node* n = get(r, key, required);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
        wrong_type(r, key, *n, "an array");
        return out;
    }
    for (const toml::node& e : *a) {
        if (const auto* s = e.as_string()) out.emplace_back(s->get(), at(e));
        else error(at(e), quote(r.prefix + key) + " item must be a string, not " + type_name(e));
    }
    return out;
}

void Loader::check_twice(const Rec& r, const char* key, const std::vector<std::pair<std::string, SourcePos>>& items) {
    std::set<std::string> seen;
    for (const auto& [s, pos] : items)
        if (!seen.insert(s).second) error(pos, quote(r.prefix + key) + " lists " + quote(s) + " twice");
}

std::string language_problem(const std::string& code, const std::vector<std::string>& known) {
    if (valid_language(code)) return {};
    std::vector<std::string> candidates = known;
    std::string lower = code;
    for (char& c : lower)
        if (is_upper(c)) c = (char)(c - 'A' + 'a');
    if (lower != code && valid_language(lower)) candidates.insert(candidates.begin(), lower);
    std::string hint = did_you_mean(code, candidates);
    if (hint.empty() && lower != code && valid_language(lower)) hint = " (did you mean " + quote(lower) + "?)";
    return "unknown language " + quote(code) + hint;
}

bool Loader::check_language(const std::string& code, const SourcePos& pos) {
    std::string problem = language_problem(code, event_.languages.display);
    if (problem.empty()) return true;
    error(pos, std::move(problem));
    return false;
}

LocalText Loader::get_text(const Rec& r, const char* key, bool required, bool path) {
    LocalText lt;
    const toml::node* n = get(r, key, required);
    if (!n) return lt;
    const std::string name = r.prefix + key;
    const toml::table* t = n->as_table();
    if (!t) {
        error(at(*n), quote(name) + " must be a table of texts by language, not " + type_name(*n));
        return lt;
    }
    lt.pos = at(*t);
    if (t->empty()) {
        error(lt.pos, quote(name) + " is empty");
        return lt;
    }
    std::set<std::string> invalid;
    for (auto&& [k, v] : *t) {
        const std::string lang(k.str());
        if (!check_language(lang, at(k))) continue;
        const auto* s = v.as_string();
        if (!s) {
            error(at(v), quote(name + "." + lang) + " must be a string, not " + type_name(v));
            invalid.insert(lang);
            continue;
        }
        lt.by_lang[lang] = s->get();
        if (!path) {
            TextValue tv;
            tv.key = name + "." + lang;
            tv.lang = lang;
            tv.value = s->get();
            tv.pos = at(v);
            tv.file = file_;
            tv.offset = files_[(size_t)file_].offset(tv.pos.line, tv.pos.column);
            text_values_.push_back(std::move(tv));
        }
    }
    if (!lt.by_lang.empty()) text_tables_.push_back(TextTable{name, lt.pos, lt, std::move(invalid)});
    return lt;
}

std::string Loader::get_image(const Rec& r, const char* key, bool required) {
    SourcePos pos;
    std::optional<std::string> s = get_string(r, key, required, &pos);
    if (!s) return {};
    if (s->empty() && !required) return {};
    image_refs_.push_back(PathRef{*s, pos});
    return *s;
}

void Loader::get_color(const Rec& r, const char* key, Color& out) {
    SourcePos pos;
    std::optional<std::string> s = get_string(r, key, false, &pos);
    if (!s) return;
    auto hexval = [](char c) {
        return c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f'  ? c - 'a' + 10
            : c >= 'A' && c <= 'F'  ? c - 'A' + 10
                                    : -1;
    };
    bool ok = (s->size() == 7 || s->size() == 9) && (*s)[0] == '#';
    for (size_t i = 1; ok && i < s->size(); ++i) ok = hexval((*s)[i]) >= 0;
    if (!ok) {
        error(pos, "invalid colour " + quote(*s) + " (write '#RRGGBB' or '#RRGGBBAA')");
        return;
    }
    auto byte = [&](size_t i) { return (uint8_t)(hexval((*s)[i]) * 16 + hexval((*s)[i + 1])); };
    out.r = byte(1);
    out.g = byte(3);
    out.b = byte(5);
    out.a = s->size() == 9 ? byte(7) : 255;
}

}  // namespace majlis::content::detail
