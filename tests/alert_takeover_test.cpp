// The display app's emergency takeover (DisplayApp::show_alert), rendered offscreen in-process
// (platform::render_picture: EGL, llvmpipe without a GPU) and compared pixel for pixel: an
// alert shows at once over the lobby and the kiosk, and when it ends (show_alert(nullptr), or
// its expiry by the event clock) the screen is exactly what it was before; a kiosk's taps during
// the alert do not navigate, but for the takeover's language buttons.
#include "test_support.h"
#include "display_app.h"

#include "content/content.h"
#include "core/log.h"
#include "platform.h"
#include "screens/screens.h"

#include <gtest/gtest.h>

#include <memory>

using namespace majlis;
using majlis::testing::demo_event;
using majlis::testing::utc;

namespace {

constexpr int kW = 960, kH = 540;

std::shared_ptr<content::Alert> evacuate() {
    content::AlertLoad r = content::load_alert_file(std::string(MAJLIS_SOURCE_DIR) + "/assets/alerts/evacuate.toml");
    EXPECT_TRUE(r.alert);
    auto a = std::make_shared<content::Alert>(r.alert ? *r.alert : content::Alert{});
    a->id = "evacuate-1";
    return a;
}

// A DisplayApp on the demo event whose clock reads the wall time the test sets.
struct Screen {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    DisplayApp app;
    int64_t wall_ms = utc(2025, 10, 9, 5, 45, 21);  // 10:45:21 in Dushanbe: the roster panel until :40
    int64_t steady_ns = 1'000'000'000;

    explicit Screen(DisplayOptions options = {}) : app(options, std::string(MAJLIS_SOURCE_DIR) + "/fonts", log) {
        std::string error;
        EXPECT_TRUE(app.open_screen(*demo_event(), error)) << error;
        app.set_event(demo_event());
        content::ClockSource source{[this] { return wall_ms; }, [this] { return steady_ns; }};
        app.set_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, source));
    }
    platform::Screenshot render() {
        platform::Screenshot shot;
        EXPECT_TRUE(platform::render_picture(kW, kH, 0.0, 1, app, shot, log));
        return shot;
    }
    void wait_ms(int64_t ms) {  // the wall and the monotonic clock move on together
        wall_ms += ms;
        steady_ns += ms * 1'000'000;
    }
    void tap(ImVec2 at) {
        app.pointer(platform::Pointer{platform::Pointer::Kind::Down, at, 0.0});
        app.pointer(platform::Pointer{platform::Pointer::Kind::Up, at, 0.0});
    }
};

bool same(const platform::Screenshot& a, const platform::Screenshot& b) {
    return a.width == b.width && a.height == b.height && a.rgba == b.rgba && !a.rgba.empty();
}

// Points spread over the screen above the takeover's language buttons: somewhere among them a
// kiosk tile or row that navigates.
std::vector<ImVec2> taps() {
    std::vector<ImVec2> out;
    for (float y = 0.3f; y < 0.8f; y += 0.2f)
        for (float x = 0.15f; x < 0.95f; x += 0.25f) out.push_back(ImVec2(x * kW, y * kH));
    return out;
}

// Where the takeover's language buttons are on a kiosk of kW x kH.
std::vector<screens::AlertBox> buttons(const content::Alert& a) {
    ImGuiContext* ctx = majlis::testing::headless_imgui(ImVec2(kW, kH));
    majlis::testing::MemoryTextures textures;
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    text::ImGuiTextEngine::Config c;
    c.fonts_dir = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
    c.textures = &textures;
    std::vector<screens::AlertBox> out;
    {
        text::ImGuiTextEngine engine(c, log);
        screens::ScreenFrame f{engine, nullptr, ImVec2(kW, kH), *demo_event(), content::LocalDateTime{}};
        screens::AlertView kiosk;
        kiosk.language_buttons = true;
        for (const screens::AlertBox& b : screens::alert_layout(f, a, kiosk).boxes)
            if (b.what == "button") out.push_back(b);
    }
    ImGui::DestroyContext(ctx);
    return out;
}

}  // namespace

