// The lobby screen (signage) and the room sign, and the logic behind them as plain functions.
//
// The lobby: the event's header (logo, name, clock and date in the event's time zone), NOW and
// NEXT per hall, a panel that rotates between the day's agenda (windowed around now: the
// current session highlighted, past ones dimmed), the roster and the documents' highlights,
// and a ticker of announcements that scrolls in the reading direction of its language.
// With LobbyOptions::hall set it is a room sign for that hall: the current session large with
// a countdown to its end, then what comes next.
//
// Everything is a function of the frame (the time included): no state is kept between frames,
// so `majlis render --at TIME` shows exactly what the screen shows at TIME, and every screen of
// the venue shows the same panel at the same moment. Sizes scale from the screen (1 unit = 1 %
// of its shorter side; body text 3.8 units, about 41 px at 1080p, readable at 5 m on a 55"
// screen); in right-to-left languages the whole layout mirrors.
//
// Render on demand: lobby_next_change_in() says how long the picture stays the same. While the
// ticker scrolls it steps kTickerFps times a second, by the same whole px each step (so a step
// is the last picture of the strip moved: the platform copies it and draws only what comes in,
// lobby_motion); otherwise the screen changes at the next clock minute (the room sign's
// countdown: second, within its own boxes), announcement boundary or panel change.
#pragma once

#include "screens/screens.h"

#include <string>
#include <string_view>
#include <vector>

