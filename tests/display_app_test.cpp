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
#include <set>
#include <string>
#include <thread>
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
    DisplayApp app;
    std::shared_ptr<const content::Event> event;
    int64_t wall_ms = 0, steady_ns = 1'000'000'000;
    content::EventClock* clock = nullptr;  // owned by app
    uint64_t frames = 0;

    explicit Player(DisplayOptions options = {}) : app(options, std::string(MAJLIS_SOURCE_DIR) + "/fonts", log) {
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
    void frame(double seconds = 0) {
        ImGui::NewFrame();
        platform::FrameInfo info;
        info.size = ImVec2(1920, 1080);
        info.time = seconds;
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

// Pictures as the screens ask for them: which, and when the screen changed as a whole.
struct CountingImages : platform::ImageTextures {
    std::vector<std::string> asked;  // since the last clear
    int screen_changes = 0;
    ImTextureID load(const std::string& path, ImVec2* size) override {
        asked.push_back(path);
        if (size) *size = ImVec2(400, 400);
        return reinterpret_cast<ImTextureID>(intptr_t(1));
    }
    void screen_changed() override { ++screen_changes; }
};

// The glyph pages the last frame's draw lists use: all of them must be alive.
std::set<intptr_t> textures_drawn() {
    std::set<intptr_t> out;
    const ImDrawData* data = ImGui::GetDrawData();
    for (int i = 0; i < data->CmdListsCount; ++i)
        for (const ImDrawCmd& cmd : data->CmdLists[i]->CmdBuffer) out.insert(reinterpret_cast<intptr_t>(cmd.TextureId));
    return out;
}

// A kiosk's memory comes back to its attract loop's after each visitor: the pictures and glyph
// pages of what the visitor opened go when the kiosk idles back to the loop, instead of staying
// held up to the caps (a week's soak grew by every screen its visitors had reached).
TEST(DisplayApp, AKioskVisitorsPagesAndPicturesGoWhenTheKioskReturnsToItsLoop) {
    DisplayOptions options;
    options.screen = "participant:rahmon";
    options.idle_timeout_s = 10;
    Player p(options);
    CountingImages images;
    p.app.use_images(images);
    std::string error;
    ASSERT_TRUE(p.app.open_screen(*p.event, error)) << error;
    p.wall_ms = utc(2025, 10, 9, 5, 0);
    p.use_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, p.source()));
    // A visitor looks at a head of state (their flag), scrolling.
    double t = 0;
    for (int k = 0; k < 20; ++k, t += 0.1) {
        p.app.pointer({platform::Pointer::Kind::Down, ImVec2(960, 900), t});
        p.app.pointer({platform::Pointer::Kind::Move, ImVec2(960, 500), t + 0.02});
        p.app.pointer({platform::Pointer::Kind::Up, ImVec2(960, 500), t + 0.04});
        p.frame(t);
    }
    EXPECT_EQ(images.screen_changes, 0);
    EXPECT_FALSE(images.asked.empty());  // the flag
    // Idle: back to the loop. Pictures not drawn by this frame go at its end...
    p.frame(t + 11);
    EXPECT_EQ(images.screen_changes, 1);
    // ... and the glyph pages go before the next, which rasterizes what the loop draws again
    // (GlyphAtlas::clear, tested with small pages in bad_input_test): every page alive is one
    // the loop draws.
    p.frame(t + 11.1);
    const std::set<intptr_t> drawn = textures_drawn();
    for (const auto& [id, page] : p.textures.pages) EXPECT_TRUE(drawn.count(id)) << "a page kept for nothing: " << id;
    for (intptr_t id : drawn) {
        if (id != 1 && id != 0) {  // 1: the pictures' stand-in texture; 0: ImGui's none
            EXPECT_TRUE(p.textures.pages.count(id)) << "a destroyed page is drawn: " << id;
        }
    }
    // Later loop frames keep what the loop uses: no new pages for the same slides.
    const int created = p.textures.created;
    p.frame(t + 11.2);
    EXPECT_EQ(p.textures.created, created);
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

// A fleet's `identify` (from the MQTT thread): the next frame is due at once and draws the
// identify band over the lobby; it stays at most 10 s however long it was asked for (the frame
// that takes it away is due by then), and the frame after that has no band.
TEST(DisplayApp, IdentifyShowsAtOnceAndForTenSecondsAtMost) {
    Player p;
    p.wall_ms = utc(2025, 10, 9, 2, 0);  // 07:00 in Dushanbe: the lobby changes next in 20 s
    p.use_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, p.source()));
    auto band_drawn = [] {
        for (const ImDrawVert& v : ImGui::GetBackgroundDrawList()->VtxBuffer)
            if (v.col == screens::kIdentifyGround) return true;
        return false;
    };
    p.frame();
    EXPECT_FALSE(band_drawn());
    EXPECT_GT(p.app.next_frame_in(), DisplayApp::kIdentifySeconds + 5);  // the lobby alone: later
    p.app.show_identify("lobby-1\n192.0.2.7", 60);
    EXPECT_EQ(p.app.next_frame_in(), 0.0);
    p.frame();
    EXPECT_TRUE(band_drawn());
    EXPECT_LE(p.app.next_frame_in(), DisplayApp::kIdentifySeconds);
    EXPECT_GT(p.app.next_frame_in(), DisplayApp::kIdentifySeconds - 2);
    p.app.show_identify("lobby-1\n192.0.2.7", 0);  // over
    p.frame();
    EXPECT_FALSE(band_drawn());
}

