// The lobby screen (signage) and the room sign. See lobby.h for what is shown and why.
//
// Index of this file
//   [SECTION] The model (now/next, agenda window, panels, ticker, countdowns: no pixels)
//   [SECTION] Painting (the Canvas: mirrored placement, text boxes; palette, cards, pills,
//             chevrons, initials: painter.h)
//   [SECTION] The lobby (header, NOW/NEXT cards, rotating panel, ticker)
//   [SECTION] The room sign
//   [SECTION] Entry points
//
// Geometry: u = 1 % of the screen's shorter side; every size is a multiple of u, so the same
// code serves 1920x1080, 1080x1920, 3840x2160 and 1280x800. Positions are computed in
// "logical" x (from the reading start edge) and mirrored for right-to-left languages, so the
// whole layout (alignment, column order, progress bars, dots) flips; chevrons point toward the
// reading end (painter.h).
#include "screens/lobby.h"

#include "screens/painter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace majlis::screens {

using content::Date;
using content::Event;
using content::LocalDateTime;
using content::Session;

//-----------------------------------------------------------------------------
// [SECTION] The model
//-----------------------------------------------------------------------------

namespace {

int second_of_day(const LocalDateTime& t) { return t.minute_of_day * 60 + t.second; }

// A session's date: its own, or (models built by hand) the date of the day holding it.
Date date_of(const Event& ev, const Session& s) {
    if (s.date != Date{}) return s.date;
    for (const content::Day& d : ev.days)
        if (!d.sessions.empty() && &s >= &d.sessions.front() && &s <= &d.sessions.back()) return d.date;
    return s.date;
}

Date session_day(const Session& s, const Date& day) { return s.date == Date{} ? day : s.date; }

}  // namespace

double local_seconds_of_day(const LocalDateTime& now, int64_t now_utc_ms) {
    const int64_t ms = ((now_utc_ms % 1000) + 1000) % 1000;
    return double(second_of_day(now)) + double(ms) / 1000.0;
}

bool session_past(const Session& s, const Date& day, const LocalDateTime& now) {
    return s.end.value * 60 <= content::seconds_since(session_day(s, day), now);
}

bool session_running(const Session& s, const Date& day, const LocalDateTime& now) {
    const int64_t t = content::seconds_since(session_day(s, day), now);
    return !s.live.cancelled && s.start.value * 60 <= t && t < s.end.value * 60;
}

std::vector<LobbyPanel> lobby_panels(const Event& ev) {
    std::vector<LobbyPanel> panels{LobbyPanel::Agenda};
    if (!ev.participants.empty()) panels.push_back(LobbyPanel::Roster);
    if (!ev.documents.empty()) panels.push_back(LobbyPanel::Documents);
    return panels;
}

int lobby_panel_index(double seconds_of_day, double panel_seconds, int count) {
    if (count <= 1) return 0;
    if (!(panel_seconds > 0)) panel_seconds = 20;
    const double k = std::floor(std::max(0.0, seconds_of_day) / panel_seconds);
    return int(std::fmod(k, double(count)));
}

LobbyModel lobby_model(const Event& ev, const LocalDateTime& now, int64_t now_utc_ms, const LobbyOptions& options) {
    LobbyModel m;
    m.day = content::today(ev, now);
    m.day_is_today = m.day && m.day->date == now.date;

    // The main hall: the one with the most sessions on the day shown (ties: the first listed).
    size_t best = 0;
    for (const content::Hall& h : ev.halls) {
        size_t n = 0;
        if (m.day)
            for (const Session& s : m.day->sessions) n += s.hall == h.id;
        if (!m.main_hall || n > best) {
            m.main_hall = &h;
            best = n;
        }
    }

    // The cards: the main hall, then halls with a session now, then halls with one to come that day.
    std::vector<HallStatus> running, coming;
    for (const content::Hall& h : ev.halls) {
        const content::NowNext nn = content::now_next(ev, h.id, now);
        HallStatus st{&h, nn.now, nn.next};
        if (&h == m.main_hall) {
            m.halls.insert(m.halls.begin(), st);
            continue;
        }
        if (st.now) {
            running.push_back(st);
        } else if (st.next && m.day && date_of(ev, *st.next) == m.day->date) {
            coming.push_back(st);
        }
    }
    std::stable_sort(running.begin(), running.end(),
                     [](const HallStatus& a, const HallStatus& b) { return a.now->start < b.now->start; });
    std::stable_sort(coming.begin(), coming.end(),
                     [](const HallStatus& a, const HallStatus& b) { return a.next->start < b.next->start; });
    m.halls.insert(m.halls.end(), running.begin(), running.end());
    m.halls.insert(m.halls.end(), coming.begin(), coming.end());

    // The agenda window: one past session, then what runs and what comes.
    if (m.day) {
        const auto& ss = m.day->sessions;
        size_t first_live = ss.size();
        for (size_t i = 0; i < ss.size(); ++i) {
            if (!session_past(ss[i], m.day->date, now)) {
                first_live = i;
                break;
            }
        }
        m.agenda_first = first_live < ss.size() ? (first_live > 0 ? first_live - 1 : 0) : ss.size();
        for (const Session& s : ss)
            if (session_running(s, m.day->date, now)) m.current.push_back(&s);
    }

    m.panels = lobby_panels(ev);
    const double period = options.panel_seconds > 0 ? options.panel_seconds : 20;
    const double t = local_seconds_of_day(now, now_utc_ms);
    m.panel_index = lobby_panel_index(t, period, int(m.panels.size()));
    m.panel = m.panels[size_t(m.panel_index)];
    m.panel_elapsed = std::fmod(t, period);
    m.ticker = content::active_announcements(ev, now, options.hall);
    return m;
}

std::string ticker_text(const Event& ev, const LocalDateTime& now, std::string_view lang, bool loop,
                        std::string_view hall) {
    std::string s;
    for (const content::Announcement* a : content::active_announcements(ev, now, hall)) {
        const std::string& t = ev.text(a->text, lang);
        if (t.empty()) continue;
        if (!s.empty()) s += "  \u25CF  ";
        s += "\u2068";  // FSI … PDI: each announcement keeps its own direction inside the line
        s += t;
        s += "\u2069";
    }
    if (loop && !s.empty()) s += "  \u25CF";
    return s;
}

float ticker_offset_px(int64_t now_utc_ms, float px_per_second, float cycle_px) {
    if (!(cycle_px >= 1) || !(px_per_second > 0)) return 0;
    int64_t step = now_utc_ms * kTickerFps;
    step = step >= 0 ? step / 1000 : -((-step + 999) / 1000);  // floor
    const int64_t per_step = std::max<int64_t>(1, std::llround(double(px_per_second) / kTickerFps));
    const int64_t cycle = int64_t(std::ceil(double(cycle_px)));
    int64_t off = (step % cycle) * (per_step % cycle) % cycle;
    if (off < 0) off += cycle;
    return float(off);
}

float ticker_text_x(float strip_x0, float strip_x1, float text_width, float offset_px, bool rtl) {
    return rtl ? strip_x1 - text_width + offset_px : strip_x0 - offset_px;
}

double ticker_next_step_in(int64_t now_utc_ms) {
    int64_t step = now_utc_ms * kTickerFps;
    step = step >= 0 ? step / 1000 : -((-step + 999) / 1000);
    int64_t next_ms = ((step + 1) * 1000 + kTickerFps - 1) / kTickerFps;  // first ms of the next step
    if (next_ms <= now_utc_ms) next_ms = now_utc_ms + 1;
    return double(next_ms - now_utc_ms) / 1000.0;
}

