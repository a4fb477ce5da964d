// The kiosk screens (see kiosk.h): home, agenda, session, roster, participant, documents, reader.
//
// Each frame is drawn from the event and a little state (the route history, scroll offsets, the
// finger). Geometry is written in "logical" coordinates, x growing from the start side, and
// mirrored once on the way to the draw list and into the hit areas (Ctx::mx), so a right-to-left
// language mirrors everything — boxes, arrows, columns, the scroll bar and what a tap hits —
// without a second layout. Text boxes are placed the same way and aligned to their start.
//
// Sizes: u = 1 % of the screen's shorter side; hit targets are max(design size, 10 mm).
//
// Routes (which screen) and targets (what a tap on a hit area does) are typed values (Route,
// Target); they are written as strings ("session:opening", "lang:ar", "toc:3") only at the
// kiosk's edge: Kiosk::open, route(), history() and the named hit areas tests look at.
#include "screens/kiosk.h"
#include "screens/painter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <optional>

namespace majlis::screens {

namespace {

struct BlockText;  // a reader block's text and its strong and emphasis spans (see Reader)

constexpr double kTapMaxSeconds = 0.5;   // a tap is shorter than this ...
constexpr float kTapSlopMm = 10.0f;      // ... and moves less than this; more is a drag
constexpr float kMinTargetMm = 10.0f;    // designed minimum (the rule is 9 mm)
constexpr float kRuleTargetMm = 9.0f;    // a hit area clipped below this is not offered
constexpr double kFlingTau = 0.325;      // s: inertia velocity *= exp(-dt / tau)
constexpr float kFlingMinMmS = 40.0f;    // slower releases do not fling
constexpr float kFlingStopMmS = 4.0f;    // inertia ends below this
constexpr double kVelocityWindow = 0.1;  // s of samples the release velocity is measured over
constexpr int kTextPctMin = 80, kTextPctMax = 160, kTextPctStep = 10;

//-----------------------------------------------------------------------------
// Languages (words, dates and names of the interface are app/i18n's)
//-----------------------------------------------------------------------------

std::string_view primary_language(std::string_view lang) { return lang.substr(0, lang.find_first_of("-_")); }

std::string time_range(const content::Session& s) { return hhmm(s.start.value) + "\u2013" + hhmm(s.end.value); }

//-----------------------------------------------------------------------------
// Routes
//-----------------------------------------------------------------------------

// A screen of the kiosk: its kind and, for one thing's page, the thing's id. Routes are strings
// only at the kiosk's edge (Kiosk::open, route(), history(): "home", "session:opening").
struct Route {
    enum class Kind { Home, Agenda, Roster, Documents, Session, Participant, Document };
    Kind kind = Kind::Home;
    std::string id;  // Session, Participant, Document
    bool operator==(const Route&) const = default;
};

constexpr std::pair<Route::Kind, std::string_view> kRouteNames[] = {
    {Route::Kind::Home, "home"},           {Route::Kind::Agenda, "agenda"},
    {Route::Kind::Roster, "roster"},       {Route::Kind::Documents, "documents"},
    {Route::Kind::Session, "session"},     {Route::Kind::Participant, "participant"},
    {Route::Kind::Document, "document"},
};
bool has_id(Route::Kind k) {
    return k == Route::Kind::Session || k == Route::Kind::Participant || k == Route::Kind::Document;
}

std::string to_string(const Route& r) {
    for (const auto& [kind, name] : kRouteNames)
        if (kind == r.kind) return has_id(kind) ? std::string(name) + ":" + r.id : std::string(name);
    return "home";
}
// "home", "agenda", "session:ID", ...; nullopt for anything else (an id where none belongs too).
std::optional<Route> parse_route(std::string_view s) {
    const size_t colon = s.find(':');
    const std::string_view name = s.substr(0, colon);
    const std::string_view id = colon == s.npos ? std::string_view() : s.substr(colon + 1);
    for (const auto& [kind, n] : kRouteNames)
        if (n == name && has_id(kind) == (colon != s.npos)) return Route{kind, std::string(id)};
    return std::nullopt;
}

// What a hit area does when tapped. Kept typed while drawing and tapping; named as a string
// (HitArea::id, see kiosk.h) only when someone asks for the hit areas (tests).
struct Target {
    enum class Kind { None, Back, Home, Open, Language, Day, Contents, TextSmaller, TextLarger };
    Kind kind = Kind::None;
    Route route;       // Open
    std::string lang;  // Language
    int index = -1;    // Day: the day; Contents: the heading's block
    bool operator==(const Target&) const = default;
};
Target target(Target::Kind kind, int index = -1) {
    Target t;
    t.kind = kind;
    t.index = index;
    return t;
}
Target open_target(Route::Kind kind, std::string id) {
    Target t = target(Target::Kind::Open);
    t.route = Route{kind, std::move(id)};
    return t;
}
Target language_target(std::string lang) {
    Target t = target(Target::Kind::Language);
    t.lang = std::move(lang);
    return t;
}

std::string to_string(const Target& t) {
    switch (t.kind) {
    case Target::Kind::None: return {};
    case Target::Kind::Back: return "back";
    case Target::Kind::Home: return "home";
    case Target::Kind::Open: return to_string(t.route);
    case Target::Kind::Language: return "lang:" + t.lang;
    case Target::Kind::Day: return "day:" + std::to_string(t.index);
    case Target::Kind::Contents: return "toc:" + std::to_string(t.index);
    case Target::Kind::TextSmaller: return "text-";
    case Target::Kind::TextLarger: return "text+";
    }
    return {};
}

const content::Session* find_session(const content::Event& ev, std::string_view id, int* day = nullptr) {
    for (size_t d = 0; d < ev.days.size(); ++d)
        for (const content::Session& s : ev.days[d].sessions)
            if (s.id == id) {
                if (day) *day = int(d);
                return &s;
            }
    return nullptr;
}

// The route's screen exists in this content (the thing it shows is there).
bool route_valid(const Route& r, const content::Event& ev) {
    switch (r.kind) {
    case Route::Kind::Session: return find_session(ev, r.id) != nullptr;
    case Route::Kind::Participant: return ev.participant(r.id) != nullptr;
    case Route::Kind::Document: return ev.document(r.id) != nullptr;
    default: return true;
    }
}

// The screens a route is reached through from home (what Back leads to after open()).
std::vector<Route::Kind> parents(const Route& r) {
    using K = Route::Kind;
    switch (r.kind) {
    case K::Home: return {};
    case K::Session: return {K::Home, K::Agenda};
    case K::Participant: return {K::Home, K::Roster};
    case K::Document: return {K::Home, K::Documents};
    default: return {K::Home};
    }
}

// A document body in `lang`, else along the event's fallback chain, else any; `shown` gets its
// language (the reader lays it out in that language).
const content::DocumentBody* body_for(const content::Event& ev, const content::Document& doc,
                                      const std::string& lang, std::string* shown) {
    auto find = [&](const std::string& l) -> const content::DocumentBody* {
        auto it = doc.body.find(l);
        if (it == doc.body.end()) return nullptr;
        if (shown) *shown = l;
        return &it->second;
    };
    if (auto* b = find(lang)) return b;
    for (const std::string& l : ev.languages.fallback)
        if (auto* b = find(l)) return b;
    if (auto* b = find(ev.languages.default_lang)) return b;
    if (doc.body.empty()) return nullptr;
    if (shown) *shown = doc.body.begin()->first;
    return &doc.body.begin()->second;
}

using paint::Palette;  // the palette every screen draws with (painter.h)

//-----------------------------------------------------------------------------
// Emphasis and strong spans inside one layout
//-----------------------------------------------------------------------------
// The engine lays out one style per text. A block whose spans are all strong is laid out in the
// heading role (bold); inside a mixed block, the glyphs of strong spans are drawn a second time
// a hair to the side (synthetic bold) and those of emphasis spans in the emphasis colour
// (underlined as well in high contrast, which has one colour). The glyph subsets are made once
// per layout and kept with it.

struct Styled {
    ShownText base;
    text::Layout plain, strong, emph;
};

bool in_ranges(const std::vector<std::pair<uint32_t, uint32_t>>& ranges, uint32_t b) {
    for (const auto& r : ranges)
        if (b >= r.first && b < r.second) return true;
    return false;
}

void build_styled(Styled& out, const std::vector<std::pair<uint32_t, uint32_t>>& strong,
                  const std::vector<std::pair<uint32_t, uint32_t>>& emph) {
    const text::Layout& b = *out.base;
    for (text::Layout* l : {&out.plain, &out.strong, &out.emph}) {
        l->width = b.width;
        l->height = b.height;
        l->size_px = b.size_px;
        l->lines.clear();
    }
    for (const text::Line& line : b.lines) {
        text::Line parts[3];
        for (text::Line& p : parts) {
            p = line;
            p.runs.clear();
        }
        for (const text::GlyphRun& run : line.runs) {
            text::GlyphRun r[3];
            for (text::GlyphRun& x : r) {
                x = run;
                x.glyphs.clear();
            }
            for (const text::Glyph& g : run.glyphs) {
                const int which = in_ranges(strong, g.cluster) ? 1 : in_ranges(emph, g.cluster) ? 2 : 0;
                r[which].glyphs.push_back(g);
            }
            for (int i = 0; i < 3; ++i)
                if (!r[i].glyphs.empty()) parts[i].runs.push_back(std::move(r[i]));
        }
        out.plain.lines.push_back(std::move(parts[0]));
        out.strong.lines.push_back(std::move(parts[1]));
        out.emph.lines.push_back(std::move(parts[2]));
    }
}

//-----------------------------------------------------------------------------
// Geometry
//-----------------------------------------------------------------------------

struct Metrics {
    float W = 0, H = 0;
    float u = 1;        // 1 % of the shorter side
    float mm = 1;       // px per mm
    float touch = 1;    // minimum hit size, px
    float margin = 0, gap = 0, pad = 0, edge = 0;
    float btn = 0;      // header button height
    float header_h = 0;
    bool portrait = false;
    // text sizes, px
    float title = 0, label = 0, body = 0, small = 0, tile = 0;
};

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

}  // namespace

//-----------------------------------------------------------------------------
// State
//-----------------------------------------------------------------------------

struct Kiosk::State {
    KioskConfig config;

