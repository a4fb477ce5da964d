// ImGuiTextEngine::draw: a Layout into an ImDrawList, one textured quad per glyph.
//
// With record_drawn_text set (tests), each call also records the layout's box and its ink as
// placed, culled lines included: the atlas is asked for their glyphs too, so that a line below
// the screen is measured exactly as it would be drawn.
//
// Debian's libimgui.a uses 16-bit indices; PrimReserve opens a new draw command with a vertex
// offset when a list passes 65,536 vertices (the OpenGL 3 backend sets RendererHasVtxOffset),
// so reserving one quad at a time keeps every reservation far below that limit.
#include "text/text_imgui.h"

#include <algorithm>
#include <cmath>

namespace majlis::text {

namespace {

bool is_light(ImU32 c) {
    const float r = float((c >> IM_COL32_R_SHIFT) & 0xFF), g = float((c >> IM_COL32_G_SHIFT) & 0xFF),
                b = float((c >> IM_COL32_B_SHIFT) & 0xFF);
    return 0.2126f * r + 0.7152f * g + 0.0722f * b > 127.5f;
}

}  // namespace

ImGuiTextEngine::ImGuiTextEngine(const Config& config, Log& log)
    : TextEngine(config, log), textures_(config.textures), atlas_(config.atlas, config.textures) {}

void ImGuiTextEngine::draw(const Layout& layout, ImDrawList* dl, ImVec2 pos, ImU32 color) {
    if (!dl || !textures_) return;
    const bool light = is_light(color);
    const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
    const float px = layout.size_px;
    const int phases = atlas_.x_phases(px);
    ImTextureID current = nullptr;
    bool pushed = false;
    struct Box { ImVec2 a, b; };
    std::vector<Box> boxes;  // .notdef: drawn after the glyphs, with ImGui's own texture
    DrawnText* rec = nullptr;
    if (drawn_ && !layout.lines.empty()) {
        DrawnText d;
        d.min = ImVec2(1e30f, pos.y);
        d.max = ImVec2(-1e30f, pos.y + layout.height);
        for (const Line& line : layout.lines) {
            d.min.x = std::min(d.min.x, pos.x + line.x);
            d.max.x = std::max(d.max.x, pos.x + line.x + line.width);
        }
        d.ink_min = ImVec2(1e30f, 1e30f);
        d.ink_max = ImVec2(-1e30f, -1e30f);
        d.clip_min = clip_min;
        d.clip_max = clip_max;
        d.size_px = px;
        d.lines = int(layout.lines.size());
        d.truncated = layout.truncated;
        drawn_->push_back(d);
        rec = &drawn_->back();
    }
    auto ink = [rec](float x0, float y0, float x1, float y1) {
        rec->ink_min = ImVec2(std::min(rec->ink_min.x, x0), std::min(rec->ink_min.y, y0));
        rec->ink_max = ImVec2(std::max(rec->ink_max.x, x1), std::max(rec->ink_max.y, y1));
    };

    for (const Line& line : layout.lines) {
        const float baseline = std::round(pos.y + line.baseline);
        // Stacked marks reach past the ascent: cull lines with a margin of one em.
        const bool culled = baseline + line.descent + px < clip_min.y || baseline - line.ascent - px > clip_max.y;
        if (culled && !rec) continue;
        const float left = pos.x + line.x;
        for (const GlyphRun& run : line.runs) {
            if (!run.face) continue;
            for (const Glyph& g : run.glyphs) {
                const float gx = left + g.x;
                if (g.id == 0) {
                    const float w = std::max(g.advance, px * 0.3f);
                    const Box b{ImVec2(gx + w * 0.12f, baseline - px * 0.62f), ImVec2(gx + w * 0.88f, baseline)};
                    if (rec) ink(b.a.x, b.a.y, b.b.x, b.b.y);
                    if (!culled) boxes.push_back(b);
                    continue;
                }
                const float xi = std::floor(gx);
                const int phase = std::clamp(int((gx - xi) * float(phases)), 0, phases - 1);
                const AtlasGlyph ag = atlas_.get(*run.face, g.id, px, phase, light);  // a copy: get() may rehash
                if (ag.page < 0) continue;
                const float x0 = (phases > 1 ? xi : gx) + ag.left;
                const float y0 = baseline + std::round(g.y) - ag.top;
                const float x1 = x0 + ag.width, y1 = y0 + ag.height;
                if (rec) ink(x0, y0, x1, y1);
                if (culled || x1 < clip_min.x || x0 > clip_max.x || y1 < clip_min.y || y0 > clip_max.y) continue;
                const ImTextureID tex = atlas_.texture(ag.page);
                if (!pushed || tex != current) {
                    if (pushed) dl->PopTextureID();
                    dl->PushTextureID(tex);
                    current = tex;
                    pushed = true;
                }
                dl->PrimReserve(6, 4);
                dl->PrimRectUV(ImVec2(x0, y0), ImVec2(x1, y1), ImVec2(ag.u0, ag.v0), ImVec2(ag.u1, ag.v1), color);
            }
        }
    }
    if (pushed) dl->PopTextureID();
    const float thickness = std::max(1.0f, px / 16.0f);
    for (const Box& b : boxes) dl->AddRect(b.a, b.b, color, 0.0f, 0, thickness);
}

}  // namespace majlis::text