std::string countdown_text(std::string_view lang, const LocalDateTime& now, const Date& target_date,
                           int target_minute, bool ending, bool seconds, bool* shows_seconds,
                           const i18n::Catalogue* overrides) {
    using i18n::Phrase;
    if (shows_seconds) *shows_seconds = false;
    // A start on another day: no countdown (screens show its date). An end may be past midnight.
    if (!ending && target_date != now.date) return {};
    const int64_t left_s = target_minute * 60 - content::seconds_since(target_date, now);
    if (left_s <= 0 || left_s > 86400) return {};
    const int left = int(left_s);
    if (left > 3600)
        return i18n::phrase(lang, ending ? Phrase::EndsAt : Phrase::StartsAt, {{"time", hhmm(target_minute)}}, overrides);
    if (seconds) {
        if (shows_seconds) *shows_seconds = true;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%d:%02d", left / 60, left % 60);
        return i18n::phrase(lang, ending ? Phrase::EndsInClock : Phrase::StartsInClock, {{"clock", buf}}, overrides);
    }
    return i18n::phrase(lang, ending ? Phrase::EndsIn : Phrase::StartsIn, {{"minutes", (left + 59) / 60}}, overrides);
}

RoomSign room_sign(const Event& ev, std::string_view hall_id, const LocalDateTime& now, std::string_view lang) {
    RoomSign r;
    r.hall = ev.hall(hall_id);
    if (!r.hall) return r;
    // Sessions moved live to another hall stay on this one's sign, saying where they went.
    auto here = [&](const Session& s) { return s.hall == hall_id || (s.live.moved && s.live.bundle_hall == hall_id); };
    const content::NowNext nn = content::now_next(ev, hall_id, now, true);
    r.now = nn.now;
    r.next = nn.next;
    if (r.next) {
        const Date nd = date_of(ev, *r.next);
        Date best_date{};
        for (const content::Day& day : ev.days) {
            for (const Session& s : day.sessions) {
                if (!here(s) || s.live.cancelled || &s == r.next) continue;
                const Date d = session_day(s, day.date);
                const bool later = d > nd || (d == nd && s.start > r.next->start);
                if (!later) continue;
                if (!r.after_next || d < best_date || (d == best_date && s.start < r.after_next->start)) {
                    r.after_next = &s;
                    best_date = d;
                }
            }
        }
    }
    // The hall's sessions after the one that follows the lead (the running one, else the next),
    // on that one's date.
    if (const Session* follow = r.now ? r.next : r.after_next) {
        const Date fd = date_of(ev, *follow);
        for (const content::Day& day : ev.days) {
            for (const Session& s : day.sessions) {
                if (here(s) && session_day(s, day.date) == fd && s.start > follow->start) r.later.push_back(&s);
            }
        }
        std::stable_sort(r.later.begin(), r.later.end(), [](const Session* a, const Session* b) { return a->start < b->start; });
    }
    if (r.now) {
        r.countdown = countdown_text(lang, now, date_of(ev, *r.now), r.now->end.value, true, true, &r.countdown_seconds,
                                     ev.phrases.get());
    } else if (r.next) {
        r.countdown = countdown_text(lang, now, date_of(ev, *r.next), r.next->start.value, false, true,
                                     &r.countdown_seconds, ev.phrases.get());
    }
    return r;
}

//-----------------------------------------------------------------------------
// [SECTION] Painting
//-----------------------------------------------------------------------------

namespace {

using paint::Palette;

// Draws (or, without a draw list, only lays out) in logical coordinates: x from the reading
// start edge. Records the boxes of the text it places when asked (tests).
struct Canvas {
    const ScreenFrame& f;
    ImDrawList* dl;                  // null: measure only
    std::vector<LobbyBox>* boxes;    // null: not recorded
    float W, H, u;
    bool rtl;
    Palette pal;
    std::string lang;

    Canvas(const ScreenFrame& frame, ImDrawList* draw_list, std::vector<LobbyBox>* out)
        : f(frame), dl(draw_list), boxes(out), W(frame.size.x), H(frame.size.y),
          u(std::max(1.0f, std::min(frame.size.x, frame.size.y)) / 100.0f), rtl(is_rtl_language(frame.lang)),
          pal(paint::make_palette(frame.event.theme, frame.high_contrast, u)), lang(frame.lang.empty() ? "en" : frame.lang) {}

    // Physical left edge of a band [x, x + w) given from the start edge.
    float X(float x, float w) const { return rtl ? W - x - w : x; }

    TextLook style(const char* role, float size_u, ImU32 color, float max_w = 0, int lines = 0) const {
        TextLook s;
        s.font_role = role;
        s.size_px = std::max(6.0f, std::round(size_u * u));
        s.color = color;
        s.lang = lang;
        s.max_width = max_w > 0 ? std::floor(max_w) : 0;
        s.max_lines = lines;
        return s;
    }

    // Lays out; wrapped text whose own direction differs from the screen's is aligned to the
    // screen's start edge all the same (a Latin name in an Arabic column sits on the right).
    ShownText lay(std::string_view s, TextLook st) const {
        ShownText l = lay_out(f.engine, s, st);
        if (st.max_width > 0 && st.align == text::Align::Start && !l->lines.empty() && l->lines[0].rtl != rtl) {
            st.align = text::Align::End;
            l = lay_out(f.engine, s, st);
        }
        return l;
    }
    ShownText lay_ltr(std::string_view s, TextLook st) const {
        st.dir = text::Direction::LTR;
        return lay_out(f.engine, s, st);
    }

    // Places a layout with its box's start edge at logical x.
    void text(const ShownText& l, float x, float y, const char* what, bool digits = false) {
        text_at(l, X(x, l->width), y, what, digits);
    }
    // Places a layout at a physical position (top-left of its box).
    // `digits`: the text is digits (the clock): its box is their ink, from the baseline up,
    // not the line box (the date below may sit in the clock's line box).
    void text_at(const ShownText& shown, float px, float py, const char* what, bool digits = false) {
        const text::Layout& l = *shown;
        if (boxes && digits && !l.lines.empty()) {
            const float base = py + l.lines[0].baseline;
            boxes->push_back({ImVec2(px + l.lines[0].x, base - 0.73f * l.size_px),
                              ImVec2(px + l.lines[0].x + l.lines[0].width, base), what});
        } else if (boxes && !l.lines.empty()) {
            float x0 = 1e30f, x1 = -1e30f;
            for (const text::Line& line : l.lines) {
                if (line.width <= 0) continue;
                x0 = std::min(x0, px + line.x);
                x1 = std::max(x1, px + line.x + line.width);
            }
            if (x1 > x0) boxes->push_back({ImVec2(x0, py), ImVec2(x1, py + l.height), what});
        }
        if (dl) f.engine.draw(l, dl, ImVec2(std::round(px), std::round(py)), shown.color);
    }

    void rect(float x, float y, float w, float h, ImU32 c, float rounding = 0) {
        if (!dl || w <= 0 || h <= 0) return;
        const float px = X(x, w);
        dl->AddRectFilled(ImVec2(px, y), ImVec2(px + w, y + h), c, rounding);
    }
    void outline(float x, float y, float w, float h, ImU32 c, float thickness, float rounding = 0) {
        if (!dl || w <= 0 || h <= 0) return;
        const float px = X(x, w), t = thickness / 2;
        dl->AddRect(ImVec2(px + t, y + t), ImVec2(px + w - t, y + h - t), c, rounding, 0, thickness);
    }
    // A card and a pill (painter.h) in the band [x, x + w) from the start edge.
    void card(float x, float y, float w, float h) {
        const float px = X(x, w);
        paint::draw_card(dl, ImVec2(px, y), ImVec2(px + w, y + h), pal, 1.2f * u);
    }
    void pill(float x, float y, float w, float h, bool filled) {
        const float px = X(x, w);
        paint::draw_pill(dl, ImVec2(px, y), ImVec2(px + w, y + h), pal, filled, h * 0.2f, std::max(1.5f, 0.25f * u));
    }
    // A live badge's ground (painter.h) in the band [x, x + w) from the start edge.
    void badge(float x, float y, float w, float h, const paint::LiveBadge& b) {
        const float px = X(x, w);
        paint::draw_live_badge(dl, ImVec2(px, y), ImVec2(px + w, y + h), pal, b, h * 0.2f);
    }
    // A line through a text placed with its box's start edge at logical x (a cancelled title).
    void strike(const ShownText& l, float x, float y) {
        paint::draw_strike(dl, *l, ImVec2(X(x, l->width), y), l.color, std::max(2.0f, 0.08f * l->size_px));
    }
    // A chevron pointing toward the reading end (› in LTR, ‹ in RTL), in a box at logical x.
    void chevron(float x, float y, float size, ImU32 c) {
        const ImVec2 centre(X(x, size) + size / 2, y + size / 2);
        paint::draw_chevron(dl, paint::chevron(centre, 0.2f * size, 0.35f * size, paint::toward_reading_end(rtl)), c,
                            std::max(1.5f, size * 0.16f));
    }
    // A progress bar filling from the start edge.
    void progress(float x, float y, float w, float h, float fraction) {
        rect(x, y, w, h, pal.track, h / 2);
        const float fw = w * std::clamp(fraction, 0.0f, 1.0f);
        if (fw >= 1.0f) rect(x, y, fw, h, pal.accent, h / 2);
    }

