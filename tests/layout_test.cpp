// The text engine's layout: wrapping, visual order, alignment, ellipsis, fallback, caching.
// Each test states a fact a reader at the screen would check.
#include "core/log.h"
#include "test_support.h"
#include "text/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace majlis;
using namespace majlis::text;

namespace {

const std::string kFonts = std::string(MAJLIS_SOURCE_DIR) + "/fonts";

struct Engine {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    TextEngine engine;
    explicit Engine(std::string fonts = kFonts) : engine(make_config(std::move(fonts)), log) {}
    static TextEngine::Config make_config(std::string fonts) {
        TextEngine::Config c;
        c.fonts_dir = std::move(fonts);
        return c;
    }
};

Style style(std::string lang, float size = 32, float width = 0) {
    Style s;
    s.lang = std::move(lang);
    s.size_px = size;
    s.max_width = width;
    return s;
}

// All glyphs of a line with their absolute x (visual order, left to right).
std::vector<Glyph> glyphs_of(const Line& line) {
    std::vector<Glyph> out;
    for (const GlyphRun& r : line.runs)
        for (const Glyph& g : r.glyphs) out.push_back(g);
    return out;
}

float x_of_cluster(const Line& line, uint32_t byte) {
    for (const Glyph& g : glyphs_of(line))
        if (g.cluster == byte) return g.x;
    return -1;
}

}  // namespace

TEST(Layout, ArabicLineIsRightToLeftAndRightAligned) {
    Engine e;
    const std::string text = "مرحبا بكم";  // "مرحبا" is logically first
    auto layout = e.engine.layout(text, style("ar", 32, 800));
    ASSERT_EQ(layout->lines.size(), 1u);
    const Line& line = layout->lines[0];
    EXPECT_TRUE(line.rtl);
    EXPECT_EQ(line.start, 0u);
    EXPECT_EQ(line.end, text.size());
    // The first word is read first, so it sits to the right of the second.
    EXPECT_GT(x_of_cluster(line, 0), x_of_cluster(line, text.find(' ') + 1));
    // Start alignment of a right-to-left paragraph is the right edge.
    EXPECT_NEAR(line.x + line.width, 800.0f, 0.01f);
    for (const GlyphRun& r : line.runs) {
        EXPECT_TRUE(r.rtl());
        ASSERT_NE(r.face, nullptr);
        EXPECT_EQ(r.face->file_name, "NotoNaskhArabic-Regular.ttf");
    }
}

TEST(Layout, DigitsAfterArabicFollowTheBidiAlgorithm) {
    Engine e;
    // UBA W2: European digits after Arabic letters become Arabic numbers, '-' stays between:
    // the range displays as 2027-2025 read left to right.
    const std::string text = "عام 2025-2027";
    auto layout = e.engine.layout(text, style("ar"));
    const Line& line = layout->lines.at(0);
    const uint32_t y2025 = uint32_t(text.find("2025")), y2027 = uint32_t(text.find("2027"));
    EXPECT_LT(x_of_cluster(line, y2027), x_of_cluster(line, y2025));
    // Inside each number the digits keep their order: '2' of 2025 is left of its '5'.
    EXPECT_LT(x_of_cluster(line, y2025), x_of_cluster(line, y2025 + 3));

    // Wrapped in LRI ... PDI the date keeps its left-to-right order.
    const std::string isolated = "عام \u20662025-2027\u2069";
    auto iso = e.engine.layout(isolated, style("ar"));
    const Line& l2 = iso->lines.at(0);
    EXPECT_LT(x_of_cluster(l2, uint32_t(isolated.find("2025"))), x_of_cluster(l2, uint32_t(isolated.find("2027"))));
}

