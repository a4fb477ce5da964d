// majlis content: load_event, an event folder read into the model and validated.
//
// The order of work: the folder; event.toml (languages, dates, halls: what the rest refers to);
// agenda.toml; participants.toml; documents.toml; then the checks that need everything (ids
// referred to across files, overlaps, images, document bodies, missing translations, font
// coverage). Every problem becomes a Diagnostic at the file, line and column it was found at
// (toml++ keeps a source position on every key and value); nothing throws out of load_event.
//
// Files: event.toml and agenda.toml are required; participants.toml and documents.toml may be
// left out (an event with no roster or no documents), in which case any reference to a
// participant or document is an unknown id.
#include "content/content.h"
#include "content/load_detail.h"

#include <toml++/toml.h>
#include <unicode/ucal.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

namespace majlis::content {
namespace {

namespace fs = std::filesystem;
using namespace detail;

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

bool all_of(std::string_view s, bool (*pred)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), pred); }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

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

//-----------------------------------------------------------------------------
// Sources
//-----------------------------------------------------------------------------

struct SourceFile {
    std::string rel;  // "agenda.toml"
    std::string text;
    std::vector<size_t> line_starts;  // byte offset of each line

    void index() {
        line_starts.assign(1, 0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') line_starts.push_back(i + 1);
    }
    // Byte offset of a 1-based line and column (columns in code points), or npos.
    size_t offset(int line, int column) const {
        if (line < 1 || (size_t)line > line_starts.size() || column < 1) return std::string::npos;
        size_t i = line_starts[(size_t)line - 1];
        for (int c = 1; c < column && i < text.size() && text[i] != '\n'; ++c) next_code_point(text, i);
        return i;
    }
};

// Where the first occurrence of `target` in the TOML string literal starting at `start` is
// written (escapes decoded), or npos.
size_t find_in_toml_string(std::string_view src, size_t start, char32_t target) {
    if (start >= src.size() || (src[start] != '"' && src[start] != '\'')) return std::string::npos;
    const char q = src[start];
    const bool basic = q == '"';
    const std::string q3(3, q);
    const bool multi = src.compare(start, 3, q3) == 0;
    size_t i = start + (multi ? 3 : 1);
    if (multi) {
        if (i < src.size() && src[i] == '\n') ++i;
        else if (src.compare(i, 2, "\r\n") == 0) i += 2;
    }
    auto hex = [&](size_t at, int n, char32_t& out) {
        out = 0;
        for (int k = 0; k < n; ++k) {
            if (at + (size_t)k >= src.size()) return false;
            const char c = src[at + (size_t)k];
            const int d = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f'         ? c - 'a' + 10
                : c >= 'A' && c <= 'F'         ? c - 'A' + 10
                                               : -1;
            if (d < 0) return false;
            out = out * 16 + (char32_t)d;
        }
        return true;
    };
    while (i < src.size()) {
        if (multi ? src.compare(i, 3, q3) == 0 : (src[i] == q || src[i] == '\n')) return std::string::npos;
        const size_t here = i;
        char32_t cp;
        if (basic && src[i] == '\\' && i + 1 < src.size()) {
            const char e = src[i + 1];
            i += 2;
            switch (e) {
            case 'b': cp = '\b'; break;
            case 't': cp = '\t'; break;
            case 'n': cp = '\n'; break;
            case 'f': cp = '\f'; break;
            case 'r': cp = '\r'; break;
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case 'u':
                if (!hex(i, 4, cp)) return std::string::npos;
                i += 4;
                break;
            case 'U':
                if (!hex(i, 8, cp)) return std::string::npos;
                i += 8;
                break;
            default:
                // A line-ending backslash (multi-line strings) eats the whitespace after it.
                if (multi && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
                    i -= 1;
                    while (i < src.size() && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r')) ++i;
                    continue;
                }
                return std::string::npos;
            }
        } else {
            cp = next_code_point(src, i);
        }
        if (cp == target) return here;
    }
    return std::string::npos;
}

// toml++ recurses once per level of a dotted key (`a.b.c…`, in a key or a [table.header]) with
// no limit of its own, so a hostile file of "a.a.a…" overflows the stack. Content needs three
// levels at most; this scan (strings and comments skipped, numbers like 1.5 are two parts)
// finds the first place where a dotted chain or the nesting of [ and { goes past kMaxNesting,
// before toml++ sees the file. Returns its byte offset, or npos.
constexpr int kMaxNesting = 32;
constexpr size_t kMaxMarkdownIssues = 100;  // warnings listed for one Markdown file
// A document block (paragraph, heading, list item) is one layout, made in the frame that opens
// the reader (and again, from its shaping, when the text size changes). Laying out costs about
// 0.30 µs a character of Arabic and 0.20 µs of Russian, linear in the length (one paragraph of
// 2,500 to 40,000 characters, 30 px into 1,000 px, thread CPU time on the 2-core development
// machine). 20,000 characters take about 6 ms, a third of a 60 Hz frame that also has to be
// drawn; a longer block makes the reader stall as it opens, so `check` warns.
constexpr size_t kMaxBlockChars = 20000;

size_t find_deep_nesting(std::string_view s) {
    const size_t n = s.size();
    int chain = 0;     // parts in the current dotted chain
    bool dot = false;  // a '.' since the last part
    int depth = 0;     // open [ and {
    auto is_bare = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
            c == '+' || c == ':' || (unsigned char)c >= 0x80;
    };
    auto part = [&](size_t at) {
        chain = dot ? chain + 1 : 1;
        dot = false;
        return chain > kMaxNesting ? at : std::string_view::npos;
    };
    size_t i = 0;
    while (i < n) {
        const char c = s[i];
        if (c == '#') {
            while (i < n && s[i] != '\n') ++i;
        } else if (c == '"' || c == '\'') {
            if (part(i) != std::string_view::npos) return i;
            const bool basic = c == '"';
            const bool multi = s.compare(i, 3, std::string(3, c)) == 0;
            i += multi ? 3 : 1;
            while (i < n) {
                if (basic && s[i] == '\\') {
                    i += 2;
                } else if (multi ? s.compare(i, 3, std::string(3, c)) == 0 : s[i] == c) {
                    i += multi ? 3 : 1;
                    while (multi && i < n && s[i] == c) ++i;  // """a"""" ends with a quote
                    break;
                } else if (!multi && s[i] == '\n') {
                    break;  // unterminated: toml++ reports it
                } else {
                    ++i;
                }
            }
            continue;
        } else if (is_bare(c)) {
            if (part(i) != std::string_view::npos) return i;
            while (i < n && is_bare(s[i])) ++i;
            continue;
        } else if (c == '.') {
            dot = true;
        } else if (c == ' ' || c == '\t') {
            // a . b is a . b
        } else {
            chain = 0;
            dot = false;
            if (c == '[' || c == '{') {
                if (++depth > kMaxNesting) return i;
            } else if (c == ']' || c == '}') {
                depth = std::max(0, depth - 1);
            }
        }
        ++i;
    }
    return std::string_view::npos;
}

//-----------------------------------------------------------------------------
// The loader
//-----------------------------------------------------------------------------

// A table being read, and how messages name it.
struct Rec {
    const toml::table* t = nullptr;
    std::string what;    // "session 'opening'"; "" for a file's root
    std::string prefix;  // key path inside the record: "" or "languages."
    SourcePos pos;       // the table (line 0 for a file's root)
};

struct TextValue {    // one language of one text, for the font check
    std::string key;  // "title.ar"
    std::string lang, value;
    SourcePos pos;                      // the string
    size_t offset = std::string::npos;  // the string literal in its file
    int file = -1;
};

struct TextTable {    // one text, for the translation check
    std::string key;  // "title"
    SourcePos pos;
    LocalText text;
    std::set<std::string> invalid;  // languages written with a value of the wrong type (reported)
};

struct Ref {
    std::string id;
    SourcePos pos;
};

struct PathRef {
    std::string path;
    SourcePos pos;
};

struct BodyRef {
    size_t document;  // index into event.documents (before sorting; documents are not sorted)
    std::string lang, path;
    SourcePos pos;
};

class Loader {
public:
    Loader(const std::string& dir, const LoadOptions& options) : dir_(dir), options_(options) {}

