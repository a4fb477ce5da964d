// The lobby screen and the room sign (app/screens/lobby.h) on the demo event: NOW/NEXT, the
// agenda's window, the panels' rotation, the ticker's content and direction, countdowns and
// their phrases, lobby_next_change_in, and drawing at 1920x1080, 1080x1920, 3840x2160 and
// 1280x800 in Arabic, Russian, English and Tajik: nothing outside the screen, no two texts
// overlapping (by the boxes the text engine records, drawn_text.h), the layout mirrored for
// Arabic. No GL: glyph pages live in memory.
#include "drawn_text.h"
#include "test_support.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/lobby.h"
#include "text/text_imgui.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

using namespace majlis;
using namespace majlis::screens;
using content::LocalDateTime;

namespace {

using majlis::testing::demo_event;

// "10:45" or "10:45:26" on the summit day (event local time).
LocalDateTime at(const std::string& hhmm) { return *content::parse_local_date_time("2025-10-09T" + hhmm); }
LocalDateTime at_day(const std::string& date_time) { return *content::parse_local_date_time(date_time); }

int64_t utc_of(const LocalDateTime& t, int ms = 0) {
    int64_t u = 0;
    EXPECT_TRUE(content::local_to_utc(t, demo_event()->time_zone, u));
    return u + ms;
}

std::string id(const content::Session* s) { return s ? s->id : "(none)"; }

std::vector<std::string> ids(const std::vector<const content::Announcement*>& v) {
    std::vector<std::string> out;
    for (const auto* a : v) out.push_back(a->id);
    return out;
}

LobbyModel model_at(const std::string& hhmm, int ms = 0, LobbyOptions o = {}) {
    const LocalDateTime t = at(hhmm);
    return lobby_model(*demo_event(), t, utc_of(t, ms), o);
}

//-----------------------------------------------------------------------------
// NOW / NEXT and the agenda window
//-----------------------------------------------------------------------------

TEST(LobbyModel, NowAndNextInTheMainHallDuringTheChairsAddress) {
    const LobbyModel m = model_at("10:45");
    ASSERT_TRUE(m.day);
    EXPECT_TRUE(m.day_is_today);
    ASSERT_TRUE(m.main_hall);
    EXPECT_EQ(m.main_hall->id, "sarazm");  // 6 of the day's 14 sessions
    ASSERT_FALSE(m.halls.empty());
    EXPECT_EQ(m.halls[0].hall->id, "sarazm");
    EXPECT_EQ(id(m.halls[0].now), "chair-address");
    EXPECT_EQ(id(m.halls[0].next), "statements");
    // Then the halls with something later that day, soonest first.
    std::vector<std::string> halls;
    for (const HallStatus& h : m.halls) halls.push_back(h.hall->id);
    EXPECT_EQ(halls, (std::vector<std::string>{"sarazm", "press-centre", "banquet-hall", "bilateral-room"}));
    ASSERT_EQ(m.current.size(), 1u);
    EXPECT_EQ(m.current[0]->id, "chair-address");
    // The agenda starts one session before the first that is still running.
    EXPECT_EQ(m.day->sessions[m.agenda_first].id, "opening");
}

TEST(LobbyModel, NothingLeftInTheMainHallAfterTheClosing) {
    const LobbyModel m = model_at("12:50");
    ASSERT_FALSE(m.halls.empty());
    EXPECT_EQ(m.halls[0].hall->id, "sarazm");  // the main hall's card stays, saying so
    EXPECT_EQ(id(m.halls[0].now), "(none)");
    EXPECT_EQ(id(m.halls[0].next), "(none)");
    ASSERT_GE(m.halls.size(), 2u);
    EXPECT_EQ(m.halls[1].hall->id, "press-centre");
    EXPECT_EQ(id(m.halls[1].next), "press-statement");
    EXPECT_TRUE(m.current.empty());
    EXPECT_EQ(m.day->sessions[m.agenda_first].id, "closing");  // the last one past
}

TEST(LobbyModel, SessionBoundariesAreExact) {
    // 11:00:00: the address is over, the statements run.
    LobbyModel m = model_at("11:00");
    EXPECT_EQ(id(m.halls[0].now), "statements");
    EXPECT_EQ(id(m.halls[0].next), "adoption");
    m = model_at("10:59:59");
    EXPECT_EQ(id(m.halls[0].now), "chair-address");
    // Before the day: every session to come, the agenda from the first.
    m = model_at("07:00");
    EXPECT_EQ(m.agenda_first, 0u);
    EXPECT_TRUE(m.current.empty());
    EXPECT_EQ(id(m.halls[0].next), "opening");
    // After the day: the whole agenda is past.
    m = model_at("19:00");
    EXPECT_EQ(m.agenda_first, m.day->sessions.size());
    EXPECT_EQ(m.halls.size(), 1u);  // only the main hall, with nothing more today
}

TEST(LobbyModel, TheDayBeforeShowsTheSummitDay) {
    const LocalDateTime t = at_day("2025-10-08T09:00");
    const LobbyModel m = lobby_model(*demo_event(), t, utc_of(t), {});
    ASSERT_TRUE(m.day);
    EXPECT_FALSE(m.day_is_today);
    EXPECT_EQ(m.agenda_first, 0u);
    EXPECT_EQ(id(m.halls[0].next), "opening");
    ASSERT_GE(m.halls.size(), 2u);
    EXPECT_EQ(id(m.halls[1].next), "press-accreditation");
}

//-----------------------------------------------------------------------------
// Panels
//-----------------------------------------------------------------------------

TEST(LobbyPanels, RotateEveryPeriodFromLocalMidnight) {
    EXPECT_EQ(lobby_panels(*demo_event()),
              (std::vector<LobbyPanel>{LobbyPanel::Agenda, LobbyPanel::Roster, LobbyPanel::Documents}));
    EXPECT_EQ(lobby_panel_index(0, 20, 3), 0);
    EXPECT_EQ(lobby_panel_index(19.999, 20, 3), 0);
    EXPECT_EQ(lobby_panel_index(20, 20, 3), 1);
    EXPECT_EQ(lobby_panel_index(40, 20, 3), 2);
    EXPECT_EQ(lobby_panel_index(60, 20, 3), 0);
    EXPECT_EQ(lobby_panel_index(12345, 20, 1), 0);
    EXPECT_EQ(lobby_panel_index(30, 0, 3), 1);  // a period <= 0 means 20 s

    // 10:45:00 is 38,700 s after midnight: 1,935 periods of 20 s, 1,935 % 3 = 0.
    EXPECT_EQ(model_at("10:45").panel, LobbyPanel::Agenda);
    EXPECT_EQ(model_at("10:45:19", 999).panel, LobbyPanel::Agenda);
    EXPECT_EQ(model_at("10:45:20").panel, LobbyPanel::Roster);
    EXPECT_EQ(model_at("10:45:40").panel, LobbyPanel::Documents);
    EXPECT_EQ(model_at("10:46:00").panel, LobbyPanel::Agenda);
    EXPECT_DOUBLE_EQ(model_at("10:45:25", 500).panel_elapsed, 5.5);
    LobbyOptions slow;
    slow.panel_seconds = 60;
    EXPECT_EQ(model_at("10:45:50", 0, slow).panel, LobbyPanel::Agenda);  // 645 % 3 = 0
    EXPECT_EQ(model_at("10:46:00", 0, slow).panel, LobbyPanel::Roster);
}

//-----------------------------------------------------------------------------
// Ticker
//-----------------------------------------------------------------------------

TEST(LobbyTicker, ShowsExactlyTheAnnouncementsValidThen) {
    using V = std::vector<std::string>;
    EXPECT_EQ(ids(model_at("08:00").ticker), V{"press-desk-closes"});
    EXPECT_EQ(ids(model_at("09:30").ticker), V{});  // valid_until is exclusive
    EXPECT_EQ(ids(model_at("10:27").ticker), (V{"take-your-seats", "phones-silent"}));
    EXPECT_EQ(ids(model_at("10:45").ticker), V{"phones-silent"});
    EXPECT_EQ(ids(model_at("12:45").ticker), (V{"press-statement", "documents-available"}));
    EXPECT_EQ(ids(model_at("12:50").ticker), (V{"press-statement", "documents-available"}));
    EXPECT_EQ(ids(model_at("13:00").ticker), V{"documents-available"});

    EXPECT_EQ(ticker_text(*demo_event(), at("09:30"), "en", true), "");
    EXPECT_EQ(ticker_text(*demo_event(), at("10:45"), "en", false),
              "\u2068Please switch mobile phones to silent mode in the Sarazm Hall.\u2069");
    const std::string two = ticker_text(*demo_event(), at("12:50"), "ru", false);
    EXPECT_EQ(two,
              "\u2068Заявление Председателя саммита для прессы – в 13:00 в пресс-центре.\u2069  \u25CF  "
              "\u2068Итоговая декларация и Совместный план действий на 2025–2027 годы – у информационной стойки.\u2069");
    EXPECT_EQ(ticker_text(*demo_event(), at("12:50"), "ru", true), two + "  \u25CF");
}

TEST(LobbyTicker, AnAnnouncementForBreaksShowsInTheBreaksOfTheScreensHall) {
    // The whole venue pauses 12:45-13:00 (the closing ends, the press statement follows), while
    // the Sarazm Hall's day is over then; at 10:45 the Chair's address is on.
    using V = std::vector<std::string>;
    content::Event ev = *demo_event();
    content::Announcement coffee;
    coffee.id = "coffee";
    coffee.text.by_lang["en"] = "Coffee is served in the Grand Foyer.";
    coffee.when.during = content::DayPhase::Breaks;
    ev.announcements = {coffee};
    auto ticker = [&](const std::string& hhmm, const std::string& hall) {
        LobbyOptions o;
        o.hall = hall;
        return ids(lobby_model(ev, at(hhmm), utc_of(at(hhmm)), o).ticker);
    };
    EXPECT_EQ(ticker("10:45", ""), V{});
    EXPECT_EQ(ticker("12:44", ""), V{});
    EXPECT_EQ(ticker("12:45", ""), V{"coffee"});
    EXPECT_EQ(ticker("12:59", ""), V{"coffee"});
    EXPECT_EQ(ticker("13:00", ""), V{});
    EXPECT_EQ(ticker("12:50", "sarazm"), V{});        // after its last session
    EXPECT_EQ(ticker("10:20", "sarazm"), V{});        // before its first
    EXPECT_EQ(ticker("15:50", "bilateral-room"), V{"coffee"});
    EXPECT_EQ(ticker_text(ev, at("12:50"), "en", false), "\u2068Coffee is served in the Grand Foyer.\u2069");
    EXPECT_EQ(ticker_text(ev, at("12:50"), "en", false, "sarazm"), "");
}

TEST(LobbyTicker, StepsThirtyTimesASecondAndWraps) {
    const int64_t t0 = utc_of(at("12:50"));
    const float speed = 108, cycle = 5000;
    // Within one 1/30 s step the ticker stands still; each step moves it the same whole px,
    // 108 px a second rounded to 4 px a step (a step is the last picture moved: damage.h).
    EXPECT_FLOAT_EQ(ticker_offset_px(t0, speed, cycle), ticker_offset_px(t0 + 33, speed, cycle));
    for (int64_t ms = 0; ms < 200000; ms += 777) {
        const float o = ticker_offset_px(t0 + ms, speed, cycle);
        EXPECT_GE(o, 0.0f);
        EXPECT_LT(o, cycle);
        EXPECT_EQ(o, std::floor(o));
        const float next = ticker_offset_px(t0 + ms + int64_t(std::ceil(ticker_next_step_in(t0 + ms) * 1000)), speed, cycle);
        EXPECT_EQ(std::fmod(next - o + cycle, cycle), 4.0f);
    }
    // A cycle of fractional px is rounded up: offsets wrap at 5001.
    int wraps = 0;
    for (int64_t ms = 0; ms < 60000; ms += 1000 / 30 + 1) {
        const int64_t step = int64_t(std::ceil(ticker_next_step_in(t0 + ms) * 1000));
        const float o = ticker_offset_px(t0 + ms, speed, 5000.5f), next = ticker_offset_px(t0 + ms + step, speed, 5000.5f);
        EXPECT_EQ(std::fmod(next - o + 5001.0f, 5001.0f), 4.0f);
        wraps += next < o;
    }
    EXPECT_GT(wraps, 0);
    EXPECT_EQ(ticker_offset_px(t0, speed, 0), 0.0f);
    // The time to the next step: never 0, at most 1/30 s (to the whole millisecond).
    for (int64_t ms = 0; ms < 100; ++ms) {
        const double d = ticker_next_step_in(t0 + ms);
        EXPECT_GT(d, 0.0);
        EXPECT_LE(d, 0.034 + 1e-9);
        EXPECT_NE(ticker_offset_px(t0 + ms, speed, cycle),
                  ticker_offset_px(t0 + ms + int64_t(std::ceil(d * 1000)), speed, cycle));
    }
}

TEST(LobbyTicker, MovesTowardTheReadingEnd) {
    // Left-to-right text moves left (new text enters on the right); right-to-left text moves
    // right (new text enters on the left).
    const float cycle = 4000, w = 3900, speed = 108;
    const int64_t t0 = utc_of(at("12:50"));
    int ltr_left = 0, rtl_right = 0, n = 0;
    for (int64_t ms = 0; ms < 60000; ms += 500) {
        const float o1 = ticker_offset_px(t0 + ms, speed, cycle), o2 = ticker_offset_px(t0 + ms + 100, speed, cycle);
        if (o2 < o1) continue;  // wrapped
        ++n;
        ltr_left += ticker_text_x(0, 1920, w, o2, false) < ticker_text_x(0, 1920, w, o1, false);
        rtl_right += ticker_text_x(0, 1920, w, o2, true) > ticker_text_x(0, 1920, w, o1, true);
    }
    EXPECT_GT(n, 100);
    EXPECT_EQ(ltr_left, n);
    EXPECT_EQ(rtl_right, n);
    // At offset 0 the text starts at its reading start: the left edge, or the right edge.
    EXPECT_EQ(ticker_text_x(10, 1910, w, 0, false), 10);
    EXPECT_EQ(ticker_text_x(10, 1910, w, 0, true) + w, 1910);
}

//-----------------------------------------------------------------------------
// Countdowns and phrases
//-----------------------------------------------------------------------------

TEST(LobbyPhrases, FromTheCatalogueWithEnglishFallback) {
    using i18n::Phrase;
    EXPECT_EQ(i18n::phrase("ar", Phrase::Now), "الآن");
    EXPECT_EQ(i18n::phrase("ar", Phrase::Next), "التالي");
    EXPECT_EQ(i18n::phrase("ru", Phrase::Now), "Сейчас");
    EXPECT_EQ(i18n::phrase("ru", Phrase::Next), "Далее");
    EXPECT_EQ(i18n::phrase("en", Phrase::Now), "Now");
    EXPECT_EQ(i18n::phrase("en", Phrase::Next), "Next");
    EXPECT_EQ(i18n::phrase("tg", Phrase::Now), "Ҳозир");
    EXPECT_EQ(i18n::phrase("tg", Phrase::Next), "Баъдӣ");
    EXPECT_EQ(i18n::phrase("kk", Phrase::Next), "Келесі");
    EXPECT_EQ(i18n::phrase("fr", Phrase::Next), "Next");
    EXPECT_EQ(i18n::phrase("ar-EG", Phrase::Now), "الآن");
}

TEST(LobbyPhrases, CountdownsRoundUpToTheMinuteOrShowSeconds) {
    const content::Date day{2025, 10, 9};
    bool secs = true;
    // The lobby's cards: minutes, rounded up (10:45:30 to 11:00 is 14.5 min: "15").
    EXPECT_EQ(countdown_text("en", at("10:45:30"), day, 11 * 60, true, false, &secs), "Ends in 15 min");
    EXPECT_FALSE(secs);
    EXPECT_EQ(countdown_text("en", at("10:46"), day, 11 * 60, true, false), "Ends in 14 min");
    EXPECT_EQ(countdown_text("ru", at("10:45"), day, 11 * 60, true, false), "До конца 15 минут");
    EXPECT_EQ(countdown_text("ar", at("10:45"), day, 11 * 60, true, false), "ينتهي بعد 15 دقيقة");
    EXPECT_EQ(countdown_text("tg", at("10:45"), day, 11 * 60, true, false), "Анҷом пас аз 15 дақиқа");
    // The room sign: minutes and seconds within the hour.
    EXPECT_EQ(countdown_text("en", at("10:45:26"), day, 11 * 60, true, true, &secs), "Ends in 14:34");
    EXPECT_TRUE(secs);
    EXPECT_EQ(countdown_text("en", at("10:05:10"), day, 10 * 60 + 30, false, true), "Starts in 24:50");
    // Beyond the hour: the time it happens.
    EXPECT_EQ(countdown_text("en", at("11:00"), day, 12 * 60 + 20, true, true, &secs), "Ends at 12:20");
    EXPECT_FALSE(secs);
    EXPECT_EQ(countdown_text("ru", at("09:00"), day, 10 * 60 + 30, false, true), "Начало в 10:30");
    // Past, or another day: nothing.
    EXPECT_EQ(countdown_text("en", at("11:00"), day, 11 * 60, true, true), "");
    EXPECT_EQ(countdown_text("en", at_day("2025-10-08T23:50"), day, 10 * 60, false, true), "");
}

TEST(LobbyRoomSign, CurrentSessionWithCountdownThenWhatComes) {
    RoomSign r = room_sign(*demo_event(), "sarazm", at("10:45:26"), "en");
    ASSERT_TRUE(r.hall);
    EXPECT_EQ(id(r.now), "chair-address");
    EXPECT_EQ(id(r.next), "statements");
    EXPECT_EQ(r.countdown, "Ends in 14:34");
    EXPECT_TRUE(r.countdown_seconds);
    ASSERT_EQ(r.later.size(), 2u);  // after the statements: adoption, closing
    EXPECT_EQ(r.later[0]->id, "adoption");
    EXPECT_EQ(r.later[1]->id, "closing");
    EXPECT_EQ(room_sign(*demo_event(), "sarazm", at("10:45:26"), "ar").countdown, "ينتهي بعد 14:34");

    // Nothing runs yet: the next session leads, with "starts in".
    r = room_sign(*demo_event(), "sarazm", at("10:05:10"), "en");
    EXPECT_EQ(id(r.now), "(none)");
    EXPECT_EQ(id(r.next), "opening");
    EXPECT_EQ(id(r.after_next), "chair-address");
    EXPECT_EQ(r.countdown, "Starts in 24:50");
    r = room_sign(*demo_event(), "sarazm", at("09:00"), "tg");
    EXPECT_EQ(r.countdown, "Оғоз соати 10:30");
    EXPECT_FALSE(r.countdown_seconds);

    // The statements run 80 minutes: the end time first, seconds within the last hour.
    r = room_sign(*demo_event(), "sarazm", at("11:10"), "en");
    EXPECT_EQ(r.countdown, "Ends at 12:20");
    r = room_sign(*demo_event(), "sarazm", at("11:20:01"), "en");
    EXPECT_EQ(r.countdown, "Ends in 59:59");

    // After the closing: nothing now, nothing next.
    r = room_sign(*demo_event(), "sarazm", at("12:50"), "en");
    EXPECT_EQ(id(r.now), "(none)");
    EXPECT_EQ(id(r.next), "(none)");
    EXPECT_EQ(r.countdown, "");

    EXPECT_EQ(room_sign(*demo_event(), "no-such-hall", at("10:45"), "en").hall, nullptr);
}

// A party 23:00-01:30 in the main hall (end 25:30: content.h, Session) is on until 01:30 the
// next morning: NOW on the lobby's card and the room sign, counted down across midnight.
TEST(LobbyRoomSign, APartyPastMidnightIsOnUntilItsEnd) {
    auto ev = std::make_shared<content::Event>(*demo_event());
    content::Day& day = ev->days.at(0);
    content::Session party;
    party.id = "party";
    party.date = day.date;
    party.start = content::Minutes{23 * 60};
    party.end = content::Minutes{25 * 60 + 30};
    party.hall = "sarazm";
    party.title.by_lang["en"] = "Party";
    day.sessions.push_back(party);
    const content::Session& s = day.sessions.back();

    RoomSign r = room_sign(*ev, "sarazm", at("23:30"), "en");
    EXPECT_EQ(id(r.now), "party");
    EXPECT_EQ(r.countdown, "Ends at 01:30");
    r = room_sign(*ev, "sarazm", at_day("2025-10-10T00:30"), "en");
    EXPECT_EQ(id(r.now), "party");
    EXPECT_EQ(r.countdown, "Ends in 60:00");
    r = room_sign(*ev, "sarazm", at_day("2025-10-10T01:29:30"), "ru");
    EXPECT_EQ(id(r.now), "party");
    EXPECT_EQ(r.countdown, "До конца 0:30");
    r = room_sign(*ev, "sarazm", at_day("2025-10-10T01:30"), "en");
    EXPECT_EQ(id(r.now), "(none)");
    EXPECT_EQ(r.countdown, "");

    EXPECT_EQ(countdown_text("en", at_day("2025-10-10T01:00"), day.date, 25 * 60 + 30, true, false), "Ends in 30 min");
    EXPECT_TRUE(session_running(s, day.date, at_day("2025-10-10T00:00")));
    EXPECT_FALSE(session_past(s, day.date, at_day("2025-10-10T01:29:59")));
    EXPECT_TRUE(session_past(s, day.date, at_day("2025-10-10T01:30")));
    EXPECT_FALSE(session_running(s, day.date, at_day("2025-10-10T01:30")));

    const LocalDateTime night = at_day("2025-10-10T00:30");
    const LobbyModel m = lobby_model(*ev, night, utc_of(night), {});
    ASSERT_FALSE(m.halls.empty());
    EXPECT_EQ(m.halls[0].hall->id, "sarazm");
    EXPECT_EQ(id(m.halls[0].now), "party");
    ASSERT_EQ(m.current.size(), 1u);  // the agenda (the last day's) marks it as running
    EXPECT_EQ(m.current[0]->id, "party");
}

TEST(LobbyDates, LongDateInTheLanguage) {
    const content::Date d{2025, 10, 9};
    const auto long_date = [](const content::Date& date, const char* lang) {
        return format_date(date, lang, i18n::DateStyle::Long);
    };
    EXPECT_EQ(long_date(d, "en"), "9 October 2025");
    EXPECT_EQ(long_date(d, "ru"), "9 октября 2025\u202Fг.");  // ICU's narrow no-break space
    EXPECT_EQ(long_date(d, "ar"), "9 أكتوبر 2025");  // Latin digits, like the clock
    EXPECT_EQ(long_date(d, "tg"), "9 октябри 2025");
    EXPECT_EQ(long_date(content::Date{2026, 5, 1}, "tg"), "1 майи 2026");
    EXPECT_EQ(long_date(d, "kk"), "2025\u202Fж. 9 қазан");
    EXPECT_EQ(long_date(content::Date{2025, 13, 1}, "en"), "");
}

//-----------------------------------------------------------------------------
// Drawing (and lobby_next_change_in, which lays the screen out)
//-----------------------------------------------------------------------------


struct LobbyDraw : majlis::testing::ScreenSuite {
    ScreenFrame frame(ImVec2 size, const LocalDateTime& t, const std::string& lang, int ms = 0, ImDrawList* dl = nullptr) {
        return ScreenFrame{*engine, dl, size, *demo_event(), t, utc_of(t, ms), 0.0, lang, nullptr, false};
    }
};

struct Drawn {
    int vertices = 0;
    int bad_clips = 0;     // clip rectangles reaching past the screen
    std::vector<std::string> problems;  // texts off the screen or overlapping (drawn_text.h)
};

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines) s += "\n  " + l;
    return s;
}