    ImTextureID image(const std::string& rel, ImVec2* size) const {
        if (!f.images || rel.empty()) return ImTextureID{};
        ImVec2 s(0, 0);
        ImTextureID t = f.images->image(f.event.dir + "/" + rel, &s);
        if (!t || s.x <= 0 || s.y <= 0) return ImTextureID{};
        *size = s;
        return t;
    }
};

// An interface phrase in the canvas's language (the event's wording first).
std::string phrase_of(const Canvas& p, i18n::Phrase phrase) { return screens::phrase(p.f.event, p.lang, phrase); }

// A badge: a label in a filled (or outlined) rounded box, with a chevron for "next".
struct Pill {
    ShownText label;
    float w = 0, h = 0, pad = 0, chevron = 0;
};
Pill make_pill(Canvas& p, i18n::Phrase phrase, float size_u, bool filled, bool with_chevron) {
    Pill pill;
    pill.label = p.lay(phrase_of(p, phrase), p.style("heading", size_u, filled ? p.pal.on_accent : p.pal.accent));
    pill.pad = 0.45f * size_u * p.u;
    pill.chevron = with_chevron ? 0.55f * size_u * p.u : 0;
    pill.w = pill.label->width + 2 * pill.pad + (with_chevron ? pill.chevron + 0.2f * pill.pad : 0);
    pill.h = pill.label->height;
    return pill;
}
void draw_pill(Canvas& p, const Pill& pill, float x, float y, bool filled, const char* what) {
    p.pill(x, y, pill.w, pill.h, filled);
    p.text(pill.label, x + pill.pad, y, what);
    if (pill.chevron > 0)
        p.chevron(x + pill.pad + pill.label->width + 0.2f * pill.pad, y + (pill.h - pill.chevron) / 2, pill.chevron,
                  filled ? p.pal.on_accent : p.pal.accent);
}

// Baseline alignment: the y at which to place `b` so its first baseline meets `a`'s at a_y.
float same_baseline(const text::Layout& a, float a_y, const text::Layout& b) {
    if (a.lines.empty() || b.lines.empty()) return a_y;
    return a_y + a.lines[0].baseline - b.lines[0].baseline;
}

// A session's live badges and "was 10:00" (painter.h), `size_u` high, flowed in `w`.
using Badges = paint::BadgeRow;
Badges make_badges(Canvas& p, const Session& s, float size_u, float w) {
    return paint::badge_row(p.f.engine, p.f.event, s, p.style("heading", size_u, p.pal.fg), p.pal, w, 0.8f * p.u);
}
void draw_badges(Canvas& p, const Badges& b, float x, float y, const char* what) {
    for (size_t i = 0; i < b.labels.size(); ++i) {
        const ShownText& l = b.labels[i];
        const float bx = x + b.at[i].x, by = y + b.at[i].y;
        if (i < b.badges.size()) {
            p.badge(bx, by, b.widths[i], b.row_h, b.badges[i]);
            p.text(l, bx + b.pad, by + (b.row_h - l->height) / 2, what);
        } else {
            p.text(l, bx, by + (b.row_h - l->height) / 2, what);
        }
    }
}

std::string speakers_text(const Event& ev, const Session& s, std::string_view lang) {
    std::string out;
    const std::string separator = phrase(ev, lang, i18n::Phrase::ListSeparator);
    for (const std::string& id : s.speakers) {
        const content::Participant* pp = ev.participant(id);
        if (!pp) continue;
        if (!out.empty()) out += separator;
        out += ev.text(pp->name, lang);
    }
    return out;
}

// What one run of the screen found out (for lobby_next_change_in).
struct RunInfo {
    bool ticker_moving = false;
    ImVec2 ticker_min, ticker_max;  // the strip (when moving)
    float ticker_offset = 0, ticker_cycle = 0;
    bool ticker_rtl = false;
    // The room sign's countdown while it shows seconds: the boxes it may take (its row, the
    // progress bar), which change by the second, and the scale that placed them (LobbyMotion).
    std::vector<ImVec4> ticking;
    float ticking_scale = 0;
    bool panels = true;         // a rotating panel is shown (not on the room sign)
    int pages = 1;              // pages of the panel shown (a long roster is paged)
    double panel_period = 20;   // seconds each panel stays
    double panel_elapsed = 0;
};

//-----------------------------------------------------------------------------
// [SECTION] The lobby
//-----------------------------------------------------------------------------

struct Lobby {
    Canvas& p;
    const LobbyOptions& o;
    const Event& ev;
    const LocalDateTime& now;
    LobbyModel m;
    RunInfo info;
    float margin, gap;

    Lobby(Canvas& canvas, const LobbyOptions& options)
        : p(canvas), o(options), ev(canvas.f.event), now(canvas.f.now),
          m(lobby_model(canvas.f.event, canvas.f.now, canvas.f.now_utc_ms, options)) {
        margin = 3.5f * p.u;
        gap = 2.5f * p.u;
        info.panel_period = o.panel_seconds > 0 ? o.panel_seconds : 20;
        info.panel_elapsed = m.panel_elapsed;
    }

    // Header: logo and name at the start, clock and date at the end. Returns its bottom.
    float header() {
        const float pad = 2.2f * p.u;
        auto clock = p.lay_ltr(hhmm(now.minute_of_day), p.style("heading", 7.5f, p.pal.fg));
        auto date = p.lay(format_date(now.date, p.lang, i18n::DateStyle::Long, p.f.formats), p.style("body", 3.2f, p.pal.fg));
        const float clock_px = clock->size_px;
        // The digits' top sits at the pad (a line box has room above digits for accents).
        const float clock_ink_top = clock->lines.empty() ? 0 : clock->lines[0].baseline - 0.73f * clock_px;
        const float clock_ink_h = 0.73f * clock_px;
        const float date_gap = 0.22f * clock_px;
        const float block_h = clock_ink_h + date_gap + date->height;
        const float block_w = std::max(clock->width, date->width);

        // Logo: as tall as the clock block, aspect kept, at most a fifth of the width.
        ImVec2 logo_size;
        ImTextureID logo = p.image(ev.theme.logo, &logo_size);
        float logo_w = 0, logo_h = 0;
        if (logo) {
            logo_h = block_h;
            logo_w = logo_h * logo_size.x / logo_size.y;
            if (logo_w > p.W * 0.2f) {
                logo_w = p.W * 0.2f;
                logo_h = logo_w * logo_size.y / logo_size.x;
            }
        }
        const float name_x = margin + (logo ? logo_w + gap : 0);
        const float name_w = std::max(10 * p.u, p.W - margin - block_w - gap - name_x);
        const std::string& name_text = ev.text(ev.name, p.lang);
        const TextLook name_style = p.style("heading", 4.6f, p.pal.fg, name_w, 2);
        auto name = p.lay(name_text, name_style);
        // Portrait, or a name that does not fit beside the clock: the name gets a row of its
        // own, the whole width, below the logo and the clock.
        float row_h = std::max({block_h, name->height, logo_h});
        float name_y = pad + (row_h - name->height) / 2, name_left = name_x;
        float header_h = row_h + 2 * pad;
        if (name->truncated || p.W < p.H) {
            auto wide = p.lay(name_text, p.style("heading", 4.6f, p.pal.fg, p.W - 2 * margin, 2));
            row_h = std::max(block_h, logo_h);
            name = wide;
            name_left = margin;
            name_y = pad + row_h + 0.8f * pad;
            header_h = name_y + name->height + pad;
        }
        const float top = pad + (row_h - block_h) / 2;
        p.text(clock, p.W - margin - clock->width, top - clock_ink_top, "clock", true);
        p.text(date, p.W - margin - date->width, top + clock_ink_h + date_gap, "date");
        p.text(name, name_left, name_y, "name");
        if (logo && p.dl) {
            const float lx = p.X(margin, logo_w), ly = pad + (row_h - logo_h) / 2;
            p.dl->AddImage(logo, ImVec2(lx, ly), ImVec2(lx + logo_w, ly + logo_h));
        }
        const float rule_h = std::max(2.0f, 0.35f * p.u);
        p.rect(0, header_h - rule_h, p.W, rule_h, p.pal.accent);
        return header_h;
    }