TEST(Layout, BracketsInArabicComeFromTheFallbackFontAndAreMirrored) {
    Engine e;
    const std::string text = "قاعة (سرازم)";
    auto layout = e.engine.layout(text, style("ar"));
    const Line& line = layout->lines.at(0);
    const uint32_t open = uint32_t(text.find('(')), close = uint32_t(text.find(')'));
    // In right-to-left text the opening bracket is on the right of the word it opens.
    EXPECT_GT(x_of_cluster(line, open), x_of_cluster(line, close));
    for (const GlyphRun& r : line.runs)
        for (const Glyph& g : r.glyphs)
            if (g.cluster == open || g.cluster == close) {
                EXPECT_EQ(r.face->file_name, "NotoSans-Regular.ttf");  // Naskh has no brackets
                EXPECT_NE(g.id, 0u);
            }
}

TEST(Layout, WrapsRussianAtSpacesWithinTheWidth) {
    Engine e;
    const std::string text =
        "Второй саммит «Центральная Азия – Россия» прошёл в Душанбе под председательством "
        "Президента Таджикистана.";
    auto layout = e.engine.layout(text, style("ru", 32, 400));
    ASSERT_GE(layout->lines.size(), 3u);
    uint32_t expected_start = 0;
    for (const Line& line : layout->lines) {
        EXPECT_EQ(line.start, expected_start);
        EXPECT_LE(line.width, 400.0f + 0.01f);
        EXPECT_FALSE(line.rtl);
        EXPECT_NEAR(line.x, 0.0f, 0.001f);
        // Every line but the last ends after a space (never inside a word).
        if (&line != &layout->lines.back()) {
            EXPECT_EQ(text[line.end - 1], ' ') << line.end;
        }
        expected_start = line.end;
    }
    EXPECT_EQ(expected_start, text.size());
    // Lines go down the page.
    for (size_t i = 1; i < layout->lines.size(); ++i)
        EXPECT_GT(layout->lines[i].baseline, layout->lines[i - 1].baseline);
}

TEST(Layout, WrapsArabicAndKeepsLogicalOrderAcrossLines) {
    Engine e;
    const std::string text = "اعتمد رؤساء الدول الإعلان الختامي وخطة العمل المشتركة للسنوات القادمة في دوشنبه";
    auto layout = e.engine.layout(text, style("ar", 32, 300));
    ASSERT_GE(layout->lines.size(), 2u);
    EXPECT_EQ(layout->lines.front().start, 0u);
    EXPECT_EQ(layout->lines.back().end, text.size());
    for (const Line& line : layout->lines) {
        EXPECT_LE(line.width, 300.0f + 0.01f);
        EXPECT_NEAR(line.x + line.width, 300.0f, 0.01f);  // right aligned
        // In each line, the logically first glyph is the rightmost one.
        auto gs = glyphs_of(line);
        auto first = std::min_element(gs.begin(), gs.end(), [](auto& a, auto& b) { return a.cluster < b.cluster; });
        auto rightmost = std::max_element(gs.begin(), gs.end(), [](auto& a, auto& b) { return a.x < b.x; });
        EXPECT_EQ(first->cluster, rightmost->cluster);
    }
}

TEST(Layout, LineSeparatorBreaksInsideAParagraph) {
    Engine e;
    auto layout = e.engine.layout("one\u2028two", style("en"));
    ASSERT_EQ(layout->lines.size(), 2u);
    EXPECT_EQ(layout->lines[1].start, std::string("one\u2028").size());
}

TEST(Layout, ParagraphsEachResolveTheirOwnDirection) {
    Engine e;
    auto layout = e.engine.layout("Hello\nمرحبا\n\nПривет", style("en", 32, 500));
    ASSERT_EQ(layout->lines.size(), 4u);
    EXPECT_FALSE(layout->lines[0].rtl);
    EXPECT_TRUE(layout->lines[1].rtl);
    EXPECT_TRUE(layout->lines[2].runs.empty());  // the empty paragraph keeps its height
    EXPECT_GT(layout->lines[2].height, 0.0f);
    EXPECT_FALSE(layout->lines[3].rtl);
}

