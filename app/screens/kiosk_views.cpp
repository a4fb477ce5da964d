// The kiosk's screens (kiosk_internal.h): home (the event, the clock, three tiles, the language
// switch), agenda (day tabs, session rows), session (when and where, speakers, documents), roster
// (a grid of participant cards), participant (portrait, names, their sessions) and documents (the
// list; the reader is kiosk_reader.cpp). Each draws through the Ctx (kiosk_draw.cpp) and records
// what can be tapped as it draws.
#include "screens/kiosk_internal.h"

#include <algorithm>
#include <cmath>

namespace majlis::screens::kiosk {

namespace {

//-----------------------------------------------------------------------------
// Languages (words, dates and names of the interface are app/i18n's)
//-----------------------------------------------------------------------------

std::string_view primary_language(std::string_view lang) { return lang.substr(0, lang.find_first_of("-_")); }

std::string time_range(const content::Session& s) { return hhmm(s.start.value) + "\u2013" + hhmm(s.end.value); }

}  // namespace

//-----------------------------------------------------------------------------
// Home
//-----------------------------------------------------------------------------

void draw_home(Ctx& c) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;

    // Top band: logo, the event's name (up to three lines; the band grows), the clock.
    TextLook clock_st = c.style(6.0f * k.u, "heading", c.p.fg);
    clock_st.dir = text::Direction::LTR;
    ShownText clock = c.lay(hhmm(c.f.now.minute_of_day), clock_st);
    ImVec2 logo_size;
    ImTextureID logo = c.image(ev.theme.logo, &logo_size);
    if (logo && (logo_size.x <= 0 || logo_size.y <= 0)) logo = nullptr;
    const float logo_h = 11.2f * k.u, logo_w = logo ? std::min(logo_h * logo_size.x / logo_size.y, 3 * logo_h) : 0;
    const float x = k.margin + (logo ? logo_w + k.gap : 0);
    const float name_w = k.W - k.margin - clock->width - k.gap - x;
    ShownText name = c.label(ev.text(ev.name, c.lang), c.style(4.6f * k.u, "heading", c.p.fg, name_w, 3));
    const float band_h = std::max({16.0f * k.u, k.header_h, name->height + 3.0f * k.u});
    c.text_at(clock, k.W - k.margin - clock->width, c.centered_top(*clock, band_h / 2));
    if (logo) {
        ImVec2 a, b;
        c.box(k.margin, (band_h - logo_h) / 2, k.margin + logo_w, (band_h + logo_h) / 2, a, b);
        c.dl->AddImage(logo, a, b);
    }
    c.text_at(name, x, (band_h - name->height) / 2);
    c.fill(k.margin, band_h, k.W - k.margin, band_h + std::max(2.0f, 0.3f * k.u), c.p.accent);

    // Bottom band: the language switch, each language in itself, in display order from the start.
    std::vector<std::string> langs = ev.languages.display;
    if (langs.empty()) langs.push_back(ev.languages.default_lang.empty() ? c.lang : ev.languages.default_lang);
    const float lb_h = std::max(9.0f * k.u, k.touch);
    struct Btn { std::string lang; ShownText l; float w; };
    std::vector<Btn> btns;
    for (const std::string& l : langs) {
        TextLook st = c.style(3.4f * k.u, "heading", c.p.fg);
        st.lang = l;  // shaped and drawn as that language
        ShownText lay = c.lay(c.s.cached_name("autonym:" + l, [&] { return i18n::language_name(l); }), st);
        const float w = std::max(lay->width + 6.0f * k.u, std::max(lb_h * 1.8f, k.touch));
        btns.push_back({l, lay, w});
    }
    // As many buttons to a row as fit the width, centred; further rows above (eight languages
    // on a portrait screen). Buttons keep their size: each is a touch target.
    const float lgap = k.gap, row_w = k.W - 2 * k.margin;
    std::vector<std::vector<const Btn*>> rows(1);
    float row_used = 0;
    for (const Btn& b : btns) {
        if (!rows.back().empty() && row_used + lgap + b.w > row_w) {
            rows.emplace_back();
            row_used = 0;
        }
        row_used += (rows.back().empty() ? 0 : lgap) + b.w;
        rows.back().push_back(&b);
    }
    const float ly = k.H - k.margin - float(rows.size()) * lb_h - float(rows.size() - 1) * lgap;  // the switch's top
    for (size_t r = 0; r < rows.size(); ++r) {
        float total = -lgap;
        for (const Btn* b : rows[r]) total += b->w + lgap;
        const float scale = total > row_w ? row_w / total : 1.0f;  // one button wider than the screen
        const float y = ly + float(r) * (lb_h + lgap);
        float bx = (k.W - total * scale) / 2;
        for (const Btn* b : rows[r]) {
            const float w = b->w * scale;
            const bool selected = primary_language(b->lang) == primary_language(c.lang);
            const Target id = language_target(b->lang);
            c.panel(bx, y, bx + w, y + lb_h, c.pressed(id), selected);
            const ImU32 tc = selected ? c.p.on_accent : c.p.fg;
            c.text_at({b->l.layout, tc}, bx + (w - b->l->width) / 2, c.centered_top(*b->l, y + lb_h / 2));
            c.hit(id, bx, y, bx + w, y + lb_h);
            bx += w + lgap;
        }
    }