// Live changes (content/live_changes.h) from the fleet's thread: the next frame is due at once
// and shows the event with them applied; a change made against another version of a session is
// logged once, not every frame nor every time the changes are applied again; an announcement
// starting later makes a frame due when it starts.
TEST(DisplayApp, LiveChangesShowAtOnceLogWhatIsDroppedOnceAndWakeForAnnouncements) {
    Player p;
    p.wall_ms = utc(2025, 10, 9, 2, 0);  // 07:00 in Dushanbe: the lobby changes next in 20 s
    p.use_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, p.source()));
    p.frame();
    EXPECT_GT(p.app.next_frame_in(), 15.0);
    auto changes = std::make_shared<content::LiveChanges>();
    changes->sessions.push_back({"opening", "0000000000000000", 10, "", false, false});
    changes->announcements.push_back({"soon", {{"en", "Doors open"}}, p.wall_ms + 10'000, std::nullopt});
    p.app.set_live_changes(changes);
    EXPECT_EQ(p.app.next_frame_in(), 0.0);
    auto dropped = [&p] {
        int n = 0;
        for (const std::string& line : p.lines) n += line.find("live change of session 'opening' dropped") != std::string::npos;
        return n;
    };
    p.frame();
    EXPECT_EQ(dropped(), 1);
    EXPECT_NEAR(p.app.next_frame_in(), 10.0, 0.5);  // the announcement starts (before the panel turns)
    p.frame();
    p.wall_ms += 10'000;  // it starts: applied again, nothing logged again
    p.steady_ns += 10'000'000'000;
    p.frame();
    p.frame();
    EXPECT_EQ(dropped(), 1);
    EXPECT_GT(p.app.next_frame_in(), 5.0);
    p.app.set_live_changes(nullptr);  // all withdrawn
    EXPECT_EQ(p.app.next_frame_in(), 0.0);
    p.frame();
    p.app.set_live_changes(changes);  // and sent again: a new reading, logged again
    p.frame();
    EXPECT_EQ(dropped(), 2);
}

// Damage-region rendering (platform::Damage): while only the lobby's ticker scrolls, a frame
// changes the ticker's strip alone -- its pixels moved by the ticker's step, and the text that
// came in at its edge drawn; anything else -- the first frame, the panel's turn, another
// language, an identify over the screen and the frame after it -- changes everything. At 12:50
// in the demo two announcements scroll (Arabic: toward the right); the panel turns every 20 s.
TEST(DisplayApp, WhileOnlyTheTickerScrollsAFrameDamagesItsStripAlone) {
    Player p;
    p.wall_ms = utc(2025, 10, 9, 7, 50) + 1'000;  // 12:50:01 in Dushanbe: the panel turns at :20
    p.use_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, p.source()));
    auto advance = [&p](int64_t ms) {
        p.wall_ms += ms;
        p.steady_ns += ms * 1'000'000;
    };
    p.frame();
    EXPECT_TRUE(p.app.frame_damage().everything);  // the first frame
    advance(34);
    p.frame();
    platform::Damage d = p.app.frame_damage();
    ASSERT_FALSE(d.everything);
    ASSERT_EQ(d.scrolls.size(), 1u);
    const ImVec4 strip = d.scrolls[0].rect;  // the bottom strip, the whole width, well under a fifth of the height
    EXPECT_EQ(strip.x, 0);
    EXPECT_EQ(strip.z, 1920);
    EXPECT_EQ(strip.w, 1080);
    EXPECT_GT(strip.y, 1080 - 1080 / 5);
    EXPECT_LT(strip.y, 1080 - 40);
    EXPECT_EQ(d.scrolls[0].by.x, 4);  // one step: 10 % of 1080 px a second, 4 whole px each 1/30 s
    EXPECT_EQ(d.scrolls[0].by.y, 0);
    ASSERT_EQ(d.rects.size(), 1u);    // what came in on the left
    EXPECT_EQ(d.rects[0].x, 0);
    EXPECT_EQ(d.rects[0].z, 4);
    EXPECT_EQ(d.rects[0].y, strip.y);
    EXPECT_EQ(d.rects[0].w, strip.w);
    // Every vertex that moved between two frames lies in the strip: frames at 12:50:05 and
    // 12:50:05.1 draw the same outside it.
    auto vertices = [] {
        const ImDrawList* dl = ImGui::GetBackgroundDrawList();
        return std::vector<ImDrawVert>(dl->VtxBuffer.begin(), dl->VtxBuffer.end());
    };
    advance(4'000);
    p.frame();
    const std::vector<ImDrawVert> before = vertices();
    advance(100);
    p.frame();
    d = p.app.frame_damage();
    ASSERT_FALSE(d.everything);
    const float strip_top = d.scrolls.at(0).rect.y;
    auto outside = [strip_top](const std::vector<ImDrawVert>& v) {
        std::vector<std::pair<float, float>> out;
        for (const ImDrawVert& x : v)
            if (x.pos.y < strip_top) out.emplace_back(x.pos.x, x.pos.y);
        return out;
    };
    const std::vector<ImDrawVert> after = vertices();
    EXPECT_EQ(outside(before), outside(after));
    EXPECT_NE(before.size() == after.size() && std::equal(before.begin(), before.end(), after.begin(),
                                                            [](const ImDrawVert& a, const ImDrawVert& b) {
                                                                return a.pos.x == b.pos.x && a.pos.y == b.pos.y;
                                                            }),
              true);  // the ticker did move
    // The panel turns at 12:50:20: everything.
    advance(utc(2025, 10, 9, 7, 50) + 19'999 - p.wall_ms);  // 12:50:19.999
    p.frame();
    EXPECT_FALSE(p.app.frame_damage().everything);
    advance(1);
    p.frame();
    EXPECT_TRUE(p.app.frame_damage().everything);
    advance(34);
    p.frame();
    EXPECT_FALSE(p.app.frame_damage().everything);
    // An identify over the screen, and the frame that takes it away: everything.
    p.app.show_identify("lobby-1", 0.05);  // (seconds of the steady clock)
    p.frame();
    EXPECT_TRUE(p.app.frame_damage().everything);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    advance(100);
    p.frame();
    EXPECT_TRUE(p.app.frame_damage().everything);
    advance(34);
    p.frame();
    EXPECT_FALSE(p.app.frame_damage().everything);
    // Another language (a fleet's override): everything.
    p.app.set_override(content::ScreenOverride{"", "", "ru", ""});
    advance(34);
    p.frame();
    EXPECT_TRUE(p.app.frame_damage().everything);
}

// With no ticker moving (07:00: only the clock changes, once a minute) a frame drawn within the
// minute (a watchdog's, a screenshot's) changes nothing; the next minute changes everything.
TEST(DisplayApp, AStillLobbyDamagesNothingUntilItsNextChange) {
    Player p;
    p.wall_ms = utc(2025, 10, 9, 2, 0);  // 07:00:00 in Dushanbe
    p.use_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, p.source()));
    p.frame();
    p.wall_ms += 5'000;
    p.steady_ns += 5'000'000'000;
    p.frame();
    EXPECT_FALSE(p.app.frame_damage().everything);
    EXPECT_TRUE(p.app.frame_damage().rects.empty());
    p.wall_ms += 60'000;
    p.steady_ns += 60'000'000'000;
    p.frame();
    EXPECT_TRUE(p.app.frame_damage().everything);
}

