// The loop (presentation mode): see loop.h.
//
// Index of this file
//   [SECTION] The clock: loop_position, loop_epoch (pure arithmetic, integer milliseconds)
//   [SECTION] Words and names: the interface's phrases, dates and country names (app/i18n)
//   [SECTION] Drawing helpers: a slide's context (mirroring, alpha, offset), text fitting
//   [SECTION] The slides: title, agenda, now/next, participant, document, image, announcement
//   [SECTION] The loop: transitions, progress bar, render on demand
//
// Every slide draws into a SlideCtx whose `alpha` multiplies every colour it uses (crossfades) and
// whose `dx` shifts everything it draws (slide transitions), so that two slides can share a
// frame. Text goes through TextEngine::layout with fixed styles (a hash lookup after the first
// frame); colours in styles never depend on alpha, the faded colour is passed to draw().
#include "screens/loop.h"
#include "screens/painter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace majlis::screens {

//-----------------------------------------------------------------------------
// [SECTION] The clock
//-----------------------------------------------------------------------------

namespace {

constexpr double kTransitionS = 0.8;       // the loop's transition length
constexpr double kNothingScheduledS = 3600;  // loop_next_change_in with nothing to wait for

int64_t duration_ms(const content::Slide& s) {
    double d = s.duration_s;
    if (!std::isfinite(d) || d <= 0) d = 10;
    d = std::min(d, 1e9);  // about 31 years: keeps the sum of any playlist far from overflow
    return std::max<int64_t>(1, std::llround(d * 1000.0));
}

int64_t progress_step_ms(int64_t duration_ms) {
    return std::max<int64_t>(200, (duration_ms + 50) / 100);
}

// The position with its times in whole milliseconds (what the public struct reports in s).
struct PositionMs {
    LoopPosition pos;
    int64_t into_ms = 0, duration_ms = 0;
};

// Over the slides shown (the playlist's items whose dayparts hold, content::active_slides).
PositionMs position_ms(const std::vector<const content::Slide*>& playlist, int64_t epoch_utc_ms,
                       int64_t utc_ms, double transition_s) {
    PositionMs r;
    if (playlist.empty()) return r;
    const size_t n = playlist.size();
    __int128 period = 0;
    for (const content::Slide* s : playlist) period += duration_ms(*s);
    // Times before the epoch count backwards through the same cycle (floored modulo).
    __int128 offset = (__int128)utc_ms - (__int128)epoch_utc_ms;
    __int128 in_cycle = offset % period;
    if (in_cycle < 0) in_cycle += period;
    int64_t t = (int64_t)in_cycle;
    size_t i = 0;
    for (; i + 1 < n; ++i) {
        const int64_t d = duration_ms(*playlist[i]);
        if (t < d) break;
        t -= d;
    }
    r.into_ms = t;
    r.duration_ms = duration_ms(*playlist[i]);
    r.pos.slide = i;
    r.pos.previous = (i + n - 1) % n;
    r.pos.into_s = double(t) / 1000.0;
    r.pos.duration_s = double(r.duration_ms) / 1000.0;
    r.pos.transition = 1;
    if (n > 1 && playlist[i]->transition != content::Transition::Cut && transition_s > 0 &&
        std::isfinite(transition_s)) {
        const double length_ms = std::min(transition_s * 1000.0, double(r.duration_ms) / 2.0);
        if (double(t) < length_ms) r.pos.transition = std::clamp(double(t) / length_ms, 0.0, 1.0);
    }
    return r;
}

int64_t days_since_unix_epoch(const content::Date& d) {
    using namespace std::chrono;
    const year_month_day ymd{year{d.year}, month{unsigned(d.month)}, day{unsigned(d.day)}};
    if (!ymd.ok()) return 0;
    return sys_days{ymd}.time_since_epoch().count();
}

}  // namespace

LoopPosition loop_position(const std::vector<content::Slide>& playlist, int64_t epoch_utc_ms,
                           int64_t utc_ms, double transition_s) {
    std::vector<const content::Slide*> all;
    for (const content::Slide& s : playlist) all.push_back(&s);
    return position_ms(all, epoch_utc_ms, utc_ms, transition_s).pos;
}

int64_t loop_epoch(const content::Event& event) {
    // Midnight of the first day in the event's zone (an ICU conversion, some microseconds).
    content::LocalDateTime midnight;
    midnight.date = event.start_date;
    int64_t utc = 0;
    if (!content::local_to_utc(midnight, event.time_zone, utc))
        utc = days_since_unix_epoch(event.start_date) * 86400000;
    return utc;
}

size_t loop_slide_count(const content::Event& event) {
    return std::max<size_t>(1, event.playlist.size());
}

const std::vector<content::Slide>& loop_playlist(const ScreenFrame& frame) {
    return frame.playlist ? *frame.playlist : frame.event.playlist;
}

double loop_progress_step(double duration_s) {
    if (!std::isfinite(duration_s) || duration_s <= 0) duration_s = 10;
    duration_s = std::min(duration_s, 1e9);
    return double(progress_step_ms(std::max<int64_t>(1, std::llround(duration_s * 1000.0)))) / 1000.0;
}

//-----------------------------------------------------------------------------
// [SECTION] Words and names
//-----------------------------------------------------------------------------

namespace {

struct Shown {
    std::string text;
    std::string lang;  // the language the text is written in
};

// An interface phrase (app/i18n), with the language it came in (English where the shown
// language has no catalogue).
Shown word(i18n::Phrase p, const content::Event& ev, const std::string& lang) {
    Shown s;
    s.text = phrase(ev, lang, p, {}, &s.lang);
    return s;
}

//-----------------------------------------------------------------------------
// [SECTION] Drawing helpers
//-----------------------------------------------------------------------------

using paint::Palette;
using paint::with_alpha;

// Everything one slide draws with: the frame, the unit, mirroring, alpha and offset.
struct SlideCtx {
    const ScreenFrame& f;
    const content::Event& ev;
    ImDrawList* dl;
    float W, H;
    float u;          // 1 % of the shorter side, px
    bool rtl;         // the shown language reads right to left: the layout mirrors
    bool landscape;
    Palette p;
    std::string lang; // the language shown (the event's default when the frame names none)
    float alpha = 1;  // multiplies every colour (crossfade)
    float dx = 0;     // added to every x (slide transition)