TEST(AlertTakeover, ShowsAtOnceAndEndsOnExactlyTheScreenThatWasThere) {
    Screen s;
    const platform::Screenshot before = s.render();
    EXPECT_EQ(s.app.shown_alert(), "");
    EXPECT_GT(s.app.next_frame_in(), 0.5);
    s.app.show_alert(evacuate());
    EXPECT_EQ(s.app.next_frame_in(), 0.0) << "render on demand wakes at once";
    const platform::Screenshot during = s.render();
    EXPECT_EQ(s.app.shown_alert(), "evacuate-1");
    EXPECT_FALSE(same(during, before));
    // The takeover's deep red fills the screen (a pixel of the ground in the bottom corner).
    const size_t corner = (size_t(kH - 2) * kW + 2) * 4;
    EXPECT_EQ(during.rgba[corner], 160);
    EXPECT_EQ(during.rgba[corner + 1], 0);
    s.app.show_alert(nullptr);
    EXPECT_EQ(s.app.next_frame_in(), 0.0);
    const platform::Screenshot after = s.render();
    EXPECT_EQ(s.app.shown_alert(), "");
    EXPECT_TRUE(same(after, before)) << "the lobby is back exactly as it was";
}

TEST(AlertTakeover, EndsByItselfAtItsExpiryByTheEventClock) {
    Screen s;
    const platform::Screenshot before = s.render();
    auto alert = evacuate();
    alert->expires_ms = s.wall_ms + 8'000;  // 10:45:29
    s.app.show_alert(alert);
    const platform::Screenshot during = s.render();
    EXPECT_EQ(s.app.shown_alert(), "evacuate-1");
    EXPECT_FALSE(same(during, before));
    EXPECT_LE(s.app.next_frame_in(), 8.0) << "a frame is due at the expiry";
    s.wait_ms(7'999);
    s.render();
    EXPECT_EQ(s.app.shown_alert(), "evacuate-1") << "not before";
    s.wait_ms(1);
    const platform::Screenshot after = s.render();
    EXPECT_EQ(s.app.shown_alert(), "");
    EXPECT_TRUE(same(after, before)) << "10:45:29: the same minute and panel as at 10:45:21";
    // An alert already expired when it arrives never shows.
    alert = evacuate();
    alert->expires_ms = s.wall_ms - 1;
    s.app.show_alert(alert);
    EXPECT_TRUE(same(s.render(), before));
    EXPECT_EQ(s.app.shown_alert(), "");
}

TEST(AlertTakeover, AKiosksTapsDuringTheAlertDoNotNavigateButChooseALanguage) {
    DisplayOptions options;
    options.mode = Mode::Kiosk;
    options.screen = "kiosk-home";
    // Without an alert these taps navigate somewhere (else the test below proves nothing).
    {
        Screen control(options);
        const platform::Screenshot home = control.render();
        for (ImVec2 at : taps()) control.tap(at);
        EXPECT_FALSE(same(control.render(), home)) << "the taps navigate without an alert";
    }
    Screen s(options);
    const platform::Screenshot home = s.render();
    const auto alert = evacuate();
    s.app.show_alert(alert);
    const platform::Screenshot first = s.render();  // ar, the first page
    for (ImVec2 at : taps()) s.tap(at);
    const std::vector<screens::AlertBox> langs = buttons(*alert);
    ASSERT_EQ(langs.size(), 4u);
    for (ImVec2 at : taps()) ASSERT_LT(at.y, langs[0].min.y) << "a tap meant to miss hits a button";
    EXPECT_TRUE(same(s.render(), first)) << "taps off the buttons change nothing";
    // The English button: English alone, as `render --lang en` shows it.
    const screens::AlertBox& en = langs[2];
    ASSERT_EQ(en.lang, "en");
    s.tap(ImVec2((en.min.x + en.max.x) / 2, (en.min.y + en.max.y) / 2));
    const platform::Screenshot english = s.render();
    EXPECT_FALSE(same(english, first));
    Screen chosen(options);
    chosen.app.show_alert(alert);
    chosen.app.choose_alert_language("en");
    EXPECT_TRUE(same(chosen.render(), english));
    // The alert ends: the kiosk's home, untouched.
    s.app.show_alert(nullptr);
    EXPECT_TRUE(same(s.render(), home)) << "the kiosk did not navigate during the alert";
}

TEST(AlertTakeover, WithoutValidContentTheAlertStillTakesTheScreen) {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    DisplayApp app({}, std::string(MAJLIS_SOURCE_DIR) + "/fonts", log);
    app.set_error_text("majlis: no content");
    app.set_clock(std::make_unique<content::EventClock>("UTC"));
    platform::Screenshot error, alert;
    ASSERT_TRUE(platform::render_picture(kW, kH, 0.0, 1, app, error, log));
    app.show_alert(evacuate());
    ASSERT_TRUE(platform::render_picture(kW, kH, 0.0, 1, app, alert, log));
    EXPECT_EQ(app.shown_alert(), "evacuate-1");
    EXPECT_FALSE(same(alert, error));
    EXPECT_EQ(alert.rgba[4 * (size_t(kH - 2) * kW + 2)], 160);
}
