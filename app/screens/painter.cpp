// The painter (see painter.h): palette, cards and pills, direction icons, QR codes, initials.
#include "screens/painter.h"

#include "screens/screens.h"

#include "text/utf8.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <qrcodegen.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>
#include <vector>

namespace majlis::screens::paint {

//-----------------------------------------------------------------------------
// Colours
//-----------------------------------------------------------------------------

ImU32 rgba(content::Color c, float alpha) {
    return IM_COL32(c.r, c.g, c.b, int(std::lround(float(c.a) * std::clamp(alpha, 0.0f, 1.0f))));
}

content::Color mix(content::Color a, content::Color b, float t) {
    auto m = [t](uint8_t x, uint8_t y) { return uint8_t(std::lround(float(x) + (float(y) - float(x)) * t)); };
    return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), 255};
}

ImU32 with_alpha(ImU32 c, float alpha) {
    const float a = float((c >> IM_COL32_A_SHIFT) & 0xFF) * std::clamp(alpha, 0.0f, 1.0f);
    return (c & ~IM_COL32_A_MASK) | (ImU32(std::lround(a)) << IM_COL32_A_SHIFT);
}

namespace {
// The grounds of the live badges: amber (a delay, a move), red (full, cancelled).
constexpr ImU32 kLiveAmber = IM_COL32(240, 170, 40, 255);
constexpr ImU32 kLiveRed = IM_COL32(200, 50, 45, 255);
float luminance(content::Color c) { return (0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b) / 255.0f; }
}  // namespace

Palette make_palette(const content::Theme& t, bool high_contrast, float u) {
    Palette p;
    p.high_contrast = high_contrast;
    if (high_contrast) {
        const ImU32 black = IM_COL32(0, 0, 0, 255), white = IM_COL32(255, 255, 255, 255),
                    yellow = IM_COL32(255, 255, 0, 255);
        p.bg = p.card = p.now_row = p.highlight = p.on_accent = black;
        p.fg = p.muted = p.line = p.rule = p.track = p.avatar = p.past = p.past_muted = p.emphasis = p.pressed = white;
        p.accent = yellow;
        p.border = std::max(2.0f, 0.25f * u);
        return p;
    }
    content::Color bg = t.background;
    bg.a = 255;  // the ground is opaque whatever the theme says
    p.bg = rgba(bg);
    p.fg = rgba(t.foreground);
    p.muted = rgba(t.muted);
    p.accent = rgba(t.accent);
    const float la = luminance(t.accent);
    p.on_accent = std::abs(la - luminance(bg)) > std::abs(la - luminance(t.foreground)) ? rgba(bg) : rgba(t.foreground);
    p.card = rgba(mix(bg, t.foreground, 0.08f));
    p.pressed = rgba(mix(bg, t.accent, 0.35f));
    p.now_row = rgba(mix(bg, t.accent, 0.16f));
    p.highlight = rgba(mix(bg, t.accent, 0.22f));
    p.line = rgba(mix(bg, t.foreground, 0.2f));
    p.rule = rgba(mix(bg, t.muted, 0.45f));
    p.track = rgba(mix(bg, t.foreground, 0.18f));
    p.avatar = rgba(mix(bg, t.accent, 0.35f));
    p.past = rgba(mix(t.foreground, bg, 0.45f));
    p.past_muted = rgba(mix(t.muted, bg, 0.35f));
    p.emphasis = rgba(mix(t.foreground, t.accent, 0.7f));
    return p;
}

//-----------------------------------------------------------------------------
// Cards and pills
//-----------------------------------------------------------------------------

namespace {
// An outline drawn inside the box (the stroke stays within it).
void outline_inside(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 c, float rounding, float thickness) {
    const float t = thickness / 2;
    dl->AddRect(ImVec2(min.x + t, min.y + t), ImVec2(max.x - t, max.y - t), c, rounding, 0, thickness);
}
}  // namespace

void draw_card(ImDrawList* dl, ImVec2 min, ImVec2 max, const Palette& p, float rounding, CardState state) {
    if (!dl || max.x <= min.x || max.y <= min.y) return;
    const ImU32 ground = state == CardState::Selected ? p.accent : state == CardState::Pressed ? p.pressed : p.card;
    dl->AddRectFilled(min, max, ground, rounding);
    if (p.high_contrast)
        outline_inside(dl, min, max, p.fg, rounding, state == CardState::Pressed ? 2 * p.border : p.border);
}

void draw_pill(ImDrawList* dl, ImVec2 min, ImVec2 max, const Palette& p, bool filled, float rounding, float outline) {
    if (!dl || max.x <= min.x || max.y <= min.y) return;
    if (filled) dl->AddRectFilled(min, max, p.accent, rounding);
    else outline_inside(dl, min, max, p.accent, rounding, outline);
}

