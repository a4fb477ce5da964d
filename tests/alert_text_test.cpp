// The alert text file (content/alert.h: load_alert_text, load_alert_file): tiny files and the
// exact Alert they make; every refusal with its file, line and column; the names of severities,
// statuses and pictograms both ways; the example files in assets/alerts.
#include "test_support.h"

#include "content/alert.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace majlis::content;

namespace {

// The diagnostics as `majlis` prints them, one a line.
std::string problems(const AlertLoad& r) {
    std::string s;
    for (const Diagnostic& d : r.diagnostics) s += d.format() + "\n";
    return s;
}

std::string problems_of(std::string_view toml) {
    const AlertLoad r = load_alert_text(toml, "alert.toml");
    EXPECT_EQ(r.alert.has_value(), r.diagnostics.empty());
    return problems(r);
}

}  // namespace

TEST(AlertText, ATinyFileMakesExactlyThisAlert) {
    const AlertLoad r = load_alert_text("pictogram = \"evacuate\"\n"
                                        "headline.ru = \"Покиньте здание\"\n"
                                        "headline.ar = \"إخلاء المبنى\"\n"
                                        "instruction.ar = \"اخرجوا من المخارج الشرقية.\"\n"
                                        "description.ru = \"Пожарная тревога.\"\n",
                                        "alert.toml");
    ASSERT_TRUE(r.alert) << problems(r);
    EXPECT_TRUE(r.diagnostics.empty());
    Alert want;
    want.pictogram = AlertPictogram::Evacuate;
    // The order of the headlines as written (ru before ar), not toml++'s sorted keys.
    want.texts = {AlertText{"ru", "Покиньте здание", "Пожарная тревога.", ""},
                  AlertText{"ar", "إخلاء المبنى", "", "اخرجوا من المخارج الشرقية."}};
    EXPECT_EQ(*r.alert, want);
    EXPECT_EQ(r.alert->text("ar")->instruction, "اخرجوا من المخارج الشرقية.");
    EXPECT_EQ(r.alert->text("en"), nullptr);
}

TEST(AlertText, LanguagesGiveTheOrderAndTablesWorkToo) {
    const AlertLoad r = load_alert_text("languages = [\"en\", \"tg\"]\n"
                                        "[headline]\n"
                                        "tg = \"Биноро тарк кунед\"\n"
                                        "en = \"Evacuate\"\n",
                                        "a.toml");
    ASSERT_TRUE(r.alert) << problems(r);
    ASSERT_EQ(r.alert->texts.size(), 2u);
    EXPECT_EQ(r.alert->texts[0], (AlertText{"en", "Evacuate", "", ""}));
    EXPECT_EQ(r.alert->texts[1], (AlertText{"tg", "Биноро тарк кунед", "", ""}));
    EXPECT_EQ(r.alert->pictogram, AlertPictogram::Warning);  // the default
    EXPECT_EQ(r.alert->id, "");                              // the sender's to set
    EXPECT_EQ(r.alert->expires_ms, 0);
}

TEST(AlertText, EveryProblemIsAnErrorAtItsLineAndColumn) {
    const std::pair<const char*, const char*> cases[] = {
        {"headline.en = \"A\"\nheadlin.ru = \"Б\"\n",
         "alert.toml:2:1: error: unknown key 'headlin' (did you mean 'headline'?)\n"},
        {"instruction.en = \"Go\"\n", "alert.toml: error: missing key 'headline' (headline.en = \"...\")\n"
                                      "alert.toml:1:18: error: a text in 'en' without a headline in it (add "
                                      "headline.en = \"...\")\n"},
        {"headline.en = \"A\"\ninstruction.ru = \"Б\"\n",
         "alert.toml:2:18: error: a text in 'ru' without a headline in it (add headline.ru = \"...\")\n"},
        {"headline.EN = \"A\"\n", "alert.toml:1:10: error: unknown language 'EN' (did you mean 'en'?)\n"},
        {"headline.xx = \"A\"\n", "alert.toml:1:10: error: unknown language 'xx'\n"},
        {"headline.en = 5\n", "alert.toml:1:15: error: 'headline.en' must be a string, not an integer\n"},
        {"headline = \"A\"\n",
         "alert.toml:1:12: error: 'headline' must be a table of texts by language (headline.en = \"...\"), not a "
         "string\n"},
        {"headline.en = \"\"\n", "alert.toml:1:15: error: 'headline.en' is empty\n"},
        {"headline = {}\n", "alert.toml:1:12: error: 'headline' has no language (headline.en = \"...\")\n"},
        {"pictogram = \"evacute\"\nheadline.en = \"A\"\n",
         "alert.toml:1:13: error: unknown pictogram 'evacute' (did you mean 'evacuate'?) (one of warning, "
         "evacuate, shelter, fire, medical, info)\n"},
        {"pictogram = 1\nheadline.en = \"A\"\n", "alert.toml:1:13: error: 'pictogram' must be a string, not an integer\n"},
        {"languages = [\"en\", \"en\"]\nheadline.en = \"A\"\n", "alert.toml:1:20: error: 'languages' lists 'en' twice\n"},
        {"languages = [\"en\", \"ru\"]\nheadline.en = \"A\"\n",
         "alert.toml:1:20: error: 'languages' lists 'ru' but there is no headline.ru\n"},
        {"languages = [\"en\"]\nheadline.en = \"A\"\nheadline.ar = \"ب\"\n",
         "alert.toml:3:15: error: 'headline.ar' is in a language 'languages' does not list\n"},
        {"languages = \"en\"\nheadline.en = \"A\"\n",
         "alert.toml:1:13: error: 'languages' must be an array of language codes, not a string\n"},
        {"languages = [1]\nheadline.en = \"A\"\n", "alert.toml:1:14: error: 'languages' item must be a string, not an integer\n"},
        {"headline.en = \"A\nheadline.ru = \"Б\"\n",
         "alert.toml:1:17: error: syntax error while parsing string: unescaped control characters other than TAB "
         "(U+0009) are explicitly prohibited\n"},
        {"headline.en = \"A\"\nheadline.en = \"B\"\n",
         "alert.toml:2:15: error: syntax error while parsing key-value pair: cannot redefine existing string "
         "'headline.en'\n"},
    };
    for (const auto& [toml, want] : cases) EXPECT_EQ(problems_of(toml), want) << toml;
}

