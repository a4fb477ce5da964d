// Every screen on an event made to strain them (stress_event.h: eight languages, 12 halls, 80
// sessions over 3 days, names and titles three times the demo's, a portrait of 6,000 x 4,000
// and none, a 500 KB document), not on the demo the other suites know: the folder loads
// without errors, and the lobby (each rotating panel), the room sign, every kiosk screen and
// every loop slide, in every language, at 1920x1080, 1080x1920, 1280x800 and 3840x2160, keep
// their text and QR codes on the screen with no two of them overlapping (drawn_text.h), kiosk
// lists also scrolled.
//
// Each process writes its own folder, $TMPDIR/majlis-stress-event-PID (ctest -j runs the tests
// of this suite in parallel processes), and removes it at the end. To look at the pictures, keep
// it: `MAJLIS_KEEP_STRESS_EVENT=1 build/stress_test --gtest_filter=Stress.TheEventLoads*`, then
// e.g. `build/majlis render --content /tmp/majlis-stress-event-PID --screen agenda --lang kk
// --at 2026-05-13T10:05 --size 1920x1080 -o agenda.png`.
#include "drawn_text.h"
#include "stress_event.h"
#include "test_support.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/kiosk.h"
#include "screens/lobby.h"
#include "screens/loop.h"
#include "screens/painter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include <unistd.h>

using namespace majlis;
using namespace majlis::screens;
using majlis::testing::StressEvent;

namespace {

const std::filesystem::path kDir =
    std::filesystem::temp_directory_path() / ("majlis-stress-event-" + std::to_string(getpid()));

struct Stress : ::testing::Test {
    static inline std::shared_ptr<const content::Event> event;
    static inline std::vector<std::string> diagnostics;
    std::vector<std::string> log_lines;
    Log log = Log::capture(&log_lines);
    majlis::testing::MemoryTextures textures;
    std::unique_ptr<text::ImGuiTextEngine> engine;
    ImGuiContext* ctx = nullptr;

    static void SetUpTestSuite() {
        majlis::testing::write_stress_event(kDir);
        const content::LoadResult r = content::load_event(kDir.string());
        for (const auto& d : r.diagnostics) diagnostics.push_back(d.format());
        event = r.event;
    }
    static void TearDownTestSuite() {
        if (!std::getenv("MAJLIS_KEEP_STRESS_EVENT")) std::filesystem::remove_all(kDir);
    }
    void SetUp() override {
        ASSERT_TRUE(event) << (diagnostics.empty() ? "" : diagnostics[0]);
        text::ImGuiTextEngine::Config c;
        c.fonts_dir = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
        c.textures = &textures;
        engine = std::make_unique<text::ImGuiTextEngine>(c, log);
        ctx = majlis::testing::headless_imgui(ImVec2(1920, 1920));
    }
    void TearDown() override { ImGui::DestroyContext(ctx); }
    size_t qr_codes_drawn = 0;  // by frame(): the stress event's URLs are shown

