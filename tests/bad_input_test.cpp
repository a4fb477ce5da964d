// Bad input never crashes, never hangs, and gives bounded output: invalid UTF-8, encoded
// surrogates, 100 KB without a space, 5,000 marks on one base, unclosed bidi controls,
// zero and absurd widths and sizes. Also the drawing side: bounded atlas memory, clipping,
// and more glyphs than 16-bit indices can address in one go.
#include "test_support.h"
#include "core/log.h"
#include "text/text_imgui.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <random>
#include <set>

using namespace majlis;
using namespace majlis::text;

namespace {

using majlis::testing::MemoryTextures;

const std::string kFonts = std::string(MAJLIS_SOURCE_DIR) + "/fonts";


struct Fixture : ::testing::Test {
    std::vector<std::string> log_lines;
    Log log = Log::capture(&log_lines);
    MemoryTextures textures;
    std::unique_ptr<ImGuiTextEngine> engine;
    void SetUp() override {
        ImGuiTextEngine::Config c;
        c.fonts_dir = kFonts;
        c.textures = &textures;
        c.atlas.page_size = 512;
        c.atlas.max_pages = 3;
        engine = std::make_unique<ImGuiTextEngine>(c, log);
    }
    // Lays out and checks the output is bounded by the input.
    std::shared_ptr<const Layout> check(const std::string& text, Style s) {
        const auto t0 = std::chrono::steady_clock::now();
        auto layout = engine->layout(text, s);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        EXPECT_LT(seconds, 20.0) << "no hang";  // generous: sanitizers and slow CI
        EXPECT_LE(layout->glyph_count(), 4 * text.size() + 16);
        EXPECT_LE(layout->lines.size(), text.size() + 1);
        for (const Line& line : layout->lines) {
            EXPECT_LE(line.start, line.end);
            EXPECT_LE(line.end, text.size());
            for (const GlyphRun& run : line.runs)
                for (const Glyph& g : run.glyphs) {
                    EXPECT_TRUE(std::isfinite(g.x) && std::isfinite(g.y) && std::isfinite(g.advance));
                    EXPECT_LE(g.cluster, text.size());
                }
        }
        return layout;
    }
};

Style style(std::string lang, float size, float width) {
    Style s;
    s.lang = std::move(lang);
    s.size_px = size;
    s.max_width = width;
    return s;
}

}  // namespace

TEST_F(Fixture, InvalidUtf8IsDrawnAsReplacementCharacters) {
    const std::string text = "ok \xC0\xAF \xE0\x80\xAF \xF4\x90\x80\x80 \xFF \xE2\x82 end";
    auto layout = check(text, style("en", 32, 0));
    ASSERT_EQ(layout->lines.size(), 1u);
    EXPECT_EQ(layout->lines[0].end, text.size());
}

TEST_F(Fixture, LoneSurrogatesEncodedInUtf8) {
    check("\xED\xA0\x80 \xED\xBF\xBF \xED\xA0\xBD\xED\xB8\x80 سلام", style("ar", 32, 300));
}

TEST_F(Fixture, HundredKilobytesWithoutASpace) {
    std::string latin(100 * 1024, 'a');
    auto layout = check(latin, style("en", 32, 600));
    EXPECT_GT(layout->lines.size(), 100u);
    for (const Line& l : layout->lines) EXPECT_LE(l.width, 600.01f);
    std::string arabic;
    while (arabic.size() < 100 * 1024) arabic += "بتثجحخ";
    auto ar = check(arabic, style("ar", 32, 600));
    EXPECT_GT(ar->lines.size(), 100u);
}

TEST_F(Fixture, FiveThousandMarksOnOneBase) {
    std::string text = "ب";
    for (int i = 0; i < 5000; ++i) text += "\u0651";
    check(text, style("ar", 32, 400));
    std::string latin = "a";
    for (int i = 0; i < 5000; ++i) latin += "\u0301";
    check(latin, style("en", 32, 400));
}