    LoadResult run() {
        LoadResult result;
        if (!open_folder()) {
            result.readable = false;
            result.diagnostics = std::move(diags_);
            return result;
        }
        event_.dir = dir_;
        load_event_toml();
        load_agenda_toml();
        load_participants_toml();
        load_documents_toml();
        load_phrases();
        check_references();
        check_overlaps();
        check_images();
        load_bodies();
        check_texts();
        finish(result);
        return result;
    }

private:
    std::string dir_;
    const LoadOptions& options_;
    fs::path root_;
    std::vector<Diagnostic> diags_;
    Event event_;
    std::vector<SourceFile> files_;
    int file_ = -1;  // the file being read (index into files_)

    bool event_ok_ = false, participants_ok_ = false, documents_ok_ = false;
    bool languages_ok_ = false, dates_ok_ = false;
    std::vector<TextValue> text_values_;
    std::vector<TextTable> text_tables_;
    std::vector<Ref> hall_refs_, participant_refs_, document_refs_;
    std::vector<PathRef> image_refs_;
    std::vector<BodyRef> body_refs_;
    std::map<std::string, std::optional<std::string>> image_cache_;

    // --- diagnostics ---

    void report(const SourcePos& pos, Severity sev, std::string message) {
        Diagnostic d;
        d.pos = pos;
        d.severity = sev;
        d.message = std::move(message);
        diags_.push_back(std::move(d));
    }
    void error(const SourcePos& pos, std::string message) { report(pos, Severity::Error, std::move(message)); }
    void warning(const SourcePos& pos, std::string message) { report(pos, Severity::Warning, std::move(message)); }

