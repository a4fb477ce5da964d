// The loop (presentation mode): the slide as a pure function of the wall clock (cycling, exact
// boundaries, transitions, empty playlists, huge times, times before the epoch), screens that
// started at different moments agreeing, every slide kind drawn at four screen sizes in Arabic
// and English inside the screen (text by the boxes the engine records, drawn_text.h: no line
// off the screen, no two texts overlapping), nothing reshaped per frame, and render on demand
// (the picture does not change before loop_next_change_in says it will).
#include "drawn_text.h"
#include "test_support.h"
#include "core/log.h"
#include "screens/loop.h"

#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <limits>
#include <memory>
#include <random>
#include <set>

using namespace majlis;
using namespace majlis::screens;

namespace {

using majlis::testing::MemoryTextures;

const std::string kFonts = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
const std::string kDemo = std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025";

content::Slide slide(double seconds, content::Transition t = content::Transition::Crossfade,
                     content::SlideKind kind = content::SlideKind::Title) {
    content::Slide s;
    s.kind = kind;
    s.duration_s = seconds;
    s.transition = t;
    return s;
}

using majlis::testing::utc;

// The playlist the loop shows at `utc_ms` on a screen of the whole venue: the items whose
// dayparts hold then (the demo's "take your seats" slide only until 10:30).
std::vector<content::Slide> shown_playlist(const content::Event& ev, int64_t utc_ms) {
    content::LocalDateTime now;
    EXPECT_TRUE(content::utc_to_local(utc_ms, ev.time_zone, now));
    std::vector<content::Slide> out;
    for (const content::Slide* s : content::active_slides(ev, ev.playlist, "", now)) out.push_back(*s);
    return out;
}

//-----------------------------------------------------------------------------
// loop_position: the arithmetic
//-----------------------------------------------------------------------------

TEST(LoopPosition, CyclesThroughThePlaylistWithExactBoundaries) {
    const std::vector<content::Slide> p = {slide(10), slide(5), slide(2.5)};  // 17.5 s
    const int64_t e = 1'000'000;
    auto at = [&](int64_t ms) { return loop_position(p, e, e + ms); };
    EXPECT_EQ(at(0).slide, 0u);
    EXPECT_EQ(at(0).into_s, 0.0);
    EXPECT_EQ(at(0).previous, 2u);
    EXPECT_EQ(at(0).duration_s, 10.0);
    EXPECT_EQ(at(9999).slide, 0u);
    EXPECT_DOUBLE_EQ(at(9999).into_s, 9.999);
    EXPECT_EQ(at(10000).slide, 1u);  // a boundary belongs to the slide that starts there
    EXPECT_EQ(at(10000).into_s, 0.0);
    EXPECT_EQ(at(10000).previous, 0u);
    EXPECT_EQ(at(14999).slide, 1u);
    EXPECT_EQ(at(15000).slide, 2u);
    EXPECT_EQ(at(15000).previous, 1u);
    EXPECT_EQ(at(15000).duration_s, 2.5);
    EXPECT_EQ(at(17499).slide, 2u);
    EXPECT_EQ(at(17500).slide, 0u);  // and round again
    EXPECT_EQ(at(17500).into_s, 0.0);
    EXPECT_EQ(at(17500LL * 1000 + 12000).slide, 1u);
    EXPECT_DOUBLE_EQ(at(17500LL * 1000 + 12000).into_s, 2.0);
}

TEST(LoopPosition, WalksEveryMillisecondOfTwoCyclesInOrder) {
    const std::vector<content::Slide> p = {slide(1.5), slide(0.25), slide(2), slide(0.001)};
    const int64_t e = -123'456;
    LoopPosition last = loop_position(p, e, e - 1);
    EXPECT_EQ(last.slide, 3u);
    for (int64_t t = 0; t < 2 * 3751; ++t) {
        const LoopPosition now = loop_position(p, e, e + t);
        ASSERT_LT(now.slide, p.size());
        ASSERT_GE(now.into_s, 0.0);
        ASSERT_LT(now.into_s, now.duration_s);
        if (now.slide == last.slide) {
            ASSERT_NEAR(now.into_s, last.into_s + 0.001, 1e-9) << t;
        } else {
            ASSERT_EQ(now.slide, (last.slide + 1) % p.size()) << t;
            ASSERT_EQ(now.into_s, 0.0) << t;
            ASSERT_EQ(now.previous, last.slide) << t;
        }
        last = now;
    }
}

TEST(LoopPosition, TransitionRunsAtTheStartOfEachSlide) {
    const std::vector<content::Slide> p = {slide(10), slide(10, content::Transition::Slide),
                                           slide(10, content::Transition::Cut), slide(1)};
    const int64_t e = 0;
    EXPECT_EQ(loop_position(p, e, 0).transition, 0.0);
    EXPECT_DOUBLE_EQ(loop_position(p, e, 400).transition, 0.5);
    EXPECT_DOUBLE_EQ(loop_position(p, e, 799).transition, 799.0 / 800.0);
    EXPECT_EQ(loop_position(p, e, 800).transition, 1.0);
    EXPECT_EQ(loop_position(p, e, 5000).transition, 1.0);
    EXPECT_DOUBLE_EQ(loop_position(p, e, 10200).transition, 0.25);  // slide transitions too
    EXPECT_EQ(loop_position(p, e, 20000).transition, 1.0);           // a cut has none
    // A transition takes at most half its slide: a 1 s slide fades for 0.5 s.
    EXPECT_DOUBLE_EQ(loop_position(p, e, 30250).transition, 0.5);
    EXPECT_EQ(loop_position(p, e, 30500).transition, 1.0);
    // Other transition lengths, and none at all.
    EXPECT_DOUBLE_EQ(loop_position(p, e, 1000, 2.0).transition, 0.5);
    EXPECT_EQ(loop_position(p, e, 0, 0.0).transition, 1.0);
    EXPECT_EQ(loop_position(p, e, 0, -1.0).transition, 1.0);
    EXPECT_EQ(loop_position(p, e, 0, std::nan("")).transition, 1.0);
}

TEST(LoopPosition, EmptyAndSingleSlidePlaylists) {
    const LoopPosition empty = loop_position({}, 0, 123456789);
    EXPECT_EQ(empty.slide, 0u);
    EXPECT_EQ(empty.previous, 0u);
    EXPECT_EQ(empty.transition, 1.0);
    EXPECT_EQ(empty.duration_s, 0.0);
    EXPECT_EQ(empty.into_s, 0.0);

    const std::vector<content::Slide> one = {slide(4)};
    const LoopPosition p = loop_position(one, 0, 8000);  // the start of its third showing
    EXPECT_EQ(p.slide, 0u);
    EXPECT_EQ(p.previous, 0u);
    EXPECT_EQ(p.into_s, 0.0);
    EXPECT_EQ(p.transition, 1.0);  // nothing to fade from
}

TEST(LoopPosition, TimesBeforeTheEpochCountBackwardsThroughTheSameCycle) {
    const std::vector<content::Slide> p = {slide(10), slide(5), slide(2.5)};
    const int64_t e = utc(2025, 10, 8, 19, 0);
    EXPECT_EQ(loop_position(p, e, e - 1).slide, 2u);
    EXPECT_DOUBLE_EQ(loop_position(p, e, e - 1).into_s, 2.499);
    EXPECT_EQ(loop_position(p, e, e - 2500).slide, 2u);
    EXPECT_EQ(loop_position(p, e, e - 2500).into_s, 0.0);
    EXPECT_EQ(loop_position(p, e, e - 2501).slide, 1u);
    EXPECT_EQ(loop_position(p, e, e - 17500).slide, 0u);
    EXPECT_EQ(loop_position(p, e, e - 17500).into_s, 0.0);
    // A whole number of cycles away, before or after, is the same moment of the loop.
    std::mt19937_64 rng(4);
    for (int i = 0; i < 1000; ++i) {
        const int64_t t = e + int64_t(rng() % 100'000'000) - 50'000'000;
        const int64_t k = int64_t(rng() % 2000) - 1000;
        const LoopPosition a = loop_position(p, e, t), b = loop_position(p, e, t + k * 17500);
        ASSERT_EQ(a.slide, b.slide);
        ASSERT_EQ(a.into_s, b.into_s);
        ASSERT_EQ(a.transition, b.transition);
    }
}

TEST(LoopPosition, HugeTimesAndOddDurationsStayWellDefined) {
    const std::vector<content::Slide> p = {slide(7), slide(86400), slide(0.3)};
    const int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
    for (int64_t e : {lo, int64_t(-1), int64_t(0), hi})
        for (int64_t t : {lo, lo + 1, int64_t(-1), int64_t(0), hi - 1, hi}) {
            const LoopPosition pos = loop_position(p, e, t);
            ASSERT_LT(pos.slide, p.size());
            ASSERT_GE(pos.into_s, 0.0);
            ASSERT_LT(pos.into_s, pos.duration_s);
            ASSERT_TRUE(pos.transition >= 0 && pos.transition <= 1);
        }
    // INT64_MAX ms past the epoch: the offset modulo the period (86407.3 s), computed by hand.
    const __int128 period = 86'407'300;
    const int64_t in_cycle = int64_t(__int128(hi) % period);
    const LoopPosition far = loop_position(p, 0, hi);
    const int64_t expect_slide = in_cycle < 7000 ? 0 : in_cycle < 86'407'000 ? 1 : 2;
    EXPECT_EQ(far.slide, size_t(expect_slide));
    // Durations that are not positive numbers count as 10 s; tiny ones as 1 ms.
    const std::vector<content::Slide> odd = {slide(0), slide(-3), slide(std::nan("")), slide(1e-9),
                                             slide(std::numeric_limits<double>::infinity())};
    EXPECT_EQ(loop_position(odd, 0, 0).duration_s, 10.0);
    EXPECT_EQ(loop_position(odd, 0, 10000).duration_s, 10.0);
    EXPECT_EQ(loop_position(odd, 0, 20000).duration_s, 10.0);
    EXPECT_EQ(loop_position(odd, 0, 30000).duration_s, 0.001);
    EXPECT_EQ(loop_position(odd, 0, 30001).duration_s, 10.0);
    EXPECT_EQ(loop_position(odd, 0, 30001).slide, 4u);
}

TEST(LoopEpoch, IsTheEventsFirstMidnightInItsTimeZone) {
    content::Event ev;
    ev.start_date = {2025, 10, 9};
    ev.end_date = {2025, 10, 10};
    ev.time_zone = "Asia/Dushanbe";  // UTC+5, no daylight saving
    EXPECT_EQ(loop_epoch(ev), utc(2025, 10, 8, 19, 0));
    ev.time_zone = "Europe/Berlin";  // CEST in October
    EXPECT_EQ(loop_epoch(ev), utc(2025, 10, 8, 22, 0));
    ev.time_zone = "Not/AZone";      // counted in UTC: still the same on every screen
    EXPECT_EQ(loop_epoch(ev), utc(2025, 10, 9, 0, 0));
    ev.start_date = {2026, 1, 20};
    EXPECT_EQ(loop_epoch(ev), utc(2026, 1, 20, 0, 0));
}

TEST(LoopProgress, StepsAreAHundredthOfTheSlideButAtLeastAFifthOfASecond) {
    EXPECT_DOUBLE_EQ(loop_progress_step(8), 0.2);
    EXPECT_DOUBLE_EQ(loop_progress_step(20), 0.2);
    EXPECT_DOUBLE_EQ(loop_progress_step(60), 0.6);
    EXPECT_DOUBLE_EQ(loop_progress_step(86400), 864);
    EXPECT_DOUBLE_EQ(loop_progress_step(0), 0.2);  // as a 10 s slide
}

//-----------------------------------------------------------------------------
// Drawing
//-----------------------------------------------------------------------------


// Pictures without pixels: every path "loads" as a texture of a size chosen by its name
// (flags 3:2, the banner very wide, the logo square), so the image code paths run.
struct FakeImages : ImageSource {
    std::vector<std::string> asked;
    ImTextureID image(const std::string& path, ImVec2* size) override {
        asked.push_back(path);
        if (path.find("flags-banner") != std::string::npos) *size = ImVec2(3000, 600);
        else if (path.find("flags/") != std::string::npos) *size = ImVec2(900, 600);
        else *size = ImVec2(512, 512);
        return reinterpret_cast<ImTextureID>(intptr_t(0x1000));
    }
};

struct Drawn {
    std::vector<ImDrawVert> vertices;
    std::vector<ImDrawIdx> indices;
    std::vector<ImVec4> clips;
    std::vector<ImDrawCmd> commands;
    std::vector<majlis::testing::DrawnText> texts;  // where the text went (drawn_text.h)
    // The vertices a command draws (e.g. those of one texture).
    std::vector<ImDrawVert> of(const ImDrawCmd& cmd) const {
        std::vector<ImDrawVert> out;
        for (unsigned i = 0; i < cmd.ElemCount; ++i) out.push_back(vertices[cmd.VtxOffset + indices[cmd.IdxOffset + i]]);
        return out;
    }
    size_t glyph_vertices(const std::set<intptr_t>& pages) const {
        size_t n = 0;
        for (const ImDrawCmd& cmd : commands)
            if (pages.count(reinterpret_cast<intptr_t>(cmd.TextureId))) n += cmd.ElemCount;
        return n;
    }
    bool operator==(const Drawn& o) const {
        if (vertices.size() != o.vertices.size() || indices != o.indices || clips.size() != o.clips.size()) return false;
        for (size_t i = 0; i < vertices.size(); ++i) {
            const ImDrawVert &a = vertices[i], &b = o.vertices[i];
            if (a.pos.x != b.pos.x || a.pos.y != b.pos.y || a.uv.x != b.uv.x || a.uv.y != b.uv.y || a.col != b.col)
                return false;
        }
        return true;
    }
};

struct LoopDraw : ::testing::Test {
    std::vector<std::string> log_lines;
    Log log = Log::capture(&log_lines);
    MemoryTextures textures;
    std::unique_ptr<text::ImGuiTextEngine> engine;
    ImGuiContext* ctx = nullptr;
    static std::shared_ptr<const content::Event> demo;