    struct Entry {
        Route route;
        float scroll[2] = {0, 0};  // [0] main list or reader, [1] the reader's contents pane
        int day = -1;              // agenda: the day shown (-1: today's)
    };
    std::vector<Entry> stack{Entry{}};
    std::string lang;  // chosen on the kiosk; "" = the app's
    int text_pct = 100;

    // What can be tapped, as drawn in the last frame (screen px), and the same named for
    // Kiosk::hit_areas (made when asked).
    struct Hit {
        Target target;
        ImVec2 min, max;
    };
    std::vector<Hit> hits;
    mutable std::vector<HitArea> named_hits;
    mutable bool named_hits_stale = true;
    struct Pane {
        ImVec2 min, max;  // screen px
        float content_h = 0;
        bool live = false;
        float max_scroll() const { return std::max(0.0f, content_h - (max.y - min.y)); }
        bool contains(ImVec2 p) const { return live && p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }
    } panes[2];

    struct Press {
        bool active = false, dragging = false, caught = false;
        ImVec2 down;
        double t0 = 0;
        Target hit;
        int pane = -1;
        float scroll0 = 0;
        std::deque<std::pair<double, float>> samples;  // (seconds, y)
    } press;

    struct Fling {
        bool active = false;
        int pane = 0;
        float v = 0;     // px/s of scroll
        double t = 0;    // seconds it was advanced to
    } fling;

    double last_activity = std::numeric_limits<double>::quiet_NaN();

    // The reader: where each block was in the last frame (content px), for contents jumps and
    // for keeping the place when the text size changes.
    std::string reader_key;
    std::vector<float> block_y, block_h;
    int jump_block = -1;
    struct Anchor { int block; float frac; };
    std::optional<Anchor> anchor;
    // Each block of the document read as laid out for the last frame, reused while the block and
    // its style (width, text size, language, colours) stay the same: reading and scrolling
    // neither rebuild a block's text nor look its layout up, and a block too large for the
    // engine's caches is not laid out again every frame. Replaced when the document changes.
    struct ReaderBlock {
        std::vector<content::Span> spans;  // what the text was made from: a reload is noticed
        content::Block::Kind kind = content::Block::Kind::Paragraph;
        int level = 0, number = 0;
        bool ordered = false;
        std::shared_ptr<const BlockText> text;
        TextLook style, marker_style;
        ShownText layout, marker;
    };
    std::vector<ReaderBlock> reader_blocks;

    std::map<const text::Layout*, Styled> styled;
    std::map<std::string, std::string> names;  // ICU lookups

    Entry& top() { return stack.back(); }
    const Entry& top() const { return stack.back(); }

    const std::string& cached_name(const std::string& key, const std::function<std::string()>& make) {
        auto it = names.find(key);
        if (it == names.end()) {
            if (names.size() > 256) names.clear();
            it = names.emplace(key, make()).first;
        }
        return it->second;
    }