Drawn draw_and_inspect(LobbyDraw& t, ImVec2 size, const LocalDateTime& when, const std::string& lang,
                       const LobbyOptions& o, bool high_contrast = false) {
    ImGui::GetIO().DisplaySize = size;
    ImGui::NewFrame();
    LobbyDraw::engine->begin_frame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    ScreenFrame f = t.frame(size, when, lang, 0, dl);
    f.high_contrast = high_contrast;
    Drawn d;
    {
        majlis::testing::DrawnTextRecorder texts(*LobbyDraw::engine);
        draw_lobby(f, o);
        d.problems = majlis::testing::drawn_text_problems(texts.texts, size);
    }
    LobbyDraw::engine->end_frame();
    ImGui::Render();
    d.vertices = dl->VtxBuffer.Size;
    const float eps = 0.5f;
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
        const ImVec4 c = cmd.ClipRect;
        if (c.x < -eps || c.y < -eps || c.z > size.x + eps || c.w > size.y + eps) ++d.bad_clips;
    }
    return d;
}

const LobbyBox* find_box(const std::vector<LobbyBox>& boxes, const std::string& what) {
    for (const LobbyBox& b : boxes)
        if (b.what == what) return &b;
    return nullptr;
}

// The checks themselves: a paragraph whose last line falls below the screen is seen although
// the engine culls that line's glyphs (no vertex leaves the screen), and so are two texts
// drawn over each other; one text drawn in two layers (synthetic bold) is not an overlap.
TEST_F(LobbyDraw, TheTextChecksSeeALineBelowTheScreenAndOverlaps) {
    using majlis::testing::drawn_text_problems;
    const ImVec2 size(1920, 1080);
    text::Style st;
    st.size_px = 40;
    st.max_width = 600;
    const auto three = engine->layout("one two three four five six seven eight nine ten eleven twelve thirteen "
                                      "fourteen fifteen sixteen seventeen eighteen nineteen twenty",
                                      st);
    ASSERT_GE(three->lines.size(), 3u);
    const auto word = engine->layout("Word", st);
    auto draw_texts = [&](std::initializer_list<std::pair<const text::Layout*, ImVec2>> texts) {
        ImGui::GetIO().DisplaySize = size;
        ImGui::NewFrame();
        engine->begin_frame();
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        majlis::testing::DrawnTextRecorder rec(*engine);
        for (const auto& [layout, pos] : texts) engine->draw(*layout, dl, pos, IM_COL32_WHITE);
        std::vector<std::string> problems = drawn_text_problems(rec.texts, size);
        engine->end_frame();
        ImGui::Render();
        int outside = 0;
        for (const ImDrawVert& v : dl->VtxBuffer) outside += v.pos.y > size.y;
        EXPECT_EQ(outside, 0) << "the engine culls what is off the screen";
        return problems;
    };
    // The last line's box starts just below the bottom edge: its glyphs are culled, its box is not.
    const float y = size.y + 1 - three->lines.back().baseline + three->lines.back().ascent;
    EXPECT_EQ(draw_texts({{three.get(), ImVec2(100, y)}}).size(), 1u);
    EXPECT_EQ(draw_texts({{three.get(), ImVec2(100, size.y + 200)}}).size(), 1u) << "wholly below the screen";
    EXPECT_EQ(draw_texts({{three.get(), ImVec2(100, 100)}}).size(), 0u);
    EXPECT_EQ(draw_texts({{three.get(), ImVec2(1500, 100)}}).size(), 2u) << "past the end edge: box and ink";
    EXPECT_EQ(draw_texts({{three.get(), ImVec2(100, 100)}, {word.get(), ImVec2(300, 110)}}).size(), 1u);
    EXPECT_EQ(draw_texts({{three.get(), ImVec2(100, 100)}, {word.get(), ImVec2(300, 100 + three->height)}}).size(), 0u);
    EXPECT_EQ(draw_texts({{word.get(), ImVec2(100, 100)}, {word.get(), ImVec2(101.25f, 100)}}).size(), 0u)
        << "one text in two layers";
}

