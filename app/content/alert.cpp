// majlis content: the Alert's names, the rules every Alert keeps wherever it comes from
// (valid_alert_id, alert_problem) and its text file (alert.h). CAP is cap.cpp's.
//
// An alert text file is read the way the content's files are (loader.h's helpers, one place):
// parse_toml_text for nesting and syntax errors, language_problem for codes, quote and
// did_you_mean for messages. Every problem is an error at its line and column; the alert comes
// back only when there are none. The file is small and flat: three texts keyed by language
// (headline, description, instruction), the pictogram and the optional language order.
#include "content/alert.h"

#include "content/loader.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace majlis::content {

namespace {

constexpr uint64_t kMaxAlertFileBytes = 64u << 10;

template <typename T, size_t N>
const char* name_of(const std::pair<T, const char*> (&names)[N], T value) {
    for (const auto& [v, name] : names)
        if (v == value) return name;
    return "?";
}
template <typename T, size_t N>
std::optional<T> value_of(const std::pair<T, const char*> (&names)[N], std::string_view name) {
    for (const auto& [v, n] : names)
        if (name == n) return v;
    return std::nullopt;
}

const std::pair<AlertSeverity, const char*> kSeverities[] = {
    {AlertSeverity::Extreme, "extreme"}, {AlertSeverity::Severe, "severe"}, {AlertSeverity::Moderate, "moderate"}};
const std::pair<AlertStatus, const char*> kStatuses[] = {
    {AlertStatus::Actual, "actual"}, {AlertStatus::Exercise, "exercise"}, {AlertStatus::Test, "test"}};
const std::pair<AlertPictogram, const char*> kPictograms[] = {
    {AlertPictogram::Warning, "warning"}, {AlertPictogram::Evacuate, "evacuate"},
    {AlertPictogram::Shelter, "shelter"}, {AlertPictogram::Fire, "fire"},
    {AlertPictogram::Medical, "medical"}, {AlertPictogram::Info, "info"}};

// The reading of one file: its source (for positions) and what was wrong.
struct AlertReader {
    detail::SourceFile file;
    std::vector<Diagnostic> diags;

    SourcePos at(const toml::source_region& r) const {
        return SourcePos{file.rel, (int)r.begin.line, (int)r.begin.column};
    }
    void error(SourcePos pos, std::string message) {
        diags.push_back(Diagnostic{std::move(pos), Severity::Error, std::move(message)});
    }

    // One text keyed by language: `headline.ar = "…"`; the languages in the order written.
    std::vector<std::pair<std::string, const toml::node*>> texts(const toml::table& root, const char* key,
                                                                 std::vector<std::pair<std::string, SourcePos>>& langs) {
        std::vector<std::pair<std::string, const toml::node*>> out;
        const toml::node* n = root.get(key);
        if (!n) return out;
        const toml::table* t = n->as_table();
        if (!t) {
            error(at(n->source()), detail::quote(key) + " must be a table of texts by language (" + key +
                                       ".en = \"...\"), not " + detail::type_name(*n));
            return out;
        }
        std::vector<std::pair<const toml::key*, const toml::node*>> written;
        for (auto&& [k, v] : *t) written.emplace_back(&k, &v);
        std::sort(written.begin(), written.end(), [](const auto& a, const auto& b) {
            const auto &pa = a.first->source().begin, &pb = b.first->source().begin;
            return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
        });
        std::vector<std::string> known;
        for (const auto& [lang, pos] : langs) known.push_back(lang);
        for (const auto& [k, v] : written) {
            const std::string lang(k->str());
            const std::string name = std::string(key) + "." + lang;
            if (std::string problem = detail::language_problem(lang, known); !problem.empty()) {
                error(at(k->source()), problem);
                continue;
            }
            const auto* s = v->as_string();
            if (!s) {
                error(at(v->source()), detail::quote(name) + " must be a string, not " + detail::type_name(*v));
                continue;
            }
            if (s->get().size() > kMaxAlertTextBytes) {
                error(at(v->source()), detail::quote(name) + " is too long (" + std::to_string(s->get().size()) +
                                           " bytes, at most " + std::to_string(kMaxAlertTextBytes) +
                                           "): a takeover is read from across the hall");
                continue;
            }
            out.emplace_back(lang, v);
        }
        return out;
    }

