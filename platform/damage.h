// Damage-region rendering: the frame is kept between frames and only what changed is drawn again.
//
// A lobby whose ticker scrolls changes a strip at the bottom of the screen 30 times a second;
// drawing the whole frame each time cost majlis 40 % of a core on llvmpipe at 1080p (a browser
// redraws only the ticker's layer). So the client says what each frame changed (platform::Damage,
// FrameClient::frame_damage, in logical px) and the platform:
//   1. turns the rectangles as the frame is turned and rounds them out to whole physical px
//      (damage_in_pixels; many or large rectangles become everything);
//   2. draws into a framebuffer that still holds the last frame -- an FBO of its own (KeptFrame),
//      or a window's back buffer where the driver keeps it (below: GLX_MESA_copy_sub_buffer) --
//      only inside the rectangles: each is cleared under glScissor and the draw commands are
//      clipped to it, so those outside it are skipped before they reach ImGui's GL backend
//      (render_damaged);
//   3. presents what it drew (the window: copies only the rectangles to the screen where it can).
// A first frame, a new size or rotation and a window exposed redraw everything, whatever the
// client says.
//
// Why the result is the full frame to the pixel: inside a rectangle every draw command is drawn
// as a full frame draws it, in the same order, with the same scissor box intersected with the
// rectangle (render_damaged reproduces the box the backend computes from a command's clip rect,
// then cuts it), and outside it the kept pixels are the last frame's, which the client promises
// did not change. Moved pixels are copied whole px for whole px. Tests: tests/damage_test.cpp (a
// partial frame equals a full one; a rectangle cut too small, or a move a px off, shows stale
// pixels), tests/damage_window_test.cpp (the window under Xvfb: what the screen shows).
//
// GL only (no window system): shared by the window, the headless renderer and other backends;
// everything used is in OpenGL 3.3 core and OpenGL ES 3 alike (FBOs, glScissor, glBlitFramebuffer).
#pragma once

#include "platform.h"

#include <functional>
#include <vector>

struct GLFWwindow;  // GLFW's (damage_glx.cpp)

namespace majlis::platform {

// A rectangle of physical px, rows top first: [x0, x1) x [y0, y1).
struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    bool operator==(const PixelRect&) const = default;
};

// Damage::Scroll in px: the pixels of `rect` moved by (dx, dy).
struct PixelScroll {
    PixelRect rect;
    int dx = 0, dy = 0;
};

struct PixelDamage {
    bool everything = true;
    std::vector<PixelRect> rects;      // what changed on the screen (to show), when !everything;
                                       // none: nothing changed. Of those:
    std::vector<PixelScroll> scrolls;  //   moved first,
    std::vector<PixelRect> drawn;      //   then drawn again
};

// The client's damage on a screen of `physical` px whose frame is turned by `degrees`
// (rotate_draw_data): each rectangle turned, rounded out to whole px, clipped to the screen;
// empty ones dropped; scrolls turned likewise, with their moves (rounded to whole px). More than
// kMaxDamageRects, or rectangles covering more than half the screen, are everything (one full
// frame costs less than many passes).
inline constexpr size_t kMaxDamageRects = 4;
PixelDamage damage_in_pixels(const Damage& damage, int degrees, ImVec2 physical);

// Draws `draw_data` (as turned for the screen, its DisplayPos at the framebuffer's top-left) into
// the framebuffer bound now, `fb_height` px high, which holds the last frame, through `draw` (ImGui's
// OpenGL3 backend: ImGui_ImplOpenGL3_RenderDrawData or a wrapper of it): everything (cleared to
// `clear` first), or: the scrolls' pixels moved (copied out to `scratch` and back with
// glBlitFramebuffer: a blit within one framebuffer must not overlap; the scratch is kept from
// frame to frame and grows to the largest strip moved: a ticker moves 30 times a second, and a
// new one each time was a driver allocation per frame), then inside each damaged
// rectangle only (cleared under glScissor, the draw commands clipped to it; those it misses are
// skipped). The draw data is left as it came. A move the driver refuses a scratch for draws
// everything instead.
struct KeptFrame;
void render_damaged(ImDrawData* draw_data, ImVec4 clear, const PixelDamage& damage, int fb_height,
                    KeptFrame& scratch, const std::function<void(ImDrawData*)>& draw);

// An RGBA8 FBO of the screen's size that keeps the frame where the window's own buffers do not
// (and, at the size of a strip, the scratch render_damaged moves it through).
struct KeptFrame {
    unsigned fbo = 0, color = 0;  // GL names
    int width = 0, height = 0;
    KeptFrame() = default;
    KeptFrame(const KeptFrame&) = delete;
    KeptFrame& operator=(const KeptFrame&) = delete;
    ~KeptFrame();  // the GL context must be current
    // Makes it width x height (a new, undefined frame when the size changes: draw everything)
    // and leaves it bound. False if the driver refuses (out of memory).
    bool bind(int width, int height);
    // Copies the frame to the window's back buffer (framebuffer 0), to be swapped.
    void copy_to_window() const;
};

// X11 windows with a GLX context (GLFW's; damage_glx.cpp). On a software renderer (Mesa's
// llvmpipe, e.g. under Xvfb) a swap is the CPU copying the whole frame to the X server, with no
// vertical sync to keep: there GLX_MESA_copy_sub_buffer shows only the damaged rectangles of the
// back buffer and leaves the back buffer as it is, and Mesa's software swap copies too, so the
// back buffer itself keeps the frame and no FBO is needed. A GPU's swap is cheap and synced to
// the display, and a copy into the front buffer could tear: GPUs keep the frame in a KeptFrame
// and swap. The scrolled pixels are moved by the X server (XCopyArea within the window: a
// memmove there, where llvmpipe would shade every pixel of the strip twice), not in the back
// buffer, which then holds the frame less what moved and is shown only in the rectangles drawn
// (display_loop.cpp). Pitfalls of the back buffer: Mesa learns the window's new size only after
// a swap (the frame after it draws into a new, undefined buffer: the window draws everything
// twice after a change of size), and a copy beyond the back buffer is an X error, which ends the
// process: the copy is made only while the window is the size the frame was drawn at.
bool glx_shows_rectangles(GLFWwindow* window);  // the context current
// Moves damage.scrolls within the window, then copies damage.drawn of the back buffer, `width` x
// `height`, to it; false (nothing done) when the window is not that size (being resized: draw
// everything again).
bool glx_show_rectangles(GLFWwindow* window, const PixelDamage& damage, int width, int height);

}  // namespace majlis::platform