    SourcePos file_pos(const std::string& rel) const { return SourcePos{rel, 0, 0}; }
    SourcePos at(const toml::source_region& r) const {
        SourcePos p;
        p.file = file_ >= 0 ? files_[(size_t)file_].rel : std::string();
        p.line = (int)r.begin.line;
        p.column = (int)r.begin.column;
        return p;
    }
    SourcePos at(const toml::node& n) const { return at(n.source()); }
    SourcePos at(const toml::key& k) const { return at(k.source()); }

    // --- the folder and its files ---

    bool open_folder() {
        std::error_code ec;
        const fs::file_status st = fs::status(dir_, ec);
        if (ec || !fs::exists(st)) {
            if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
                error(SourcePos{}, "cannot read folder " + quote(dir_));
            } else {
                error(SourcePos{}, "folder " + quote(dir_) + " does not exist");
            }
            return false;
        }
        if (!fs::is_directory(st)) {
            error(SourcePos{}, quote(dir_) + " is not a folder");
            return false;
        }
        root_ = fs::canonical(dir_, ec);
        if (ec || ::access(root_.c_str(), R_OK | X_OK) != 0) {
            error(SourcePos{}, "cannot read folder " + quote(dir_));
            return false;
        }
        return true;
    }

    // The file a content path names, inside the folder; reports and returns nullopt when the path
    // is not usable. `pos` is where the path was written (for the fixed files: the file itself).
    std::optional<fs::path> resolve(const std::string& rel, const SourcePos& pos) {
        if (rel.empty()) {
            error(pos, "empty path");
            return std::nullopt;
        }
        for (char c : rel) {
            if ((unsigned char)c < 0x20 || c == 0x7F) {
                error(pos, "invalid path " + quote(rel));
                return std::nullopt;
            }
        }
        const fs::path p(rel);
        auto leaves = [&] {
            error(pos, "path " + quote(rel) + " leaves the content folder");
            return std::nullopt;
        };
        if (p.is_absolute() || p.has_root_name() || p.has_root_directory()) return leaves();
        const fs::path normal = (root_ / p).lexically_normal();
        const fs::path inside = normal.lexically_relative(root_);
        if (inside.empty() || *inside.begin() == "..") return leaves();
        std::error_code ec;
        const fs::path real = fs::weakly_canonical(root_ / p, ec);
        if (ec) {
            error(pos, "cannot read file " + quote(rel));
            return std::nullopt;
        }
        const fs::path real_inside = real.lexically_relative(root_);
        if (real_inside.empty() || *real_inside.begin() == "..") return leaves();
        return real;
    }

    // Reads a text file (TOML or Markdown): inside the folder, a regular file, within the size
    // limit (checked before reading), well-formed UTF-8. `ref` is where a path naming it was
    // written; null for the fixed files, whose problems are reported on the file itself.
    // Returns the index into files_, or -1 (reported; or, when !required, simply absent).
    int read_text(const std::string& rel, const SourcePos* ref, bool required) {
        const SourcePos here = ref ? *ref : file_pos(rel);
        const std::string named = ref ? " " + quote(rel) : std::string();
        const std::optional<fs::path> path = resolve(rel, here);
        if (!path) return -1;
        std::error_code ec;
        const fs::file_status st = fs::status(*path, ec);
        if (!fs::exists(st)) {
            if (required || ref) error(here, "missing file" + named);
            return -1;
        }
        if (!fs::is_regular_file(st)) {
            error(here, ref ? quote(rel) + " is not a file" : std::string("not a file"));
            return -1;
        }
        const uint64_t size = fs::file_size(*path, ec);
        if (ec) {
            error(here, "cannot read file" + named);
            return -1;
        }
        if (size > kMaxFileBytes) {
            error(here,
                  (ref ? "file " + quote(rel) + " too large (" : std::string("file too large (")) + format_size(size) +
                      ", at most " + format_limit(kMaxFileBytes) + ")");
            return -1;
        }
        SourceFile f;
        f.rel = rel;
        {
            std::ifstream in(*path, std::ios::binary);
            if (!in) {
                error(here, "cannot read file" + named);
                return -1;
            }
            f.text.resize((size_t)size);
            in.read(f.text.data(), (std::streamsize)size);
            if ((uint64_t)in.gcount() != size) {
                error(here, "cannot read file" + named);
                return -1;
            }
        }
        const size_t bad = find_invalid_utf8(f.text);
        if (bad != std::string::npos) {
            SourcePos p{rel, 0, 0};
            line_column(f.text, bad, p.line, p.column);
            char buf[48];
            std::snprintf(buf, sizeof buf, "invalid UTF-8 (byte 0x%02X)", (unsigned)(unsigned char)f.text[bad]);
            error(p, buf);
            return -1;
        }
        f.index();
        files_.push_back(std::move(f));
        return (int)files_.size() - 1;
    }