TEST(Layout, EllipsisOnTheLastAllowedLine) {
    Engine e;
    Style s = style("ru", 32, 300);
    s.max_lines = 2;
    const std::string text = "Заявления глав государств о торговле, инвестициях, энергетике и безопасности в регионе";
    auto layout = e.engine.layout(text, s);
    ASSERT_EQ(layout->lines.size(), 2u);
    EXPECT_TRUE(layout->truncated);
    const Line& last = layout->lines[1];
    EXPECT_TRUE(last.ellipsized);
    EXPECT_LE(last.width, 300.0f + 0.01f);
    EXPECT_LT(last.end, text.size());
    // The ellipsis is the rightmost glyph of a left-to-right line.
    const GlyphRun& right = last.runs.back();
    EXPECT_EQ(right.glyphs.size(), 1u);
    EXPECT_EQ(right.glyphs[0].cluster, last.end);
}

TEST(Layout, ArabicEllipsisIsOnTheLeftAndTheLastLetterTakesItsFinalForm) {
    Engine e;
    Style s = style("ar", 32, 260);
    s.max_lines = 1;
    const std::string text = "المشاورات الثنائية بين الوفود في قصر المؤتمرات";
    auto layout = e.engine.layout(text, s);
    ASSERT_EQ(layout->lines.size(), 1u);
    const Line& line = layout->lines[0];
    ASSERT_TRUE(line.ellipsized);
    EXPECT_LE(line.width, 260.0f + 0.01f);
    // The ellipsis is at the paragraph's end, which in Arabic is the left.
    EXPECT_EQ(line.runs.front().glyphs.size(), 1u);
    EXPECT_EQ(line.runs.front().glyphs[0].cluster, line.end);
    // What is kept is shaped as if the text ended there: same glyphs as the cut text alone.
    const std::string kept = text.substr(0, line.end);
    auto alone = e.engine.layout(kept, style("ar"));
    std::vector<uint32_t> kept_ids, alone_ids;
    for (const GlyphRun& r : line.runs)
        if (&r != &line.runs.front())
            for (const Glyph& g : r.glyphs) kept_ids.push_back(g.id);
    for (const Glyph& g : glyphs_of(alone->lines.at(0))) alone_ids.push_back(g.id);
    EXPECT_EQ(kept_ids, alone_ids);
}

TEST(Layout, AlignmentEndCenterJustify) {
    Engine e;
    const std::string text = "Final Declaration of the second Central Asia – Russia summit, adopted in Dushanbe";
    Style s = style("en", 32, 500);
    s.align = Align::End;
    for (const Line& l : e.engine.layout(text, s)->lines) EXPECT_NEAR(l.x + l.width, 500.0f, 0.01f);
    s.align = Align::Center;
    for (const Line& l : e.engine.layout(text, s)->lines) EXPECT_NEAR(l.x + l.width / 2, 250.0f, 0.01f);
    s.align = Align::Justify;
    auto justified = e.engine.layout(text, s);
    ASSERT_GE(justified->lines.size(), 2u);
    for (size_t i = 0; i + 1 < justified->lines.size(); ++i) {
        EXPECT_NEAR(justified->lines[i].x, 0.0f, 0.01f);
        EXPECT_NEAR(justified->lines[i].width, 500.0f, 0.05f);
    }
    EXPECT_LT(justified->lines.back().width, 500.0f);  // the last line is not stretched
}

TEST(Layout, SameTextIsALookupAndANewWidthDoesNotReshape) {
    Engine e;
    const std::string text = "Совместный план действий на 2025–2027 годы\nالإعلان الختامي";
    auto a = e.engine.layout(text, style("ru", 32, 600));
    const auto shaped = e.engine.stats().paragraphs_shaped;
    EXPECT_EQ(shaped, 2u);
    auto b = e.engine.layout(text, style("ru", 32, 600));
    EXPECT_EQ(a.get(), b.get());
    EXPECT_EQ(e.engine.stats().layout_hits, 1u);
    auto c = e.engine.layout(text, style("ru", 48, 200));  // new size and width: only re-broken
    EXPECT_NE(a.get(), c.get());
    EXPECT_GT(c->lines.size(), a->lines.size());
    EXPECT_EQ(e.engine.stats().paragraphs_shaped, shaped);
}