    static void SetUpTestSuite() {
        content::LoadResult r = content::load_event(kDemo);
        ASSERT_TRUE(r.ok());
        demo = r.event;
    }
    void SetUp() override {
        ASSERT_TRUE(demo);
        text::ImGuiTextEngine::Config c;
        c.fonts_dir = kFonts;
        c.textures = &textures;
        engine = std::make_unique<text::ImGuiTextEngine>(c, log);
        ctx = majlis::testing::headless_imgui();
    }
    void TearDown() override { ImGui::DestroyContext(ctx); }

    // One frame of `draw` on a screen of `size` at `utc_ms`; returns what the draw list holds.
    template <class F>
    Drawn frame(const content::Event& ev, ImVec2 size, const std::string& lang, int64_t utc_ms, F draw,
                ImageSource* images = nullptr, double seconds = 0, bool high_contrast = false) {
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        engine->begin_frame();
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        content::LocalDateTime now;
        EXPECT_TRUE(content::utc_to_local(utc_ms, ev.time_zone, now));
        const ScreenFrame f{*engine, dl, size, ev, now, utc_ms, seconds, lang, images, high_contrast};
        Drawn d;
        {
            majlis::testing::DrawnTextRecorder texts(*engine);
            draw(f);
            d.texts = std::move(texts.texts);
        }
        d.vertices.assign(dl->VtxBuffer.Data, dl->VtxBuffer.Data + dl->VtxBuffer.Size);
        d.indices.assign(dl->IdxBuffer.Data, dl->IdxBuffer.Data + dl->IdxBuffer.Size);
        for (const ImDrawCmd& cmd : dl->CmdBuffer)
            if (cmd.ElemCount) d.clips.push_back(cmd.ClipRect), d.commands.push_back(cmd);
        engine->end_frame();
        ImGui::Render();
        return d;
    }
    double next_change(const content::Event& ev, ImVec2 size, int64_t utc_ms) {
        content::LocalDateTime now;
        content::utc_to_local(utc_ms, ev.time_zone, now);
        const ScreenFrame f{*engine, nullptr, size, ev, now, utc_ms, 0.0, "en", nullptr, false};
        return loop_next_change_in(f);
    }
};
std::shared_ptr<const content::Event> LoopDraw::demo;

// The demo at 10:45 in Dushanbe (the Chair's address running): a moment with something in
// every panel.
const int64_t kAt = utc(2025, 10, 9, 5, 45);

// Everything drawn lies on the screen (pictures and shapes by their vertices, text by its
// boxes: the engine culls glyphs off the screen) and no two texts overlap (but while two
// slides crossfade, one over the other).
void expect_inside(const Drawn& d, ImVec2 size, const std::string& what, bool crossfading = false) {
    ASSERT_FALSE(d.vertices.empty()) << what;
    for (const std::string& problem : majlis::testing::drawn_text_problems(d.texts, size, !crossfading))
        ADD_FAILURE() << what << ": " << problem;
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    for (const ImDrawVert& v : d.vertices) {
        x0 = std::min(x0, v.pos.x), y0 = std::min(y0, v.pos.y);
        x1 = std::max(x1, v.pos.x), y1 = std::max(y1, v.pos.y);
    }
    EXPECT_GE(x0, -0.5f) << what;
    EXPECT_GE(y0, -0.5f) << what;
    EXPECT_LE(x1, size.x + 0.5f) << what;
    EXPECT_LE(y1, size.y + 0.5f) << what;
    for (const ImVec4& c : d.clips) {
        EXPECT_GE(c.x, 0.0f) << what;
        EXPECT_GE(c.y, 0.0f) << what;
        EXPECT_LE(c.z, size.x) << what;
        EXPECT_LE(c.w, size.y) << what;
    }
}

TEST_F(LoopDraw, EverySlideKindDrawsInsideTheScreenAtFourSizesInArabicAndEnglish) {
    const content::Event& ev = *demo;
    std::set<content::SlideKind> kinds;
    for (const content::Slide& s : ev.playlist) kinds.insert(s.kind);
    ASSERT_EQ(kinds.size(), 7u) << "the demo's playlist has every kind of slide";
    FakeImages images;
    for (ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(3840, 2160), ImVec2(1280, 800)})
        for (const char* lang : {"ar", "en"})
            for (size_t i = 0; i < ev.playlist.size(); ++i)
                for (ImageSource* source : {static_cast<ImageSource*>(&images), static_cast<ImageSource*>(nullptr)}) {
                    const std::string what = std::string(lang) + " slide " + std::to_string(i) + " at " +
                                             std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) +
                                             (source ? "" : " without images");
                    const Drawn d = frame(ev, size, lang, kAt, [&](const ScreenFrame& f) { draw_slide(f, i); }, source);
                    expect_inside(d, size, what);
                    // More than the background: the slide drew something, and text but on image slides.
                    EXPECT_GT(d.vertices.size(), 4u) << what;
                    if (ev.playlist[i].kind != content::SlideKind::Image) {
                        EXPECT_GT(d.glyph_vertices(textures.ids), 60u) << what;
                    }
                }
    // The pictures were asked for by their full paths in the event's folder.
    EXPECT_NE(std::find(images.asked.begin(), images.asked.end(), ev.dir + "/images/logo.png"), images.asked.end());
    EXPECT_NE(std::find(images.asked.begin(), images.asked.end(), ev.dir + "/images/flags-banner.png"),
              images.asked.end());
    EXPECT_NE(std::find(images.asked.begin(), images.asked.end(), ev.dir + "/images/flags/kz.png"), images.asked.end());
}

