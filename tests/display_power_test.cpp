// Blank/wake (platform/display_power.h): which way the display is switched, when the loop
// switches it, and the real window doing it on a private X server.
//
// What an X server and libcec can show here: Xvfb has no DPMS extension (xdpyinfo lists none,
// `+extension DPMS` changes nothing: the extension needs a screen that can switch power, which
// only Xorg's hardware drivers have -- neither Xorg's dummy driver nor Xephyr nor Xvnc has it),
// and there is no HDMI-CEC adapter. So: the choice on its own; when DisplayPower switches (once
// per change, forced off again when the display lights up by itself, failures logged once, the
// display lit again at the end) with a switch that notes what it is asked; DPMS through libXext
// against a small X server that has DPMS (dpms_x_server.h: enabled or not as before, BadMatch
// survived); libcec really looking for adapters and finding none; and the real window loop under
// Xvfb: blanked, reported, woken and drawn at once (where the X server has DPMS, the window test
// also reads the level back from a second X connection with DPMSInfo).
#include "core/log.h"
#include "display_power.h"
#include "dpms_x_server.h"
#include "fleet/broker.h"
#include "platform.h"
#include "test_support.h"

#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

using namespace majlis;
using platform::choose_display_power;
using platform::DisplayPower;

namespace {

bool has_line(const std::vector<std::string>& lines, const std::string& part) {
    for (const std::string& l : lines)
        if (l.find(part) != std::string::npos) return true;
    return false;
}

int count_lines(const std::vector<std::string>& lines, const std::string& part) {
    int n = 0;
    for (const std::string& l : lines) n += l.find(part) != std::string::npos;
    return n;
}

// Notes what DisplayPower asks of it; `lit_now` is what the display's state reads back as.
struct NotingSwitch : platform::PowerSwitch {
    std::vector<std::string>* asked = nullptr;
    bool works = true;
    bool* lit_now = nullptr;
    bool set(bool on) override {
        asked->push_back(on ? "on" : "off");
        return works;
    }
    bool lit() override {
        asked->push_back("read back");
        return *lit_now;
    }
};

}  // namespace

TEST(DisplayPowerChoice, AutoTakesCecThenDpmsThenNone) {
    EXPECT_EQ(choose_display_power("auto", true, true), "cec");
    EXPECT_EQ(choose_display_power("auto", true, false), "cec");
    EXPECT_EQ(choose_display_power("auto", false, true), "dpms");
    EXPECT_EQ(choose_display_power("auto", false, false), "none");
}

TEST(DisplayPowerChoice, AWayAskedForIsTakenOnlyWhereFound) {
    EXPECT_EQ(choose_display_power("cec", true, true), "cec");
    EXPECT_EQ(choose_display_power("cec", false, true), "none");  // never DPMS instead
    EXPECT_EQ(choose_display_power("dpms", true, true), "dpms");  // never CEC instead
    EXPECT_EQ(choose_display_power("dpms", true, false), "none");
    EXPECT_EQ(choose_display_power("none", true, true), "none");
    EXPECT_EQ(choose_display_power("", false, true), "dpms");  // anything else: auto
}

TEST(DisplayPowerSwitching, EachChangeIsAppliedOnceAndAWakeAsksForAFrame) {
    std::vector<std::string> asked, lines;
    bool lit = true;
    auto s = std::make_unique<NotingSwitch>();
    s->asked = &asked;
    s->lit_now = &lit;
    Log log = Log::capture(&lines);
    DisplayPower power(std::move(s), "test", log);
    EXPECT_FALSE(power.update(true, 0));  // on at start, and lit: nothing is switched
    EXPECT_EQ(asked, std::vector<std::string>{"read back"});
    EXPECT_FALSE(power.update(true, 0.5));
    EXPECT_FALSE(power.update(false, 1));
    EXPECT_FALSE(power.update(false, 1.1));
    EXPECT_EQ(asked, (std::vector<std::string>{"read back", "off"}));
    EXPECT_FALSE(power.on());
    EXPECT_TRUE(has_line(lines, "display off via test"));
    EXPECT_TRUE(power.update(true, 1.2));  // woken: the loop draws at once
    EXPECT_FALSE(power.update(true, 1.3));
    EXPECT_EQ(asked, (std::vector<std::string>{"read back", "off", "on"}));
    EXPECT_TRUE(power.on());
    EXPECT_TRUE(has_line(lines, "display on via test"));
}

