// The emergency takeover (screens.h: draw_alert), drawn into ImGui draw lists with glyph pages
// in memory: nothing leaves the screen or overlaps (the text boxes, drawn_text.h, and the
// takeover's own boxes: pictogram, banner, buttons) at 1920x1080, 1080x1920, 1280x800 and
// 3840x2160, for the example alerts in ar, ru, tg, en and an alert in the summit's eight
// languages with long texts; the 20 m rule (cap height and pictogram, measured on the ink);
// right-to-left mirrored; pages every 5 s; the banner only when not actual; the colours; the
// kiosk's language buttons.
#include "drawn_text.h"
#include "test_support.h"

#include "core/log.h"
#include "screens/screens.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

using namespace majlis;
using namespace majlis::screens;

namespace {

content::Alert example(const std::string& name) {
    content::AlertLoad r = content::load_alert_file(std::string(MAJLIS_SOURCE_DIR) + "/assets/alerts/" + name + ".toml");
    EXPECT_TRUE(r.alert) << name;
    content::Alert a = r.alert ? *r.alert : content::Alert{};
    a.id = name;
    return a;
}

// The eight languages of the summit, each with a long headline and instruction.
content::Alert stress_alert() {
    content::Alert a;
    a.id = "stress";
    a.pictogram = content::AlertPictogram::Fire;
    const std::pair<const char*, const char*> words[] = {
        {"ar", "يُرجى مغادرة القاعة فوراً عبر أقرب مخرج طوارئ"}, {"ru", "Немедленно покиньте зал через ближайший аварийный выход"},
        {"en", "Leave the hall at once by the nearest emergency exit"}, {"tg", "Фавран толорро тавассути баромадгоҳи наздиктарини фавқулодда тарк кунед"},
        {"kk", "Залдан ең жақын төтенше шығу жолы арқылы дереу шығыңыз"}, {"ky", "Залдан эң жакын өзгөчө чыгуучу жол аркылуу дароо чыгыңыз"},
        {"uz", "Zaldan eng yaqin favqulodda chiqish yoʻli orqali darhol chiqing"}, {"tk", "Zaldan iň ýakyn gyssagly çykalga arkaly derrew çykyň"}};
    for (const auto& [lang, w] : words) {
        const std::string s(w);
        a.texts.push_back(content::AlertText{lang, s, s + ". " + s + ".", s + ". " + s + ". " + s + "."});
    }
    return a;
}

content::Event event_in(std::vector<std::string> langs) {
    content::Event e;
    e.languages.display = std::move(langs);
    e.languages.default_lang = e.languages.display.front();
    return e;
}

const ImVec2 kSizes[] = {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800), ImVec2(3840, 2160)};

std::string where(ImVec2 size, const std::string& what) {
    return std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + " " + what;
}

bool overlap(const AlertBox& a, const AlertBox& b) {
    const float tol = 1;
    return std::min(a.max.x, b.max.x) - std::max(a.min.x, b.min.x) > tol &&
           std::min(a.max.y, b.max.y) - std::max(a.min.y, b.min.y) > tol;
}
bool is_text(const AlertBox& b) {
    return b.what == "headline" || b.what == "instruction" || b.what == "description" || b.what == "banner.text";
}

class AlertDraw : public majlis::testing::ScreenSuite {
protected:
    ScreenFrame frame(const content::Event& ev, ImVec2 size, double seconds = 0, ImDrawList* dl = nullptr) {
        ScreenFrame f{*engine, dl, size, ev, content::LocalDateTime{}};
        f.seconds = seconds;
        return f;
    }

