// Screens mounted turned (portrait pillars, upside-down ceiling mounts): the client draws in
// the turned size and the frame's vertices are turned before rendering. Rotations by
// multiples of 90 degrees keep clip rectangles axis-aligned, so no extra render pass is needed.
#include "platform.h"

#include <algorithm>

namespace majlis::platform {

namespace {

// Logical (as drawn) to physical (as on the panel), clockwise.
ImVec2 to_physical(ImVec2 p, int degrees, ImVec2 phys) {
    switch (degrees) {
    case 90: return ImVec2(phys.x - p.y, p.x);
    case 180: return ImVec2(phys.x - p.x, phys.y - p.y);
    case 270: return ImVec2(p.y, phys.y - p.x);
    default: return p;
    }
}

}  // namespace

int frame_rotation(const FrameClient& client, int own) {
    const int wanted = client.rotation();
    return wanted == 0 || wanted == 90 || wanted == 180 || wanted == 270 ? wanted : own;
}

ImVec2 logical_size(ImVec2 physical, int degrees) {
    return (degrees == 90 || degrees == 270) ? ImVec2(physical.y, physical.x) : physical;
}

ImVec2 rotate_point_to_logical(ImVec2 p, int degrees, ImVec2 phys) {
    switch (degrees) {
    case 90: return ImVec2(p.y, phys.x - p.x);
    case 180: return ImVec2(phys.x - p.x, phys.y - p.y);
    case 270: return ImVec2(phys.y - p.y, p.x);
    default: return p;
    }
}

ImVec4 rotate_rect_to_physical(ImVec4 r, int degrees, ImVec2 phys) {
    const ImVec2 a = to_physical(ImVec2(r.x, r.y), degrees, phys);
    const ImVec2 b = to_physical(ImVec2(r.z, r.w), degrees, phys);
    return ImVec4(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y));
}

void rotate_draw_data(ImDrawData* dd, int degrees, ImVec2 phys) {
    if (!dd || (degrees != 90 && degrees != 180 && degrees != 270)) return;
    for (int l = 0; l < dd->CmdListsCount; ++l) {
        ImDrawList* list = dd->CmdLists[l];
        for (ImDrawVert& v : list->VtxBuffer) v.pos = to_physical(v.pos, degrees, phys);
        for (ImDrawCmd& cmd : list->CmdBuffer) cmd.ClipRect = rotate_rect_to_physical(cmd.ClipRect, degrees, phys);
    }
}

}  // namespace majlis::platform