const ImVec2 kSizes[] = {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(3840, 2160), ImVec2(1280, 800)};

TEST_F(LobbyDraw, EverySizeAndLanguageDrawsInsideTheScreenWithoutOverlaps) {
    // Each panel (10:45:00 agenda, :20 roster, :40 documents), the afternoon (two scrolling
    // announcements), and the room sign running and waiting.
    const char* times[] = {"10:45", "10:45:20", "10:45:40", "12:50"};
    for (ImVec2 size : kSizes) {
        for (const char* lang : {"ar", "ru", "en", "tg"}) {
            for (const char* tm : times) {
                const std::string where = std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + " " +
                                          lang + " " + tm;
                const Drawn d = draw_and_inspect(*this, size, at(tm), lang, {});
                EXPECT_GT(d.vertices, 1000) << where;
                EXPECT_EQ(d.bad_clips, 0) << where;
                EXPECT_TRUE(d.problems.empty()) << where << joined(d.problems);
            }
            for (const char* tm : {"10:45:26", "10:05:10", "12:50"}) {
                LobbyOptions room;
                room.hall = "sarazm";
                const std::string where = std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + " " +
                                          lang + " room " + tm;
                const Drawn d = draw_and_inspect(*this, size, at(tm), lang, room);
                // Something real is drawn. Not an exact count: how much of the scrolling ticker
                // is on screen depends on its width (1080x1920 en at 12:50: 500 vertices, 508
                // before spaces next to other fonts took their run's font).
                EXPECT_GT(d.vertices, 400) << where;
                EXPECT_TRUE(d.problems.empty()) << where << joined(d.problems);
            }
        }
    }
    for (const std::string& line : *log_lines) ADD_FAILURE() << "logged: " << line;
}

