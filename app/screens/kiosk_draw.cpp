// The kiosk's drawing context and the pieces every kiosk screen is built of (kiosk_internal.h):
// sizes from the screen (make_metrics); the Ctx every view draws through, in logical coordinates
// mirrored for right-to-left languages: boxes, cards, text, hit areas, the icons (arrow, chevron,
// house, calendar, people, page), pictures (flags, portraits, initials); and what the views and
// the reader share: scrolled panes with their position bar, the header with Back and Home, section
// titles and the "illustrative" badge.
#include "screens/kiosk_internal.h"

#include <algorithm>
#include <cmath>

namespace majlis::screens::kiosk {

//-----------------------------------------------------------------------------
// Geometry
//-----------------------------------------------------------------------------

Metrics make_metrics(ImVec2 size, float px_per_mm) {
    Metrics k;
    k.W = std::max(1.0f, size.x);
    k.H = std::max(1.0f, size.y);
    k.u = std::min(k.W, k.H) / 100.0f;
    k.mm = px_per_mm > 0 ? px_per_mm : 1920.0f / 1210.0f;
    k.touch = kMinTargetMm * k.mm;
    k.portrait = k.H > k.W;
    k.margin = 4.0f * k.u;
    k.gap = 2.0f * k.u;
    k.pad = 1.4f * k.u;
    k.edge = 1.6f * k.u;
    k.btn = std::max(8.5f * k.u, k.touch);
    k.header_h = k.btn + 2 * k.pad;
    auto px = [&](float f) { return std::max(9.0f, std::round(f * k.u)); };
    k.title = px(4.0f);
    k.label = px(3.3f);
    k.body = px(3.0f);
    k.small = px(2.4f);
    k.tile = px(5.0f);
    return k;
}

//-----------------------------------------------------------------------------
// Drawing context
//-----------------------------------------------------------------------------

void Ctx::box(float x0, float y0, float x1, float y1, ImVec2& a, ImVec2& b) const {
    const float sx0 = mx(x0), sx1 = mx(x1);
    a = ImVec2(std::min(sx0, sx1), y0);
    b = ImVec2(std::max(sx0, sx1), y1);
}
void Ctx::fill(float x0, float y0, float x1, float y1, ImU32 c, float rounding) const {
    ImVec2 a, b;
    box(x0, y0, x1, y1, a, b);
    dl->AddRectFilled(a, b, c, rounding);
}
void Ctx::outline(float x0, float y0, float x1, float y1, ImU32 c, float rounding, float thickness) const {
    ImVec2 a, b;
    box(x0, y0, x1, y1, a, b);
    const float h = thickness / 2;
    dl->AddRect(ImVec2(a.x + h, a.y + h), ImVec2(b.x - h, b.y - h), c, rounding, 0, thickness);
}
void Ctx::panel(float x0, float y0, float x1, float y1, bool pressed, bool selected) const {
    ImVec2 a, b;
    box(x0, y0, x1, y1, a, b);
    using paint::CardState;
    paint::draw_card(dl, a, b, p, 1.2f * k.u,
                     selected ? CardState::Selected : pressed ? CardState::Pressed : CardState::Normal);
}

TextLook Ctx::style(float size, const char* role, ImU32 color, float max_w, int max_lines) const {
    TextLook st;
    st.font_role = role;
    st.size_px = std::max(8.0f, std::round(size));
    st.color = color;
    st.lang = lang;
    st.max_width = max_w > 0 ? std::max(1.0f, std::floor(max_w)) : 0;
    st.max_lines = max_lines;
    return st;
}
ShownText Ctx::label(std::string_view t, TextLook st) const {
    ShownText l = lay_out(eng, t, st);
    if (st.max_width > 0 && st.align == text::Align::Start && !l->lines.empty() && l->lines[0].rtl != rtl) {
        st.align = text::Align::End;
        l = lay_out(eng, t, st);
    }
    return l;
}
void Ctx::text_at(const ShownText& l, float x0, float y) const {
    const float x = rtl ? k.W - x0 - l->width : x0;
    eng.draw(*l, dl, ImVec2(std::round(x), std::round(y)), l.color);
}

float Ctx::centered_top(const text::Layout& l, float cy) const {
    if (l.lines.size() != 1) return cy - l.height / 2;
    return cy + 0.36f * l.size_px - l.lines[0].baseline;
}
bool Ctx::pressed(const Target& t) const {
    return s.press.active && !s.press.dragging && !s.press.caught && s.press.hit == t;
}
void Ctx::hit(Target t, float x0, float y0, float x1, float y1) const {
    ImVec2 a, b;
    box(x0, y0, x1, y1, a, b);
    auto grow = [&](float& lo, float& hi) {
        if (hi - lo < k.touch) {
            const float c = (lo + hi) / 2;
            lo = c - k.touch / 2;
            hi = c + k.touch / 2;
        }
    };
    grow(a.x, b.x);
    grow(a.y, b.y);
    a.x = std::max(a.x, clip_min.x);
    a.y = std::max(a.y, clip_min.y);
    b.x = std::min(b.x, clip_max.x);
    b.y = std::min(b.y, clip_max.y);
    const float rule = kRuleTargetMm * k.mm;
    if (b.x - a.x < rule || b.y - a.y < rule) return;  // a sliver at a list's edge: scroll first
    s.hits.push_back(State::Hit{std::move(t), a, b});
}

//-----------------------------------------------------------------------------
// Icons, drawn in logical coordinates (so they mirror with the layout)
//-----------------------------------------------------------------------------

void Ctx::arrow_to_start(float cx, float cy, float s, ImU32 c) const {
    paint::draw_arrow(dl, paint::arrow(P(cx + 0.01f * s, cy), 0.31f * s, paint::toward_reading_start(rtl)), c,
                      stroke(s));
}
void Ctx::chevron_to_end(float cx, float cy, float s, ImU32 c) const {
    paint::draw_chevron(dl, paint::chevron(P(cx + 0.005f * s, cy), 0.125f * s, 0.25f * s, paint::toward_reading_end(rtl)), c,
                        stroke(s));
}
void Ctx::house(float cx, float cy, float s, ImU32 c) const {
    const float t = stroke(s);
    ImVec2 roof[3] = {P(cx - 0.36f * s, cy - 0.02f * s), P(cx, cy - 0.36f * s), P(cx + 0.36f * s, cy - 0.02f * s)};
    dl->AddPolyline(roof, 3, c, 0, t);
    ImVec2 body[4] = {P(cx - 0.25f * s, cy - 0.1f * s), P(cx - 0.25f * s, cy + 0.32f * s),
                      P(cx + 0.25f * s, cy + 0.32f * s), P(cx + 0.25f * s, cy - 0.1f * s)};
    dl->AddPolyline(body, 4, c, 0, t);
    fill(cx - 0.07f * s, cy + 0.1f * s, cx + 0.07f * s, cy + 0.32f * s, c);
}
void Ctx::calendar(float cx, float cy, float s, ImU32 c) const {
    const float t = stroke(s) * 0.8f;
    outline(cx - 0.42f * s, cy - 0.34f * s, cx + 0.42f * s, cy + 0.4f * s, c, 0.06f * s, t);
    fill(cx - 0.42f * s, cy - 0.34f * s, cx + 0.42f * s, cy - 0.16f * s, c, 0.06f * s);
    for (float x : {-0.22f, 0.22f}) dl->AddLine(P(cx + x * s, cy - 0.46f * s), P(cx + x * s, cy - 0.26f * s), c, t);
    for (int r = 0; r < 3; ++r)
        for (int q = 0; q < 4; ++q) {
            const float x = cx + (-0.24f + 0.16f * float(q)) * s, y = cy + (-0.03f + 0.14f * float(r)) * s;
            fill(x - 0.045f * s, y - 0.04f * s, x + 0.045f * s, y + 0.04f * s, c);
        }
}
void Ctx::people(float cx, float cy, float s, ImU32 c, ImU32 ground) const {
    // two figures, the one in front on the start side, cut out of the one behind
    const float gapw = stroke(s);
    auto person = [&](float x, float y, float sc, float grow, ImU32 colour) {
        dl->AddCircleFilled(P(x, y - 0.22f * sc), 0.17f * sc + grow, colour, 32);
        ImVec2 a, b;
        box(x - 0.3f * sc - grow, y + 0.02f * sc - grow, x + 0.3f * sc + grow, y + 0.42f * sc, a, b);
        dl->AddRectFilled(a, b, colour, 0.26f * sc + grow, ImDrawFlags_RoundCornersTop);
    };
    person(cx + 0.17f * s, cy - 0.08f * s, 0.78f * s, 0, c);
    person(cx - 0.12f * s, cy + 0.04f * s, 0.9f * s, gapw, ground);
    person(cx - 0.12f * s, cy + 0.04f * s, 0.9f * s, 0, c);
}
void Ctx::page(float cx, float cy, float s, ImU32 c) const {
    const float t = stroke(s) * 0.8f;
    const float x0 = cx - 0.32f * s, x1 = cx + 0.32f * s, y0 = cy - 0.42f * s, y1 = cy + 0.42f * s, f = 0.2f * s;
    ImVec2 pts[6] = {P(x0, y0), P(x1 - f, y0), P(x1, y0 + f), P(x1, y1), P(x0, y1), P(x0, y0)};
    dl->AddPolyline(pts, 6, c, 0, t);
    ImVec2 fold[3] = {P(x1 - f, y0), P(x1 - f, y0 + f), P(x1, y0 + f)};
    dl->AddPolyline(fold, 3, c, 0, t);
    for (int i = 0; i < 4; ++i) {
        const float y = cy - 0.08f * s + 0.13f * s * float(i);
        dl->AddLine(P(x0 + 0.1f * s, y), P(i == 3 ? cx + 0.05f * s : x1 - 0.1f * s, y), c, t);
    }
}

//-----------------------------------------------------------------------------
// Pictures
//-----------------------------------------------------------------------------

ImTextureID Ctx::image(const std::string& rel, ImVec2* size) const {
    if (rel.empty() || !f.images) return nullptr;
    const std::string path = (!rel.empty() && rel[0] == '/') || ev.dir.empty() ? rel : ev.dir + "/" + rel;
    return f.images->image(path, size);
}
void Ctx::flag(const content::Participant& who, float x0, float y0, float w) const {
    const float h = w * 2 / 3;
    ImVec2 a, b;
    box(x0, y0, x0 + w, y0 + h, a, b);
    ImVec2 size;
    if (ImTextureID tex = image(who.flag, &size); tex && size.x > 0 && size.y > 0) {
        const float sc = std::min(w / size.x, h / size.y);
        const ImVec2 d(size.x * sc, size.y * sc);
        const ImVec2 o(a.x + (w - d.x) / 2, a.y + (h - d.y) / 2);
        dl->AddImage(tex, o, ImVec2(o.x + d.x, o.y + d.y));
        dl->AddRect(o, ImVec2(o.x + d.x, o.y + d.y), p.line, 0, 0, 1.0f);
        return;
    }
    dl->AddRect(a, b, p.muted, 0.1f * h, 0, std::max(1.0f, 0.04f * h));
    TextLook st = style(h * 0.42f, "heading", p.muted);
    st.dir = text::Direction::LTR;
    ShownText l = lay(who.country, st);
    eng.draw(*l, dl, ImVec2(std::round((a.x + b.x - l->width) / 2), std::round((a.y + b.y - l->height) / 2)), l.color);
}
void Ctx::portrait(const content::Participant& who, float cx, float cy, float d) const {
    const ImVec2 c = P(cx, cy);
    ImVec2 size;
    if (ImTextureID tex = image(who.portrait, &size); tex && size.x > 0 && size.y > 0) {
        // centre crop to a square
        const float side = std::min(size.x, size.y);
        const ImVec2 uv0((size.x - side) / 2 / size.x, (size.y - side) / 2 / size.y);
        const ImVec2 uv1(1 - uv0.x, 1 - uv0.y);
        dl->AddImageRounded(tex, ImVec2(c.x - d / 2, c.y - d / 2), ImVec2(c.x + d / 2, c.y + d / 2), uv0, uv1,
                            IM_COL32_WHITE, d / 2);
        return;
    }
    const int segments = std::clamp(int(d / 4), 24, 96);
    if (p.high_contrast) {
        dl->AddCircle(c, d / 2 - p.border / 2, p.fg, segments, p.border);
    } else {
        dl->AddCircleFilled(c, d / 2, p.accent, segments);
    }
    TextLook st = style(d * 0.36f, "heading", p.high_contrast ? p.fg : p.on_accent);
    st.dir = rtl ? text::Direction::RTL : text::Direction::LTR;
    ShownText l = lay(paint::initials(ev.text(who.name, lang)), st);
    eng.draw(*l, dl, ImVec2(std::round(c.x - l->width / 2), std::round(c.y - l->height / 2)), l.color);
}

//-----------------------------------------------------------------------------
// Scrolled panes: a list of items of known height, drawn only where visible
//-----------------------------------------------------------------------------

float run_pane(Ctx& c, int index, float x0, float x1, float top, float bottom, const std::vector<Item>& items, float pad) {
    State& s = c.s;
    float content = 2 * pad;
    for (const Item& it : items) content += it.h;
    const float view = std::max(1.0f, bottom - top);
    const float max_scroll = std::max(0.0f, content - view);
    float& scroll = s.top().scroll[index];
    scroll = std::clamp(scroll, 0.0f, max_scroll);
    ImVec2 a, b;
    c.box(x0, top, x1, bottom, a, b);
    s.panes[index] = State::Pane{a, b, content, true};

    const ImVec2 saved_min = c.clip_min, saved_max = c.clip_max;
    c.clip_min = a;
    c.clip_max = b;
    c.dl->PushClipRect(a, b, true);
    float y = top + pad - std::round(scroll);
    for (const Item& it : items) {
        if (y + it.h > top && y < bottom) it.draw(y);
        y += it.h;
    }
    c.dl->PopClipRect();
    c.clip_min = saved_min;
    c.clip_max = saved_max;

    // Where in the list: a bar on the end side, only when there is more than fits.
    if (max_scroll > 0.5f) {
        const float w = std::max(3.0f, 0.6f * c.k.u), inset = 0.5f * c.k.u;
        const float track = view - 2 * inset;
        const float thumb = std::max(track * view / content, 4.0f * c.k.u);
        const float ty = top + inset + (track - thumb) * (scroll / max_scroll);
        c.fill(x1 - inset - w, top + inset, x1 - inset, bottom - inset, c.p.high_contrast ? IM_COL32(0, 0, 0, 0) : c.p.line, w / 2);
        if (c.p.high_contrast) c.outline(x1 - inset - w, top + inset, x1 - inset, bottom - inset, c.p.fg, w / 2, 1.0f);
        c.fill(x1 - inset - w, ty, x1 - inset, ty + thumb, c.p.high_contrast ? c.p.fg : c.p.muted, w / 2);
    }
    return content;
}

//-----------------------------------------------------------------------------
// Header: Back and Home at the top start corner, the screen's title, room at the end
//-----------------------------------------------------------------------------

void draw_header(Ctx& c, std::string_view title, float end_reserved) {
    const Metrics& k = c.k;
    c.fill(0, 0, k.W, k.header_h, c.p.bg);
    c.fill(0, k.header_h - std::max(2.0f, 0.3f * k.u), k.W, k.header_h, c.p.accent);

    // Back: arrow and word
    const float y0 = k.pad, y1 = k.pad + k.btn;
    TextLook st = c.style(k.label, "heading", c.p.fg);
    ShownText back = c.lay(phrase(c.ev, c.lang, i18n::Phrase::Back), st);
    float x = k.edge;
    const float back_w = std::max(k.btn + back->width + 1.2f * k.pad, 1.6f * k.btn);
    c.panel(x, y0, x + back_w, y1, c.pressed(target(Target::Kind::Back)));
    c.arrow_to_start(x + k.btn * 0.5f, (y0 + y1) / 2, k.btn * 0.62f, c.p.fg);
    c.text_at(back, x + k.btn * 0.92f, c.centered_top(*back, (y0 + y1) / 2));
    c.hit(target(Target::Kind::Back), x, y0, x + back_w, y1);
    x += back_w + k.pad;

    // Home: a house
    c.panel(x, y0, x + k.btn, y1, c.pressed(target(Target::Kind::Home)));
    c.house(x + k.btn / 2, (y0 + y1) / 2, k.btn * 0.6f, c.p.fg);
    c.hit(target(Target::Kind::Home), x, y0, x + k.btn, y1);
    x += k.btn + 2 * k.gap;

    const float w = k.W - k.edge - end_reserved - x - k.gap;
    if (w > k.title) {
        ShownText t = c.label(title, c.style(k.title, "heading", c.p.fg, w, 1));
        c.text_at(t, x, c.centered_top(*t, k.header_h / 2));
    }
}

//-----------------------------------------------------------------------------
// Section titles and the "illustrative" badge: in lists and in the reader
//-----------------------------------------------------------------------------

Item section_title(Ctx& c, std::string text, float x0, float x1) {
    ShownText l = c.label(text, c.style(c.k.small * 1.1f, "heading", c.p.muted, x1 - x0, 1));
    const float before = 3.0f * c.k.u, after = 1.2f * c.k.u;
    return Item{before + l->height + after, [&c, l, x0, before](float y) { c.text_at(l, x0, y + before); }};
}

void add_qr(Ctx& c, std::vector<Item>& items, const std::string& url, float x0, float x1) {
    const Metrics& k = c.k;
    const float room = std::min(x1 - x0, 0.8f * (k.H - k.header_h));
    const paint::QrCode code = paint::qr_code(url, k.mm, paint::kKioskScanMm, room);
    if (!code) return;
    const float beside = x1 - x0 - code.side - k.gap;
    const bool below = beside < 25.0f * k.u;
    TextLook st = c.style(k.small, "body", c.p.muted, below ? x1 - x0 : beside, 2);
    st.dir = text::Direction::LTR;  // an address reads left to right in every language
    ShownText caption = c.label(paint::qr_caption(url), st);
    const float h = below ? code.side + k.pad + caption->height : std::max(code.side, caption->height);
    items.push_back({h + k.gap, [&c, code, caption, below, x0](float y) {
                         const Metrics& k = c.k;
                         ImVec2 a, b;
                         c.box(x0, y, x0 + code.side, y + code.side, a, b);
                         paint::draw_qr(c.dl, a, code);
                         if (below) c.text_at(caption, x0, y + code.side + k.pad);
                         else c.text_at(caption, x0 + code.side + k.gap, y + (code.side - caption->height) / 2);
                     }});
}

Badge make_badge(Ctx& c, float size, float max_w) {
    const Metrics& k = c.k;
    Badge b;
    b.l = c.label(phrase(c.ev, c.lang, i18n::Phrase::IllustrativeNote), c.style(size, "heading", c.p.accent, max_w - 2 * k.pad, 2));
    // the box hugs the text: the widest line
    float lw = 0;
    for (const text::Line& line : b.l->lines) lw = std::max(lw, line.width);
    b.w = std::min(max_w, lw + 2 * k.pad);
    b.h = b.l->height + k.pad;
    return b;
}
void draw_badge(Ctx& c, const Badge& b, float x0, float y) {
    const Metrics& k = c.k;
    c.outline(x0, y, x0 + b.w, y + b.h, c.p.accent, 0.5f * k.u, std::max(1.5f, 0.2f * k.u));
    // the text box is max_w wide; shift it so its start-aligned lines sit inside the frame
    float line_start = b.l->lines.empty() ? 0 : b.l->lines[0].x;
    if (c.rtl) line_start = b.l->width - (b.l->lines.empty() ? 0 : b.l->lines[0].x + b.l->lines[0].width);
    for (const text::Line& line : b.l->lines)
        line_start = std::min(line_start, c.rtl ? b.l->width - line.x - line.width : line.x);
    c.text_at(b.l, x0 + k.pad - line_start, y + k.pad / 2);
}

}  // namespace majlis::screens::kiosk