TEST_F(LoopDraw, DegenerateScreensAndLanguagesDrawWithoutTrouble) {
    // No crash, no hang, finite output: an empty screen, a 1 px one, a sliver, a language the
    // loop has no words for, a right-to-left one the content lacks, and no language at all.
    const content::Event& ev = *demo;
    FakeImages images;
    for (ImVec2 size : {ImVec2(0, 0), ImVec2(1, 1), ImVec2(40, 3000), ImVec2(3000, 40)})
        for (const char* lang : {"kk", "fa", ""})
            for (size_t i = 0; i < ev.playlist.size(); ++i) {
                const Drawn d = frame(ev, size, lang, kAt, [&](const ScreenFrame& f) { draw_slide(f, i); }, &images);
                for (const ImDrawVert& v : d.vertices) ASSERT_TRUE(std::isfinite(v.pos.x) && std::isfinite(v.pos.y));
            }
}

TEST_F(LoopDraw, TheLoopDrawsInsideTheScreenAllDayAlsoInHighContrast) {
    const content::Event& ev = *demo;
    FakeImages images;
    const int64_t epoch = loop_epoch(ev);
    // Every 2.3 s over one pass of the playlist (transitions included), at three times of the day.
    for (int64_t start : {utc(2025, 10, 9, 2, 0), kAt, utc(2025, 10, 9, 14, 0)})
        for (int64_t t = 0; t < 160'000; t += 2300) {
            const int64_t now = start + t;
            const std::vector<content::Slide> shown = shown_playlist(ev, now);
            const LoopPosition pos = loop_position(shown, epoch, now);
            const bool moving = pos.transition < 1 && shown[pos.slide].transition == content::Transition::Slide;
            for (bool hc : {false, true}) {
                const ImVec2 size = hc ? ImVec2(1080, 1920) : ImVec2(1920, 1080);
                const Drawn d = frame(ev, size, hc ? "ar" : "en", now, [](const ScreenFrame& f) { draw_loop(f); },
                                      &images, 0, hc);
                if (moving) {
                    // Slides in motion hang over the edges; the clip rectangle keeps them on screen.
                    for (const ImVec4& c : d.clips)
                        ASSERT_TRUE(c.x >= 0 && c.y >= 0 && c.z <= size.x && c.w <= size.y);
                } else {
                    expect_inside(d, size, "loop at +" + std::to_string(t) + " ms", pos.transition < 1);
                }
            }
        }
}