    explicit SlideCtx(const ScreenFrame& frame)
        : f(frame), ev(frame.event), dl(frame.draw_list), W(std::max(1.0f, frame.size.x)),
          H(std::max(1.0f, frame.size.y)), u(std::max(1.0f, std::min(W, H) / 100.0f)),
          rtl(false), landscape(W >= H * 1.15f), p(paint::make_palette(frame.event.theme, frame.high_contrast, u)),
          lang(frame.lang.empty() ? (frame.event.languages.default_lang.empty() ? "en" : frame.event.languages.default_lang)
                                  : frame.lang) {
        rtl = is_rtl_language(lang);
    }

    // The screen x of a band that starts `x0` px from the reading start and is `w` wide.
    float X(float x0, float w) const { return (rtl ? W - x0 - w : x0) + dx; }
    ImU32 a(ImU32 c, float mul = 1.0f) const { return with_alpha(c, alpha * mul); }
    bool visible() const { return alpha > 0.5f / 255.0f; }

    void rect(float x0, float y0, float w, float h, ImU32 c, float rounding = 0) const {
        if (w <= 0 || h <= 0) return;
        const float x = X(x0, w);
        dl->AddRectFilled(ImVec2(x, y0), ImVec2(x + w, y0 + h), a(c), rounding);
    }
    // An outline inside the band (the stroke stays within it).
    void outline(float x0, float y0, float w, float h, ImU32 c, float thickness, float rounding = 0) const {
        if (w <= thickness || h <= thickness) return;
        const float x = X(x0, w), t2 = thickness / 2;
        dl->AddRect(ImVec2(x + t2, y0 + t2), ImVec2(x + w - t2, y0 + h - t2), a(c), rounding, 0, thickness);
    }

    // The text of a LocalText in the shown language (or along the fallback chain), with the
    // language it is actually written in.
    Shown pick(const content::LocalText& t) const {
        const std::string& s = ev.text(t, lang);
        for (const auto& [l, v] : t.by_lang)
            if (&v == &s) return {s, l};
        return {s, lang};
    }

    // A paragraph style: direction from the text's language, aligned to the screen's reading
    // start (an English fallback on an Arabic screen still hangs from the right edge).
    TextLook style(const char* role, float size_u, ImU32 color, const std::string& text_lang, float max_w,
                      int max_lines, text::Align align = text::Align::Start, float line_spacing = 1.0f) const {
        TextLook s;
        s.font_role = role;
        s.size_px = std::max(8.0f, std::round(size_u * u));
        s.color = color;
        s.lang = text_lang.empty() ? lang : text_lang;
        const bool text_rtl = is_rtl_language(s.lang);
        s.dir = text_rtl ? text::Direction::RTL : text::Direction::LTR;
        s.max_width = std::max(1.0f, std::floor(max_w));
        s.max_lines = max_lines;
        // Arabic fonts bring tall lines of their own: no extra spacing there.
        s.line_spacing = text_rtl ? std::min(line_spacing, 1.0f) : line_spacing;
        s.align = align;
        if (text_rtl != rtl && align == text::Align::Start) s.align = text::Align::End;
        else if (text_rtl != rtl && align == text::Align::End) s.align = text::Align::Start;
        return s;
    }
    // Times and dates in digits: left to right in every language, one line.
    TextLook digits(const char* role, float size_u, ImU32 color) const {
        TextLook s;
        s.font_role = role;
        s.size_px = std::max(8.0f, std::round(size_u * u));
        s.color = color;
        s.lang = lang;
        s.dir = text::Direction::LTR;
        return s;
    }

    ShownText layout(const std::string& s, const TextLook& st) const { return lay_out(f.engine, s, st); }

    // As many lines of `s` as fit in max_h (at least one; the last ends with an ellipsis).
    ShownText fit_lines(const std::string& s, TextLook st, float max_h) const {
        ShownText l = layout(s, st);
        if (l->height <= max_h || l->lines.size() <= 1) return l;
        float h = 0;
        int n = 0;
        for (const text::Line& line : l->lines) {
            if (h + line.height > max_h) break;
            h += line.height;
            ++n;
        }
        st.max_lines = std::max(1, n);
        return layout(s, st);
    }
    // The largest of `sizes_u` at which `s` fits max_h without losing text; else the smallest,
    // cut to the lines that fit.
    ShownText fit_size(const std::string& s, TextLook st, std::initializer_list<float> sizes_u, float max_h) const {
        for (float size : sizes_u) {
            st.size_px = std::max(8.0f, std::round(size * u));
            ShownText l = layout(s, st);
            if (!l->truncated && l->height <= max_h) return l;
        }
        return fit_lines(s, st, max_h);
    }

    // Draws a layout whose box starts `x0` px from the reading start and is `box_w` wide.
    void put(const ShownText& l, float x0, float box_w, float y) const {
        if (!visible() || l->lines.empty()) return;
        f.engine.draw(*l, dl, ImVec2(std::round(X(x0, box_w)), std::round(y)), a(l.color));
    }