TEST(DisplayPowerSwitching, ADisplayLitByItselfIsSwitchedOffAgainAtMostEveryTwoSeconds) {
    std::vector<std::string> asked, lines;
    bool lit = false;  // off as asked
    auto s = std::make_unique<NotingSwitch>();
    s->asked = &asked;
    s->lit_now = &lit;
    Log log = Log::capture(&lines);
    DisplayPower power(std::move(s), "test", log);
    power.update(false, 10);
    for (double t = 10.1; t < 11.95; t += 0.1) power.update(false, t);  // within 2 s: not read back
    EXPECT_EQ(asked, std::vector<std::string>{"off"});
    power.update(false, 12.05);
    EXPECT_EQ(asked, (std::vector<std::string>{"off", "read back"}));  // still off: left alone
    lit = true;  // a touch on the blanked kiosk
    power.update(false, 13);
    EXPECT_EQ(asked.size(), 2u);
    power.update(false, 14.1);
    EXPECT_EQ(asked, (std::vector<std::string>{"off", "read back", "read back", "off"}));
    EXPECT_TRUE(has_line(lines, "display lit again by itself"));
    EXPECT_FALSE(power.on());
    power.update(true, 15);  // woken: never read back while on
    for (double t = 15; t < 30; t += 1) power.update(true, t);
    EXPECT_EQ(asked.back(), "on");
    EXPECT_EQ(asked.size(), 5u);
}

TEST(DisplayPowerSwitching, AFailureIsLoggedOnceAndTheDisplayIsLitAgainAtTheEnd) {
    std::vector<std::string> asked, lines;
    bool lit = false;
    {
        auto s = std::make_unique<NotingSwitch>();
        s->asked = &asked;
        s->lit_now = &lit;
        s->works = false;
        Log log = Log::capture(&lines);
        DisplayPower power(std::move(s), "test", log);
        for (int i = 0; i < 3; ++i) {
            power.update(false, 2.0 * i);
            power.update(true, 2.0 * i + 1);
        }
        EXPECT_EQ(count_lines(lines, "test did not switch the display off"), 1) << lines.size();
        EXPECT_EQ(count_lines(lines, "test did not switch the display on"), 1);
        EXPECT_TRUE(power.on());  // as asked: the loop goes on
        power.update(false, 10);  // blanked when the app quits
        asked.clear();
    }
    EXPECT_EQ(asked, std::vector<std::string>{"on"});  // the display as it was found
}

// A crash left the display blanked: the next run, wanting it on, lights it.
TEST(DisplayPowerSwitching, ADisplayFoundOffAtStartIsSwitchedOn) {
    std::vector<std::string> asked, lines;
    bool lit = false;
    auto s = std::make_unique<NotingSwitch>();
    s->asked = &asked;
    s->lit_now = &lit;
    Log log = Log::capture(&lines);
    DisplayPower power(std::move(s), "test", log);
    EXPECT_TRUE(power.update(true, 0));  // and drawn at once
    EXPECT_EQ(asked, (std::vector<std::string>{"read back", "on"}));
    EXPECT_TRUE(has_line(lines, "display found off at start: switched on via test"));
    lit = true;
    for (double t = 0; t < 10; t += 1) EXPECT_FALSE(power.update(true, t));  // asked at start only
    EXPECT_EQ(asked.size(), 2u);
}

// libcec really looks (a quick scan of /dev/cec* and USB adapters) and finds none here.
TEST(DisplayPowerSwitching, CecWithoutAnAdapterSwitchesNothing) {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    DisplayPower power("cec", nullptr, log);
    ASSERT_TRUE(majlis::testing::eventually([&] {
        power.update(false, 0);
        return !power.choosing();
    }));
    EXPECT_EQ(power.backend(), "none");
    EXPECT_TRUE(has_line(lines, "no HDMI-CEC adapter found"));
    EXPECT_TRUE(has_line(lines, "no HDMI-CEC adapter (--display-power cec)"));
    EXPECT_FALSE(power.on());  // what was asked, reported as switched
    EXPECT_TRUE(has_line(lines, "display off via none"));
}

TEST(DisplayPowerSwitching, NoneAndNoXLookForNothing) {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    DisplayPower none("none", nullptr, log);
    EXPECT_FALSE(none.choosing());  // no CEC thread, no X
    EXPECT_EQ(none.backend(), "none");
    EXPECT_FALSE(none.update(false, 0));
    EXPECT_TRUE(none.update(true, 1));
    DisplayPower dpms("dpms", nullptr, log);  // not on X11 (a Wayland session)
    EXPECT_FALSE(dpms.choosing());
    EXPECT_EQ(dpms.backend(), "none");
    EXPECT_TRUE(has_line(lines, "no DPMS in the X server (--display-power dpms)"));
}