    std::optional<Alert> read(const toml::table& root) {
        static const std::vector<std::string> kKeys = {"languages", "pictogram", "headline", "description",
                                                       "instruction"};
        for (auto&& [k, v] : root) {
            const std::string name(k.str());
            if (std::find(kKeys.begin(), kKeys.end(), name) == kKeys.end())
                error(at(k.source()), "unknown key " + detail::quote(name) + detail::did_you_mean(name, kKeys));
        }
        Alert alert;
        if (const toml::node* p = root.get("pictogram")) {
            const auto* s = p->as_string();
            std::vector<std::string> names;
            for (const auto& [v, n] : kPictograms) names.push_back(n);
            if (!s) {
                error(at(p->source()), "'pictogram' must be a string, not " + std::string(detail::type_name(*p)));
            } else if (auto pict = alert_pictogram_from(s->get())) {
                alert.pictogram = *pict;
            } else {
                std::string all;
                for (const std::string& n : names) all += (all.empty() ? "" : ", ") + n;
                error(at(p->source()), "unknown pictogram " + detail::quote(s->get()) +
                                           detail::did_you_mean(s->get(), names) + " (one of " + all + ")");
            }
        }
        // The order of `languages` when given; each listed once and each needs a headline.
        std::vector<std::pair<std::string, SourcePos>> order;
        const toml::node* listed = root.get("languages");
        const size_t errors_before = diags.size();
        if (listed) {
            if (const toml::array* a = listed->as_array()) {
                std::set<std::string> seen;
                for (const toml::node& e : *a) {
                    const auto* s = e.as_string();
                    if (!s) {
                        error(at(e.source()), "'languages' item must be a string, not " +
                                                  std::string(detail::type_name(e)));
                    } else if (std::string problem = detail::language_problem(s->get(), {}); !problem.empty()) {
                        error(at(e.source()), problem);
                    } else if (!seen.insert(s->get()).second) {
                        error(at(e.source()), "'languages' lists " + detail::quote(s->get()) + " twice");
                    } else {
                        order.emplace_back(s->get(), at(e.source()));
                    }
                }
            } else {
                error(at(listed->source()), "'languages' must be an array of language codes, not " +
                                                std::string(detail::type_name(*listed)));
            }
        }
        const bool list_ok = diags.size() == errors_before;  // a broken list: its errors are enough
        const auto headlines = texts(root, "headline", order);
        const auto descriptions = texts(root, "description", order);
        const auto instructions = texts(root, "instruction", order);
        if (!root.get("headline")) error(SourcePos{file.rel, 0, 0}, "missing key 'headline' (headline.en = \"...\")");
        std::map<std::string, const toml::node*> headline_of;
        for (const auto& [lang, node] : headlines) {
            headline_of[lang] = node;
            if (node->as_string()->get().empty()) error(at(node->source()), detail::quote("headline." + lang) + " is empty");
        }
        for (const auto* other : {&descriptions, &instructions})
            for (const auto& [lang, node] : *other)
                if (!headline_of.count(lang)) {
                    const toml::source_region& r = node->source();
                    error(at(r), "a text in " + detail::quote(lang) + " without a headline in it (add headline." +
                                     lang + " = \"...\")");
                }
        if (listed && list_ok) {
            std::set<std::string> in_order;
            for (const auto& [lang, pos] : order) {
                in_order.insert(lang);
                if (!headline_of.count(lang))
                    error(pos, "'languages' lists " + detail::quote(lang) + " but there is no headline." + lang);
            }
            for (const auto& [lang, node] : headlines)
                if (!in_order.count(lang))
                    error(at(node->source()), detail::quote("headline." + lang) + " is in a language 'languages' does not list");
        } else {
            for (const auto& [lang, node] : headlines) order.emplace_back(lang, at(node->source()));
        }
        if (order.empty() && diags.empty())
            error(at(root.get("headline")->source()), "'headline' has no language (headline.en = \"...\")");
        if (order.size() > kMaxAlertLanguages)
            error(order[kMaxAlertLanguages].second, "more than " + std::to_string(kMaxAlertLanguages) + " languages");
        if (!diags.empty()) return std::nullopt;
        auto value = [](const std::vector<std::pair<std::string, const toml::node*>>& list, const std::string& lang) {
            for (const auto& [l, node] : list)
                if (l == lang) return node->as_string()->get();
            return std::string();
        };
        for (const auto& [lang, pos] : order)
            alert.texts.push_back(
                AlertText{lang, value(headlines, lang), value(descriptions, lang), value(instructions, lang)});
        return alert;
    }
};

AlertLoad failed(std::string file, int line, int column, std::string message) {
    AlertLoad out;
    out.diagnostics.push_back(Diagnostic{SourcePos{std::move(file), line, column}, Severity::Error, std::move(message)});
    return out;
}

}  // namespace

