// The emergency takeover (screens.h: draw_alert): one Alert over the whole screen.
//
// What it shows, from the top: an EXERCISE / TEST banner unless the alert is actual (the
// catalogue's alert_exercise / alert_test, in the languages shown); the pictogram at the
// reading start (left, or right when the page's first language is right-to-left; above the text
// on a portrait screen); per language the headline, the instruction and, when there is room, the
// description; on a kiosk a row of language buttons along the bottom.
//
// Colours: white on deep red for extreme and severe, black on amber for moderate (both above
// 7:1); white on black in high contrast. The pictogram is the foreground colour with its symbol
// knocked out in the ground colour, drawn with ImDrawList shapes (convex ones only: ImGui 1.86).
//
// Readable from 20 m on a 55" screen. Text: cap height >= 50 mm (20 m / 400, close to the sign
// trade's legibility index of 1 inch of letter per 30-40 feet), at kCapHeightPerEm of the em
// (Noto Sans's capitals are 0.714 em; alert_test measures the ink of an "H" and an Arabic alef at
// the chosen sizes). The pictogram: >= 100 mm (EN 1838 / ISO 3864: a lit safety sign is read
// from 200 times its height). The screen's density is AlertView::px_per_mm, or a 55" panel of
// the frame's size (diagonal px / 1397 mm): 1.58 px/mm at 1920x1080, so text of 110 px and
// more. Headlines get 1.3 times the instruction's size.
//
// Fitting. All the languages at once (the event's display order, those the alert has) when they
// fit at the rule's size or larger; else one language per page, each page kAlertPageSeconds,
// by ScreenFrame::seconds. Within a page the largest scale (1.6 down to 1.0 of the rule) that
// fits wins; the description goes before the rule is broken; a text too long for a small
// screen shrinks below the rule rather than leave the screen (AlertLayout::meets_rule says so).
#include "screens/screens.h"

#include <algorithm>
#include <cmath>