// The room sign's countdown shows seconds in its last hour (12:30:05 in the demo's main hall:
// "Ends in 4:55", in Arabic, its progress bar moving by the second): a second later only its
// boxes -- the countdown's row and the bar, in the lead column -- are damaged besides the
// ticker's strip, and every vertex outside them is where it was; at the next minute everything.
TEST(DisplayApp, ARoomSignsCountdownDamagesItsBoxesAloneEachSecond) {
    DisplayOptions options;
    options.hall = "sarazm";
    Player p(options);
    p.wall_ms = utc(2025, 10, 9, 7, 30, 5) + 200;
    p.use_clock(std::make_unique<content::EventClock>("Asia/Dushanbe", std::nullopt, 1.0, p.source()));
    auto advance = [&p](int64_t ms) {
        p.wall_ms += ms;
        p.steady_ns += ms * 1'000'000;
    };
    auto vertices = [] {
        const ImDrawList* dl = ImGui::GetBackgroundDrawList();
        std::vector<ImVec2> v;
        for (const ImDrawVert& x : dl->VtxBuffer) v.push_back(x.pos);
        return v;
    };
    p.frame();
    EXPECT_TRUE(p.app.frame_damage().everything);  // the first frame
    EXPECT_LT(p.app.next_frame_in(), 0.81);        // the next second
    const std::vector<ImVec2> before = vertices();
    advance(1'000);
    p.frame();
    platform::Damage d = p.app.frame_damage();
    ASSERT_FALSE(d.everything);
    ASSERT_EQ(d.scrolls.size(), 1u);  // the ticker, and what came in at its edge
    const ImVec4 strip = d.scrolls[0].rect;
    ASSERT_EQ(d.rects.size(), 3u);
    d.rects.erase(std::remove_if(d.rects.begin(), d.rects.end(), [&strip](const ImVec4& r) { return r.y >= strip.y; }),
                  d.rects.end());
    ASSERT_EQ(d.rects.size(), 2u);  // the countdown's row, the bar
    d.rects.push_back(ImVec4(-1e9f, strip.y, 1e9f, 1e9f));  // the ticker's text, beyond the screen's edges too
    for (size_t k = 0; k < 2; ++k) {
        const ImVec4& r = d.rects[k];
        EXPECT_GT(r.x, 1920 * 0.3f);  // the lead column, at the start: the right in Arabic (the
        EXPECT_LT(r.z, 1920);         // demo's default language); what follows is beside it
        EXPECT_LT(r.z - r.x, 1920 * 0.65f);
        EXPECT_LT(r.w - r.y, 1080 / 5);
    }
    auto inside = [&d](ImVec2 v) {
        return std::any_of(d.rects.begin(), d.rects.end(),
                           [v](const ImVec4& r) { return v.x >= r.x && v.x <= r.z && v.y >= r.y && v.y <= r.w; });
    };
    auto outside = [&inside](const std::vector<ImVec2>& v) {
        std::vector<std::pair<float, float>> out;
        for (ImVec2 x : v)
            if (!inside(x)) out.emplace_back(x.x, x.y);
        return out;
    };
    const std::vector<ImVec2> after = vertices();
    const auto was = outside(before), is = outside(after);  // (to a thousandth of a px: outlines'
    ASSERT_EQ(was.size(), is.size());                       // antialiased edges differ in the last bit)
    for (size_t k = 0; k < was.size(); ++k) {
        EXPECT_NEAR(was[k].first, is[k].first, 1e-3) << k;
        EXPECT_NEAR(was[k].second, is[k].second, 1e-3) << k;
    }
    EXPECT_FALSE(before.size() == after.size() &&
                 std::equal(before.begin(), before.end(), after.begin(),
                            [](ImVec2 a, ImVec2 b) { return a.x == b.x && a.y == b.y; }));  // it did tick
    advance(500);  // within the second: the ticker alone
    p.frame();
    EXPECT_FALSE(p.app.frame_damage().everything);
    EXPECT_EQ(p.app.frame_damage().rects.size(), 1u);
    advance(utc(2025, 10, 9, 7, 30, 59) + 900 - p.wall_ms);  // 12:30:59.9, then 12:31: everything
    p.frame();
    EXPECT_FALSE(p.app.frame_damage().everything);
    advance(100);
    p.frame();
    EXPECT_TRUE(p.app.frame_damage().everything);
}
