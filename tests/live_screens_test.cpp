// Live session changes on the screens (content/live_changes.h applied to the demo event, drawn
// by the real screens, no GL): the lobby's cards and agenda, the room signs, the kiosk's agenda
// and session view and the loop's agenda and now/next slides show a delayed session at its new
// time with "Delayed 20 min", a moved one on its new hall's sign and on the old hall's saying
// where it went, a cancelled one struck and never "now"; the badges (recorded as the painter
// draws them, painter.h) keep every text on the screen and apart in Arabic, Russian, Tajik and
// English (drawn_text.h). The app applies the changes itself and logs a dropped one once.
#include "drawn_text.h"
#include "test_support.h"
#include "content/content.h"
#include "content/live_changes.h"
#include "core/log.h"
#include "screens/kiosk.h"
#include "screens/lobby.h"
#include "screens/loop.h"
#include "screens/painter.h"
#include "text/text_imgui.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace majlis;
using namespace majlis::screens;
using content::LocalDateTime;

namespace {

using majlis::testing::MemoryTextures;
using majlis::testing::demo_event;

const content::Session* find(const content::Event& ev, const std::string& id) {
    for (const content::Day& d : ev.days)
        for (const content::Session& s : d.sessions)
            if (s.id == id) return &s;
    return nullptr;
}

// The statements 20 minutes late, the press statement moved to the Banquet Hall, the Chair's
// address cancelled, the working lunch full.
content::LiveChanges changes() {
    auto fp = [](const char* id) { return content::session_fingerprint(*find(*demo_event(), id)); };
    content::LiveChanges lc;
    lc.sessions = {{"statements", fp("statements"), 20, "", false, false},
                   {"press-statement", fp("press-statement"), 0, "banquet-hall", false, false},
                   {"chair-address", fp("chair-address"), 0, "", false, true},
                   {"working-lunch", fp("working-lunch"), 0, "", true, false}};
    return lc;
}

std::shared_ptr<const content::Event> changed() {
    static std::shared_ptr<const content::Event> ev = content::apply_live_changes(*demo_event(), changes(), 0);
    return ev;
}

LocalDateTime at(const std::string& hhmm) { return *content::parse_local_date_time("2025-10-09T" + hhmm); }
int64_t utc_of(const LocalDateTime& t) {
    int64_t u = 0;
    EXPECT_TRUE(content::local_to_utc(t, demo_event()->time_zone, u));
    return u;
}

struct Drawn {
    std::vector<std::string> badges;    // the badges' texts, as drawn
    std::vector<std::string> problems;  // texts off the screen or overlapping
};

struct LiveScreens : ::testing::Test {
    std::vector<std::string> log_lines;
    Log log = Log::capture(&log_lines);
    MemoryTextures textures;
    std::unique_ptr<text::ImGuiTextEngine> engine;
    ImGuiContext* ctx = nullptr;

    void SetUp() override {
        text::ImGuiTextEngine::Config c;
        c.fonts_dir = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
        c.textures = &textures;
        engine = std::make_unique<text::ImGuiTextEngine>(c, log);
        ctx = majlis::testing::headless_imgui(ImVec2(3840, 2160));
    }
    void TearDown() override { ImGui::DestroyContext(ctx); }

    // One frame of `draw` on the changed demo at `when`, recording the texts and the badges.
    Drawn frame(ImVec2 size, const LocalDateTime& when, const std::string& lang,
                const std::function<void(const ScreenFrame&)>& draw, bool high_contrast = false) {
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        engine->begin_frame();
        ScreenFrame f{*engine, ImGui::GetBackgroundDrawList(), size, *changed(), when, utc_of(when), 0.0, lang};
        f.high_contrast = high_contrast;
        Drawn d;
        std::vector<paint::LiveBadge> badges;
        {
            majlis::testing::DrawnTextRecorder texts(*engine);
            paint::record_live_badges(&badges);
            draw(f);
            paint::record_live_badges(nullptr);
            d.problems = majlis::testing::drawn_text_problems(texts.texts, size);
        }
        engine->end_frame();
        ImGui::Render();
        for (const paint::LiveBadge& b : badges) d.badges.push_back(b.text);
        return d;
    }
    static bool has(const Drawn& d, const std::string& badge) {
        return std::find(d.badges.begin(), d.badges.end(), badge) != d.badges.end();
    }
};

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& l : v) s += "\n  " + l;
    return s;
}