    void navigate(const Route& route) {
        if (route == top().route) return;
        fling.active = false;
        stack.push_back(Entry{route});
    }
    void activate(const Target& t, const content::Event& ev);
};

namespace {

using State = Kiosk::State;

//-----------------------------------------------------------------------------
// Drawing context: one per frame
//-----------------------------------------------------------------------------

struct Ctx {
    State& s;
    const ScreenFrame& f;
    text::ImGuiTextEngine& eng;
    ImDrawList* dl;
    const content::Event& ev;
    std::string lang;
    bool rtl;
    Metrics k;
    Palette p;
    ImVec2 clip_min{0, 0}, clip_max{0, 0};  // where hit areas are cut to (the pane being drawn)

    Ctx(State& st, const ScreenFrame& fr, std::string l)
        : s(st), f(fr), eng(fr.engine), dl(fr.draw_list), ev(fr.event), lang(std::move(l)),
          rtl(is_rtl_language(lang)), k(make_metrics(fr.size, st.config.px_per_mm)),
          p(paint::make_palette(fr.event.theme, fr.high_contrast, k.u)) {
        clip_max = ImVec2(k.W, k.H);
    }

    // Logical x (from the start side) to screen x.
    float mx(float x) const { return rtl ? k.W - x : x; }
    ImVec2 P(float x, float y) const { return ImVec2(mx(x), y); }
    void box(float x0, float y0, float x1, float y1, ImVec2& a, ImVec2& b) const {
        const float sx0 = mx(x0), sx1 = mx(x1);
        a = ImVec2(std::min(sx0, sx1), y0);
        b = ImVec2(std::max(sx0, sx1), y1);
    }
    void fill(float x0, float y0, float x1, float y1, ImU32 c, float rounding = 0) const {
        ImVec2 a, b;
        box(x0, y0, x1, y1, a, b);
        dl->AddRectFilled(a, b, c, rounding);
    }
    void outline(float x0, float y0, float x1, float y1, ImU32 c, float rounding, float thickness) const {
        ImVec2 a, b;
        box(x0, y0, x1, y1, a, b);
        const float h = thickness / 2;
        dl->AddRect(ImVec2(a.x + h, a.y + h), ImVec2(b.x - h, b.y - h), c, rounding, 0, thickness);
    }
    // A button or card ground (painter.h): card, pressed, or selected (accent); outlined in high
    // contrast.
    void panel(float x0, float y0, float x1, float y1, bool pressed, bool selected = false) const {
        ImVec2 a, b;
        box(x0, y0, x1, y1, a, b);
        using paint::CardState;
        paint::draw_card(dl, a, b, p, 1.2f * k.u,
                         selected ? CardState::Selected : pressed ? CardState::Pressed : CardState::Normal);
    }

    TextLook style(float size, const char* role, ImU32 color, float max_w = 0, int max_lines = 0) const {
        TextLook st;
        st.font_role = role;
        st.size_px = std::max(8.0f, std::round(size));
        st.color = color;
        st.lang = lang;
        st.max_width = max_w > 0 ? std::max(1.0f, std::floor(max_w)) : 0;
        st.max_lines = max_lines;
        return st;
    }
    ShownText lay(std::string_view t, const TextLook& st) const { return lay_out(eng, t, st); }
    // A label aligned to the interface's start side whatever the direction of its own text (an
    // English name in an Arabic list sits at the right like the rest).
    ShownText label(std::string_view t, TextLook st) const {
        ShownText l = lay_out(eng, t, st);
        if (st.max_width > 0 && st.align == text::Align::Start && !l->lines.empty() && l->lines[0].rtl != rtl) {
            st.align = text::Align::End;
            l = lay_out(eng, t, st);
        }
        return l;
    }
    // Draws a layout whose box starts at logical x0 (its box: max_width, else its width).
    void text_at(const ShownText& l, float x0, float y) const {
        const float x = rtl ? k.W - x0 - l->width : x0;
        eng.draw(*l, dl, ImVec2(std::round(x), std::round(y)), l.color);
    }