namespace majlis::screens {

namespace {

constexpr float kCapHeightPerEm = 0.714f;
constexpr float kAlefHeightPerEm = 0.66f;  // Noto Naskh Arabic Bold's alef: 0.68 em of ink
constexpr float kCapHeightMm = 50.0f;   // 20 m / 400
constexpr float kPictogramMm = 100.0f;  // 20 m / 200
constexpr float k55InchDiagonalMm = 1397.0f;
constexpr float kHeadlineScale = 1.3f;
constexpr float kDescriptionScale = 0.7f;
// Lines closer than the fonts' own spacing (Noto Naskh Arabic's is 1.7 em, for marks the
// takeover's short texts rarely stack): more of a page fits at the rule's size.
constexpr float kLineSpacing = 0.9f;
constexpr ImU32 kRed = IM_COL32(160, 0, 0, 255);
constexpr ImU32 kAmber = IM_COL32(255, 176, 0, 255);
constexpr ImU32 kBannerGround = IM_COL32(255, 214, 0, 255);

struct Colors {
    ImU32 bg, fg;
};
Colors colors_of(const ScreenFrame& f, const content::Alert& a) {
    if (f.high_contrast) return {IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)};
    if (a.severity == content::AlertSeverity::Moderate) return {kAmber, IM_COL32(0, 0, 0, 255)};
    return {kRed, IM_COL32(255, 255, 255, 255)};
}

// One language's texts, laid out for a column.
struct Block {
    const content::AlertText* text = nullptr;
    ShownText headline, instruction, description;
    float gap1 = 0, gap2 = 0;  // headline to instruction, instruction to description
    float height = 0;
};

// The 20 m rule's smallest text size in `lang` for a screen of `px_per_mm`.
float rule_size(std::string_view lang, float px_per_mm) {
    return kCapHeightMm * px_per_mm / (is_rtl_language(lang) ? kAlefHeightPerEm : kCapHeightPerEm);
}

// How a page is tried: the scale of the rule's size, the headline's above the instruction's,
// with or without the description.
struct Fit {
    float scale = 1, headline = kHeadlineScale;
    bool description = true;
};

Block lay_out_block(const ScreenFrame& f, const content::AlertText& t, float width, float px_per_mm, const Fit& fit,
                    ImU32 fg) {
    const float size = std::max(1.0f, rule_size(t.lang, px_per_mm) * fit.scale);
    Block b;
    b.text = &t;
    TextLook look;
    look.lang = t.lang;
    look.dir = is_rtl_language(t.lang) ? text::Direction::RTL : text::Direction::LTR;
    look.align = text::Align::Start;
    look.max_width = std::max(1.0f, width);
    look.line_spacing = kLineSpacing;
    look.color = fg;
    look.font_role = "heading";
    look.size_px = size * fit.headline;
    b.headline = lay_out(f.engine, t.headline, look);
    b.height = b.headline->height;
    if (!t.instruction.empty()) {
        look.size_px = size;
        b.instruction = lay_out(f.engine, t.instruction, look);
        b.gap1 = size * 0.35f;
        b.height += b.gap1 + b.instruction->height;
    }
    if (fit.description && !t.description.empty()) {
        look.font_role = "body";
        look.size_px = size * kDescriptionScale;
        b.description = lay_out(f.engine, t.description, look);
        b.gap2 = size * 0.35f;
        b.height += b.gap2 + b.description->height;
    }
    return b;
}

// The languages the takeover speaks: the event's display order, those the alert has; the
// alert's own order when it has none of them.
std::vector<const content::AlertText*> languages_of(const ScreenFrame& f, const content::Alert& a) {
    std::vector<const content::AlertText*> out;
    for (const std::string& lang : f.event.languages.display)
        if (const content::AlertText* t = a.text(lang)) out.push_back(t);
    if (out.empty())
        for (const content::AlertText& t : a.texts) out.push_back(&t);
    return out;
}

struct Page {
    std::vector<Block> blocks;
    float block_gap = 0;
    float height = 0;
    float scale = 0;
};

Page lay_out_page(const ScreenFrame& f, const std::vector<const content::AlertText*>& texts, float width,
                  float px_per_mm, const Fit& fit, ImU32 fg) {
    Page p;
    p.scale = fit.scale;
    p.block_gap = std::max(1.0f, rule_size("en", px_per_mm) * fit.scale) * 0.8f;
    for (const content::AlertText* t : texts) {
        p.blocks.push_back(lay_out_block(f, *t, width, px_per_mm, fit, fg));
        p.height += p.blocks.back().height;
    }
    if (p.blocks.size() > 1) p.height += p.block_gap * float(p.blocks.size() - 1);
    return p;
}

const float kScales[] = {1.6f, 1.45f, 1.3f, 1.15f, 1.0f};
const float kSmallScales[] = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f, 0.1f};

// The largest page of `texts` that fits `height`: at the rule's size or larger with the
// description, then without it, then with the headline no larger than the instruction; below
// the rule only when `shrink`. Empty blocks when nothing fits.
Page fit_page(const ScreenFrame& f, const std::vector<const content::AlertText*>& texts, float width, float height,
              float px_per_mm, bool shrink, ImU32 fg) {
    for (const Fit& how : {Fit{1, kHeadlineScale, true}, Fit{1, kHeadlineScale, false}, Fit{1, 1, false}})
        for (float s : kScales) {
            Fit fit = how;
            fit.scale = s;
            Page p = lay_out_page(f, texts, width, px_per_mm, fit, fg);
            if (p.height <= height) return p;
        }
    if (shrink)
        for (float s : kSmallScales) {
            Page p = lay_out_page(f, texts, width, px_per_mm, Fit{s, 1, false}, fg);
            if (p.height <= height || s == kSmallScales[std::size(kSmallScales) - 1]) return p;
        }
    return {};
}

// The banner's words: one layout per language shown, in rows that fit the width.
struct Banner {
    std::vector<ShownText> items;
    std::vector<std::string> langs;  // each item's
    std::vector<ImVec2> offsets;  // within the banner, logical (x from the reading start)
    float height = 0;
};

