// The painter (app/screens/painter.h): initials by grapheme cluster, direction icons that point
// by meaning (the reading end or start), and the one palette.
#include "screens/painter.h"

#include <gtest/gtest.h>

namespace {

using namespace majlis::screens::paint;

TEST(Initials, FirstLetterOfTheFirstAndLastWord) {
    EXPECT_EQ(initials("Эмомали Рахмон"), "ЭР");
    EXPECT_EQ(initials("Shavkat Mirziyoyev"), "SM");
    EXPECT_EQ(initials("Kassym-Jomart Tokayev"), "KT");             // a hyphen ends a word
    EXPECT_EQ(initials("  Sadyr\u00A0 Japarov  "), "SJ");           // spaces around and no-break
    EXPECT_EQ(initials("Madonna"), "M");
    EXPECT_EQ(initials(""), "");
    EXPECT_EQ(initials(" \t\u00A0 "), "");
}

TEST(Initials, ALetterKeepsItsMarks) {
    // e + COMBINING ACUTE ACCENT is one letter.
    EXPECT_EQ(initials("e\u0301mile Zola"), "e\u0301Z");
    EXPECT_EQ(initials("Zola e\u0301mile"), "Ze\u0301");
    // Arabic with harakat: each letter with its marks (مُ with damma, سَ with fatha), kept apart
    // by a zero-width non-joiner since meem joins to what follows.
    EXPECT_EQ(initials("\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F \u0633\u064E\u0644\u0652\u0645\u064E\u0627\u0646"),
              "\u0645\u064F\u200C\u0633\u064E");
    // A flag is two regional indicators, one cluster.
    EXPECT_EQ(initials("\U0001F1F9\U0001F1EF Tajikistan"), "\U0001F1F9\U0001F1EFT");
}

TEST(Initials, RightToLeftNames) {
    // Arabic letters that join are kept apart; one that does not join to the next (alef) needs
    // nothing between; Hebrew letters never join.
    EXPECT_EQ(initials("\u0634\u0648\u0643\u062A \u0645\u064A\u0631\u0636\u064A\u0627\u0626\u064A\u0641"),
              "\u0634\u200C\u0645");
    EXPECT_EQ(initials("\u0627\u0645\u0627\u0645 \u0639\u0644\u064A"), "\u0627\u0639");
    EXPECT_EQ(initials("\u05D3\u05D5\u05D3 \u05DB\u05D4\u05DF"), "\u05D3\u05DB");
    // Bidi isolates and marks around a name are not its letters.
    EXPECT_EQ(initials("\u2067\u0639\u0644\u064A \u062D\u0633\u0646\u2069"), "\u0639\u200C\u062D");
    EXPECT_EQ(initials("\u200FAli Hasan"), "AH");
}

TEST(Initials, IllFormedBytesDoNotCrash) {
    // An ill-formed sequence is not a letter (U+FFFD); what follows it in the word may be.
    EXPECT_EQ(initials(std::string("\xC3\x28 \xFF\xFE abc", 10)), "(a");
    EXPECT_EQ(initials("a\xE2\x82"), "a");
}

TEST(Direction, ChevronsPointTheWayTheyAreAskedTo) {
    const Chevron right = chevron(ImVec2(100, 50), 4, 8, Toward::Right);
    EXPECT_GT(right.points[1].x, right.points[0].x);
    EXPECT_EQ(right.points[0].x, right.points[2].x);
    EXPECT_FLOAT_EQ(right.points[1].x, 104);
    EXPECT_FLOAT_EQ(right.points[0].y, 42);
    EXPECT_FLOAT_EQ(right.points[2].y, 58);
    const Chevron left = chevron(ImVec2(100, 50), 4, 8, Toward::Left);
    EXPECT_FLOAT_EQ(left.points[1].x, 96);
    EXPECT_FLOAT_EQ(left.points[0].x, 104);
}

TEST(Direction, NextPointsToTheReadingEndAndBackToTheStart) {
    EXPECT_EQ(toward_reading_end(false), Toward::Right);   // › in English
    EXPECT_EQ(toward_reading_end(true), Toward::Left);     // ‹ in Arabic
    EXPECT_EQ(toward_reading_start(false), Toward::Left);  // ← back in English
    EXPECT_EQ(toward_reading_start(true), Toward::Right);  // → back in Arabic
    const Arrow back_ar = arrow(ImVec2(50, 50), 10, toward_reading_start(true));
    EXPECT_FLOAT_EQ(back_ar.shaft[1].x, 60);  // the tip
    EXPECT_FLOAT_EQ(back_ar.shaft[0].x, 40);
    EXPECT_FLOAT_EQ(back_ar.head.points[1].x, 60);
    EXPECT_LT(back_ar.head.points[0].x, 60);
}

TEST(Palette, HighContrastIsBlackWhiteAndYellow) {
    majlis::content::Theme theme;
    const Palette p = make_palette(theme, true, 10);
    EXPECT_EQ(p.bg, IM_COL32(0, 0, 0, 255));
    EXPECT_EQ(p.fg, IM_COL32(255, 255, 255, 255));
    EXPECT_EQ(p.accent, IM_COL32(255, 255, 0, 255));
    EXPECT_EQ(p.on_accent, IM_COL32(0, 0, 0, 255));
    EXPECT_FLOAT_EQ(p.border, 2.5f);  // a quarter of u, at least 2 px
    EXPECT_FLOAT_EQ(make_palette(theme, true, 4).border, 2);
}

TEST(Palette, TextOnTheAccentStandsOut) {
    majlis::content::Theme theme;
    theme.background = {10, 20, 40, 0};  // a transparent ground is drawn opaque
    theme.foreground = {250, 250, 250, 255};
    theme.accent = {230, 190, 40, 255};  // light accent: dark text on it
    Palette p = make_palette(theme, false, 10);
    EXPECT_EQ(p.bg, IM_COL32(10, 20, 40, 255));
    EXPECT_EQ(p.on_accent, IM_COL32(10, 20, 40, 255));
    theme.accent = {20, 40, 120, 255};  // dark accent: light text on it
    p = make_palette(theme, false, 10);
    EXPECT_EQ(p.on_accent, IM_COL32(250, 250, 250, 255));
    EXPECT_EQ(p.border, 0);
}

}  // namespace
