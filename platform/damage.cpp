// Damage-region rendering (damage.h tells why and how).
#include "damage.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>

namespace majlis::platform {

namespace {

// A coordinate as whole px in [0, limit] (NaN: 0), whatever a client gave.
int clamp_px(float v, int limit) {
    if (!(v > 0)) return 0;
    return v >= float(limit) ? limit : int(v);
}

// A rectangle rounded out to whole px and clipped to width x height.
PixelRect round_out(const ImVec4& r, int width, int height) {
    return PixelRect{clamp_px(std::floor(r.x), width), clamp_px(std::floor(r.y), height), clamp_px(std::ceil(r.z), width),
                     clamp_px(std::ceil(r.w), height)};
}

}  // namespace

PixelDamage damage_in_pixels(const Damage& damage, int degrees, ImVec2 physical) {
    PixelDamage out;
    if (damage.everything || damage.rects.size() > kMaxDamageRects || damage.scrolls.size() > kMaxDamageRects)
        return out;
    const int width = int(physical.x), height = int(physical.y);
    double area = 0;
    for (const ImVec4& logical : damage.rects) {
        const PixelRect px = round_out(rotate_rect_to_physical(logical, degrees, physical), width, height);
        if (px.empty() || std::find(out.drawn.begin(), out.drawn.end(), px) != out.drawn.end()) continue;
        area += double(px.x1 - px.x0) * double(px.y1 - px.y0);
        out.drawn.push_back(px);
    }
    if (area > 0.5 * double(width) * double(height)) {
        out.drawn.clear();
        return out;
    }
    out.rects = out.drawn;
    const ImVec4 origin = rotate_rect_to_physical(ImVec4(0, 0, 0, 0), degrees, physical);
    for (const Damage::Scroll& logical : damage.scrolls) {
        const ImVec4 to = rotate_rect_to_physical(ImVec4(logical.by.x, logical.by.y, logical.by.x, logical.by.y), degrees, physical);
        PixelScroll px;
        px.rect = round_out(rotate_rect_to_physical(logical.rect, degrees, physical), width, height);
        // Moved as far as the screen or farther: nothing of the rect stays (an absurd move: 0).
        const float dx = std::round(to.x - origin.x), dy = std::round(to.y - origin.y);
        px.dx = std::isfinite(dx) ? int(std::clamp(dx, -float(width), float(width))) : 0;
        px.dy = std::isfinite(dy) ? int(std::clamp(dy, -float(height), float(height))) : 0;
        if (px.rect.empty() || (!px.dx && !px.dy)) continue;
        out.scrolls.push_back(px);
        out.rects.push_back(px.rect);
    }
    out.everything = false;
    return out;
}

namespace {

// The scissor box (physical px, rows top first) ImGui's OpenGL3 backend sets for a command's
// clip rect: it truncates, so a box of its own rounded differently would draw a column more or
// less than a full frame does.
PixelRect backend_scissor(const ImVec4& clip, ImVec2 offset, ImVec2 scale, int fb_height) {
    const ImVec2 lo((clip.x - offset.x) * scale.x, (clip.y - offset.y) * scale.y);
    const ImVec2 hi((clip.z - offset.x) * scale.x, (clip.w - offset.y) * scale.y);
    PixelRect box;
    box.x0 = int(lo.x);
    box.x1 = box.x0 + int(hi.x - lo.x);
    box.y1 = fb_height - int(float(fb_height) - hi.y);  // glScissor's y counts from the bottom
    box.y0 = box.y1 - int(hi.y - lo.y);
    return box;
}

// Moves the pixels of s.rect in the bound framebuffer, `fb_height` px high, by (dx, dy): out
// into `scratch` (grown to the strip if smaller) and back (GL's rows go bottom-up). False if the
// driver gave no scratch (nothing moved).
bool move_pixels(const PixelScroll& s, int fb_height, KeptFrame& scratch) {
    const PixelRect& r = s.rect;
    const PixelRect to{std::max(r.x0, r.x0 + s.dx), std::max(r.y0, r.y0 + s.dy), std::min(r.x1, r.x1 + s.dx),
                       std::min(r.y1, r.y1 + s.dy)};
    if (to.empty()) return true;
    const int w = to.x1 - to.x0, h = to.y1 - to.y0;
    GLint target = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
    glDisable(GL_SCISSOR_TEST);  // (a blit is scissored)
    if (!scratch.bind(std::max(w, scratch.width), std::max(h, scratch.height))) {
        glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target));
        return false;
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(target));
    glReadBuffer(target ? GL_COLOR_ATTACHMENT0 : GL_BACK);
    const int from_x = to.x0 - s.dx, from_y = to.y0 - s.dy;
    glBlitFramebuffer(from_x, fb_height - (from_y + h), from_x + w, fb_height - from_y, 0, 0, w, h, GL_COLOR_BUFFER_BIT,
                      GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, scratch.fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(target));
    glBlitFramebuffer(0, 0, w, h, to.x0, fb_height - to.y1, to.x1, fb_height - to.y0, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target));
    return true;
}

}  // namespace

