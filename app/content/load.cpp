// majlis content: load_event, an event folder read into the model and validated.
//
// The order of work: the folder; event.toml (languages, dates, halls: what the rest refers to);
// agenda.toml; participants.toml; documents.toml; phrases/; screens.toml (its roles name
// event.toml's halls, languages and playlists); then the checks that need everything (ids
// referred to across files, overlaps, images, document bodies, missing translations, font
// coverage). Every problem becomes a Diagnostic at the file, line and column it was found at
// (toml++ keeps a source position on every key and value); nothing throws out of load_event.
//
// Files: event.toml and agenda.toml are required; participants.toml and documents.toml may be
// left out (an event with no roster or no documents), in which case any reference to a
// participant or document is an unknown id.
//
// The reading is one class, Loader (loader.h), whose parts are in files named for what they
// read: load_values.cpp (typed TOML values), load_event.cpp, load_agenda.cpp,
// load_participants.cpp, load_documents.cpp and load_checks.cpp (what needs every file). This
// file has the order of work, diagnostics, the folder and its files, and the final sort.
#include "content/loader.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace majlis::content::detail {

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


LoadResult Loader::run() {
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
    if (event_ok_) load_screens_toml();  // names the halls, languages and playlists read above
    check_references();
    check_overlaps();
    check_images();
    load_bodies();
    check_texts();
    finish(result);
    return result;
}

void Loader::report(const SourcePos& pos, Severity sev, std::string message) {
    Diagnostic d;
    d.pos = pos;
    d.severity = sev;
    d.message = std::move(message);
    diags_.push_back(std::move(d));
}

SourcePos Loader::at(const toml::source_region& r) const {
    SourcePos p;
    p.file = file_ >= 0 ? files_[(size_t)file_].rel : std::string();
    p.line = (int)r.begin.line;
    p.column = (int)r.begin.column;
    return p;
}

bool Loader::open_folder() {
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

std::optional<fs::path> Loader::resolve(const std::string& rel, const SourcePos& pos) {
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

int Loader::read_text(const std::string& rel, const SourcePos* ref, bool required, uint64_t limit) {
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
    if (size > limit) {
        error(here,
              (ref ? "file " + quote(rel) + " too large (" : std::string("file too large (")) + format_size(size) +
                  ", at most " + format_limit(limit) + ")");
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

std::optional<toml::table> Loader::parse_toml(const std::string& rel, bool required) {
    file_ = read_text(rel, nullptr, required);
    if (file_ < 0) return std::nullopt;
    return parse_toml_text(files_[(size_t)file_], diags_);
}

static void syntax_error(const SourceFile& f, const toml::parse_error& e, std::vector<Diagnostic>& diags) {
    Diagnostic diag;
    SourcePos& p = diag.pos;
    p = SourcePos{f.rel, (int)e.source().begin.line, (int)e.source().begin.column};
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
                diag.message = std::string(dt ? "date-time " : "time ") + quote(value) + " needs seconds: write " +
                               quote(value + ":00");
                diags.push_back(std::move(diag));
                return;
            }
        }
    }
    std::string m;
    if (d.rfind("Error while", 0) == 0) m = "syntax error" + d.substr(5);
    else m = "syntax error: " + d;
    for (char c : m) {
        if (c == '\n') diag.message += "\\n";
        else if (c == '\r') diag.message += "\\r";
        else if (c == '\t') diag.message += "\\t";
        else diag.message += c;
    }
    diags.push_back(std::move(diag));
}

std::optional<toml::table> parse_toml_text(const SourceFile& f, std::vector<Diagnostic>& diags) {
    if (const size_t deep = find_deep_nesting(f.text); deep != std::string::npos) {
        Diagnostic d;
        d.pos = SourcePos{f.rel, 0, 0};
        line_column(f.text, deep, d.pos.line, d.pos.column);
        d.message = "nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)";
        diags.push_back(std::move(d));
        return std::nullopt;
    }
    try {
        return toml::parse(std::string_view(f.text), std::string_view(f.rel));
    } catch (const toml::parse_error& e) {
        syntax_error(f, e, diags);
    }
    return std::nullopt;
}

void Loader::finish(LoadResult& result) {
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

    for (Day& d : event_.days)
        std::erase_if(d.sessions, [&](const Session& s) { return hidden_sessions_.count(s.id) > 0; });
    // Participants imported from a schedule and not given an order come after the roster's own,
    // in the order the export names them.
    int last = 0;
    for (const Participant& p : event_.participants) last = std::max(last, p.protocol_order);
    for (Participant& p : event_.participants)
        if (p.protocol_order == 0) p.protocol_order = ++last;
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

}  // namespace majlis::content::detail

namespace majlis::content {

LoadResult load_event(const std::string& dir, const LoadOptions& options) {
    try {
        detail::Loader loader(dir, options);
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
