// majlis screens: what a visitor sees, drawn per frame from data into ImGui draw lists.
//
// A screen knows the text engine and ImGui, never the platform: the same code draws into the
// fullscreen window and into a headless PNG.
#pragma once

#include "content/content.h"
#include "text/text.h"

#include <string>

namespace majlis::screens {

// The `text` screen: paragraphs of UTF-8 text on a plain ground, wrapped to the screen's width
// with margins that scale with the screen. Shown by the window until the content screens exist,
// and by `majlis render --screen text` for proofing text.
struct TextScreen {
    std::string text;          // UTF-8, paragraphs separated by newlines
    text::Style style;         // size, language, direction; max_width is set from the screen
    ImU32 background = IM_COL32(16, 24, 40, 255);
    float margin_fraction = 0.05f;  // of the screen's shorter side
    float size_fraction = 0.0f;     // > 0: text size is this fraction of the screen's shorter
                                    // side (the window); 0: style.size_px as given (render)

    void draw(text::TextEngine& engine, ImDrawList* draw_list, ImVec2 screen_size) const;
};

// What every content screen gets for one frame. Screens draw from this and nothing else.
struct ScreenFrame {
    text::TextEngine& engine;
    ImDrawList* draw_list;
    ImVec2 size;                      // px
    const content::Event& event;
    content::LocalDateTime now;       // event local time
    std::string lang;                 // the language shown
};

bool is_rtl_language(std::string_view lang);

// The lobby: header with the event's name and the clock, the day's agenda (now highlighted,
// past dimmed). First version; NOW/NEXT panels, the ticker and rotation come with the screens.
void draw_lobby(const ScreenFrame& frame);

// The operators' sign that the content folder has errors (the screen keeps the last good
// content): a small amber triangle in the bottom end corner.
void draw_operator_marker(const ScreenFrame& frame);

}  // namespace majlis::screens