    // Tiles: in a row (landscape) or a column (portrait).
    struct Tile { Route::Kind route; i18n::Phrase w; };
    const Tile tiles[3] = {{Route::Kind::Agenda, i18n::Phrase::Agenda},
                           {Route::Kind::Roster, i18n::Phrase::Participants},
                           {Route::Kind::Documents, i18n::Phrase::Documents}};
    const float top = band_h + 2 * k.margin, bottom = ly - k.margin;
    const float avail_w = k.W - 2 * k.margin, avail_h = std::max(3 * k.touch, bottom - top);
    for (int i = 0; i < 3; ++i) {
        float x0, y0, x1, y1;
        if (!k.portrait) {
            const float w = (avail_w - 2 * k.margin) / 3;
            const float h = std::min(avail_h, w * 1.1f);
            x0 = k.margin + float(i) * (w + k.margin);
            y0 = top + (avail_h - h) / 2;
            x1 = x0 + w;
            y1 = y0 + h;
        } else {
            const float h = std::min((avail_h - 2 * k.gap * 1.5f) / 3, avail_w * 0.6f);
            const float used = 3 * h + 2 * k.gap * 1.5f;
            x0 = k.margin;
            x1 = k.W - k.margin;
            y0 = top + (avail_h - used) / 2 + float(i) * (h + k.gap * 1.5f);
            y1 = y0 + h;
        }
        const Target id = open_target(tiles[i].route, {});
        const bool down = c.pressed(id);
        c.panel(x0, y0, x1, y1, down);
        if (!c.p.high_contrast) c.fill(x0, y0, x1, y0 + 0.8f * k.u, c.p.accent, 0);
        const ImU32 ic = c.p.high_contrast ? c.p.fg : c.p.accent;
        const ImU32 ground = down ? c.p.pressed : c.p.card;
        ShownText lab;
        if (!k.portrait) {
            const float w = x1 - x0, h = y1 - y0;
            lab = c.lay(phrase(c.ev, c.lang, tiles[i].w), [&] {
                TextLook st = c.style(k.tile, "heading", c.p.fg, w - 2 * k.gap, 2);
                st.align = text::Align::Center;
                return st;
            }());
            const float icon = std::min(w * 0.42f, (h - lab->height) * 0.5f);
            const float block = icon + k.gap * 1.5f + lab->height;
            const float iy = y0 + (h - block) / 2 + icon / 2;
            const float cx = (x0 + x1) / 2;
            if (i == 0) c.calendar(cx, iy, icon, ic);
            if (i == 1) c.people(cx, iy, icon, ic, ground);
            if (i == 2) c.page(cx, iy, icon, ic);
            c.text_at(lab, x0 + k.gap, iy + icon / 2 + k.gap * 1.5f);
        } else {
            const float h = y1 - y0;
            const float icon = h * 0.5f;
            const float cx = x0 + k.margin + icon / 2, cy = (y0 + y1) / 2;
            if (i == 0) c.calendar(cx, cy, icon, ic);
            if (i == 1) c.people(cx, cy, icon, ic, ground);
            if (i == 2) c.page(cx, cy, icon, ic);
            const float tx = cx + icon / 2 + k.margin;
            lab = c.label(phrase(c.ev, c.lang, tiles[i].w), c.style(k.tile, "heading", c.p.fg, x1 - k.margin - tx, 2));
            c.text_at(lab, tx, cy - lab->height / 2);
        }
        c.hit(id, x0, y0, x1, y1);
    }
}

