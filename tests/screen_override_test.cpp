// A fleet's screen override in the display app (DisplayApp::set_override), rendered offscreen
// in-process (platform::render_picture: EGL, llvmpipe without a GPU) and compared pixel for
// pixel with a fresh app started with the same settings: every mode switches to every other at
// run time (a kiosk made for a lobby), the language too; the empty override returns exactly to
// the screen's own frame; an unknown hall or language keeps the screen's own (logged once);
// power off draws black, sleeps and switches the display off, and an alert still wins. The
// role the event's screens.toml gives a screen by its id and groups (content/screens_config.h):
// drawn as a screen started with it (its playlist, languages and rotation too), over the
// command line and under an override, changed by the next event shown.
#include "test_support.h"
#include "display_app.h"

#include "content/content.h"
#include "core/log.h"
#include "platform.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

using namespace majlis;
using majlis::testing::demo_event;
using majlis::testing::utc;

namespace {

constexpr int kW = 640, kH = 360;

// A DisplayApp on the demo event at a fixed time, as the command line would start it.
struct Screen {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    DisplayApp app;
    int64_t wall_ms = utc(2025, 10, 9, 5, 45, 21);  // 10:45:21 in Dushanbe

    explicit Screen(DisplayOptions options = {}, std::shared_ptr<const content::Event> event = demo_event())
        : app(options, std::string(MAJLIS_SOURCE_DIR) + "/fonts", log) {
        std::string error;
        EXPECT_TRUE(app.open_screen(*event, error)) << error;
        app.set_event(event);
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

// The frame of a fresh screen started with `o` (on `event`).
platform::Screenshot started_with(const DisplayOptions& o, std::shared_ptr<const content::Event> event = demo_event()) {
    return Screen(o, std::move(event)).render();
}

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

//-----------------------------------------------------------------------------
// The screen's role from screens.toml
//-----------------------------------------------------------------------------

namespace {

// The demo event with `screens` as its screens.toml.
std::shared_ptr<const content::Event> with_screens(content::ScreensConfig screens) {
    auto ev = std::make_shared<content::Event>(*demo_event());
    ev->screens = std::move(screens);
    return ev;
}

content::ScreenRole role(std::string mode, std::string hall = "", std::string lang = "") {
    content::ScreenRole r;
    r.mode = std::move(mode);
    r.hall = std::move(hall);
    r.lang = std::move(lang);
    return r;
}

DisplayOptions screen_id(DisplayOptions o, std::string id, std::vector<std::string> groups = {}) {
    o.screen_id = std::move(id);
    o.groups = std::move(groups);
    return o;
}

}  // namespace

TEST(ScreenOverride, TheEventsScreensTomlGivesTheScreenItsRoleAndTheNextEventChangesIt) {
    content::ScreensConfig config;
    config.screens["door"] = role("room", "sarazm", "ru");
    config.groups["kiosks"] = role("kiosk", "", "en");
    const auto first = with_screens(config);

    // Before any frame the status says what the first frame shows (a headless player's).
    Screen door(screen_id(options(Mode::Lobby), "door", {"kiosks"}), first);
    EXPECT_EQ(door.app.shown_mode(), "room");
    EXPECT_EQ(door.app.shown_lang(), "ru");
    EXPECT_TRUE(same(door.render(), started_with(options(Mode::Lobby, "sarazm", "ru"))));
    EXPECT_EQ(door.app.shown_mode(), "room");
    // A screen of the group, not named: the group's role over its command line.
    Screen kiosk(screen_id(options(Mode::Loop), "kiosk-7", {"kiosks"}), first);
    EXPECT_TRUE(same(kiosk.render(), started_with(options(Mode::Kiosk, "", "en"))));
    EXPECT_EQ(kiosk.app.shown_mode(), "kiosk");
    // No id, or an id the file does not name: the command line alone.
    EXPECT_TRUE(same(Screen(options(Mode::Loop), first).render(), started_with(options(Mode::Loop))));
    EXPECT_TRUE(same(Screen(screen_id(options(Mode::Loop, "", "tg"), "other"), first).render(),
                     started_with(options(Mode::Loop, "", "tg"))));

    // An override goes over the role; cleared, the role is back.
    door.app.set_override(set("loop"));
    EXPECT_TRUE(same(door.render(), started_with(options(Mode::Loop, "", "ru"))));
    door.app.set_override({});
    EXPECT_TRUE(same(door.render(), started_with(options(Mode::Lobby, "sarazm", "ru"))));

    // A new bundle whose screens.toml makes the door a loop in Tajik: the next frame shows it,
    // and the status says it before that frame.
    config.screens["door"] = role("loop", "", "tg");
    door.app.set_event(with_screens(config));
    EXPECT_EQ(door.app.shown_mode(), "loop");
    EXPECT_EQ(door.app.shown_lang(), "tg");
    EXPECT_TRUE(same(door.render(), started_with(options(Mode::Loop, "", "tg"))));
    // A role that is a room sign without a hall keeps the screen's own mode, and says why (the
    // language is its group's).
    config.screens["door"] = role("room");
    door.app.set_event(with_screens(config));
    EXPECT_TRUE(same(door.render(), started_with(options(Mode::Lobby, "", "en"))));
    EXPECT_NE(door.app.override_problem().find("room sign without a hall"), std::string::npos);
    // No screens.toml: the command line again.
    door.app.set_event(with_screens({}));
    EXPECT_TRUE(same(door.render(), started_with(options(Mode::Lobby))));
    EXPECT_EQ(door.app.override_problem(), "");
}

TEST(ScreenOverride, TheRolesPlaylistAndLanguagesAreTheLoopsAndTheKiosks) {
    // The loop plays the named playlist: as a screen whose event's own playlist it is.
    content::ScreensConfig config;
    content::ScreenRole wall = role("loop", "", "en");
    wall.playlist = "press";
    config.screens["press-wall"] = wall;
    auto ev = std::make_shared<content::Event>(*with_screens(config));
    ASSERT_EQ(ev->playlists.count("press"), 1u) << "the demo's [[playlists.press]]";
    Screen s(screen_id(options(Mode::Lobby), "press-wall"), ev);
    auto as_own = std::make_shared<content::Event>(*demo_event());
    as_own->playlist = demo_event()->playlists.at("press");
    const platform::Screenshot press = s.render();
    EXPECT_TRUE(same(press, started_with(options(Mode::Loop, "", "en"), as_own)));
    EXPECT_FALSE(same(press, started_with(options(Mode::Loop, "", "en"))));

    // A kiosk offering Russian and English: its language buttons, Russian first.
    content::ScreenRole foyer = role("kiosk");
    foyer.langs = {"ru", "en"};
    config.screens["foyer"] = foyer;
    Screen k(screen_id(options(Mode::Lobby), "foyer"), with_screens(config));
    EXPECT_EQ(k.app.shown_lang(), "ru");
    auto two = std::make_shared<content::Event>(*demo_event());
    two->languages.display = {"ru", "en"};
    two->languages.default_lang = "ru";
    const platform::Screenshot offered = k.render();
    EXPECT_TRUE(same(offered, started_with(options(Mode::Kiosk, "", "ru"), two)));
    EXPECT_FALSE(same(offered, started_with(options(Mode::Kiosk, "", "ru"))));
}

TEST(ScreenOverride, TheRolesRotationTurnsTheFrame) {
    content::ScreensConfig config;
    content::ScreenRole pillar = role("room", "sarazm", "ru");
    pillar.rotate = 90;
    config.screens["pillar"] = pillar;
    Screen s(screen_id(options(Mode::Lobby), "pillar"), with_screens(config));
    EXPECT_EQ(s.app.rotation(), 90);
    EXPECT_EQ(Screen(options(Mode::Lobby)).app.rotation(), -1) << "no role: the window's own";
    const platform::Screenshot turned = s.render();  // kW x kH on the panel, drawn kH x kW
    ASSERT_EQ(turned.width, kW);
    ASSERT_EQ(turned.height, kH);
    // A portrait room sign, turned clockwise by hand: the same picture (rasterization may
    // differ on the edges of shapes, so a few pixels may).
    Screen upright(options(Mode::Lobby, "sarazm", "ru"));
    platform::Screenshot portrait;
    ASSERT_TRUE(platform::render_picture(kH, kW, 0.0, 1, upright.app, portrait, upright.log));
    size_t differ = 0;
    for (int y = 0; y < kW; ++y)      // portrait rows
        for (int x = 0; x < kH; ++x) {  // portrait columns -> panel (kW - 1 - y, x)
            const uint8_t* a = &portrait.rgba[(size_t(y) * kH + x) * 4];
            const uint8_t* b = &turned.rgba[(size_t(x) * kW + (kW - 1 - y)) * 4];
            for (int c = 0; c < 3; ++c)
                if (std::abs(int(a[c]) - int(b[c])) > 40) {
                    ++differ;
                    break;
                }
        }
    EXPECT_LT(differ, size_t(kW * kH / 200)) << differ << " pixels differ";
}