    // The ticker strip at the bottom; returns its top (H when there is nothing to show).
    float ticker() {
        const std::string once = ticker_text(ev, now, p.lang, false, o.hall);
        if (once.empty()) return p.H;
        auto st = p.style("body", 3.8f, p.pal.fg);
        auto line = lay_out(p.f.engine, once, st);
        const float pad = 1.5f * p.u;
        const float strip_h = line->height + 2 * pad;
        const float top = p.H - strip_h;
        const float rule_h = std::max(2.0f, 0.3f * p.u);
        p.rect(0, top, p.W, strip_h, p.pal.card);
        p.rect(0, top, p.W, rule_h, p.pal.accent);
        // Scrolling text runs edge to edge; text that fits keeps to the margins.
        const bool fits = line->width <= p.W - 2 * margin;
        const float x0 = fits ? margin : 0, x1 = fits ? p.W - margin : p.W;
        const float y = top + pad + rule_h / 2;
        const bool text_rtl = !line->lines.empty() && line->lines[0].rtl;
        if (p.dl) p.dl->PushClipRect(ImVec2(x0, top), ImVec2(x1, p.H), true);
        if (fits) {
            // It fits: still, aligned to the start edge of its own direction.
            p.text_at(line, text_rtl ? x1 - line->width : x0, y, "ticker");
        } else {
            info.ticker_moving = true;
            info.ticker_min = ImVec2(0, top);
            info.ticker_max = ImVec2(p.W, p.H);
            auto loop = lay_out(p.f.engine, ticker_text(ev, now, p.lang, true, o.hall), st);
            const float cycle = std::ceil(loop->width + 0.6f * st.size_px);  // whole px (ticker_offset_px)
            const float off = ticker_offset_px(p.f.now_utc_ms, kTickerUnitsPerSecond * p.u, cycle);
            info.ticker_offset = off;
            info.ticker_cycle = cycle;
            info.ticker_rtl = text_rtl;
            float x = ticker_text_x(x0, x1, loop->width, off, text_rtl);
            // Copies every cycle, toward where the text comes from.
            if (text_rtl) {
                for (; x + loop->width > x0; x -= cycle) draw_ticker_copy(loop, x, y, x0, x1);
            } else {
                for (; x < x1; x += cycle) draw_ticker_copy(loop, x, y, x0, x1);
            }
        }
        if (p.dl) p.dl->PopClipRect();
        return top;
    }
    void draw_ticker_copy(const ShownText& l, float x, float y, float x0, float x1) {
        // Boxes record only the visible part (the strip clips the rest).
        if (p.boxes) {
            p.boxes->push_back({ImVec2(std::max(x, x0), y), ImVec2(std::min(x + l->width, x1), y + l->height), "ticker"});
            std::vector<LobbyBox>* keep = p.boxes;
            p.boxes = nullptr;
            p.text_at(l, x, y, "ticker");
            p.boxes = keep;
        } else {
            p.text_at(l, x, y, "ticker");
        }
    }

    // A time ("10:30", "10:30–10:40": left to right in every language), preceded by the date
    // when it is not today's; wrapped to `max_w` in at most `lines` lines if it is wider.
    ShownText when_layout(const std::string& time, const Date& date, TextLook st, float max_w, int lines) {
        if (date == now.date) {
            st.dir = text::Direction::LTR;
            auto l = lay_out(p.f.engine, time, st);
            if (l->width <= max_w) return l;
            st.max_width = std::floor(std::max(1.0f, max_w));
            st.max_lines = 1;
            return lay_out(p.f.engine, time, st);
        }
        const std::string s = format_date(date, p.lang, i18n::DateStyle::Long, p.f.formats) + "  \u2066" + time + "\u2069";
        auto l = p.lay(s, st);
        if (l->width <= max_w) return l;
        st.max_width = std::floor(std::max(1.0f, max_w));
        st.max_lines = lines;
        return p.lay(s, st);
    }

    // One hall's NOW/NEXT card at logical x, y with width w; returns its height (0: does not
    // fit below `bottom`, nothing drawn).
    float card(const HallStatus& hs, bool is_main, float x, float y, float w, float bottom) {
        const float pad = 2.0f * p.u;
        const float iw = w - 2 * pad;
        const float row_gap = 0.8f * p.u;
        auto hall = p.lay(ev.text(hs.hall->name, p.lang), p.style("heading", 3.4f, p.pal.accent, iw, 1));
        float h = pad + hall->height;

        // NOW: pill + "ends in", the title, the progress bar.
        Pill now_pill, next_pill;
        ShownText now_meta, now_title, next_time, next_title, none;
        Badges now_badges, next_badges;
        float now_row_h = 0, next_row_h = 0, bar_h = std::max(3.0f, 0.7f * p.u);
        if (hs.now) {
            now_pill = make_pill(p, i18n::Phrase::Now, 3.0f, true, false);
            const std::string meta = countdown_text(p.lang, now, date_of(ev, *hs.now), hs.now->end.value, true, false,
                                                    nullptr, ev.phrases.get());
            now_meta = p.lay(meta, p.style("body", 3.4f, p.pal.fg, iw - now_pill.w - gap, 1));
            now_row_h = std::max(now_pill.h, now_meta->height);
            now_title = p.lay(ev.text(hs.now->title, p.lang), p.style("heading", 4.4f, p.pal.fg, iw, 2));
            now_badges = make_badges(p, *hs.now, 2.8f, iw);
            h += row_gap + now_row_h + now_title->height + row_gap + bar_h;
            if (now_badges) h += now_badges.h + row_gap;
        }
        if (hs.next) {
            next_pill = make_pill(p, i18n::Phrase::Next, 3.0f, false, true);
            next_time = when_layout(hhmm(hs.next->start.value), date_of(ev, *hs.next), p.style("body", 3.4f, p.pal.fg),
                                    iw - next_pill.w - gap, 1);
            next_row_h = std::max(next_pill.h, next_time->height);
            next_title = p.lay(ev.text(hs.next->title, p.lang), p.style("body", 3.8f, p.pal.fg, iw, 2));
            next_badges = make_badges(p, *hs.next, 2.8f, iw);
            h += (hs.now ? 2.0f * row_gap : row_gap) + next_row_h + next_title->height;
            if (next_badges) h += row_gap + next_badges.h;
        }
        if (!hs.now && !hs.next) {
            if (!is_main) return 0;
            none = p.lay(phrase_of(p, i18n::Phrase::NoMoreSessionsToday), p.style("body", 3.6f, p.pal.muted, iw, 2));
            h += row_gap + none->height;
        }
        h += pad;
        if (y + h > bottom) return 0;

        p.card(x, y, w, h);
        float cy = y + pad;
        p.text(hall, x + pad, cy, "card.hall");
        cy += hall->height;
        if (hs.now) {
            cy += row_gap;
            draw_pill(p, now_pill, x + pad, cy + (now_row_h - now_pill.h) / 2, true, "card.now");
            p.text(now_meta, x + pad + now_pill.w + gap, same_baseline(*now_pill.label, cy + (now_row_h - now_pill.h) / 2, *now_meta),
                   "card.meta");
            cy += now_row_h;
            p.text(now_title, x + pad, cy, "card.now.title");
            cy += now_title->height + row_gap;
            if (now_badges) {
                draw_badges(p, now_badges, x + pad, cy, "card.now.badge");
                cy += now_badges.h + row_gap;
            }
            const int len = std::max(1, hs.now->end.value - hs.now->start.value);
            const int64_t done = content::seconds_since(date_of(ev, *hs.now), now) / 60 - hs.now->start.value;
            p.progress(x + pad, cy, iw, bar_h, float(done) / float(len));
            cy += bar_h;
        }
        if (hs.next) {
            cy += hs.now ? 2.0f * row_gap : row_gap;
            const float py = cy + (next_row_h - next_pill.h) / 2;
            draw_pill(p, next_pill, x + pad, py, false, "card.next");
            p.text(next_time, x + pad + next_pill.w + gap, same_baseline(*next_pill.label, py, *next_time), "card.next.time");
            cy += next_row_h;
            p.text(next_title, x + pad, cy, "card.next.title");
            cy += next_title->height;
            if (next_badges) {
                cy += row_gap;
                draw_badges(p, next_badges, x + pad, cy, "card.next.badge");
                cy += next_badges.h;
            }
        }
        if (none) {
            cy += row_gap;
            p.text(none, x + pad, cy, "card.none");
        }
        return h;
    }