// DPMS through libXext, on an X server that has it (dpms_x_server.h).
TEST(DisplayPowerDpms, BlankForcesOffAndWakePutsDpmsBackAsItWas) {
    majlis::testing::DpmsXServer server;  // DPMS disabled, as after `xset -dpms`
    ASSERT_FALSE(server.display.empty());
    Display* x = XOpenDisplay(server.display.c_str());
    ASSERT_NE(x, nullptr);
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    {
        DisplayPower power("dpms", x, log);
        EXPECT_EQ(power.backend(), "dpms");
        EXPECT_TRUE(has_line(lines, "blank/wake via dpms"));
        power.update(true, 0);
        EXPECT_EQ(server.forced, 0);  // on at start: the server is left alone
        power.update(false, 1);
        {
            std::lock_guard<std::mutex> lock(server.mutex);
            EXPECT_TRUE(server.enabled);  // the server forces a level only with DPMS enabled
            EXPECT_EQ(server.level, DPMSModeOff);
        }
        EXPECT_TRUE(power.update(true, 2));
        std::lock_guard<std::mutex> lock(server.mutex);
        EXPECT_EQ(server.level, DPMSModeOn);
        EXPECT_FALSE(server.enabled);  // disabled again: no idle timeouts blank the screen later
        EXPECT_EQ(server.forced, 2);
    }
    XCloseDisplay(x);
}

TEST(DisplayPowerDpms, LitByInputItIsForcedOffAgainAndLitAtTheEnd) {
    majlis::testing::DpmsXServer server;
    ASSERT_FALSE(server.display.empty());
    Display* x = XOpenDisplay(server.display.c_str());
    ASSERT_NE(x, nullptr);
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    {
        DisplayPower power("auto", x, log);  // libcec finds no adapter here: DPMS
        ASSERT_TRUE(majlis::testing::eventually([&] {
            power.update(false, 0);
            return !power.choosing();
        }));
        EXPECT_EQ(power.backend(), "dpms");
        {
            std::lock_guard<std::mutex> lock(server.mutex);
            EXPECT_EQ(server.level, DPMSModeOff);
            server.level = DPMSModeOn;  // a touch: the X server lights the display
        }
        power.update(false, 1);  // read back at most every 2 s
        EXPECT_EQ(server.forced, 1);
        power.update(false, 2.5);
        std::lock_guard<std::mutex> lock(server.mutex);
        EXPECT_EQ(server.level, DPMSModeOff);
        EXPECT_EQ(server.forced, 2);
        EXPECT_TRUE(has_line(lines, "display lit again by itself (input?): switched off again via dpms"));
    }  // the app quits blanked
    std::lock_guard<std::mutex> lock(server.mutex);
    EXPECT_EQ(server.level, DPMSModeOn);
    EXPECT_FALSE(server.enabled);  // as it was before the first blank, not as forced off again
    XCloseDisplay(x);
}

TEST(DisplayPowerDpms, ADisplayLeftOffByAnEarlierRunIsLitAtStart) {
    majlis::testing::DpmsXServer server;
    ASSERT_FALSE(server.display.empty());
    server.enabled = true;
    server.level = DPMSModeOff;
    Display* x = XOpenDisplay(server.display.c_str());
    ASSERT_NE(x, nullptr);
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    {
        DisplayPower power("dpms", x, log);
        EXPECT_TRUE(power.update(true, 0));
        std::lock_guard<std::mutex> lock(server.mutex);
        EXPECT_EQ(server.level, DPMSModeOn);
        EXPECT_TRUE(server.enabled);  // as found
    }
    XCloseDisplay(x);
}

// Xlib's own error handler would end the process on the server's BadMatch.
TEST(DisplayPowerDpms, AServerThatRefusesIsLoggedOnceAndTheAppGoesOn) {
    majlis::testing::DpmsXServer server;
    ASSERT_FALSE(server.display.empty());
    server.refuse_force = true;
    Display* x = XOpenDisplay(server.display.c_str());
    ASSERT_NE(x, nullptr);
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    {
        DisplayPower power("dpms", x, log);
        for (int i = 0; i < 3; ++i) {
            power.update(false, 3.0 * i);
            power.update(true, 3.0 * i + 1);
        }
        EXPECT_EQ(count_lines(lines, "dpms did not switch the display off"), 1);
        EXPECT_EQ(count_lines(lines, "dpms did not switch the display on"), 1);
    }
    CARD16 level = 0;
    BOOL enabled = False;
    EXPECT_TRUE(DPMSInfo(x, &level, &enabled));  // the connection still works
    EXPECT_EQ(level, DPMSModeOn);
    XCloseDisplay(x);
}

