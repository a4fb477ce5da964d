// Damage-region rendering (platform/damage.h): the client's rectangles turned and rounded to
// whole px; and, rendered offscreen in-process (platform::render_picture: EGL, llvmpipe without
// a GPU, the FBO kept from frame to frame as the window keeps its frame), the demo lobby whose
// ticker scrolls (12:50) drawn frame after frame -- the strip's pixels moved by the ticker's step
// and only the text coming in drawn -- is, pixel for pixel, a fresh full frame of the same moment,
// upright and turned for a portrait mount, while a rectangle reported too small leaves stale
// pixels, which the comparison catches.
#include "test_support.h"
#include "damage.h"
#include "display_app.h"

#include "content/content.h"
#include "core/log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <tuple>

using namespace majlis;
using majlis::platform::Damage;
using majlis::platform::PixelRect;
using majlis::testing::utc;

TEST(DamageInPixels, RectanglesAreTurnedRoundedOutAndClipped) {
    Damage d;
    d.everything = false;
    d.rects = {ImVec4(0, 980.4f, 1920, 1080), ImVec4(10.5f, -5, 20.2f, 30)};
    platform::PixelDamage px = platform::damage_in_pixels(d, 0, ImVec2(1920, 1080));
    ASSERT_FALSE(px.everything);
    ASSERT_EQ(px.rects.size(), 2u);
    EXPECT_EQ(px.rects[0], (PixelRect{0, 980, 1920, 1080}));
    EXPECT_EQ(px.rects[1], (PixelRect{10, 0, 21, 30}));
    // A portrait frame (1080 x 1920 as drawn) on a panel mounted turned 90 degrees clockwise:
    // its bottom strip is the panel's left column.
    d.rects = {ImVec4(0, 1820, 1080, 1920)};
    px = platform::damage_in_pixels(d, 90, ImVec2(1920, 1080));
    ASSERT_EQ(px.rects.size(), 1u);
    EXPECT_EQ(px.rects[0], (PixelRect{0, 0, 100, 1080}));
    px = platform::damage_in_pixels(d, 270, ImVec2(1920, 1080));
    EXPECT_EQ(px.rects[0], (PixelRect{1820, 0, 1920, 1080}));
    // A strip scrolled 4 px left, with the 4 px that came in on the right: moved, then drawn; both
    // shown. Turned a quarter clockwise, left is up.
    d.rects = {ImVec4(1076, 1820, 1080, 1920)};
    d.scrolls = {{ImVec4(0, 1820, 1080, 1920), ImVec2(-4, 0)}};
    px = platform::damage_in_pixels(d, 0, ImVec2(1080, 1920));
    ASSERT_EQ(px.scrolls.size(), 1u);
    EXPECT_EQ(px.scrolls[0].rect, (PixelRect{0, 1820, 1080, 1920}));
    EXPECT_EQ(px.scrolls[0].dx, -4);
    EXPECT_EQ(px.scrolls[0].dy, 0);
    EXPECT_EQ(px.drawn, std::vector<PixelRect>{(PixelRect{1076, 1820, 1080, 1920})});
    EXPECT_EQ(px.rects.size(), 2u);
    px = platform::damage_in_pixels(d, 90, ImVec2(1920, 1080));
    EXPECT_EQ(px.scrolls[0].rect, (PixelRect{0, 0, 100, 1080}));
    EXPECT_EQ(px.scrolls[0].dx, 0);
    EXPECT_EQ(px.scrolls[0].dy, -4);
    EXPECT_EQ(px.drawn, std::vector<PixelRect>{(PixelRect{0, 1076, 100, 1080})});
    d.scrolls.clear();
    // Nothing changed; a rectangle off the screen is nothing.
    d.rects = {ImVec4(0, 2000, 100, 2100)};
    px = platform::damage_in_pixels(d, 0, ImVec2(1920, 1080));
    EXPECT_FALSE(px.everything);
    EXPECT_TRUE(px.rects.empty());
    // Most of the screen, or many rectangles: everything.
    d.rects = {ImVec4(0, 0, 1920, 600)};
    EXPECT_TRUE(platform::damage_in_pixels(d, 0, ImVec2(1920, 1080)).everything);
    d.rects.assign(platform::kMaxDamageRects + 1, ImVec4(0, 0, 10, 10));
    EXPECT_TRUE(platform::damage_in_pixels(d, 0, ImVec2(1920, 1080)).everything);
    d.everything = true;
    d.rects.clear();
    EXPECT_TRUE(platform::damage_in_pixels(d, 0, ImVec2(1920, 1080)).everything);
    // Whatever a client gives: absurd numbers are clipped, not converted blindly.
    d.everything = false;
    d.rects = {ImVec4(std::nanf(""), -1e30f, 1e30f, std::nanf(""))};
    d.scrolls = {{ImVec4(-1e30f, 0, 1e30f, 10), ImVec2(1e30f, std::nanf(""))}};
    px = platform::damage_in_pixels(d, 0, ImVec2(1920, 1080));
    EXPECT_TRUE(px.drawn.empty());  // (0, 0)-(1920, 0): empty
    ASSERT_EQ(px.scrolls.size(), 1u);
    EXPECT_EQ(px.scrolls[0].rect, (PixelRect{0, 0, 1920, 10}));
    EXPECT_EQ(px.scrolls[0].dx, 1920);
    EXPECT_EQ(px.scrolls[0].dy, 0);
}