    // The cards, stacked from y; returns the bottom of the last one drawn.
    float cards(float x, float y, float w, float bottom) {
        float last = y;
        for (size_t i = 0; i < m.halls.size(); ++i) {
            const float h = card(m.halls[i], m.halls[i].hall == m.main_hall, x, y, w, bottom);
            if (h <= 0) {
                if (i == 0) continue;  // the main hall's card alone may not fit (tiny screens)
                break;
            }
            last = y + h;
            y += h + gap * 0.8f;
        }
        return last;
    }

    // The panel's title with the rotation's dots at the end; returns the y below it.
    float panel_header(i18n::Phrase title, float x, float y, float w) {
        std::string s = phrase_of(p, title);
        // The agenda of another day (before the event, after it): that day's title or date.
        if (title == i18n::Phrase::TodaysAgenda && m.day && !m.day_is_today) {
            s = ev.text(m.day->title, p.lang);
            if (s.empty()) s = format_date(m.day->date, p.lang, i18n::DateStyle::Long, p.f.formats);
        }
        const float dot_r = 0.75f * p.u, dot_gap = 1.2f * p.u;
        const int n = int(m.panels.size());
        const float dots_w = n > 1 ? float(n) * 2 * dot_r + float(n - 1) * dot_gap : 0;
        auto t = p.lay(s, p.style("heading", 4.2f, p.pal.accent, w - dots_w - gap, 1));
        p.text(t, x, y, "panel.title");
        if (n > 1 && p.dl) {
            const float cy = y + t->height / 2;
            for (int i = 0; i < n; ++i) {
                const float lx = x + w - dots_w + float(i) * (2 * dot_r + dot_gap);
                const float cx = p.X(lx, 2 * dot_r) + dot_r;
                if (i == m.panel_index) {
                    p.dl->AddCircleFilled(ImVec2(cx, cy), dot_r, p.pal.accent, 24);
                } else {
                    p.dl->AddCircle(ImVec2(cx, cy), dot_r - 1, p.pal.muted, 24, std::max(1.5f, 0.18f * p.u));
                }
            }
        }
        const float rule_y = y + t->height + 0.6f * p.u;
        p.rect(x, rule_y, w, std::max(1.0f, 0.12f * p.u), p.pal.rule);
        return rule_y + 1.4f * p.u;
    }

    // The agenda rows of the day, windowed around now.
    void agenda(float x, float y, float w, float bottom) {
        y = panel_header(i18n::Phrase::TodaysAgenda, x, y, w);
        if (!m.day) return;
        const auto& ss = m.day->sessions;
        auto probe = p.lay_ltr("00:00–00:00", p.style("body", 3.5f, p.pal.fg));
        const float time_w = probe->width;
        const float text_x = x + time_w + gap;
        const float text_w = w - time_w - gap;
        const float row_gap = 1.6f * p.u;
        struct Row {
            const Session* s;
            bool past, current;
            ShownText time, title, hall;
            Badges badges;
            float h;
        };
        auto make_row = [&](const Session& s) {
            Row r{&s, session_past(s, m.day->date, now), session_running(s, m.day->date, now), {}, {}, {}, {}, 0};
            const bool dim = r.past || s.live.cancelled;
            const ImU32 c = dim ? p.pal.past : p.pal.fg;
            const ImU32 cm = dim ? p.pal.past_muted : p.pal.muted;
            r.time = p.lay_ltr(hhmm(s.start.value) + "–" + hhmm(s.end.value), p.style("body", 3.5f, c));
            r.title = p.lay(ev.text(s.title, p.lang), p.style(r.current ? "heading" : "body", 3.8f, c, text_w, 2));
            const content::Hall* hall = ev.hall(s.hall);
            r.hall = p.lay(hall ? ev.text(hall->name, p.lang) : s.hall, p.style("body", 3.2f, cm, text_w, 1));
            if (!r.past) r.badges = make_badges(p, s, 2.6f, text_w);
            r.h = r.title->height + r.hall->height + (r.badges ? 0.5f * p.u + r.badges.h : 0);
            return r;
        };
        // Which rows: from agenda_first down; when the day is over, its last rows that fit.
        size_t first = m.agenda_first;
        if (first >= ss.size()) {
            first = ss.size();
            float used = 0;
            while (first > 0) {
                const float h = make_row(ss[first - 1]).h + row_gap;
                if (y + used + h - row_gap > bottom) break;
                used += h;
                --first;
            }
        }
        for (size_t i = first; i < ss.size(); ++i) {
            Row r = make_row(ss[i]);
            if (y + r.h > bottom) break;  // never half a row
            if (r.current) {
                const float hx = x - 1.2f * p.u, hw = w + 2.4f * p.u;
                const float hy = y - 0.5f * row_gap, hh = r.h + row_gap;
                p.rect(hx, hy, hw, hh, p.pal.highlight, 0.8f * p.u);
                if (p.pal.high_contrast) p.outline(hx, hy, hw, hh, p.pal.accent, std::max(2.0f, 0.3f * p.u), 0.8f * p.u);
                p.rect(hx, hy, 0.6f * p.u, hh, p.pal.accent);
            }
            p.text(r.time, x, same_baseline(*r.title, y, *r.time), "agenda.time");
            p.text(r.title, text_x, y, "agenda.title");
            if (r.s->live.cancelled) p.strike(r.title, text_x, y);
            p.text(r.hall, text_x, y + r.title->height, "agenda.hall");
            if (r.badges) draw_badges(p, r.badges, text_x, y + r.title->height + r.hall->height + 0.5f * p.u, "agenda.badge");
            y += r.h + row_gap;
        }
    }

    // Pages: groups of items (heights given) that fit in `avail`, each at least one item.
    static std::vector<std::pair<size_t, size_t>> paginate(const std::vector<float>& heights, float avail, float spacing) {
        std::vector<std::pair<size_t, size_t>> pages;
        size_t i = 0;
        while (i < heights.size()) {
            size_t j = i;
            float used = 0;
            while (j < heights.size() && (j == i || used + spacing + heights[j] <= avail)) {
                used += (j == i ? 0 : spacing) + heights[j];
                ++j;
            }
            pages.push_back({i, j});
            i = j;
        }
        return pages;
    }
    size_t page_now(size_t pages) {
        info.pages = int(std::max<size_t>(1, pages));
        const double each = info.panel_period / double(info.pages);
        return std::min(pages - 1, size_t(std::max(0.0, std::floor(m.panel_elapsed / each))));
    }

