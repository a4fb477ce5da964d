// majlis screens: what a visitor sees, drawn per frame from data into ImGui draw lists.
//
// A screen knows the text engine and ImGui, never the platform: the same code draws into the
// fullscreen window and into a headless PNG.
#pragma once

#include "content/alert.h"
#include "content/content.h"
#include "text/text_imgui.h"

#include <string>
#include <unordered_map>

namespace majlis::screens {

// The `text` screen: paragraphs of UTF-8 text on a plain ground, wrapped to the screen's width
// with margins that scale with the screen. Shown by the window until the content screens exist,
// and by `majlis render --screen text` for proofing text.
struct TextScreen {
    std::string text;          // UTF-8, paragraphs separated by newlines
    text::Style style;         // size, language, direction; max_width is set from the screen
    ImU32 color = IM_COL32_WHITE;
    ImU32 background = IM_COL32(16, 24, 40, 255);
    float margin_fraction = 0.05f;  // of the screen's shorter side
    float size_fraction = 0.0f;     // > 0: text size is this fraction of the screen's shorter
                                    // side (the window); 0: style.size_px as given (render)

    void draw(text::ImGuiTextEngine& engine, ImDrawList* draw_list, ImVec2 screen_size) const;
};

// Pictures (logo, flags, portraits) as textures. platform/ decodes and uploads them; tests and
// benchmarks may pass none (screens then draw their placeholders).
struct ImageSource {
    virtual ~ImageSource() = default;
    // The texture of an image file (absolute path) and its size in px; nullptr when it cannot
    // be loaded (the source logs that once; the screen draws a placeholder instead).
    virtual ImTextureID image(const std::string& path, ImVec2* size) = 0;
};

// Strings that are costly to make (ICU's dates and country names: a fraction of a millisecond
// each), kept between frames by whoever owns the frame loop. Screens work without one (they
// then format every time). Bounded; not shared between threads.
class FormatCache {
public:
    template <class Make>
    const std::string& get(const std::string& key, Make&& make) {
        if (auto it = entries_.find(key); it != entries_.end()) return it->second;
        if (entries_.size() >= kMaxEntries) entries_.clear();  // whatever the content does
        return entries_.emplace(key, make()).first->second;
    }

private:
    static constexpr size_t kMaxEntries = 512;
    std::unordered_map<std::string, std::string> entries_;
};

// Text as a screen shows it. The engine's layouts have no colour (paint is not layout: one
// cached layout serves every colour it is drawn in), so screens keep the colour beside the
// layout: TextLook is what they lay out with (the engine's style and the colour), ShownText
// what they keep until drawing (the layout and the colour).
struct TextLook : text::Style {
    ImU32 color = IM_COL32_WHITE;
};
struct ShownText {
    std::shared_ptr<const text::Layout> layout;
    ImU32 color = IM_COL32_WHITE;
    const text::Layout* operator->() const { return layout.get(); }
    const text::Layout& operator*() const { return *layout; }
    explicit operator bool() const { return layout != nullptr; }
};
inline ShownText lay_out(text::TextEngine& engine, std::string_view s, const TextLook& look) {
    return {engine.layout(s, look), look.color};
}

// What every content screen gets for one frame. Screens draw from this and nothing else.
struct ScreenFrame {
    text::ImGuiTextEngine& engine;
    ImDrawList* draw_list;
    ImVec2 size;                      // px
    const content::Event& event;
    content::LocalDateTime now;       // event local time
    int64_t now_utc_ms = 0;           // the same moment in UTC (the loop's slide is a function of it)
    double seconds = 0;               // monotonic seconds since the app started (animations)
    std::string lang{};               // the language shown
    ImageSource* images = nullptr;    // null: placeholders
    bool high_contrast = false;       // pure black and white, no dimming
    // The platform already cleared the frame to the screen's background colour (the theme's,
    // black in high contrast): skip full-screen background fills. On llvmpipe one blended
    // full-screen quad costs about 10 ms at 1080p.
    bool background_cleared = false;
    FormatCache* formats = nullptr;   // null: dates and names are formatted every frame
    // The loop's slides: a named playlist the screen's role gives (screens.toml), chosen once
    // per frame; null: the event's [[playlist]]. loop_playlist() reads it.
    const std::vector<content::Slide>* playlist = nullptr;
    // The screen's hall (a room sign's, or its role's in screens.toml); "": the whole venue. The
    // dayparts' `during` reads where the day stands there (content::day_phase).
    std::string hall{};
};

// Touch input: a kiosk has no keyboard. Positions in screen px; time in the same clock as
// ScreenFrame::seconds. GLFW delivers touch on X11 as mouse events; both arrive here.
struct PointerEvent {
    enum class Kind { Down, Move, Up };
    Kind kind = Kind::Down;
    ImVec2 pos;
    double seconds = 0;
};

// Right-to-left languages: the text engine's one list (ICU's uloc_isRightToLeft).
using text::is_rtl_language;

// "09:30" from minutes since midnight: times on screens use Latin digits in every language
// and are laid out left to right (i18n::format_time).
std::string hhmm(int minute_of_day);

// Interface text and dates come from app/i18n (one catalogue, one date module); these keep
// ICU's dates in the frame's FormatCache when there is one.
std::string format_date(const content::Date& date, std::string_view lang, i18n::DateStyle style,
                        FormatCache* cache = nullptr);
std::string format_date_range(const content::Date& first, const content::Date& last, std::string_view lang,
                              FormatCache* cache = nullptr);
// An interface phrase in `lang`, the event's own wording first (i18n::phrase). `lang_used`,
// if given, receives the language of the text (English where the language lacks it).
std::string phrase(const content::Event& event, std::string_view lang, i18n::Phrase p,
                   std::initializer_list<i18n::Arg> args = {}, std::string* lang_used = nullptr);

// The lobby: header with the event's name and the clock, the day's agenda (now highlighted,
// past dimmed). First version; NOW/NEXT panels, the ticker and rotation: see lobby.h.
void draw_lobby(const ScreenFrame& frame);

// The operators' sign that the content folder has errors (the screen keeps the last good
// content): a small amber triangle in the bottom end corner.
void draw_operator_marker(const ScreenFrame& frame);

// The emergency takeover: an Alert (content/alert.h) over the whole screen, whatever mode runs
// underneath (DisplayApp::show_alert). High contrast, a pictogram, the headline and instruction
// large enough to read from 20 m on a 55" screen, every language at once where they fit, else
// one language per page for kAlertPageSeconds (by ScreenFrame::seconds); an EXERCISE / TEST
// banner unless it is actual. The rules and the fitting: screens/alert.cpp.
inline constexpr double kAlertPageSeconds = 5;
struct AlertView {
    std::string lang;               // "": every language of the takeover; else this one alone
                                    // (a kiosk visitor's choice)
    bool language_buttons = false;  // the kiosk: a button per language along the bottom
    float px_per_mm = 0;            // the panel's density; 0: a 55" panel of the frame's size
};
// Where the takeover put what (screen px), for tests and for the kiosk's buttons.
struct AlertBox {
    ImVec2 min, max;
    std::string what;   // "banner", "banner.text", "pictogram", "headline", "instruction",
                        // "description", "button"
    std::string lang;   // of a text or a button
    float size_px = 0;  // of a text
    float rule_px = 0;  // of a headline, instruction or description: the 20 m rule's smallest
                        // size in its language (Arabic letters are smaller at the same size)
};
struct AlertLayout {
    std::vector<AlertBox> boxes;
    std::vector<std::string> shown;  // the languages of this frame, in order
    int pages = 1, page = 0;         // pages > 1: one language each, cycling
    float rule_px = 0;               // the 20 m rule's smallest text size here (Latin, Cyrillic)
    float pictogram_min_px = 0;      // the smallest pictogram it allows
    bool meets_rule = true;          // false: a text too long for this screen was made smaller
    ImU32 background = 0;
};
AlertLayout draw_alert(const ScreenFrame& frame, const content::Alert& alert, const AlertView& view = {});
AlertLayout alert_layout(const ScreenFrame& frame, const content::Alert& alert, const AlertView& view = {});
double alert_next_change_in(const ScreenFrame& frame, const content::Alert& alert, const AlertView& view = {});
// The language of the button at `pos` ("" none).
std::string alert_language_at(const ScreenFrame& frame, const content::Alert& alert, const AlertView& view,
                              ImVec2 pos);

// A fleet's `identify`: the screen's name and address (`text`, lines separated by '\n'; the
// first line twice as large) on a yellow band across the middle of the screen, over whatever
// shows, so staff walking the hall find the screen they look for on the dashboard. The text is
// an id and an address, Latin letters and digits: laid out left to right and centred whatever
// the content's language, so it reads the same on an Arabic screen.
inline constexpr ImU32 kIdentifyGround = IM_COL32(255, 214, 0, 255);
void draw_identify(text::ImGuiTextEngine& engine, ImDrawList* draw_list, ImVec2 size, std::string_view text);

}  // namespace majlis::screens