TEST_F(LobbyDraw, HighContrastAndTheDaysAroundTheEventDrawToo) {
    for (ImVec2 size : kSizes) {
        EXPECT_TRUE(draw_and_inspect(*this, size, at("10:45"), "ar", {}, true).problems.empty());
        for (const char* when : {"2025-10-08T09:00", "2025-10-10T09:00"}) {
            LobbyOptions room;
            room.hall = "sarazm";
            for (const char* lang : {"en", "ar"})
                for (const LobbyOptions& o : {LobbyOptions{}, room}) {
                    const Drawn d = draw_and_inspect(*this, size, at_day(when), lang, o);
                    EXPECT_TRUE(d.problems.empty()) << when << " " << lang << " " << o.hall << joined(d.problems);
                }
        }
    }
}

TEST_F(LobbyDraw, ArabicMirrorsTheLayout) {
    const ImVec2 size(1920, 1080);
    for (const char* lang : {"ar", "en"}) {
        const bool rtl = std::string(lang) == "ar";
        const auto boxes = lobby_text_boxes(frame(size, at("10:45"), lang), {});
        const LobbyBox *clock = find_box(boxes, "clock"), *name = find_box(boxes, "name"),
                       *time = find_box(boxes, "agenda.time"), *title = find_box(boxes, "agenda.title"),
                       *hall = find_box(boxes, "card.hall");
        ASSERT_TRUE(clock && name && time && title && hall) << lang;
        // Clock at the end, the name at the start; the times before the titles; the cards
        // column at the start, the agenda at the end.
        EXPECT_EQ(clock->min.x < name->min.x, rtl) << lang;
        EXPECT_EQ(time->min.x > title->max.x, rtl) << lang;
        EXPECT_EQ(hall->min.x > title->max.x, rtl) << lang;
    }
}