    // Reads and parses one of the fixed TOML files; sets file_ and returns its root, or null.
    std::optional<toml::table> parse_toml(const std::string& rel, bool required) {
        file_ = read_text(rel, nullptr, required);
        if (file_ < 0) return std::nullopt;
        const SourceFile& f = files_[(size_t)file_];
        if (const size_t deep = find_deep_nesting(f.text); deep != std::string::npos) {
            SourcePos p{f.rel, 0, 0};
            line_column(f.text, deep, p.line, p.column);
            error(p, "nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
            return std::nullopt;
        }
        try {
            return toml::parse(std::string_view(f.text), std::string_view(f.rel));
        } catch (const toml::parse_error& e) {
            syntax_error(f, e);
        }
        return std::nullopt;
    }

    void syntax_error(const SourceFile& f, const toml::parse_error& e) {
        SourcePos p = at(e.source());
        std::string d(e.description());
        // TOML 1.0 times need seconds; `10:30` is the mistake staff will make most.
        if (d.rfind("Error while parsing time", 0) == 0 || d.rfind("Error while parsing date-time", 0) == 0) {
            const size_t end = f.offset(p.line, p.column);
            if (end != std::string::npos && end >= 5 && end <= f.text.size()) {
                auto digits = [&](size_t at, size_t n) {
                    for (size_t k = 0; k < n; ++k)
                        if (!is_digit(f.text[at + k])) return false;
                    return true;
                };
                size_t start = end - 5;
                if (digits(start, 2) && f.text[start + 2] == ':' && digits(start + 3, 2)) {
                    const bool dt = start >= 11 &&
                        (f.text[start - 1] == 'T' || f.text[start - 1] == 't' || f.text[start - 1] == ' ') &&
                        digits(start - 11, 4) && f.text[start - 7] == '-' && digits(start - 6, 2) &&
                        f.text[start - 4] == '-' && digits(start - 3, 2);
                    if (dt) start -= 11;
                    const std::string value = f.text.substr(start, end - start);
                    line_column(f.text, start, p.line, p.column);
                    error(p,
                          std::string(dt ? "date-time " : "time ") + quote(value) + " needs seconds: write " +
                              quote(value + ":00"));
                    return;
                }
            }
        }
        std::string m;
        if (d.rfind("Error while", 0) == 0) m = "syntax error" + d.substr(5);
        else m = "syntax error: " + d;
        std::string clean;
        for (char c : m) {
            if (c == '\n') clean += "\\n";
            else if (c == '\r') clean += "\\r";
            else if (c == '\t') clean += "\\t";
            else clean += c;
        }
        error(p, clean);
    }

    // --- reading tables ---

    Rec root_rec(const toml::table& t) const { return Rec{&t, "", "", file_pos(files_[(size_t)file_].rel)}; }

    std::string in_what(const Rec& r) const { return r.what.empty() ? std::string() : " in " + r.what; }

    void check_keys(const toml::table& t, const std::string& prefix, std::initializer_list<const char*> known) {
        std::vector<std::string> names;
        for (const char* k : known) names.push_back(prefix + k);
        for (auto&& [k, v] : t) {
            const std::string name = prefix + std::string(k.str());
            if (std::find(names.begin(), names.end(), name) == names.end())
                error(at(k), "unknown key " + quote(name) + did_you_mean(name, names));
        }
    }

    const toml::node* get(const Rec& r, const char* key, bool required) {
        const toml::node* n = r.t ? r.t->get(key) : nullptr;
        if (!n && required) error(r.pos, "missing key " + quote(r.prefix + key) + in_what(r));
        return n;
    }

    void wrong_type(const Rec& r, const char* key, const toml::node& n, const char* want) {
        error(at(n), quote(r.prefix + key) + " must be " + want + ", not " + type_name(n));
    }

    std::optional<std::string> get_string(const Rec& r, const char* key, bool required, SourcePos* pos = nullptr) {
        const toml::node* n = get(r, key, required);
        if (!n) return std::nullopt;
        if (!n->is_string()) {
            wrong_type(r, key, *n, "a string");
            return std::nullopt;
        }
        if (pos) *pos = at(*n);
        return n->as_string()->get();
    }

    std::optional<std::string> get_id(const Rec& r, const char* key, bool required, SourcePos* pos = nullptr) {
        SourcePos p;
        std::optional<std::string> s = get_string(r, key, required, &p);
        if (!s) return std::nullopt;
        if (pos) *pos = p;
        // Reported, but kept: references to it then resolve instead of adding noise.
        if (!valid_id(*s)) error(p, "invalid id " + quote(*s) + " (use lower-case letters, digits and '-')");
        return s;
    }

    std::optional<Date> get_date(const Rec& r, const char* key, bool required, SourcePos* pos = nullptr) {
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

    std::optional<Minutes> get_time(const Rec& r, const char* key, bool required) {
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

    std::optional<LocalDateTime> get_date_time(const Rec& r, const char* key, bool required, SourcePos* pos = nullptr) {
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

    std::optional<bool> get_bool(const Rec& r, const char* key) {
        const toml::node* n = get(r, key, false);
        if (!n) return std::nullopt;
        if (!n->is_boolean()) {
            wrong_type(r, key, *n, "a boolean");
            return std::nullopt;
        }
        return n->as_boolean()->get();
    }

    const toml::table* get_table(const Rec& r, const char* key, bool required) {
        const toml::node* n = get(r, key, required);
        if (!n) return nullptr;
        if (!n->is_table()) {
            wrong_type(r, key, *n, "a table");
            return nullptr;
        }
        return n->as_table();
    }

    // [[header]] tables; `header` is how the file writes it ("day.session").
    std::vector<const toml::table*> get_tables(const Rec& r, const char* key, const std::string& header) {
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

    // An array of strings (ids, language codes), with where each was written.
    std::vector<std::pair<std::string, SourcePos>> get_strings(const Rec& r, const char* key, bool required) {
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

    // Reports a second use of a value in a list ("'speakers' lists 'rahmon' twice").
    void check_twice(const Rec& r, const char* key, const std::vector<std::pair<std::string, SourcePos>>& items) {
        std::set<std::string> seen;
        for (const auto& [s, pos] : items)
            if (!seen.insert(s).second) error(pos, quote(r.prefix + key) + " lists " + quote(s) + " twice");
    }

    bool check_language(const std::string& code, const SourcePos& pos) {
        if (valid_language(code)) return true;
        std::vector<std::string> candidates = event_.languages.display;
        std::string lower = code;
        for (char& c : lower)
            if (is_upper(c)) c = (char)(c - 'A' + 'a');
        if (lower != code && valid_language(lower)) candidates.insert(candidates.begin(), lower);
        std::string hint = did_you_mean(code, candidates);
        if (hint.empty() && lower != code && valid_language(lower)) hint = " (did you mean " + quote(lower) + "?)";
        error(pos, "unknown language " + quote(code) + hint);
        return false;
    }

    // A text keyed by language: `title.ar = "…"` (or `title = { ar = "…" }`). `path` texts
    // (document bodies) take part in the translation check but not in the font check.
    LocalText get_text(const Rec& r, const char* key, bool required, bool path = false) {
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

    // An optional image path: "" = none. Recorded for check_images().
    std::string get_image(const Rec& r, const char* key, bool required) {
        SourcePos pos;
        std::optional<std::string> s = get_string(r, key, required, &pos);
        if (!s) return {};
        if (s->empty() && !required) return {};
        image_refs_.push_back(PathRef{*s, pos});
        return *s;
    }

    template <typename T>
    bool in_list(const std::string& s, std::initializer_list<std::pair<const char*, T>> list, T& out) {
        for (const auto& [name, value] : list)
            if (s == name) {
                out = value;
                return true;
            }
        return false;
    }

    // --- event.toml ---

    void load_event_toml() {
        std::optional<toml::table> doc = parse_toml("event.toml", true);
        if (!doc) return;
        event_ok_ = true;
        const Rec root = root_rec(*doc);
        check_keys(*doc, "",
                   {"id", "name", "start_date", "end_date", "time_zone", "languages", "hall", "theme", "playlist",
                    "announcement"});

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

        SourcePos pos;
        if (auto id = get_id(root, "id", true)) event_.id = *id;
        event_.name = get_text(root, "name", true);
        std::optional<Date> start = get_date(root, "start_date", true);
        std::optional<Date> end = get_date(root, "end_date", true, &pos);
        if (start && end) {
            event_.start_date = *start;
            event_.end_date = *end;
            if (*end < *start)
                error(pos, "'end_date' (" + fmt_date(*end) + ") is before 'start_date' (" + fmt_date(*start) + ")");
            else dates_ok_ = true;
        }
        if (auto tz = get_string(root, "time_zone", true, &pos)) {
            if (!known_time_zone(*tz)) error(pos, "unknown time zone " + quote(*tz));
            event_.time_zone = *tz;
        }

        std::map<std::string, int> hall_lines;
        for (const toml::table* t : get_tables(root, "hall", "hall")) {
            Hall h;
            h.pos = at(*t);
            Rec r{t, "hall", "", h.pos};
            check_keys(*t, "", {"id", "name"});
            SourcePos idpos;
            if (auto id = get_id(r, "id", true, &idpos)) {
                h.id = *id;
                r.what = "hall " + quote(*id);
                if (!hall_lines.emplace(*id, idpos.line).second)
                    error(
                        idpos,
                        "duplicate hall id " + quote(*id) + " (first at line " + std::to_string(hall_lines[*id]) + ")");
            }
            h.name = get_text(r, "name", true);
            event_.halls.push_back(std::move(h));
        }
        // At least one hall; without any, every session's hall would be reported as unknown.
        if (!doc->get("hall")) error(root.pos, "missing key 'hall'");
        else if (const toml::array* a = doc->get("hall")->as_array(); a && a->empty()) error(at(*a), "'hall' is empty");

        if (const toml::table* th = get_table(root, "theme", false)) {
            Rec r{th, "", "theme.", at(*th)};
            check_keys(*th, "theme.", {"background", "foreground", "accent", "muted", "logo"});
            get_color(r, "background", event_.theme.background);
            get_color(r, "foreground", event_.theme.foreground);
            get_color(r, "accent", event_.theme.accent);
            get_color(r, "muted", event_.theme.muted);
            event_.theme.logo = get_image(r, "logo", false);
        }

        for (const toml::table* t : get_tables(root, "playlist", "playlist")) load_slide(*t);

        std::map<std::string, int> ann_lines;
        for (const toml::table* t : get_tables(root, "announcement", "announcement")) {
            Announcement a;
            a.pos = at(*t);
            Rec r{t, "announcement", "", a.pos};
            check_keys(*t, "", {"id", "text", "valid_from", "valid_until"});
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
            event_.announcements.push_back(std::move(a));
        }
    }

    void get_color(const Rec& r, const char* key, Color& out) {
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

    void load_slide(const toml::table& t) {
        Slide s;
        s.pos = at(t);
        Rec r{&t, "playlist item", "", s.pos};
        check_keys(t, "", {"kind", "duration", "transition", "participant", "document", "image", "text"});
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
        event_.playlist.push_back(std::move(s));
    }

    // --- agenda.toml ---

    void load_agenda_toml() {
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

    // Returns false when the session's times are unusable (it is left out of the overlap check).
    bool load_session(const toml::table& t, Session& s, std::map<std::string, int>& lines) {
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

    // --- participants.toml ---

    void load_participants_toml() {
        std::optional<toml::table> doc = parse_toml("participants.toml", false);
        if (!doc) {
            // Absent: no roster (references to participants are unknown ids). Broken: reported.
            participants_ok_ = file_ < 0 && !has_diagnostic_for("participants.toml");
            return;
        }
        participants_ok_ = true;
        const Rec root = root_rec(*doc);
        check_keys(*doc, "", {"participant"});
        std::map<std::string, int> id_lines;
        std::map<int64_t, int> order_lines;
        for (const toml::table* t : get_tables(root, "participant", "participant")) {
            Participant p;
            p.pos = at(*t);
            Rec r{t, "participant", "", p.pos};
            check_keys(*t, "", {"id", "name", "title", "country", "protocol_order", "native_lang", "flag", "portrait"});
            SourcePos pos;
            if (auto id = get_id(r, "id", true, &pos)) {
                p.id = *id;
                r.what = "participant " + quote(*id);
                if (!id_lines.emplace(*id, pos.line).second)
                    error(pos,
                          "duplicate participant id " + quote(*id) + " (first at line " +
                              std::to_string(id_lines[*id]) + ")");
            }
            p.name = get_text(r, "name", true);
            p.title = get_text(r, "title", true);
            if (auto c = get_string(r, "country", true, &pos)) {
                p.country = *c;
                if (c->size() != 2 || !all_of(*c, is_upper) || !iso_countries().count(*c)) {
                    std::string upper = *c;
                    for (char& ch : upper)
                        if (is_lower(ch)) ch = (char)(ch - 'a' + 'A');
                    const bool fixable = upper != *c && upper.size() == 2 && iso_countries().count(upper);
                    error(pos,
                          "unknown country " + quote(*c) +
                              (fixable ? " (did you mean " + quote(upper) + "?)" : std::string()));
                }
            }
            if (const toml::node* n = get(r, "protocol_order", true)) {
                if (!n->is_integer()) {
                    wrong_type(r, "protocol_order", *n, "an integer");
                } else {
                    const int64_t v = n->as_integer()->get();
                    if (v < 1 || v > 1000000) {
                        error(at(*n), "'protocol_order' must be from 1 to 1000000, not " + std::to_string(v));
                    } else {
                        p.protocol_order = (int)v;
                        if (!order_lines.emplace(v, (int)n->source().begin.line).second)
                            error(at(*n),
                                  "duplicate protocol_order " + std::to_string(v) + " (first at line " +
                                      std::to_string(order_lines[v]) + ")");
                    }
                }
            }
            if (auto nl = get_string(r, "native_lang", false, &pos)) {
                p.native_lang = *nl;
                if (check_language(*nl, pos) && !p.name.empty() && !p.name.by_lang.count(*nl))
                    error(pos, "no " + quote("name." + *nl) + " for native_lang " + quote(*nl));
            }
            p.flag = get_image(r, "flag", false);
            p.portrait = get_image(r, "portrait", false);
            event_.participants.push_back(std::move(p));
        }
    }

    bool has_diagnostic_for(const std::string& file) const {
        return std::any_of(diags_.begin(), diags_.end(), [&](const Diagnostic& d) { return d.pos.file == file; });
    }

    // --- documents.toml ---

    void load_documents_toml() {
        std::optional<toml::table> doc = parse_toml("documents.toml", false);
        if (!doc) {
            documents_ok_ = file_ < 0 && !has_diagnostic_for("documents.toml");
            return;
        }
        documents_ok_ = true;
        const Rec root = root_rec(*doc);
        check_keys(*doc, "", {"document"});
        std::map<std::string, int> id_lines;
        for (const toml::table* t : get_tables(root, "document", "document")) {
            Document d;
            d.pos = at(*t);
            Rec r{t, "document", "", d.pos};
            check_keys(*t, "", {"id", "illustrative", "justify", "title", "summary", "body"});
            SourcePos pos;
            if (auto id = get_id(r, "id", true, &pos)) {
                d.id = *id;
                r.what = "document " + quote(*id);
                if (!id_lines.emplace(*id, pos.line).second)
                    error(pos,
                          "duplicate document id " + quote(*id) + " (first at line " + std::to_string(id_lines[*id]) +
                              ")");
            }
            if (auto b = get_bool(r, "illustrative")) d.illustrative = *b;
            if (auto b = get_bool(r, "justify")) d.justify = *b;
            d.title = get_text(r, "title", true);
            d.summary = get_text(r, "summary", false);
            const LocalText body = get_text(r, "body", true, /*path=*/true);
            if (const toml::table* bt = t->get_as<toml::table>("body")) {
                for (const auto& [lang, path] : body.by_lang) {
                    const toml::node* n = bt->get(lang);
                    body_refs_.push_back(BodyRef{event_.documents.size(), lang, path, n ? at(*n) : body.pos});
                }
            }
            event_.documents.push_back(std::move(d));
        }
    }

    // --- checks that need every file ---

    void check_references() {
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

    // Sessions in one hall on one day must not overlap; touching (10:40 end, 10:40 start) is fine.
    // Each session is reported once, against the earlier session it runs into.
    void check_overlaps() {
        for (Day& day : event_.days) {
            std::map<std::string, std::vector<const Session*>> by_hall;
            for (const Session& s : day.sessions) by_hall[s.hall].push_back(&s);
            for (auto& [hall, list] : by_hall) {
                std::stable_sort(list.begin(), list.end(),
                                 [](const Session* a, const Session* b) { return a->start < b->start; });
                const Session* longest = nullptr;  // the earlier session reaching furthest
                for (const Session* s : list) {
                    if (longest && s->start < longest->end) {
                        const Minutes until = std::min(s->end, longest->end);
                        error(s->pos,
                              "session " + quote(s->id) + " overlaps session " + quote(longest->id) + " in hall " +
                                  quote(hall) + " (" + fmt_minutes(s->start.value) + "\u2013" +
                                  fmt_minutes(until.value) + ")");
                    }
                    if (!longest || s->end > longest->end) longest = s;
                }
            }
        }
    }

    void check_images() {
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

    void load_bodies() {
        std::map<std::string, std::pair<int, std::vector<Block>>> parsed;  // by path: file index, blocks
        for (const BodyRef& ref : body_refs_) {
            auto it = parsed.find(ref.path);
            if (it == parsed.end()) {
                const int f = read_text(ref.path, &ref.pos, true);
                std::vector<Block> blocks;
                if (f >= 0) {
                    std::vector<MarkdownIssue> issues;
                    size_t dropped = 0;
                    std::vector<BlockStart> starts;
                    blocks = parse_markdown(files_[(size_t)f].text, &issues, kMaxMarkdownIssues, &dropped, &starts);
                    warn_long_blocks(ref.path, blocks, starts);
                    std::set<std::pair<int, std::string>> seen;  // one per construct and line
                    for (const MarkdownIssue& i : issues) {
                        if (!seen.insert({i.line, i.what}).second) continue;
                        warning(
                            SourcePos{ref.path, i.line, i.line ? i.column : 0},
                            "unsupported Markdown (" + i.what + (i.left_out ? ") left out" : ") shown as plain text"));
                    }
                    if (dropped > 0)
                        warning(SourcePos{ref.path, 0, 0},
                                "unsupported Markdown in " + std::to_string(dropped) + " more places (not listed)");
                }
                it = parsed.emplace(ref.path, std::make_pair(f, std::move(blocks))).first;
            }
            const int f = it->second.first;
            if (f < 0) continue;
            DocumentBody body;
            body.file = ref.path;
            body.blocks = it->second.second;
            if (options_.coverage) check_body_coverage(files_[(size_t)f], body, ref.lang);
            event_.documents[ref.document].body[ref.lang] = std::move(body);
        }
    }

    void warn_long_blocks(const std::string& path, const std::vector<Block>& blocks,
                          const std::vector<BlockStart>& starts) {
        for (size_t i = 0; i < blocks.size() && i < starts.size(); ++i) {
            size_t chars = 0;
            for (const Span& s : blocks[i].spans) chars += count_code_points(s.text);
            if (chars <= kMaxBlockChars) continue;
            const char* what = blocks[i].kind == Block::Kind::Heading    ? "heading"
                               : blocks[i].kind == Block::Kind::ListItem ? "list item"
                                                                          : "paragraph";
            warning(SourcePos{path, starts[i].line, starts[i].line ? starts[i].column : 0},
                    std::string(what) + " too long to lay out within a frame (" + std::to_string(chars) +
                        " characters, at most " + std::to_string(kMaxBlockChars) + "): split it");
        }
    }

    void check_body_coverage(const SourceFile& f, const DocumentBody& body, const std::string& lang) {
        std::string all;
        for (const Block& b : body.blocks) {
            for (const Span& s : b.spans) all += s.text;
            all += '\n';
        }
        std::set<char32_t> seen;
        for (char32_t cp : options_.coverage(all, lang)) {
            if (!seen.insert(cp).second) continue;
            std::string needle;
            append_utf8(needle, cp);
            SourcePos pos{f.rel, 0, 0};
            const size_t at = f.text.find(needle);
            if (at != std::string::npos) line_column(f.text, at, pos.line, pos.column);
            error(pos, "text has " + code_point_label(cp) + ", which no font for " + quote(lang) + " covers");
        }
    }

    void check_texts() {
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

    // phrases/<lang>.toml: the event's own wording of interface phrases, in the format of the
    // shipped catalogue (app/i18n). A malformed pattern is an error at its line and column; for
    // each display language, the phrases neither the event nor majlis has are one warning
    // (they show in English).
    void load_phrases() {
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

    void finish(LoadResult& result) {
        // Files in reading order, then line and column; the order found within one position.
        auto rank = [](const std::string& f) {
            static const char* fixed[] = {"", "event.toml", "agenda.toml", "participants.toml", "documents.toml"};
            for (int i = 0; i < 5; ++i)
                if (f == fixed[i]) return i;
            return 5;
        };
        std::stable_sort(diags_.begin(), diags_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
            const int ra = rank(a.pos.file), rb = rank(b.pos.file);
            if (ra != rb) return ra < rb;
            if (a.pos.file != b.pos.file) return a.pos.file < b.pos.file;
            if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
            return a.pos.column < b.pos.column;
        });
        diags_.erase(std::unique(diags_.begin(), diags_.end(),
                                 [](const Diagnostic& a, const Diagnostic& b) {
                                     return a.pos.file == b.pos.file && a.pos.line == b.pos.line &&
                                         a.pos.column == b.pos.column && a.severity == b.severity &&
                                         a.message == b.message;
                                 }),
                     diags_.end());
        result.diagnostics = std::move(diags_);
        if (result.errors() > 0) return;

        std::stable_sort(event_.days.begin(), event_.days.end(),
                         [](const Day& a, const Day& b) { return a.date < b.date; });
        for (Day& d : event_.days)
            std::stable_sort(d.sessions.begin(), d.sessions.end(),
                             [](const Session& a, const Session& b) { return a.start < b.start; });
        std::stable_sort(
            event_.participants.begin(), event_.participants.end(),
            [](const Participant& a, const Participant& b) { return a.protocol_order < b.protocol_order; });
        result.event = std::make_shared<const Event>(std::move(event_));
    }
};

}  // namespace

LoadResult load_event(const std::string& dir, const LoadOptions& options) {
    try {
        Loader loader(dir, options);
        return loader.run();
    } catch (const std::exception& e) {
        LoadResult r;
        Diagnostic d;
        d.message = std::string("internal error: ") + e.what();
        r.diagnostics.push_back(std::move(d));
        return r;
    } catch (...) {
        LoadResult r;
        Diagnostic d;
        d.message = "internal error";
        r.diagnostics.push_back(std::move(d));
        return r;
    }
}

}  // namespace majlis::content