    // The roster: a grid of people (flag or initials, name, name in their language, title).
    void roster(float x, float y, float w, float bottom) {
        y = panel_header(i18n::Phrase::Participants, x, y, w);
        const auto& people = ev.participants;
        if (people.empty()) return;
        const int cols = w >= 100 * p.u ? 2 : 1;
        const float cell_w = (w - float(cols - 1) * gap) / float(cols);
        const float avatar = 8.5f * p.u;
        const float tx = avatar + 1.8f * p.u, tw = cell_w - tx;
        struct Cell {
            ShownText name, native, title;
            float h;
        };
        std::vector<Cell> cells;
        for (const content::Participant& pp : people) {
            Cell c;
            const std::string& shown = ev.text(pp.name, p.lang);
            c.name = p.lay(shown, p.style("heading", 3.8f, p.pal.fg, tw, 1));
            auto it = pp.name.by_lang.find(pp.native_lang);
            if (!pp.native_lang.empty() && it != pp.name.by_lang.end() && it->second != shown) {
                TextLook st = p.style("body", 3.2f, p.pal.fg, tw, 1);
                st.lang = pp.native_lang;  // their own language: its fonts and shaping
                c.native = p.lay(it->second, st);
            }
            c.title = p.lay(ev.text(pp.title, p.lang), p.style("body", 3.0f, p.pal.muted, tw, 2));
            c.h = std::max(avatar, c.name->height + (c.native ? c.native->height : 0) + c.title->height);
            cells.push_back(c);
        }
        // Rows of `cols` cells; pages of rows.
        std::vector<float> row_h;
        for (size_t i = 0; i < cells.size(); i += size_t(cols)) {
            float h = 0;
            for (size_t j = i; j < std::min(cells.size(), i + size_t(cols)); ++j) h = std::max(h, cells[j].h);
            row_h.push_back(h);
        }
        const float spacing = 2.2f * p.u;
        const auto pages = paginate(row_h, bottom - y, spacing);
        const auto [r0, r1] = pages[page_now(pages.size())];
        for (size_t r = r0; r < r1; ++r) {
            if (y + row_h[r] > bottom) break;
            for (int c = 0; c < cols; ++c) {
                const size_t i = r * size_t(cols) + size_t(c);
                if (i >= cells.size()) break;
                const float cx = x + float(c) * (cell_w + gap);
                avatar_of(people[i], cx, y, avatar);
                float ty = y;
                p.text(cells[i].name, cx + tx, ty, "roster.name");
                ty += cells[i].name->height;
                if (cells[i].native) {
                    p.text(cells[i].native, cx + tx, ty, "roster.native");
                    ty += cells[i].native->height;
                }
                p.text(cells[i].title, cx + tx, ty, "roster.title");
            }
            y += row_h[r] + spacing;
        }
    }

    // The person's flag (aspect kept) or, without one, their initials in a circle.
    void avatar_of(const content::Participant& pp, float x, float y, float d) {
        ImVec2 size;
        if (ImTextureID flag = p.image(pp.flag, &size)) {
            float fw = d, fh = d * size.y / size.x;
            if (fh > d * 0.75f) {
                fh = d * 0.75f;
                fw = fh * size.x / size.y;
            }
            const float px = p.X(x + (d - fw) / 2, fw), py = y + (d - fh) / 2;
            if (p.dl) {
                p.dl->AddImage(flag, ImVec2(px, py), ImVec2(px + fw, py + fh));
                p.dl->AddRect(ImVec2(px, py), ImVec2(px + fw, py + fh), p.pal.rule, 0, 0, std::max(1.0f, 0.1f * p.u));
            }
            return;
        }
        const float cx = p.X(x, d) + d / 2, cy = y + d / 2;
        if (p.dl) {
            if (p.pal.high_contrast) {
                p.dl->AddCircle(ImVec2(cx, cy), d / 2 - 1, p.pal.fg, 48, std::max(2.0f, 0.25f * p.u));
            } else {
                p.dl->AddCircleFilled(ImVec2(cx, cy), d / 2, p.pal.avatar, 48);
            }
        }
        auto ini = lay_out(p.f.engine, paint::initials(ev.text(pp.name, p.lang)), p.style("heading", 3.4f, p.pal.fg));
        if (ini->width < d * 0.95f) p.text_at(ini, cx - ini->width / 2, cy - ini->height / 2, "roster.initials");
    }

    // The documents: title, the illustrative note, the summary.
    void documents(float x, float y, float w, float bottom) {
        y = panel_header(i18n::Phrase::Documents, x, y, w);
        const auto& docs = ev.documents;
        if (docs.empty()) return;
        struct Item {
            ShownText title, note, summary;
            float h;
        };
        auto make = [&](const content::Document& d, int summary_lines) {
            Item it;
            it.title = p.lay(ev.text(d.title, p.lang), p.style("heading", 4.0f, p.pal.fg, w, 2));
            if (d.illustrative)
                it.note = p.lay(phrase_of(p, i18n::Phrase::IllustrativeNote), p.style("body", 3.0f, p.pal.accent, w, 2));
            const std::string& summary = ev.text(d.summary, p.lang);
            if (!summary.empty() && summary_lines > 0)
                it.summary = p.lay(summary, p.style("body", 3.4f, p.pal.fg, w, summary_lines));
            it.h = it.title->height + (it.note ? it.note->height : 0) +
                   (it.summary ? 0.6f * p.u + it.summary->height : 0);
            return it;
        };
        const float avail = bottom - y;
        const float spacing = 2.4f * p.u;
        // Summaries of up to 5 lines; shorter ones when that shows the documents on fewer pages.
        std::vector<Item> items;
        std::vector<float> heights;
        std::vector<std::pair<size_t, size_t>> pages;
        for (int lines = 5; lines >= 2; --lines) {
            std::vector<Item> try_items;
            std::vector<float> try_heights;
            for (const content::Document& d : docs) {
                Item it = make(d, lines);
                for (int l = lines - 1; l >= 0 && it.h > avail; --l) it = make(d, l);
                try_heights.push_back(it.h);
                try_items.push_back(it);
            }
            auto try_pages = paginate(try_heights, avail, spacing);
            if (pages.empty() || try_pages.size() < pages.size()) {
                items = std::move(try_items);
                heights = std::move(try_heights);
                pages = std::move(try_pages);
            }
            if (pages.size() == 1) break;
        }
        const auto [i0, i1] = pages[page_now(pages.size())];
        for (size_t i = i0; i < i1; ++i) {
            const Item& it = items[i];
            if (y + it.h > bottom) break;
            if (i > i0) p.rect(x, y - spacing / 2, w, std::max(1.0f, 0.12f * p.u), p.pal.rule);
            p.text(it.title, x, y, "doc.title");
            float ty = y + it.title->height;
            if (it.note) {
                p.text(it.note, x, ty, "doc.note");
                ty += it.note->height;
            }
            if (it.summary) p.text(it.summary, x, ty + 0.6f * p.u, "doc.summary");
            y += it.h + spacing;
        }
    }

    void panel(float x, float y, float w, float bottom) {
        switch (m.panel) {
        case LobbyPanel::Agenda: agenda(x, y, w, bottom); break;
        case LobbyPanel::Roster: roster(x, y, w, bottom); break;
        case LobbyPanel::Documents: documents(x, y, w, bottom); break;
        }
    }