    // One frame of `draw` at `when` (event local time); the problems of its text.
    std::vector<std::string> frame(ImVec2 size, const std::string& lang, const std::string& when,
                                   const std::function<void(const ScreenFrame&)>& draw, bool text_expected = true) {
        const content::LocalDateTime now = *content::parse_local_date_time(when);
        int64_t utc = 0;
        EXPECT_TRUE(content::local_to_utc(now, event->time_zone, utc));
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        engine->begin_frame();
        std::vector<std::string> problems;
        {
            majlis::testing::DrawnTextRecorder rec(*engine);
            std::vector<paint::DrawnQr> codes;
            paint::record_qr_codes(&codes);
            draw(ScreenFrame{*engine, ImGui::GetBackgroundDrawList(), size, *event, now, utc, 100.0, lang});
            paint::record_qr_codes(nullptr);
            // QR codes are judged as texts are: on the screen, overlapping no text and no code.
            for (const paint::DrawnQr& q : codes)
                rec.texts.push_back({q.min, q.max, q.min, q.max, q.clip_min, q.clip_max, 0, 1, false});
            qr_codes_drawn += codes.size();
            problems = majlis::testing::drawn_text_problems(rec.texts, size);
            if (rec.texts.empty() && text_expected) problems.push_back("no text drawn");
        }
        engine->end_frame();
        ImGui::Render();
        return problems;
    }
};

TEST_F(Stress, TheEventLoadsWithEveryLanguageAndNoErrors) {
    for (const std::string& d : diagnostics) ADD_FAILURE() << d;
    EXPECT_EQ(event->halls.size(), size_t(StressEvent::kHalls));
    EXPECT_EQ(event->days.size(), size_t(StressEvent::kDays));
    size_t sessions = 0;
    for (const content::Day& d : event->days) sessions += d.sessions.size();
    EXPECT_EQ(sessions, size_t(StressEvent::kSessions));
    EXPECT_EQ(event->languages.display, (std::vector<std::string>{"ar", "ru", "en", "tg", "kk", "ky", "uz", "tk"}));
    const content::Participant* none = event->participant(StressEvent::kNoPortrait);
    const content::Participant* huge = event->participant(StressEvent::kHugePortrait);
    ASSERT_TRUE(none && huge);
    EXPECT_TRUE(none->portrait.empty());
    EXPECT_FALSE(huge->portrait.empty());
    EXPECT_GE(std::filesystem::file_size(kDir / "documents" / "big-report.ru.md"), 500u * 1024);
}

TEST_F(Stress, EveryScreenInEveryLanguageKeepsItsTextOnTheScreenWithoutOverlaps) {
    // The second day at 10:05: sessions run in most halls; the lobby's panels at :00, :20, :40,
    // and the lobby and the room sign also the evening before the event and after its last day.
    const std::string day = "2026-05-13T";
    const std::vector<std::string> routes = {"home", "agenda", "session:s30", "roster",
                                             std::string("participant:") + StressEvent::kNoPortrait,
                                             std::string("participant:") + StressEvent::kHugePortrait,
                                             "documents", std::string("document:") + StressEvent::kBigDocument};
    for (ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800), ImVec2(3840, 2160)}) {
        for (const char* lang : StressEvent::kLanguages) {
            const std::string at = std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + " " + lang + " ";
            auto expect_clean = [&](const std::string& what, const std::vector<std::string>& problems) {
                for (const std::string& p : problems) ADD_FAILURE() << at << what << ": " << p;
            };
            LobbyOptions room;
            room.hall = "hall-0";
            for (const std::string& when : {day + "10:05:00", day + "10:05:20", day + "10:05:40",
                                           std::string("2026-05-11T20:00:00"), std::string("2026-05-14T21:00:00")}) {
                expect_clean("lobby at " + when,
                             frame(size, lang, when, [](const ScreenFrame& f) { draw_lobby(f, LobbyOptions{}); }));
                expect_clean("room sign at " + when,
                             frame(size, lang, when, [&](const ScreenFrame& f) { draw_lobby(f, room); }));
            }
            // Kiosk screens at the top, then dragged up by 70 % of the screen (lists scrolled).
            for (const std::string& route : routes) {
                Kiosk k;
                ASSERT_TRUE(k.open(route, *event)) << route;
                expect_clean(route, frame(size, lang, day + "10:05:00", [&](const ScreenFrame& f) { k.draw(f); }));
                expect_clean(route + " scrolled", frame(size, lang, day + "10:05:00", [&](const ScreenFrame& f) {
                                 PointerEvent e;
                                 e.seconds = 100;
                                 for (int i = 0; i <= 10; ++i) {
                                     e.kind = i == 0 ? PointerEvent::Kind::Down : PointerEvent::Kind::Move;
                                     e.pos = ImVec2(size.x / 2, size.y * (0.85f - 0.07f * float(i)));
                                     e.seconds += 0.05;
                                     k.input(e, f);
                                 }
                                 e.kind = PointerEvent::Kind::Up;
                                 e.seconds += 0.5;  // rested: no fling
                                 k.input(e, f);
                                 k.draw(f);
                             }));
            }
            for (size_t i = 0; i < loop_slide_count(*event); ++i)
                expect_clean("loop slide " + std::to_string(i),
                             frame(size, lang, day + "10:05:00", [&](const ScreenFrame& f) { draw_slide(f, i); },
                                   event->playlist[i].kind != content::SlideKind::Image));
        }
    }
    for (const std::string& line : log_lines) EXPECT_EQ(line.find("error"), std::string::npos) << line;
    EXPECT_GT(qr_codes_drawn, 0u);
}

}  // namespace