namespace {

//-----------------------------------------------------------------------------
// Rows shared by lists: a session (time, title, hall) and a chevron
//-----------------------------------------------------------------------------

struct SessionRow {
    ShownText time, title, hall;
    paint::BadgeRow badges;
    float time_w = 0, h = 0;
};

// A session's live badges (painter.h) at logical x0, y.
paint::BadgeRow live_badges(Ctx& c, const content::Session& s, float size, float max_w) {
    return paint::badge_row(c.eng, c.ev, s, c.style(size, "heading", c.p.fg), c.p, max_w, c.k.pad);
}
void draw_live_badges(Ctx& c, const paint::BadgeRow& b, float x0, float y) {
    for (size_t i = 0; i < b.labels.size(); ++i) {
        const ShownText& l = b.labels[i];
        const float bx = x0 + b.at[i].x, by = y + b.at[i].y;
        if (i < b.badges.size()) {
            ImVec2 a, e;
            c.box(bx, by, bx + b.widths[i], by + b.row_h, a, e);
            paint::draw_live_badge(c.dl, a, e, c.p, b.badges[i], 0.2f * b.row_h);
            c.text_at(l, bx + b.pad, by + (b.row_h - l->height) / 2);
        } else {
            c.text_at(l, bx, by + (b.row_h - l->height) / 2);
        }
    }
}
// A line through a text drawn with c.text_at at x0, y (a cancelled session's title).
void strike(Ctx& c, const ShownText& l, float x0, float y) {
    const float x = c.rtl ? c.k.W - x0 - l->width : x0;
    paint::draw_strike(c.dl, *l, ImVec2(std::round(x), std::round(y)), l.color, std::max(2.0f, 0.08f * l->size_px));
}

SessionRow session_row(Ctx& c, const content::Session& s, float x0, float x1, float time_w) {
    const Metrics& k = c.k;
    SessionRow r;
    TextLook ts = c.style(k.label, "heading", c.p.accent);
    ts.dir = text::Direction::LTR;  // 10:30–10:40 reads left to right in every language
    r.time = c.lay(time_range(s), ts);
    r.time_w = time_w;
    const float tx = x0 + time_w + k.gap, tw = x1 - 5 * k.u - tx;
    const bool cancelled = s.live.cancelled;
    r.title = c.label(c.ev.text(s.title, c.lang), c.style(k.label, "heading", cancelled ? c.p.past : c.p.fg, tw, 2));
    const content::Hall* hall = c.ev.hall(s.hall);
    r.hall = c.label(hall ? c.ev.text(hall->name, c.lang) : s.hall,
                     c.style(k.small * 1.1f, "body", cancelled ? c.p.past_muted : c.p.muted, tw, 1));
    r.badges = live_badges(c, s, k.small, tw);
    const float badges_h = r.badges ? r.badges.h + k.pad / 2 : 0;
    r.h = std::max(k.touch * 1.2f, r.title->height + r.hall->height + badges_h + 2.4f * k.pad);
    return r;
}

// The widest "00:00–00:00" of a list, for its time column.
float time_column(Ctx& c, const std::vector<const content::Session*>& sessions) {
    TextLook ts = c.style(c.k.label, "heading", c.p.accent);
    ts.dir = text::Direction::LTR;
    float w = 0;
    for (const content::Session* s : sessions) w = std::max(w, c.lay(time_range(*s), ts)->width);
    return w;
}

void draw_session_row(Ctx& c, const content::Session& s, const SessionRow& r, float x0, float x1, float y, bool now) {
    const Metrics& k = c.k;
    const Target id = open_target(Route::Kind::Session, s.id);
    const bool down = c.pressed(id);
    if (down) c.fill(x0 - k.pad, y, x1 + k.pad, y + r.h, c.p.pressed, 0.8f * k.u);
    else if (now) c.fill(x0 - k.pad, y, x1 + k.pad, y + r.h, c.p.now_row, 0.8f * k.u);
    if (now) c.fill(x0 - k.pad, y, x0 - k.pad + 0.8f * k.u, y + r.h, c.p.accent);
    const float badges_h = r.badges ? r.badges.h + k.pad / 2 : 0;
    const float ty = y + (r.h - r.title->height - r.hall->height - badges_h) / 2;
    c.text_at(r.time, x0, ty + (r.title->lines.empty() ? 0 : r.title->lines[0].baseline - r.time->lines[0].baseline));
    const float tx = x0 + r.time_w + k.gap;
    c.text_at(r.title, tx, ty);
    if (s.live.cancelled) strike(c, r.title, tx, ty);
    c.text_at(r.hall, tx, ty + r.title->height);
    if (r.badges) draw_live_badges(c, r.badges, tx, ty + r.title->height + r.hall->height + k.pad / 2);
    c.chevron_to_end(x1 - 2.5f * k.u, y + r.h / 2, 4.5f * k.u, c.p.muted);
    c.fill(x0, y + r.h - 1, x1, y + r.h, c.p.line);
    c.hit(id, x0 - k.pad, y, x1 + k.pad, y + r.h);
}

bool is_now(const ScreenFrame& f, const content::Session& s) {
    const int64_t t = content::seconds_since(s.date, f.now);
    return !s.live.cancelled && s.start.value * 60 <= t && t < s.end.value * 60;
}

}  // namespace