TEST_F(LobbyDraw, UnknownHallDrawsTheWholeVenue) {
    LobbyOptions o;
    o.hall = "no-such-hall";
    const auto boxes = lobby_text_boxes(frame(ImVec2(1920, 1080), at("10:45"), "en"), o);
    EXPECT_TRUE(find_box(boxes, "agenda.title"));
    EXPECT_FALSE(find_box(boxes, "room.title"));
}

TEST_F(LobbyDraw, EmptyEventsAndTinyScreensDoNotBreakIt) {
    content::Event empty;  // no halls, days, people, documents or announcements
    empty.name.by_lang["en"] = "Event";
    for (ImVec2 size : {ImVec2(1920, 1080), ImVec2(320, 200), ImVec2(1, 1)}) {
        for (const char* hall : {"", "sarazm"}) {
            LobbyOptions o;
            o.hall = hall;
            for (const content::Event* ev : std::vector<const content::Event*>{&empty, demo_event().get()}) {
                ImGui::GetIO().DisplaySize = size;
                ImGui::NewFrame();
                engine->begin_frame();
                const ScreenFrame f{*engine, ImGui::GetBackgroundDrawList(), size, *ev, at("10:45"),
                                    utc_of(at("10:45")), 0.0, "ar", nullptr, false};
                draw_lobby(f, o);
                const double d = lobby_next_change_in(f, o);
                EXPECT_GT(d, 0.0);
                EXPECT_LE(d, 60.0);
                engine->end_frame();
                ImGui::Render();
            }
        }
    }
}

