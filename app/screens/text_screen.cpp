#include "screens/screens.h"

#include <algorithm>
#include <cmath>

namespace majlis::screens {

void TextScreen::draw(text::ImGuiTextEngine& engine, ImDrawList* dl, ImVec2 size) const {
    dl->AddRectFilled(ImVec2(0, 0), size, background);
    const float margin = std::min(size.x, size.y) * margin_fraction;
    text::Style s = style;
    s.max_width = std::max(1.0f, size.x - 2 * margin);
    if (size_fraction > 0) s.size_px = std::max(12.0f, std::round(std::min(size.x, size.y) * size_fraction));
    auto layout = engine.layout(text, s);  // cached: the same text and width cost a lookup
    dl->PushClipRect(ImVec2(0, 0), size, true);
    engine.draw(*layout, dl, ImVec2(margin, margin), color);
    dl->PopClipRect();
}

}  // namespace majlis::screens