TEST_F(Fixture, BidiControlsWithoutTheirClosingPair) {
    check("\u202Babc \u202Ddef \u2067ghi \u2066\u2066\u2068 سلام \u202E", style("en", 32, 200));
    check("\u202C\u2069\u2069 pop without push \u202C", style("ar", 32, 200));
    std::string deep;
    for (int i = 0; i < 500; ++i) deep += "\u202B\u2067(";
    check(deep + "x", style("en", 32, 0));
}

TEST_F(Fixture, ZeroNegativeAndNonFiniteWidths) {
    for (float w : {0.0f, -5.0f, 0.001f, NAN, INFINITY}) {
        auto layout = check("Заседание в зале «Саразм»", style("ru", 32, w));
        EXPECT_FALSE(layout->lines.empty());
    }
}

TEST_F(Fixture, SizesOfZeroAndTenThousandPixels) {
    for (float size : {0.0f, -1.0f, 10000.0f, 1e9f, NAN}) {
        auto layout = check("Hall سرازم Зал", style("ar", size, 1920));
        EXPECT_GE(layout->size_px, 1.0f);
        EXPECT_LE(layout->size_px, 10000.0f);
    }
}

TEST_F(Fixture, EmptyAndSeparatorOnlyTexts) {
    check("", style("en", 32, 100));
    check("\n\n\r\n\u2029", style("en", 32, 100));
    check("     ", style("ar", 32, 1));
    Style s = style("ar", 32, 50);
    s.max_lines = 1;
    check("                              x", s);
}

TEST_F(Fixture, RandomBytesNeverCrash) {
    std::mt19937 rng(12345);
    for (int i = 0; i < 300; ++i) {
        std::string text(size_t(rng() % 400), '\0');
        for (char& c : text) c = char(rng());
        Style s = style(i % 2 ? "ar" : "ru", float(rng() % 200), float(rng() % 800));
        s.max_lines = int(rng() % 4);
        s.align = Align(rng() % 4);
        check(text, s);
    }
}

// Drawing needs an ImGui context (draw lists); no GL: textures are the MemoryTextures above.
struct DrawFixture : Fixture {
    ImGuiContext* ctx = nullptr;
    void SetUp() override {
        Fixture::SetUp();
        ctx = majlis::testing::headless_imgui(ImVec2(1920, 1080));
    }
    void TearDown() override { ImGui::DestroyContext(ctx); }
};

TEST_F(DrawFixture, AtlasMemoryStaysBoundedWhateverTextPasses) {
    std::mt19937 rng(7);
    for (int frame = 0; frame < 40; ++frame) {
        ImGui::NewFrame();
        engine->begin_frame();
        // Each frame, a different size and different letters: the atlas must keep evicting.
        std::string text;
        for (int i = 0; i < 60; ++i) {
            const char32_t c = 0x0410 + rng() % 64;  // Cyrillic: two bytes in UTF-8
            text += char(0xC0 | (c >> 6));
            text += char(0x80 | (c & 0x3F));
        }
        auto layout = engine->layout(text, style("ru", 20.0f + float(frame * 7 % 90), 1800));
        engine->draw(*layout, ImGui::GetBackgroundDrawList(), ImVec2(10, 10), IM_COL32_WHITE);
        engine->end_frame();
        ImGui::Render();
        EXPECT_LE(engine->atlas().page_count(), 4u);  // max_pages 3, a frame may borrow one
    }
    EXPECT_GT(engine->atlas().evictions(), 0u);
    EXPECT_LE(textures.max_live, 4);
    EXPECT_EQ(textures.created - textures.destroyed, textures.live);
}