    // One frame drawn; the text problems (drawn_text.h) and the takeover's box problems.
    struct Drawn {
        AlertLayout layout;
        std::vector<majlis::testing::DrawnText> texts;
        std::vector<std::string> problems;
    };
    Drawn draw(const content::Event& ev, ImVec2 size, const content::Alert& a, const AlertView& view,
               double seconds = 0, bool high_contrast = false) {
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        engine->begin_frame();
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        ScreenFrame f = frame(ev, size, seconds, dl);
        f.high_contrast = high_contrast;
        Drawn d;
        {
            majlis::testing::DrawnTextRecorder rec(*engine);
            d.layout = draw_alert(f, a, view);
            d.texts = rec.texts;
            d.problems = majlis::testing::drawn_text_problems(rec.texts, size);
        }
        engine->end_frame();
        ImGui::Render();
        for (const AlertBox& b : d.layout.boxes) {
            if (b.min.x < -1 || b.min.y < -1 || b.max.x > size.x + 1 || b.max.y > size.y + 1)
                d.problems.push_back(b.what + " " + b.lang + " leaves the screen");
            for (const AlertBox& o : d.layout.boxes) {
                if (&o == &b) continue;
                const bool text_on_shape = is_text(o) && (b.what == "pictogram" || b.what == "button");
                const bool shape_on_shape = &o < &b && !is_text(o) && !is_text(b) && o.what != "banner" && b.what != "banner";
                const bool on_banner = b.what == "banner" && o.what != "banner.text";
                if ((text_on_shape || shape_on_shape || on_banner) && overlap(o, b))
                    d.problems.push_back(o.what + " " + o.lang + " overlaps " + b.what + " " + b.lang);
            }
        }
        return d;
    }
};

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines) s += "\n  " + l;
    return s;
}

}  // namespace

TEST_F(AlertDraw, NothingLeavesTheScreenOrOverlapsInEverySizeAndLanguage) {
    const content::Event demo = event_in({"ar", "ru", "en", "tg"});
    const content::Event summit = event_in({"ar", "ru", "en", "tg", "kk", "ky", "uz", "tk"});
    struct Case {
        content::Alert alert;
        const content::Event* event;
    };
    std::vector<Case> cases = {{example("evacuate"), &demo}, {example("shelter"), &demo},
                               {example("hall-full"), &demo}, {stress_alert(), &summit}};
    int frames = 0;
    for (ImVec2 size : kSizes) {
        for (Case& c : cases) {
            for (content::AlertStatus status : {content::AlertStatus::Actual, content::AlertStatus::Exercise}) {
                c.alert.status = status;
                const std::string what = where(size, c.alert.id + " " + content::alert_status_name(status));
                // Every page of the cycle; every language alone; the kiosk's buttons; high contrast.
                const int pages = alert_layout(frame(*c.event, size), c.alert).pages;
                for (int p = 0; p < pages; ++p, ++frames) {
                    const Drawn d = draw(*c.event, size, c.alert, {}, p * kAlertPageSeconds);
                    EXPECT_GE(d.texts.size(), 1u) << what;
                    EXPECT_TRUE(d.problems.empty()) << what << " page " << p << joined(d.problems);
                }
                for (const content::AlertText& t : c.alert.texts) {
                    AlertView kiosk;
                    kiosk.lang = t.lang;
                    kiosk.language_buttons = true;
                    const Drawn d = draw(*c.event, size, c.alert, kiosk, 0, true);
                    EXPECT_EQ(d.layout.shown, std::vector<std::string>{t.lang}) << what;
                    EXPECT_TRUE(d.problems.empty()) << what << " kiosk " << t.lang << joined(d.problems);
                }
            }
        }
    }
    EXPECT_GE(frames, 4 * 4 * 2 * 4) << "every size, alert, status and at least the pages";
    for (const std::string& line : *log_lines) ADD_FAILURE() << "logged: " << line;
}

