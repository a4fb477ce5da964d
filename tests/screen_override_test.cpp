// A fleet's screen override in the display app (DisplayApp::set_override), rendered offscreen
// in-process (platform::render_picture: EGL, llvmpipe without a GPU) and compared pixel for
// pixel with a fresh app started with the same settings: every mode switches to every other at
// run time (a kiosk made for a lobby), the language too; the empty override returns exactly to
// the screen's own frame; an unknown hall or language keeps the screen's own (logged once);
// power off draws black, sleeps and switches the display off, and an alert still wins.
#include "test_support.h"
#include "display_app.h"

#include "content/content.h"
#include "core/log.h"
#include "platform.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

using namespace majlis;
using majlis::testing::utc;

namespace {

constexpr int kW = 640, kH = 360;

std::shared_ptr<const content::Event> demo() {
    static const std::shared_ptr<const content::Event> event = [] {
        content::LoadResult r = content::load_event(std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025");
        EXPECT_TRUE(r.ok());
        return r.event;
    }();
    return event;
}

// A DisplayApp on the demo event at a fixed time, as the command line would start it.
struct Screen {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    DisplayApp app;
    int64_t wall_ms = utc(2025, 10, 9, 5, 45, 21);  // 10:45:21 in Dushanbe

    explicit Screen(DisplayOptions options = {}) : app(options, std::string(MAJLIS_SOURCE_DIR) + "/fonts", log) {
        std::string error;
        EXPECT_TRUE(app.open_screen(*demo(), error)) << error;
        app.set_event(demo());
        content::ClockSource source{[this] { return wall_ms; }, [] { return int64_t(1'000'000'000); }};
        app.set_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, source));
    }
    platform::Screenshot render() {
        platform::Screenshot shot;
        EXPECT_TRUE(platform::render_picture(kW, kH, 0.0, 1, app, shot, log));
        return shot;
    }
    size_t logged(const std::string& part) const {
        return size_t(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(part) != l.npos; }));
    }
};

bool same(const platform::Screenshot& a, const platform::Screenshot& b) {
    return a.width == b.width && a.height == b.height && a.rgba == b.rgba && !a.rgba.empty();
}

bool black(const platform::Screenshot& s) {
    for (size_t i = 0; i < s.rgba.size(); i += 4)
        if (s.rgba[i] || s.rgba[i + 1] || s.rgba[i + 2]) return false;
    return !s.rgba.empty();
}

DisplayOptions options(Mode mode, std::string hall = "", std::string lang = "") {
    DisplayOptions o;
    o.mode = mode;
    o.hall = std::move(hall);
    o.lang = std::move(lang);
    o.screen = mode == Mode::Kiosk ? "kiosk-home" : mode == Mode::Loop ? "loop" : "lobby";
    return o;
}

content::ScreenOverride set(std::string mode, std::string hall = "", std::string lang = "", std::string power = "") {
    return content::ScreenOverride{std::move(mode), std::move(hall), std::move(lang), std::move(power)};
}

// The frame of a fresh screen started with `o`.
platform::Screenshot started_with(const DisplayOptions& o) { return Screen(o).render(); }

std::shared_ptr<content::Alert> evacuate() {
    content::AlertLoad r = content::load_alert_file(std::string(MAJLIS_SOURCE_DIR) + "/assets/alerts/evacuate.toml");
    EXPECT_TRUE(r.alert);
    auto a = std::make_shared<content::Alert>(r.alert ? *r.alert : content::Alert{});
    a->id = "evacuate-1";
    return a;
}

}  // namespace

TEST(ScreenOverride, EverySwitchDrawsWhatAScreenStartedSoDrawsAndClearingReturnsExactly) {
    struct Case {
        DisplayOptions own;
        content::ScreenOverride override_;
        DisplayOptions as;  // the screen started so
        const char* mode;   // what the status says
    };
    const Case cases[] = {
        {options(Mode::Lobby), set("room", "sarazm"), options(Mode::Lobby, "sarazm"), "room"},
        {options(Mode::Lobby), set("kiosk"), options(Mode::Kiosk), "kiosk"},  // the kiosk made at run time
        {options(Mode::Lobby), set("loop", "", "ru"), options(Mode::Loop, "", "ru"), "loop"},
        {options(Mode::Lobby, "sarazm"), set("lobby"), options(Mode::Lobby), "lobby"},
        {options(Mode::Kiosk), set("room", "grand-foyer", "tg"), options(Mode::Lobby, "grand-foyer", "tg"), "room"},
        {options(Mode::Loop), set("kiosk", "", "ru"), options(Mode::Kiosk, "", "ru"), "kiosk"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string("to ") + c.mode + " " + c.override_.hall + " " + c.override_.lang);
        Screen s(c.own);
        const platform::Screenshot own = s.render();
        EXPECT_GT(s.app.next_frame_in(), 0.0);
        s.app.set_override(c.override_);
        EXPECT_EQ(s.app.next_frame_in(), 0.0) << "render on demand wakes at once";
        EXPECT_EQ(s.app.shown_mode(), c.mode) << "the status says it before the frame";
        const platform::Screenshot switched = s.render();
        EXPECT_TRUE(same(switched, started_with(c.as)));
        EXPECT_EQ(s.app.shown_mode(), c.mode);
        EXPECT_EQ(s.app.shown_lang(), c.as.lang.empty() ? "ar" : c.as.lang);
        EXPECT_TRUE(s.app.display_on());
        EXPECT_EQ(s.app.override_problem(), "");
        s.app.set_override({});
        EXPECT_TRUE(same(s.render(), own)) << "back to exactly the screen's own frame";
    }
}