Banner lay_out_banner(const ScreenFrame& f, const content::Alert& a, const std::vector<const content::AlertText*>& langs,
                      float width, float px_per_mm) {
    const float rule_px = rule_size("en", px_per_mm);
    Banner b;
    if (a.status == content::AlertStatus::Actual) return b;
    const i18n::Phrase what =
        a.status == content::AlertStatus::Exercise ? i18n::Phrase::AlertExercise : i18n::Phrase::AlertTest;
    std::vector<std::pair<std::string, std::string>> words;  // lang, text (each phrase once)
    for (const content::AlertText* t : langs) {
        std::string used;
        std::string s = phrase(f.event, t->lang, what, {}, &used);
        if (std::none_of(words.begin(), words.end(), [&](const auto& w) { return w.second == s; }))
            words.emplace_back(used, std::move(s));
    }
    for (float scale = 0.6f;; scale -= 0.05f) {
        const float size = std::max(1.0f, rule_px * scale);
        const float gap = size * 1.2f, pad = size * 0.3f;
        b = Banner{};
        float x = 0, y = pad, row_h = 0;
        int rows = 1;
        for (const auto& [lang, s] : words) {
            TextLook look;
            look.lang = lang;
            look.dir = is_rtl_language(lang) ? text::Direction::RTL : text::Direction::LTR;
            look.font_role = "heading";
            look.size_px = size;
            look.max_width = std::max(1.0f, width);
            look.max_lines = 2;
            look.color = IM_COL32(0, 0, 0, 255);
            ShownText item = lay_out(f.engine, s, look);
            float w = 0;
            for (const text::Line& l : item->lines) w = std::max(w, l.width);
            if (x > 0 && x + w > width) {
                x = 0;
                y += row_h;
                row_h = 0;
                ++rows;
            }
            b.offsets.push_back(ImVec2(x, y));
            b.items.push_back(std::move(item));
            b.langs.push_back(lang);
            x += w + gap;
            row_h = std::max(row_h, b.items.back()->height);
        }
        b.height = y + row_h + pad;
        if (rows <= 2 || scale <= 0.35f) return b;
    }
}

float line_width(const text::Layout& l) {
    float w = 0;
    for (const text::Line& line : l.lines) w = std::max(w, line.width);
    return w;
}

struct Geometry {
    float u = 0, margin = 0, px_per_mm = 0, pictogram_min = 0;
    Colors colors{};
    std::vector<const content::AlertText*> langs;  // every language the takeover speaks
    std::vector<const content::AlertText*> shown;  // this page's
    int pages = 1, page = 0;
    Banner banner;
    ImVec2 banner_min, banner_max;
    std::vector<std::pair<ImVec2, ImVec2>> buttons;  // with `langs`
    ImVec2 pict_min, pict_max;
    bool rtl = false;
    Page body;
    ImVec2 text_min;  // top-left of the text column (screen)
    float text_width = 0;
};