namespace {

std::shared_ptr<const content::Event> demo() {
    static const std::shared_ptr<const content::Event> event = [] {
        content::LoadResult r = content::load_event(std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025");
        EXPECT_TRUE(r.ok());
        return r.event;
    }();
    return event;
}

// The demo lobby at 12:50:05 in Dushanbe (its ticker scrolls, the panel turns at :20), on a
// clock that moves `step_ms` before each frame after the first: frames as a window draws them
// while the ticker steps. `cut_px` cuts that much off the left of each rectangle to draw (a
// screen that under-reports); `rotate` turns the frame (FrameClient::rotation).
struct TickerLobby : platform::FrameClient {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    DisplayApp app;
    int64_t steady_ns = 1'000'000'000;
    int64_t step_ms = 34;
    float cut_px = 0;
    float cut_below_px = 0;  // cut off the bottom of each rectangle
    int rotate = -1;
    mutable std::vector<Damage> damages;  // what each frame reported

    explicit TickerLobby(int64_t start_ms = utc(2025, 10, 9, 7, 50, 5), DisplayOptions options = {})
        : app(options, std::string(MAJLIS_SOURCE_DIR) + "/fonts", log) {
        app.set_event(demo());
        content::ClockSource source{[] { return int64_t(0); }, [this] { return steady_ns; }};
        app.set_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", start_ms, 1.0, source));
    }
    void start(text::GlyphTextureHost& textures) override { app.start(textures); }
    void use_images(platform::ImageTextures& images) override { app.use_images(images); }
    void frame(const platform::FrameInfo& info) override {
        if (info.index > 0) steady_ns += step_ms * 1'000'000;
        app.frame(info);
    }
    void stop() override { app.stop(); }
    ImVec4 clear_color() const override { return app.clear_color(); }
    int rotation() const override { return rotate; }
    Damage frame_damage() const override {
        Damage d = app.frame_damage();
        for (ImVec4& r : d.rects) {
            r.x += cut_px;
            r.w -= cut_below_px;
        }
        damages.push_back(d);
        return d;
    }
    platform::Screenshot render(int width, int height, int frames) {
        platform::Screenshot shot;
        EXPECT_TRUE(platform::render_picture(width, height, 0.0, frames, *this, shot, log));
        return shot;
    }
};

// The moment `frames` frames of a TickerLobby end at, drawn whole by a fresh one.
platform::Screenshot full_frame(int width, int height, int frames, int rotate = -1) {
    TickerLobby fresh(utc(2025, 10, 9, 7, 50, 5) + int64_t(frames - 1) * 34);
    fresh.rotate = rotate;
    platform::Screenshot shot = fresh.render(width, height, 1);
    EXPECT_TRUE(fresh.damages.at(0).everything);
    return shot;
}

// Rows of two pictures that differ.
int rows_differing(const platform::Screenshot& a, const platform::Screenshot& b) {
    if (a.width != b.width || a.height != b.height || a.rgba.size() != b.rgba.size()) return -1;
    const size_t row = size_t(a.width) * 4;
    int n = 0;
    for (int y = 0; y < a.height; ++y)
        n += !std::equal(a.rgba.begin() + long(y * row), a.rgba.begin() + long((y + 1) * row), b.rgba.begin() + long(y * row));
    return n;
}

}  // namespace

// A square clipped at fractional px: blue in the first frame, red after it, damaged where it is.
// ImGui's GL backend truncates a clip rect to its scissor box in its own way (from the bottom
// for rows); a redraw cut to the damage must draw the same rows and columns as a full frame.
struct FractionalClip : platform::FrameClient {
    bool red_only = false;
    uint64_t index = 0;
    void start(text::GlyphTextureHost&) override {}
    void stop() override {}
    void frame(const platform::FrameInfo& info) override {
        index = info.index;
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        dl->PushClipRect(ImVec2(10.5f, 10.5f), ImVec2(100.7f, 100.7f));
        dl->AddRectFilled(ImVec2(0, 0), info.size,
                          red_only || index > 0 ? IM_COL32(255, 0, 0, 255) : IM_COL32(0, 0, 255, 255));
        dl->PopClipRect();
    }
    Damage frame_damage() const override {
        Damage d;
        d.everything = index == 0;
        if (index > 0) d.rects = {ImVec4(10.5f, 10.5f, 100.7f, 100.7f)};
        return d;
    }
};

TEST(DamageRendering, ARedrawCutToTheDamageDrawsTheRowsAndColumnsAFullFrameDraws) {
    Log log;
    FractionalClip changing, red;
    red.red_only = true;
    platform::Screenshot kept, full;
    ASSERT_TRUE(platform::render_picture(200, 200, 0.0, 2, changing, kept, log));
    ASSERT_TRUE(platform::render_picture(200, 200, 0.0, 1, red, full, log));
    EXPECT_TRUE(kept.rgba == full.rgba);  // (not printed: 160,000 bytes)
}

TEST(DamageRendering, TickerFramesDrawnInTheStripAloneAreTheFullFrame) {
    constexpr int kW = 960, kH = 540, kFrames = 5;
    TickerLobby lobby;
    const platform::Screenshot kept = lobby.render(kW, kH, kFrames);
    ASSERT_EQ(lobby.damages.size(), size_t(kFrames));
    EXPECT_TRUE(lobby.damages[0].everything);
    for (int k = 1; k < kFrames; ++k) {  // the strip alone moved, and what came in at its edge drawn
        const Damage& d = lobby.damages[k];
        ASSERT_FALSE(d.everything) << k;
        ASSERT_EQ(d.scrolls.size(), 1u) << k;
        EXPECT_GT(d.scrolls[0].rect.y, kH * 0.8f) << k;
        EXPECT_EQ(d.scrolls[0].rect.z - d.scrolls[0].rect.x, kW) << k;
        EXPECT_GT(std::abs(d.scrolls[0].by.x), 0) << k;  // whole px (2 a step at this size)
        EXPECT_LE(std::abs(d.scrolls[0].by.x), 8) << k;
        ASSERT_EQ(d.rects.size(), 1u) << k;
        EXPECT_EQ(d.rects[0].z - d.rects[0].x, std::abs(d.scrolls[0].by.x)) << k;
    }
    const platform::Screenshot full = full_frame(kW, kH, kFrames);
    ASSERT_EQ(full.rgba.size(), kept.rgba.size());
    EXPECT_EQ(rows_differing(kept, full), 0);
    // ... and the ticker did move: the first frame's picture is not the last one's.
    EXPECT_GT(rows_differing(full_frame(kW, kH, 1), full), 0);
}

TEST(DamageRendering, AStripReportedTooSmallLeavesStalePixels) {
    constexpr int kW = 960, kH = 540, kFrames = 5;
    TickerLobby lobby;
    lobby.cut_px = 1;  // a column of the text coming in not drawn
    const platform::Screenshot kept = lobby.render(kW, kH, kFrames);
    const int stale = rows_differing(kept, full_frame(kW, kH, kFrames));
    EXPECT_GT(stale, 0);
    EXPECT_LE(stale, kH / 5);  // in the strip
}

TEST(DamageRendering, TurnedForAPortraitMountTheStripIsTurnedToo) {
    constexpr int kPanelW = 960, kPanelH = 540, kFrames = 4;  // drawn 540 x 960, turned onto the panel
    TickerLobby lobby;
    lobby.rotate = 90;
    const platform::Screenshot kept = lobby.render(kPanelW, kPanelH, kFrames);
    for (int k = 1; k < kFrames; ++k) ASSERT_FALSE(lobby.damages.at(k).everything) << k;
    EXPECT_EQ(rows_differing(kept, full_frame(kPanelW, kPanelH, kFrames, 90)), 0);
    TickerLobby cut;
    cut.rotate = 90;
    cut.cut_px = 1;
    EXPECT_GT(rows_differing(cut.render(kPanelW, kPanelH, kFrames), full_frame(kPanelW, kPanelH, kFrames, 90)), 0);
}

// The room sign's countdown by the second ("Ends in 29:55" at the palace entrance at 09:40:05,
// no ticker then; "Ends in 4:55" in the main hall at 12:30:05, its lead column on the left, the
// ticker scrolling below; in Arabic at 12:25:05, mirrored): frames a second apart drawn in its
// boxes alone (and the ticker's strip) are the full frame; the countdown's box cut short at its
// bottom leaves its digits' ink stale.
TEST(DamageRendering, ARoomSignsCountdownDrawnInItsBoxesAloneIsTheFullFrame) {
    constexpr int kW = 960, kH = 540, kFrames = 3;
    auto sign = [](const char* hall, int64_t start_ms, const char* lang) {
        DisplayOptions options;
        options.hall = hall;
        options.lang = lang;
        auto lobby = std::make_unique<TickerLobby>(start_ms, options);
        lobby->step_ms = 1'000;
        return lobby;
    };
    for (auto [hall, lang, start_ms, rects] : {std::tuple{"palace-entrance", "en", utc(2025, 10, 9, 4, 40, 5) + 200, 2u},
                                               std::tuple{"sarazm", "en", utc(2025, 10, 9, 7, 30, 5) + 200, 3u},
                                               std::tuple{"sarazm", "ar", utc(2025, 10, 9, 7, 25, 5) + 200, 2u}}) {
        auto ticking = sign(hall, start_ms, lang);
        const platform::Screenshot kept = ticking->render(kW, kH, kFrames);
        for (int k = 1; k < kFrames; ++k) {
            ASSERT_FALSE(ticking->damages.at(k).everything) << hall << k;
            EXPECT_EQ(ticking->damages[k].rects.size(), rects) << hall << k;
        }
        const platform::Screenshot full = sign(hall, start_ms + (kFrames - 1) * 1'000, lang)->render(kW, kH, 1);
        EXPECT_EQ(rows_differing(kept, full), 0) << hall << lang;
        EXPECT_GT(rows_differing(sign(hall, start_ms, lang)->render(kW, kH, 1), full), 0) << hall << lang;  // it ticked
    }
    auto cut = sign("palace-entrance", utc(2025, 10, 9, 4, 40, 5) + 200, "en");
    cut->cut_below_px = 35;  // most of the countdown's line (under the time there): its digits' lower part
    platform::Screenshot kept = cut->render(kW, kH, kFrames);
    platform::Screenshot full = sign("palace-entrance", utc(2025, 10, 9, 4, 40, 7) + 200, "en")->render(kW, kH, 1);
    const ImVec4 line = cut->damages.at(1).rects.at(0), bar = cut->damages.at(1).rects.at(1);
    ASSERT_LT(line.w, bar.y);
    const int stale = rows_differing(kept, full);
    EXPECT_GT(stale, 0);
    EXPECT_LE(stale, kH / 10);
    // ... in the countdown's line, not (only) the bar's: the rows above the bar.
    for (platform::Screenshot* shot : {&kept, &full}) {
        shot->height = int(bar.y);
        shot->rgba.resize(size_t(shot->width) * size_t(shot->height) * 4);
    }
    EXPECT_GT(rows_differing(kept, full), 0);
}