namespace majlis::screens {

struct LobbyOptions {
    std::string hall;            // empty: the whole venue; a hall id: the room sign for that hall
                                 // (an unknown id draws the whole venue; the app validates it)
    double panel_seconds = 20;   // how long each rotating panel stays (<= 0: 20)
};

// Draws the lobby (or the room sign) into frame.draw_list; what of it moves on its own comes
// from the same layout (lobby_motion below, without laying the lobby out a second time).
struct LobbyMotion;
LobbyMotion draw_lobby(const ScreenFrame& frame, const LobbyOptions& options);
// (draw_lobby(const ScreenFrame&), declared in screens.h, is this with default options.)

// Seconds until something visible changes: > 0 and at most 60. While the ticker scrolls, the
// time to its next step (about 1 / kTickerFps: the loop should draw at 30 fps then).
double lobby_next_change_in(const ScreenFrame& frame, const LobbyOptions& options);

// What of the lobby moves on its own between two frames (damage-region rendering: the platform
// redraws only what changed). Everything but the ticker is a function of discrete moments (the
// clock's minute, a countdown's second, an announcement coming or going, the panel's turn):
// it stands still for `still_for` seconds of event time from the frame's now; until then two
// frames of the same lobby differ only in the ticker's strip, where the text scrolls, and the
// room sign's ticking countdown. That is the promise render on demand already rests on
// (next_change is lobby_next_change_in).
struct LobbyMotion {
    double next_change = 60;        // seconds until something visible changes (the ticker too)
    double still_for = 60;          // seconds until anything but the ticker's position changes
    bool ticker_moving = false;
    ImVec2 ticker_min, ticker_max;  // the ticker's strip (screen px), when it moves
    // Where it stands: ticker_offset_px, whole px in [0, ticker_cycle_px), and which way it
    // moves (right to left text moves right). The strip is its text on a ground that is the
    // same all along, edge to edge, repeating every cycle: between two frames it moved by the
    // difference of the offsets (modulo the cycle), and what comes in at one edge is new.
    float ticker_offset_px = 0, ticker_cycle_px = 0;
    bool ticker_rtl = false;
    // The room sign's countdown while it shows seconds, and its progress bar: they change every
    // second (next in `next_tick` seconds) within these boxes (x0, y0, x1, y1 screen px: what the
    // longest or shortest text and the bar may take), which still_for does not wait for. Two
    // frames with the same boxes at the same scale have everything else in the same place.
    std::vector<ImVec4> ticking;
    float ticking_scale = 0;
    double next_tick = 0;
};
LobbyMotion lobby_motion(const ScreenFrame& frame, const LobbyOptions& options);

constexpr int kTickerFps = 30;              // the ticker moves in steps of 1/30 s
constexpr float kTickerUnitsPerSecond = 10; // its speed: 10 % of the shorter side a second

//-----------------------------------------------------------------------------
// The logic, testable without pixels
//-----------------------------------------------------------------------------

// Seconds since the event's local midnight, with the milliseconds of now_utc_ms.
double local_seconds_of_day(const content::LocalDateTime& now, int64_t now_utc_ms);

enum class LobbyPanel { Agenda, Roster, Documents };

// The panels that rotate, in order: the agenda, then the roster (if there are participants),
// then the documents (if there are any).
std::vector<LobbyPanel> lobby_panels(const content::Event& event);
// Which of `count` panels shows at `seconds_of_day`: floor(seconds / period) % count.
int lobby_panel_index(double seconds_of_day, double panel_seconds, int count);

// NOW and NEXT of one hall, as the lobby's cards show them.
struct HallStatus {
    const content::Hall* hall = nullptr;
    const content::Session* now = nullptr;   // running in the hall now
    const content::Session* next = nullptr;  // the hall's next session (today or later)
};

// What the whole-venue lobby shows at `now`, apart from pixels.
struct LobbyModel {
    const content::Day* day = nullptr;          // the day shown (content::today)
    bool day_is_today = false;                  // day->date == now.date
    const content::Hall* main_hall = nullptr;   // the hall with the most sessions that day
    // The cards: the main hall first (always), then the other halls that have a session now
    // (by its start) and then those whose next session is on the day shown (by its start).
    std::vector<HallStatus> halls;
    // The agenda's rows: indices into day->sessions from one past session before the first
    // one still running or to come (all of the day before it starts; the day's end when over).
    size_t agenda_first = 0;
    std::vector<const content::Session*> current;  // the sessions running now (highlighted)
    std::vector<LobbyPanel> panels;
    int panel_index = 0;                        // into panels
    LobbyPanel panel = LobbyPanel::Agenda;
    double panel_elapsed = 0;                   // seconds since this panel came up
    std::vector<const content::Announcement*> ticker;  // the announcements valid now
};
LobbyModel lobby_model(const content::Event& event, const content::LocalDateTime& now,
                       int64_t now_utc_ms, const LobbyOptions& options);

// Is the session over / running at `now` (from its own date's midnight, whole seconds; one
// running past midnight is on until its end the next day)?
bool session_past(const content::Session& s, const content::Date& day, const content::LocalDateTime& now);
bool session_running(const content::Session& s, const content::Date& day, const content::LocalDateTime& now);

// The ticker's text: the announcements valid at `now` in `lang` (with the event's fallback),
// each isolated (FSI … PDI) and joined with " ● ". `loop` adds a trailing separator, for the
// text that repeats as it scrolls. "" when there are none. `hall`: the room sign's, whose day
// the announcements' dayparts read (content::active_announcements); "": the whole venue.
std::string ticker_text(const content::Event& event, const content::LocalDateTime& now,
                        std::string_view lang, bool loop, std::string_view hall = {});
// How far the scrolling ticker has moved at now_utc_ms, in [0, cycle_px): the time stepped
// to 1 / kTickerFps, times the speed rounded to whole px a step (at least 1), modulo the length
// of one cycle (text + gap; whole px: the lobby rounds it up). Whole px from whole px: a glyph
// keeps its subpixel phase as the text moves, so each step is the last picture moved.
float ticker_offset_px(int64_t now_utc_ms, float px_per_second, float cycle_px);
// Left edge of the copy of the ticker's text that the scroll starts from, in a strip
// [strip_x0, strip_x1): left-to-right text starts at the strip's left edge and moves left
// (new text enters on the right); right-to-left text ends at the strip's right edge and moves
// right (new text enters on the left). Further copies repeat every cycle_px.
float ticker_text_x(float strip_x0, float strip_x1, float text_width, float offset_px, bool rtl);
// Seconds until the ticker's next step after now_utc_ms: to the first whole millisecond of the
// next step, so in (0, 0.034].
double ticker_next_step_in(int64_t now_utc_ms);

// The countdown to `target` (a session's end or start, minutes of `target_date`) at `now`:
// within the hour "Ends in 12 min" (minutes rounded up) or, with `seconds`, "Ends in 12:34";
// beyond it "Ends at 12:20" ("Starts …" when !ending); "" for a start on another date or once
// it is past (an end may be past midnight: minutes beyond 24:00 of `target_date`).
// `shows_seconds` (if not null) tells whether the text changes every second. The
// wording is the catalogue's (i18n: ends_in, ends_in_clock, ends_at, starts_…), the event's
// `overrides` first.
std::string countdown_text(std::string_view lang, const content::LocalDateTime& now,
                           const content::Date& target_date, int target_minute, bool ending,
                           bool seconds, bool* shows_seconds = nullptr,
                           const i18n::Catalogue* overrides = nullptr);

// The room sign's content for one hall.
struct RoomSign {
    const content::Hall* hall = nullptr;       // null: unknown hall (the lobby is drawn instead)
    const content::Session* now = nullptr;
    const content::Session* next = nullptr;    // the hall's next session (any later day)
    const content::Session* after_next = nullptr;  // the one after that (shown when nothing runs)
    // The hall's sessions after the one shown as following (next if one runs, else
    // after_next), on that one's date, by start: the sign lists as many as fit.
    std::vector<const content::Session*> later;
    std::string countdown;                     // "Ends in 14:34", "Starts at 15:00", "" if none
    bool countdown_seconds = false;            // the countdown shows seconds
};
RoomSign room_sign(const content::Event& event, std::string_view hall_id,
                   const content::LocalDateTime& now, std::string_view lang);


// For tests: the text boxes the lobby draws at this frame (screen px), without drawing.
struct LobbyBox {
    ImVec2 min, max;
    std::string what;   // "clock", "agenda.title", "ticker", ...
};
std::vector<LobbyBox> lobby_text_boxes(const ScreenFrame& frame, const LobbyOptions& options);

}  // namespace majlis::screens