//-----------------------------------------------------------------------------
// Direction icons
//-----------------------------------------------------------------------------

Chevron chevron(ImVec2 centre, float half_w, float half_h, Toward toward) {
    const float s = toward == Toward::Right ? 1.0f : -1.0f;
    return {{ImVec2(centre.x - s * half_w, centre.y - half_h), ImVec2(centre.x + s * half_w, centre.y),
             ImVec2(centre.x - s * half_w, centre.y + half_h)}};
}

void draw_chevron(ImDrawList* dl, const Chevron& c, ImU32 colour, float thickness) {
    if (dl) dl->AddPolyline(c.points, 3, colour, 0, thickness);
}

Arrow arrow(ImVec2 centre, float half_len, Toward toward) {
    const float s = toward == Toward::Right ? 1.0f : -1.0f;
    const ImVec2 tip(centre.x + s * half_len, centre.y);
    // The head: arms 0.9 of the half length back from the tip and as far above and below.
    const float head = 0.9f * half_len;
    return {{ImVec2(centre.x - s * half_len, centre.y), tip},
            chevron(ImVec2(tip.x - s * head / 2, centre.y), head / 2, head, toward)};
}

void draw_arrow(ImDrawList* dl, const Arrow& a, ImU32 colour, float thickness) {
    if (!dl) return;
    dl->AddLine(a.shaft[0], a.shaft[1], colour, thickness);
    draw_chevron(dl, a.head, colour, thickness);
}

//-----------------------------------------------------------------------------
// Live changes
//-----------------------------------------------------------------------------

namespace {
thread_local std::vector<LiveBadge>* g_badges = nullptr;  // record_live_badges
}  // namespace

std::vector<LiveBadge> live_badges(const content::Event& ev, const content::Session& s, std::string_view lang) {
    std::vector<LiveBadge> out;
    const content::Session::Live& live = s.live;
    if (live.cancelled) out.push_back({LiveBadgeKind::Cancelled, phrase(ev, lang, i18n::Phrase::Cancelled)});
    if (live.delay_minutes > 0)
        out.push_back({LiveBadgeKind::Delayed, phrase(ev, lang, i18n::Phrase::Delayed, {{"minutes", live.delay_minutes}})});
    if (live.moved) {
        const content::Hall* hall = ev.hall(s.hall);
        out.push_back({LiveBadgeKind::Moved, phrase(ev, lang, i18n::Phrase::MovedTo,
                                                    {{"hall", hall ? ev.text(hall->name, lang) : s.hall}})});
    }
    if (live.full) out.push_back({LiveBadgeKind::Full, phrase(ev, lang, i18n::Phrase::HallFull)});
    return out;
}

std::string was_time(const content::Event& ev, const content::Session& s, std::string_view lang) {
    if (s.live.delay_minutes <= 0) return {};
    // The time stays left to right inside the phrase, whatever the language's direction.
    return phrase(ev, lang, i18n::Phrase::WasTime, {{"time", "\u2066" + hhmm(s.live.bundle_start.value) + "\u2069"}});
}

void draw_live_badge(ImDrawList* dl, ImVec2 min, ImVec2 max, const Palette& p, const LiveBadge& badge, float rounding,
                     float alpha) {
    if (!dl || max.x <= min.x || max.y <= min.y) return;
    if (g_badges) g_badges->push_back(badge);
    if (p.high_contrast) {
        if (badge.kind == LiveBadgeKind::Cancelled) outline_inside(dl, min, max, with_alpha(p.fg, alpha), rounding, p.border);
        else dl->AddRectFilled(min, max, with_alpha(p.accent, alpha), rounding);
        return;
    }
    const bool red = badge.kind == LiveBadgeKind::Cancelled || badge.kind == LiveBadgeKind::Full;
    dl->AddRectFilled(min, max, with_alpha(red ? kLiveRed : kLiveAmber, alpha), rounding);
}

ImU32 live_badge_label(const Palette& p, LiveBadgeKind kind) {
    if (p.high_contrast) return kind == LiveBadgeKind::Cancelled ? p.fg : p.on_accent;
    return kind == LiveBadgeKind::Cancelled || kind == LiveBadgeKind::Full ? IM_COL32(255, 255, 255, 255)
                                                                            : IM_COL32(24, 20, 12, 255);
}