    // The top of a one-line layout whose letters look centred on `cy` (by the baseline, not the
    // line box: Arabic fonts have much taller boxes than their letters).
    float centered_top(const text::Layout& l, float cy) const {
        if (l.lines.size() != 1) return cy - l.height / 2;
        return cy + 0.36f * l.size_px - l.lines[0].baseline;
    }
    bool pressed(const Target& t) const {
        return s.press.active && !s.press.dragging && !s.press.caught && s.press.hit == t;
    }
    // Records a hit area (logical rect), at least the minimum size, cut to the current pane.
    void hit(Target t, float x0, float y0, float x1, float y1) const {
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

    //-------------------------------------------------------------------------
    // Icons, drawn in logical coordinates (so they mirror with the layout)
    //-------------------------------------------------------------------------
    float stroke(float size) const { return std::max(2.0f, size * 0.085f); }
    // Arrows and chevrons mean a direction: they point by the reading direction (painter.h).
    void arrow_to_start(float cx, float cy, float s, ImU32 c) const {
        paint::draw_arrow(dl, paint::arrow(P(cx + 0.01f * s, cy), 0.31f * s, paint::toward_reading_start(rtl)), c,
                          stroke(s));
    }
    void chevron_to_end(float cx, float cy, float s, ImU32 c) const {
        paint::draw_chevron(dl, paint::chevron(P(cx + 0.005f * s, cy), 0.125f * s, 0.25f * s, paint::toward_reading_end(rtl)), c,
                            stroke(s));
    }
    void house(float cx, float cy, float s, ImU32 c) const {
        const float t = stroke(s);
        ImVec2 roof[3] = {P(cx - 0.36f * s, cy - 0.02f * s), P(cx, cy - 0.36f * s), P(cx + 0.36f * s, cy - 0.02f * s)};
        dl->AddPolyline(roof, 3, c, 0, t);
        ImVec2 body[4] = {P(cx - 0.25f * s, cy - 0.1f * s), P(cx - 0.25f * s, cy + 0.32f * s),
                          P(cx + 0.25f * s, cy + 0.32f * s), P(cx + 0.25f * s, cy - 0.1f * s)};
        dl->AddPolyline(body, 4, c, 0, t);
        fill(cx - 0.07f * s, cy + 0.1f * s, cx + 0.07f * s, cy + 0.32f * s, c);
    }
    void calendar(float cx, float cy, float s, ImU32 c) const {
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
    void people(float cx, float cy, float s, ImU32 c, ImU32 ground) const {
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
    void page(float cx, float cy, float s, ImU32 c) const {
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

    //-------------------------------------------------------------------------
    // Pictures
    //-------------------------------------------------------------------------
    ImTextureID image(const std::string& rel, ImVec2* size) const {
        if (rel.empty() || !f.images) return nullptr;
        const std::string path = (!rel.empty() && rel[0] == '/') || ev.dir.empty() ? rel : ev.dir + "/" + rel;
        return f.images->image(path, size);
    }
    // A flag in a 3:2 box (fitted, centred); without a picture, the country code in a frame.
    void flag(const content::Participant& who, float x0, float y0, float w) const {
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
    // The portrait in a circle, or the initials of the name shown.
    void portrait(const content::Participant& who, float cx, float cy, float d) const {
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
};

//-----------------------------------------------------------------------------
// Scrolled panes: a list of items of known height, drawn only where visible
//-----------------------------------------------------------------------------

struct Item {
    float h = 0;
    std::function<void(float y)> draw;  // y: screen px of the item's top
};

// Lays the items out below each other in the pane [x0, x1) x [top, bottom) (logical x), scrolled
// by the current route's offset for pane `index`, and draws the visible ones. `pad` is space
// above the first and below the last item. Returns the content height.
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

// Draws the header and returns the logical x where the end-side extras may end (W - edge).
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

//-----------------------------------------------------------------------------
// Rows shared by lists: a session (time, title, hall) and a chevron
//-----------------------------------------------------------------------------

struct SessionRow {
    ShownText time, title, hall;
    float time_w = 0, h = 0;
};

SessionRow session_row(Ctx& c, const content::Session& s, float x0, float x1, float time_w) {
    const Metrics& k = c.k;
    SessionRow r;
    TextLook ts = c.style(k.label, "heading", c.p.accent);
    ts.dir = text::Direction::LTR;  // 10:30–10:40 reads left to right in every language
    r.time = c.lay(time_range(s), ts);
    r.time_w = time_w;
    const float tx = x0 + time_w + k.gap, tw = x1 - 5 * k.u - tx;
    r.title = c.label(c.ev.text(s.title, c.lang), c.style(k.label, "heading", c.p.fg, tw, 2));
    const content::Hall* hall = c.ev.hall(s.hall);
    r.hall = c.label(hall ? c.ev.text(hall->name, c.lang) : s.hall, c.style(k.small * 1.1f, "body", c.p.muted, tw, 1));
    r.h = std::max(k.touch * 1.2f, r.title->height + r.hall->height + 2.4f * k.pad);
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
    const float ty = y + (r.h - r.title->height - r.hall->height) / 2;
    c.text_at(r.time, x0, ty + (r.title->lines.empty() ? 0 : r.title->lines[0].baseline - r.time->lines[0].baseline));
    const float tx = x0 + r.time_w + k.gap;
    c.text_at(r.title, tx, ty);
    c.text_at(r.hall, tx, ty + r.title->height);
    c.chevron_to_end(x1 - 2.5f * k.u, y + r.h / 2, 4.5f * k.u, c.p.muted);
    c.fill(x0, y + r.h - 1, x1, y + r.h, c.p.line);
    c.hit(id, x0 - k.pad, y, x1 + k.pad, y + r.h);
}

bool is_now(const ScreenFrame& f, const content::Session& s) {
    return s.date == f.now.date && s.start.value <= f.now.minute_of_day && f.now.minute_of_day < s.end.value;
}

// A section title inside a list ("Speakers", "Documents").
Item section_title(Ctx& c, std::string text, float x0, float x1) {
    ShownText l = c.label(text, c.style(c.k.small * 1.1f, "heading", c.p.muted, x1 - x0, 1));
    const float before = 3.0f * c.k.u, after = 1.2f * c.k.u;
    return Item{before + l->height + after, [&c, l, x0, before](float y) { c.text_at(l, x0, y + before); }};
}

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

void draw_session(Ctx& c, const content::Session& s) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;
    draw_header(c, phrase(c.ev, c.lang, i18n::Phrase::Agenda), 0);
    const float x0 = k.margin, x1 = k.W - k.margin;
    const float read_w = std::min(x1 - x0, 40.0f * k.body);  // lines of a readable length
    std::vector<Item> items;

    ShownText title = c.label(ev.text(s.title, c.lang), c.style(5.0f * k.u, "heading", c.p.fg, x1 - x0));
    items.push_back({title->height + k.gap, [&c, title, x0](float y) { c.text_at(title, x0, y); }});

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

struct CardText {
    ShownText name, title;
};

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

// "Illustrative summary – not the official text" in a frame.
struct Badge {
    ShownText l;
    float w = 0, h = 0;
};
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

//-----------------------------------------------------------------------------
// Reader
//-----------------------------------------------------------------------------

struct BlockText {
    std::string text;
    std::vector<std::pair<uint32_t, uint32_t>> strong, emph;
    bool all_strong = false;
};

BlockText block_text(const content::Block& b) {
    BlockText t;
    bool any_plain = false;
    for (const content::Span& s : b.spans) {
        const uint32_t start = uint32_t(t.text.size());
        t.text += s.text;
        const uint32_t end = uint32_t(t.text.size());
        if (s.strong) t.strong.push_back({start, end});
        else if (s.emphasis) t.emph.push_back({start, end});
        if (!s.strong && s.text.find_first_not_of(" \t\n") != std::string::npos) any_plain = true;
    }
    t.all_strong = !any_plain && !t.strong.empty();
    if (t.all_strong) t.strong.clear();
    return t;
}

// The reader's entry for block `b`, made again if the block is not the one it was made from
// (content reloaded: compared by value, an address may be reused by the new content).
void refresh_reader_block(Kiosk::State::ReaderBlock& rb, const content::Block& b) {
    const auto same_span = [](const content::Span& x, const content::Span& y) {
        return x.strong == y.strong && x.emphasis == y.emphasis && x.text == y.text;
    };
    if (rb.text && rb.kind == b.kind && rb.level == b.level && rb.ordered == b.ordered && rb.number == b.number &&
        std::equal(rb.spans.begin(), rb.spans.end(), b.spans.begin(), b.spans.end(), same_span))
        return;
    rb = {};
    rb.spans = b.spans;
    rb.kind = b.kind;
    rb.level = b.level;
    rb.ordered = b.ordered;
    rb.number = b.number;
    rb.text = std::make_shared<const BlockText>(block_text(b));
}

// Draws a layout with its strong and emphasis spans (see [Emphasis and strong spans]).
void draw_styled(Ctx& c, const ShownText& l, const BlockText& bt, float x0, float y) {
    if (bt.strong.empty() && bt.emph.empty()) {
        c.text_at(l, x0, y);
        return;
    }
    auto it = c.s.styled.find(l.layout.get());
    if (it == c.s.styled.end()) {
        if (c.s.styled.size() > 512) c.s.styled.clear();
        Styled st;
        st.base = l;
        build_styled(st, bt.strong, bt.emph);
        it = c.s.styled.emplace(l.layout.get(), std::move(st)).first;
    }
    const Styled& st = it->second;
    const float x = std::round(c.rtl ? c.k.W - x0 - l->width : x0);
    const ImVec2 pos(x, std::round(y));
    c.eng.draw(st.plain, c.dl, pos, l.color);
    c.eng.draw(st.emph, c.dl, pos, c.p.emphasis);
    const float bold = std::max(0.75f, l->size_px / 32.0f);  // synthetic bold: drawn twice
    c.eng.draw(st.strong, c.dl, pos, l.color);
    c.eng.draw(st.strong, c.dl, ImVec2(pos.x + bold, pos.y), l.color);
    if (c.p.high_contrast) {  // one colour: emphasis is underlined
        const float t = std::max(1.0f, l->size_px / 18.0f);
        for (const text::Line& line : st.emph.lines) {
            float a = 0, b = -1;
            auto flush = [&] {
                if (b > a) c.dl->AddRectFilled(ImVec2(pos.x + line.x + a, std::round(pos.y + line.baseline + line.descent * 0.35f)),
                                               ImVec2(pos.x + line.x + b, std::round(pos.y + line.baseline + line.descent * 0.35f) + t),
                                               c.p.fg);
            };
            for (const text::GlyphRun& run : line.runs)
                for (const text::Glyph& g : run.glyphs) {
                    const float g0 = g.x, g1 = g.x + g.advance;
                    if (b >= a && g0 <= b + l->size_px * 0.4f) b = std::max(b, g1);
                    else {
                        flush();
                        a = g0;
                        b = g1;
                    }
                }
            flush();
        }
    }
}

void draw_reader(Ctx& c, const content::Document& doc) {
    const Metrics& k = c.k;
    const content::Event& ev = c.ev;
    State& s = c.s;
    const float scale = float(s.text_pct) / 100.0f;

    // Header: title, and text size − / + at the end.
    const float tb = k.btn;  // text size buttons, square
    const float extras = 2 * tb + k.pad;
    draw_header(c, ev.text(doc.title, c.lang), extras);
    {
        const float y0 = k.pad, y1 = k.pad + tb;
        const float xa = k.W - k.edge - extras, xb = xa + tb + k.pad;
        const std::string letter = phrase(c.ev, c.lang, i18n::Phrase::TextSizeLetter);
        for (int i = 0; i < 2; ++i) {
            const float x = i == 0 ? xa : xb;
            const Target id = target(i == 0 ? Target::Kind::TextSmaller : Target::Kind::TextLarger);
            const bool enabled = i == 0 ? s.text_pct > kTextPctMin : s.text_pct < kTextPctMax;
            c.panel(x, y0, x + tb, y1, c.pressed(id));
            const ImU32 ic = enabled ? c.p.fg : (c.p.high_contrast ? c.p.fg : c.p.line);
            ShownText l = c.lay(letter, c.style(tb * (i == 0 ? 0.34f : 0.5f), "heading", ic));
            const float sign = tb * 0.22f, gapx = tb * 0.05f;
            const float wsum = l->width + gapx + sign;
            const float lx = x + (tb - wsum) / 2;
            c.text_at(l, lx, (y0 + y1) / 2 - l->height * 0.55f);
            const float sx = lx + l->width + gapx, sy = (y0 + y1) / 2 - tb * 0.02f, st = std::max(2.0f, tb * 0.05f);
            c.dl->AddLine(c.P(sx, sy), c.P(sx + sign, sy), ic, st);
            if (i == 1) c.dl->AddLine(c.P(sx + sign / 2, sy - sign / 2), c.P(sx + sign / 2, sy + sign / 2), ic, st);
            c.hit(id, x, y0, x + tb, y1);
        }
    }

    std::string body_lang = c.lang;
    const content::DocumentBody* body = body_for(ev, doc, c.lang, &body_lang);
    const std::vector<content::Block> no_blocks;
    const std::vector<content::Block>& blocks = body ? body->blocks : no_blocks;

    // Contents: headings of levels 1-3.
    struct TocEntry { int block; int level; std::string text; };
    std::vector<TocEntry> toc;
    int min_level = 9;
    for (size_t i = 0; i < blocks.size(); ++i)
        if (blocks[i].kind == content::Block::Kind::Heading && blocks[i].level <= 3) {
            std::string t;
            for (const content::Span& sp : blocks[i].spans) t += sp.text;
            toc.push_back({int(i), blocks[i].level, t});
            min_level = std::min(min_level, blocks[i].level);
        }

    // Panes: contents beside the text when the screen is wide, above it otherwise.
    const bool side_toc = !k.portrait && !toc.empty();
    const float toc_w = side_toc ? std::clamp(0.28f * k.W, 40.0f * k.u, 70.0f * k.u) : 0;
    const float main_x0 = toc_w, main_x1 = k.W;
    const float col_w = std::min(main_x1 - main_x0 - 2 * k.margin, 44.0f * k.body);  // ~70 characters
    const float x0 = main_x0 + (main_x1 - main_x0 - col_w) / 2, x1 = x0 + col_w;
    const float body_px = k.body * scale;

    auto block_style = [&](const content::Block& b, const BlockText& bt, float width) {
        TextLook st = c.style(body_px, bt.all_strong ? "heading" : "body", c.p.fg, width);
        st.lang = body_lang;
        if (b.kind == content::Block::Kind::Heading) {
            const float f = b.level <= 1 ? 1.6f : b.level == 2 ? 1.3f : b.level == 3 ? 1.12f : 1.0f;
            st.size_px = std::round(body_px * f);
            st.font_role = "heading";
        }
        st.line_spacing = b.kind == content::Block::Kind::Heading ? 1.0f : 1.12f;
        // Arabic-script bodies are set justified, as in print (kashida; see text/justify.cpp),
        // unless the document says `justify = false`.
        if (doc.justify && b.kind != content::Block::Kind::Heading && is_rtl_language(body_lang))
            st.align = text::Align::Justify;
        return st;
    };

    std::vector<Item> items;
    std::vector<int> item_of_block(blocks.size(), -1);

    // Title (unless the text has its own) and the badge.
    {
        const bool own_title = std::any_of(blocks.begin(), blocks.end(), [](const content::Block& b) {
            return b.kind == content::Block::Kind::Heading && b.level == 1;
        });
        if (!own_title) {
            TextLook ts = c.style(body_px * 1.9f, "heading", c.p.fg, col_w);
            ShownText t = c.label(ev.text(doc.title, c.lang), ts);
            items.push_back({t->height + k.gap, [&c, t, x0](float y) { c.text_at(t, x0, y); }});
        }
        if (doc.illustrative) {
            Badge b = make_badge(c, std::round(k.small * scale), col_w);
            items.push_back({b.h + 2 * k.gap, [&c, b, x0](float y) { draw_badge(c, b, x0, y); }});
        }
    }

    // The table of contents, as a pane of its own or at the top of the text.
    int current_heading = -1;  // the section at the top of the view (set below, before the side pane)
    auto toc_items = [&](std::vector<Item>& out, float tx0, float tx1) {
        for (const TocEntry& e : toc) {
            const float indent = float(e.level - min_level) * 3.0f * k.u;
            TextLook st = c.style(k.small * 1.15f, e.level == min_level ? "heading" : "body", c.p.fg,
                                     tx1 - tx0 - indent - 2 * k.pad, 2);
            st.lang = body_lang;
            ShownText l = c.label(e.text, st);
            const float h = std::max(k.touch, l->height + 1.6f * k.pad);
            const Target id = target(Target::Kind::Contents, e.block);
            const bool cur = e.block == current_heading && side_toc;
            out.push_back({h + 0.3f * k.pad, [&c, l, h, id, tx0, tx1, indent, cur](float y) {
                               const Metrics& k = c.k;
                               if (c.pressed(id)) c.fill(tx0, y, tx1, y + h, c.p.pressed, 0.6f * k.u);
                               else if (cur) c.fill(tx0, y, tx1, y + h, c.p.card, 0.6f * k.u);
                               if (cur) c.fill(tx0, y, tx0 + 0.6f * k.u, y + h, c.p.accent);
                               c.text_at(l, tx0 + k.pad + indent, y + (h - l->height) / 2);
                               c.hit(id, tx0, y, tx1, y + h);
                           }});
        }
    };
    if (!side_toc && !toc.empty()) {
        items.push_back(section_title(c, phrase(c.ev, c.lang, i18n::Phrase::Contents), x0, x1));
        toc_items(items, x0, x1);
        items.push_back({2 * k.gap, [&c, x0, x1](float y) { c.fill(x0, y + c.k.gap, x1, y + c.k.gap + 1, c.p.line); }});
    }

    // The body: one layout per block, kept in s.reader_blocks from frame to frame.
    const std::string key = doc.id + "|" + body_lang + "|" + std::to_string(blocks.size());
    const bool same_doc = key == s.reader_key;  // the jump or anchor was asked for in this document
    s.reader_key = key;
    if (!same_doc) s.reader_blocks.clear();
    s.reader_blocks.resize(blocks.size());
    const float indent_w = 2.2f * body_px;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const content::Block& b = blocks[i];
        State::ReaderBlock& rb = s.reader_blocks[i];
        refresh_reader_block(rb, b);
        const std::shared_ptr<const BlockText> bt = rb.text;
        if (bt->text.empty()) continue;
        const bool heading = b.kind == content::Block::Kind::Heading;
        const bool list = b.kind == content::Block::Kind::ListItem;
        const float indent = (list || (b.kind == content::Block::Kind::Paragraph && b.level > 0)) ? float(b.level) * indent_w : 0;
        const TextLook st = block_style(b, *bt, col_w - indent);
        if (!rb.layout || !(rb.style == st)) {
            rb.layout = c.lay(bt->text, st);
            rb.style = st;
        }
        const ShownText l = rb.layout;
        const float before = heading ? st.size_px * (i == 0 ? 0.2f : 0.9f) : 0;
        const float after = heading ? st.size_px * 0.35f : list ? body_px * 0.3f : body_px * 0.7f;
        ShownText marker;
        if (list) {
            TextLook ms = c.style(body_px, "body", c.p.muted, indent_w * 0.9f, 1);
            ms.lang = body_lang;
            ms.dir = c.rtl ? text::Direction::RTL : text::Direction::LTR;
            ms.align = text::Align::End;  // against the text
            if (!rb.marker || !(rb.marker_style == ms)) {
                const std::string m = b.ordered ? std::to_string(b.number) + "." : (b.level % 2 ? "\u2022" : "\u25E6");
                rb.marker = c.lay(m, ms);
                rb.marker_style = ms;
            }
            marker = rb.marker;
        }
        item_of_block[i] = int(items.size());
        items.push_back({before + l->height + after, [&c, l, bt, marker, x0, indent, indent_w, before](float y) {
                             if (marker) {
                                 const float mx0 = x0 + indent - indent_w * 0.9f - 0.25f * indent_w * 0.1f;
                                 const float dy = l->lines.empty() || marker->lines.empty()
                                                      ? 0
                                                      : l->lines[0].baseline - marker->lines[0].baseline;
                                 c.text_at(marker, mx0 - indent_w * 0.1f, y + before + dy);
                             }
                             draw_styled(c, l, *bt, x0 + indent, y + before);
                         }});
    }

    // Where each block is (content px), for jumps, anchoring and the contents' highlight.
    const float pad = 2.5f * k.u;
    s.block_y.assign(blocks.size(), -1);
    s.block_h.assign(blocks.size(), 0);
    {
        float y = pad;
        std::vector<float> item_y(items.size());
        for (size_t i = 0; i < items.size(); ++i) {
            item_y[i] = y;
            y += items[i].h;
        }
        for (size_t b = 0; b < blocks.size(); ++b)
            if (item_of_block[b] >= 0) {
                s.block_y[b] = item_y[size_t(item_of_block[b])];
                s.block_h[b] = items[size_t(item_of_block[b])].h;
            }
    }
    if (!same_doc) {
        s.jump_block = -1;
        s.anchor.reset();
    }
    if (s.jump_block >= 0 && size_t(s.jump_block) < s.block_y.size() && s.block_y[size_t(s.jump_block)] >= 0) {
        s.top().scroll[0] = s.block_y[size_t(s.jump_block)] - pad;
        s.fling.active = false;
    }
    s.jump_block = -1;
    if (s.anchor && size_t(s.anchor->block) < s.block_y.size() && s.block_y[size_t(s.anchor->block)] >= 0)
        s.top().scroll[0] = s.block_y[size_t(s.anchor->block)] + s.anchor->frac * s.block_h[size_t(s.anchor->block)];
    s.anchor.reset();

    const float top = k.header_h;
    {
        float content = 2 * pad;
        for (const Item& it : items) content += it.h;
        const float at = std::clamp(s.top().scroll[0], 0.0f, std::max(0.0f, content - (k.H - top))) + 3.0f * k.u;
        current_heading = toc.empty() ? -1 : toc.front().block;
        for (const TocEntry& e : toc)
            if (s.block_y[size_t(e.block)] >= 0 && s.block_y[size_t(e.block)] <= at) current_heading = e.block;
    }
    if (side_toc) {
        std::vector<Item> ti;
        ti.push_back(section_title(c, phrase(c.ev, c.lang, i18n::Phrase::Contents), k.margin * 0.75f, toc_w - k.gap));
        toc_items(ti, k.margin * 0.5f, toc_w - k.gap);
        c.fill(0, top, toc_w, k.H, c.p.high_contrast ? c.p.bg : c.p.card);
        if (c.p.high_contrast) c.fill(toc_w - c.p.border, top, toc_w, k.H, c.p.fg);
        run_pane(c, 1, 0, toc_w, top, k.H, ti, 1.0f * k.u);
    }
    run_pane(c, 0, main_x0, main_x1, top, k.H, items, pad);
}

}  // namespace

//-----------------------------------------------------------------------------
// Kiosk
//-----------------------------------------------------------------------------

Kiosk::Kiosk(KioskConfig config) : s_(std::make_unique<State>()) { s_->config = config; }
Kiosk::~Kiosk() = default;

// What a touch in progress, a fling, a reader position and the idle timer hold: dropped when
// the kiosk opens a route or resets (the idle timer restarts at the next draw).
void forget_interaction(Kiosk::State& s) {
    s.press = {};
    s.fling = {};
    s.anchor.reset();
    s.jump_block = -1;
    s.hits.clear();
    s.named_hits_stale = true;
    s.last_activity = std::numeric_limits<double>::quiet_NaN();
}

bool Kiosk::open(const std::string& name, const content::Event& event) {
    const std::optional<Route> route = parse_route(name);
    if (!route || !route_valid(*route, event)) return false;
    State& s = *s_;
    s.stack.clear();
    for (Route::Kind k : parents(*route)) s.stack.push_back(State::Entry{Route{k, {}}});
    s.stack.push_back(State::Entry{*route});
    if (route->kind == Route::Kind::Session) {
        int day = -1;
        find_session(event, route->id, &day);
        for (State::Entry& e : s.stack)
            if (e.route.kind == Route::Kind::Agenda) e.day = day;
    }
    forget_interaction(s);
    return true;
}

void Kiosk::State::activate(const Target& t, const content::Event& ev) {
    using K = Target::Kind;
    if (t.kind == K::Back) {
        if (stack.size() > 1) stack.pop_back();
        fling.active = false;
    } else if (t.kind == K::Home) {
        stack.resize(1);
        stack[0].scroll[0] = stack[0].scroll[1] = 0;
        fling.active = false;
    } else if (t.kind == K::Language) {
        lang = t.lang;
    } else if (t.kind == K::Day) {
        top().day = t.index;
        top().scroll[0] = 0;
        fling.active = false;
    } else if (t.kind == K::Contents) {
        jump_block = t.index;
    } else if (t.kind == K::TextSmaller || t.kind == K::TextLarger) {
        const int pct = std::clamp(text_pct + (t.kind == K::TextLarger ? kTextPctStep : -kTextPctStep), kTextPctMin,
                                   kTextPctMax);
        if (pct == text_pct) return;
        // Keep the place: the block at the top of the view stays there.
        const float at = top().scroll[0];
        anchor.reset();
        for (size_t b = 0; b < block_y.size(); ++b)
            if (block_y[b] >= 0 && block_y[b] <= at && at < block_y[b] + block_h[b] && block_h[b] > 0 && at > 0)
                anchor = Anchor{int(b), (at - block_y[b]) / block_h[b]};
        text_pct = pct;
        fling.active = false;
    } else if (t.kind == K::Open && route_valid(t.route, ev)) {
        navigate(t.route);
    }
}

void Kiosk::input(const PointerEvent& e, const ScreenFrame& frame) {
    State& s = *s_;
    const float mm = s.config.px_per_mm > 0 ? s.config.px_per_mm : 1.0f;
    s.last_activity = e.seconds;
    auto hit_at = [&](ImVec2 p) -> Target {
        for (auto it = s.hits.rbegin(); it != s.hits.rend(); ++it)
            if (p.x >= it->min.x && p.x < it->max.x && p.y >= it->min.y && p.y < it->max.y) return it->target;
        return {};
    };
    switch (e.kind) {
    case PointerEvent::Kind::Down: {
        s.press = State::Press{};
        s.press.active = true;
        s.press.down = e.pos;
        s.press.t0 = e.seconds;
        s.press.hit = hit_at(e.pos);
        // A touch stops a fling; that touch is not a tap.
        if (s.fling.active && std::abs(s.fling.v) > kFlingMinMmS * mm) s.press.caught = true;
        s.fling.active = false;
        for (int i = 0; i < 2; ++i)
            if (s.panes[i].contains(e.pos)) s.press.pane = i;
        if (s.press.pane >= 0) s.press.scroll0 = s.top().scroll[s.press.pane];
        s.press.samples.push_back({e.seconds, e.pos.y});
        break;
    }
    case PointerEvent::Kind::Move: {
        if (!s.press.active) break;
        const float dx = e.pos.x - s.press.down.x, dy = e.pos.y - s.press.down.y;
        if (!s.press.dragging && std::sqrt(dx * dx + dy * dy) > kTapSlopMm * mm) s.press.dragging = true;
        if (s.press.dragging && s.press.pane >= 0) {
            const State::Pane& pane = s.panes[s.press.pane];
            s.top().scroll[s.press.pane] = std::clamp(s.press.scroll0 - dy, 0.0f, pane.max_scroll());
        }
        s.press.samples.push_back({e.seconds, e.pos.y});
        while (s.press.samples.size() > 2 && s.press.samples.front().first < e.seconds - 4 * kVelocityWindow)
            s.press.samples.pop_front();
        break;
    }
    case PointerEvent::Kind::Up: {
        if (!s.press.active) break;
        State::Press p = std::move(s.press);
        s.press = State::Press{};
        const float dx = e.pos.x - p.down.x, dy = e.pos.y - p.down.y;
        const bool moved = p.dragging || std::sqrt(dx * dx + dy * dy) > kTapSlopMm * mm;
        if (!moved && !p.caught && e.seconds - p.t0 <= kTapMaxSeconds) {
            const Target t = hit_at(e.pos);
            if (t.kind != Target::Kind::None && t == p.hit) s.activate(t, frame.event);
            break;
        }
        if (!p.dragging || p.pane < 0) break;
        const State::Pane& pane = s.panes[p.pane];
        s.top().scroll[p.pane] = std::clamp(p.scroll0 - dy, 0.0f, pane.max_scroll());
        // Release velocity over the last 100 ms of movement; a finger that stopped does not fling.
        p.samples.push_back({e.seconds, e.pos.y});
        const auto& last = p.samples.back();
        const std::pair<double, float>* first = nullptr;
        for (const auto& smp : p.samples)
            if (smp.first >= last.first - kVelocityWindow) {
                first = &smp;
                break;
            }
        if (!first || last.first - first->first < 1e-3) break;
        // Samples at the same spot up to the release: the finger rested.
        const float v = float((last.second - first->second) / (last.first - first->first));
        if (std::abs(v) < kFlingMinMmS * mm) break;
        const float vmax = 8.0f * std::max(frame.size.x, frame.size.y);
        s.fling.active = true;
        s.fling.pane = p.pane;
        s.fling.v = std::clamp(-v, -vmax, vmax);
        s.fling.t = e.seconds;
        break;
    }
    }
}

void Kiosk::draw(const ScreenFrame& frame) {
    State& s = *s_;
    if (std::isnan(s.last_activity)) s.last_activity = frame.seconds;
    // Content changed under us (live reload): go back to a screen that still exists.
    while (s.stack.size() > 1 && !route_valid(s.top().route, frame.event)) s.stack.pop_back();
    if (s.stack.empty() || !route_valid(s.stack.front().route, frame.event)) s.stack.assign(1, State::Entry{});

    // Inertia up to this frame: v(t) = v0 e^(-t/tau), distance v0 tau (1 - e^(-t/tau)).
    if (s.fling.active) {
        const double dt = frame.seconds - s.fling.t;
        if (dt > 0) {
            const double decay = std::exp(-dt / kFlingTau);
            const State::Pane& pane = s.panes[s.fling.pane];
            float& scroll = s.top().scroll[s.fling.pane];
            const float next = scroll + float(s.fling.v * kFlingTau * (1 - decay));
            scroll = std::clamp(next, 0.0f, pane.max_scroll());
            s.fling.v = float(s.fling.v * decay);
            s.fling.t = frame.seconds;
            if (scroll != next || std::abs(s.fling.v) < kFlingStopMmS * s.config.px_per_mm) s.fling.active = false;
        }
    }

    s.hits.clear();
    s.named_hits_stale = true;
    for (State::Pane& p : s.panes) p.live = false;
    Ctx c(s, frame, s.lang.empty() ? frame.lang : s.lang);
    if (!frame.background_cleared) c.dl->AddRectFilled(ImVec2(0, 0), frame.size, c.p.bg);

    const Route& r = s.top().route;
    switch (r.kind) {
    case Route::Kind::Home: draw_home(c); break;
    case Route::Kind::Agenda: draw_agenda(c); break;
    case Route::Kind::Roster: draw_roster(c); break;
    case Route::Kind::Documents: draw_documents(c); break;
    case Route::Kind::Session: draw_session(c, *find_session(frame.event, r.id)); break;
    case Route::Kind::Participant: draw_participant(c, *frame.event.participant(r.id)); break;
    case Route::Kind::Document: draw_reader(c, *frame.event.document(r.id)); break;
    }
}

double Kiosk::next_change_in(const ScreenFrame& frame) const {
    const State& s = *s_;
    if (s.fling.active || s.jump_block >= 0 || s.anchor) return 0;
    if (std::isnan(s.last_activity)) return 0;  // not drawn yet
    // The idle timeout (also with a finger down: a press that neither moves nor lifts that long
    // is taken as lost, see idle_expired).
    double next = std::max(0.0, s.last_activity + s.config.idle_timeout_s - frame.seconds);
    // A press shown as pressed stops being a tap after 0.5 s.
    // (Once, not every frame after: a finger resting on the glass asks for no frames.)
    const double tap_ends = s.press.t0 + kTapMaxSeconds - frame.seconds;
    if (s.press.active && !s.press.dragging && tap_ends > 0) next = std::min(next, tap_ends);
    if (s.top().route.kind == Route::Kind::Home) {  // the clock
        const double to_minute = frame.now_utc_ms > 0 ? double(60000 - frame.now_utc_ms % 60000) / 1000.0
                                                      : double(60 - frame.now.second);
        next = std::min(next, to_minute);
    }
    return next;
}

// A press counts like any other input: its down and each move restart the timer, so a finger
// still on the glass but silent for the whole timeout is a lost release (a touch controller that
// dropped the up event, a USB reset mid-touch), and the kiosk goes back to the loop anyway.
bool Kiosk::idle_expired(double seconds) const {
    const State& s = *s_;
    if (std::isnan(s.last_activity)) return false;
    return seconds - s.last_activity >= s.config.idle_timeout_s;
}

void Kiosk::reset() {
    State& s = *s_;
    s.stack.assign(1, State::Entry{});
    s.lang.clear();
    s.text_pct = 100;
    forget_interaction(s);
}

const std::string& Kiosk::lang() const { return s_->lang; }
std::string Kiosk::route() const { return to_string(s_->top().route); }
std::vector<std::string> Kiosk::history() const {
    std::vector<std::string> out;
    for (const State::Entry& e : s_->stack) out.push_back(to_string(e.route));
    return out;
}
const std::vector<HitArea>& Kiosk::hit_areas() const {
    const State& s = *s_;
    if (s.named_hits_stale) {
        s.named_hits.clear();
        for (const State::Hit& h : s.hits) s.named_hits.push_back(HitArea{to_string(h.target), h.min, h.max});
        s.named_hits_stale = false;
    }
    return s.named_hits;
}
const HitArea* Kiosk::hit_area(std::string_view id) const {
    for (const HitArea& h : hit_areas())
        if (h.id == id) return &h;
    return nullptr;
}
float Kiosk::scroll() const { return s_->top().scroll[0]; }
float Kiosk::max_scroll() const { return s_->panes[0].live ? s_->panes[0].max_scroll() : 0.0f; }
float Kiosk::content_height() const { return s_->panes[0].live ? s_->panes[0].content_h : 0.0f; }
float Kiosk::text_scale() const { return float(s_->text_pct) / 100.0f; }
bool Kiosk::animating() const { return s_->fling.active; }
const KioskConfig& Kiosk::config() const { return s_->config; }
void Kiosk::set_px_per_mm(float px_per_mm) {
    if (px_per_mm > 0) s_->config.px_per_mm = px_per_mm;
}

}  // namespace majlis::screens
