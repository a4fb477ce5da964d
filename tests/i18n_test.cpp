// The interface's phrases and dates (app/i18n): CLDR plurals through ICU MessageFormat, the
// shipped catalogues complete, an event's own wording first, broken patterns reported at their
// line and column and falling back, dates and times through ICU skeletons.
#include "content/content.h"
#include "i18n/i18n.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <unicode/dtptngen.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <filesystem>
#include <fstream>
#include <memory>

namespace majlis::i18n {
namespace {

namespace fs = std::filesystem;

const char* const kInterfaceLanguages[] = {"en", "ar", "ru", "tg", "kk", "ky", "uz", "tk"};

std::string ends_in(std::string_view lang, int minutes) { return phrase(lang, Phrase::EndsIn, {{"minutes", minutes}}); }

TEST(I18nPlurals, ArabicMinutesTakeTheirSixForms) {
    EXPECT_EQ(ends_in("ar", 0), "ينتهي بعد 0 دقيقة");        // zero
    EXPECT_EQ(ends_in("ar", 1), "ينتهي بعد دقيقة واحدة");    // one: the noun and "one"
    EXPECT_EQ(ends_in("ar", 2), "ينتهي بعد دقيقتين");        // two: the dual
    EXPECT_EQ(ends_in("ar", 3), "ينتهي بعد 3 دقائق");        // few: 3–10, the plural
    EXPECT_EQ(ends_in("ar", 11), "ينتهي بعد 11 دقيقة");      // many: 11–99, the singular
    EXPECT_EQ(ends_in("ar", 100), "ينتهي بعد 100 دقيقة");    // other
    EXPECT_EQ(ends_in("ar", 103), "ينتهي بعد 103 دقائق");    // few again (CLDR: n % 100 in 3..10)
    EXPECT_EQ(ends_in("ar-EG", 2), "ينتهي بعد دقيقتين");     // a region reads the language's file
}

TEST(I18nPlurals, RussianMinutes) {
    // "До конца" (short enough for a 1280x800 card) takes the nominative: минута, минуты, минут.
    EXPECT_EQ(ends_in("ru", 1), "До конца 1 минута");
    EXPECT_EQ(ends_in("ru", 2), "До конца 2 минуты");
    EXPECT_EQ(ends_in("ru", 5), "До конца 5 минут");
    EXPECT_EQ(ends_in("ru", 11), "До конца 11 минут");
    EXPECT_EQ(ends_in("ru", 21), "До конца 21 минута");
    EXPECT_EQ(phrase("ru", Phrase::StartsIn, {{"minutes", 24}}), "Начнётся через 24 минуты");
}

TEST(I18nPlurals, CountdownsInTheOtherLanguages) {
    // A noun after a numeral stays singular in Tajik and the Turkic languages; the cards'
    // countdowns abbreviate the minutes, as signage does.
    EXPECT_EQ(ends_in("tg", 15), "Анҷом пас аз 15 дақиқа");
    EXPECT_EQ(ends_in("kk", 1), "Аяқталуына 1 мин");
    EXPECT_EQ(ends_in("kk", 15), "Аяқталуына 15 мин");
    EXPECT_EQ(ends_in("ky", 15), "Аякташына 15 мүн.");
    EXPECT_EQ(ends_in("uz", 15), "Tugashiga 15 daq.");
    EXPECT_EQ(ends_in("tk", 15), "Gutarmagyna 15 min");
    EXPECT_EQ(ends_in("en", 15), "Ends in 15 min");
    EXPECT_EQ(phrase("kk", Phrase::EndsInClock, {{"clock", "14:34"}}), "Аяқталуына 14:34 қалды");
}

TEST(I18nCatalogue, EveryShippedLanguageHasEveryPhrase) {
    Catalogue c;
    const std::vector<std::string> problems = c.load_folder(std::string(MAJLIS_SOURCE_DIR) + "/assets/i18n");
    EXPECT_TRUE(problems.empty()) << problems.front();
    for (const char* lang : kInterfaceLanguages) {
        std::string missing;
        for (Phrase p : c.missing(lang)) missing += " " + std::string(phrase_id(p));
        EXPECT_EQ(missing, "") << lang << " lacks these phrases";
        // And what the screens get is the same catalogue.
        EXPECT_TRUE(shipped().missing(lang).empty()) << lang;
    }
    EXPECT_EQ(c.languages().size(), std::size(kInterfaceLanguages));
    // The phrase ids are the files' keys, both ways.
    for (int i = 0; i < kPhraseCount; ++i) EXPECT_EQ(phrase_named(phrase_id(Phrase(i))), Phrase(i));
    EXPECT_EQ(phrase_named("nwo"), std::nullopt);
}

TEST(I18nCatalogue, OneWordForTheAgendaInEachLanguage) {
    EXPECT_EQ(phrase("en", Phrase::Agenda), "Agenda");
    EXPECT_EQ(phrase("en", Phrase::TodaysAgenda), "Today's agenda");
    EXPECT_EQ(phrase("ar", Phrase::Agenda), "جدول الأعمال");
    EXPECT_EQ(phrase("ar", Phrase::TodaysAgenda), "جدول أعمال اليوم");
    EXPECT_EQ(phrase("ru", Phrase::Agenda), "Программа");
    EXPECT_EQ(phrase("tg", Phrase::TodaysAgenda), "Барномаи рӯз");
    EXPECT_EQ(phrase("uz", Phrase::Then), "So\u02BBng");  // oʻ with U+02BB
    EXPECT_EQ(phrase("ar", Phrase::ListSeparator), "\u060C ");  // the Arabic comma between names
    EXPECT_EQ(phrase("ru", Phrase::ListSeparator), ", ");
}

TEST(I18nCatalogue, MissingPhraseFallsBackToEnglishAndIsReportedOnce) {
    std::vector<std::string> reports;
    set_reporter([&](std::string_view m) { reports.emplace_back(m); });
    std::string used;
    EXPECT_EQ(phrase("fr", Phrase::Now, {}, nullptr, &used), "Now");
    EXPECT_EQ(used, "en");
    EXPECT_EQ(phrase("fr", Phrase::Now), "Now");
    EXPECT_EQ(phrase("fr", Phrase::EndsIn, {{"minutes", 3}}), "Ends in 3 min");
    set_reporter(nullptr);
    ASSERT_EQ(reports.size(), 2u);
    EXPECT_EQ(reports[0], "no phrase 'now' in 'fr'; shown in English");
    EXPECT_EQ(reports[1], "no phrase 'ends_in' in 'fr'; shown in English");
    EXPECT_EQ(phrase("kk", Phrase::Now, {}, nullptr, &used), "Қазір");
    EXPECT_EQ(used, "kk");
}

TEST(I18nCatalogue, BrokenPatternIsReportedWithLineAndColumnAndFallsBack) {
    Catalogue c;
    const std::vector<Problem> problems = c.add("ar",
                                                "now = \"الآن!\"\n"
                                                "next = \"التالي {x\"\n"
                                                "ends_in = \"{minutes, plural, one {دقيقة}}\"\n"
                                                "then = \"{when}\"\n"
                                                "nwo = \"x\"\n");
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0].line, 2);
    EXPECT_EQ(problems[0].column, 16);  // the '{' left open
    EXPECT_TRUE(problems[0].error);
    EXPECT_EQ(problems[0].message, "malformed pattern of 'next': a '{' is not closed");
    EXPECT_EQ(problems[1].line, 3);
    EXPECT_EQ(problems[1].message, "malformed pattern of 'ends_in': a plural or select has no 'other' case");
    EXPECT_EQ(problems[2].line, 4);
    EXPECT_EQ(problems[2].message, "pattern of 'then' uses {when}, which it is not given (it takes none)");
    EXPECT_EQ(problems[3].line, 5);
    EXPECT_FALSE(problems[3].error);
    EXPECT_EQ(problems[3].message, "unknown phrase 'nwo'");
    // The good one is used; the broken ones fall back to the shipped wording.
    EXPECT_EQ(phrase("ar", Phrase::Now, {}, &c), "الآن!");
    EXPECT_EQ(phrase("ar", Phrase::Next, {}, &c), "التالي");
    EXPECT_EQ(phrase("ar", Phrase::EndsIn, {{"minutes", 2}}, &c), "ينتهي بعد دقيقتين");
}