TEST(AlertText, LimitsAreErrorsToo) {
    const std::string long_text(kMaxAlertTextBytes + 1, 'a');
    EXPECT_EQ(problems_of("headline.en = \"" + long_text + "\"\n"),
              "alert.toml:1:15: error: 'headline.en' is too long (1025 bytes, at most 1024): a takeover is read "
              "from across the hall\n");
    std::string many;
    const char* langs[] = {"ar", "ru", "en", "tg", "kk", "ky", "uz", "tk", "fa", "de", "fr", "es", "it", "tr", "zh",
                           "ja", "ko"};
    for (const char* l : langs) many += std::string("headline.") + l + " = \"x\"\n";
    EXPECT_EQ(problems_of(many), "alert.toml:17:15: error: more than 16 languages\n");
    EXPECT_EQ(problems_of(std::string(64 * 1024 + 1, '#')),
              "alert.toml: error: file too large (64.1 KiB, at most 64.0 KiB)\n");
    EXPECT_EQ(problems_of("headline.en = \"a\xff\"\n"), "alert.toml:1:17: error: invalid UTF-8 (byte 0xFF)\n");
    std::string deep = "headline";
    for (int i = 0; i < 40; ++i) deep += ".a";
    EXPECT_EQ(problems_of(deep + " = 1\n"), "alert.toml:1:72: error: nested too deeply (more than 32 levels)\n");
}

TEST(AlertText, NamesBothWays) {
    for (AlertSeverity s : {AlertSeverity::Extreme, AlertSeverity::Severe, AlertSeverity::Moderate})
        EXPECT_EQ(alert_severity_from(alert_severity_name(s)), s);
    for (AlertStatus s : {AlertStatus::Actual, AlertStatus::Exercise, AlertStatus::Test})
        EXPECT_EQ(alert_status_from(alert_status_name(s)), s);
    for (AlertPictogram p : {AlertPictogram::Warning, AlertPictogram::Evacuate, AlertPictogram::Shelter,
                             AlertPictogram::Fire, AlertPictogram::Medical, AlertPictogram::Info})
        EXPECT_EQ(alert_pictogram_from(alert_pictogram_name(p)), p);
    EXPECT_STREQ(alert_severity_name(AlertSeverity::Extreme), "extreme");
    EXPECT_STREQ(alert_status_name(AlertStatus::Exercise), "exercise");
    EXPECT_STREQ(alert_pictogram_name(AlertPictogram::Evacuate), "evacuate");
    EXPECT_FALSE(alert_severity_from("Extreme"));  // lower case only
    EXPECT_FALSE(alert_status_from("system"));
    EXPECT_FALSE(alert_pictogram_from(""));
}

TEST(AlertText, TheExampleFilesLoadInArRuTgEn) {
    for (const char* name : {"evacuate", "shelter", "hall-full"}) {
        const AlertLoad r = load_alert_file(std::string(MAJLIS_SOURCE_DIR) + "/assets/alerts/" + name + ".toml");
        ASSERT_TRUE(r.alert) << name << "\n" << problems(r);
        std::vector<std::string> langs;
        for (const AlertText& t : r.alert->texts) {
            langs.push_back(t.lang);
            EXPECT_FALSE(t.instruction.empty()) << name << " " << t.lang;
        }
        EXPECT_EQ(langs, (std::vector<std::string>{"ar", "ru", "tg", "en"})) << name;
    }
    EXPECT_EQ(load_alert_file(std::string(MAJLIS_SOURCE_DIR) + "/assets/alerts/evacuate.toml").alert->pictogram,
              AlertPictogram::Evacuate);
}

TEST(AlertText, AFileThatCannotBeReadSaysSo) {
    majlis::testing::TempFolder dir("alert");
    const AlertLoad missing = load_alert_file(dir / "none.toml");
    EXPECT_FALSE(missing.alert);
    EXPECT_EQ(problems(missing), dir / "none.toml" + ": error: cannot read file\n");
    std::ofstream(dir / "big.toml") << std::string(64 * 1024 + 1, '#');
    EXPECT_EQ(problems(load_alert_file(dir / "big.toml")),
              dir / "big.toml" + ": error: file too large (more than 64.0 KiB)\n");
}