// Cap height >= 50 mm and a pictogram >= 100 mm on a 55" panel of each size, measured on the
// ink: an "H" (and an alef, a Tajik "Ҳ") at the smallest size the takeover used.
TEST_F(AlertDraw, TheExamplesAreReadableFromTwentyMetres) {
    const content::Event demo = event_in({"ar", "ru", "en", "tg"});
    for (ImVec2 size : kSizes) {
        const float px_per_mm = std::hypot(size.x, size.y) / 1397.0f;
        for (const char* name : {"evacuate", "shelter", "hall-full"}) {
            const content::Alert a = example(name);
            for (const content::AlertText& t : a.texts) {
                AlertView alone;
                alone.lang = t.lang;
                const Drawn d = draw(demo, size, a, alone);
                const std::string what = where(size, std::string(name) + " " + t.lang);
                EXPECT_TRUE(d.layout.meets_rule) << what;
                float smallest = 1e9f;
                for (const AlertBox& b : d.layout.boxes) {
                    if (b.what == "headline" || b.what == "instruction") {
                        smallest = std::min(smallest, b.size_px);
                        EXPECT_GE(b.size_px, b.rule_px - 0.01f) << what << " " << b.what;
                    }
                    if (b.what == "pictogram") {
                        EXPECT_GE(b.max.y - b.min.y, 100 * px_per_mm) << what;
                    }
                }
                // The letter's ink at that size, in the takeover's font role.
                text::Style st;
                st.font_role = "heading";
                st.size_px = smallest;
                st.lang = t.lang;
                const char* letter = t.lang == "ar" ? "ا" : t.lang == "tg" ? "Ҳ" : "H";
                const auto l = engine->layout(letter, st);
                ImGui::NewFrame();
                engine->begin_frame();
                majlis::testing::DrawnTextRecorder rec(*engine);
                engine->draw(*l, ImGui::GetBackgroundDrawList(), ImVec2(0, 0), IM_COL32_WHITE);
                ASSERT_EQ(rec.texts.size(), 1u);
                const float ink = rec.texts[0].ink_max.y - rec.texts[0].ink_min.y;
                EXPECT_GE(ink, 50 * px_per_mm - 1) << what << ": cap height " << ink / px_per_mm << " mm";
                engine->end_frame();
                ImGui::Render();
            }
        }
    }
}

TEST_F(AlertDraw, RightToLeftIsRightAlignedAndMirrored) {
    const content::Event demo = event_in({"ar", "ru", "en", "tg"});
    const content::Alert a = example("evacuate");
    for (ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        for (const char* lang : {"ar", "en"}) {
            const bool rtl = std::string(lang) == "ar";
            AlertView alone;
            alone.lang = lang;
            const Drawn d = draw(demo, size, a, alone);
            const AlertBox *pict = nullptr, *headline = nullptr;
            for (const AlertBox& b : d.layout.boxes) {
                if (b.what == "pictogram") pict = &b;
                if (b.what == "headline") headline = &b;
            }
            ASSERT_TRUE(pict && headline) << lang;
            // The pictogram at the reading start: right of the text (landscape) or at the
            // right edge (portrait) in Arabic.
            if (size.x > size.y) {
                EXPECT_EQ(pict->min.x >= headline->max.x, rtl) << lang;
            }
            EXPECT_EQ(pict->min.x > size.x / 2, rtl) << where(size, lang);
            // The headline's ink against its column's start edge.
            const majlis::testing::DrawnText& ink = d.texts[0];
            const float edge = rtl ? ink.ink_max.x - headline->max.x : ink.ink_min.x - headline->min.x;
            EXPECT_NEAR(edge, 0, 0.03f * size.x) << where(size, lang);
        }
    }
}

TEST_F(AlertDraw, LanguagesCycleEveryFiveSecondsWhenTheyDoNotFitAtOnce) {
    const content::Event demo = event_in({"ar", "ru", "en", "tg"});
    const content::Alert a = example("evacuate");
    const ImVec2 size(1920, 1080);
    const char* order[] = {"ar", "ru", "en", "tg", "ar"};  // the event's display order
    for (int i = 0; i < 5; ++i) {
        const AlertLayout l = alert_layout(frame(demo, size, i * 5.0 + 0.5), a);
        EXPECT_EQ(l.pages, 4);
        EXPECT_EQ(l.shown, std::vector<std::string>{order[i]}) << i;
    }
    EXPECT_DOUBLE_EQ(alert_next_change_in(frame(demo, size, 3.5), a), 1.5);
    // Two short headlines fit at once: one page, nothing to wait for.
    content::Alert short_one;
    short_one.texts = {content::AlertText{"en", "Hall full", "", ""}, content::AlertText{"ar", "القاعة ممتلئة", "", ""}};
    const AlertLayout l = alert_layout(frame(demo, ImVec2(1080, 1920)), short_one);
    EXPECT_EQ(l.pages, 1);
    EXPECT_EQ(l.shown, (std::vector<std::string>{"ar", "en"}));
    EXPECT_TRUE(l.meets_rule);
    EXPECT_GE(alert_next_change_in(frame(demo, ImVec2(1080, 1920)), short_one), 60.0);
    // An alert in languages the event does not display still speaks (in its own order).
    const AlertLayout other = alert_layout(frame(event_in({"kk"}), size), short_one);
    EXPECT_EQ(other.shown, (std::vector<std::string>{"en", "ar"}));
}