// A screen changed as a whole (a kiosk visitor gone, a new version of the content): the atlas
// keeps nothing of the old screens, not even the glyphs that share a page with the new one's,
// so over days of visitors the pages do not fill with glyphs nothing draws any more.
TEST_F(DrawFixture, AChangedScreenKeepsOnlyTheGlyphsItDraws) {
    const auto draw_frame = [&](const std::string& text, float size_px) {
        ImGui::NewFrame();
        engine->begin_frame();
        auto layout = engine->layout(text, style("ru", size_px, 1800));
        engine->draw(*layout, ImGui::GetBackgroundDrawList(), ImVec2(10, 10), IM_COL32_WHITE);
        engine->end_frame();
        ImGui::Render();
    };
    // What the loop alone needs, from an atlas that never saw anything else.
    draw_frame("Дом", 24);
    const size_t loop_glyphs = engine->atlas().glyph_count();
    ASSERT_GT(loop_glyphs, 0u);
    engine->screen_changed();
    EXPECT_EQ(engine->atlas().page_count(), 0u);
    EXPECT_EQ(textures.live, 0);
    // A visitor's letters, the small ones in the very page the loop's glyphs go to next.
    const std::string letters = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя";
    for (float size_px : {24.0f, 60.0f, 70.0f, 80.0f}) draw_frame(letters + " Дом", size_px);
    ASSERT_GE(engine->atlas().page_count(), 2u);
    draw_frame("Дом", 24);  // the attract loop
    const int destroyed = textures.destroyed;
    engine->screen_changed();
    EXPECT_EQ(engine->atlas().page_count(), 0u);
    EXPECT_EQ(textures.live, 0);
    EXPECT_GT(textures.destroyed, destroyed);
    // The loop's next frame holds what it draws, as in an atlas that never saw the visitor.
    draw_frame("Дом", 24);
    EXPECT_EQ(engine->atlas().glyph_count(), loop_glyphs);
    EXPECT_EQ(engine->atlas().page_count(), 1u);
    EXPECT_EQ(textures.live, 1);
    // And goes on from its page: nothing new is rasterized or created.
    const int created = textures.created;
    draw_frame("Дом", 24);
    EXPECT_EQ(engine->atlas().glyph_count(), loop_glyphs);
    EXPECT_EQ(textures.created, created);
}