// A copy of the demo event whose folder the test may change.
struct EventCopy {
    testing::TempFolder tmp{"majlis-i18n"};
    fs::path dir;
    EventCopy() {
        dir = tmp.path / "event";
        fs::copy(fs::path(MAJLIS_SOURCE_DIR) / "assets" / "dushanbe-2025", dir, fs::copy_options::recursive);
    }
    void write(const std::string& rel, const std::string& text) const {
        fs::create_directories((dir / rel).parent_path());
        std::ofstream(dir / rel, std::ios::binary) << text;
    }
};

TEST(I18nEventPhrases, TheEventsWordingWins) {
    EventCopy ev;
    ev.write("phrases/ar.toml", "now = \"يجري الآن\"\nends_in = \"بعد {minutes} د\"\n");
    const content::LoadResult r = content::load_event(ev.dir.string());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.warnings(), 0u);
    ASSERT_TRUE(r.event->phrases);
    const Catalogue* own = r.event->phrases.get();
    EXPECT_EQ(phrase("ar", Phrase::Now, {}, own), "يجري الآن");
    EXPECT_EQ(phrase("ar", Phrase::EndsIn, {{"minutes", 7}}, own), "بعد 7 د");
    EXPECT_EQ(phrase("ar", Phrase::Next, {}, own), "التالي");   // not overridden: shipped
    EXPECT_EQ(phrase("en", Phrase::Now, {}, own), "Now");      // other languages untouched
}