TEST_F(LoopDraw, AnEmptyPlaylistShowsTheTitleForeverAndMissingReferencesToo) {
    content::Event ev = *demo;
    ev.playlist.clear();
    EXPECT_EQ(loop_slide_count(ev), 1u);
    const ImVec2 size(1920, 1080);
    const Drawn loop = frame(ev, size, "en", kAt, [](const ScreenFrame& f) { draw_loop(f); });
    const Drawn title = frame(ev, size, "en", kAt, [](const ScreenFrame& f) { draw_slide(f, 0); });
    const Drawn title7 = frame(ev, size, "en", kAt, [](const ScreenFrame& f) { draw_slide(f, 7); });
    EXPECT_TRUE(loop == title) << "no progress bar, no transition: the title slide";
    EXPECT_TRUE(title == title7);
    expect_inside(title, size, "title");
    EXPECT_EQ(next_change(ev, size, kAt), 3600.0);

    // A participant or document that is not there (content is validated, but never a blank screen).
    content::Event broken = *demo;
    broken.playlist = {slide(5, content::Transition::Cut, content::SlideKind::Participant),
                       slide(5, content::Transition::Cut, content::SlideKind::Document),
                       slide(5, content::Transition::Cut, content::SlideKind::Announcement)};
    broken.playlist[0].ref = "nobody";
    broken.playlist[1].ref = "nothing";
    ev.playlist = {slide(5)};
    const Drawn plain_title = frame(ev, size, "en", kAt, [](const ScreenFrame& f) { draw_slide(f, 0); });
    for (size_t i = 0; i < 3; ++i) {
        const Drawn d = frame(broken, size, "en", kAt, [&](const ScreenFrame& f) { draw_slide(f, i); });
        EXPECT_TRUE(d == plain_title) << i;
    }
}