    void run() {
        if (!p.f.background_cleared) p.rect(0, 0, p.W, p.H, p.pal.bg);
        const float top = header() + gap;
        const float ticker_top = ticker();
        const float bottom = ticker_top < p.H ? ticker_top - gap : p.H - margin;
        const float content_w = p.W - 2 * margin;
        if (p.W >= p.H * 1.15f) {
            // Landscape: NOW/NEXT at the start, the rotating panel beside it.
            const float cw = std::round(content_w * 0.39f);
            cards(margin, top, cw, bottom);
            panel(margin + cw + 1.4f * gap, top, content_w - cw - 1.4f * gap, bottom);
        } else {
            // Portrait (or square): stacked, the cards taking at most about half.
            const float limit = top + (bottom - top) * 0.5f;
            const float end = cards(margin, top, content_w, limit);
            panel(margin, end > top ? end + 1.4f * gap : top, content_w, bottom);
        }
    }

    //-------------------------------------------------------------------------
    // [SECTION] The room sign
    //-------------------------------------------------------------------------
    // The hall's name; the lead session (the running one, else the next) with its title large,
    // its speakers, time and countdown, a progress bar while it runs; what follows it; then the
    // hall's later sessions that day, one line each, as many as fit. Landscape puts what
    // follows in a column beside the lead; portrait stacks it below.

    // The lead block in [x, x + w) from y; returns its height, or -1 when it does not reach
    // below `bottom` at this scale (then nothing is drawn).
    float room_lead(const RoomSign& rs, float x, float y, float w, float bottom, float scale, bool draw) {
        const float sp = 2.0f * p.u * std::max(0.6f, scale);
        const float big = std::max(0.8f, scale);
        auto hall = p.lay(ev.text(rs.hall->name, p.lang), p.style("heading", 5.0f * big, p.pal.accent, w, 1));
        const Session* lead = rs.now ? rs.now : rs.next;
        Pill pill = make_pill(p, rs.now ? i18n::Phrase::Now : i18n::Phrase::Next, 3.6f, true, !rs.now);
        ShownText title, when, speakers, countdown, none;
        Badges badges;
        bool side_by_side = false;  // time range and countdown on one row
        if (lead) {
            title = p.lay(ev.text(lead->title, p.lang), p.style("heading", 9.0f * scale, p.pal.fg, w, scale >= 0.8f ? 3 : 2));
            badges = make_badges(p, *lead, 4.0f * big, w);
            // A session on now has no date to name (one begun yesterday runs past midnight).
            when = when_layout(hhmm(lead->start.value) + "–" + hhmm(lead->end.value), rs.now ? now.date : date_of(ev, *lead),
                               p.style("body", 4.2f * big, p.pal.muted), w, 2);
            const std::string names = speakers_text(ev, *lead, p.lang);
            if (!names.empty()) speakers = p.lay(names, p.style("body", 3.8f * big, p.pal.fg, w, 2));
            if (!rs.countdown.empty()) {
                countdown = p.lay(rs.countdown, p.style("heading", 5.5f * big, p.pal.fg));
                side_by_side = when->width + 2 * gap + countdown->width <= w;
                if (!side_by_side && countdown->width > w)
                    countdown = p.lay(rs.countdown, p.style("heading", 5.5f * big, p.pal.fg, w, 2));
            }
        } else {
            none = p.lay(phrase_of(p, i18n::Phrase::NoMoreSessionsToday), p.style("heading", 6.0f * scale, p.pal.fg, w, 2));
        }
        const float bar_h = std::max(4.0f, 1.0f * p.u);
        const float when_row_h = !when ? 0
                                 : side_by_side ? std::max(when->height, countdown->height)
                                                : when->height + (countdown ? 0.5f * sp + countdown->height : 0);
        float h = hall->height + sp;
        if (lead) {
            h += pill.h + 0.5f * sp + title->height;
            if (badges) h += 0.4f * sp + badges.h;
            if (speakers) h += 0.3f * sp + speakers->height;
            h += 0.6f * sp + when_row_h;
            if (rs.now) h += 0.8f * sp + bar_h;
        } else {
            h += none->height;
        }
        if (y + h > bottom) return -1;
        if (!draw) return h;

        p.text(hall, x, y, "room.hall");
        y += hall->height + sp;
        if (!lead) {
            p.text(none, x, y, "room.none");
            return h;
        }
        draw_pill(p, pill, x, y, true, "room.pill");
        y += pill.h + 0.5f * sp;
        p.text(title, x, y, "room.title");
        y += title->height;
        if (badges) {
            y += 0.4f * sp;
            draw_badges(p, badges, x, y, "room.badge");
            y += badges.h;
        }
        if (speakers) {
            y += 0.3f * sp;
            p.text(speakers, x, y, "room.speakers");
            y += speakers->height;
        }
        y += 0.6f * sp;
        if (side_by_side) {
            // The time at the start, the countdown at the end, on one baseline.
            const float cy = y + (when_row_h - countdown->height) / 2;
            p.text(countdown, x + w - countdown->width, cy, "room.countdown");
            p.text(when, x, same_baseline(*countdown, cy, *when), "room.when");
        } else {
            p.text(when, x, y, "room.when");
            if (countdown) p.text(countdown, x, y + when->height + 0.5f * sp, "room.countdown");
        }
        // By the second, only the countdown and the bar change: the box the countdown may take
        // (its whole row: centred or end-aligned text moves as its width changes), padded for
        // ink beyond the text's box and the bar's antialiased edge; on the screen (mirrored in
        // right-to-left languages).
        const float ink = 0.5f * p.u;
        auto ticks = [&](float x0, float y0, float x1, float y1) {
            const float sx = p.X(x0, x1 - x0);
            info.ticking.push_back(ImVec4(sx - ink, y0 - ink, sx + (x1 - x0) + ink, y1 + ink));
            info.ticking_scale = scale;
        };
        if (rs.countdown_seconds && side_by_side) ticks(x, y, x + w, y + when_row_h);
        else if (rs.countdown_seconds) ticks(x, y + when->height + 0.5f * sp, x + w, y + when_row_h);
        y += when_row_h;
        if (rs.now) {
            y += 0.8f * sp;
            const int len = std::max(1, rs.now->end.value - rs.now->start.value) * 60;
            const int done = int(content::seconds_since(date_of(ev, *rs.now), now)) - rs.now->start.value * 60;
            // With seconds on screen the bar moves by the second, else by the minute.
            const float frac = rs.countdown_seconds ? float(done) / float(len) : float(done / 60 * 60) / float(len);
            p.progress(x, y, w, bar_h, frac);
            if (rs.countdown_seconds) ticks(x, y, x + w, y + bar_h);
        }
        return h;
    }

