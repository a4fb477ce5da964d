// Fuzz target: the text engine from bytes to glyph quads. The first kHeader bytes choose the
// style (size, width, direction, alignment, line spacing, max lines, language, font role, light
// or dark text), the rest is the text, any bytes. The layout is drawn into glyph pages in
// memory (tests/test_support.h) with a small atlas, so glyphs are rasterised, packed and evicted
// as on a screen; small caches make the engine evict layouts and shaped paragraphs too.
//
// Fails (aborts) on a crash, a sanitizer report, an upload into a destroyed glyph page, or a
// layout that breaks the engine's bounds (line ranges inside the text, glyph count bounded by
// its length). Sizes and widths include 0, negative, huge, infinite and NaN values: screens
// compute them, and a bad computation must not take the text engine down.
//
// Built as text_layout_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as text_layout_replay (every
// build; ctest replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "test_support.h"
#include "core/log.h"
#include "text/text_imgui.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string_view>

using namespace majlis;
using namespace majlis::text;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

constexpr float kSizes[] = {32, 12, 16, 24, 40, 48, 64, 96, 160, 384, 500, 2000, 10000, 0, 1, 6, 1e6f, -8, kInf, kNaN};
constexpr float kWidths[] = {0, 600, 1000, 1920, 300, 120, 50, 10, 1, 4000, 1e6f, -1, kInf, kNaN};
constexpr float kSpacings[] = {1, 1.5f, 0.8f, 0};
constexpr int kMaxLines[] = {0, 1, 2, 3, 7, -1};
const char* const kLangs[] = {"en", "ar", "ru", "tg", "kk", "ky", "tk", "uz", "fa", "he", "zh", "ja", "hi",
                              "ar-EG", "uz-Cyrl", "und", "", "x-not-a-language"};
const char* const kRoles[] = {"body", "heading", "display", "no-such-role", ""};

template <class T, size_t N>
const T& pick(const T (&table)[N], uint8_t byte) { return table[byte % N]; }

// Header bytes: size, width, direction/alignment/spacing, max lines, language, role/colour.
constexpr size_t kHeader = 6;

Style style_from(const uint8_t* h) {
    Style s;
    s.size_px = pick(kSizes, h[0]);
    s.max_width = pick(kWidths, h[1]);
    s.dir = Direction(h[2] % 3);
    s.align = Align(h[2] / 3 % 4);
    s.line_spacing = pick(kSpacings, h[2] / 12);
    s.max_lines = pick(kMaxLines, h[3]);
    s.lang = pick(kLangs, h[4]);
    s.font_role = pick(kRoles, h[5]);
    return s;
}

struct Engine {
    Log log{[](LogLevel, std::string_view) {}};  // "no font has U+..." lines are expected here
    majlis::testing::MemoryTextures textures;
    std::unique_ptr<ImGuiTextEngine> engine;
    Engine() {
        majlis::testing::headless_imgui();
        ImGuiTextEngine::Config c;
        c.fonts_dir = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
        c.textures = &textures;
        c.atlas.page_size = 256;
        c.atlas.max_pages = 3;
        c.layout_cache_entries = 64;
        c.shape_cache_entries = 64;
        engine = std::make_unique<ImGuiTextEngine>(c, log);
    }
};

using majlis::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Engine e;  // fonts load once; the caches and the atlas live on between inputs
    if (size < kHeader) return 0;
    const Style style = style_from(data);
    const std::string_view text(reinterpret_cast<const char*>(data) + kHeader, size - kHeader);

    ImGui::NewFrame();
    e.engine->begin_frame();
    const auto layout = e.engine->layout(text, style);
    // Dark or light text (the atlas's two coverage curves), as the style byte says.
    const ImU32 color = (data[5] & 0x80) ? IM_COL32(20, 20, 20, 255) : IM_COL32_WHITE;
    e.engine->draw(*layout, ImGui::GetBackgroundDrawList(), ImVec2(8, 8), color);
    e.engine->end_frame();
    ImGui::Render();

    check(!::testing::Test::HasFailure(), "a glyph was uploaded into a destroyed page");
    check(layout->glyph_count() <= 4 * text.size() + 16, "more glyphs than the text can make");
    check(layout->lines.size() <= text.size() + 1, "more lines than the text can make");
    for (const Line& line : layout->lines) {
        check(line.start <= line.end && line.end <= text.size(), "a line outside the text");
        for (const GlyphRun& run : line.runs)
            for (const Glyph& g : run.glyphs) check(g.cluster <= text.size(), "a cluster outside the text");
    }
    return 0;
}