TEST_F(LoopDraw, ScreensStartedAtDifferentMomentsShowTheSameSlide) {
    // Two screens whose apps started 37 s apart, their clocks synchronised: at every moment
    // both compute the same position and draw the very same picture; the app's uptime
    // (ScreenFrame::seconds) plays no part.
    const content::Event& ev = *demo;
    const int64_t epoch = loop_epoch(ev);
    const int64_t started_a = kAt - 600'000, started_b = started_a + 37'000;
    for (int64_t now = kAt; now < kAt + 150'000; now += 4100) {
        const LoopPosition a = loop_position(ev.playlist, epoch, now);
        const LoopPosition b = loop_position(ev.playlist, epoch, now);
        ASSERT_EQ(a.slide, b.slide);
        ASSERT_EQ(a.into_s, b.into_s);
        const double uptime_a = double(now - started_a) / 1000, uptime_b = double(now - started_b) / 1000;
        const Drawn da = frame(ev, ImVec2(1920, 1080), "ar", now, [](const ScreenFrame& f) { draw_loop(f); }, nullptr, uptime_a);
        const Drawn db = frame(ev, ImVec2(1920, 1080), "ar", now, [](const ScreenFrame& f) { draw_loop(f); }, nullptr, uptime_b);
        ASSERT_TRUE(da == db) << "at +" << (now - kAt) << " ms";
    }
    // And the loop is where the epoch says: the demo's first slide (the title) starts at
    // midnight in Dushanbe, and after k whole cycles.
    EXPECT_EQ(loop_position(ev.playlist, epoch, utc(2025, 10, 8, 19, 0)).slide, 0u);
    EXPECT_EQ(loop_position(ev.playlist, epoch, utc(2025, 10, 8, 19, 0)).into_s, 0.0);
}