TEST(I18nEventPhrases, CheckReportsBrokenPatternsAndMissingLanguages) {
    EventCopy ev;
    ev.write("phrases/ar.toml", "now = \"الآن\"\nnext = \"التالي {x\"\n");
    ev.write("phrases/fr.toml", "now = \"Maintenant\"\n");
    // French is shown too; the demo's texts have no French, which check also says.
    std::ifstream in(ev.dir / "event.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "display = [\"ar\", \"ru\", \"en\", \"tg\"]";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "display = [\"ar\", \"ru\", \"en\", \"tg\", \"fr\", \"kk\"]");
    ev.write("event.toml", text);

    const content::LoadResult r = content::load_event(ev.dir.string());
    EXPECT_FALSE(r.ok());  // a broken pattern is an error: the last good version stays on screen
    std::vector<std::string> lines;
    for (const content::Diagnostic& d : r.diagnostics)
        if (d.message.find("phrase") != std::string::npos || d.message.find("pattern") != std::string::npos)
            lines.push_back(d.format());
    std::string all_but_now;
    for (int i = 1; i < kPhraseCount; ++i) all_but_now += (i > 1 ? ", " : "") + std::string(phrase_id(Phrase(i)));
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "event.toml: warning: display language 'fr' has no interface phrase for " + all_but_now +
                            " (shown in English; add them to phrases/fr.toml)");
    EXPECT_EQ(lines[1], "phrases/ar.toml:2:16: error: malformed pattern of 'next': a '{' is not closed");
    // kk is shipped complete: nothing to say about it.
}

//-----------------------------------------------------------------------------
// Dates and times
//-----------------------------------------------------------------------------

