// majlis platform: the SDL2 backend's decisions (window_sdl.cpp), as plain functions tested
// without a display (tests/sdl_display_test.cpp): which display and mode, and which events are
// the visitors' touches and the operator's chord.
//
// Display and mode. SDL lists the displays it drives (on KMS/DRM: each connected connector) with
// their names; the fullscreen window goes on the one MonitorChoice picks (monitor_choice.h: the
// --monitor index, recognised by its name, else the primary). Its mode is the one the display
// shows now -- SDL's desktop mode: on KMS the CRTC's mode, or the connector's preferred one
// when nothing was lit yet -- so the mode is not switched and the TV does not blink. A display
// that reports no current mode (a driver without one) gets its largest mode (area, then refresh).
//
// Input. A touch screen under KMS arrives through SDL's evdev as finger events with coordinates
// normalized to 0..1 across the panel, i.e. across the framebuffer; a mouse (or a touch screen
// that X11 turns into one) as mouse events in window coordinates, which differ from the
// framebuffer's px on a scaled desktop. Both become Pointer events in physical px; the loop then
// undoes the rotation as for GLFW. One pointer at a time: the first finger down holds it until it
// lifts, and other fingers meanwhile are ignored (the kiosk is driven by one finger; a palm or a
// second hand must not jump it). SDL also turns touches into mouse events of its own
// (SDL_TOUCH_MOUSEID): those are dropped, or every tap would count twice.
//
// The operator's chord is Ctrl+Alt+Q by key position (the scancode, whatever the layout), as in
// the GLFW window.
#pragma once

#include "platform.h"

#include <SDL2/SDL_events.h>

#include <optional>
#include <vector>

namespace majlis::platform {

struct VideoMode {
    int width = 0, height = 0, refresh = 0;  // refresh in Hz, 0: unknown
    bool operator==(const VideoMode&) const = default;
};

// The mode to show: `current` (the display's desktop mode) when it has a size, else the largest
// of `modes` (area, then refresh); 0 x 0 when there is none at all.
VideoMode choose_video_mode(VideoMode current, const std::vector<VideoMode>& modes);

// SDL's events to Pointer events (physical px, before rotation), holding one pointer at a time.
struct PointerMapper {
    // `window`: the window's size in SDL's coordinates (mouse events), `pixels`: its framebuffer's
    // in px. Nothing for events that are not the pointer's (keys, a second finger, other buttons,
    // SDL's mouse events made from touches, moves with nothing pressed).
    std::optional<Pointer> map(const SDL_Event& event, ImVec2 window, ImVec2 pixels, double time);

    bool pressed() const { return finger.has_value() || mouse; }

private:
    std::optional<SDL_FingerID> finger;  // the finger holding the pointer
    SDL_TouchID touch = 0;               // ... on this touch device
    bool mouse = false;                  // the left mouse button holds it
};

// Ctrl+Alt+Q pressed (by scancode, whatever the layout; not a key repeat).
bool operator_chord(const SDL_Event& event);

}  // namespace majlis::platform