TEST_F(LoopDraw, NothingIsShapedAgainFromFrameToFrame) {
    const content::Event& ev = *demo;
    FakeImages images;
    // Warm up: one frame of every slide, then the loop at the same moments again.
    for (size_t i = 0; i < ev.playlist.size(); ++i)
        frame(ev, ImVec2(1920, 1080), "ar", kAt, [&](const ScreenFrame& f) { draw_slide(f, i); }, &images);
    const uint64_t shaped = engine->stats().paragraphs_shaped;
    const uint64_t layouts = engine->stats().layouts, hits = engine->stats().layout_hits;
    for (int repeat = 0; repeat < 3; ++repeat)
        for (size_t i = 0; i < ev.playlist.size(); ++i)
            frame(ev, ImVec2(1920, 1080), "ar", kAt, [&](const ScreenFrame& f) { draw_slide(f, i); }, &images);
    EXPECT_EQ(engine->stats().paragraphs_shaped, shaped);
    EXPECT_GT(engine->stats().layouts, layouts);
    EXPECT_EQ(engine->stats().layouts - layouts, engine->stats().layout_hits - hits) << "every layout a cache hit";
}

TEST_F(LoopDraw, SlideTransitionsComeInFromTheEndOfTheReadingDirection) {
    // The demo's second slide (now/next) comes in with a slide transition, 12 s after the epoch.
    const content::Event& ev = *demo;
    const std::vector<content::Slide> shown = shown_playlist(ev, kAt);
    ASSERT_EQ(shown[1].transition, content::Transition::Slide);
    const int64_t cycle_ms = [&] {
        double s = 0;
        for (const content::Slide& sl : shown) s += sl.duration_s;
        return int64_t(std::llround(s * 1000));
    }();
    const int64_t epoch = loop_epoch(ev);
    const int64_t mid = epoch + (kAt - epoch) / cycle_ms * cycle_ms + 12'000 + 200;  // t = 0.25
    ASSERT_EQ(loop_position(shown, epoch, mid).slide, 1u);
    ASSERT_DOUBLE_EQ(loop_position(shown, epoch, mid).transition, 0.25);
    const ImVec2 size(1920, 1080);
    FakeImages images;
    const float eased = 0.25f * 0.25f * (3 - 2 * 0.25f);  // smoothstep(0.25)
    for (const char* lang : {"en", "ar"}) {
        const bool rtl = std::string(lang) == "ar";
        const Drawn d = frame(ev, size, lang, mid, [](const ScreenFrame& f) { draw_loop(f); }, &images);
        // The old slide (the title) is found by its logo, centred at rest: it has moved towards
        // the reading start by the eased progress.
        int logos = 0;
        for (const ImDrawCmd& cmd : d.commands) {
            if (cmd.TextureId != reinterpret_cast<ImTextureID>(intptr_t(0x1000))) continue;
            float x0 = 1e9f, x1 = -1e9f;
            for (const ImDrawVert& v : d.of(cmd)) x0 = std::min(x0, v.pos.x), x1 = std::max(x1, v.pos.x);
            const float expect = size.x / 2 + (rtl ? 1 : -1) * std::round(size.x * eased);
            EXPECT_NEAR((x0 + x1) / 2, expect, 2.0f) << lang;
            ++logos;
        }
        EXPECT_EQ(logos, 1) << lang;
        // The new slide (now/next: a full-width header rule, never culled) is still mostly
        // beyond the edge it comes in from.
        float min_x = 1e9f, max_x = -1e9f;
        for (const ImDrawVert& v : d.vertices) min_x = std::min(min_x, v.pos.x), max_x = std::max(max_x, v.pos.x);
        if (!rtl) {
            EXPECT_GT(max_x, size.x * 1.5f) << "in English the new slide comes in from the right";
        } else {
            EXPECT_LT(min_x, -size.x * 0.5f) << "in Arabic the new slide comes in from the left";
        }
    }
}