const char* alert_severity_name(AlertSeverity s) { return name_of(kSeverities, s); }
const char* alert_status_name(AlertStatus s) { return name_of(kStatuses, s); }
const char* alert_pictogram_name(AlertPictogram p) { return name_of(kPictograms, p); }
std::optional<AlertSeverity> alert_severity_from(std::string_view name) { return value_of(kSeverities, name); }
std::optional<AlertStatus> alert_status_from(std::string_view name) { return value_of(kStatuses, name); }
std::optional<AlertPictogram> alert_pictogram_from(std::string_view name) { return value_of(kPictograms, name); }

bool valid_alert_id(std::string_view id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return c > ' ' && c < 0x7f && c != ',' && c != '<' && c != '&';
    });
}

std::string alert_problem(const Alert& alert) {
    if (!valid_alert_id(alert.id))
        return "the alert's id is not 1 to 128 printable ASCII characters without spaces, commas, '<' or '&'";
    if (alert.texts.empty()) return "the alert has no text";
    if (alert.texts.size() > kMaxAlertLanguages)
        return "the alert has " + std::to_string(alert.texts.size()) + " languages; at most " +
               std::to_string(kMaxAlertLanguages);
    for (size_t i = 0; i < alert.texts.size(); ++i) {
        const AlertText& t = alert.texts[i];
        if (!detail::valid_language(t.lang)) return "\"" + t.lang.substr(0, 64) + "\" is not a language code";
        for (size_t j = 0; j < i; ++j)
            if (alert.texts[j].lang == t.lang) return "the alert has two texts in \"" + t.lang + "\"";
        if (t.headline.empty()) return "the alert's text in \"" + t.lang + "\" has no headline";
        for (const std::string* s : {&t.headline, &t.description, &t.instruction})
            if (s->size() > kMaxAlertTextBytes)
                return "a text in \"" + t.lang + "\" is over " + std::to_string(kMaxAlertTextBytes) + " bytes";
    }
    if (alert.sent_ms < 0 || alert.expires_ms < 0) return "the alert's times are before 1970";
    return "";
}

const AlertText* Alert::text(std::string_view lang) const {
    for (const AlertText& t : texts)
        if (t.lang == lang) return &t;
    return nullptr;
}

AlertLoad load_alert_text(std::string_view toml_text, std::string_view file_name) {
    AlertReader r;
    r.file.rel = std::string(file_name);
    if (toml_text.size() > kMaxAlertFileBytes)
        return failed(r.file.rel, 0, 0, "file too large (" + detail::format_size(toml_text.size()) + ", at most " +
                                             detail::format_limit(kMaxAlertFileBytes) + ")");
    r.file.text = std::string(toml_text);
    if (const size_t bad = detail::find_invalid_utf8(r.file.text); bad != std::string::npos) {
        int line = 0, column = 0;
        detail::line_column(r.file.text, bad, line, column);
        char buf[48];
        std::snprintf(buf, sizeof buf, "invalid UTF-8 (byte 0x%02X)", (unsigned)(unsigned char)r.file.text[bad]);
        return failed(r.file.rel, line, column, buf);
    }
    r.file.index();
    AlertLoad out;
    try {
        if (std::optional<toml::table> root = detail::parse_toml_text(r.file, r.diags)) out.alert = r.read(*root);
    } catch (const std::exception& e) {  // std::bad_alloc: never out of here
        r.error(SourcePos{r.file.rel, 0, 0}, std::string("internal error: ") + e.what());
        out.alert.reset();
    }
    out.diagnostics = std::move(r.diags);
    return out;
}

AlertLoad load_alert_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return failed(path, 0, 0, "cannot read file");
    // One byte past the limit tells a file over it without reading more.
    std::string text(kMaxAlertFileBytes + 1, '\0');
    in.read(text.data(), (std::streamsize)text.size());
    if (in.bad()) return failed(path, 0, 0, "cannot read file");
    text.resize((size_t)in.gcount());
    if (text.size() > kMaxAlertFileBytes)
        return failed(path, 0, 0, "file too large (more than " + detail::format_limit(kMaxAlertFileBytes) + ")");
    return load_alert_text(text, path);
}

}  // namespace majlis::content
