// The kiosk's parts: what the files of the kiosk (kiosk.h) share. Not part of the public API:
// only app/screens/kiosk*.cpp include it.
//
// The kiosk's code, by what one looks for:
//   kiosk.cpp           the Kiosk class: open, draw (which screen), what a tapped target does,
//                       reset, the idle timer; routes and targets as strings at the kiosk's edge
//   kiosk_gestures.cpp  touch: press, tap, drag, fling and inertia; which hit area a touch is on
//   kiosk_draw.cpp      the drawing context (Ctx): sizes, mirrored geometry, text, hit areas,
//                       icons, portraits and flags; and what the views and the reader share: the
//                       header (Back, Home, the title), scrolled panes, section titles, the
//                       "illustrative" badge
//   kiosk_views.cpp     the screens: home, agenda, session, roster, participant, documents
//   kiosk_reader.cpp    the document reader: contents, text size, one layout per block, strong
//                       and emphasis spans
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
#pragma once

#include "screens/kiosk.h"
#include "screens/painter.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::screens::kiosk {

struct BlockText;  // a reader block's text and its strong and emphasis spans (kiosk_reader.cpp)

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
// Routes and targets (kiosk.cpp)
//-----------------------------------------------------------------------------

// A screen of the kiosk: its kind and, for one thing's page, the thing's id. Routes are strings
// only at the kiosk's edge (Kiosk::open, route(), history(): "home", "session:opening").
struct Route {
    enum class Kind { Home, Agenda, Roster, Documents, Session, Participant, Document };
    Kind kind = Kind::Home;
    std::string id;  // Session, Participant, Document
    bool operator==(const Route&) const = default;
};

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
inline Target target(Target::Kind kind, int index = -1) {
    Target t;
    t.kind = kind;
    t.index = index;
    return t;
}
inline Target open_target(Route::Kind kind, std::string id) {
    Target t = target(Target::Kind::Open);
    t.route = Route{kind, std::move(id)};
    return t;
}
inline Target language_target(std::string lang) {
    Target t = target(Target::Kind::Language);
    t.lang = std::move(lang);
    return t;
}

// The session `id` (and the index of its day in `day`); null if the event has none.
const content::Session* find_session(const content::Event& ev, std::string_view id, int* day = nullptr);

using paint::Palette;  // the palette every screen draws with (painter.h)

//-----------------------------------------------------------------------------
// Emphasis and strong spans inside one layout (drawn by kiosk_reader.cpp)
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

//-----------------------------------------------------------------------------
// Geometry (kiosk_draw.cpp)
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

Metrics make_metrics(ImVec2 size, float px_per_mm);

}  // namespace majlis::screens::kiosk

namespace majlis::screens {

//-----------------------------------------------------------------------------
// State
//-----------------------------------------------------------------------------

struct Kiosk::State {
    KioskConfig config;

    struct Entry {
        kiosk::Route route;
        float scroll[2] = {0, 0};  // [0] main list or reader, [1] the reader's contents pane
        int day = -1;              // agenda: the day shown (-1: today's)
    };
    std::vector<Entry> stack{Entry{}};
    std::string lang;  // chosen on the kiosk; "" = the app's
    int text_pct = 100;

    // What can be tapped, as drawn in the last frame (screen px), and the same named for
    // Kiosk::hit_areas (made when asked).
    struct Hit {
        kiosk::Target target;
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
        kiosk::Target hit;
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
        std::shared_ptr<const kiosk::BlockText> text;
        TextLook style, marker_style;
        ShownText layout, marker;
    };
    std::vector<ReaderBlock> reader_blocks;

    std::map<const text::Layout*, kiosk::Styled> styled;
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

    void navigate(const kiosk::Route& route) {
        if (route == top().route) return;
        fling.active = false;
        stack.push_back(Entry{route});
    }
    void activate(const kiosk::Target& t, const content::Event& ev);
};

}  // namespace majlis::screens

namespace majlis::screens::kiosk {

using State = Kiosk::State;

//-----------------------------------------------------------------------------
// Drawing context: one per frame (kiosk_draw.cpp)
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
    void box(float x0, float y0, float x1, float y1, ImVec2& a, ImVec2& b) const;
    void fill(float x0, float y0, float x1, float y1, ImU32 c, float rounding = 0) const;
    void outline(float x0, float y0, float x1, float y1, ImU32 c, float rounding, float thickness) const;
    // A button or card ground (painter.h): card, pressed, or selected (accent); outlined in high
    // contrast.
    void panel(float x0, float y0, float x1, float y1, bool pressed, bool selected = false) const;

