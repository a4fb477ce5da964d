// The text engine on its own: this suite links majlis_text and nothing that draws (no ImGui, no
// GL; tests/CMakeLists.txt refuses to configure if majlis_text links either), lays out Arabic,
// Russian and English, and checks what a tool without a screen would read from the layouts.
#include "core/log.h"
#include "text/text.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

using namespace majlis;
using namespace majlis::text;

namespace {

struct Engine {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    TextEngine engine;
    explicit Engine(std::string fonts = std::string(MAJLIS_SOURCE_DIR) + "/fonts")
        : engine(TextEngine::Config{std::move(fonts)}, log) {}
};

Style style(std::string lang, float width = 0) {
    Style s;
    s.lang = std::move(lang);
    s.size_px = 32;
    s.max_width = width;
    return s;
}

std::string script_of(const GlyphRun& run) {
    const uint32_t t = run.script;  // hb_script_t is the ISO 15924 tag, big-endian in a uint32_t
    return {char(t >> 24), char(t >> 16 & 0xFF), char(t >> 8 & 0xFF), char(t & 0xFF)};
}

}  // namespace

TEST(TextAlone, ArabicRussianEnglishLayOutWithoutImGui) {
    Engine e;
    struct Case { const char* lang; std::string text; const char* script; bool rtl; };
    for (const Case& c : {Case{"ar", "مرحبا بكم في القمة", "Arab", true},
                          Case{"ru", "Добро пожаловать на саммит", "Cyrl", false},
                          Case{"en", "Welcome to the summit", "Latn", false}}) {
        SCOPED_TRACE(c.lang);
        auto layout = e.engine.layout(c.text, style(c.lang));
        ASSERT_EQ(layout->lines.size(), 1u);
        const Line& line = layout->lines[0];
        EXPECT_EQ(line.rtl, c.rtl);
        EXPECT_EQ(line.start, 0u);
        EXPECT_EQ(line.end, c.text.size());
        EXPECT_GT(line.width, 100.0f);
        ASSERT_FALSE(line.runs.empty());
        for (const GlyphRun& run : line.runs) {
            EXPECT_EQ(script_of(run), c.script);
            EXPECT_EQ(run.rtl(), c.rtl);
            ASSERT_NE(run.face, nullptr);
            for (const Glyph& g : run.glyphs) EXPECT_NE(g.id, 0u) << "a .notdef in " << run.face->file_name;
        }
    }
}

TEST(TextAlone, WrapsAtTheWidthGiven) {
    Engine e;
    const std::string text = "Добро пожаловать на саммит в Душанбе";
    auto wide = e.engine.layout(text, style("ru"));
    ASSERT_EQ(wide->lines.size(), 1u);
    auto narrow = e.engine.layout(text, style("ru", wide->lines[0].width / 2));
    ASSERT_GE(narrow->lines.size(), 2u);
    for (const Line& l : narrow->lines) EXPECT_LE(l.width, wide->lines[0].width / 2 + 0.01f);
    EXPECT_EQ(narrow->lines.front().start, 0u);
    EXPECT_EQ(narrow->lines.back().end, text.size());
}

// The binary this suite built holds none of Dear ImGui's code (Debian's libimgui.a is static:
// its mangled names would be in the symbol table had anything pulled it in). The names looked
// for are put together at run time, so that this test's own text does not contain them.
TEST(TextAlone, NoImGuiInTheBinary) {
    std::ifstream in("/proc/self/exe", std::ios::binary);
    ASSERT_TRUE(in);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_NE(bytes.find("10TextEngine6layout"), std::string::npos);  // the symbol table is there
    for (std::string name : {"5ImGui", "10ImDrawList"}) {
        name.insert(0, "_ZN");
        EXPECT_EQ(bytes.find(name), std::string::npos) << name;
    }
}