Geometry geometry(const ScreenFrame& f, const content::Alert& a, const AlertView& view) {
    Geometry g;
    const ImVec2 S = f.size;
    g.u = std::max(1.0f, std::min(S.x, S.y) / 100);
    g.margin = 4 * g.u;
    const float ppm = view.px_per_mm > 0 ? view.px_per_mm : std::hypot(S.x, S.y) / k55InchDiagonalMm;
    g.px_per_mm = ppm;
    g.pictogram_min = kPictogramMm * ppm;
    g.colors = colors_of(f, a);
    g.langs = languages_of(f, a);
    if (g.langs.empty()) return g;  // an alert without texts is refused by its parsers

    // The bottom: language buttons (kiosk), at least 12 mm tall (the kiosk's targets are 9 mm).
    float bottom = S.y - g.margin;
    if (view.language_buttons && g.langs.size() > 1) {
        const float h = std::max(12 * ppm, 7 * g.u);
        const float top = bottom - h;
        const float gap = 1.5f * g.u;
        const size_t n = g.langs.size();
        const float w = (S.x - 2 * g.margin - gap * float(n - 1)) / float(n);
        for (size_t i = 0; i < n; ++i) {
            const float x = g.margin + float(i) * (w + gap);
            g.buttons.push_back({ImVec2(x, top), ImVec2(x + w, bottom)});
        }
        bottom = top - g.margin;
    }
    // The content area under the banner; the text column beside (or below) the pictogram.
    auto area = [&](const std::vector<const content::AlertText*>& shown, ImVec2& pmin, ImVec2& pmax, ImVec2& tmin,
                    float& tw, float& th, Banner& banner) {
        banner = lay_out_banner(f, a, shown, S.x - 2 * g.margin, g.px_per_mm);
        const float top = banner.items.empty() ? g.margin : banner.height + g.margin;
        const float w = S.x - 2 * g.margin, h = std::max(1.0f, bottom - top);
        const bool rtl = is_rtl_language(shown.front()->lang);
        if (S.x > S.y) {
            const float side = std::max(1.0f, std::min(h * 0.6f, w * 0.22f));
            const float gap = 4 * g.u;
            const float y = top + (h - side) / 2;
            const float x = rtl ? S.x - g.margin - side : g.margin;
            pmin = ImVec2(x, y);
            pmax = ImVec2(x + side, y + side);
            tmin = ImVec2(rtl ? g.margin : g.margin + side + gap, top);
            tw = std::max(1.0f, w - side - gap);
            th = h;
        } else {
            const float side = std::max(1.0f, std::min(w * 0.45f, h * 0.22f));
            const float gap = 3 * g.u;
            const float x = rtl ? S.x - g.margin - side : g.margin;
            pmin = ImVec2(x, top);
            pmax = ImVec2(x + side, top + side);
            tmin = ImVec2(g.margin, top + side + gap);
            tw = w;
            th = std::max(1.0f, h - side - gap);
        }
    };
    ImVec2 tmin;
    float tw = 0, th = 0;
    // The language chosen on a kiosk alone; else all at once, at the rule's size or larger?
    const auto chosen = std::find_if(g.langs.begin(), g.langs.end(),
                                     [&](const content::AlertText* t) { return t->lang == view.lang; });
    if (chosen != g.langs.end()) {
        g.shown = {*chosen};
        area(g.shown, g.pict_min, g.pict_max, tmin, tw, th, g.banner);
        g.body = fit_page(f, g.shown, tw, th, g.px_per_mm, true, g.colors.fg);
    } else if (g.langs.size() > 1) {
        area(g.langs, g.pict_min, g.pict_max, tmin, tw, th, g.banner);
        g.body = fit_page(f, g.langs, tw, th, g.px_per_mm, false, g.colors.fg);
        if (!g.body.blocks.empty()) g.shown = g.langs;
    }
    if (g.shown.empty()) {
        g.pages = int(g.langs.size());
        g.page = int(std::fmod(std::floor(std::max(0.0, f.seconds) / kAlertPageSeconds), double(g.pages)));
        g.shown = {g.langs[size_t(g.page)]};
        area(g.shown, g.pict_min, g.pict_max, tmin, tw, th, g.banner);
        g.body = fit_page(f, g.shown, tw, th, g.px_per_mm, true, g.colors.fg);
    }
    g.rtl = is_rtl_language(g.shown.front()->lang);
    g.banner_min = ImVec2(0, 0);
    g.banner_max = ImVec2(S.x, g.banner.items.empty() ? 0 : g.banner.height);
    // The text stack centred down its column (landscape) or the space below the pictogram.
    g.text_min = ImVec2(tmin.x, tmin.y + std::max(0.0f, (th - g.body.height) / 2));
    g.text_width = tw;
    if (S.x > S.y) {  // the pictogram level with the text's middle, within the area
        const float side = g.pict_max.y - g.pict_min.y;
        const float mid = g.text_min.y + g.body.height / 2;
        const float y = std::clamp(mid - side / 2, tmin.y, std::max(tmin.y, tmin.y + th - side));
        g.pict_max.y = y + side;
        g.pict_min.y = y;
    }
    return g;
}

//-----------------------------------------------------------------------------
// Pictograms: in a square, the foreground shape with its symbol in the ground colour. `mirror`
// turns the figures that face a direction (the running figure, its arrow) for right-to-left.
//-----------------------------------------------------------------------------

struct Pen {
    ImDrawList* dl;
    ImVec2 min;
    float side;
    bool mirror;
    ImVec2 at(float x, float y) const { return ImVec2(min.x + (mirror ? 1 - x : x) * side, min.y + y * side); }
    float len(float v) const { return v * side; }
    void limb(ImVec2 a, ImVec2 b, float w, ImU32 c) const {
        dl->AddLine(a, b, c, len(w));
        dl->AddCircleFilled(a, len(w) / 2, c, 16);
        dl->AddCircleFilled(b, len(w) / 2, c, 16);
    }
};