TEST(ScreenOverride, AKioskEnteredAgainOpensAtHome) {
    Screen s(options(Mode::Kiosk));
    const platform::Screenshot home = s.render();
    for (float y = 0.3f; y < 0.8f; y += 0.2f)  // a visitor's taps: somewhere among them a tile that navigates
        for (float x = 0.15f; x < 0.95f; x += 0.25f) {
            s.app.pointer(platform::Pointer{platform::Pointer::Kind::Down, ImVec2(x * kW, y * kH), 0.0});
            s.app.pointer(platform::Pointer{platform::Pointer::Kind::Up, ImVec2(x * kW, y * kH), 0.0});
        }
    ASSERT_FALSE(same(s.render(), home)) << "the taps navigate";
    s.app.set_override(set("loop"));
    s.render();
    s.app.set_override({});
    EXPECT_TRUE(same(s.render(), home)) << "the visitor's page is not kept under an afternoon's loop";
}

TEST(ScreenOverride, AnUnknownHallOrLanguageKeepsTheScreensOwnAndIsLoggedOnce) {
    Screen s(options(Mode::Kiosk));
    const platform::Screenshot own = s.render();
    s.app.set_override(set("room", "no-such-hall", "fr"));  // French: a language, not this event's
    EXPECT_TRUE(same(s.render(), own));
    EXPECT_TRUE(same(s.render(), own));
    EXPECT_EQ(s.app.shown_mode(), "kiosk");
    EXPECT_EQ(s.app.shown_lang(), "ar");
    const std::string problem = s.app.override_problem();
    EXPECT_NE(problem.find("hall 'no-such-hall' is not one of this event's"), std::string::npos) << problem;
    EXPECT_NE(problem.find("language 'fr' is not one of this event's"), std::string::npos) << problem;
    EXPECT_EQ(s.logged("no-such-hall"), 1u);
    // What it can take, it takes: the language alone.
    s.app.set_override(set("room", "no-such-hall", "ru"));
    EXPECT_TRUE(same(s.render(), started_with(options(Mode::Kiosk, "", "ru"))));
    s.app.set_override({});
    EXPECT_TRUE(same(s.render(), own));
    EXPECT_EQ(s.app.override_problem(), "");
}

TEST(ScreenOverride, PowerOffDrawsBlackSleepsAndSwitchesTheDisplayOffButAnAlertWins) {
    Screen s(options(Mode::Lobby));
    const platform::Screenshot own = s.render();
    EXPECT_TRUE(s.app.display_on());
    s.app.set_override(set("", "", "", "off"));
    EXPECT_EQ(s.app.next_frame_in(), 0.0);
    EXPECT_FALSE(s.app.display_on());
    EXPECT_TRUE(black(s.render()));
    EXPECT_GE(s.app.next_frame_in(), 1.0) << "a blanked screen costs nothing";
    // An alert wakes it and shows as on a screen that was never blanked.
    const auto alert = evacuate();
    s.app.show_alert(alert);
    EXPECT_TRUE(s.app.display_on());
    EXPECT_EQ(s.app.next_frame_in(), 0.0);
    const platform::Screenshot during = s.render();
    Screen awake(options(Mode::Lobby));
    awake.app.show_alert(alert);
    EXPECT_TRUE(same(during, awake.render()));
    EXPECT_EQ(s.app.shown_alert(), "evacuate-1");
    EXPECT_TRUE(s.app.display_on());
    // The alert over: black and off again; power on: the lobby as it was.
    s.app.show_alert(nullptr);
    EXPECT_FALSE(s.app.display_on());
    EXPECT_TRUE(black(s.render()));
    s.app.set_override({});
    EXPECT_TRUE(s.app.display_on());
    EXPECT_TRUE(same(s.render(), own));
}
