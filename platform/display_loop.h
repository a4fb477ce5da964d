// majlis platform: the display's loop, whichever backend shows the frames.
//
// Two backends open the screen: window_glfw.cpp (run_window: X11 or Wayland through GLFW, the
// default) and window_sdl.cpp (run_window_sdl: SDL2, straight on KMS/DRM with no compositor for
// `--platform kms`). They differ in how the window and its GL context are made, how events
// arrive and how a frame is shown; all else is this one loop, which both run:
//   - SIGTERM/SIGINT quit, SIGHUP reloads (signals.h); under systemd READY after the first
//     frame, WATCHDOG while the loop turns, STATUS once a second (service.h);
//   - on_second with the frame rate, report_now, screenshots (capture_wanted / on_capture: the
//     kept frame read before it is shown);
//   - render on demand: a frame when input came, the window was exposed or resized, a picture
//     was decoded, the client's next change is due (next_frame_in) or the display was woken;
//     sleeping in between (at most a quarter second, so that signals are seen promptly);
//   - blank/wake (display_power.h), the rotation (the mount's, or the content's), pointer input
//     turned back into the frame's coordinates, the client's start/stop, the glyph pages and
//     pictures as GL textures;
//   - damage-region rendering (damage.h): the frame is kept -- in an FBO, or in the back buffer
//     of a backend that shows rectangles of it itself (GLX_MESA_copy_sub_buffer) -- and each frame
//     draws only what the client says it changed; everything after an expose, resize, monitor
//     change, wake, a picture decoded, or a new rotation.
// The backend's GL context is current, its ImGui context and both of ImGui's backends (its
// platform part, and the OpenGL3 renderer for `api`) are started when the loop runs; the loop
// ends before any of them goes.
#pragma once

#include "damage.h"
#include "platform.h"

#include <cstdint>
#include <functional>
#include <vector>

struct _XDisplay;

namespace majlis::platform {

// What a backend does for the loop.
struct DisplayBackend {
    virtual ~DisplayBackend() = default;
    // Handles the events that came since the last call, without waiting: pointer input into
    // `pointers`, the operator's chord into `operator_quit`, whatever needs the whole frame drawn
    // again (exposed, resized, a monitor changed) into `redraw`. `frame`: the next frame's index.
    virtual void poll(uint64_t frame) = 0;
    virtual void wait(double seconds) = 0;  // until an event arrives or `seconds` pass
    virtual void wake() = 0;                // any thread: makes wait() return (a picture decoded)
    virtual ImVec2 framebuffer_size() = 0;  // px; 0 x 0: nothing to draw into (minimized)
    virtual double now() = 0;               // seconds, any origin
    virtual float px_per_mm(ImVec2 physical) = 0;  // of the display shown on; 0: unknown
    virtual void new_frame() = 0;           // ImGui's platform backend: its NewFrame
    virtual void swap() = 0;                // shows the back buffer
    // Backends that keep the frame in their back buffer and show rectangles of it (damage.h:
    // GLX_MESA_copy_sub_buffer). show_rectangles moves damage.scrolls on the screen itself (the
    // loop leaves them out of the back buffer) and copies damage.drawn of the width x height back
    // buffer to the screen; false (nothing shown) when the window is no longer that size.
    virtual bool shows_rectangles() { return false; }
    virtual bool show_rectangles(const PixelDamage& damage, int width, int height) { return false; }
    virtual _XDisplay* x_display() { return nullptr; }  // for DPMS; null: not on X11

    GlApi api = GlApi::Desktop;      // the context's (ImGui's renderer was started for it)
    std::vector<Pointer> pointers;   // input since the last frame: physical px, now()'s clock
    bool operator_quit = false;      // Ctrl+Alt+Q
    bool redraw = true;              // draw everything next (exposed, resized, monitors)
};

// Runs `client` on `backend` until the operator quits, a signal or options.max_frames; starts
// the client and stops it before returning. Returns a process exit code.
int run_display_loop(const WindowOptions& options, FrameClient& client, DisplayBackend& backend, Log& log);

// A backend's run_window: `open_and_loop` (open the window, then run_display_loop) with the
// heap kept compact for weeks (heap.h) and any exception logged as the window failing (exit 1).
int run_window_guarded(const std::function<int()>& open_and_loop, Log& log);

// client.stop(), from a session's destructor: whatever it throws is logged, not thrown on.
void stop_client(FrameClient& client, Log& log);

}  // namespace majlis::platform
