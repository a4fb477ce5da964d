// The fleet's `identify` overlay (screens.h: draw_identify).
#include "screens/screens.h"

#include <algorithm>
#include <cmath>

namespace majlis::screens {

void draw_identify(text::ImGuiTextEngine& engine, ImDrawList* dl, ImVec2 size, std::string_view text) {
    const float side = std::min(size.x, size.y);
    const float margin = side * 0.04f;
    text::Style style;
    style.lang = "en";
    style.dir = text::Direction::LTR;  // an id and an address, in any content's language
    style.align = text::Align::Center;
    style.max_width = std::max(1.0f, size.x - 4 * margin);
    style.max_lines = 2;
    const size_t newline = text.find('\n');
    std::vector<std::shared_ptr<const text::Layout>> lines;
    style.size_px = std::max(12.0f, std::round(side / 8));
    lines.push_back(engine.layout(text.substr(0, newline), style));
    if (newline != std::string_view::npos) {
        style.size_px = std::max(12.0f, std::round(side / 16));
        lines.push_back(engine.layout(text.substr(newline + 1), style));
    }
    float height = 0;
    for (const auto& l : lines) height += l->height;
    const float top = std::max(0.0f, (size.y - height) / 2 - margin);
    const float bottom = std::min(size.y, top + height + 2 * margin);
    dl->AddRectFilled(ImVec2(0, top), ImVec2(size.x, bottom), kIdentifyGround);
    float y = top + margin;
    for (const auto& l : lines) {
        engine.draw(*l, dl, ImVec2(2 * margin, y), IM_COL32(0, 0, 0, 255));
        y += l->height;
    }
}

}  // namespace majlis::screens