void render_damaged(ImDrawData* draw_data, ImVec4 clear, const PixelDamage& damage, int fb_height,
                    KeptFrame& scratch, const std::function<void(ImDrawData*)>& draw) {
    glClearColor(clear.x, clear.y, clear.z, clear.w);
    bool moved = true;
    if (!damage.everything)
        for (const PixelScroll& s : damage.scrolls) moved = moved && move_pixels(s, fb_height, scratch);
    if (damage.everything || !moved) {
        glDisable(GL_SCISSOR_TEST);
        glClear(GL_COLOR_BUFFER_BIT);
        draw(draw_data);
        return;
    }
    if (damage.drawn.empty() || !draw_data) return;
    const ImVec2 offset = draw_data->DisplayPos, scale = draw_data->FramebufferScale;
    const int backend_height = int(draw_data->DisplaySize.y * scale.y);  // the backend's fb_height
    std::vector<ImVec4> clips;  // every command's, as it came
    for (int l = 0; l < draw_data->CmdListsCount; ++l)
        for (const ImDrawCmd& cmd : draw_data->CmdLists[l]->CmdBuffer) clips.push_back(cmd.ClipRect);
    for (const PixelRect& r : damage.drawn) {
        glEnable(GL_SCISSOR_TEST);
        glScissor(r.x0, fb_height - r.y1, r.x1 - r.x0, r.y1 - r.y0);
        glClear(GL_COLOR_BUFFER_BIT);
        // Each command's own box cut to the rectangle, given back as whole px (which the backend
        // keeps exactly); one that misses it is empty and the backend skips it.
        size_t k = 0;
        for (int l = 0; l < draw_data->CmdListsCount; ++l) {
            for (ImDrawCmd& cmd : draw_data->CmdLists[l]->CmdBuffer) {
                const PixelRect box = backend_scissor(clips[k++], offset, scale, backend_height);
                const float x0 = float(std::max(box.x0, r.x0)), y0 = float(std::max(box.y0, r.y0));
                const float x1 = std::max(x0, float(std::min(box.x1, r.x1)));
                const float y1 = std::max(y0, float(std::min(box.y1, r.y1)));
                cmd.ClipRect = ImVec4(x0 / scale.x + offset.x, y0 / scale.y + offset.y, x1 / scale.x + offset.x,
                                      y1 / scale.y + offset.y);
            }
        }
        draw(draw_data);
    }
    size_t k = 0;
    for (int l = 0; l < draw_data->CmdListsCount; ++l)
        for (ImDrawCmd& cmd : draw_data->CmdLists[l]->CmdBuffer) cmd.ClipRect = clips[k++];
    glDisable(GL_SCISSOR_TEST);
}

KeptFrame::~KeptFrame() {
    if (color) glDeleteRenderbuffers(1, &color);
    if (fbo) glDeleteFramebuffers(1, &fbo);
}

bool KeptFrame::bind(int w, int h) {
    if (!fbo) glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    if (w == width && h == height && color) return true;
    if (!color) glGenRenderbuffers(1, &color);
    glBindRenderbuffer(GL_RENDERBUFFER, color);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
    width = w;
    height = h;
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) return true;
    width = height = 0;  // tried again next frame
    return false;
}

void KeptFrame::copy_to_window() const {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace majlis::platform