//-----------------------------------------------------------------------------
// Agenda
//-----------------------------------------------------------------------------

void draw_agenda(Ctx& c) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;
    draw_header(c, phrase(c.ev, c.lang, i18n::Phrase::Agenda), 0);
    State::Entry& e = c.s.top();
    if (ev.days.empty()) return;
    if (e.day < 0 || e.day >= int(ev.days.size())) {
        const content::Day* today = content::today(ev, c.f.now);
        e.day = today ? int(today - ev.days.data()) : 0;
    }
    float top = k.header_h;

    // Day tabs when the event has more than one day.
    if (ev.days.size() > 1) {
        const float th = std::max(7.0f * k.u, k.touch), y0 = top + k.pad;
        const float avail = k.W - 2 * k.margin;
        const float w = std::max(k.touch, (avail - k.pad * float(ev.days.size() - 1)) / float(ev.days.size()));
        for (size_t d = 0; d < ev.days.size(); ++d) {
            const float x0 = k.margin + float(d) * (w + k.pad);
            const Target id = target(Target::Kind::Day, int(d));
            const bool sel = int(d) == e.day;
            c.panel(x0, y0, x0 + w, y0 + th, c.pressed(id), sel);
            std::string t = ev.text(ev.days[d].title, c.lang);
            TextLook st = c.style(k.small * 1.1f, "heading", sel ? c.p.on_accent : c.p.fg, w - 2 * k.pad, 2);
            st.align = text::Align::Center;
            ShownText l = c.lay(t.empty() ? format_date(ev.days[d].date, c.lang, i18n::DateStyle::DayMonthNumeric, c.f.formats) : t, st);
            c.text_at(l, x0 + k.pad, c.centered_top(*l, y0 + th / 2));
            c.hit(id, x0, y0, x0 + w, y0 + th);
        }
        top = y0 + th + k.pad;
    }

    const content::Day& day = ev.days[size_t(e.day)];
    const float x0 = k.margin, x1 = k.W - k.margin;
    std::vector<Item> items;
    if (ev.days.size() == 1 && !day.title.empty()) {
        ShownText l = c.label(ev.text(day.title, c.lang), c.style(k.label, "heading", c.p.muted, x1 - x0, 2));
        items.push_back({l->height + 1.5f * k.u, [&c, l, x0](float y) { c.text_at(l, x0, y); }});
    }
    std::vector<const content::Session*> ss;
    for (const content::Session& s : day.sessions) ss.push_back(&s);
    const float tw = time_column(c, ss);
    for (const content::Session* s : ss) {
        SessionRow r = session_row(c, *s, x0, x1, tw);
        const bool now = is_now(c.f, *s);
        items.push_back({r.h, [&c, s, r, x0, x1, now](float y) { draw_session_row(c, *s, r, x0, x1, y, now); }});
    }
    run_pane(c, 0, 0, k.W, top, k.H, items, 1.5f * k.u);
}