    // An image file of the event (path relative to its folder) as a texture; null: none.
    ImTextureID image(const std::string& rel, ImVec2* size) const {
        if (!f.images || rel.empty()) return nullptr;
        ImVec2 s(0, 0);
        ImTextureID tex = f.images->image(ev.dir + "/" + rel, &s);
        if (!tex || !(s.x > 0) || !(s.y > 0)) return nullptr;
        *size = s;
        return tex;
    }
    // The image scaled to fit the band (keeping its aspect), centred in it. Returns the size drawn.
    ImVec2 put_image(ImTextureID tex, ImVec2 size, float x0, float y0, float w, float h) const {
        const float scale = std::min(w / size.x, h / size.y);
        const float iw = std::floor(size.x * scale), ih = std::floor(size.y * scale);
        const float x = X(x0 + (w - iw) / 2, iw), y = std::round(y0 + (h - ih) / 2);
        if (visible() && iw >= 1 && ih >= 1)
            dl->AddImage(tex, ImVec2(std::round(x), y), ImVec2(std::round(x) + iw, y + ih), ImVec2(0, 0),
                         ImVec2(1, 1), a(IM_COL32_WHITE));
        return ImVec2(iw, ih);
    }
    // A URL's QR code for reading from a wall's 3 m (painter.h), at most `max_side` px square,
    // with its caption (the address, two lines at most) under it, as wide as the code. The
    // density is that of a 55" panel of the frame's size (the alert's assumption). h: both.
    struct Qr {
        paint::QrCode code;
        ShownText caption;
        float h = 0;
        explicit operator bool() const { return bool(code); }
    };
    Qr qr(const std::string& url, float max_side) const {
        Qr q;
        const float px_per_mm = std::hypot(W, H) / 1397.0f;
        const float caption_h = 7 * u;  // two lines at 2.2u, reserved before the code is sized
        q.code = paint::qr_code(url, px_per_mm, paint::kWallScanMm, max_side - caption_h);
        if (!q.code) return q;
        q.caption = layout(paint::qr_caption(url), style("body", 2.2f, p.muted, "en", q.code.side, 2, text::Align::Center));
        q.h = q.code.side + 0.8f * u + q.caption->height;
        if (q.h > max_side) return {};
        return q;
    }
    // Draws it with the code's box `x0` px from the reading start, at y.
    void put_qr(const Qr& q, float x0, float y) const {
        if (!q || !visible()) return;
        paint::draw_qr(dl, ImVec2(X(x0, q.code.side), y), q.code, alpha);
        put(q.caption, x0, q.code.side, y + q.code.side + 0.8f * u);
    }
    // A picture frame with a mountain and a sun: where an image could not be shown.
    void image_placeholder(float x0, float y0, float w, float h) const {
        const float t = std::max(2.0f, std::round(0.3f * u));
        outline(x0, y0, w, h, p.muted, t, u);
        const float x = X(x0, w);
        const float base = y0 + h * 0.78f;
        dl->AddTriangleFilled(ImVec2(x + w * 0.18f, base), ImVec2(x + w * 0.42f, y0 + h * 0.38f),
                              ImVec2(x + w * 0.66f, base), a(p.muted, 0.7f));
        dl->AddTriangleFilled(ImVec2(x + w * 0.48f, base), ImVec2(x + w * 0.64f, y0 + h * 0.52f),
                              ImVec2(x + w * 0.82f, base), a(p.muted, 0.5f));
        dl->AddCircleFilled(ImVec2(x + w * 0.72f, y0 + h * 0.3f), std::min(w, h) * 0.08f, a(p.muted, 0.7f));
    }
};

//-----------------------------------------------------------------------------
// [SECTION] The slides
//-----------------------------------------------------------------------------

// The title: the logo, the event's name, its dates.
void slide_title(const SlideCtx& c) {
    const float m = 8 * c.u, w = c.W - 2 * m;
    ImVec2 logo_size;
    ImTextureID logo = c.image(c.ev.theme.logo, &logo_size);
    float logo_w = 0, logo_h = 0;
    if (logo) {
        const float scale = std::min(c.W * 0.5f / logo_size.x, c.H * (c.landscape ? 0.24f : 0.16f) / logo_size.y);
        logo_w = std::floor(logo_size.x * scale);
        logo_h = std::floor(logo_size.y * scale);
    }
    const Shown name = c.pick(c.ev.name);
    const TextLook name_style = c.style("heading", 8, c.p.fg, name.lang, w, 3, text::Align::Center);
    ShownText name_l = c.fit_size(name.text, name_style, {8.5f, 7.5f, 6.5f, 5.5f, 4.8f, 4.2f}, c.H * 0.36f);
    const std::string dates = format_date_range(c.ev.start_date, c.ev.end_date, c.lang, c.f.formats);
    ShownText dates_l = c.layout(dates, c.style("body", 4, c.p.muted, c.lang, w, 2, text::Align::Center));

    const float gap_logo = logo ? 6 * c.u : 0, gap = 3.5f * c.u, rule_h = std::max(2.0f, std::round(0.5f * c.u));
    const float total = logo_h + gap_logo + name_l->height + gap + rule_h + gap + dates_l->height;
    float y = std::max(4 * c.u, std::round((c.H - total) / 2));
    if (logo) {
        c.put_image(logo, logo_size, (c.W - logo_w) / 2, y, logo_w, logo_h);
        y += logo_h + gap_logo;
    }
    c.put(name_l, m, w, y);
    y += name_l->height + gap;
    const float rule_w = 14 * c.u;
    c.rect((c.W - rule_w) / 2, y, rule_w, rule_h, c.p.accent);
    y += rule_h + gap;
    c.put(dates_l, m, w, y);
}

// The header of the agenda and now/next slides: a title and a line under it at the start,
// the clock at the end, an accent rule. Returns the y where the slide's body starts.
float slide_header(const SlideCtx& c, const Shown& title, const std::string& sub, float m) {
    const float top = 5 * c.u;
    ShownText clock = c.layout(hhmm(c.f.now.minute_of_day), c.digits("heading", 5, c.p.fg));
    const float title_w = c.W - 2 * m - clock->width - 4 * c.u;
    ShownText title_l = c.layout(title.text, c.style("heading", 4.6f, c.p.fg, title.lang, title_w, c.landscape ? 1 : 2));
    ShownText sub_l = c.layout(sub, c.style("body", 2.8f, c.p.muted, c.lang, title_w, 1));
    c.put(clock, c.W - m - clock->width, clock->width, top);
    c.put(title_l, m, title_w, top);
    if (!sub.empty()) c.put(sub_l, m, title_w, top + title_l->height);
    const float bottom = top + std::max(clock->height, title_l->height + (sub.empty() ? 0 : sub_l->height)) + 2 * c.u;
    const float rule_h = std::max(2.0f, std::round(0.3f * c.u));
    c.rect(m, bottom, c.W - 2 * m, rule_h, c.p.accent);
    return bottom + rule_h + 3 * c.u;
}

// A session's live badges (painter.h) in the band from x0, `w` wide, at y.
paint::BadgeRow live_badges(const SlideCtx& c, const content::Session& s, float size_px, float w) {
    TextLook look = c.style("heading", 1, c.p.fg, c.lang, w, 1);
    look.size_px = std::max(8.0f, std::round(size_px));
    return paint::badge_row(c.f.engine, c.ev, s, look, c.p, w, 0.8f * c.u);
}
void draw_live_badges(const SlideCtx& c, const paint::BadgeRow& b, float x0, float y) {
    if (!c.visible()) return;
    for (size_t i = 0; i < b.labels.size(); ++i) {
        const ShownText& l = b.labels[i];
        const float bx = x0 + b.at[i].x, by = y + b.at[i].y;
        if (i < b.badges.size()) {
            const float x = c.X(bx, b.widths[i]);
            paint::draw_live_badge(c.dl, ImVec2(x, by), ImVec2(x + b.widths[i], by + b.row_h), c.p, b.badges[i],
                                   0.2f * b.row_h, c.alpha);
            c.put(l, bx + b.pad, l->width, by + (b.row_h - l->height) / 2);
        } else {
            c.put(l, bx, l->width, by + (b.row_h - l->height) / 2);
        }
    }
}
// A line through a text put at x0 in a box `box_w` wide (a cancelled session's title).
void strike(const SlideCtx& c, const ShownText& l, float x0, float box_w, float y) {
    if (c.visible())
        paint::draw_strike(c.dl, *l, ImVec2(std::round(c.X(x0, box_w)), std::round(y)), c.a(l.color),
                           std::max(2.0f, 0.08f * l->size_px));
}

// One line, centred in the band below the header: "No more sessions today".
void centred_message(const SlideCtx& c, const Shown& s, float y0, float y1) {
    const float m = 8 * c.u;
    ShownText l = c.fit_lines(s.text, c.style("body", 4, c.p.muted, s.lang, c.W - 2 * m, 2, text::Align::Center),
                              std::max(1.0f, y1 - y0));
    c.put(l, m, c.W - 2 * m, std::round(y0 + std::max(0.0f, (y1 - y0 - l->height) / 2)));
}

struct DayState {
    const content::Day* day = nullptr;
    int64_t now_s = 0;       // now, seconds since the day's midnight (content::seconds_since)
    bool past(const content::Session& s) const { return s.end.value * 60 <= now_s; }
    bool current(const content::Session& s) const {
        return !s.live.cancelled && s.start.value * 60 <= now_s && now_s < s.end.value * 60;
    }
};

DayState day_state(const SlideCtx& c) {
    DayState d;
    d.day = content::today(c.ev, c.f.now);
    if (!d.day) return d;
    d.now_s = content::seconds_since(d.day->date, c.f.now);
    return d;
}

// Today's sessions, compact: time, title, hall; the current one marked, past ones dimmed. When
// they do not all fit, the window starts just before the first session not yet over.
void slide_agenda(const SlideCtx& c) {
    const float m = 6 * c.u;
    const DayState ds = day_state(c);
    // The day's own title ("Summit day – Thursday, 9 October 2025") usually names the date
    // already; without one the header says "Programme" over the date.
    const bool titled = ds.day && !ds.day->title.empty();
    const Shown title = titled ? c.pick(ds.day->title) : word(i18n::Phrase::Agenda, c.ev, c.lang);
    const float top =
        slide_header(c, title, ds.day && !titled ? format_date(ds.day->date, c.lang, i18n::DateStyle::WeekdayDayMonth, c.f.formats) : "", m);
    const float bottom = c.H - 5 * c.u;
    if (!ds.day || ds.day->sessions.empty()) {
        centred_message(c, word(i18n::Phrase::NoSessions, c.ev, c.lang), top, bottom);
        return;
    }
    const std::vector<content::Session>& sessions = ds.day->sessions;
    const float size = c.landscape ? 3.0f : 3.3f, hall_size = c.landscape ? 2.3f : 2.5f;
    const float gap = 2.5f * c.u, pad = 1.5f * c.u;
    auto fg = [&](bool past) { return past && !c.p.high_contrast ? c.p.muted : c.p.fg; };

    // The time column is as wide as its widest entry.
    std::vector<ShownText> times(sessions.size());
    float time_w = 0;
    for (size_t i = 0; i < sessions.size(); ++i) {
        const content::Session& s = sessions[i];
        times[i] = c.layout(hhmm(s.start.value) + "\u2013" + hhmm(s.end.value), c.digits("body", size, fg(ds.past(s))));
        time_w = std::max(time_w, times[i]->width);
    }
    const float inner = c.W - 2 * m - time_w - gap;
    const float hall_w = c.landscape ? std::floor(inner * 0.3f) : inner;
    const float title_w = c.landscape ? inner - hall_w - gap : inner;

    struct Row {
        ShownText title, hall;
        paint::BadgeRow badges;
        float h = 0;
    };
    std::vector<Row> rows(sessions.size());
    for (size_t i = 0; i < sessions.size(); ++i) {
        const content::Session& s = sessions[i];
        const bool past = ds.past(s) || s.live.cancelled;
        const Shown t = c.pick(s.title);
        // Portrait rows have the room for a second line of title; landscape rows stay one line.
        rows[i].title = c.layout(t.text, c.style("body", size, fg(past), t.lang, title_w, c.landscape ? 1 : 2));
        const content::Hall* hall = c.ev.hall(s.hall);
        const Shown h = hall ? c.pick(hall->name) : Shown{s.hall, "en"};
        const ImU32 hall_color = c.p.high_contrast ? c.p.fg : with_alpha(c.p.muted, past ? 0.7f : 1.0f);
        rows[i].hall = c.layout(h.text, c.style("body", hall_size, hall_color, h.lang, hall_w, 1));
        if (!ds.past(s)) rows[i].badges = live_badges(c, s, hall_size * c.u, title_w);
        const float badges_h = rows[i].badges ? rows[i].badges.h + 0.4f * pad : 0;
        rows[i].h = (c.landscape ? std::max({rows[i].title->height + badges_h, times[i]->height, rows[i].hall->height})
                                 : rows[i].title->height + rows[i].hall->height + badges_h) + pad;
    }

    // Which rows: from one before the first session not over, as many as fit; if that leaves
    // room at the bottom, start earlier.
    size_t anchor = 0;
    while (anchor < sessions.size() && ds.past(sessions[anchor])) ++anchor;
    size_t first = anchor > 0 ? anchor - 1 : 0;
    const float avail = bottom - top;
    auto height_from = [&](size_t from, size_t* end) {
        float h = 0;
        size_t i = from;
        for (; i < rows.size() && h + rows[i].h <= avail; ++i) h += rows[i].h;
        *end = i;
        return h;
    };
    size_t end = 0;
    float used = height_from(first, &end);
    while (first > 0 && end == rows.size() && used + rows[first - 1].h <= avail) used += rows[--first].h;

    float y = top;
    for (size_t i = first; i < end; ++i) {
        const content::Session& s = sessions[i];
        const Row& r = rows[i];
        if (ds.current(s)) {
            const float hy = y - pad / 2, hh = r.h;
            if (c.p.high_contrast) {
                c.outline(m / 2, hy, c.W - m, hh, c.p.fg, std::max(2.0f, std::round(0.25f * c.u)), 0.8f * c.u);
            } else {
                c.rect(m / 2, hy, c.W - m, hh, with_alpha(c.p.accent, 0.16f), 0.8f * c.u);
                c.rect(m / 2, hy, 0.7f * c.u, hh, c.p.accent);
            }
        }
        c.put(times[i], m, times[i]->width, y);
        const float tx = m + time_w + gap;
        c.put(r.title, tx, title_w, y);
        if (s.live.cancelled) strike(c, r.title, tx, title_w, y);
        if (r.badges)
            draw_live_badges(c, r.badges, tx, y + r.title->height + (c.landscape ? 0 : r.hall->height) + 0.4f * pad);
        if (c.landscape) {
            // Hall names share the title's first baseline.
            const float base_dy = r.title->lines.empty() || r.hall->lines.empty()
                                      ? 0 : r.title->lines[0].baseline - r.hall->lines[0].baseline;
            c.put(r.hall, tx + title_w + gap, hall_w, y + base_dy);
        } else {
            c.put(r.hall, tx, hall_w, y + r.title->height);
        }
        y += r.h;
    }
}

// What is on now and next in each hall that still has sessions today: one card per hall, with
// the QR code of the session's page where it has one.
void slide_now_next(const SlideCtx& c) {
    const float m = 6 * c.u;
    const DayState ds = day_state(c);
    const float top = slide_header(c, word(i18n::Phrase::NowAndNext, c.ev, c.lang),
                                   ds.day ? format_date(ds.day->date, c.lang, i18n::DateStyle::WeekdayDayMonth, c.f.formats) : "", m);
    const float bottom = c.H - 5 * c.u;
    struct Card {
        const content::Hall* hall;
        const content::Session* now = nullptr;
        const content::Session* next = nullptr;
    };
    std::vector<Card> cards;
    if (ds.day) {
        for (const content::Hall& hall : c.ev.halls) {
            // Now may be the day before's session running past midnight.
            Card card{&hall, content::now_next(c.ev, hall.id, c.f.now).now};
            for (const content::Session& s : ds.day->sessions) {
                if (s.hall != hall.id) continue;
                if (!s.live.cancelled && !ds.past(s) && !ds.current(s) && (!card.next || s.start < card.next->start))
                    card.next = &s;
            }
            if (card.now || card.next) cards.push_back(card);
        }
    }
    if (cards.empty()) {
        centred_message(c, word(i18n::Phrase::NoMoreSessionsToday, c.ev, c.lang), top, bottom);
        return;
    }

    // The grid: of the column counts whose cards are not too small, the one whose cards come
    // nearest a 2.2 : 1 shape; with too many halls for any, as many as fit in the most columns.
    const float gap = 2.5f * c.u, aw = c.W - 2 * m, ah = bottom - top;
    const float min_card_h = 22 * c.u, min_card_w = 40 * c.u;
    const size_t n = cards.size();
    size_t cols = 0, rows = 0;
    float best = 1e9f;
    for (size_t k = 1; k <= std::min<size_t>(n, 4); ++k) {
        const size_t r = (n + k - 1) / k;
        const float w = (aw - gap * float(k - 1)) / float(k), h = (ah - gap * float(r - 1)) / float(r);
        if (w < min_card_w || h < min_card_h) continue;
        const float score = std::fabs(std::log(w / std::min(h, 48 * c.u) / 2.2f));
        if (score < best) best = score, cols = k, rows = r;
    }
    if (cols == 0) {
        // Clamped at 0 before the conversion: on a degenerate screen the space is negative
        // (converting a negative float to size_t is undefined behaviour).
        cols = std::clamp<size_t>(size_t(std::max(0.0f, (aw + gap) / (min_card_w + gap))), 1, 4);
        rows = std::max<size_t>(1, size_t(std::max(0.0f, (ah + gap) / (min_card_h + gap))));
    }
    const size_t shown = std::min(n, rows * cols);
    rows = (shown + cols - 1) / cols;
    const float card_w = std::floor((aw - gap * float(cols - 1)) / float(cols));
    const float card_h = std::floor(std::min((ah - gap * float(rows - 1)) / float(rows), 48 * c.u));
    const float cu = std::min({c.u * 1.25f, card_h / 31.0f, card_w / 28.0f});  // the card's own unit

    const Shown now_word = word(i18n::Phrase::Now, c.ev, c.lang), next_word = word(i18n::Phrase::Next, c.ev, c.lang);
    auto sized = [&](TextLook st, float size_cu) {
        st.size_px = std::max(8.0f, std::round(size_cu * cu));
        return st;
    };
    for (size_t k = 0; k < shown; ++k) {
        const Card& card = cards[k];
        const float x0 = m + float(k % cols) * (card_w + gap), y0 = top + float(k / cols) * (card_h + gap);
        if (c.p.high_contrast) {
            c.outline(x0, y0, card_w, card_h, c.p.fg, std::max(2.0f, std::round(0.25f * c.u)), cu);
        } else {
            c.rect(x0, y0, card_w, card_h, with_alpha(c.p.fg, 0.06f), cu);
            c.rect(x0, y0, 0.6f * cu, card_h, c.p.accent);
        }
        const float pad = 2.2f * cu, ix = x0 + pad, ybottom = y0 + card_h - pad;
        // The page of the session on now (else of the next one) as a QR code at the card's
        // reading end, centred on its height, the text beside it; none where the card is too
        // small for a code that scans (painter.h's rule) or the session has no URL.
        const content::Session* linked = card.now && !card.now->url.empty() ? card.now : card.next;
        const SlideCtx::Qr qr = linked ? c.qr(linked->url, std::min(card_h - 2 * pad, (card_w - 2 * pad) * 0.4f)) : SlideCtx::Qr{};
        const float iw = card_w - 2 * pad - (qr ? qr.code.side + pad : 0);
        if (qr) c.put_qr(qr, ix + iw + pad, std::round(y0 + (card_h - qr.h) / 2));
        float y = y0 + pad * 0.8f;
        const Shown hall = c.pick(card.hall->name);
        ShownText hall_l = c.layout(hall.text, sized(c.style("heading", 1, c.p.accent, hall.lang, iw, 1), 3.0f));
        c.put(hall_l, ix, iw, y);
        y += hall_l->height + 1.2f * cu;

        auto block = [&](const Shown& label, const std::string& when, const content::Session* s, float size_cu,
                         bool emphasis) {
            if (y >= ybottom) return;
            ShownText label_l = c.layout(label.text, sized(c.style("heading", 1, c.p.muted, label.lang, iw * 0.6f, 1), 2.1f));
            ShownText when_l = c.layout(when, sized(c.digits("body", 1, c.p.muted), 2.1f));
            if (y + label_l->height > ybottom) return;
            c.put(label_l, ix, iw * 0.6f, y);
            if (!when.empty()) c.put(when_l, ix + iw - when_l->width, when_l->width, y);
            y += label_l->height;
            const Shown title = s ? c.pick(s->title) : Shown{"\u2014", c.lang};
            const ImU32 color = emphasis || c.p.high_contrast ? c.p.fg : with_alpha(c.p.fg, 0.85f);
            const float room = ybottom - y;
            if (room <= 0) return;
            ShownText title_l = c.fit_lines(title.text, sized(c.style("body", 1, color, title.lang, iw, 2), size_cu), room);
            if (title_l->height <= room) c.put(title_l, ix, iw, y);
            y += title_l->height;
            if (s) {
                const paint::BadgeRow badges = live_badges(c, *s, 2.0f * cu, iw);
                // Into the card's bottom padding if need be (Arabic line boxes are tall).
                if (badges && y + 0.6f * cu + badges.h <= y0 + card_h - 0.5f * pad) {
                    draw_live_badges(c, badges, ix, y + 0.6f * cu);
                    y += 0.6f * cu + badges.h;
                }
            }
            y += 1.4f * cu;
        };
        block(now_word, card.now ? hhmm(card.now->start.value) + "\u2013" + hhmm(card.now->end.value) : "",
              card.now, 3.0f, true);
        block(next_word, card.next ? hhmm(card.next->start.value) : "", card.next, 2.6f, false);
    }
}

// A participant: portrait, else flag, else initials in a circle; the name in the shown
// language and as the person writes it, the title, the country.
void slide_participant(const SlideCtx& c, const content::Participant& person) {
    const Shown name = c.pick(person.name);
    Shown native;
    if (!person.native_lang.empty()) {
        auto it = person.name.by_lang.find(person.native_lang);
        if (it != person.name.by_lang.end() && it->second != name.text && person.native_lang != name.lang)
            native = {it->second, person.native_lang};
    }
    const Shown title = c.pick(person.title);
    const std::string country =
        c.f.formats ? c.f.formats->get("country|" + person.country + "|" + c.lang,
                                       [&] { return i18n::country_name(person.country, c.lang); })
                    : i18n::country_name(person.country, c.lang);

    ImVec2 portrait_size, flag_size;
    ImTextureID portrait = c.image(person.portrait, &portrait_size);
    ImTextureID flag = c.image(person.flag, &flag_size);
    const ImTextureID picture = portrait ? portrait : flag;
    const ImVec2 picture_size = portrait ? portrait_size : flag_size;

    // Where the picture goes, and the text column.
    const float m = 8 * c.u;
    float vis_x, vis_y, vis_w, vis_h, text_x, text_w;
    text::Align align;
    if (c.landscape) {
        vis_w = std::floor(c.W * 0.30f);
        vis_h = std::floor(c.H * 0.50f);
        vis_x = m;
        text_x = m + vis_w + 7 * c.u;
        text_w = c.W - text_x - m;
        align = text::Align::Start;
    } else {
        vis_w = std::floor(c.W * 0.62f);
        vis_h = std::floor(c.H * 0.22f);
        vis_x = (c.W - vis_w) / 2;
        text_x = m;
        text_w = c.W - 2 * m;
        align = text::Align::Center;
    }
    if (!picture) {  // the initials' circle
        const float d = std::min(vis_w, vis_h) * (c.landscape ? 0.8f : 1.0f);
        vis_x += (vis_w - d) / 2;
        vis_w = vis_h = d;
    } else {
        const float scale = std::min(vis_w / picture_size.x, vis_h / picture_size.y);
        const float w = std::floor(picture_size.x * scale), h = std::floor(picture_size.y * scale);
        vis_x += c.landscape ? 0 : (vis_w - w) / 2;
        vis_w = w;
        vis_h = h;
    }

    const float name_max_h = c.H * (c.landscape ? 0.3f : 0.2f);
    ShownText name_l = c.fit_size(name.text, c.style("heading", 7, c.p.fg, name.lang, text_w, 2, align),
                                  {7.0f, 6.2f, 5.5f, 4.8f, 4.2f}, name_max_h);
    ShownText native_l;
    if (!native.text.empty())
        native_l = c.layout(native.text, c.style("body", 3.8f, c.p.accent, native.lang, text_w, 2, align));
    ShownText title_l = c.layout(title.text, c.style("body", 3.4f, c.p.fg, title.lang, text_w, 3, align, 1.05f));
    ShownText country_l = c.layout(country, c.style("body", 3.0f, c.p.muted, c.lang, text_w, 1, align));

    const float g1 = 1.2f * c.u, g2 = 3 * c.u, rule_h = std::max(2.0f, std::round(0.45f * c.u));
    float text_h = name_l->height + (native_l ? g1 + native_l->height : 0) + g2 + rule_h + g2 + title_l->height +
                   (country.empty() ? 0 : g1 + country_l->height);
    // Their page as a QR code under the text, in the room the text leaves.
    const float qr_room = c.landscape ? c.H - 2 * m - text_h - g2 : c.H - 10 * c.u - vis_h - 5 * c.u - text_h - g2;
    const SlideCtx::Qr qr = c.qr(person.url, std::min(c.landscape ? text_w : c.W * 0.5f, qr_room));
    if (qr) text_h += g2 + qr.h;
    // Landscape: picture and text side by side, each centred vertically; portrait: stacked.
    float y;
    if (c.landscape) {
        y = std::round((c.H - text_h) / 2);
        const float py = std::round((c.H - vis_h) / 2);
        if (picture) {
            c.put_image(picture, picture_size, vis_x, py, vis_w, vis_h);
            c.outline(vis_x, py, vis_w, vis_h, with_alpha(c.p.fg, 0.25f), 1);
        }
        vis_y = py;
    } else {
        const float gap = 5 * c.u;
        const float total = vis_h + gap + text_h;
        vis_y = std::round(std::max(5 * c.u, (c.H - total) / 2));
        if (picture) {
            c.put_image(picture, picture_size, vis_x, vis_y, vis_w, vis_h);
            c.outline(vis_x, vis_y, vis_w, vis_h, with_alpha(c.p.fg, 0.25f), 1);
        }
        y = vis_y + vis_h + gap;
    }
    if (!picture) {
        const float r = vis_w / 2;
        const float cx = c.X(vis_x, vis_w) + r, cy = vis_y + r;
        c.dl->AddCircleFilled(ImVec2(cx, cy), r, c.a(c.p.accent), 96);
        const std::string letters = paint::initials(name.text);
        TextLook st = c.style("heading", 1, c.p.on_accent, name.lang, vis_w, 1, text::Align::Center);
        st.size_px = std::max(8.0f, std::round(r * 0.8f));
        ShownText l = c.layout(letters, st);
        const float ly = l->lines.empty() ? cy - l->height / 2
                                          : cy - (l->lines[0].baseline - (l->lines[0].ascent - l->lines[0].descent) / 2);
        c.put(l, vis_x, vis_w, std::max(vis_y, ly));
    }
    c.put(name_l, text_x, text_w, y);
    y += name_l->height;
    if (native_l) {
        c.put(native_l, text_x + 0, text_w, y + g1);
        y += g1 + native_l->height;
    }
    y += g2;
    const float rule_w = 12 * c.u;
    c.rect(c.landscape ? text_x : (c.W - rule_w) / 2, y, rule_w, rule_h, c.p.accent);
    y += rule_h + g2;
    c.put(title_l, text_x, text_w, y);
    y += title_l->height;
    if (!country.empty()) {
        c.put(country_l, text_x, text_w, y + g1);
        y += g1 + country_l->height;
    }
    if (qr) c.put_qr(qr, c.landscape ? text_x : (c.W - qr.code.side) / 2, y + g2);
}

// A document body's opening, as plain paragraphs: list items with a bullet, headings left out.
Shown body_excerpt(const SlideCtx& c, const content::Document& doc) {
    const content::DocumentBody* body = nullptr;
    std::string lang;
    auto find = [&](const std::string& l) {
        if (body) return;
        auto it = doc.body.find(l);
        if (it != doc.body.end()) body = &it->second, lang = l;
    };
    find(c.lang);
    for (const std::string& l : c.ev.languages.fallback) find(l);
    find(c.ev.languages.default_lang);
    if (!body && !doc.body.empty()) body = &doc.body.begin()->second, lang = doc.body.begin()->first;
    if (!body) return {};
    std::string out;
    for (const content::Block& b : body->blocks) {
        if (b.kind == content::Block::Kind::Heading) continue;
        if (!out.empty()) out += '\n';
        if (b.kind == content::Block::Kind::ListItem) out += "\u2022 ";
        for (const content::Span& s : b.spans) out += s.text;
        if (out.size() > 1600) break;  // far more than any screen shows
    }
    return {out, lang};
}

void slide_document(const SlideCtx& c, const content::Document& doc) {
    const float m = (c.landscape ? 9 : 7) * c.u;
    float w = c.W - 2 * m;
    float y = 6 * c.u;
    // Kicker at the start, "illustrative summary" badge at the end.
    const Shown kicker = word(i18n::Phrase::Document, c.ev, c.lang);
    ShownText kicker_l = c.layout(kicker.text, c.style("heading", 2.6f, c.p.muted, kicker.lang, w * 0.45f, 1));
    c.put(kicker_l, m, w * 0.45f, y);
    float row_h = kicker_l->height;
    if (doc.illustrative) {
        const Shown badge = word(i18n::Phrase::IllustrativeBadge, c.ev, c.lang);
        const float px = 1.4f * c.u, py = 0.5f * c.u;
        const float box_w = w * 0.5f - 2 * px;
        ShownText l = c.layout(badge.text, c.style("heading", 2.2f, c.p.accent, badge.lang, box_w, 1, text::Align::Center));
        const float text_w = l->lines.empty() ? 0 : l->lines[0].width;
        const float bw = std::min(w * 0.5f, text_w + 2 * px), bh = l->height + 2 * py;
        const float bx = m + w - bw, by = y + (kicker_l->height - bh) / 2;
        c.outline(bx, by, bw, bh, c.p.accent, std::max(2.0f, std::round(0.22f * c.u)), bh / 2);
        c.put(l, bx + bw / 2 - box_w / 2, box_w, by + py);  // centred text in a centred box
        row_h = std::max(row_h, bh);
    }
    y += row_h + 3 * c.u;
    float bottom = c.H - 6 * c.u;
    // The document on the web as a QR code: beside the text at the reading end (landscape), under
    // it (portrait).
    const SlideCtx::Qr qr = c.qr(doc.url, c.landscape ? std::min(c.W * 0.32f, bottom - y) : std::min(c.W * 0.5f, c.H * 0.3f));
    float qr_y = 0;
    if (qr && c.landscape) {
        w -= qr.code.side + 5 * c.u;
        qr_y = std::round(y + (bottom - y - qr.h) * 0.4f);
    } else if (qr) {
        qr_y = bottom - qr.h;
        bottom = qr_y - 3 * c.u;
    }
    if (qr) c.put_qr(qr, m + (c.W - 2 * m) - qr.code.side, qr_y);
    const Shown title = c.pick(doc.title);
    ShownText title_l = c.fit_size(title.text, c.style("heading", 6, c.p.fg, title.lang, w, 3),
                                   {6.0f, 5.2f, 4.6f, 4.0f, 3.5f}, c.H * 0.3f);
    const float rule_h = std::max(2.0f, std::round(0.45f * c.u));
    const float g1 = 3 * c.u, g2 = 3.5f * c.u;
    Shown excerpt = c.pick(doc.summary);
    if (excerpt.text.empty()) excerpt = body_excerpt(c, doc);
    const float room = bottom - (y + title_l->height + g1 + rule_h + g2);
    ShownText ex;
    if (!excerpt.text.empty() && room > 0) {
        ex = c.fit_lines(excerpt.text,
                         c.style("body", c.landscape ? 3.4f : 3.8f, c.p.fg, excerpt.lang, w, 0, text::Align::Start, 1.1f),
                         room);
        if (ex->height > room) ex = {};
    }
    // Title, rule and excerpt as one block, centred in the room under the kicker (a little
    // above the middle), or from the top when they fill it.
    const float block = title_l->height + g1 + rule_h + (ex ? g2 + ex->height : 0);
    y += std::max(0.0f, std::round((bottom - y - block) * 0.4f));
    c.put(title_l, m, w, y);
    y += title_l->height + g1;
    c.rect(m, y, 12 * c.u, rule_h, c.p.accent);
    y += rule_h + g2;
    if (ex) c.put(ex, m, w, y);
}

// An image of the event's folder, as large as the screen allows, letterboxed on the theme's
// background (images are never mirrored).
void slide_image(const SlideCtx& c, const content::Slide& slide) {
    ImVec2 size;
    if (ImTextureID tex = c.image(slide.ref, &size)) {
        c.put_image(tex, size, 0, 0, c.W, c.H);
        return;
    }
    const float w = std::min(c.W * 0.4f, 40 * c.u), h = std::floor(w * 0.7f);
    c.image_placeholder((c.W - w) / 2, (c.H - h) / 2, w, h);
}

// An announcement: its text, big, centred, under a short accent bar.
void slide_announcement(const SlideCtx& c, const Shown& text) {
    const float m = 9 * c.u, w = c.W - 2 * m;
    const float bar_h = std::max(3.0f, std::round(0.7f * c.u)), gap = 5 * c.u;
    const float max_h = c.H - 2 * (8 * c.u) - bar_h - gap;
    ShownText l = c.fit_size(text.text, c.style("heading", 7, c.p.fg, text.lang, w, 0, text::Align::Center, 1.1f),
                             {7.5f, 6.5f, 5.8f, 5.2f, 4.6f, 4.0f, 3.5f, 3.0f}, max_h);
    const float total = bar_h + gap + l->height;
    float y = std::round(std::max(8 * c.u, (c.H - total) / 2));
    const float bar_w = 10 * c.u;
    c.rect((c.W - bar_w) / 2, y, bar_w, bar_h, c.p.accent, bar_h / 2);
    y += bar_h + gap;
    c.put(l, m, w, y);
}

// Any slide; a slide whose reference is missing shows the title instead (never a blank screen).
void slide_content(const SlideCtx& c, const content::Slide* slide) {
    if (!c.visible()) return;
    if (!slide) return slide_title(c);
    switch (slide->kind) {
    case content::SlideKind::Title: return slide_title(c);
    case content::SlideKind::Agenda: return slide_agenda(c);
    case content::SlideKind::NowNext: return slide_now_next(c);
    case content::SlideKind::Participant:
        if (const content::Participant* p = c.ev.participant(slide->ref)) return slide_participant(c, *p);
        return slide_title(c);
    case content::SlideKind::Document:
        if (const content::Document* d = c.ev.document(slide->ref)) return slide_document(c, *d);
        return slide_title(c);
    case content::SlideKind::Image: return slide_image(c, *slide);
    case content::SlideKind::Announcement: {
        Shown text = c.pick(slide->text);
        if (text.text.empty()) return slide_title(c);
        return slide_announcement(c, text);
    }
    }
    slide_title(c);
}

const content::Slide* slide_at(const std::vector<content::Slide>& playlist, size_t index) {
    return playlist.empty() ? nullptr : &playlist[index % playlist.size()];
}

float ease(double t) {
    const float x = float(std::clamp(t, 0.0, 1.0));
    return x * x * (3 - 2 * x);
}

void background(const ScreenFrame& f) {
    if (f.background_cleared) return;
    f.draw_list->AddRectFilled(ImVec2(0, 0), f.size, paint::make_palette(f.event.theme, f.high_contrast, 1).bg);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The loop
//-----------------------------------------------------------------------------

void draw_slide(const ScreenFrame& f, size_t index) {
    f.draw_list->PushClipRect(ImVec2(0, 0), f.size, true);
    background(f);
    SlideCtx c(f);
    slide_content(c, slide_at(loop_playlist(f), index));
    f.draw_list->PopClipRect();
}

// The slides the loop shows now: the playlist's items whose dayparts hold in the screen's hall.
std::vector<const content::Slide*> shown_slides(const ScreenFrame& f) {
    return content::active_slides(f.event, loop_playlist(f), f.hall, f.now);
}
const content::Slide* shown_at(const std::vector<const content::Slide*>& slides, size_t index) {
    return slides.empty() ? nullptr : slides[index % slides.size()];
}

void draw_loop(const ScreenFrame& f) {
    const std::vector<const content::Slide*> playlist = shown_slides(f);
    const PositionMs at = position_ms(playlist, loop_epoch(f.event), f.now_utc_ms, kTransitionS);
    const LoopPosition& pos = at.pos;
    f.draw_list->PushClipRect(ImVec2(0, 0), f.size, true);
    background(f);
    SlideCtx current(f), previous(f);
    const content::Slide* slide = shown_at(playlist, pos.slide);
    if (!slide || pos.transition >= 1) {
        slide_content(current, slide);
    } else {
        const float t = ease(pos.transition);
        if (slide->transition == content::Transition::Slide) {
            // The new slide comes in from the end of the reading direction (the right in
            // left-to-right languages, the left in right-to-left ones); the old one leaves
            // towards the start.
            const float dir = current.rtl ? -1.0f : 1.0f;
            previous.dx = std::round(-dir * f.size.x * t);
            current.dx = std::round(dir * f.size.x * (1 - t));
        } else {
            previous.alpha = 1 - t;
            current.alpha = t;
        }
        slide_content(previous, shown_at(playlist, pos.previous));
        slide_content(current, slide);
    }
    // The progress bar: the slide's elapsed time, in steps, filling from the reading start.
    if (at.duration_ms > 0) {
        const int64_t step = progress_step_ms(at.duration_ms);
        const float fraction = float(double(at.into_ms / step * step) / double(at.duration_ms));
        const float h = std::max(2.0f, std::round(0.5f * current.u));
        const SlideCtx& c = current;
        SlideCtx bar(f);  // not faded, not moved
        if (!c.p.high_contrast) bar.rect(0, f.size.y - h, f.size.x, h, with_alpha(c.p.muted, 0.22f));
        bar.rect(0, f.size.y - h, std::round(f.size.x * fraction), h, c.p.accent);
    }
    f.draw_list->PopClipRect();
}

double loop_next_change_in(const ScreenFrame& f) {
    const std::vector<const content::Slide*> playlist = shown_slides(f);
    // The slides shown change where a daypart starts or ends (whole local seconds from now).
    int64_t daypart_ms = int64_t(kNothingScheduledS * 1000);
    if (const std::optional<int> in_s = content::next_daypart_change_in(f.event, loop_playlist(f), f.hall, f.now))
        daypart_ms = std::max<int64_t>(0, int64_t(*in_s) * 1000 - ((f.now_utc_ms % 1000) + 1000) % 1000);
    // No slide: the title slide, where nothing changes.
    if (playlist.empty()) return double(daypart_ms) / 1000.0;
    const PositionMs at = position_ms(playlist, loop_epoch(f.event), f.now_utc_ms, kTransitionS);
    if (at.pos.transition < 1) return 0;
    int64_t wait_ms = std::min(daypart_ms, at.duration_ms - at.into_ms);  // the next slide's transition starts then
    const int64_t step = progress_step_ms(at.duration_ms);
    wait_ms = std::min(wait_ms, (at.into_ms / step + 1) * step - at.into_ms);
    const content::SlideKind kind = playlist[at.pos.slide]->kind;
    if (kind == content::SlideKind::Agenda || kind == content::SlideKind::NowNext) {
        const int64_t in_minute = ((f.now_utc_ms % 60000) + 60000) % 60000;
        wait_ms = std::min(wait_ms, 60000 - in_minute);
    }
    return double(std::max<int64_t>(0, wait_ms)) / 1000.0;
}

}  // namespace majlis::screens