// The index in the demo's playlist of the first slide of `kind`.
size_t slide_of(content::SlideKind kind) {
    const auto& pl = demo_event()->playlist;
    for (size_t i = 0; i < pl.size(); ++i)
        if (pl[i].kind == kind) return i;
    ADD_FAILURE() << "no such slide";
    return 0;
}

//-----------------------------------------------------------------------------
// The words
//-----------------------------------------------------------------------------

TEST(LiveBadges, SayWhatChangedInTheLanguage) {
    const content::Event& ev = *changed();
    auto texts = [&](const char* id, const char* lang) {
        std::vector<std::string> out;
        for (const paint::LiveBadge& b : paint::live_badges(ev, *find(ev, id), lang)) out.push_back(b.text);
        return out;
    };
    EXPECT_EQ(texts("statements", "en"), (std::vector<std::string>{"Delayed 20 min"}));
    EXPECT_EQ(texts("statements", "ru"), (std::vector<std::string>{"Задержка на 20 минут"}));
    EXPECT_EQ(texts("press-statement", "en"), (std::vector<std::string>{"Moved to Banquet Hall"}));
    EXPECT_EQ(texts("chair-address", "en"), (std::vector<std::string>{"Cancelled"}));
    EXPECT_EQ(texts("working-lunch", "en"), (std::vector<std::string>{"Hall full"}));
    EXPECT_TRUE(texts("opening", "en").empty());
    EXPECT_EQ(paint::was_time(ev, *find(ev, "statements"), "en"), "was \u206611:00\u2069");
    EXPECT_EQ(paint::was_time(ev, *find(ev, "opening"), "en"), "");
    // Plurals by the language's rules.
    content::Event one = ev;
    for (content::Session& s : one.days[0].sessions)
        if (s.id == "statements") s.live.delay_minutes = 1;
    EXPECT_EQ(paint::live_badges(one, *find(one, "statements"), "ru")[0].text, "Задержка на 1 минуту");
    EXPECT_EQ(paint::live_badges(one, *find(one, "statements"), "ar")[0].text, "تأخير دقيقة واحدة");
    for (content::Session& s : one.days[0].sessions)
        if (s.id == "statements") s.live.delay_minutes = 3;
    EXPECT_EQ(paint::live_badges(one, *find(one, "statements"), "ru")[0].text, "Задержка на 3 минуты");
    EXPECT_EQ(paint::live_badges(one, *find(one, "statements"), "ar")[0].text, "تأخير 3 دقائق");
    EXPECT_EQ(paint::live_badges(one, *find(one, "statements"), "tg")[0].text, "Бо таъхири 3 дақиқа");
}

//-----------------------------------------------------------------------------
// The lobby and the room signs
//-----------------------------------------------------------------------------

