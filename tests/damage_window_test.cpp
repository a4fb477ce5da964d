// Damage-region rendering in the real window (run under Xvfb: xvfb-run): what the X server shows
// after frames that each scroll a strip and draw only what comes in at its edge is the same
// client's last frame rendered whole (platform::render_picture). Under Xvfb the renderer is
// llvmpipe, so the window keeps its frame in the back buffer, has the X server move the strip
// (XCopyArea) and copies only the drawn rectangles (GLX_MESA_copy_sub_buffer): a move the wrong
// way or by the wrong amount, a rectangle not copied, or a copy at the wrong rows shows here.
#include "platform.h"

#include "core/log.h"
#include "text/text_imgui.h"

#include <gtest/gtest.h>
#include <X11/Xlib.h>  // after gtest: Xlib's macros (None, Bool...) would break its templates
#include <X11/Xutil.h>

#include <chrono>
#include <cstdlib>
#include <thread>

using namespace majlis;
using majlis::platform::Damage;

namespace {

constexpr float kStripTop = 100, kStripBottom = 164;
constexpr int kStep = -3;  // px a frame: to the left

// Bars of eight colours, one every 23 px, moving kStep px a frame in a strip; a static square
// above it. Frame 0 is everything; each later one scrolls the strip and draws the 3 px that come
// in on the right. At frame `grab_at` it first takes what the X server shows (frame grab_at - 1).
struct Scroller : platform::FrameClient {
    uint64_t index = 0;
    uint64_t grab_at = 0;
    int screen_width = 0, screen_height = 0;
    std::vector<uint8_t> shown;  // RGB of the screen, rows top first
    void start(text::GlyphTextureHost&) override {}
    void stop() override {}
    ImVec4 clear_color() const override { return ImVec4(0.05f, 0.08f, 0.15f, 1); }
    void frame(const platform::FrameInfo& info) override {
        index = info.index;
        if (grab_at && index == grab_at) grab();
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        dl->AddRectFilled(ImVec2(20, 20), ImVec2(60, 60), IM_COL32(200, 30, 30, 255));
        dl->AddRectFilled(ImVec2(0, kStripTop), ImVec2(info.size.x, kStripBottom), IM_COL32(30, 40, 60, 255));
        const int shift = int(index) * kStep;  // bar k at k * 23 + shift, from the first on the screen
        for (int k = -shift / 23 - 1; k * 23 + shift < int(info.size.x); ++k) {
            const int x = k * 23 + shift;
            const ImU32 colour = IM_COL32(40 + 25 * (k % 8), 255 - 30 * (k % 8), 120, 255);
            dl->AddRectFilled(ImVec2(float(x), kStripTop + 8), ImVec2(float(x + 11), kStripBottom - 8), colour);
        }
    }
    Damage frame_damage() const override {
        Damage d;
        if (index == 0) return d;
        d.everything = false;
        const float width = float(screen_width);
        d.scrolls.push_back({ImVec4(0, kStripTop, width, kStripBottom), ImVec2(float(kStep), 0)});
        d.rects.push_back(ImVec4(width + float(kStep), kStripTop, width, kStripBottom));
        return d;
    }
    void grab() {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the server shows what was sent
        Display* display = XOpenDisplay(nullptr);
        ASSERT_NE(display, nullptr);
        XImage* image = XGetImage(display, DefaultRootWindow(display), 0, 0, unsigned(screen_width),
                                  unsigned(screen_height), AllPlanes, ZPixmap);
        ASSERT_NE(image, nullptr);
        shown.clear();
        for (int y = 0; y < screen_height; ++y) {
            for (int x = 0; x < screen_width; ++x) {
                const unsigned long p = XGetPixel(image, x, y);
                shown.push_back(uint8_t((p & image->red_mask) >> 16));
                shown.push_back(uint8_t((p & image->green_mask) >> 8));
                shown.push_back(uint8_t(p & image->blue_mask));
            }
        }
        XDestroyImage(image);
        XCloseDisplay(display);
    }
};

}  // namespace

TEST(DamageWindow, WhatTheScreenShowsAfterScrolledFramesIsTheWholeFrame) {
    Display* display = XOpenDisplay(nullptr);
    ASSERT_NE(display, nullptr) << "no X display: run under xvfb-run";
    const int width = DisplayWidth(display, DefaultScreen(display)), height = DisplayHeight(display, DefaultScreen(display));
    // Kept open until the window has run: Xvfb resets when its last client leaves, and a window
    // opened during that reset fails ("Failed to open display"; 1 run in 15 here).
    struct Closer {
        Display* d;
        ~Closer() { XCloseDisplay(d); }
    } keep_server{display};

    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    Scroller window;
    window.screen_width = width;
    window.screen_height = height;
    window.grab_at = 40;
    platform::WindowOptions options;
    options.fullscreen = true;         // the whole screen, at its top-left
    options.max_frames = window.grab_at + 1;  // frames drawn one after another, no waiting
    ASSERT_EQ(platform::run_window(options, window, log), 0) << ::testing::PrintToString(lines);
    bool kept_in_back_buffer = false;
    for (const std::string& l : lines) kept_in_back_buffer |= l.find("GLX_MESA_copy_sub_buffer") != std::string::npos;
    EXPECT_TRUE(kept_in_back_buffer) << "not llvmpipe under Xvfb: the X server's moves go untested";
    ASSERT_EQ(window.shown.size(), size_t(width) * size_t(height) * 3);

    // Frame grab_at - 1 drawn whole (render_picture's one frame, given that index).
    platform::Screenshot expected;
    struct At : Scroller {
        uint64_t at = 0;
        void frame(const platform::FrameInfo& info) override {
            platform::FrameInfo i = info;
            i.index = at;
            Scroller::frame(i);
        }
    } last;
    last.screen_width = width;
    last.screen_height = height;
    last.at = window.grab_at - 1;
    ASSERT_TRUE(platform::render_picture(width, height, 0.0, 1, last, expected, log));
    int differing = 0, first_y = -1;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const uint8_t* s = &window.shown[(size_t(y) * size_t(width) + size_t(x)) * 3];
            const uint8_t* e = &expected.rgba[(size_t(y) * size_t(width) + size_t(x)) * 4];
            if (std::abs(s[0] - e[0]) > 3 || std::abs(s[1] - e[1]) > 3 || std::abs(s[2] - e[2]) > 3) {
                if (first_y < 0) first_y = y;
                ++differing;
            }
        }
    }
    EXPECT_EQ(differing, 0) << "first at row " << first_y;
}
