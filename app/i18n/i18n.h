// majlis i18n: the words of the interface and the dates and times on screens, in one place.
//
// Every short text a screen shows of its own ("Now", "Ends in 12 min", "Agenda") is a phrase:
// an id (the enum Phrase below; its name in the files is phrase_id()) and, per interface
// language, an ICU MessageFormat pattern in a data file, assets/i18n/<lang>.toml:
//
//     ends_in = "До конца {minutes, plural, one {# минута} few {# минуты} other {# минут}}"
//
// Plurals and selects follow CLDR's rules for the language (ICU), so Arabic's six plural forms
// and Russian's three are written by the translator, not coded here. An interface language is
// data only: add <lang>.toml with every phrase en.toml has (tests/i18n_test checks the shipped
// ones; `majlis check` reports the phrases an event's languages lack). An event may override
// phrases in its own folder (phrases/<lang>.toml, same format; see docs/content.md).
//
// Lookup: the event's phrases in the language, then the shipped ones, then English (the
// missing phrase is reported once); a phrase is never shown blank. Languages match by their
// primary subtag ("ar-EG" reads ar.toml).
//
// Dates go through ICU skeletons, one per use (DateStyle), in the language with Latin digits
// (the content and the clock write 0-9 in every language). Where CLDR's data is not what a
// reader of the language expects (Tajik: months capitalised, no izofat form after a day
// number, no date ranges), the catalogue's [dates] table supplies it; see tg.toml.
//
// Names of languages and countries are CLDR's too (language_name, country_name).
//
// Depends on ICU and toml++ only; below content (which validates an event's phrases) and
// screens (which show them).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace majlis::i18n {

// The interface's phrases. Arguments in braces are what the pattern is given.
enum class Phrase : uint8_t {
    Now,                 // card and badge: the session running now
    Next,                // the session after it
    Then,                // the one after that (room sign)
    EndsIn,              // {minutes}: a number
    EndsInClock,         // {clock}: "14:34", minutes and seconds left
    EndsAt,              // {time}: "12:20"
    StartsIn,            // {minutes}
    StartsInClock,       // {clock}
    StartsAt,            // {time}
    NoMoreSessionsToday,
    NoSessions,
    Agenda,              // the list of sessions (kiosk tile, headers)
    TodaysAgenda,        // the lobby's panel on the current day
    NowAndNext,          // the loop's slide
    Participants,
    Speakers,
    Sessions,
    Documents,
    Document,            // the loop's kicker over a document
    Contents,            // a document's table of contents
    Back,
    Delayed,             // a session changed live (live_changes.h): {minutes} later than planned
    WasTime,             // {time}: the time the bundle gave a delayed session ("was 10:00")
    MovedTo,             // {hall}: the hall's name
    HallFull,
    Cancelled,
    IllustrativeNote,    // over the demo's documents: "Illustrative summary – not the official text"
    IllustrativeBadge,   // its short form
    TextSizeLetter,      // the letter on the reader's text size buttons: "A", "А", "أ"
    ListSeparator,       // between the names of a session's speakers: ", ", "، "
    AlertExercise,       // the banner over an emergency takeover that is an exercise
    AlertTest,           // ... that is a test (of the system, not a real emergency)
    Count
};
constexpr int kPhraseCount = int(Phrase::Count);

std::string_view phrase_id(Phrase p);                       // "ends_in"
std::optional<Phrase> phrase_named(std::string_view id);    // nullopt if no such phrase

// A value for a pattern's {name}: a number (plural, #) or a string (select, plain text).
struct Arg {
    std::string_view name;
    std::variant<int64_t, std::string> value;
    Arg(std::string_view n, int64_t v) : name(n), value(v) {}
    Arg(std::string_view n, int v) : name(n), value(int64_t(v)) {}
    Arg(std::string_view n, std::string v) : name(n), value(std::move(v)) {}
    Arg(std::string_view n, const char* v) : name(n), value(std::string(v)) {}
};

// Something wrong in a catalogue file, where it was written (1-based; column in code points).
struct Problem {
    int line = 0, column = 0;
    bool error = true;       // false: a warning (an unknown phrase id, a [dates] key)
    std::string message;     // "malformed pattern of 'ends_in': U_UNMATCHED_BRACES"
};

