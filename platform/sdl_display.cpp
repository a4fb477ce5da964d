#include "sdl_display.h"

#include <algorithm>

namespace majlis::platform {

VideoMode choose_video_mode(VideoMode current, const std::vector<VideoMode>& modes) {
    if (current.width > 0 && current.height > 0) return current;
    VideoMode best;
    for (const VideoMode& m : modes) {
        const long area = long(m.width) * m.height, best_area = long(best.width) * best.height;
        if (m.width > 0 && m.height > 0 && (area > best_area || (area == best_area && m.refresh > best.refresh)))
            best = m;
    }
    return best;
}

std::optional<Pointer> PointerMapper::map(const SDL_Event& e, ImVec2 window, ImVec2 pixels, double time) {
    auto from_finger = [&](const SDL_TouchFingerEvent& f) {
        return ImVec2(std::clamp(f.x, 0.0f, 1.0f) * pixels.x, std::clamp(f.y, 0.0f, 1.0f) * pixels.y);
    };
    auto from_mouse = [&](int x, int y) {
        return ImVec2(window.x > 0 ? float(x) * pixels.x / window.x : float(x),
                      window.y > 0 ? float(y) * pixels.y / window.y : float(y));
    };
    switch (e.type) {
    case SDL_FINGERDOWN:
        if (pressed()) return std::nullopt;  // a second finger
        finger = e.tfinger.fingerId;
        touch = e.tfinger.touchId;
        return Pointer{Pointer::Kind::Down, from_finger(e.tfinger), time};
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        if (!finger || *finger != e.tfinger.fingerId || touch != e.tfinger.touchId) return std::nullopt;
        if (e.type == SDL_FINGERUP) finger.reset();
        return Pointer{e.type == SDL_FINGERUP ? Pointer::Kind::Up : Pointer::Kind::Move, from_finger(e.tfinger), time};
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return std::nullopt;
        if (e.type == SDL_MOUSEBUTTONDOWN) {
            if (pressed()) return std::nullopt;
            mouse = true;
            return Pointer{Pointer::Kind::Down, from_mouse(e.button.x, e.button.y), time};
        }
        if (!mouse) return std::nullopt;
        mouse = false;
        return Pointer{Pointer::Kind::Up, from_mouse(e.button.x, e.button.y), time};
    case SDL_MOUSEMOTION:
        if (e.motion.which == SDL_TOUCH_MOUSEID || !mouse) return std::nullopt;
        return Pointer{Pointer::Kind::Move, from_mouse(e.motion.x, e.motion.y), time};
    default:
        return std::nullopt;
    }
}

bool operator_chord(const SDL_Event& e) {
    if (e.type != SDL_KEYDOWN || e.key.repeat || e.key.keysym.scancode != SDL_SCANCODE_Q) return false;
    const Uint16 mod = e.key.keysym.mod;
    return (mod & KMOD_CTRL) && (mod & KMOD_ALT);
}

}  // namespace majlis::platform