void exclamation(const Pen& p, float cx, float top, float bottom, float w, ImU32 c) {
    const float dot = w * 0.62f;
    p.limb(p.at(cx, top), p.at(cx, bottom - 2.2f * dot), w, c);
    p.dl->AddCircleFilled(p.at(cx, bottom - dot / 2), p.len(dot * 0.62f), c, 24);
}

void running_figure(const Pen& p, ImU32 c) {
    const float w = 0.075f;
    p.dl->AddCircleFilled(p.at(0.5f, 0.2f), p.len(0.075f), c, 32);
    const ImVec2 neck = p.at(0.46f, 0.33f), hip = p.at(0.4f, 0.56f);
    p.limb(neck, hip, w * 1.2f, c);
    p.limb(neck, p.at(0.6f, 0.42f), w, c);   // front arm
    p.limb(p.at(0.6f, 0.42f), p.at(0.7f, 0.34f), w, c);
    p.limb(neck, p.at(0.32f, 0.42f), w, c);  // back arm
    p.limb(p.at(0.32f, 0.42f), p.at(0.24f, 0.5f), w, c);
    p.limb(hip, p.at(0.56f, 0.68f), w, c);   // front leg
    p.limb(p.at(0.56f, 0.68f), p.at(0.56f, 0.84f), w, c);
    p.limb(hip, p.at(0.3f, 0.7f), w, c);     // back leg
    p.limb(p.at(0.3f, 0.7f), p.at(0.16f, 0.74f), w, c);
}

void draw_pictogram(ImDrawList* dl, content::AlertPictogram kind, ImVec2 min, float side, bool mirror, ImU32 fg,
                    ImU32 bg) {
    const Pen p{dl, min, side, false};  // symmetric but for the running figure
    switch (kind) {
    case content::AlertPictogram::Warning: {
        dl->AddTriangleFilled(p.at(0.5f, 0.04f), p.at(0.98f, 0.92f), p.at(0.02f, 0.92f), fg);
        exclamation(p, 0.5f, 0.34f, 0.84f, 0.1f, bg);
        break;
    }
    case content::AlertPictogram::Evacuate: {
        const Pen p{dl, min, side, mirror};
        dl->AddRectFilled(min, ImVec2(min.x + side, min.y + side), fg, side * 0.08f);
        // The door at the reading end, the figure running to it, the arrow under them.
        dl->AddRectFilled(p.at(mirror ? 0.9f : 0.76f, 0.1f), p.at(mirror ? 0.76f : 0.9f, 0.86f), bg);
        const Pen fig{dl, ImVec2(min.x + (mirror ? 0.2f : -0.1f) * side, min.y - side * 0.02f), side * 0.9f, mirror};
        running_figure(fig, bg);
        const float y = 0.92f;
        p.limb(p.at(0.1f, y), p.at(0.58f, y), 0.06f, bg);
        // Clockwise on the screen either way (ImGui's anti-aliased fill wants it).
        const ImVec2 tip = p.at(0.7f, y), up = p.at(0.56f, y - 0.07f), down = p.at(0.56f, y + 0.07f);
        if (mirror) dl->AddTriangleFilled(tip, up, down, bg);
        else dl->AddTriangleFilled(tip, down, up, bg);
        break;
    }
    case content::AlertPictogram::Shelter: {
        // A house with a figure standing inside it.
        dl->AddRectFilled(min, ImVec2(min.x + side, min.y + side), fg, side * 0.08f);
        dl->AddTriangleFilled(p.at(0.5f, 0.08f), p.at(0.94f, 0.46f), p.at(0.06f, 0.46f), bg);
        dl->AddRectFilled(p.at(0.16f, 0.44f), p.at(0.84f, 0.92f), bg);
        dl->AddCircleFilled(p.at(0.5f, 0.46f), p.len(0.06f), fg, 32);
        p.limb(p.at(0.5f, 0.56f), p.at(0.5f, 0.72f), 0.09f, fg);
        p.limb(p.at(0.5f, 0.58f), p.at(0.38f, 0.7f), 0.06f, fg);
        p.limb(p.at(0.5f, 0.58f), p.at(0.62f, 0.7f), 0.06f, fg);
        p.limb(p.at(0.5f, 0.72f), p.at(0.43f, 0.86f), 0.06f, fg);
        p.limb(p.at(0.5f, 0.72f), p.at(0.57f, 0.86f), 0.06f, fg);
        break;
    }
    case content::AlertPictogram::Fire: {
        // A flame: teardrops (a circle and the tangents from it to its tip: convex), a tall one
        // and two tongues leaning out, a smaller one knocked out of the middle; the ground line.
        dl->AddRectFilled(min, ImVec2(min.x + side, min.y + side), fg, side * 0.08f);
        auto drop = [&](float cx, float cy, float r, float tx, float ty, ImU32 c) {
            const ImVec2 centre = p.at(cx, cy), tip = p.at(tx, ty);
            const float rr = p.len(r), d = std::hypot(tip.x - centre.x, tip.y - centre.y);
            const float toward = std::atan2(tip.y - centre.y, tip.x - centre.x);
            const float a = std::acos(std::min(1.0f, rr / d));  // the tangent points
            dl->PathLineTo(tip);
            dl->PathArcTo(centre, rr, toward + a, toward + 2 * float(M_PI) - a, 48);
            dl->PathFillConvex(c);
        };
        drop(0.5f, 0.6f, 0.25f, 0.5f, 0.06f, bg);
        drop(0.36f, 0.66f, 0.17f, 0.16f, 0.26f, bg);
        drop(0.64f, 0.66f, 0.17f, 0.84f, 0.2f, bg);
        drop(0.5f, 0.7f, 0.12f, 0.44f, 0.36f, fg);
        dl->AddRectFilled(p.at(0.12f, 0.88f), p.at(0.88f, 0.93f), bg);
        break;
    }
    case content::AlertPictogram::Medical: {
        dl->AddRectFilled(min, ImVec2(min.x + side, min.y + side), fg, side * 0.08f);
        dl->AddRectFilled(p.at(0.39f, 0.14f), p.at(0.61f, 0.86f), bg);
        dl->AddRectFilled(p.at(0.14f, 0.39f), p.at(0.86f, 0.61f), bg);
        break;
    }
    case content::AlertPictogram::Info: {
        dl->AddCircleFilled(p.at(0.5f, 0.5f), p.len(0.48f), fg, 64);
        dl->AddCircleFilled(p.at(0.5f, 0.25f), p.len(0.07f), bg, 32);
        p.limb(p.at(0.5f, 0.42f), p.at(0.5f, 0.78f), 0.12f, bg);
        break;
    }
    }
}