TEST_F(LoopDraw, NextChangeIsZeroInTransitionsAndOtherwiseWhenThePictureChanges) {
    content::Event ev = *demo;
    ev.playlist = {slide(60), slide(30, content::Transition::Crossfade, content::SlideKind::Agenda),
                   slide(9, content::Transition::Cut, content::SlideKind::Announcement)};
    ev.playlist[2].text.by_lang["en"] = "Welcome";
    const int64_t e = loop_epoch(ev);
    // Cycle of 99 s; start at a cycle boundary in the morning, on a whole minute.
    int64_t base = e + (kAt - e) / 99'000 * 99'000;
    const ImVec2 size(1920, 1080);
    EXPECT_EQ(next_change(ev, size, base), 0.0);            // the title fades in
    EXPECT_EQ(next_change(ev, size, base + 799), 0.0);
    EXPECT_DOUBLE_EQ(next_change(ev, size, base + 10'200), 0.6);   // a 60 s slide's bar steps every 0.6 s
    EXPECT_DOUBLE_EQ(next_change(ev, size, base + 10'300), 0.5);
    EXPECT_DOUBLE_EQ(next_change(ev, size, base + 59'700), 0.3);   // the next slide
    EXPECT_EQ(next_change(ev, size, base + 60'000), 0.0);          // the agenda fades in
    EXPECT_EQ(next_change(ev, size, base + 90'000), 0.2);          // a cut: no transition; 9 s / 100 < 0.2
    // The agenda shows the clock: the next minute counts too.
    const int64_t agenda = base + 60'000;
    const int64_t to_minute = 60'000 - ((agenda + 5'000) % 60'000 + 60'000) % 60'000;
    const double expect = std::min(0.3 - double((5'000 % 300)) / 1000, double(to_minute) / 1000);
    EXPECT_NEAR(next_change(ev, size, agenda + 5'000), expect, 1e-9);
    // Never negative, never past the next slide, on any millisecond.
    std::mt19937_64 rng(9);
    for (int i = 0; i < 2000; ++i) {
        const int64_t t = base + int64_t(rng() % 10'000'000);
        const double wait = next_change(ev, size, t);
        const LoopPosition pos = loop_position(ev.playlist, e, t);
        ASSERT_GE(wait, 0.0);
        ASSERT_LE(wait, pos.duration_s - pos.into_s + 1e-9);
        if (pos.transition < 1) {
            ASSERT_EQ(wait, 0.0);
        }
    }
}

TEST_F(LoopDraw, DaypartsChooseTheSlidesShownAndTheirBoundariesAreReported) {
    // Hand-built on the demo's agenda (Dushanbe, UTC+5): the loop of a playlist with dayparts
    // is, at every moment, the loop of the items whose dayparts hold then, alone.
    content::Event ev = *demo;
    auto titled = [](double s, const char* text) {
        content::Slide a = slide(s, content::Transition::Cut, content::SlideKind::Announcement);
        a.text.by_lang["en"] = text;
        return a;
    };
    ev.playlist = {titled(3500, "Always"), titled(3500, "Until 10:50"), titled(3500, "In breaks")};
    ev.playlist[1].when.until = content::Minutes{10 * 60 + 50};
    ev.playlist[2].when.during = content::DayPhase::Breaks;
    auto alone = [&](std::initializer_list<size_t> items) {
        content::Event e = ev;
        e.playlist.clear();
        for (size_t i : items) {
            e.playlist.push_back(ev.playlist[i]);
            e.playlist.back().when = {};
        }
        return e;
    };
    const ImVec2 size(1280, 720);
    auto same = [&](const content::Event& a, const content::Event& b, int64_t t) {
        const Drawn da = frame(a, size, "en", t, [](const ScreenFrame& f) { draw_loop(f); });
        const Drawn db = frame(b, size, "en", t, [](const ScreenFrame& f) { draw_loop(f); });
        return da == db;
    };
    const int64_t at_10_45 = kAt, at_10_50 = utc(2025, 10, 9, 5, 50), at_12_50 = utc(2025, 10, 9, 7, 50);
    EXPECT_TRUE(same(ev, alone({0, 1}), at_10_45));    // the Chair's address: a session is on
    EXPECT_FALSE(same(ev, alone({0, 1, 2}), at_10_45));
    EXPECT_TRUE(same(ev, alone({0}), at_10_50));       // until is exclusive
    EXPECT_TRUE(same(ev, alone({0, 2}), at_12_50));    // 12:45-13:00: a break in the whole venue
    // The boundaries: a quarter of a second before 10:50 and before 12:45 (the closing ends),
    // though the slide and its progress bar would not change for seconds.
    for (const auto& [boundary, before] : {std::pair{at_10_50, alone({0, 1})}, std::pair{utc(2025, 10, 9, 7, 45), alone({0})}}) {
        EXPECT_GT(next_change(before, size, boundary - 250), 1.0);
        EXPECT_DOUBLE_EQ(next_change(ev, size, boundary - 250), 0.25);
    }
    // With nothing shown, the title; it waits for the next daypart to begin.
    content::Event none = ev;
    none.playlist = {ev.playlist[2]};
    content::Event empty = ev;
    empty.playlist.clear();
    EXPECT_TRUE(same(none, empty, at_10_45));
    EXPECT_DOUBLE_EQ(next_change(none, size, utc(2025, 10, 9, 5, 59, 59) + 500), 0.5);  // 11:00: statements
    EXPECT_DOUBLE_EQ(next_change(none, size, at_10_45), 15.0 * 60);  // the Chair's address ends at 11:00
    // The screen's hall decides `during`: in the press centre 10:45 is before its day's next
    // session (13:00) but after press accreditation (08:00-09:30): a break.
    const Drawn venue = frame(none, size, "en", at_10_45, [](const ScreenFrame& f) { draw_loop(f); });
    const Drawn press = frame(none, size, "en", at_10_45, [](const ScreenFrame& f) {
        ScreenFrame in_hall = f;
        in_hall.hall = "press-centre";
        draw_loop(in_hall);
    });
    const Drawn alone_breaks = frame(alone({2}), size, "en", at_10_45, [](const ScreenFrame& f) { draw_loop(f); });
    EXPECT_FALSE(press == venue);
    EXPECT_TRUE(press == alone_breaks);
}

TEST_F(LoopDraw, ThePictureDoesNotChangeBeforeNextChangeSaysSo) {
    // Render on demand's promise: drawn at t and again just before t + next_change_in, the
    // frame is identical; at t + next_change_in it may change.
    const content::Event& ev = *demo;
    FakeImages images;
    std::mt19937_64 rng(11);
    int checked = 0;
    for (int i = 0; i < 60; ++i) {
        const int64_t t = kAt + int64_t(rng() % 3'600'000);
        const double wait = next_change(ev, ImVec2(1920, 1080), t);
        if (wait < 0.002) continue;  // in a transition: drawn every frame anyway
        const int64_t later = t + int64_t(std::floor(wait * 1000)) - 1;
        for (const char* lang : {"en", "ar"}) {
            const Drawn a = frame(ev, ImVec2(1920, 1080), lang, t, [](const ScreenFrame& f) { draw_loop(f); }, &images);
            const Drawn b = frame(ev, ImVec2(1920, 1080), lang, later, [](const ScreenFrame& f) { draw_loop(f); }, &images);
            ASSERT_TRUE(a == b) << lang << " at +" << (t - kAt) << " ms, waiting " << wait << " s";
        }
        ++checked;
    }
    EXPECT_GT(checked, 40);
}

// Paint is not layout: the same text in the same style is laid out once, whatever colours
// the screens draw it in (the colour was part of the layout cache key).
TEST(ScreenText, OneLayoutForEveryColour) {
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    text::TextEngine engine(text::TextEngine::Config{kFonts}, log);
    TextLook red, blue;
    red.color = IM_COL32(255, 0, 0, 255);
    blue.color = IM_COL32(0, 0, 255, 255);
    const ShownText a = lay_out(engine, "Пленарное заседание", red);
    const ShownText b = lay_out(engine, "Пленарное заседание", blue);
    EXPECT_EQ(a.layout.get(), b.layout.get());
    EXPECT_EQ(a.color, red.color);
    EXPECT_EQ(b.color, blue.color);
    EXPECT_EQ(engine.stats().layout_hits, 1u);
    EXPECT_EQ(engine.layout_cache_use().entries, 1u);
}

}  // namespace