// The caches are keyed by a hash: a large text cut to one line costs the cache that line, not
// a copy of the text; a text differing in one byte, or the same text in another style, is
// laid out anew, and the same text again is a hit.
TEST(Layout, CacheKeysDoNotHoldTheText) {
    Engine e;
    std::string text;
    while (text.size() < 512 * 1024) text += "Саммит глав государств Центральной Азии в Душанбе. ";
    Style one_line = style("ru", 32, 600);
    one_line.max_lines = 1;
    auto a = e.engine.layout(text, one_line);
    ASSERT_EQ(a->lines.size(), 1u);
    EXPECT_EQ(e.engine.layout_cache_use().entries, 1u);
    EXPECT_LT(e.engine.layout_cache_use().bytes, 16u * 1024) << "the layout cache holds the text";

    EXPECT_EQ(e.engine.layout(text, one_line).get(), a.get());
    std::string other = text;
    other[other.size() - 2] = '!';  // same length, one byte apart, past the line shown
    auto b = e.engine.layout(other, one_line);
    EXPECT_NE(b.get(), a.get());
    EXPECT_EQ(e.engine.stats().layout_hits, 1u);
    EXPECT_EQ(e.engine.layout_cache_use().entries, 2u);
}

TEST(Layout, MissingCharacterIsABoxAndLoggedOnce) {
    Engine e;
    const std::string text = "Hall \U0010FFFD A";  // a private-use character no font has
    auto a = e.engine.layout(text, style("en"));
    e.engine.layout(text, style("en", 40));
    e.engine.clear_caches();
    e.engine.layout(text, style("en", 50));
    bool has_notdef = false;
    for (const Glyph& g : glyphs_of(a->lines.at(0))) has_notdef |= g.id == 0 && g.cluster == 5;
    EXPECT_TRUE(has_notdef);
    const std::string expected =
        "majlis: warning: text: no font has U+10FFFD <private use area-10FFFD> (role body, language en); drawn as a box";
    EXPECT_EQ(std::count(e.lines.begin(), e.lines.end(), expected), 1) << (e.lines.empty() ? "" : e.lines[0]);
}

TEST(Layout, CombiningMarkStaysInItsBaseFont) {
    Engine e;
    // и + combining breve, and Arabic beh + kasra + shadda: one run each, no font switch.
    auto cyr = e.engine.layout("и\u0306и", style("ru"));
    EXPECT_EQ(cyr->lines.at(0).runs.size(), 1u);
    auto ar = e.engine.layout("بِّب", style("ar"));
    ASSERT_EQ(ar->lines.at(0).runs.size(), 1u);
    EXPECT_EQ(ar->lines[0].runs[0].face->file_name, "NotoNaskhArabic-Regular.ttf");
}

TEST(Layout, TajikKazakhKyrgyzLettersHaveGlyphs) {
    Engine e;
    for (const char* text : {"ӣ ӯ ҳ ҷ қ ғ Ӣ Ӯ Ҳ Ҷ Қ Ғ", "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І", "ң ө ү Ң Ө Ү",
                             "ä ç ň ö ş ü ý ž", "oʻzbek gʻalaba"}) {
        auto layout = e.engine.layout(text, style("tg"));
        for (const Glyph& g : glyphs_of(layout->lines.at(0))) EXPECT_NE(g.id, 0u) << text;
    }
    EXPECT_TRUE(e.lines.empty());
}

TEST(Layout, FontDroppedIntoTheFontsFolderIsUsed) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "majlis-dropped-font-test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        std::ofstream(dir / "stack.toml") << "[roles.body]\ndefault = [\"DejaVu Sans\"]\n";
    }
    fs::copy_file("/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf", dir / "Amiri-Regular.ttf");
    Engine e(dir.string());
    // DejaVu Sans has Arabic letters too, so use one only Amiri has: U+FDFA (a ligature).
    auto layout = e.engine.layout("\uFDFA", style("ar"));
    ASSERT_EQ(layout->lines.at(0).runs.size(), 1u);
    EXPECT_EQ(layout->lines[0].runs[0].face->file_name, "Amiri-Regular.ttf");
    EXPECT_NE(layout->lines[0].runs[0].glyphs.at(0).id, 0u);
    fs::remove_all(dir);
}

