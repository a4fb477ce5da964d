// The display app's clock between frames, on the demo event with no GL (glyph pages in memory):
// a wall clock set by hours (NTP after a Raspberry Pi booted with the wrong time) redraws at
// once, and the clock speaks the zone of the event shown, including --at given while the
// content was broken at start.
#include "test_support.h"
#include "display_app.h"

#include "content/content.h"
#include "core/log.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

using namespace majlis;
using majlis::testing::utc;

namespace {

constexpr int64_t kHourMs = 3'600'000;

// The demo event drawn by a DisplayApp into ImGui draw lists; the clock reads the wall and
// monotonic times the test sets.
struct Player {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    majlis::testing::MemoryTextures textures;
    ImGuiContext* ctx = majlis::testing::headless_imgui();
    DisplayApp app{DisplayOptions{}, std::string(MAJLIS_SOURCE_DIR) + "/fonts", log};
    std::shared_ptr<const content::Event> event;
    int64_t wall_ms = 0, steady_ns = 1'000'000'000;
    content::EventClock* clock = nullptr;  // owned by app
    uint64_t frames = 0;

    Player() {
        content::LoadResult loaded = content::load_event(std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025");
        EXPECT_TRUE(loaded.ok());
        event = loaded.event;
        app.start(textures);
        app.set_event(event);
    }
    ~Player() {
        app.stop();
        ImGui::DestroyContext(ctx);
    }
    content::ClockSource source() {
        return content::ClockSource{[this] { return wall_ms; }, [this] { return steady_ns; }};
    }
    void use_clock(std::unique_ptr<content::EventClock> c) {
        clock = c.get();
        app.set_clock(std::move(c));
    }
    void frame() {
        ImGui::NewFrame();
        platform::FrameInfo info;
        info.size = ImVec2(1920, 1080);
        info.index = frames++;
        app.frame(info);
        ImGui::Render();
    }
};

}  // namespace

TEST(DisplayApp, AWallClockStepRedrawsAtOnce) {
    Player p;
    p.wall_ms = utc(2025, 10, 9, 2, 0);  // 07:00 in Dushanbe: only the clock changes, once a minute
    p.use_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, p.source()));
    p.frame();
    EXPECT_GT(p.app.next_frame_in(), 1.0);  // the next minute
    // NTP sets the clock three hours back: drawn at once (not at the old next minute), logged.
    p.wall_ms -= 3 * kHourMs;
    EXPECT_EQ(p.app.next_frame_in(), 0.0);
    p.frame();
    EXPECT_GT(p.app.next_frame_in(), 1.0);
    EXPECT_EQ(p.clock->now_utc_ms(), p.wall_ms);
    ASSERT_FALSE(p.lines.empty());
    EXPECT_NE(p.lines.back().find("the clock stepped"), std::string::npos) << p.lines.back();
    EXPECT_NE(p.lines.back().find("2025-10-09T04:00:00 Asia/Dushanbe"), std::string::npos) << p.lines.back();
    // Forward by five hours: the same.
    p.wall_ms += 5 * kHourMs;
    EXPECT_EQ(p.app.next_frame_in(), 0.0);
    p.frame();
    EXPECT_GT(p.app.next_frame_in(), 1.0);
}

TEST(DisplayApp, TheClockTakesTheZoneOfTheEventShown) {
    Player p;
    p.wall_ms = utc(2025, 10, 9, 5, 30);
    // Started while the content was broken: no zone yet, so the clock was made in UTC.
    p.use_clock(std::make_unique<content::EventClock>("UTC", std::nullopt, 1.0, p.source()));
    p.frame();
    EXPECT_EQ(p.clock->time_zone(), "Asia/Dushanbe");
    // A new version of the content moves the event to Berlin.
    auto berlin = std::make_shared<content::Event>(*p.event);
    berlin->time_zone = "Europe/Berlin";
    p.app.set_event(berlin);
    p.frame();
    EXPECT_EQ(p.clock->time_zone(), "Europe/Berlin");
}

TEST(DisplayApp, AtGivenWhileTheContentWasBrokenIsTheEventsLocalTime) {
    Player p;
    p.wall_ms = utc(2025, 1, 1, 0, 0);
    content::LocalDateTime at;
    at.date = content::Date{2025, 10, 9};
    at.minute_of_day = 10 * 60 + 30;
    p.use_clock(std::make_unique<content::EventClock>("UTC", at, 1.0, p.source()));
    p.frame();
    EXPECT_EQ(p.clock->now_utc_ms(), utc(2025, 10, 9, 5, 30));  // 10:30 in Dushanbe (+5)
}