TEST_F(AlertDraw, TheBannerSaysExerciseOrTestInTheLanguagesShown) {
    const content::Event demo = event_in({"ar", "ru", "en", "tg"});
    content::Alert a = example("hall-full");
    auto count = [](const AlertLayout& l, const char* what) {
        return std::count_if(l.boxes.begin(), l.boxes.end(), [&](const AlertBox& b) { return b.what == what; });
    };
    const ImVec2 size(1920, 1080);
    EXPECT_EQ(count(alert_layout(frame(demo, size), a), "banner"), 0);
    for (auto status : {content::AlertStatus::Exercise, content::AlertStatus::Test}) {
        a.status = status;
        const AlertLayout l = alert_layout(frame(demo, size), a);
        EXPECT_EQ(count(l, "banner"), 1);
        ASSERT_EQ(count(l, "banner.text"), long(l.shown.size()));
        for (const AlertBox& b : l.boxes) {
            if (b.what == "banner.text") {
                EXPECT_EQ(b.lang, l.shown.front());
            }
        }
    }
    // The words are the catalogue's, in the language (not English for everyone).
    EXPECT_EQ(phrase(demo, "ru", i18n::Phrase::AlertExercise), "УЧЕНИЯ – это не настоящая тревога");
    EXPECT_EQ(phrase(demo, "tg", i18n::Phrase::AlertTest), "САНҶИШ – ҳолати фавқулоддаи воқеӣ нест");
}

TEST_F(AlertDraw, SeverityChoosesTheColours) {
    const content::Event demo = event_in({"en"});
    content::Alert a = example("shelter");
    const ImVec2 size(1920, 1080);
    a.severity = content::AlertSeverity::Extreme;
    EXPECT_EQ(draw(demo, size, a, {}).layout.background, IM_COL32(160, 0, 0, 255));
    a.severity = content::AlertSeverity::Moderate;
    EXPECT_EQ(draw(demo, size, a, {}).layout.background, IM_COL32(255, 176, 0, 255));
    EXPECT_EQ(draw(demo, size, a, {}, 0, true).layout.background, IM_COL32(0, 0, 0, 255));
}

TEST_F(AlertDraw, TheKiosksButtonsNameTheirLanguage) {
    const content::Event demo = event_in({"ar", "ru", "en", "tg"});
    const content::Alert a = example("evacuate");
    AlertView kiosk;
    kiosk.language_buttons = true;
    const ScreenFrame f = frame(demo, ImVec2(1080, 1920));
    std::vector<std::string> langs;
    for (const AlertBox& b : alert_layout(f, a, kiosk).boxes) {
        if (b.what != "button") continue;
        langs.push_back(b.lang);
        EXPECT_EQ(alert_language_at(f, a, kiosk, ImVec2((b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2)), b.lang);
        EXPECT_GE(b.max.y - b.min.y, 12 * std::hypot(1080.0f, 1920.0f) / 1397 - 0.5f);  // 12 mm
    }
    EXPECT_EQ(langs, (std::vector<std::string>{"ar", "ru", "en", "tg"}));
    EXPECT_EQ(alert_language_at(f, a, kiosk, ImVec2(540, 600)), "");
    EXPECT_EQ(alert_language_at(f, a, {}, ImVec2(540, 1850)), "") << "no buttons off the kiosk";
}

TEST_F(AlertDraw, TinyScreensAndOddAlertsDoNotBreakIt) {
    const content::Event demo = event_in({"ar", "ru", "en", "tg"});
    const content::Alert empty;  // no texts (the parsers refuse it; the screen must not care)
    const content::Alert stress = stress_alert();
    for (ImVec2 size : {ImVec2(1, 1), ImVec2(320, 200), ImVec2(200, 320)})
        for (const content::Alert* a : {&empty, &stress}) EXPECT_GE(draw(demo, size, *a, {}, 7).layout.pages, 1);
}
