// majlis content: the loader, the class behind load_event, shared by its parts (load*.cpp).
// Not part of the public API: only the loader's own files include it.
//
// load_event reads an event folder in one Loader (see load.cpp for the order of work). Its
// member functions live in the file named for what they read:
//   load.cpp               the order of work, diagnostics, the folder and its files, the sort
//   load_values.cpp        typed values from TOML tables with their positions; codes (languages,
//                          countries, time zones) checked against ICU; values in messages
//   load_event.cpp         event.toml and the event's own phrases (phrases/<lang>.toml)
//   load_schedule.cpp      the schedule export event.toml names (schedule.h), imported first
//   load_agenda.cpp        agenda.toml
//   load_participants.cpp  participants.toml
//   load_documents.cpp     documents.toml and the Markdown bodies
//   load_screens.cpp       screens.toml: each screen's role (screens_config.h)
//   load_checks.cpp        what needs every file: references, overlaps, images, translations, fonts
// Helpers the loader shares with markdown.cpp, images.cpp and model.cpp (UTF-8, quoting, "did
// you mean") are in load_detail.h.
#pragma once

#include "content/content.h"
#include "content/load_detail.h"

#include <toml++/toml.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::content::detail {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------
// Codes checked against ICU, and values formatted for messages (load_values.cpp)
//-----------------------------------------------------------------------------

const std::set<std::string>& iso_languages();  // ISO 639 codes ICU knows
const std::set<std::string>& iso_countries();  // ISO 3166 codes ICU knows
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_of(std::string_view s, bool (*pred)(char));  // non-empty and every char passes
// A BCP 47 tag of the simple kind screens use: language ("ar", "kk": an ISO 639 code ICU
// knows), optionally "-Script" ("Latn") and "-REGION" ("TJ", "419"), in canonical case.
bool valid_language(std::string_view tag);
// An IANA zone ICU knows (custom "GMT+5" ids are not IANA zones).
bool known_time_zone(const std::string& id);
bool valid_id(std::string_view id);  // lower-case letters, digits and '-'
// Text of XML and exports: `s` without leading and trailing spaces, tabs, CRs and LFs; whether it
// is one or more ASCII digits; the value of such digits (at most 9 of them).
std::string_view trim(std::string_view s);
inline bool digits(std::string_view s) { return all_of(s, is_digit); }
int number(std::string_view digits);

std::string fmt_date(const Date& d);               // "2025-10-09"
std::string fmt_minutes(int m);                    // "10:30"
std::string fmt_date_time(const LocalDateTime& t); // "2025-10-09T10:30" (":05" seconds when set)
std::string fmt_range(const Date& a, const Date& b);  // "2025-10-09 to 2025-10-10"
const char* type_name(const toml::node& n);        // "a string", "an integer", ...

//-----------------------------------------------------------------------------
// Sources (load.cpp)
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

// A TOML file's text parsed as the loader parses every file (the content's and an alert text
// file, alert.cpp): nesting deeper than kMaxNesting and syntax errors become errors in `diags`
// at their line and column (a time without seconds told how to write it). Nothing on failure.
std::optional<toml::table> parse_toml_text(const SourceFile& f, std::vector<Diagnostic>& diags);

// Why `code` is not a language code ("unknown language 'AR' (did you mean 'ar'?)", the hint
// from `candidates` or the code in lower case), or "" when it is one (valid_language).
std::string language_problem(const std::string& code, const std::vector<std::string>& candidates);

// Where the first occurrence of `target` in the TOML string literal starting at `start` is
// written (escapes decoded), or npos.
size_t find_in_toml_string(std::string_view src, size_t start, char32_t target);