namespace {

//-----------------------------------------------------------------------------
// Session
//-----------------------------------------------------------------------------

// A speaker card: portrait circle at the start, name and title after it.
float speaker_card_h(Ctx& c, const content::Participant& p, float w, ShownText* name, ShownText* title) {
    const Metrics& k = c.k;
    const float d = 10.0f * k.u, tw = w - d - 3 * k.pad;
    *name = c.label(c.ev.text(p.name, c.lang), c.style(k.label, "heading", c.p.fg, tw, 2));
    *title = c.label(c.ev.text(p.title, c.lang), c.style(k.small, "body", c.p.muted, tw, 2));
    return std::max({d + 2 * k.pad, (*name)->height + (*title)->height + 2 * k.pad, k.touch});
}

void draw_speaker_card(Ctx& c, const content::Participant& p, float x0, float y, float w, float h, ShownText name,
                       ShownText title) {
    const Metrics& k = c.k;
    const Target id = open_target(Route::Kind::Participant, p.id);
    c.panel(x0, y, x0 + w, y + h, c.pressed(id));
    const float d = 10.0f * k.u;
    c.portrait(p, x0 + k.pad + d / 2, y + h / 2, d);
    const float tx = x0 + d + 2 * k.pad;
    const float ty = y + (h - name->height - title->height) / 2;
    c.text_at(name, tx, ty);
    c.text_at(title, tx, ty + name->height);
    c.hit(id, x0, y, x0 + w, y + h);
}

// Grid rows of cards: `cols` per row, columns from the start side.
template <class MeasureFn, class DrawFn>
void grid_items(Ctx& c, std::vector<Item>& items, size_t n, int cols, float x0, float x1, float gap, MeasureFn measure,
                DrawFn draw) {
    const float w = (x1 - x0 - gap * float(cols - 1)) / float(cols);
    for (size_t r = 0; r * size_t(cols) < n; ++r) {
        float h = 0;
        for (size_t i = r * cols; i < std::min(n, (r + 1) * cols); ++i) h = std::max(h, measure(i, w));
        items.push_back({h + gap, [=, &c](float y) {
                             (void)c;
                             for (size_t i = r * cols; i < std::min(n, (r + 1) * cols); ++i)
                                 draw(i, x0 + float(i - r * cols) * (w + gap), y, w, h);
                         }});
    }
}

Item document_button(Ctx& c, const content::Document& d, float x0, float x1) {
    const Metrics& k = c.k;
    const float icon = 5.0f * k.u;
    const float tx = x0 + k.pad + icon + k.gap, tw = x1 - 5 * k.u - tx;
    ShownText t = c.label(c.ev.text(d.title, c.lang), c.style(k.label, "heading", c.p.fg, tw, 2));
    const float h = std::max(k.touch * 1.1f, t->height + 2.4f * k.pad);
    const Target id = open_target(Route::Kind::Document, d.id);
    return Item{h + k.pad, [&c, t, h, id, x0, x1, icon, tx](float y) {
                    const Metrics& k = c.k;
                    c.panel(x0, y, x1, y + h, c.pressed(id));
                    c.page(x0 + k.pad + icon / 2, y + h / 2, icon, c.p.high_contrast ? c.p.fg : c.p.accent);
                    c.text_at(t, tx, y + (h - t->height) / 2);
                    c.chevron_to_end(x1 - 2.5f * k.u, y + h / 2, 4.5f * k.u, c.p.muted);
                    c.hit(id, x0, y, x1, y + h);
                }};
}

}  // namespace

