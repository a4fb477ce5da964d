// The phrase catalogue: TOML files of ICU MessageFormat patterns, compiled once, looked up by
// id. See i18n.h for the design.
#include "i18n/i18n.h"
#include "i18n/i18n_internal.h"
#include "text/utf8.h"

#include <toml++/toml.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#ifndef MAJLIS_I18N_DEFAULT_DATA_DIR
#define MAJLIS_I18N_DEFAULT_DATA_DIR "."
#endif

namespace majlis::i18n {

namespace {

// The ids in the files, and the argument each phrase is given ("": none; a pattern may
// leave it out).
struct PhraseInfo {
    std::string_view id;
    std::string_view arg;
};
constexpr PhraseInfo kPhrases[] = {
    {"now", ""},
    {"next", ""},
    {"then", ""},
    {"ends_in", "minutes"},
    {"ends_in_clock", "clock"},
    {"ends_at", "time"},
    {"starts_in", "minutes"},
    {"starts_in_clock", "clock"},
    {"starts_at", "time"},
    {"no_more_sessions_today", ""},
    {"no_sessions", ""},
    {"agenda", ""},
    {"todays_agenda", ""},
    {"now_and_next", ""},
    {"participants", ""},
    {"speakers", ""},
    {"sessions", ""},
    {"documents", ""},
    {"document", ""},
    {"contents", ""},
    {"back", ""},
    {"delayed", "minutes"},
    {"was_time", "time"},
    {"moved_to", "hall"},
    {"hall_full", ""},
    {"cancelled", ""},
    {"illustrative_note", ""},
    {"illustrative_badge", ""},
    {"text_size_letter", ""},
    {"list_separator", ""},
    {"alert_exercise", ""},
    {"alert_test", ""},
};
static_assert(std::size(kPhrases) == size_t(kPhraseCount), "one entry per Phrase");

std::mutex g_mutex;
std::string g_data_dir;
std::function<void(std::string_view)> g_report;
std::set<std::pair<std::string, int>> g_reported;  // (language, phrase) already reported missing

void report(std::string_view message) {
    std::function<void(std::string_view)> r;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        r = g_report;
    }
    if (r) r(message);
    else std::fprintf(stderr, "majlis: warning: i18n: %.*s\n", int(message.size()), message.data());
}

// toml++ gives the line and the column (in code points) where a value starts; a pattern's error
// offset (UTF-16 units into the pattern) lies that many characters after the opening quote when
// the string is written plainly (one line, no escapes). Otherwise the value's start is the place.
void locate(std::string_view text, const toml::source_position& at, const icu::UnicodeString& pattern,
            int32_t offset, Problem& p) {
    p.line = int(at.line);
    p.column = int(at.column);
    size_t i = 0;
    for (int line = 1; line < p.line && i < text.size(); ++i)
        if (text[i] == '\n') ++line;
    for (int col = 1; col < p.column && i < text.size(); ++col) text::next_code_point(text, i);
    if (i >= text.size() || (text[i] != '"' && text[i] != '\'') || text.substr(i, 3) == "\"\"\"" ||
        text.substr(i, 3) == "'''")
        return;
    const char quote = text[i];
    const int32_t chars = pattern.countChar32(0, std::clamp(offset, 0, pattern.length()));
    size_t j = i + 1;
    for (int32_t k = 0; k < chars; ++k) {
        if (j >= text.size() || text[j] == '\n' || text[j] == quote || (quote == '"' && text[j] == '\\')) return;
        text::next_code_point(text, j);
    }
    p.column += 1 + chars;
}

// What went wrong, in words, and where: ICU leaves the offset at 0 for an unclosed brace, so
// the last '{' left open is found here (apostrophe quoting aside, which phrases rarely need).
std::string explain(UErrorCode status, const icu::UnicodeString& pattern, int32_t& offset) {
    switch (status) {
    case U_UNMATCHED_BRACES: {
        std::vector<int32_t> open;
        for (int32_t i = 0; i < pattern.length(); ++i) {
            if (pattern[i] == u'{') open.push_back(i);
            else if (pattern[i] == u'}' && !open.empty()) open.pop_back();
        }
        if (!open.empty()) offset = open.back();
        return "a '{' is not closed";
    }
    case U_DEFAULT_KEYWORD_MISSING: return "a plural or select has no 'other' case";
    case U_PATTERN_SYNTAX_ERROR: return "syntax error";
    case U_ILLEGAL_ARGUMENT_ERROR: return "unknown argument type or style (plural, select, number, …)";
    default: return u_errorName(status);
    }
}

// The argument names a pattern refers to.
std::vector<std::string> argument_names(const icu::MessageFormat& mf) {
    std::vector<std::string> names;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString pattern;
    mf.toPattern(pattern);
    icu::MessagePattern parsed(pattern, nullptr, status);
    if (U_FAILURE(status)) return names;
    for (int32_t i = 0; i < parsed.countParts(); ++i) {
        const icu::MessagePattern::Part& part = parsed.getPart(i);
        if (part.getType() == UMSGPAT_PART_TYPE_ARG_NAME) {
            std::string n = detail::to_utf8(parsed.getSubstring(part));
            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        }
    }
    return names;
}

std::string language_key(std::string_view lang) {
    std::string primary(lang.substr(0, lang.find_first_of("-_")));
    for (char& c : primary)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return primary;
}

}  // namespace