// Days on a wall: pages are reused again and again. Linear filtering at fractional positions
// reads one texel around each glyph's bitmap, so after any number of reuses every texel in the
// ring around every glyph drawn must be 0 (not a glyph of an earlier generation), and a frame's
// new glyphs reach each page in one upload, however many there are.
TEST_F(DrawFixture, ReusedAtlasPagesLeaveNoStaleTexelsAndUploadOncePerFrame) {
    std::mt19937 rng(11);
    size_t rings_checked = 0, stale = 0;
    bool many_glyphs_in_one_frame = false;
    for (int frame = 0; frame < 30; ++frame) {
        ImGui::NewFrame();
        engine->begin_frame();
        std::string text;
        for (int i = 0; i < 80; ++i) {
            const char32_t c = (i % 2 ? 0x0410 : 0x0430) + rng() % 32;  // Cyrillic capitals, small letters
            text += char(0xC0 | (c >> 6));
            text += char(0x80 | (c & 0x3F));
            if (i % 7 == 6) text += ' ';
        }
        auto layout = engine->layout(text, style("ru", 18.0f + float(frame * 13 % 70), 1900));
        const size_t glyphs_before = engine->atlas().glyph_count();
        const uint64_t evictions_before = engine->atlas().evictions();
        engine->draw(*layout, ImGui::GetBackgroundDrawList(), ImVec2(10.3f, 10), IM_COL32_WHITE);
        const bool no_eviction = engine->atlas().evictions() == evictions_before;
        const size_t new_glyphs = engine->atlas().glyph_count() - glyphs_before;
        for (auto& [id, page] : textures.pages) page.updates = 0;
        engine->end_frame();
        ImGui::Render();
        int updates = 0;
        for (const auto& [id, page] : textures.pages) {
            EXPECT_LE(page.updates, 1) << "frame " << frame;
            updates += page.updates;
        }
        if (new_glyphs > 0) {
            EXPECT_GE(updates, 1) << "frame " << frame << ": new glyphs never uploaded";
        }
        if (no_eviction && new_glyphs >= 20) many_glyphs_in_one_frame = true;  // more than the pages

        // Every glyph quad drawn this frame: its bitmap's rectangle from the UVs, then the ring.
        const ImDrawData* dd = ImGui::GetDrawData();
        for (int l = 0; l < dd->CmdListsCount; ++l) {
            const ImDrawList* dl = dd->CmdLists[l];
            for (const ImDrawCmd& cmd : dl->CmdBuffer) {
                auto it = textures.pages.find(reinterpret_cast<intptr_t>(cmd.TextureId));
                if (it == textures.pages.end()) continue;
                const MemoryTextures::Page& page = it->second;
                for (unsigned q = 0; q + 6 <= cmd.ElemCount; q += 6) {  // PrimRectUV: a b c, a c d
                    const ImDrawIdx* idx = dl->IdxBuffer.Data + cmd.IdxOffset + q;
                    const ImVec2 a = dl->VtxBuffer[int(cmd.VtxOffset + idx[0])].uv;
                    const ImVec2 b = dl->VtxBuffer[int(cmd.VtxOffset + idx[2])].uv;
                    const int x0 = int(std::lround(a.x * float(page.width))), y0 = int(std::lround(a.y * float(page.height)));
                    const int x1 = int(std::lround(b.x * float(page.width))), y1 = int(std::lround(b.y * float(page.height)));
                    for (int y = y0 - 1; y <= y1; ++y)
                        for (int x = x0 - 1; x <= x1; ++x) {
                            const bool ring = x == x0 - 1 || x == x1 || y == y0 - 1 || y == y1;
                            if (!ring || x < 0 || y < 0 || x >= page.width || y >= page.height) continue;
                            if (page.at(x, y) != 0) ++stale;
                        }
                    ++rings_checked;
                }
            }
        }
    }
    EXPECT_GT(engine->atlas().evictions(), 5u);
    EXPECT_GT(rings_checked, 1000u);
    EXPECT_EQ(stale, 0u) << "texels of evicted glyphs around new ones";
    EXPECT_TRUE(many_glyphs_in_one_frame);
}

TEST_F(DrawFixture, MoreQuadsThanSixteenBitIndicesAddressDrawFine) {
    std::string text;
    for (int i = 0; i < 24000; ++i) text += (i % 50 == 49) ? ' ' : char('a' + i % 26);
    ImGui::NewFrame();
    engine->begin_frame();
    auto layout = engine->layout(text, style("en", 12, 3800));
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->PushClipRect(ImVec2(-1e5f, -1e5f), ImVec2(1e5f, 1e5f));
    engine->draw(*layout, dl, ImVec2(0, 0), IM_COL32_WHITE);
    dl->PopClipRect();
    engine->end_frame();
    ImGui::Render();
    const ImDrawData* dd = ImGui::GetDrawData();
    EXPECT_GT(dd->TotalVtxCount, 65536);
    unsigned offset_max = 0;
    for (const ImDrawCmd& cmd : dl->CmdBuffer) offset_max = std::max(offset_max, cmd.VtxOffset);
    EXPECT_GT(offset_max, 0u);  // a second command with a vertex offset was opened
}

TEST_F(DrawFixture, GlyphsOutsideTheClipRectangleAreNotEmitted) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "Саммит в Душанбе. ";
    auto layout = engine->layout(text, style("ru", 24, 1000));
    ImGui::NewFrame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->PushClipRect(ImVec2(0, 0), ImVec2(1000, 100));
    const int before = dl->VtxBuffer.Size;
    engine->draw(*layout, dl, ImVec2(0, 0), IM_COL32_WHITE);
    const int drawn = (dl->VtxBuffer.Size - before) / 4;
    dl->PopClipRect();
    ImGui::Render();
    EXPECT_GT(drawn, 20);
    EXPECT_LT(size_t(drawn), layout->glyph_count() / 4);  // only the first lines are visible
}