void draw_strike(ImDrawList* dl, const text::Layout& text, ImVec2 top_left, ImU32 colour, float thickness) {
    if (!dl) return;
    for (const text::Line& line : text.lines) {
        if (line.width <= 0) continue;
        const float y = std::round(top_left.y + line.baseline - 0.3f * text.size_px);
        dl->AddLine(ImVec2(top_left.x + line.x, y), ImVec2(top_left.x + line.x + line.width, y), colour, thickness);
    }
}

BadgeRow badge_row(text::TextEngine& engine, const content::Event& ev, const content::Session& s, const TextLook& look,
                   const Palette& p, float max_w, float gap) {
    BadgeRow row;
    row.badges = live_badges(ev, s, look.lang);
    const std::string was = was_time(ev, s, look.lang);
    if (row.badges.empty() && was.empty()) return row;
    row.pad = 0.4f * look.size_px;
    auto label = [&](const std::string& text, const char* role, ImU32 colour, float room) {
        TextLook st = look;
        st.font_role = role;
        st.color = colour;
        st.max_width = 0;
        st.max_lines = 0;
        ShownText l = lay_out(engine, text, st);
        if (l->width <= room) return l;
        st.max_width = std::floor(std::max(1.0f, room));
        st.max_lines = 1;
        return lay_out(engine, text, st);
    };
    for (const LiveBadge& b : row.badges) {
        row.labels.push_back(label(b.text, "heading", live_badge_label(p, b.kind), max_w - 2 * row.pad));
        row.widths.push_back(row.labels.back()->width + 2 * row.pad);
    }
    if (!was.empty()) {
        row.labels.push_back(label(was, "body", p.muted, max_w));
        row.widths.push_back(row.labels.back()->width);
    }
    for (const ShownText& l : row.labels) row.row_h = std::max(row.row_h, l->height);
    float x = 0, y = 0;
    for (float w : row.widths) {
        if (x > 0 && x + w > max_w) {
            x = 0;
            y += row.row_h + gap / 2;
        }
        row.at.push_back(ImVec2(x, y));
        x += w + gap;
    }
    row.h = y + row.row_h;
    return row;
}

void record_live_badges(std::vector<LiveBadge>* out) { g_badges = out; }

//-----------------------------------------------------------------------------
// Names
//-----------------------------------------------------------------------------

namespace {

// ICU's character (grapheme cluster) iterator, opened once per thread and reused.
struct BreakIteratorCloser {
    void operator()(UBreakIterator* b) const { ubrk_close(b); }
};
UBreakIterator* grapheme_iterator() {
    thread_local std::unique_ptr<UBreakIterator, BreakIteratorCloser> it = [] {
        UErrorCode status = U_ZERO_ERROR;
        UBreakIterator* b = ubrk_open(UBRK_CHARACTER, "", nullptr, 0, &status);
        return std::unique_ptr<UBreakIterator, BreakIteratorCloser>(U_SUCCESS(status) ? b : nullptr);
    }();
    return it.get();
}

bool separates_words(char32_t c) {
    return u_isUWhiteSpace(UChar32(c)) || c == '-' || c == 0x2010 || c == 0x2011;
}
bool is_letter_start(char32_t c) {
    const int8_t cat = u_charType(UChar32(c));
    return cat != U_FORMAT_CHAR && cat != U_CONTROL_CHAR && c != 0xFFFD;
}

}  // namespace

std::string initials(std::string_view name) {
    // The byte ranges of the grapheme clusters of the name.
    std::vector<int32_t> bounds;
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, name.data(), int64_t(name.size()), &status);
    UBreakIterator* it = grapheme_iterator();
    if (U_SUCCESS(status) && it) {
        ubrk_setUText(it, ut, &status);
        if (U_SUCCESS(status))
            for (int32_t b = ubrk_first(it); b != UBRK_DONE; b = ubrk_next(it)) bounds.push_back(b);
        ubrk_setText(it, nullptr, 0, &status);  // the iterator must not keep the UText
    }
    utext_close(ut);
    if (bounds.size() < 2) return {};

    // The first cluster of each word (a cluster whose first code point is a letter's, after
    // a separator or at the start).
    std::vector<std::string_view> firsts;
    bool at_start = true;
    for (size_t i = 0; i + 1 < bounds.size(); ++i) {
        size_t at = size_t(bounds[i]);
        const char32_t c = text::next_code_point(name, at);
        if (separates_words(c)) {
            at_start = true;
        } else if (at_start && is_letter_start(c)) {
            firsts.push_back(name.substr(size_t(bounds[i]), size_t(bounds[i + 1] - bounds[i])));
            at_start = false;
        }
    }
    if (firsts.empty()) return {};
    std::string out(firsts.front());
    if (firsts.size() > 1) {
        size_t at = 0;
        const char32_t first = text::next_code_point(firsts.front(), at);
        const auto joining = UJoiningType(u_getIntPropertyValue(UChar32(first), UCHAR_JOINING_TYPE));
        if (joining == U_JT_DUAL_JOINING || joining == U_JT_LEFT_JOINING || joining == U_JT_JOIN_CAUSING)
            out += "\u200C";
        out += firsts.back();
    }
    return out;
}

