// "Nothing leaves the screen, nothing overlaps", checked on the boxes the screens lay text into.
//
// The draw list cannot tell: the engine culls glyphs outside the clip rectangle, so a line
// pushed below the screen leaves no vertex behind. ImGuiTextEngine::record_drawn_text sees every
// draw() call before culling; DrawnTextRecorder turns it on for one scope and
// drawn_text_problems() judges what it recorded:
//
//  - every clip rectangle lies on the screen;
//  - a text drawn under a clip rectangle that covers the whole screen has its ink (marks
//    included) on the screen, and its layout box too across (the lines' extents; down the
//    screen the line boxes hold the fonts' ascent and descent space, which screens may put
//    against an edge: the lobby's clock);
//    text under a narrower clip rectangle (a scrolled list, the ticker's strip) may run past
//    that rectangle: that is how it scrolls;
//  - no two texts overlap where they can be seen (ink within its clip rectangle), except the
//    layers of one text: equal layout boxes drawn within a synthetic-bold offset of each other
//    (the kiosk draws a paragraph's plain, emphasised and strong glyphs as separate layers).
// Ink rather than line boxes decides overlaps: fonts' line boxes (Arabic ones above all) are
// much taller than their letters, and screens stack texts by their letters (the lobby's date
// sits in the clock's descender space). Tolerance: 1 px everywhere (positions are rounded).
#pragma once

#include "text/text_imgui.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace majlis::testing {

using DrawnText = text::ImGuiTextEngine::DrawnText;

struct DrawnTextRecorder {
    text::ImGuiTextEngine& engine;
    std::vector<DrawnText> texts;
    explicit DrawnTextRecorder(text::ImGuiTextEngine& e) : engine(e) { engine.record_drawn_text(&texts); }
    ~DrawnTextRecorder() { engine.record_drawn_text(nullptr); }
    DrawnTextRecorder(const DrawnTextRecorder&) = delete;
    DrawnTextRecorder& operator=(const DrawnTextRecorder&) = delete;
};

inline std::string describe(const DrawnText& t) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "text of %.0f px, %d line%s%s, box [%.0f,%.0f - %.0f,%.0f], ink [%.0f,%.0f - %.0f,%.0f]",
                  t.size_px, t.lines, t.lines == 1 ? "" : "s", t.truncated ? " (truncated)" : "", t.min.x, t.min.y,
                  t.max.x, t.max.y, t.ink_min.x, t.ink_min.y, t.ink_max.x, t.ink_max.y);
    return buf;
}

// What is wrong with the texts of one frame on a screen of `screen` px; empty when nothing.
// `overlaps` false: only whether they stay on the screen (two pictures crossfading).
inline std::vector<std::string> drawn_text_problems(const std::vector<DrawnText>& texts, ImVec2 screen,
                                                    bool overlaps = true) {
    constexpr float tol = 1.0f;
    std::vector<std::string> out;
    auto on_screen = [&](ImVec2 a, ImVec2 b) {
        return a.x >= -tol && a.y >= -tol && b.x <= screen.x + tol && b.y <= screen.y + tol;
    };
    auto inked = [](const DrawnText& t) { return t.ink_min.x < t.ink_max.x && t.ink_min.y < t.ink_max.y; };
    struct Visible { ImVec2 a, b; };
    std::vector<Visible> seen(texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
        const DrawnText& t = texts[i];
        if (!on_screen(t.clip_min, t.clip_max)) out.push_back("clip rectangle off the screen: " + describe(t));
        const bool whole_screen = t.clip_min.x <= tol && t.clip_min.y <= tol && t.clip_max.x >= screen.x - tol &&
                                  t.clip_max.y >= screen.y - tol;
        if (whole_screen && (t.min.x < -tol || t.max.x > screen.x + tol))
            out.push_back("layout box leaves the screen: " + describe(t));
        if (whole_screen && inked(t) && !on_screen(t.ink_min, t.ink_max))
            out.push_back("ink leaves the screen: " + describe(t));
        seen[i] = {ImVec2(std::max(t.ink_min.x, t.clip_min.x), std::max(t.ink_min.y, t.clip_min.y)),
                   ImVec2(std::min(t.ink_max.x, t.clip_max.x), std::min(t.ink_max.y, t.clip_max.y))};
    }
    for (size_t i = 0; overlaps && i < texts.size(); ++i)
        for (size_t j = i + 1; j < texts.size(); ++j) {
            const DrawnText &a = texts[i], &b = texts[j];
            const float ox = std::min(seen[i].b.x, seen[j].b.x) - std::max(seen[i].a.x, seen[j].a.x);
            const float oy = std::min(seen[i].b.y, seen[j].b.y) - std::max(seen[i].a.y, seen[j].a.y);
            if (ox <= tol || oy <= tol) continue;
            const float bold = std::max(0.75f, a.size_px / 32.0f) + tol;
            const bool layers = std::abs((a.max.x - a.min.x) - (b.max.x - b.min.x)) <= tol &&
                                std::abs((a.max.y - a.min.y) - (b.max.y - b.min.y)) <= tol &&
                                std::abs(a.min.x - b.min.x) <= bold && std::abs(a.min.y - b.min.y) <= tol;
            if (!layers) out.push_back("overlap: " + describe(a) + " and " + describe(b));
        }
    return out;
}

}  // namespace majlis::testing
