// majlis content: the model's lookups and fallback chain, diagnostics, and the small text
// helpers the loader's parts share (UTF-8, quoting values in messages, did-you-mean).
#include "content/content.h"
#include "content/load_detail.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace majlis::content {

//-----------------------------------------------------------------------------
// The model
//-----------------------------------------------------------------------------

const char* session_kind_name(SessionKind kind) {
    switch (kind) {
    case SessionKind::Arrival: return "arrival";
    case SessionKind::Ceremony: return "ceremony";
    case SessionKind::Photo: return "photo";
    case SessionKind::Plenary: return "plenary";
    case SessionKind::Statement: return "statement";
    case SessionKind::Bilateral: return "bilateral";
    case SessionKind::Press: return "press";
    case SessionKind::Adoption: return "adoption";
    case SessionKind::Break: return "break";
    case SessionKind::Other: return "other";
    }
    return "other";
}

// lang, then languages.fallback in order, then languages.default, then any: the display
// languages in order first, then whatever the table holds (its first language by code).
const std::string& Event::text(const LocalText& t, std::string_view lang) const {
    static const std::string empty;
    if (t.by_lang.empty()) return empty;
    auto find = [&](std::string_view l) -> const std::string* {
        auto it = t.by_lang.find(std::string(l));
        return it == t.by_lang.end() ? nullptr : &it->second;
    };
    if (const std::string* s = find(lang)) return *s;
    for (const std::string& l : languages.fallback)
        if (const std::string* s = find(l)) return *s;
    if (const std::string* s = find(languages.default_lang)) return *s;
    for (const std::string& l : languages.display)
        if (const std::string* s = find(l)) return *s;
    return t.by_lang.begin()->second;
}

const Hall* Event::hall(std::string_view id) const {
    for (const Hall& h : halls)
        if (h.id == id) return &h;
    return nullptr;
}

const Participant* Event::participant(std::string_view id) const {
    for (const Participant& p : participants)
        if (p.id == id) return &p;
    return nullptr;
}

const Document* Event::document(std::string_view id) const {
    for (const Document& d : documents)
        if (d.id == id) return &d;
    return nullptr;
}

//-----------------------------------------------------------------------------
// Diagnostics
//-----------------------------------------------------------------------------

// "FILE:LINE:COL: error: message"; "FILE:LINE: ..." without a column, "FILE: ..." for the file
// as a whole (line 0), and "error: ..." alone when there is no file (the folder itself).
std::string Diagnostic::format() const {
    std::string s;
    if (!pos.file.empty()) {
        s = pos.file;
        if (pos.line > 0) {
            s += ':' + std::to_string(pos.line);
            if (pos.column > 0) s += ':' + std::to_string(pos.column);
        }
        s += ": ";
    }
    s += severity == Severity::Error ? "error: " : "warning: ";
    s += message;
    return s;
}

size_t LoadResult::errors() const {
    return (size_t)std::count_if(diagnostics.begin(), diagnostics.end(),
                                 [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t LoadResult::warnings() const {
    return (size_t)std::count_if(diagnostics.begin(), diagnostics.end(),
                                 [](const Diagnostic& d) { return d.severity == Severity::Warning; });
}

//-----------------------------------------------------------------------------
// Shared helpers
//-----------------------------------------------------------------------------

namespace detail {

void line_column(std::string_view s, size_t offset, int& line, int& column) {
    offset = std::min(offset, s.size());
    line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < offset; ++i)
        if (s[i] == '\n') ++line, line_start = i + 1;
    column = 1 + int(count_code_points(s.substr(line_start, offset - line_start)));
}

std::string quote(std::string_view value) {
    constexpr int kMaxChars = 80;
    std::string out = "'";
    const bool valid = find_invalid_utf8(value) == std::string_view::npos;
    int chars = 0;
    size_t i = 0;
    while (i < value.size()) {
        if (chars == kMaxChars) {
            out += "…";
            break;
        }
        const unsigned char c = (unsigned char)value[i];
        if (c < 0x20 || c == 0x7F) {
            if (c == '\n') out += "\\n";
            else if (c == '\t') out += "\\t";
            else if (c == '\r') out += "\\r";
            else {
                char buf[16];
                std::snprintf(buf, sizeof buf, "\\u{%X}", c);
                out += buf;
            }
            ++i;
        } else if (c < 0x80 || !valid) {
            if (c < 0x80) out += (char)c;
            else out += "\xEF\xBF\xBD";  // U+FFFD for a byte of ill-formed text
            ++i;
        } else {
            const size_t start = i;
            next_code_point(value, i);
            out.append(value.substr(start, i - start));
        }
        ++chars;
    }
    out += "'";
    return out;
}

std::string code_point_label(char32_t cp) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "U+%04X", (unsigned)cp);
    std::string s = buf;
    char name[256];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, name, sizeof name, &status);
    if (U_SUCCESS(status) && n > 0 && n < (int32_t)sizeof name) {
        s += ' ';
        s.append(name, (size_t)n);
    }
    return s;
}

namespace {

// Optimal string alignment distance, by bytes (ids and keys are ASCII), stopping early once
// every cell of a row exceeds `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit) {
    const int n = (int)a.size(), m = (int)b.size();
    if (std::abs(n - m) > limit) return limit + 1;
    std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (int j = 0; j <= m; ++j) prev[j] = j;
    for (int i = 1; i <= n; ++i) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

}  // namespace

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
    constexpr size_t kMaxLength = 64;
    if (word.empty() || word.size() > kMaxLength) return {};
    const int limit = word.size() <= 4 ? 1 : 2;
    int best = limit + 1;
    const std::string* best_word = nullptr;
    for (const std::string& c : candidates) {
        if (c == word || c.empty() || c.size() > kMaxLength) continue;
        const int d = edit_distance(word, c, limit);
        if (d < best) best = d, best_word = &c;
    }
    return best_word ? *best_word : std::string();
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string n = nearest(word, candidates);
    return n.empty() ? std::string() : " (did you mean " + quote(n) + "?)";
}

std::string format_size(uint64_t bytes) {
    char buf[64];
    auto tenths_up = [&](uint64_t unit) { return (unsigned long long)((bytes * 10 + unit - 1) / unit); };
    if (bytes >= (1u << 20)) {
        const unsigned long long t = tenths_up(1u << 20);
        std::snprintf(buf, sizeof buf, "%llu.%llu MiB", t / 10, t % 10);
    } else if (bytes >= (1u << 10)) {
        const unsigned long long t = tenths_up(1u << 10);
        std::snprintf(buf, sizeof buf, "%llu.%llu KiB", t / 10, t % 10);
    } else {
        std::snprintf(buf, sizeof buf, "%llu bytes", (unsigned long long)bytes);
    }
    return buf;
}

std::string format_limit(uint64_t bytes) {
    char buf[64];
    if (bytes % (1u << 20) == 0) std::snprintf(buf, sizeof buf, "%llu MiB", (unsigned long long)(bytes >> 20));
    else return format_size(bytes);
    return buf;
}

}  // namespace detail
}  // namespace majlis::content