    TextLook style(float size, const char* role, ImU32 color, float max_w = 0, int max_lines = 0) const;
    ShownText lay(std::string_view t, const TextLook& st) const { return lay_out(eng, t, st); }
    // A label aligned to the interface's start side whatever the direction of its own text (an
    // English name in an Arabic list sits at the right like the rest).
    ShownText label(std::string_view t, TextLook st) const;
    // Draws a layout whose box starts at logical x0 (its box: max_width, else its width).
    void text_at(const ShownText& l, float x0, float y) const;

    // The top of a one-line layout whose letters look centred on `cy` (by the baseline, not the
    // line box: Arabic fonts have much taller boxes than their letters).
    float centered_top(const text::Layout& l, float cy) const;
    bool pressed(const Target& t) const;
    // Records a hit area (logical rect), at least the minimum size, cut to the current pane.
    void hit(Target t, float x0, float y0, float x1, float y1) const;

    //-------------------------------------------------------------------------
    // Icons, drawn in logical coordinates (so they mirror with the layout)
    //-------------------------------------------------------------------------
    float stroke(float size) const { return std::max(2.0f, size * 0.085f); }
    // Arrows and chevrons mean a direction: they point by the reading direction (painter.h).
    void arrow_to_start(float cx, float cy, float s, ImU32 c) const;
    void chevron_to_end(float cx, float cy, float s, ImU32 c) const;
    void house(float cx, float cy, float s, ImU32 c) const;
    void calendar(float cx, float cy, float s, ImU32 c) const;
    void people(float cx, float cy, float s, ImU32 c, ImU32 ground) const;
    void page(float cx, float cy, float s, ImU32 c) const;

    //-------------------------------------------------------------------------
    // Pictures
    //-------------------------------------------------------------------------
    ImTextureID image(const std::string& rel, ImVec2* size) const;
    // A flag in a 3:2 box (fitted, centred); without a picture, the country code in a frame.
    void flag(const content::Participant& who, float x0, float y0, float w) const;
    // The portrait in a circle, or the initials of the name shown.
    void portrait(const content::Participant& who, float cx, float cy, float d) const;
};

//-----------------------------------------------------------------------------
// What the views and the reader share (kiosk_draw.cpp)
//-----------------------------------------------------------------------------

// Scrolled panes: a list of items of known height, drawn only where visible.
struct Item {
    float h = 0;
    std::function<void(float y)> draw;  // y: screen px of the item's top
};

// Lays the items out below each other in the pane [x0, x1) x [top, bottom) (logical x), scrolled
// by the current route's offset for pane `index`, and draws the visible ones. `pad` is space
// above the first and below the last item. Returns the content height.
float run_pane(Ctx& c, int index, float x0, float x1, float top, float bottom, const std::vector<Item>& items, float pad);

// The header: Back and Home at the top start corner, the screen's title, `end_reserved` px left
// free at the end (the reader's text size buttons).
void draw_header(Ctx& c, std::string_view title, float end_reserved);

// A section title inside a list ("Speakers", "Documents").
Item section_title(Ctx& c, std::string text, float x0, float x1);

// A session's, document's or person's URL as a QR code (painter.h: read from 1 m) at the reading
// start of [x0, x1), its caption beside it (below it when the pane is narrow); nothing when the
// URL is empty or the pane too small.
void add_qr(Ctx& c, std::vector<Item>& items, const std::string& url, float x0, float x1);

// "Illustrative summary – not the official text" in a frame.
struct Badge {
    ShownText l;
    float w = 0, h = 0;
};
Badge make_badge(Ctx& c, float size, float max_w);
void draw_badge(Ctx& c, const Badge& b, float x0, float y);

//-----------------------------------------------------------------------------
// The screens (kiosk_views.cpp, kiosk_reader.cpp) and inertia (kiosk_gestures.cpp)
//-----------------------------------------------------------------------------

void draw_home(Ctx& c);
void draw_agenda(Ctx& c);
void draw_session(Ctx& c, const content::Session& s);
void draw_roster(Ctx& c);
void draw_participant(Ctx& c, const content::Participant& p);
void draw_documents(Ctx& c);
void draw_reader(Ctx& c, const content::Document& doc);

// Scrolls by inertia up to `seconds` (the frame's clock); ends the fling at an end of the pane or
// when it has slowed down.
void advance_fling(State& s, double seconds);

}  // namespace majlis::screens::kiosk
