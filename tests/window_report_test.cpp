// The window's loop reporting at once after a frame (platform.h: WindowOptions::report_now):
// a frame after which report_now says yes is followed by on_second before anything else the
// loop does -- before the next frame, and never a second later. This is how a windowed fleet
// player acknowledges an alert (app/cli.cpp: the frame that first shows it, or ends it, or a
// new live set) as soon as it is on screen; without it the acknowledgement waited for the
// loop's next once-a-second report.
//
// No clock in the assertion: the loop is run for a few frames (max_frames: drawn back to back)
// on a private X server (Xvfb, tests/fleet/broker.h), and what it called is recorded in order.
// The same order would only come about without report_now if each frame took a second.
#include "fleet/broker.h"
#include "platform.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace majlis;

namespace {

// Draws nothing; notes each frame.
struct NotingClient : platform::FrameClient {
    std::vector<std::string>* events = nullptr;
    void start(text::GlyphTextureHost&) override {}
    void frame(const platform::FrameInfo& info) override { events->push_back("frame " + std::to_string(info.index)); }
    void stop() override {}
};

}  // namespace

TEST(WindowReport, AFrameThatAsksIsReportedBeforeTheLoopGoesOn) {
    majlis::testing::TempFolder tmp("majlis-window");
    majlis::testing::XServer x(tmp);
    ASSERT_FALSE(x.display.empty()) << majlis::testing::read_file(tmp / "xvfb.log");
    ASSERT_EQ(setenv("DISPLAY", x.display.c_str(), 1), 0);

    std::vector<std::string> events;
    NotingClient client;
    client.events = &events;
    platform::WindowOptions options;
    options.fullscreen = false;
    options.width = 64;
    options.height = 48;
    options.max_frames = 4;
    options.on_second = [&](const platform::LoopStats& stats) {
        events.push_back("report");
        EXPECT_GT(stats.width, 0);  // a report at once is a whole one
    };
    options.report_now = [&] { return events.back() == "frame 1" || events.back() == "frame 2"; };
    Log log{[](LogLevel, std::string_view) {}};
    ASSERT_EQ(platform::run_window(options, client, log), 0);

    // Frames 0 and 3 ask nothing: what follows them is up to the clock, so only the frames that
    // asked are checked (each followed by its report), and that no frame went unreported.
    auto after = [&](const std::string& event) {
        for (size_t i = 0; i + 1 < events.size(); ++i)
            if (events[i] == event) return events[i + 1];
        return std::string("nothing");
    };
    std::string all;
    for (const std::string& e : events) all += e + "; ";
    EXPECT_EQ(events.front(), "report") << all;  // the loop's first turn
    EXPECT_EQ(after("frame 1"), "report") << all;
    EXPECT_EQ(after("frame 2"), "report") << all;
    EXPECT_EQ(events.back(), "frame 3") << all;  // max_frames: the loop ends before the next turn reports
}