void draw_session(Ctx& c, const content::Session& s) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;
    draw_header(c, phrase(c.ev, c.lang, i18n::Phrase::Agenda), 0);
    const float x0 = k.margin, x1 = k.W - k.margin;
    const float read_w = std::min(x1 - x0, 40.0f * k.body);  // lines of a readable length
    std::vector<Item> items;

    ShownText title = c.label(ev.text(s.title, c.lang), c.style(5.0f * k.u, "heading", s.live.cancelled ? c.p.past : c.p.fg, x1 - x0));
    items.push_back({title->height + k.gap, [&c, title, x0, cancelled = s.live.cancelled](float y) {
                         c.text_at(title, x0, y);
                         if (cancelled) strike(c, title, x0, y);
                     }});
    // What changed live: cancelled, delayed (and the time it was), moved, full.
    if (paint::BadgeRow badges = live_badges(c, s, k.label, x1 - x0))
        items.push_back({badges.h + k.gap, [&c, badges, x0](float y) { draw_live_badges(c, badges, x0, y); }});

    // When and where
    TextLook ts = c.style(k.label, "heading", c.p.accent);
    ts.dir = text::Direction::LTR;
    ShownText when = c.lay(time_range(s), ts);
    const content::Hall* hall = ev.hall(s.hall);
    const float hx = x0 + when->width + 2 * k.gap;
    ShownText where = c.label(hall ? ev.text(hall->name, c.lang) : s.hall, c.style(k.label, "body", c.p.fg, x1 - hx, 2));
    const bool now = is_now(c.f, s);
    ShownText now_l = now ? c.lay(phrase(c.ev, c.lang, i18n::Phrase::Now), c.style(k.small, "heading", c.p.on_accent)) : ShownText{};
    const float meta_h = std::max(when->height, where->height) + (now ? now_l->height + 2 * k.pad : 0);
    items.push_back({meta_h + k.gap, [&c, when, where, now_l, x0, hx](float y) {
                         const Metrics& k = c.k;
                         c.text_at(when, x0, y);
                         c.text_at(where, hx, y);
                         if (now_l) {
                             const float py = y + std::max(when->height, where->height) + k.pad;
                             ImVec2 a, b;
                             c.box(x0, py, x0 + now_l->width + 2 * k.gap, py + now_l->height + k.pad, a, b);
                             paint::draw_pill(c.dl, a, b, c.p, true, 0.6f * k.u);
                             c.text_at(now_l, x0 + k.gap, py + k.pad / 2);
                         }
                     }});

    add_qr(c, items, s.url, x0, x1);

    // Which day, when the event has more than one.
    int day_index = -1;
    find_session(ev, s.id, &day_index);
    if (ev.days.size() > 1 && day_index >= 0 && !ev.days[size_t(day_index)].title.empty()) {
        ShownText d = c.label(ev.text(ev.days[size_t(day_index)].title, c.lang), c.style(k.label, "body", c.p.muted, x1 - x0, 2));
        items.push_back({d->height + k.gap, [&c, d, x0](float y) { c.text_at(d, x0, y); }});
    }

    const std::string& desc = ev.text(s.description, c.lang);
    if (!desc.empty()) {
        ShownText d = c.lay(desc, c.style(k.body, "body", c.p.fg, read_w));
        items.push_back({d->height + k.gap, [&c, d, x0](float y) { c.text_at(d, x0, y); }});
    }

    std::vector<const content::Participant*> speakers;
    for (const std::string& id : s.speakers)
        if (const content::Participant* p = ev.participant(id)) speakers.push_back(p);
    if (!speakers.empty()) {
        items.push_back(section_title(c, phrase(c.ev, c.lang, i18n::Phrase::Speakers), x0, x1));
        const int cols = std::clamp(int((x1 - x0) / (50.0f * k.u)), 1, 3);
        grid_items(
            c, items, speakers.size(), cols, x0, x1, k.pad * 1.5f,
            [&c, speakers](size_t i, float w) {
                ShownText n, t;
                return speaker_card_h(c, *speakers[i], w, &n, &t);
            },
            [&c, speakers](size_t i, float x, float y, float w, float h) {
                ShownText n, t;
                speaker_card_h(c, *speakers[i], w, &n, &t);
                draw_speaker_card(c, *speakers[i], x, y, w, h, n, t);
            });
    }

    std::vector<const content::Document*> docs;
    for (const std::string& id : s.documents)
        if (const content::Document* d = ev.document(id)) docs.push_back(d);
    if (!docs.empty()) {
        items.push_back(section_title(c, phrase(c.ev, c.lang, i18n::Phrase::Documents), x0, x1));
        for (const content::Document* d : docs) items.push_back(document_button(c, *d, x0, x1));
    }
    run_pane(c, 0, 0, k.W, k.header_h, k.H, items, 2.5f * k.u);
}

//-----------------------------------------------------------------------------
// Roster and participant
//-----------------------------------------------------------------------------

namespace {

struct CardText {
    ShownText name, title;
};

}  // namespace

