// The kiosk driven by synthetic touch on the demo event: navigation by taps, Back and Home,
// dragging and flinging (inertia that decays and stops), text size, the idle timeout, mirrored
// layout and hit areas in Arabic, and the 9 mm rule for every hit area on four screen sizes.
// No GL: an ImGui context for the draw lists and glyph pages kept in memory.
#include "drawn_text.h"
#include "test_support.h"
#include "core/log.h"
#include "content/content.h"
#include "screens/kiosk.h"
#include "text/text_imgui.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace majlis;
using namespace majlis::screens;

namespace {

using majlis::testing::MemoryTextures;


const content::Event& demo() {
    static std::shared_ptr<const content::Event> event = [] {
        content::LoadResult r = content::load_event(std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025");
        if (!r.ok())
            for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
        return r.event;
    }();
    return *event;
}

ImVec2 center(const HitArea& h) { return ImVec2((h.min.x + h.max.x) / 2, (h.min.y + h.max.y) / 2); }

struct KioskTest : ::testing::Test {
    std::vector<std::string> log_lines;
    Log log = Log::capture(&log_lines);
    MemoryTextures textures;
    std::unique_ptr<text::ImGuiTextEngine> engine;
    ImGuiContext* ctx = nullptr;
    ImVec2 size{1920, 1080};
    std::string lang = "en";
    double t = 1000;  // the app's seconds
    content::LocalDateTime now{{2025, 10, 9}, 10 * 60 + 45, 0};

    void SetUp() override {
        ASSERT_TRUE(&demo());
        text::ImGuiTextEngine::Config c;
        c.fonts_dir = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
        c.textures = &textures;
        engine = std::make_unique<text::ImGuiTextEngine>(c, log);
        ctx = majlis::testing::headless_imgui(ImVec2(3840, 2160));
    }
    void TearDown() override { ImGui::DestroyContext(ctx); }

    ScreenFrame frame() {
        ScreenFrame f{*engine, ImGui::GetBackgroundDrawList(), size, demo(), now, 0, t, lang};
        return f;
    }
    void draw(Kiosk& k) {
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        engine->begin_frame();
        k.draw(frame());
        engine->end_frame();
        ImGui::Render();
    }
    void send(Kiosk& k, PointerEvent::Kind kind, ImVec2 pos) {
        PointerEvent e;
        e.kind = kind;
        e.pos = pos;
        e.seconds = t;
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        k.input(e, frame());
        ImGui::Render();
    }
    void tap_at(Kiosk& k, ImVec2 p) {
        send(k, PointerEvent::Kind::Down, p);
        t += 0.08;
        send(k, PointerEvent::Kind::Up, p);
        t += 0.1;
        draw(k);
    }
    // Taps the middle of a hit area drawn in the last frame.
    void tap(Kiosk& k, const std::string& id) {
        const HitArea* h = k.hit_area(id);
        ASSERT_NE(h, nullptr) << "no hit area '" << id << "' on " << k.route();
        tap_at(k, center(*h));
    }
    // A finger from `from` to `to` in `steps` moves over `seconds`, resting `rest` s before lifting.
    void drag(Kiosk& k, ImVec2 from, ImVec2 to, int steps, double seconds, double rest) {
        send(k, PointerEvent::Kind::Down, from);
        for (int i = 1; i <= steps; ++i) {
            t += seconds / steps;
            const float f = float(i) / float(steps);
            send(k, PointerEvent::Kind::Move, ImVec2(from.x + (to.x - from.x) * f, from.y + (to.y - from.y) * f));
        }
        t += rest;
        send(k, PointerEvent::Kind::Up, to);
    }
    std::map<std::string, HitArea> hits(const Kiosk& k) {
        std::map<std::string, HitArea> out;
        for (const HitArea& h : k.hit_areas()) out[h.id] = h;
        return out;
    }
};

const std::vector<std::string> kRoutes = {"home", "agenda", "session:opening", "session:statements", "roster",
                                          "participant:rahmon", "participant:tokayev", "documents",
                                          "document:final-declaration", "document:joint-action-plan-2025-2027"};

TEST_F(KioskTest, TapsNavigateAndBackReturnsToThePreviousScreen) {
    Kiosk k;
    draw(k);
    EXPECT_EQ(k.route(), "home");
    EXPECT_EQ(k.hit_area("back"), nullptr) << "home has no Back";
    for (const char* id : {"agenda", "roster", "documents", "lang:ar", "lang:ru", "lang:en", "lang:tg"})
        EXPECT_NE(k.hit_area(id), nullptr) << id;

    tap(k, "agenda");
    EXPECT_EQ(k.route(), "agenda");
    ASSERT_NE(k.hit_area("back"), nullptr);
    ASSERT_NE(k.hit_area("home"), nullptr);
    tap(k, "session:opening");
    EXPECT_EQ(k.route(), "session:opening");
    // The session shows its speakers; a speaker opens the participant.
    tap(k, "participant:rahmon");
    EXPECT_EQ(k.route(), "participant:rahmon");
    EXPECT_EQ(k.history(), (std::vector<std::string>{"home", "agenda", "session:opening", "participant:rahmon"}));
    tap(k, "back");
    EXPECT_EQ(k.route(), "session:opening");
    tap(k, "back");
    EXPECT_EQ(k.route(), "agenda");
    tap(k, "session:opening");
    tap(k, "home");
    EXPECT_EQ(k.route(), "home");
    EXPECT_EQ(k.history().size(), 1u);
}

TEST_F(KioskTest, RosterOpensAParticipantWithTheirSessions) {
    Kiosk k;
    draw(k);
    tap(k, "roster");
    EXPECT_EQ(k.route(), "roster");
    for (const content::Participant& p : demo().participants)
        EXPECT_NE(k.hit_area("participant:" + p.id), nullptr) << p.id << " fits on a 1920x1080 screen";
    tap(k, "participant:tokayev");
    EXPECT_EQ(k.route(), "participant:tokayev");
    bool speaks = false;
    for (const HitArea& h : k.hit_areas()) speaks |= h.id.rfind("session:", 0) == 0;
    EXPECT_TRUE(speaks) << "the sessions Tokayev speaks at are listed";
    tap(k, "back");
    EXPECT_EQ(k.route(), "roster");
}

TEST_F(KioskTest, DocumentsOpenTheReaderAndContentsJump) {
    Kiosk k;
    draw(k);
    tap(k, "documents");
    EXPECT_EQ(k.route(), "documents");
    tap(k, "document:final-declaration");
    EXPECT_EQ(k.route(), "document:final-declaration");
    ASSERT_NE(k.hit_area("text+"), nullptr);
    ASSERT_NE(k.hit_area("text-"), nullptr);
    std::vector<std::string> toc;
    for (const HitArea& h : k.hit_areas())
        if (h.id.rfind("toc:", 0) == 0) toc.push_back(h.id);
    ASSERT_GE(toc.size(), 5u);
    EXPECT_EQ(k.scroll(), 0.0f);
    tap(k, toc[4]);
    draw(k);
    const float at4 = k.scroll();
    EXPECT_GT(at4, 0.0f);
    tap(k, toc[2]);
    draw(k);
    EXPECT_GT(k.scroll(), 0.0f);
    EXPECT_LT(k.scroll(), at4) << "an earlier heading is further up";
}

TEST_F(KioskTest, OpenTakesKnownRoutesOnly) {
    Kiosk k;
    for (const std::string& r : kRoutes) {
        EXPECT_TRUE(k.open(r, demo())) << r;
        EXPECT_EQ(k.route(), r) << "a route reads back as it was given";
    }
    EXPECT_FALSE(k.open("session:nope", demo()));
    EXPECT_FALSE(k.open("participant:", demo()));
    EXPECT_FALSE(k.open("lobby", demo()));
    EXPECT_FALSE(k.open("", demo()));
    // Hit areas that are not screens, and screens given an id they do not take.
    for (const char* r : {"back", "lang:ar", "toc:1", "day:0", "text+", "home:x", "agenda:", "Session:opening"})
        EXPECT_FALSE(k.open(r, demo())) << r;
    EXPECT_EQ(k.route(), kRoutes.back()) << "a refused route changes nothing";
    ASSERT_TRUE(k.open("session:opening", demo()));
    EXPECT_EQ(k.history(), (std::vector<std::string>{"home", "agenda", "session:opening"}));
    ASSERT_TRUE(k.open("participant:putin", demo()));
    EXPECT_EQ(k.history(), (std::vector<std::string>{"home", "roster", "participant:putin"}));
    draw(k);
    tap(k, "back");
    EXPECT_EQ(k.route(), "roster");
}

TEST_F(KioskTest, DragScrollsByTheDistanceDragged) {
    Kiosk k;
    ASSERT_TRUE(k.open("document:final-declaration", demo()));
    draw(k);
    ASSERT_GT(k.max_scroll(), 1000.0f);
    const float x = size.x * 0.6f;
    // Slowly, and resting before lifting: no fling.
    drag(k, ImVec2(x, 900), ImVec2(x, 500), 20, 0.8, 0.3);
    EXPECT_NEAR(k.scroll(), 400.0f, 0.5f);
    EXPECT_FALSE(k.animating());
    draw(k);
    EXPECT_NEAR(k.scroll(), 400.0f, 0.5f);
    drag(k, ImVec2(x, 300), ImVec2(x, 450), 10, 0.5, 0.3);
    EXPECT_NEAR(k.scroll(), 250.0f, 0.5f) << "dragging down scrolls back";
    // Beyond the top: stops at 0.
    drag(k, ImVec2(x, 300), ImVec2(x, 1000), 10, 0.5, 0.3);
    EXPECT_EQ(k.scroll(), 0.0f);
    // A drag is not a tap: nothing under the finger was activated.
    EXPECT_EQ(k.route(), "document:final-declaration");
}

TEST_F(KioskTest, FlingContinuesAfterReleaseAndDecaysToAStop) {
    Kiosk k;
    ASSERT_TRUE(k.open("document:joint-action-plan-2025-2027", demo()));
    draw(k);
    const float x = size.x * 0.6f;
    drag(k, ImVec2(x, 900), ImVec2(x, 600), 6, 0.1, 0.0);  // 3000 px/s upwards
    const float released = k.scroll();
    EXPECT_NEAR(released, 300.0f, 0.5f);
    EXPECT_TRUE(k.animating());
    EXPECT_EQ(k.next_change_in(frame()), 0.0) << "render continuously while it moves";
    float last = released, first_step = 0;
    int frames = 0;
    while (k.animating() && frames < 600) {
        t += 1.0 / 60;
        draw(k);
        const float step = k.scroll() - last;
        EXPECT_GE(step, 0.0f);
        if (frames == 0) first_step = step;
        if (frames > 0) {
            EXPECT_LE(step, first_step + 0.01f) << "it slows down";
        }
        last = k.scroll();
        ++frames;
    }
    EXPECT_FALSE(k.animating()) << "inertia stops";
    EXPECT_LT(frames, 200) << "within a few seconds";
    // Travelled about v * tau = 3000 px/s * 0.325 s after release (less if it hit the end).
    const float travelled = k.scroll() - released;
    EXPECT_GT(travelled, 600.0f);
    EXPECT_LT(travelled, 1000.0f);
    EXPECT_GT(k.next_change_in(frame()), 1.0);
    const float stopped = k.scroll();
    t += 1;
    draw(k);
    EXPECT_EQ(k.scroll(), stopped);
}

TEST_F(KioskTest, FlingStopsAtTheEndWithoutBouncing) {
    Kiosk k;
    ASSERT_TRUE(k.open("document:final-declaration", demo()));
    draw(k);
    const float x = size.x * 0.6f;
    for (int i = 0; i < 30 && k.scroll() < k.max_scroll(); ++i) {
        drag(k, ImVec2(x, 1000), ImVec2(x, 200), 4, 0.05, 0.0);
        for (int f = 0; f < 120 && k.animating(); ++f) {
            t += 1.0 / 60;
            draw(k);
            EXPECT_LE(k.scroll(), k.max_scroll());
        }
    }
    EXPECT_EQ(k.scroll(), k.max_scroll());
    EXPECT_FALSE(k.animating());
}

TEST_F(KioskTest, ATouchCatchesAFlingAndIsNotATap) {
    Kiosk k;
    ASSERT_TRUE(k.open("documents", demo()));
    draw(k);
    ASSERT_TRUE(k.open("document:final-declaration", demo()));
    draw(k);
    const float x = size.x * 0.6f;
    drag(k, ImVec2(x, 900), ImVec2(x, 600), 6, 0.1, 0.0);
    ASSERT_TRUE(k.animating());
    t += 1.0 / 60;
    draw(k);
    tap_at(k, ImVec2(x, 540));
    EXPECT_FALSE(k.animating());
    EXPECT_EQ(k.route(), "document:final-declaration");
}

TEST_F(KioskTest, TextSizeButtonsChangeScaleAndContentHeight) {
    Kiosk k;
    ASSERT_TRUE(k.open("document:final-declaration", demo()));
    draw(k);
    EXPECT_FLOAT_EQ(k.text_scale(), 1.0f);
    const float h100 = k.content_height();
    tap(k, "text+");
    draw(k);
    EXPECT_FLOAT_EQ(k.text_scale(), 1.1f);
    const float h110 = k.content_height();
    EXPECT_GT(h110, h100 * 1.05f);
    tap(k, "text-");
    tap(k, "text-");
    draw(k);
    EXPECT_FLOAT_EQ(k.text_scale(), 0.9f);
    EXPECT_LT(k.content_height(), h100);
    for (int i = 0; i < 12; ++i) tap(k, "text+");
    EXPECT_FLOAT_EQ(k.text_scale(), 1.6f);
    for (int i = 0; i < 12; ++i) tap(k, "text-");
    EXPECT_FLOAT_EQ(k.text_scale(), 0.8f);

    // The place in the text is kept: scrolled into the middle, larger text keeps the same block on top.
    const float x = size.x * 0.6f;
    drag(k, ImVec2(x, 1000), ImVec2(x, 300), 10, 0.5, 0.3);
    drag(k, ImVec2(x, 1000), ImVec2(x, 300), 10, 0.5, 0.3);
    draw(k);
    const float before = k.scroll(), ratio_before = before / k.content_height();
    tap(k, "text+");
    draw(k);
    EXPECT_GT(k.scroll(), before) << "larger text: the same place is further down";
    EXPECT_NEAR(k.scroll() / k.content_height(), ratio_before, 0.05);
}

TEST_F(KioskTest, ScrollingReusesLayoutsAndNeverReshapes) {
    Kiosk k;
    ASSERT_TRUE(k.open("document:final-declaration", demo()));
    draw(k);
    draw(k);
    const uint64_t shaped = engine->stats().paragraphs_shaped;
    const float x = size.x * 0.6f;
    drag(k, ImVec2(x, 900), ImVec2(x, 600), 6, 0.1, 0.0);
    for (int f = 0; f < 30; ++f) {
        t += 1.0 / 60;
        draw(k);
    }
    EXPECT_GT(k.scroll(), 300.0f);
    EXPECT_EQ(engine->stats().paragraphs_shaped, shaped);
}

// A document of `paragraphs` paragraphs of `chars` letters each (no headings: no contents).
content::Event with_document(int paragraphs, int chars, char letter = 'a') {
    content::Event ev = demo();
    content::Document doc;
    doc.id = "long";
    doc.title.by_lang["en"] = "A long read";
    content::DocumentBody body;
    body.file = "documents/long.en.md";
    for (int p = 0; p < paragraphs; ++p) {
        std::string text;
        for (int i = 0; i < chars; ++i) text += (i % 9 == 8) ? ' ' : char(letter + (p + i) % 3);
        content::Block b;
        b.spans.push_back(content::Span{text});
        body.blocks.push_back(b);
    }
    doc.body["en"] = body;
    ev.documents.push_back(doc);
    return ev;
}

// The reader keeps each block's layout while the width and text size stay the same: a frame
// looks up no block (the layouts asked for per frame do not grow with the number of blocks),
// and a block too large for the engine's caches is shaped once, not every frame.
TEST_F(KioskTest, TheReaderKeepsItsBlocksLaidOutFromFrameToFrame) {
    auto layouts_per_frame = [&](const content::Event& ev) {
        Kiosk k;
        EXPECT_TRUE(k.open("document:long", ev));
        auto draw_ev = [&] {
            ImGui::NewFrame();
            engine->begin_frame();
            k.draw(ScreenFrame{*engine, ImGui::GetBackgroundDrawList(), size, ev, now, 0, t, lang});
            engine->end_frame();
            ImGui::Render();
        };
        draw_ev();
        const uint64_t before = engine->stats().layouts;
        draw_ev();
        return engine->stats().layouts - before;
    };
    const uint64_t few = layouts_per_frame(with_document(5, 200));
    const uint64_t many = layouts_per_frame(with_document(300, 200));
    EXPECT_EQ(many, few);

    // Caches of 1 MiB keep no entry over 256 KiB: a paragraph of 20,000 letters is not cached.
    text::ImGuiTextEngine::Config c;
    c.fonts_dir = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
    c.textures = &textures;
    c.cache_bytes = 1 << 20;
    engine = std::make_unique<text::ImGuiTextEngine>(c, log);
    const content::Event ev = with_document(1, 20000);
    Kiosk k;
    ASSERT_TRUE(k.open("document:long", ev));
    const auto five_frames = [&] {
        for (int f = 0; f < 5; ++f) {
            ImGui::NewFrame();
            engine->begin_frame();
            k.draw(ScreenFrame{*engine, ImGui::GetBackgroundDrawList(), size, ev, now, 0, t, lang});
            engine->end_frame();
            ImGui::Render();
            t += 1.0 / 60;
        }
    };
    five_frames();
    EXPECT_GT(engine->stats().layouts - engine->stats().layout_hits, engine->layout_cache_use().entries)
        << "the long paragraph's layout is not in the engine's cache";
    const uint64_t shaped = engine->stats().paragraphs_shaped;
    five_frames();
    EXPECT_EQ(engine->stats().paragraphs_shaped, shaped);
}

// Right-to-left bodies are set justified in the reader, with kashida (text/justify.cpp), unless
// the document says `justify = false`: the tatweels are glyph quads the ragged setting does not
// draw. Left-to-right bodies stay ragged either way.
TEST_F(KioskTest, TheReaderJustifiesArabicBodiesUnlessTheDocumentSaysNot) {
    const std::string text =
        "اجتمع رؤساء جمهورية كازاخستان وجمهورية قيرغيزستان والاتحاد الروسي وجمهورية طاجيكستان "
        "وتركمانستان وجمهورية أوزبكستان في مدينة دوشنبه في القمة الثانية بصيغة آسيا الوسطى وروسيا "
        "برئاسة رئيس جمهورية طاجيكستان، وتناولت الكلمات التعاون في التجارة والاقتصاد والاستثمار.";
    const std::string english =
        "The heads of state of Kazakhstan, Kyrgyzstan, Russia, Tajikistan, Turkmenistan and Uzbekistan "
        "met in Dushanbe for the second summit of Central Asia and Russia, chaired by the President of "
        "Tajikistan; the speeches dealt with trade, the economy and investment.";
    auto vertices = [&](bool justify, const std::string& body_lang) {
        content::Event ev = demo();
        content::Document doc;
        doc.id = "bayan";
        doc.justify = justify;
        doc.title.by_lang[body_lang] = "Bayan";
        content::DocumentBody body;
        body.file = "documents/bayan." + body_lang + ".md";
        content::Block b;
        b.spans.push_back(content::Span{body_lang == "ar" ? text : english});
        body.blocks.push_back(b);
        doc.body[body_lang] = body;
        ev.documents.push_back(doc);
        Kiosk k;
        EXPECT_TRUE(k.open("document:bayan", ev));
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        engine->begin_frame();
        k.draw(ScreenFrame{*engine, ImGui::GetBackgroundDrawList(), size, ev, now, 0, t, body_lang});
        engine->end_frame();
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    };
    EXPECT_GT(vertices(true, "ar"), vertices(false, "ar"));
    EXPECT_EQ(vertices(true, "en"), vertices(false, "en"));
}

// Content reloaded with the same number of blocks, one letter changed: the reader shows the
// new text (its blocks are compared by value, not by where they are in memory).
TEST_F(KioskTest, TheReaderNoticesAReloadedBlock) {
    const content::Event a = with_document(3, 100, 'a');
    content::Event b = a;
    b.documents.back().body["en"].blocks[1].spans[0].text[0] = 'z';
    Kiosk k;
    ASSERT_TRUE(k.open("document:long", a));
    auto draw_ev = [&](const content::Event& ev) {
        ImGui::NewFrame();
        engine->begin_frame();
        k.draw(ScreenFrame{*engine, ImGui::GetBackgroundDrawList(), size, ev, now, 0, t, lang});
        engine->end_frame();
        ImGui::Render();
    };
    draw_ev(a);
    draw_ev(a);
    const uint64_t shaped = engine->stats().paragraphs_shaped;
    draw_ev(b);
    EXPECT_EQ(engine->stats().paragraphs_shaped, shaped + 1) << "the changed block, and only it, laid out again";
    draw_ev(a);
    EXPECT_EQ(engine->stats().paragraphs_shaped, shaped + 1) << "the first text again: from the engine's cache";
}

TEST_F(KioskTest, IdleTimeoutAndResetToHomeAndTheDefaultLanguage) {
    Kiosk k;  // 90 s by default
    EXPECT_EQ(k.config().idle_timeout_s, 90.0);
    draw(k);
    tap(k, "lang:ru");
    EXPECT_EQ(k.lang(), "ru");
    tap(k, "documents");
    const double last_input = t - 0.1;  // the tap's release (tap draws 0.1 s later)
    EXPECT_FALSE(k.idle_expired(last_input + 89.9));
    EXPECT_TRUE(k.idle_expired(last_input + 90.0));
    // Render on demand: nothing to draw until the timeout.
    EXPECT_NEAR(k.next_change_in(frame()), 90.0 - (t - last_input), 1e-6);
    // A touch restarts the timer.
    t = last_input + 60;
    send(k, PointerEvent::Kind::Down, ImVec2(5, size.y - 5));
    EXPECT_FALSE(k.idle_expired(last_input + 149)) << "a finger on the glass";
    send(k, PointerEvent::Kind::Up, ImVec2(5, size.y - 5));
    EXPECT_FALSE(k.idle_expired(last_input + 149));
    EXPECT_TRUE(k.idle_expired(last_input + 150));

    k.reset();
    EXPECT_EQ(k.route(), "home");
    EXPECT_EQ(k.lang(), "");
    EXPECT_EQ(k.scroll(), 0.0f);
    EXPECT_EQ(k.text_scale(), 1.0f);
    EXPECT_FALSE(k.idle_expired(t + 1000)) << "the timer starts again at the next draw";
    draw(k);
    EXPECT_TRUE(k.idle_expired(t + 90));

    KioskConfig config;
    config.idle_timeout_s = 30;
    Kiosk quick(config);
    draw(quick);
    EXPECT_TRUE(quick.idle_expired(t + 30));
}

// A visitor's reading is not kept for the next one: the reader's blocks and their strong and
// emphasis spans go with reset(), as the idle timeout calls it (before, they stayed until 512
// had gathered, days of visitors' documents on a kiosk).
TEST_F(KioskTest, ResetLetsGoOfWhatTheReaderHeld) {
    Kiosk k;
    ASSERT_TRUE(k.open("document:final-declaration", demo()));
    EXPECT_EQ(k.texts_held(), 0u);
    draw(k);
    const size_t read = k.texts_held();
    EXPECT_GT(read, 3u) << "the declaration's blocks, its bold lead-ins among them";
    draw(k);
    EXPECT_EQ(k.texts_held(), read) << "the next frame reuses them";
    k.reset();
    EXPECT_EQ(k.texts_held(), 0u);
    draw(k);
    EXPECT_EQ(k.texts_held(), 0u) << "home holds no reader texts";
}

// A touch release lost on the way (touch controller, USB reset): the press neither moves nor
// ends, and after the idle timeout it counts as lost, so the kiosk still returns to the loop.
// A finger that keeps moving is input and holds the kiosk; the late release is harmless.
TEST_F(KioskTest, LostTouchReleaseStillReturnsToTheLoop) {
    Kiosk k;
    draw(k);
    tap(k, "documents");
    t += 10;
    const ImVec2 p(size.x / 2, size.y / 2);
    send(k, PointerEvent::Kind::Down, p);
    const double down = t;
    EXPECT_FALSE(k.idle_expired(down + 89.9));
    t = down + 1;  // past the 0.5 s a press is drawn as a tap
    EXPECT_NEAR(k.next_change_in(frame()), 89.0, 1e-6) << "render on demand wakes up for it";
    EXPECT_TRUE(k.idle_expired(down + 90.0)) << "a press silent for the whole timeout is lost";

    // Moving keeps the press alive (each move is input).
    t = down + 60;
    send(k, PointerEvent::Kind::Move, ImVec2(p.x, p.y + 1));
    EXPECT_FALSE(k.idle_expired(down + 149));
    EXPECT_TRUE(k.idle_expired(down + 150));

    // The app goes back to the loop and resets; the release arriving later changes nothing.
    t = down + 150;
    k.reset();
    draw(k);
    send(k, PointerEvent::Kind::Up, p);
    EXPECT_EQ(k.route(), "home");
    EXPECT_TRUE(k.idle_expired(t + 90));
}

TEST_F(KioskTest, HomeClockAsksForAFrameAtTheNextMinute) {
    Kiosk k;
    now.second = 45;
    draw(k);
    EXPECT_NEAR(k.next_change_in(frame()), 15.0, 1e-6);
}

TEST_F(KioskTest, LanguageSwitchShowsEachLanguageInItself) {
    Kiosk k;
    lang = "ar";
    draw(k);
    // Arabic home: the languages in display order from the right.
    const HitArea* ar = k.hit_area("lang:ar");
    const HitArea* tg = k.hit_area("lang:tg");
    ASSERT_TRUE(ar && tg);
    EXPECT_GT(ar->min.x, tg->max.x);
    tap(k, "lang:en");
    EXPECT_EQ(k.lang(), "en");
    draw(k);
    ar = k.hit_area("lang:ar");
    tg = k.hit_area("lang:tg");
    EXPECT_LT(ar->max.x, tg->min.x) << "English home: from the left";
}

// In Arabic everything mirrors: Back is at the top right, and each hit area is the English
// one reflected (x' = W - x - w), in every screen, at every screen size.
TEST_F(KioskTest, RightToLeftMirrorsLayoutAndHitAreas) {
    for (ImVec2 s : {ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        size = s;
        for (const std::string& route : kRoutes) {
            SCOPED_TRACE(route + " at " + std::to_string(int(s.x)) + "x" + std::to_string(int(s.y)));
            Kiosk en, ar;
            ASSERT_TRUE(en.open(route, demo()));
            ASSERT_TRUE(ar.open(route, demo()));
            lang = "en";
            draw(en);
            lang = "ar";
            draw(ar);
            auto he = hits(en), ha = hits(ar);
            if (route != "home") {
                ASSERT_TRUE(ha.count("back") && he.count("back"));
                EXPECT_LT(he["back"].max.x, size.x / 2) << "English: top left";
                EXPECT_GT(ha["back"].min.x, size.x / 2) << "Arabic: top right";
                EXPECT_LT(ha["back"].max.y, size.y / 5);
                EXPECT_NEAR(ha["back"].max.x, size.x - he["back"].min.x, 1.0f) << "same distance from the edge";
                EXPECT_GT(ha["home"].max.x, size.x / 2);
                EXPECT_LT(ha["home"].max.x, ha["back"].min.x) << "Home follows Back towards the end";
            }
            int compared = 0;
            for (const auto& [id, e] : he) {
                if (id == "back" || id == "home" || !ha.count(id)) continue;  // Back's width is its word's
                const HitArea& a = ha[id];
                EXPECT_NEAR(a.min.x, size.x - e.min.x - e.width(), 1.0f) << id;
                EXPECT_NEAR(a.width(), e.width(), 1.0f) << id;
                ++compared;
            }
            EXPECT_GE(compared, 1);
        }
    }
}

TEST_F(KioskTest, ScrollBarAndRowsMirrorWithTheDrawing) {
    // The picture itself mirrors: the first agenda row's time is drawn at the right in Arabic.
    Kiosk k;
    ASSERT_TRUE(k.open("agenda", demo()));
    lang = "ar";
    draw(k);
    const HitArea* row = k.hit_area("session:opening");
    ASSERT_NE(row, nullptr);
    const ImDrawList* dl = ImGui::GetBackgroundDrawList();
    ASSERT_GT(dl->VtxBuffer.Size, 0);
    float right_glyphs = 0, left_glyphs = 0;
    for (const ImDrawVert& v : dl->VtxBuffer)
        if (v.pos.y > row->min.y && v.pos.y < row->max.y && v.uv.x != 0) {
            (v.pos.x > size.x / 2 ? right_glyphs : left_glyphs) += 1;
        }
    EXPECT_GT(right_glyphs, left_glyphs) << "text starts at the right";
}

// Every hit area is at least 9 mm on the glass, on the four screens majlis is installed on, and
// lies on the screen.
TEST_F(KioskTest, EveryHitAreaIsAtLeastNineMillimetres) {
    struct Screen { ImVec2 size; float px_per_mm; const char* what; };
    const Screen screens[] = {
        {{1920, 1080}, 1920.0f / 1210.0f, "55\" 1080p landscape"},
        {{1080, 1920}, 1920.0f / 1210.0f, "55\" 1080p portrait"},
        {{3840, 2160}, 3840.0f / 1210.0f, "55\" 4K"},
        {{1280, 800}, 1280.0f / 217.0f, "10.1\" kiosk tablet"},
        {{3840, 2160}, 1920.0f / 1210.0f, "4K at the default density"},
        {{1280, 800}, 1920.0f / 1210.0f, "tablet at the default density"},
    };
    for (const Screen& sc : screens) {
        size = sc.size;
        for (const char* l : {"en", "ar", "ru", "tg"}) {
            lang = l;
            for (const std::string& route : kRoutes) {
                SCOPED_TRACE(std::string(sc.what) + " " + l + " " + route);
                KioskConfig config;
                config.px_per_mm = sc.px_per_mm;
                Kiosk k(config);
                ASSERT_TRUE(k.open(route, demo()));
                draw(k);
                const float nine = 9.0f * sc.px_per_mm;
                ASSERT_FALSE(k.hit_areas().empty());
                for (const HitArea& h : k.hit_areas()) {
                    EXPECT_GE(h.width(), nine) << h.id;
                    EXPECT_GE(h.height(), nine) << h.id;
                    EXPECT_GE(h.min.x, 0.0f) << h.id;
                    EXPECT_GE(h.min.y, 0.0f) << h.id;
                    EXPECT_LE(h.max.x, size.x) << h.id;
                    EXPECT_LE(h.max.y, size.y) << h.id;
                }
                if (route != "home") {
                    EXPECT_NE(k.hit_area("home"), nullptr) << "a way home on every screen";
                }
            }
        }
    }
}

// Nothing leaves the screen and no two texts overlap, by the boxes the text engine records
// (drawn_text.h: lines culled off the screen are seen too), on every screen at four sizes in
// four languages, at the top of each list and scrolled to its end.
TEST_F(KioskTest, EveryScreenKeepsItsTextOnTheScreenWithoutOverlaps) {
    for (ImVec2 sz : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(3840, 2160), ImVec2(1280, 800)}) {
        size = sz;
        for (const char* l : {"en", "ar", "ru", "tg"}) {
            lang = l;
            for (const std::string& route : kRoutes) {
                const std::string where = std::to_string(int(sz.x)) + "x" + std::to_string(int(sz.y)) + " " + l + " " + route;
                Kiosk k;
                ASSERT_TRUE(k.open(route, demo()));
                for (int scrolled = 0; scrolled < 2; ++scrolled) {
                    if (scrolled) drag(k, ImVec2(size.x / 2, size.y * 0.9f), ImVec2(size.x / 2, size.y * 0.2f), 8, 0.4, 0.5);
                    majlis::testing::DrawnTextRecorder texts(*engine);
                    draw(k);
                    EXPECT_GT(texts.texts.size(), 2u) << where;
                    for (const std::string& problem : majlis::testing::drawn_text_problems(texts.texts, size))
                        ADD_FAILURE() << where << (scrolled ? " (scrolled)" : "") << ": " << problem;
                }
            }
        }
    }
}

TEST_F(KioskTest, HighContrastAndMissingImagesDrawWithoutFailing) {
    Kiosk k;
    for (const std::string& route : kRoutes) {
        ASSERT_TRUE(k.open(route, demo()));
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        ScreenFrame f = frame();
        f.high_contrast = true;
        k.draw(f);
        ImGui::Render();
        EXPECT_FALSE(k.hit_areas().empty()) << route;
    }
    for (const std::string& line : log_lines) EXPECT_EQ(line.find("error"), std::string::npos) << line;
}

// Content with nothing in it (a folder being filled in) still draws every screen.
TEST_F(KioskTest, AnEmptyEventDrawsEveryScreen) {
    content::Event empty;
    empty.languages.default_lang = "en";
    content::Document doc;
    doc.id = "empty-doc";
    doc.title.by_lang["en"] = "No body yet";
    empty.documents.push_back(doc);
    Kiosk k;
    for (const char* route : {"home", "agenda", "roster", "documents", "document:empty-doc"}) {
        ASSERT_TRUE(k.open(route, empty)) << route;
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        ScreenFrame f{*engine, ImGui::GetBackgroundDrawList(), size, empty, now, 0, t, "en"};
        k.draw(f);
        ImGui::Render();
        EXPECT_FALSE(k.hit_areas().empty()) << route;
    }
    EXPECT_FALSE(k.open("session:opening", empty));
}

// Content changed while a visitor reads: a screen whose subject is gone falls back to one that exists.
TEST_F(KioskTest, AScreenWhoseSubjectIsGoneFallsBack) {
    Kiosk k;
    ASSERT_TRUE(k.open("participant:putin", demo()));
    draw(k);
    content::Event changed = demo();
    changed.participants.erase(changed.participants.begin() + 3);
    ASSERT_EQ(changed.participant("putin"), nullptr);
    ImGui::NewFrame();
    ScreenFrame f{*engine, ImGui::GetBackgroundDrawList(), size, changed, now, 0, t, lang};
    k.draw(f);
    ImGui::Render();
    EXPECT_EQ(k.route(), "roster");
}

// A participant who speaks on several days: their sessions' rows show times only, so each
// day's rows come under a heading (its date) drawn between the days.
TEST_F(KioskTest, AParticipantsSessionsOnSeveralDaysComeUnderTheirDates) {
    content::Event two = demo();
    content::Day second = two.days[0];
    second.date.day += 1;
    for (content::Session& s : second.sessions) {
        s.id += "-2";
        s.date = second.date;
    }
    two.days.push_back(second);
    size = ImVec2(1080, 1920);
    for (const char* l : {"en", "ar"}) {
        lang = l;
        Kiosk k;
        ASSERT_TRUE(k.open("participant:rahmon", two));
        // Scrolled by a fifth of the screen at a time until both rows are in view.
        const HitArea *first2 = nullptr, *last1 = nullptr;
        std::vector<majlis::testing::DrawnText> drawn;
        for (int step = 0; step < 6 && !(first2 && last1); ++step) {
            if (step) drag(k, ImVec2(size.x / 2, size.y * 0.7f), ImVec2(size.x / 2, size.y * 0.5f), 5, 0.3, 0.5);
            majlis::testing::DrawnTextRecorder texts(*engine);
            ImGui::GetIO().DisplaySize = size;
            ImGui::NewFrame();
            ScreenFrame f{*engine, ImGui::GetBackgroundDrawList(), size, two, now, 0, t, lang};
            k.draw(f);
            ImGui::Render();
            drawn = texts.texts;
            // The first row of the second day, and the row just above it (the first day's last).
            first2 = last1 = nullptr;
            for (const HitArea& h : k.hit_areas())
                if (h.id.size() > 2 && h.id.compare(h.id.size() - 2, 2, "-2") == 0 && (!first2 || h.min.y < first2->min.y))
                    first2 = &h;
            for (const HitArea& h : k.hit_areas())
                if (first2 && h.id.rfind("session:", 0) == 0 && h.max.y <= first2->min.y + 1 && (!last1 || h.max.y > last1->max.y))
                    last1 = &h;
        }
        ASSERT_TRUE(first2 && last1) << l;
        int between = 0;
        for (const auto& d : drawn) between += d.min.y >= last1->max.y - 1 && d.max.y <= first2->min.y + 1;
        EXPECT_EQ(between, 1) << l << ": " << last1->id << " then " << first2->id;
    }
}

// An event of several days: the agenda has a tab per day.
TEST_F(KioskTest, AgendaOfSeveralDaysHasDayTabs) {
    content::Event two = demo();
    content::Day second = two.days[0];
    second.date.day += 1;
    second.title.by_lang = {{"en", "Second day"}, {"ar", "اليوم الثاني"}};
    for (content::Session& s : second.sessions) {
        s.id += "-2";
        s.date = second.date;
    }
    second.sessions.resize(3);
    two.days.push_back(second);
    for (const char* l : {"en", "ar"}) {
        lang = l;
        Kiosk k;
        ASSERT_TRUE(k.open("agenda", two));
        auto draw_two = [&] {
            ImGui::NewFrame();
            ScreenFrame f{*engine, ImGui::GetBackgroundDrawList(), size, two, now, 0, t, lang};
            k.draw(f);
            ImGui::Render();
        };
        draw_two();
        const HitArea* d0 = k.hit_area("day:0");
        const HitArea* d1 = k.hit_area("day:1");
        ASSERT_TRUE(d0 && d1);
        if (lang == "en") {
            EXPECT_LT(d0->max.x, d1->min.x);
        } else {
            EXPECT_GT(d0->min.x, d1->max.x) << "the first day at the right";
        }
        EXPECT_NE(k.hit_area("session:opening"), nullptr) << "today (9 October) is shown first";
        EXPECT_EQ(k.hit_area("session:arrival-2"), nullptr);
        PointerEvent e;
        e.pos = center(*d1);
        e.seconds = t;
        e.kind = PointerEvent::Kind::Down;
        ScreenFrame f{*engine, ImGui::GetBackgroundDrawList(), size, two, now, 0, t, lang};
        k.input(e, f);
        e.kind = PointerEvent::Kind::Up;
        k.input(e, f);
        draw_two();
        EXPECT_EQ(k.route(), "agenda");
        EXPECT_EQ(k.hit_area("session:opening"), nullptr);
        ASSERT_NE(k.hit_area("session:arrival-2"), nullptr);
        ASSERT_TRUE(k.open("session:arrival-2", two));
        EXPECT_EQ(k.history(), (std::vector<std::string>{"home", "agenda", "session:arrival-2"}));
        draw_two();
        e.pos = center(*k.hit_area("back"));
        e.kind = PointerEvent::Kind::Down;
        k.input(e, f);
        e.kind = PointerEvent::Kind::Up;
        k.input(e, f);
        draw_two();
        EXPECT_NE(k.hit_area("session:arrival-2"), nullptr) << "back on the agenda at the session's day";
    }
}

}  // namespace