TEST_F(LiveScreens, TheLobbyShowsTheDelayedSessionAtItsNewTimeAndTheCancelledOneNotAsNow) {
    const LobbyModel m = lobby_model(*changed(), at("10:45"), utc_of(at("10:45")), {});
    ASSERT_FALSE(m.halls.empty());
    EXPECT_EQ(m.halls[0].hall->id, "sarazm");
    EXPECT_EQ(m.halls[0].now, nullptr) << "the Chair's address is cancelled";
    ASSERT_NE(m.halls[0].next, nullptr);
    EXPECT_EQ(m.halls[0].next->id, "statements");
    EXPECT_EQ(hhmm(m.halls[0].next->start.value), "11:20");
    EXPECT_TRUE(m.current.empty()) << "nothing highlighted as running";

    const Drawn d = frame(ImVec2(1920, 1080), at("10:45"), "en", [](const ScreenFrame& f) { draw_lobby(f, {}); });
    EXPECT_TRUE(has(d, "Delayed 20 min")) << joined(d.badges);  // the card and the agenda row
    EXPECT_EQ(std::count(d.badges.begin(), d.badges.end(), "Delayed 20 min"), 2) << joined(d.badges);
    EXPECT_TRUE(has(d, "Cancelled")) << joined(d.badges);       // the agenda row
    EXPECT_TRUE(d.problems.empty()) << joined(d.problems);

    // Where: the card's NEXT and the agenda's row each have their badges under the title.
    ScreenFrame f{*engine, nullptr, ImVec2(1920, 1080), *changed(), at("10:45"), utc_of(at("10:45")), 0.0, "en"};
    std::vector<std::string> what;
    for (const LobbyBox& b : lobby_text_boxes(f, {})) what.push_back(b.what);
    // Sarazm's "Delayed 20 min" and "was 11:00", the Banquet Hall's "Moved to Banquet Hall".
    EXPECT_EQ(std::count(what.begin(), what.end(), "card.next.badge"), 3);
    EXPECT_GE(std::count(what.begin(), what.end(), "agenda.badge"), 3);     // those two, "Cancelled"

    // Without the changes: no badges at all.
    ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
    ImGui::NewFrame();
    std::vector<paint::LiveBadge> none;
    paint::record_live_badges(&none);
    ScreenFrame plain{*engine, ImGui::GetBackgroundDrawList(), ImVec2(1920, 1080), *demo_event(), at("10:45"), utc_of(at("10:45")), 0.0, "en"};
    draw_lobby(plain, {});
    paint::record_live_badges(nullptr);
    ImGui::Render();
    EXPECT_TRUE(none.empty());
}

TEST_F(LiveScreens, RoomSignsShowTheDelayAndAMovedSessionOnBothHalls) {
    const RoomSign sarazm = room_sign(*changed(), "sarazm", at("10:45"), "en");
    EXPECT_EQ(sarazm.now, nullptr);
    ASSERT_NE(sarazm.next, nullptr);
    EXPECT_EQ(sarazm.next->id, "statements");
    EXPECT_EQ(sarazm.countdown, "Starts in 35:00");
    LobbyOptions room;
    room.hall = "sarazm";
    Drawn d = frame(ImVec2(1920, 1080), at("10:45"), "en", [&](const ScreenFrame& f) { draw_lobby(f, room); });
    EXPECT_TRUE(has(d, "Delayed 20 min")) << joined(d.badges);
    EXPECT_TRUE(d.problems.empty()) << joined(d.problems);

    // The press statement moved: next on the Banquet Hall's sign ...
    const RoomSign banquet = room_sign(*changed(), "banquet-hall", at("12:50"), "en");
    ASSERT_NE(banquet.next, nullptr);
    EXPECT_EQ(banquet.next->id, "press-statement");
    room.hall = "banquet-hall";
    d = frame(ImVec2(1920, 1080), at("12:50"), "en", [&](const ScreenFrame& f) { draw_lobby(f, room); });
    EXPECT_TRUE(has(d, "Moved to Banquet Hall")) << joined(d.badges);
    // ... and still on the Press Centre's, saying where it went.
    const RoomSign press = room_sign(*changed(), "press-centre", at("12:50"), "en");
    ASSERT_NE(press.next, nullptr);
    EXPECT_EQ(press.next->id, "press-statement");
    room.hall = "press-centre";
    d = frame(ImVec2(1920, 1080), at("12:50"), "en", [&](const ScreenFrame& f) { draw_lobby(f, room); });
    EXPECT_TRUE(has(d, "Moved to Banquet Hall")) << joined(d.badges);
    EXPECT_TRUE(d.problems.empty()) << joined(d.problems);
    // Without the change the Banquet Hall's next is the lunch.
    EXPECT_EQ(room_sign(*demo_event(), "banquet-hall", at("12:50"), "en").next->id, "working-lunch");
}

//-----------------------------------------------------------------------------
// The kiosk and the loop
//-----------------------------------------------------------------------------