TEST(Layout, JsonHasTheDocumentedShape) {
    Engine e;
    const std::string json = layout_to_json(*e.engine.layout("سلام", style("tg")));
    EXPECT_EQ(json.rfind("{\"lines\":[{\"start\":0,\"end\":8,", 0), 0u) << json;
    EXPECT_NE(json.find("\"dir\":\"rtl\""), std::string::npos);
    EXPECT_NE(json.find("\"script\":\"Arab\""), std::string::npos);
    EXPECT_NE(json.find("\"font\":\"NotoNaskhArabic-Regular.ttf\""), std::string::npos);
    EXPECT_NE(json.find("\"glyphs\":[{\"id\":"), std::string::npos);
}

// Missing fonts, the HarfBuzz way: text is never dropped, the first problem is kept.

TEST(FontsMissing, AnEmptyFontsFolderStillLaysOutTextAndSaysWhy) {
    majlis::testing::TempFolder empty("majlis-no-fonts");
    Engine e(empty.path.string());
    EXPECT_EQ(e.engine.status().error, TextError::StackUnreadable);
    EXPECT_NE(e.engine.status().message.find("stack.toml"), std::string::npos) << e.engine.status().message;
    for (const char* text : {"Welcome", "مرحبا", "Добро пожаловать"}) {
        auto layout = e.engine.layout(text, style("en"));
        ASSERT_EQ(layout->lines.size(), 1u) << text;
        EXPECT_GT(layout->lines[0].width, 10.0f) << text;
    }
    // The first error sticks: a later one does not replace it.
    e.engine.layout("\U0010FFFD", style("en"));
    EXPECT_EQ(e.engine.status().error, TextError::StackUnreadable);
}

TEST(FontsMissing, AGoodStackHasNoError) {
    Engine e;
    e.engine.layout("Добро пожаловать, مرحبا", style("ru"));
    EXPECT_TRUE(e.engine.status().ok()) << e.engine.status().message;
    e.engine.layout("\U0010FFFD", style("en"));  // a private-use character no font has
    EXPECT_EQ(e.engine.status().error, TextError::CharacterNotCovered);
    EXPECT_NE(e.engine.status().message.find("U+10FFFD"), std::string::npos) << e.engine.status().message;
}

// The CLI loads the process's font stack once (for content checks) and the window's engine
// uses it: the engine neither loads fonts_dir again (here a folder with no fonts, which would
// say StackUnreadable) nor opens the faces a second time; its layouts come from the stack's faces.
TEST(FontsShared, AnEngineGivenAStackUsesItAndLoadsNothing) {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    FontStack stack(log);
    ASSERT_TRUE(stack.load(kFonts).ok());
    const size_t faces = stack.faces().size();
    majlis::testing::TempFolder empty("majlis-no-fonts");
    TextEngine::Config config;
    config.fonts_dir = empty.path.string();
    config.fonts = &stack;
    TextEngine engine(config, log);
    EXPECT_EQ(&engine.fonts(), &stack);
    EXPECT_TRUE(engine.status().ok()) << engine.status().message;
    auto layout = engine.layout("مرحبا Welcome", style("ar"));
    ASSERT_EQ(layout->lines.size(), 1u);
    for (const GlyphRun& r : layout->lines[0].runs) {
        const bool from_stack = std::any_of(stack.faces().begin(), stack.faces().end(),
                                            [&](const auto& f) { return f.get() == r.face; });
        EXPECT_TRUE(from_stack) << (r.face ? r.face->file_name : "no face");
    }
    EXPECT_EQ(stack.faces().size(), faces);  // nothing opened again
}