// Phrases of any number of languages, compiled. Built once, then only read (safe to share
// between threads). The shipped catalogue is one; an event's overrides are another.
class Catalogue {
public:
    Catalogue();
    ~Catalogue();
    Catalogue(Catalogue&&) noexcept;
    Catalogue& operator=(Catalogue&&) noexcept;

    // Adds the phrases of `lang` from a catalogue file's text (TOML: phrase_id = "pattern",
    // and an optional [dates] table). Malformed patterns are errors and are left out (the
    // lookup falls back); unknown ids are warnings. Returns what was wrong.
    std::vector<Problem> add(std::string_view lang, std::string_view toml_text);
    // Every <lang>.toml in `folder`; problems are reported as "FILE:LINE:COL: message".
    std::vector<std::string> load_folder(const std::string& folder);

    bool empty() const;
    bool has(std::string_view lang, Phrase p) const;            // exactly this language
    std::vector<std::string> languages() const;                 // those with at least one phrase
    std::vector<Phrase> missing(std::string_view lang) const;   // phrases `lang` does not have

    struct Compiled;  // the ICU side (i18n.cpp)
    const Compiled* find(std::string_view lang, Phrase p) const;
    const std::vector<std::string>* months(std::string_view lang) const;   // [dates] months
    const std::map<std::string, std::string>* ranges(std::string_view lang) const;

private:
    struct Lang;
    std::map<std::string, std::unique_ptr<Lang>, std::less<>> langs_;
};

// The phrases shipped with majlis: every <lang>.toml of the i18n folder, loaded on first use.
// The folder is <data>/assets/i18n, <data> being the one set_data_dir() was given (the app
// passes its --data folder), else $MAJLIS_DATA_DIR, else the folder the build was made from.
const Catalogue& shipped();
void set_data_dir(std::string dir);  // before the first shipped(); later calls are ignored
// Where problems go (a missing phrase, once each; a broken shipped file): stderr unless set.
void set_reporter(std::function<void(std::string_view message)> report);

// The phrase in `lang`: the event's `overrides` (may be null), then the shipped catalogue,
// then English. `lang_used`, if given, receives the language the text is in (for its font).
std::string phrase(std::string_view lang, Phrase p, std::initializer_list<Arg> args = {},
                   const Catalogue* overrides = nullptr, std::string* lang_used = nullptr);

//-----------------------------------------------------------------------------
// Dates and times
//-----------------------------------------------------------------------------

struct Date {
    int year = 0, month = 0, day = 0;  // Gregorian, 1-based month and day
};

// One ICU skeleton per use on screens.
enum class DateStyle {
    Long,             // "yMMMMd":    9 October 2025, 9 октября 2025 г., 2025 ж. 9 қазан
    WeekdayDayMonth,  // "EEEEdMMMM": Thursday, 9 October
    DayMonthNumeric,  // "ddMM":      09/10, 09.10 (the kiosk's day tabs)
};

// The date in the language (Latin digits); "" for an impossible date. Plain "en" is British
// English ("9 October 2025"), as international events write dates.
std::string format_date(const Date& d, std::string_view lang, DateStyle style);
// "9–11 October 2025", "9 October – 2 November 2025": the event's dates (Long style).
std::string format_date_range(const Date& first, const Date& last, std::string_view lang);
// "09:30" from minutes since midnight: 24-hour, Latin digits, in every language (what ICU's
// "HHmm" gives for each interface language; i18n_test holds them to it), so a column of times
// lines up and the clock reads the same on every screen.
std::string format_time(int minute_of_day);

//-----------------------------------------------------------------------------
// Names of languages and countries (CLDR, through ICU)
//-----------------------------------------------------------------------------

// A language named in itself, its first letter in title case: "العربية", "Русский", "Тоҷикӣ",
// "Қазақ тілі" (the kiosk's language switch); the tag itself when ICU has no name for it.
std::string language_name(std::string_view lang);
// A country or region ("TJ") named in `lang` ("Таджикистан"); English where the language has no
// name for it; the code itself when ICU knows none.
std::string country_name(std::string_view code, std::string_view lang);

}  // namespace majlis::i18n