// toml++ recurses once per level of a dotted key (`a.b.c…`, in a key or a [table.header]) with
// no limit of its own, so a hostile file of "a.a.a…" overflows the stack. Content needs three
// levels at most; this scan (strings and comments skipped, numbers like 1.5 are two parts)
// finds the first place where a dotted chain or the nesting of [ and { goes past kMaxNesting,
// before toml++ sees the file. Returns its byte offset, or npos.
size_t find_deep_nesting(std::string_view s);
constexpr int kMaxNesting = 32;
constexpr size_t kMaxMarkdownIssues = 100;  // warnings listed for one Markdown file
// A document block (paragraph, heading, list item) is one layout, made in the frame that opens
// the reader (and again, from its shaping, when the text size changes). Laying out costs about
// 0.30 µs a character of Arabic and 0.20 µs of Russian, linear in the length (one paragraph of
// 2,500 to 40,000 characters, 30 px into 1,000 px, thread CPU time on the 2-core development
// machine). 20,000 characters take about 6 ms, a third of a 60 Hz frame that also has to be
// drawn; a longer block makes the reader stall as it opens, so `check` warns.
constexpr size_t kMaxBlockChars = 20000;
// A URL's longest: screens show it as a QR code, which gets denser (smaller modules) the longer it is.
constexpr size_t kMaxUrlBytes = 512;

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
    LoadResult run();

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
    // Imported from the schedule export (load_schedule.cpp), by id: what the TOML may override.
    std::map<std::string, size_t> imported_halls_;                          // index into event_.halls
    std::map<std::string, std::pair<size_t, size_t>> imported_sessions_;   // day, session index
    std::map<std::string, size_t> imported_participants_;                  // index into event_.participants
    std::set<std::string> imported_times_;  // sessions at the export's times and halls (overlaps: warnings)
    std::set<std::string> hidden_sessions_; // `hidden = true`: left out of the event
    size_t imported_days_ = 0;              // event_.days from the export come first
    bool has_schedule_ = false;             // event.toml names an export: agenda.toml may be left out

    // --- load.cpp: the order of work, diagnostics, the folder and its files, the final sort ---

    void report(const SourcePos& pos, Severity sev, std::string message);
    void error(const SourcePos& pos, std::string message) { report(pos, Severity::Error, std::move(message)); }
    void warning(const SourcePos& pos, std::string message) { report(pos, Severity::Warning, std::move(message)); }
    SourcePos file_pos(const std::string& rel) const { return SourcePos{rel, 0, 0}; }
    SourcePos at(const toml::source_region& r) const;
    SourcePos at(const toml::node& n) const { return at(n.source()); }
    SourcePos at(const toml::key& k) const { return at(k.source()); }
    bool open_folder();

    // The file a content path names, inside the folder; reports and returns nullopt when the path
    // is not usable. `pos` is where the path was written (for the fixed files: the file itself).
    std::optional<fs::path> resolve(const std::string& rel, const SourcePos& pos);

    // Reads a text file (TOML or Markdown): inside the folder, a regular file, within the size
    // limit (checked before reading), well-formed UTF-8. `ref` is where a path naming it was
    // written; null for the fixed files, whose problems are reported on the file itself.
    // Returns the index into files_, or -1 (reported; or, when !required, simply absent).
    int read_text(const std::string& rel, const SourcePos* ref, bool required, uint64_t limit = kMaxFileBytes);

    // Reads and parses one of the fixed TOML files; sets file_ and returns its root, or null.
    std::optional<toml::table> parse_toml(const std::string& rel, bool required);

    void finish(LoadResult& result);

    // --- load_values.cpp: reading tables (typed values with their positions, codes checked against ICU) ---

    Rec root_rec(const toml::table& t) const { return Rec{&t, "", "", file_pos(files_[(size_t)file_].rel)}; }
    std::string in_what(const Rec& r) const { return r.what.empty() ? std::string() : " in " + r.what; }
    void check_keys(const toml::table& t, const std::string& prefix, std::initializer_list<const char*> known);
    const toml::node* get(const Rec& r, const char* key, bool required);
    void wrong_type(const Rec& r, const char* key, const toml::node& n, const char* want);
    std::optional<std::string> get_string(const Rec& r, const char* key, bool required, SourcePos* pos = nullptr);
    std::optional<std::string> get_id(const Rec& r, const char* key, bool required, SourcePos* pos = nullptr);
    // A web address (a session's page, a person's avatar): http:// or https://, at most kMaxUrlBytes.
    std::optional<std::string> get_url(const Rec& r, const char* key);
    std::optional<Date> get_date(const Rec& r, const char* key, bool required, SourcePos* pos = nullptr);
    std::optional<Minutes> get_time(const Rec& r, const char* key, bool required);
    std::optional<LocalDateTime> get_date_time(const Rec& r, const char* key, bool required, SourcePos* pos = nullptr);
    std::optional<bool> get_bool(const Rec& r, const char* key);
    const toml::table* get_table(const Rec& r, const char* key, bool required);

    // [[header]] tables; `header` is how the file writes it ("day.session").
    std::vector<const toml::table*> get_tables(const Rec& r, const char* key, const std::string& header);

    // An array of strings (ids, language codes), with where each was written.
    std::vector<std::pair<std::string, SourcePos>> get_strings(const Rec& r, const char* key, bool required);

    // Reports a second use of a value in a list ("'speakers' lists 'rahmon' twice").
    void check_twice(const Rec& r, const char* key, const std::vector<std::pair<std::string, SourcePos>>& items);

    bool check_language(const std::string& code, const SourcePos& pos);

    // A text keyed by language: `title.ar = "…"` (or `title = { ar = "…" }`). `path` texts
    // (document bodies) take part in the translation check but not in the font check.
    LocalText get_text(const Rec& r, const char* key, bool required, bool path = false);

    // An optional image path: "" = none. Recorded for check_images().
    std::string get_image(const Rec& r, const char* key, bool required);

    template <typename T>
    bool in_list(const std::string& s, std::initializer_list<std::pair<const char*, T>> list, T& out) {
        for (const auto& [name, value] : list)
            if (s == name) {
                out = value;
                return true;
            }
        return false;
    }

    void get_color(const Rec& r, const char* key, Color& out);

    // The dayparts of a playlist item or an announcement (content.h: Daypart): `days` (dates of
    // the event), `from` and `until` ("HH:MM" or a TOML time; until may be "24:00"; from before
    // until), `during` (a DayPhase's name). Problems are errors at the value. The table's
    // check_keys lists these four.
    Daypart get_daypart(const Rec& r);

    // --- load_event.cpp: event.toml (languages, dates, halls, theme, loop slides) and phrases/<lang>.toml ---

    void load_event_toml();
    void load_slide(const toml::table& t, std::vector<Slide>& playlist);  // appended to `playlist`

    // phrases/<lang>.toml: the event's own wording of interface phrases, in the format of the
    // shipped catalogue (app/i18n). A malformed pattern is an error at its line and column; for
    // each display language, the phrases neither the event nor majlis has are one warning
    // (they show in English).
    void load_phrases();

    // --- load_schedule.cpp: the schedule export named in event.toml ---

    // Reads and imports the export (`rel`, named at `pos`): its diagnostics reported, its halls,
    // days, sessions and participants put into event_ (and the imported_* maps), its name, dates
    // (unless `has_dates`) and time zone where event.toml gives none.
    void load_schedule(const std::string& rel, const SourcePos& pos, bool has_dates);
    void check_schedule_fonts();  // characters no font covers in imported names and titles: warnings

    // A text the TOML gives for an imported item: its languages replace the export's, the
    // export's others stay; the translation check sees the merged text.
    void override_text(LocalText& into, const LocalText& given);

    // --- load_agenda.cpp: agenda.toml (days and sessions) ---

    void load_agenda_toml();

    // Reads a session into `s`. `imported`: `s` holds an imported session, which the table
    // overrides (only its id is required). Returns false when the session's times are unusable
    // (it is left out of the overlap check).
    bool load_session(const toml::table& t, Session& s, std::map<std::string, int>& lines, bool imported);

    // --- load_participants.cpp: participants.toml ---

    void load_participants_toml();

    // --- load_documents.cpp: documents.toml and the Markdown bodies ---

    bool has_diagnostic_for(const std::string& file) const;
    void load_documents_toml();
    void load_bodies();

    void warn_long_blocks(const std::string& path, const std::vector<Block>& blocks,
                          const std::vector<BlockStart>& starts);

    void check_body_coverage(const SourceFile& f, const DocumentBody& body, const std::string& lang);

    // --- load_screens.cpp: screens.toml (each screen's role, screens_config.h) ---

    void load_screens_toml();

    // --- load_checks.cpp: checks that need every file (references, overlaps, images, translations, fonts) ---

    void check_references();

    // Sessions in one hall on one day must not overlap; touching (10:40 end, 10:40 start) is fine.
    // Each session is reported once, against the earlier session it runs into: an error, or a
    // warning when both are at the times and hall the schedule export gives (the export's
    // problem: its sessions are still shown). Hidden sessions take no part.
    void check_overlaps();

    void check_images();
    void check_texts();
};

}  // namespace majlis::content::detail