// A font file is mapped once: FreeType reads HarfBuzz's mapping rather than mapping the file
// again (two mappings page in the cmap and outlines twice: 2.3 MiB more of the lobby's RSS).
TEST(FontsShared, EachFontFileIsMappedOnce) {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    FontStack stack(log);
    ASSERT_TRUE(stack.load(kFonts).ok());
    ASSERT_FALSE(stack.faces().empty());
    std::ifstream maps("/proc/self/maps");
    std::vector<std::string> mapped;  // the file of each mapping that starts at its offset 0
    for (std::string line; std::getline(maps, line);) {
        std::istringstream fields(line);
        std::string range, perms, offset;
        fields >> range >> perms >> offset;
        const size_t slash = line.find('/');
        // (one mapping split in several lines has the later ones at offsets past 0)
        if (slash != std::string::npos && std::stoull(offset, nullptr, 16) == 0) mapped.push_back(line.substr(slash));
    }
    for (const auto& face : stack.faces())
        EXPECT_EQ(std::count(mapped.begin(), mapped.end(), face->path), 1) << face->path;
    for (const auto& face : stack.faces()) EXPECT_NE(face->ft_face, nullptr) << face->path;  // FreeType has it
}

// No font at all (fontconfig knows none and the folder has none): every character comes from
// the nil face, as a box with an advance; lines still wrap. Runs in a fresh process (fontconfig
// reads FONTCONFIG_FILE once per process); exits 0 when all is as expected.
[[noreturn]] void lay_out_with_no_font_at_all(const majlis::testing::TempFolder& dir) {
    setenv("FONTCONFIG_FILE", (dir / "fonts.conf").c_str(), 1);
    Engine e(dir.path.string());
    auto one = e.engine.layout("Hello مرحبا", style("en"));
    auto wrapped = e.engine.layout("Hello مرحبا", style("en", 32, 150));
    const Line& line = one->lines.at(0);
    size_t boxes = 0, glyphs = 0;
    bool all_nil = true;
    for (const GlyphRun& r : line.runs) {
        all_nil = all_nil && r.face == &e.engine.fonts().nil_face();
        for (const Glyph& g : r.glyphs) boxes += g.id == 0, ++glyphs;
    }
    std::fprintf(stderr, "status %d: %s; width %.1f, %zu glyphs, %zu boxes, %zu wrapped lines\n",
                 int(e.engine.status().error), e.engine.status().message.c_str(), line.width, glyphs, boxes,
                 wrapped->lines.size());
    // Five boxes for "Hello", five for "مرحبا" (0.6 em each), the space 0.25 em.
    const bool ok = e.engine.status().error == TextError::NoFont && all_nil && glyphs == 11 && boxes == 10 &&
                    std::abs(line.width - (10 * 0.6f + 0.25f) * 32) < 0.5f && wrapped->lines.size() == 2;
    std::filesystem::remove_all(dir.path);  // the child made a folder of its own and exits without destructors
    std::exit(ok ? 0 : 1);
}

TEST(FontsMissing, NoFontAtAllDrawsBoxesWithWidths) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    majlis::testing::TempFolder dir("majlis-no-fonts");
    std::ofstream(dir / "fonts.conf") << "<?xml version=\"1.0\"?><fontconfig></fontconfig>\n";
    std::ofstream(dir / "stack.toml") << "[roles.body]\ndefault = []\n";
    EXPECT_EXIT(lay_out_with_no_font_at_all(dir), ::testing::ExitedWithCode(0), "status 3: no usable font at all");
}

// Dashes: a number range stays whole ("2025–2027", also inside an isolate in Arabic text) and a
// spaced dash ends a line rather than starting one (UAX #14 allows both breaks).