void draw_roster(Ctx& c) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;
    draw_header(c, phrase(c.ev, c.lang, i18n::Phrase::Participants), 0);
    const float x0 = k.margin, x1 = k.W - k.margin;
    const size_t n = ev.participants.size();
    if (n == 0) return;
    // As many columns as cards of at least 40u fit, then balanced (6 -> 3 + 3, not 4 + 2).
    int cols = std::clamp(int((x1 - x0) / (40.0f * k.u)), 1, 5);
    cols = std::min<int>(cols, int(n));
    const int rows = int((n + size_t(cols) - 1) / size_t(cols));
    cols = int((n + size_t(rows) - 1) / size_t(rows));
    const float gap = k.gap;

    auto text_of = [&c](const content::Participant& p, float w) {
        const Metrics& k = c.k;
        TextLook ns = c.style(k.label, "heading", c.p.fg, w - 2 * k.pad, 2);
        ns.align = text::Align::Center;
        TextLook ts = c.style(k.small, "body", c.p.muted, w - 2 * k.pad, 3);
        ts.align = text::Align::Center;
        return CardText{c.lay(c.ev.text(p.name, c.lang), ns), c.lay(c.ev.text(p.title, c.lang), ts)};
    };
    auto disc = [&k](float w) { return std::min(w * 0.42f, 17.0f * k.u); };
    std::vector<Item> items;
    grid_items(
        c, items, n, cols, x0, x1, gap,
        [&](size_t i, float w) {
            CardText t = text_of(ev.participants[i], w);
            return 2 * k.gap + disc(w) + k.gap + t.name->height + 0.5f * k.pad + t.title->height;
        },
        [&c, text_of, disc](size_t i, float x, float y, float w, float h) {
            const Metrics& k = c.k;
            const content::Participant& p = c.ev.participants[i];
            const Target id = open_target(Route::Kind::Participant, p.id);
            c.panel(x, y, x + w, y + h, c.pressed(id));
            const float d = disc(w);
            c.flag(p, x + k.pad * 1.5f, y + k.pad * 1.5f, std::min(9.0f * k.u, w * 0.22f));
            c.portrait(p, x + w / 2, y + k.gap + d / 2, d);
            CardText t = text_of(p, w);
            const float ty = y + 2 * k.gap + d;
            c.text_at(t.name, x + k.pad, ty);
            c.text_at(t.title, x + k.pad, ty + t.name->height + 0.5f * k.pad);
            c.hit(id, x, y, x + w, y + h);
        });
    run_pane(c, 0, 0, k.W, k.header_h, k.H, items, 2.0f * k.u);
}

void draw_participant(Ctx& c, const content::Participant& p) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;
    draw_header(c, phrase(c.ev, c.lang, i18n::Phrase::Participants), 0);
    const float x0 = k.margin, x1 = k.W - k.margin;
    std::vector<Item> items;

    // Portrait at the start; name, the name as they write it, title and country after it.
    const float d = (k.portrait ? 22.0f : 24.0f) * k.u;
    const float tx = x0 + d + 2 * k.margin, tw = x1 - tx;
    const std::string& shown = ev.text(p.name, c.lang);
    ShownText name = c.label(shown, c.style(5.5f * k.u, "heading", c.p.fg, tw));
    ShownText native, native_lang;
    if (!p.native_lang.empty() && primary_language(p.native_lang) != primary_language(c.lang)) {
        auto it = p.name.by_lang.find(p.native_lang);
        if (it != p.name.by_lang.end() && it->second != shown) {
            TextLook ns = c.style(3.8f * k.u, "body", c.p.fg, tw);
            ns.lang = p.native_lang;  // shaped and drawn as their language
            native = c.label(it->second, ns);
            TextLook ls = c.style(k.small, "body", c.p.muted, tw, 1);
            ls.lang = p.native_lang;
            native_lang = c.label(c.s.cached_name("autonym:" + p.native_lang, [&] { return i18n::language_name(p.native_lang); }), ls);
        }
    }
    ShownText title = c.label(ev.text(p.title, c.lang), c.style(k.label, "body", c.p.muted, tw));
    const float flag_w = 7.5f * k.u;
    ShownText country = c.label(c.s.cached_name("country:" + c.lang + ":" + p.country, [&] { return i18n::country_name(p.country, c.lang); }),
                                c.style(k.label, "body", c.p.fg, tw - flag_w - k.gap, 1));
    float th = name->height + k.gap + title->height + k.gap + std::max(flag_w * 2 / 3, country->height);
    if (native) th += native->height + native_lang->height + k.gap;
    const float h = std::max(d, th);
    items.push_back({h + 2 * k.gap, [&c, &p, d, x0, tx, name, native, native_lang, title, country, flag_w](float y) {
                         const Metrics& k = c.k;
                         c.portrait(p, x0 + d / 2, y + d / 2, d);
                         float ty = y;
                         c.text_at(name, tx, ty);
                         ty += name->height;
                         if (native) {
                             c.text_at(native, tx, ty);
                             ty += native->height;
                             c.text_at(native_lang, tx, ty);
                             ty += native_lang->height + k.gap;
                         }
                         ty += k.gap;
                         c.text_at(title, tx, ty);
                         ty += title->height + k.gap;
                         const float fh = flag_w * 2 / 3, rh = std::max(fh, country->height);
                         c.flag(p, tx, ty + (rh - fh) / 2, flag_w);
                         c.text_at(country, tx + flag_w + k.gap, ty + (rh - country->height) / 2);
                     }});

    add_qr(c, items, p.url, x0, x1);

    // The sessions they speak at.
    std::vector<const content::Session*> ss;
    for (const content::Day& day : ev.days)
        for (const content::Session& s : day.sessions)
            if (std::find(s.speakers.begin(), s.speakers.end(), p.id) != s.speakers.end()) ss.push_back(&s);
    if (!ss.empty()) {
        items.push_back(section_title(c, phrase(c.ev, c.lang, i18n::Phrase::Sessions), x0, x1));
        const float tw2 = time_column(c, ss);
        // Rows show times only: over several days, each day's rows come under its date.
        const bool several_days = ss.front()->date != ss.back()->date;
        for (size_t i = 0; i < ss.size(); ++i) {
            const content::Session* s = ss[i];
            if (several_days && (i == 0 || ss[i - 1]->date != s->date))
                items.push_back(section_title(c, format_date(s->date, c.lang, i18n::DateStyle::Long, c.f.formats), x0, x1));
            SessionRow r = session_row(c, *s, x0, x1, tw2);
            const bool now = is_now(c.f, *s);
            items.push_back({r.h, [&c, s, r, x0, x1, now](float y) { draw_session_row(c, *s, r, x0, x1, y, now); }});
        }
    }
    run_pane(c, 0, 0, k.W, k.header_h, k.H, items, 2.5f * k.u);
}