//-----------------------------------------------------------------------------
// Ids
//-----------------------------------------------------------------------------

std::string_view phrase_id(Phrase p) {
    return int(p) < kPhraseCount ? kPhrases[int(p)].id : std::string_view("?");
}

std::optional<Phrase> phrase_named(std::string_view id) {
    for (int i = 0; i < kPhraseCount; ++i)
        if (kPhrases[i].id == id) return Phrase(i);
    return std::nullopt;
}

//-----------------------------------------------------------------------------
// The catalogue
//-----------------------------------------------------------------------------

struct Catalogue::Compiled {
    std::unique_ptr<icu::MessageFormat> format;
};

struct Catalogue::Lang {
    std::unique_ptr<Compiled> phrases[kPhraseCount];
    std::vector<std::string> months;             // [dates] months: 12 names, or none
    std::map<std::string, std::string> ranges;   // [dates] range_days, range_months, range_years
};

Catalogue::Catalogue() = default;
Catalogue::~Catalogue() = default;
Catalogue::Catalogue(Catalogue&&) noexcept = default;
Catalogue& Catalogue::operator=(Catalogue&&) noexcept = default;

std::unique_ptr<icu::MessageFormat> compile(std::string_view lang, const icu::UnicodeString& pattern,
                                            UParseError& where, UErrorCode& status) {
    auto mf = std::make_unique<icu::MessageFormat>(pattern, detail::icu_locale(lang), where, status);
    if (U_FAILURE(status)) return nullptr;
    return mf;
}

std::vector<Problem> Catalogue::add(std::string_view lang_tag, std::string_view text) {
    std::vector<Problem> problems;
    auto problem = [&](const toml::source_region& r, bool error, std::string message) {
        problems.push_back(Problem{int(r.begin.line), int(r.begin.column), error, std::move(message)});
    };
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error& e) {
        problem(e.source(), true, "syntax error: " + std::string(e.description()));
        return problems;
    }
    const std::string lang = language_key(lang_tag);
    std::unique_ptr<Lang>& slot = langs_[lang];
    if (!slot) slot = std::make_unique<Lang>();
    Lang& L = *slot;

    for (const auto& [key, node] : root) {
        const std::string id(key.str());
        if (id == "dates") {
            const toml::table* dates = node.as_table();
            if (!dates) {
                problem(node.source(), true, "'dates' must be a table");
                continue;
            }
            for (const auto& [dkey, dnode] : *dates) {
                const std::string name(dkey.str());
                if (name == "months") {
                    const toml::array* a = dnode.as_array();
                    std::vector<std::string> months;
                    if (a)
                        for (const toml::node& m : *a)
                            if (const auto* s = m.as_string()) months.push_back(s->get());
                    if (!a || months.size() != 12 || a->size() != 12) {
                        problem(dnode.source(), true, "dates.months must be 12 strings, January first");
                        continue;
                    }
                    L.months = std::move(months);
                } else if (name == "range_days" || name == "range_months" || name == "range_years") {
                    if (const auto* s = dnode.as_string()) L.ranges[name] = s->get();
                    else problem(dnode.source(), true, "dates." + name + " must be a string (an ICU date pattern)");
                } else {
                    problem(dkey.source(), false,
                            "unknown key 'dates." + name + "' (known: months, range_days, range_months, range_years)");
                }
            }
            continue;
        }
        const std::optional<Phrase> p = phrase_named(id);
        if (!p) {
            problem(key.source(), false, "unknown phrase '" + id + "'");
            continue;
        }
        const auto* s = node.as_string();
        if (!s) {
            problem(node.source(), true, "phrase '" + id + "' must be a string");
            continue;
        }
        const icu::UnicodeString pattern = icu::UnicodeString::fromUTF8(s->get());
        UParseError where{};
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::MessageFormat> mf = compile(lang, pattern, where, status);
        if (!mf) {
            Problem pr;
            int32_t offset = where.offset;
            pr.message = "malformed pattern of '" + id + "': " + explain(status, pattern, offset);
            locate(text, node.source().begin, pattern, offset, pr);
            problems.push_back(std::move(pr));
            continue;
        }
        if (!mf->usesNamedArguments() && !argument_names(*mf).empty()) {
            problem(node.source(), true, "pattern of '" + id + "' numbers its arguments; name them");
            continue;
        }
        const PhraseInfo& info = kPhrases[int(*p)];
        bool unknown = false;
        for (const std::string& name : argument_names(*mf)) {
            if (name == info.arg) continue;
            problem(node.source(), true,
                    "pattern of '" + id + "' uses {" + name + "}, which it is not given" +
                        (info.arg.empty() ? std::string(" (it takes none)") : " (it is given {" + std::string(info.arg) + "})"));
            unknown = true;
        }
        if (unknown) continue;
        auto c = std::make_unique<Compiled>();
        c->format = std::move(mf);
        L.phrases[int(*p)] = std::move(c);
    }
    // toml++ keeps keys sorted; report in the file's order.
    std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return problems;
}