TEST_F(LiveScreens, TheKioskAgendaAndSessionShowTheChanges) {
    Kiosk k(KioskConfig{});
    ASSERT_TRUE(k.open("agenda", *changed()));
    Drawn d = frame(ImVec2(1920, 1080), at("10:45"), "en", [&](const ScreenFrame& f) { k.draw(f); });
    EXPECT_TRUE(has(d, "Delayed 20 min")) << joined(d.badges);
    EXPECT_TRUE(has(d, "Cancelled")) << joined(d.badges);
    EXPECT_TRUE(d.problems.empty()) << joined(d.problems);
    ASSERT_TRUE(k.open("session:statements", *changed()));
    d = frame(ImVec2(1920, 1080), at("10:45"), "en", [&](const ScreenFrame& f) { k.draw(f); });
    EXPECT_EQ(d.badges, (std::vector<std::string>{"Delayed 20 min"}));
    ASSERT_TRUE(k.open("session:chair-address", *changed()));
    d = frame(ImVec2(1920, 1080), at("10:45"), "en", [&](const ScreenFrame& f) { k.draw(f); });
    EXPECT_EQ(d.badges, (std::vector<std::string>{"Cancelled"}));
}

TEST_F(LiveScreens, TheLoopsAgendaAndNowNextSlidesShowTheChanges) {
    const size_t agenda = slide_of(content::SlideKind::Agenda), now_next = slide_of(content::SlideKind::NowNext);
    Drawn d = frame(ImVec2(1920, 1080), at("10:45"), "en", [&](const ScreenFrame& f) { draw_slide(f, agenda); });
    EXPECT_TRUE(has(d, "Delayed 20 min")) << joined(d.badges);
    EXPECT_TRUE(has(d, "Cancelled")) << joined(d.badges);
    EXPECT_TRUE(d.problems.empty()) << joined(d.problems);
    d = frame(ImVec2(1920, 1080), at("10:45"), "en", [&](const ScreenFrame& f) { draw_slide(f, now_next); });
    EXPECT_TRUE(has(d, "Delayed 20 min")) << joined(d.badges);  // Sarazm's next
    EXPECT_FALSE(has(d, "Cancelled")) << "the cancelled address is not shown as now";
    EXPECT_TRUE(d.problems.empty()) << joined(d.problems);
}

//-----------------------------------------------------------------------------
// Every screen with badges in four languages, at four sizes
//-----------------------------------------------------------------------------

TEST_F(LiveScreens, BadgesKeepEveryTextOnTheScreenAndApartInFourLanguages) {
    const size_t agenda = slide_of(content::SlideKind::Agenda), now_next = slide_of(content::SlideKind::NowNext);
    for (ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(3840, 2160), ImVec2(1280, 800)}) {
        for (const char* lang : {"ar", "ru", "tg", "en"}) {
            const std::string where = std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + " " + lang;
            auto check = [&](const std::string& what, const LocalDateTime& when,
                             const std::function<void(const ScreenFrame&)>& draw) {
                for (bool hc : {false, true}) {
                    const Drawn d = frame(size, when, lang, draw, hc);
                    EXPECT_FALSE(d.badges.empty()) << where << " " << what;
                    EXPECT_TRUE(d.problems.empty()) << where << " " << what << (hc ? " high contrast" : "") << joined(d.problems);
                }
            };
            check("lobby", at("10:45"), [](const ScreenFrame& f) { draw_lobby(f, {}); });
            for (const char* hall : {"sarazm", "press-centre", "banquet-hall"}) {
                LobbyOptions room;
                room.hall = hall;
                check(std::string("room ") + hall, at(std::string(hall) == "sarazm" ? "10:45" : "12:50"),
                      [&](const ScreenFrame& f) { draw_lobby(f, room); });
            }
            Kiosk k(KioskConfig{});
            for (const char* route : {"agenda", "session:statements", "session:chair-address"}) {
                ASSERT_TRUE(k.open(route, *changed()));
                check(route, at("10:45"), [&](const ScreenFrame& f) { k.draw(f); });
            }
            check("loop agenda", at("10:45"), [&](const ScreenFrame& f) { draw_slide(f, agenda); });
            check("loop now/next", at("10:45"), [&](const ScreenFrame& f) { draw_slide(f, now_next); });
        }
    }
    for (const std::string& line : log_lines) ADD_FAILURE() << "logged: " << line;
}

}  // namespace