//-----------------------------------------------------------------------------
// QR codes
//-----------------------------------------------------------------------------

namespace {
// Codes by URL. Per thread (frames are drawn on one), bounded whatever the content holds.
constexpr size_t kQrCacheMax = 256;
struct QrCache {
    std::unordered_map<std::string, std::shared_ptr<const QrModules>> codes;
    size_t encodings = 0;
};
QrCache& qr_cache() {
    thread_local QrCache cache;
    return cache;
}

std::shared_ptr<const QrModules> qr_modules(const std::string& url) {
    QrCache& cache = qr_cache();
    if (auto it = cache.codes.find(url); it != cache.codes.end()) return it->second;
    if (cache.codes.size() >= kQrCacheMax) cache.codes.clear();
    ++cache.encodings;
    std::shared_ptr<QrModules> m;
    try {
        const qrcodegen::QrCode qr = qrcodegen::QrCode::encodeText(url.c_str(), qrcodegen::QrCode::Ecc::MEDIUM);
        m = std::make_shared<QrModules>();
        m->size = qr.getSize();
        m->dark.resize(size_t(m->size) * size_t(m->size));
        for (int y = 0; y < m->size; ++y)
            for (int x = 0; x < m->size; ++x) m->dark[size_t(y) * size_t(m->size) + size_t(x)] = qr.getModule(x, y);
    } catch (const std::exception&) {
        m.reset();  // too long for any version (content limits URLs well below that)
    }
    return cache.codes.emplace(url, std::move(m)).first->second;
}
}  // namespace

QrCode qr_code(const std::string& url, float px_per_mm, float distance_mm, float max_side) {
    QrCode code;
    if (url.empty() || !(px_per_mm > 0) || !(max_side > 0)) return code;
    code.modules = qr_modules(url);
    if (!code.modules) return code;
    const int n = code.modules->size, total = n + 2 * kQrQuietModules;
    const float rule_px = distance_mm / 10.0f * px_per_mm;  // the code's width, quiet zone aside
    const int wanted = std::max(kQrMinModulePx, int(std::ceil(rule_px / float(n))));
    const int room = int(std::floor(max_side / float(total)));
    code.module_px = std::min(wanted, room);
    if (code.module_px < kQrMinModulePx) {
        code.module_px = 0;
        return code;
    }
    code.side = float(code.module_px * total);
    return code;
}

namespace {
thread_local std::vector<DrawnQr>* g_drawn_qr = nullptr;  // record_qr_codes
}  // namespace

void record_qr_codes(std::vector<DrawnQr>* out) { g_drawn_qr = out; }

void draw_qr(ImDrawList* dl, ImVec2 top_left, const QrCode& code, float alpha) {
    if (!code) return;
    const QrModules& m = *code.modules;
    const float px = float(code.module_px);
    const ImVec2 o(std::round(top_left.x), std::round(top_left.y));
    if (g_drawn_qr)
        g_drawn_qr->push_back({o, ImVec2(o.x + code.side, o.y + code.side), dl->GetClipRectMin(), dl->GetClipRectMax()});
    dl->AddRectFilled(o, ImVec2(o.x + code.side, o.y + code.side), with_alpha(IM_COL32_WHITE, alpha));
    const ImU32 dark = with_alpha(IM_COL32_BLACK, alpha);
    const float q = float(kQrQuietModules) * px;
    for (int y = 0; y < m.size; ++y) {
        const uint8_t* row = &m.dark[size_t(y) * size_t(m.size)];
        for (int x = 0; x < m.size;) {  // one rectangle per run of dark modules in a row
            if (!row[x]) {
                ++x;
                continue;
            }
            int end = x;
            while (end < m.size && row[end]) ++end;
            dl->AddRectFilled(ImVec2(o.x + q + float(x) * px, o.y + q + float(y) * px),
                              ImVec2(o.x + q + float(end) * px, o.y + q + float(y + 1) * px), dark);
            x = end;
        }
    }
}

std::string qr_caption(std::string_view url) {
    for (std::string_view scheme : {"https://", "http://"})
        if (url.substr(0, scheme.size()) == scheme) url.remove_prefix(scheme.size());
    if (url.substr(0, 4) == "www.") url.remove_prefix(4);
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    return std::string(url);
}

size_t qr_encodings() { return qr_cache().encodings; }

}  // namespace majlis::screens::paint