// Draws (dl set) or only measures (dl null) one frame of the takeover.
AlertLayout run(const ScreenFrame& f, const content::Alert& a, const AlertView& view, ImDrawList* dl) {
    const Geometry g = geometry(f, a, view);
    AlertLayout out;
    out.rule_px = rule_size("en", g.px_per_mm);
    out.pictogram_min_px = g.pictogram_min;
    out.pages = g.pages;
    out.page = g.page;
    out.background = g.colors.bg;
    for (const content::AlertText* t : g.shown) out.shown.push_back(t->lang);
    out.meets_rule = g.body.scale >= 1.0f;
    if (dl) dl->AddRectFilled(ImVec2(0, 0), f.size, g.colors.bg);  // its own ground, whatever was cleared
    if (g.langs.empty()) return out;
    auto box = [&](ImVec2 a_, ImVec2 b_, const char* what, std::string lang = {}, float size = 0) {
        out.boxes.push_back(AlertBox{a_, b_, what, std::move(lang), size});
    };
    // Banner: a yellow band (white in high contrast) with black words.
    if (!g.banner.items.empty()) {
        box(g.banner_min, g.banner_max, "banner");
        if (dl) dl->AddRectFilled(g.banner_min, g.banner_max, f.high_contrast ? IM_COL32_WHITE : kBannerGround);
        for (size_t i = 0; i < g.banner.items.size(); ++i) {
            const text::Layout& l = *g.banner.items[i];
            const float w = line_width(l);
            const ImVec2 o = g.banner.offsets[i];
            // Logical x from the reading start: mirrored for a right-to-left page.
            const float x = g.rtl ? f.size.x - g.margin - o.x - w : g.margin + o.x;
            // Each line of a right-to-left item ends at x + w (its box is the full width).
            const float lx = is_rtl_language(g.banner.langs[i]) ? x + w - l.width : x;
            box(ImVec2(x, o.y), ImVec2(x + w, o.y + l.height), "banner.text", g.banner.langs[i], l.size_px);
            if (dl) f.engine.draw(l, dl, ImVec2(lx, o.y), IM_COL32(0, 0, 0, 255));
        }
    }
    // Pictogram.
    const float side = g.pict_max.x - g.pict_min.x;
    box(g.pict_min, g.pict_max, "pictogram");
    if (dl) draw_pictogram(dl, a.pictogram, g.pict_min, side, g.rtl, g.colors.fg, g.colors.bg);
    // Texts, language after language, each aligned to its own reading start.
    float y = g.text_min.y;
    for (size_t i = 0; i < g.body.blocks.size(); ++i) {
        const Block& b = g.body.blocks[i];
        if (i > 0) {
            const float rule_y = y + g.body.block_gap / 2;
            if (dl) dl->AddLine(ImVec2(g.text_min.x, rule_y), ImVec2(g.text_min.x + g.text_width, rule_y), g.colors.fg,
                                std::max(1.0f, g.u * 0.3f));
            y += g.body.block_gap;
        }
        auto put = [&](const ShownText& s, const char* what) {
            box(ImVec2(g.text_min.x, y), ImVec2(g.text_min.x + s->width, y + s->height), what, b.text->lang,
                s->size_px);
            out.boxes.back().rule_px = rule_size(b.text->lang, g.px_per_mm);
            if (dl) f.engine.draw(*s, dl, ImVec2(g.text_min.x, y), s.color);
            y += s->height;
        };
        put(b.headline, "headline");
        if (b.instruction) {
            y += b.gap1;
            put(b.instruction, "instruction");
        }
        if (b.description) {
            y += b.gap2;
            put(b.description, "description");
        }
    }
    // Language buttons (kiosk): each language named in itself; the one shown alone is filled.
    for (size_t i = 0; i < g.buttons.size(); ++i) {
        const auto& [bmin, bmax] = g.buttons[i];
        const std::string& lang = g.langs[i]->lang;
        box(bmin, bmax, "button", lang);
        const bool chosen = view.lang == lang;
        if (dl) {
            const float r = (bmax.y - bmin.y) * 0.2f;
            if (chosen) dl->AddRectFilled(bmin, bmax, g.colors.fg, r);
            else dl->AddRect(bmin, bmax, g.colors.fg, r, 0, std::max(2.0f, g.u * 0.4f));
        }
        TextLook look;
        look.lang = lang;
        look.dir = is_rtl_language(lang) ? text::Direction::RTL : text::Direction::LTR;
        look.align = text::Align::Center;
        look.font_role = "heading";
        look.size_px = std::max(1.0f, (bmax.y - bmin.y) * 0.42f);
        look.max_width = std::max(1.0f, bmax.x - bmin.x - 2 * g.u);
        look.max_lines = 1;
        look.color = chosen ? g.colors.bg : g.colors.fg;
        const ShownText label = lay_out(f.engine, i18n::language_name(lang), look);
        const ImVec2 pos(bmin.x + g.u, (bmin.y + bmax.y - label->height) / 2);
        if (dl) f.engine.draw(*label, dl, pos, label.color);
    }
    return out;
}

}  // namespace

AlertLayout alert_layout(const ScreenFrame& frame, const content::Alert& alert, const AlertView& view) {
    return run(frame, alert, view, nullptr);
}

AlertLayout draw_alert(const ScreenFrame& frame, const content::Alert& alert, const AlertView& view) {
    return run(frame, alert, view, frame.draw_list);
}

double alert_next_change_in(const ScreenFrame& frame, const content::Alert& alert, const AlertView& view) {
    const Geometry g = geometry(frame, alert, view);
    if (g.pages <= 1) return 3600;
    return kAlertPageSeconds - std::fmod(std::max(0.0, frame.seconds), kAlertPageSeconds);
}

std::string alert_language_at(const ScreenFrame& frame, const content::Alert& alert, const AlertView& view,
                              ImVec2 pos) {
    for (const AlertBox& b : alert_layout(frame, alert, view).boxes)
        if (b.what == "button" && pos.x >= b.min.x && pos.x <= b.max.x && pos.y >= b.min.y && pos.y <= b.max.y)
            return b.lang;
    return {};
}

}  // namespace majlis::screens