namespace {

// Wants the display off from the start until the loop reports it off, then on; notes what the
// loop asks and draws. Render on demand with nothing due for a minute: only input, an expose
// or a wake draws.
struct BlankingClient : platform::FrameClient {
    mutable std::vector<std::string> events;  // "on" / "off" (display_on asked), "frame"
    bool want_on = false;
    bool woken = false;  // a frame after the wake was drawn: quit
    mutable int asked_after_wake = 0;
    void start(text::GlyphTextureHost&) override {}
    void frame(const platform::FrameInfo&) override {
        events.push_back("frame");
        if (want_on && !woken) {
            woken = true;
            std::raise(SIGTERM);  // the loop quits at its next turn
        }
    }
    void stop() override {}
    double next_frame_in() const override { return 60; }
    bool display_on() const override {
        events.push_back(want_on ? "on" : "off");
        if (want_on ? ++asked_after_wake == 40 : events.size() == 400)
            std::raise(SIGTERM);  // no frame after the wake, or never reported blank: give up
        return want_on;
    }
};

}  // namespace

TEST(DisplayPowerWindow, BlankedReportedWokenAndDrawnAtOnce) {
    majlis::testing::TempFolder tmp("majlis-power");
    majlis::testing::XServer x(tmp);
    ASSERT_FALSE(x.display.empty()) << majlis::testing::read_file(tmp / "xvfb.log");
    ASSERT_EQ(setenv("DISPLAY", x.display.c_str(), 1), 0);
    Display* other = XOpenDisplay(x.display.c_str());  // a second connection, to read DPMS back
    ASSERT_NE(other, nullptr);
    int event_base = 0, error_base = 0;
    const bool x_dpms = DPMSQueryExtension(other, &event_base, &error_base) && DPMSCapable(other);

    BlankingClient client;
    std::vector<std::string> lines;
    std::vector<platform::LoopStats> reports;
    std::vector<int> levels;  // DPMSInfo's level in each report (where there is DPMS)
    platform::WindowOptions options;
    options.fullscreen = false;
    options.width = 64;
    options.height = 48;
    options.display_power = "auto";  // libcec finds no adapter here, then DPMS if the server has it
    options.on_second = [&](const platform::LoopStats& stats) {
        reports.push_back(stats);
        if (x_dpms) {
            CARD16 level = 0;
            BOOL enabled = False;
            levels.push_back(DPMSInfo(other, &level, &enabled) ? level : -1);
        }
        if (!stats.display_on) client.want_on = true;  // reported blank: wake it
    };
    Log log = Log::capture(&lines);
    ASSERT_EQ(platform::run_window(options, client, log), 0);

    std::string all;
    for (const std::string& l : lines) all += l + "\n";
    ASSERT_TRUE(client.woken) << all;
    // Reported blank, through the way the server offers.
    size_t blank = 0;
    while (blank < reports.size() && reports[blank].display_on) ++blank;
    ASSERT_LT(blank, reports.size()) << all;
    EXPECT_EQ(reports[blank].display_power, x_dpms ? "dpms" : "none");
    if (x_dpms) {
        EXPECT_EQ(levels[blank], DPMSModeOff);
    }
    EXPECT_TRUE(has_line(lines, std::string("display off via ") + (x_dpms ? "dpms" : "none"))) << all;
    EXPECT_TRUE(has_line(lines, "display on via")) << all;
    // Woken: the turn that first hears "on" draws, before the loop asks again (next_frame_in
    // alone would have waited a minute).
    size_t wake = 0;
    while (wake < client.events.size() && client.events[wake] != "on") ++wake;
    ASSERT_LT(wake + 1, client.events.size());
    EXPECT_EQ(client.events[wake + 1], "frame");
    if (x_dpms) {
        CARD16 level = 0;
        BOOL enabled = False;
        ASSERT_TRUE(DPMSInfo(other, &level, &enabled));
        EXPECT_EQ(level, DPMSModeOn);
    }
    XCloseDisplay(other);
}