TEST_F(LobbyDraw, NextChangeIn) {
    const ImVec2 size(1920, 1080);
    LobbyOptions lobby;
    // 10:45:00.000 in English: one short announcement (it fits: no scrolling); the panel
    // changes at 10:45:20, before the clock's next minute.
    EXPECT_DOUBLE_EQ(lobby_next_change_in(frame(size, at("10:45"), "en"), lobby), 20.0);
    EXPECT_NEAR(lobby_next_change_in(frame(size, at("10:45:05"), "en", 250), lobby), 14.75, 1e-9);
    // With a long period the clock's minute comes first.
    LobbyOptions slow;
    slow.panel_seconds = 3600;
    EXPECT_NEAR(lobby_next_change_in(frame(size, at("10:45:05"), "en", 250), slow), 54.75, 1e-9);
    // Two announcements scroll: the ticker's next step.
    const double scrolling = lobby_next_change_in(frame(size, at("12:50"), "en", 10), lobby);
    EXPECT_GT(scrolling, 0.0);
    EXPECT_LE(scrolling, 0.034 + 1e-9);
    // An announcement that comes or goes on the second.
    content::Event ev = *demo_event();
    for (content::Announcement& a : ev.announcements) {
        if (a.id == "take-your-seats") {
            a.valid_from = at("10:45:30");
            a.valid_until = at("10:45:40");
        }
    }
    {
        const ScreenFrame f{*engine, nullptr, size, ev, at("10:45:10"), utc_of(at("10:45:10")), 0.0, "en", nullptr, false};
        EXPECT_NEAR(lobby_next_change_in(f, slow), 20.0, 1e-9);
    }
    // The room sign counts seconds within the last hour, minutes before.
    LobbyOptions room;
    room.hall = "sarazm";
    room.panel_seconds = 3600;
    EXPECT_NEAR(lobby_next_change_in(frame(size, at("10:45:26"), "en", 400), room), 0.6, 1e-9);
    EXPECT_NEAR(lobby_next_change_in(frame(size, at("09:00:10"), "en"), room), 50.0, 1e-9);
    // Always positive, at most a minute.
    for (const char* tm : {"00:00", "07:29:59", "10:29:59", "12:44:59", "23:59:59"}) {
        const double d = lobby_next_change_in(frame(size, at(tm), "ar", 999), lobby);
        EXPECT_GT(d, 0.0) << tm;
        EXPECT_LE(d, 60.0) << tm;
    }
}

}  // namespace