    // What follows the lead, then the later sessions; returns the height of the first part,
    // or -1 when that does not fit above `bottom` (then nothing is drawn).
    float room_follow(const RoomSign& rs, float x, float y, float w, float bottom, float scale, bool draw) {
        const Session* follow = rs.now ? rs.next : rs.after_next;
        if (!follow) return 0;
        const float sp = 2.0f * p.u * std::max(0.6f, scale);
        const float big = std::max(0.8f, scale);
        Pill pill = make_pill(p, rs.now ? i18n::Phrase::Next : i18n::Phrase::Then, 3.4f, false, true);
        auto time = when_layout(hhmm(follow->start.value), date_of(ev, *follow), p.style("body", 4.2f * big, p.pal.fg),
                                w - pill.w - gap, 2);
        auto title = p.lay(ev.text(follow->title, p.lang), p.style("heading", 5.0f * big, p.pal.fg, w, 3));
        const Badges badges = make_badges(p, *follow, 3.4f * big, w);
        // The time sits on the pill's baseline: a time of two lines (a long date) reaches below
        // the pill by its second line, and the title starts below whichever ends lower.
        const float py = y + (std::max(pill.h, time->height) - pill.h) / 2;
        const float ty = same_baseline(*pill.label, py, *time);
        const float row_h = std::max(py + pill.h, ty + time->height) - y;
        const float h = row_h + 0.3f * sp + title->height + (badges ? 0.4f * sp + badges.h : 0);
        if (y + h > bottom) return -1;
        if (!draw) return h;
        draw_pill(p, pill, x, py, false, "room.next");
        p.text(time, x + pill.w + gap, ty, "room.next.time");
        y += row_h + 0.3f * sp;
        p.text(title, x, y, "room.next.title");
        y += title->height;
        if (badges) {
            y += 0.4f * sp;
            draw_badges(p, badges, x, y, "room.next.badge");
            y += badges.h;
        }
        y += 1.6f * sp;

        // The hall's later sessions on that day: time and title.
        auto probe = p.lay_ltr("00:00", p.style("body", 4.0f * big, p.pal.fg));
        const float time_w = probe->width;
        for (const Session* s : rs.later) {
            const ImU32 c = s->live.cancelled ? p.pal.past_muted : p.pal.muted;
            auto st = p.lay_ltr(hhmm(s->start.value), p.style("body", 4.0f * big, c));
            auto ti = p.lay(ev.text(s->title, p.lang), p.style("body", 4.0f * big, c, w - time_w - gap, 2));
            const Badges later_badges = make_badges(p, *s, 3.0f * big, w - time_w - gap);
            const float rh = std::max(st->height, ti->height + (later_badges ? 0.3f * sp + later_badges.h : 0));
            if (y + rh > bottom) break;
            p.text(st, x, same_baseline(*ti, y, *st), "room.later.time");
            p.text(ti, x + time_w + gap, y, "room.later.title");
            if (s->live.cancelled) p.strike(ti, x + time_w + gap, y);
            if (later_badges) draw_badges(p, later_badges, x + time_w + gap, y + ti->height + 0.3f * sp, "room.later.badge");
            y += rh + 0.4f * sp;
        }
        return h;
    }

    void run_room_sign(const RoomSign& rs) {
        if (!p.f.background_cleared) p.rect(0, 0, p.W, p.H, p.pal.bg);
        const float top = header() + 1.5f * gap;
        const float ticker_top = ticker();
        const float bottom = ticker_top < p.H ? ticker_top - gap : p.H - margin;
        info.panels = false;
        const float content_w = p.W - 2 * margin;
        const bool landscape = p.W >= p.H * 1.15f;
        const bool has_follow = rs.now ? rs.next != nullptr : rs.after_next != nullptr;
        const float lead_w = landscape && has_follow ? std::round(content_w * 0.6f) : content_w;
        const float side_x = margin + lead_w + 1.4f * gap, side_w = content_w - lead_w - 1.4f * gap;
        const float pad = 2.0f * p.u;
        // The largest scale at which it all fits (portrait has the height for more).
        for (float scale : {1.25f, 1.0f, 0.85f, 0.7f, 0.6f, 0.5f}) {
            if (scale > 1.0f && landscape) continue;
            const bool last = scale <= 0.5f;
            const float lead_h = room_lead(rs, margin, top, lead_w, last ? 1e9f : bottom, scale, false);
            if (lead_h < 0) continue;
            if (landscape && has_follow) {
                if (room_follow(rs, side_x + pad, top + pad, side_w - 2 * pad, bottom - pad, scale, false) < 0 && !last) continue;
                room_lead(rs, margin, top, lead_w, 1e9f, scale, true);
                p.card(side_x, top, side_w, bottom - top);
                room_follow(rs, side_x + pad, top + pad, side_w - 2 * pad, bottom - pad, scale, true);
                return;
            }
            // Stacked: a rule, then what follows.
            const float sp = 2.0f * p.u * std::max(0.6f, scale);
            const float fy = top + lead_h + 2.4f * sp;
            if (has_follow && room_follow(rs, margin, fy, content_w, bottom, scale, false) < 0 && !last) continue;
            room_lead(rs, margin, top, lead_w, 1e9f, scale, true);
            if (has_follow) {
                p.rect(margin, fy - 1.2f * sp, content_w, std::max(1.0f, 0.15f * p.u), p.pal.rule);
                room_follow(rs, margin, fy, content_w, bottom, scale, true);
            }
            return;
        }
    }
};

RunInfo run_lobby(Canvas& p, const LobbyOptions& o) {
    Lobby lobby(p, o);
    if (!o.hall.empty()) {
        const RoomSign rs = room_sign(p.f.event, o.hall, p.f.now, p.lang);
        if (rs.hall) {
            lobby.run_room_sign(rs);
            return lobby.info;
        }
    }
    lobby.run();
    return lobby.info;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Entry points
//-----------------------------------------------------------------------------

namespace {
LobbyMotion motion_of(const ScreenFrame& f, const RunInfo& info);
}

LobbyMotion draw_lobby(const ScreenFrame& f, const LobbyOptions& options) {
    Canvas p(f, f.draw_list, nullptr);
    if (!p.dl) return lobby_motion(f, options);
    return motion_of(f, run_lobby(p, options));
}

void draw_lobby(const ScreenFrame& f) { draw_lobby(f, LobbyOptions{}); }

std::vector<LobbyBox> lobby_text_boxes(const ScreenFrame& f, const LobbyOptions& options) {
    std::vector<LobbyBox> boxes;
    Canvas p(f, nullptr, &boxes);
    run_lobby(p, options);
    return boxes;
}

double lobby_next_change_in(const ScreenFrame& f, const LobbyOptions& options) {
    return lobby_motion(f, options).next_change;
}

LobbyMotion lobby_motion(const ScreenFrame& f, const LobbyOptions& options) {
    Canvas p(f, nullptr, nullptr);
    return motion_of(f, run_lobby(p, options));
}

namespace {

LobbyMotion motion_of(const ScreenFrame& f, const RunInfo& info) {
    const double ms = double(((f.now_utc_ms % 1000) + 1000) % 1000) / 1000.0;
    const double now_s = double(second_of_day(f.now)) + ms;
    // The clock's next minute (session boundaries and the announcements' dayparts are whole
    // minutes: they fall on one).
    double next = 60.0 - double(f.now.second) - ms;
    // Announcements coming or going (they may be set to the second).
    for (const content::Announcement& a : f.event.announcements) {
        for (const auto& when : {a.valid_from, a.valid_until}) {
            if (!when || when->date != f.now.date) continue;
            const double d = double(second_of_day(*when)) - now_s;
            if (d > 0) next = std::min(next, d);
        }
    }
    // The panel's (or its page's) change.
    if (info.panels) {
        const double each = info.panel_period / double(std::max(1, info.pages));
        const double into = std::fmod(info.panel_elapsed, each);
        next = std::min(next, each - into);
    }
    LobbyMotion motion;
    motion.still_for = std::max(next, 0.0);
    if (!info.ticking.empty()) {  // the countdown's next second
        motion.ticking = info.ticking;
        motion.ticking_scale = info.ticking_scale;
        motion.next_tick = 1.0 - ms;
        next = std::min(next, motion.next_tick);
    }
    if (info.ticker_moving) {
        next = std::min(next, ticker_next_step_in(f.now_utc_ms));
        motion.ticker_moving = true;
        motion.ticker_min = info.ticker_min;
        motion.ticker_max = info.ticker_max;
        motion.ticker_offset_px = info.ticker_offset;
        motion.ticker_cycle_px = info.ticker_cycle;
        motion.ticker_rtl = info.ticker_rtl;
    }
    motion.next_change = std::clamp(next, 0.001, 60.0);
    return motion;
}

}  // namespace

void draw_operator_marker(const ScreenFrame& f) {
    // A small amber triangle in the bottom corner: staff know to run `majlis check`; visitors
    // see nothing that reads as an error.
    const float s = std::min(f.size.x, f.size.y) / 100.0f * 1.6f;
    const bool rtl = is_rtl_language(f.lang);
    const float x = rtl ? s * 0.8f : f.size.x - s * 0.8f;
    const float y = f.size.y - s * 0.8f;
    const float dir = rtl ? 1.0f : -1.0f;
    f.draw_list->AddTriangleFilled(ImVec2(x, y), ImVec2(x + dir * s, y), ImVec2(x, y - s), IM_COL32(230, 160, 30, 200));
}

}  // namespace majlis::screens