//-----------------------------------------------------------------------------
// Documents list
//-----------------------------------------------------------------------------

void draw_documents(Ctx& c) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;
    draw_header(c, phrase(c.ev, c.lang, i18n::Phrase::Documents), 0);
    const float x0 = k.margin, x1 = k.W - k.margin;
    std::vector<Item> items;
    for (const content::Document& d : ev.documents) {
        const float icon = 7.0f * k.u;
        const float tx = x0 + 2 * k.pad + icon + k.gap, tw = x1 - 6 * k.u - tx;
        ShownText t = c.label(ev.text(d.title, c.lang), c.style(3.6f * k.u, "heading", c.p.fg, tw, 3));
        const std::string& summary = ev.text(d.summary, c.lang);
        ShownText sm = summary.empty() ? ShownText{} : c.label(summary, c.style(k.small * 1.1f, "body", c.p.muted, tw, 3));
        Badge badge;
        if (d.illustrative) badge = make_badge(c, k.small, tw);
        float h = 2.5f * k.pad + t->height + (sm ? sm->height + k.pad : 0) + (d.illustrative ? badge.h + k.pad : 0);
        h = std::max({h, icon + 3 * k.pad, k.touch});
        const Target id = open_target(Route::Kind::Document, d.id);
        items.push_back({h + k.gap, [&c, t, sm, badge, h, id, x0, x1, tx, icon, illustrative = d.illustrative](float y) {
                             const Metrics& k = c.k;
                             c.panel(x0, y, x1, y + h, c.pressed(id));
                             c.page(x0 + 2 * k.pad + icon / 2, y + 1.25f * k.pad + icon / 2 + k.pad, icon,
                                    c.p.high_contrast ? c.p.fg : c.p.accent);
                             float ty = y + 1.25f * k.pad;
                             c.text_at(t, tx, ty);
                             ty += t->height + k.pad * 0.5f;
                             if (illustrative) {
                                 draw_badge(c, badge, tx, ty);
                                 ty += badge.h + k.pad;
                             }
                             if (sm) c.text_at(sm, tx, ty);
                             c.chevron_to_end(x1 - 3 * k.u, y + h / 2, 5 * k.u, c.p.muted);
                             c.hit(id, x0, y, x1, y + h);
                         }});
    }
    run_pane(c, 0, 0, k.W, k.header_h, k.H, items, 2.5f * k.u);
}

}  // namespace majlis::screens::kiosk