TEST(I18nDates, TajikAndKazakhThroughIcu) {
    const Date d{2025, 10, 9};
    // Tajik: ICU's patterns and weekdays, the catalogue's izofat months and ranges.
    EXPECT_EQ(format_date(d, "tg", DateStyle::Long), "9 октябри 2025");
    EXPECT_EQ(format_date(d, "tg", DateStyle::WeekdayDayMonth), "Панҷшанбе, 9 октябри");
    EXPECT_EQ(format_date(Date{2026, 5, 1}, "tg", DateStyle::Long), "1 майи 2026");
    EXPECT_EQ(format_date_range(d, Date{2025, 10, 11}, "tg"), "9–11 октябри 2025");
    EXPECT_EQ(format_date_range(d, Date{2025, 11, 2}, "tg"), "9 октябри – 2 ноябри 2025");
    // Kazakh: all CLDR's (year first, months in lower case after the day).
    EXPECT_EQ(format_date(d, "kk", DateStyle::Long), "2025\u202Fж. 9 қазан");
    EXPECT_EQ(format_date(d, "kk", DateStyle::WeekdayDayMonth), "9 қазан, бейсенбі");
    EXPECT_EQ(format_date_range(d, Date{2025, 10, 11}, "kk"), "2025\u202Fж. 9–11 қазан");
    // The others of the summit, and Latin digits in Arabic.
    EXPECT_EQ(format_date(d, "ky", DateStyle::Long), "2025-ж., 9-октябрь");
    EXPECT_EQ(format_date(d, "uz", DateStyle::Long), "9-oktabr, 2025");
    EXPECT_EQ(format_date(d, "tk", DateStyle::Long), "9 oktýabr 2025");
    EXPECT_EQ(format_date(d, "en", DateStyle::Long), "9 October 2025");
    EXPECT_EQ(format_date(d, "ar", DateStyle::Long), "9 أكتوبر 2025");
    EXPECT_EQ(format_date(d, "ru", DateStyle::DayMonthNumeric), "09.10");
    EXPECT_EQ(format_date_range(d, Date{2025, 10, 11}, "en"), "9–11 October 2025");
    EXPECT_EQ(format_date(Date{2025, 13, 1}, "en", DateStyle::Long), "");
}

// The clock's "HH:mm" is what ICU's skeleton gives in every interface language.
TEST(I18nDates, TimesAreIcusInEveryInterfaceLanguage) {
    for (const char* lang : kInterfaceLanguages) {
        UErrorCode status = U_ZERO_ERROR;
        icu::Locale locale = icu::Locale::forLanguageTag(std::string(lang) == "en" ? "en-GB" : lang, status);
        locale.setKeywordValue("numbers", "latn", status);
        std::unique_ptr<icu::DateTimePatternGenerator> gen(icu::DateTimePatternGenerator::createInstance(locale, status));
        icu::SimpleDateFormat f(gen->getBestPattern("HHmm", status), locale, status);
        ASSERT_TRUE(U_SUCCESS(status)) << lang;
        f.setTimeZone(*icu::TimeZone::getGMT());
        for (int minute : {0, 9 * 60 + 5, 13 * 60 + 30, 23 * 60 + 59}) {
            icu::UnicodeString out;
            f.format(double(minute) * 60000.0, out);
            std::string s;
            out.toUTF8String(s);
            EXPECT_EQ(format_time(minute), s) << lang;
        }
    }
    EXPECT_EQ(format_time(9 * 60 + 5), "09:05");
}

//-----------------------------------------------------------------------------
// Names
//-----------------------------------------------------------------------------

TEST(I18nNames, LanguagesInThemselvesCountriesInTheShownLanguage) {
    // The kiosk's language switch: what it wrote out by hand for four languages is CLDR's.
    EXPECT_EQ(language_name("ar"), "العربية");
    EXPECT_EQ(language_name("ru"), "Русский");
    EXPECT_EQ(language_name("en"), "English");
    EXPECT_EQ(language_name("tg"), "Тоҷикӣ");
    EXPECT_EQ(language_name("kk"), "Қазақ тілі");
    EXPECT_EQ(language_name("uz"), "O\u2018zbek");  // CLDR 42 writes U+2018 here, not U+02BB
    EXPECT_EQ(language_name("xx"), "xx");
    EXPECT_EQ(country_name("TJ", "ru"), "Таджикистан");
    EXPECT_EQ(country_name("KZ", "kk"), "Қазақстан");
    EXPECT_EQ(country_name("TJ", "xx"), "Tajikistan");
    EXPECT_EQ(country_name("QQ", "en"), "QQ");
    EXPECT_EQ(country_name("", "en"), "");
}

}  // namespace
}  // namespace majlis::i18n