TEST(Layout, NumberRangesAndSpacedDashesDoNotBreakBadly) {
    Engine e;
    // The text, the part that must stay on one line, and where no line may start. (A column
    // narrower than that part is cut inside words anyway.)
    struct Case { std::string lang, text, whole, not_at_line_start; };
    const Case cases[] = {
        {"ar", "مؤتمر القمة \u20662025\u20132027\u2069", "2025\u20132027", "2027"},
        {"ru", "Программа на 2025\u20132027 годы", "2025\u20132027", "2027"},
        {"en", "Sessions 10:30\u201311:45 daily", "10:30\u201311:45", "11:45"},
        {"ru", "Встреча в Душанбе \u2014 столица", "Душанбе \u2014", "\u2014"},
        {"en", "The opening \u2013 welcome words", "opening \u2013", "\u2013"},
    };
    for (const Case& c : cases) {
        const size_t bad = c.text.find(c.not_at_line_start);
        ASSERT_NE(bad, std::string::npos);
        // Every width from the part that must stay whole to the whole line.
        const float least = e.engine.layout(c.whole, style(c.lang, 32))->lines.at(0).width + 1;
        const float full = e.engine.layout(c.text, style(c.lang, 32))->lines.at(0).width;
        for (float w = least; w < full; w += 2) {
            auto layout = e.engine.layout(c.text, style(c.lang, 32, w));
            for (const Line& line : layout->lines)
                ASSERT_NE(line.start, bad) << c.text << " at width " << w << " starts a line with "
                                           << c.not_at_line_start;
        }
    }
}

// A space between two scripts gets the font Pango gives it. Expected fonts checked with Pango
// 1.50 (pango-view --serialize-to, family list "Noto Sans, Noto Naskh Arabic", the order of
// the chain of the space's run): a space goes with its run (script and bidi level); between
// two fonts of one run, the first font of the run's chain that has it.
TEST(Layout, SpacesBetweenScriptsTakeThePangoFont) {
    Engine e;
    auto font_of = [&](const std::string& text, size_t byte) {
        auto layout = e.engine.layout(text, style("en"));
        for (const Line& line : layout->lines)
            for (const GlyphRun& run : line.runs)
                for (const Glyph& g : run.glyphs)
                    if (g.cluster == byte) return run.face->file_name;
        return std::string("(none)");
    };
    const std::string naskh = "NotoNaskhArabic-Regular.ttf", sans = "NotoSans-Regular.ttf";
    EXPECT_EQ(font_of("مرحبا hello", 10), naskh);
    EXPECT_EQ(font_of("hello مرحبا", 5), sans);
    EXPECT_EQ(font_of("مرحبا hello world", 16), sans);
    // After an Arabic comma (drawn by Noto Naskh) and before Latin: Latin's font.
    EXPECT_EQ(font_of("hello\u060C world", 7), sans);
    EXPECT_EQ(font_of("hello \u060C\u060C world", 5), sans);
    EXPECT_EQ(font_of("hello \u060C\u060C world", 10), sans);
}

// The font chain by language: Urdu's letters in Nastaliq (stack.toml's `ur` chain), the same
// letters in Arabic text in Naskh; Latin in Urdu text keeps Latin's font; Persian and Uyghur
// letters are all in the Arab chain's first font.
TEST(Layout, UrduIsSetInNastaliq) {
    Engine e;
    auto fonts_of = [&](const std::string& text, const std::string& lang) {
        std::vector<std::string> fonts;
        for (const Line& line : e.engine.layout(text, style(lang))->lines)
            for (const GlyphRun& run : line.runs) {
                fonts.push_back(run.face->file_name);
                for (const Glyph& g : run.glyphs) EXPECT_NE(g.id, 0u) << text << " in " << run.face->file_name;
            }
        return fonts;
    };
    using Fonts = std::vector<std::string>;
    EXPECT_EQ(fonts_of("اردو زبان", "ur"), Fonts{"NotoNastaliqUrdu-Regular.ttf"});
    EXPECT_EQ(fonts_of("اردو زبان", "ar"), Fonts{"NotoNaskhArabic-Regular.ttf"});
    EXPECT_EQ(fonts_of("اردو zaban", "ur"), (Fonts{"NotoSans-Regular.ttf", "NotoNastaliqUrdu-Regular.ttf"}));
    EXPECT_EQ(fonts_of("فارسی گچپژ", "fa"), Fonts{"NotoNaskhArabic-Regular.ttf"});
    EXPECT_EQ(fonts_of("ئۇيغۇرچە ۋە", "ug"), Fonts{"NotoNaskhArabic-Regular.ttf"});
    EXPECT_TRUE(e.engine.status().ok()) << e.engine.status().message;
}