std::vector<std::string> Catalogue::load_folder(const std::string& folder) {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".toml") files.push_back(it->path());
    if (ec || files.empty()) {
        out.push_back(folder + ": no interface phrases there (<lang>.toml)");
        return out;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        for (const Problem& p : add(f.stem().string(), ss.str()))
            out.push_back(f.string() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " +
                          (p.error ? "error: " : "warning: ") + p.message);
    }
    return out;
}

bool Catalogue::empty() const { return langs_.empty(); }

const Catalogue::Compiled* Catalogue::find(std::string_view lang, Phrase p) const {
    if (int(p) >= kPhraseCount) return nullptr;
    auto it = langs_.find(language_key(lang));
    return it == langs_.end() ? nullptr : it->second->phrases[int(p)].get();
}

bool Catalogue::has(std::string_view lang, Phrase p) const { return find(lang, p) != nullptr; }

std::vector<std::string> Catalogue::languages() const {
    std::vector<std::string> out;
    for (const auto& [lang, L] : langs_)
        for (const auto& c : L->phrases)
            if (c) {
                out.push_back(lang);
                break;
            }
    return out;
}

std::vector<Phrase> Catalogue::missing(std::string_view lang) const {
    std::vector<Phrase> out;
    for (int i = 0; i < kPhraseCount; ++i)
        if (!has(lang, Phrase(i))) out.push_back(Phrase(i));
    return out;
}

const std::vector<std::string>* Catalogue::months(std::string_view lang) const {
    auto it = langs_.find(language_key(lang));
    return it == langs_.end() || it->second->months.empty() ? nullptr : &it->second->months;
}

const std::map<std::string, std::string>* Catalogue::ranges(std::string_view lang) const {
    auto it = langs_.find(language_key(lang));
    return it == langs_.end() || it->second->ranges.empty() ? nullptr : &it->second->ranges;
}

//-----------------------------------------------------------------------------
// The shipped catalogue and lookup
//-----------------------------------------------------------------------------

void set_data_dir(std::string dir) {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_data_dir = std::move(dir);
}

void set_reporter(std::function<void(std::string_view)> r) {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_report = std::move(r);
}

const Catalogue& shipped() {
    static const Catalogue catalogue = [] {
        std::string dir;
        {
            std::lock_guard<std::mutex> lock(g_mutex);
            dir = g_data_dir;
        }
        if (dir.empty())
            if (const char* env = std::getenv("MAJLIS_DATA_DIR"); env && *env) dir = env;
        if (dir.empty()) dir = MAJLIS_I18N_DEFAULT_DATA_DIR;
        Catalogue c;
        for (const std::string& problem : c.load_folder(dir + "/assets/i18n")) report(problem);
        return c;
    }();
    return catalogue;
}

namespace {

std::string format_compiled(const icu::MessageFormat& mf, std::initializer_list<Arg> args) {
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    for (const Arg& a : args) {
        names.push_back(icu::UnicodeString::fromUTF8(icu::StringPiece(a.name.data(), int32_t(a.name.size()))));
        if (const int64_t* n = std::get_if<int64_t>(&a.value)) values.emplace_back(*n);
        else values.emplace_back(icu::UnicodeString::fromUTF8(std::get<std::string>(a.value)));
    }
    icu::UnicodeString out;
    UErrorCode status = U_ZERO_ERROR;
    mf.format(names.data(), values.data(), int32_t(values.size()), out, status);
    if (U_FAILURE(status)) return {};
    return detail::to_utf8(out);
}

}  // namespace

std::string phrase(std::string_view lang, Phrase p, std::initializer_list<Arg> args, const Catalogue* overrides,
                   std::string* lang_used) {
    const Catalogue& base = shipped();
    const Catalogue::Compiled* c = overrides ? overrides->find(lang, p) : nullptr;
    std::string used(lang);
    if (!c) c = base.find(lang, p);
    if (!c) {
        used = "en";
        c = overrides ? overrides->find("en", p) : nullptr;
        if (!c) c = base.find("en", p);
        bool first;
        {
            std::lock_guard<std::mutex> lock(g_mutex);
            first = g_reported.insert({language_key(lang), int(p)}).second;
        }
        if (first)
            report("no phrase '" + std::string(phrase_id(p)) + "' in '" + std::string(lang) +
                   (c ? "'; shown in English" : "' nor in English; shown as its id"));
    }
    std::string text = c ? format_compiled(*c->format, args) : std::string();
    if (text.empty()) {
        used = "en";
        text = phrase_id(p);  // never blank: the id says what is missing
    }
    if (lang_used) *lang_used = used;
    return text;
}

}  // namespace majlis::i18n
