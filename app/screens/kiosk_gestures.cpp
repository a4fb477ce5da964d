// The kiosk's touch (kiosk_internal.h): a press, a tap on the hit area under it (down and up on
// the same target within 10 mm and 0.5 s), a drag that scrolls the pane under it, the release
// velocity of a fling and its inertia, which decays until the pane's end or until it is slow.
// Hit areas are the last frame's (recorded by Ctx::hit as the screens draw).
#include "screens/kiosk_internal.h"

#include <algorithm>
#include <cmath>

namespace majlis::screens {

using namespace kiosk;

void Kiosk::input(const PointerEvent& e, const ScreenFrame& frame) {
    State& s = *s_;
    const float mm = s.config.px_per_mm > 0 ? s.config.px_per_mm : 1.0f;
    s.last_activity = e.seconds;
    auto hit_at = [&](ImVec2 p) -> Target {
        for (auto it = s.hits.rbegin(); it != s.hits.rend(); ++it)
            if (p.x >= it->min.x && p.x < it->max.x && p.y >= it->min.y && p.y < it->max.y) return it->target;
        return {};
    };
    switch (e.kind) {
    case PointerEvent::Kind::Down: {
        s.press = State::Press{};
        s.press.active = true;
        s.press.down = e.pos;
        s.press.t0 = e.seconds;
        s.press.hit = hit_at(e.pos);
        // A touch stops a fling; that touch is not a tap.
        if (s.fling.active && std::abs(s.fling.v) > kFlingMinMmS * mm) s.press.caught = true;
        s.fling.active = false;
        for (int i = 0; i < 2; ++i)
            if (s.panes[i].contains(e.pos)) s.press.pane = i;
        if (s.press.pane >= 0) s.press.scroll0 = s.top().scroll[s.press.pane];
        s.press.samples.push_back({e.seconds, e.pos.y});
        break;
    }
    case PointerEvent::Kind::Move: {
        if (!s.press.active) break;
        const float dx = e.pos.x - s.press.down.x, dy = e.pos.y - s.press.down.y;
        if (!s.press.dragging && std::sqrt(dx * dx + dy * dy) > kTapSlopMm * mm) s.press.dragging = true;
        if (s.press.dragging && s.press.pane >= 0) {
            const State::Pane& pane = s.panes[s.press.pane];
            s.top().scroll[s.press.pane] = std::clamp(s.press.scroll0 - dy, 0.0f, pane.max_scroll());
        }
        s.press.samples.push_back({e.seconds, e.pos.y});
        while (s.press.samples.size() > 2 && s.press.samples.front().first < e.seconds - 4 * kVelocityWindow)
            s.press.samples.pop_front();
        break;
    }
    case PointerEvent::Kind::Up: {
        if (!s.press.active) break;
        State::Press p = std::move(s.press);
        s.press = State::Press{};
        const float dx = e.pos.x - p.down.x, dy = e.pos.y - p.down.y;
        const bool moved = p.dragging || std::sqrt(dx * dx + dy * dy) > kTapSlopMm * mm;
        if (!moved && !p.caught && e.seconds - p.t0 <= kTapMaxSeconds) {
            const Target t = hit_at(e.pos);
            if (t.kind != Target::Kind::None && t == p.hit) s.activate(t, frame.event);
            break;
        }
        if (!p.dragging || p.pane < 0) break;
        const State::Pane& pane = s.panes[p.pane];
        s.top().scroll[p.pane] = std::clamp(p.scroll0 - dy, 0.0f, pane.max_scroll());
        // Release velocity over the last 100 ms of movement; a finger that stopped does not fling.
        p.samples.push_back({e.seconds, e.pos.y});
        const auto& last = p.samples.back();
        const std::pair<double, float>* first = nullptr;
        for (const auto& smp : p.samples)
            if (smp.first >= last.first - kVelocityWindow) {
                first = &smp;
                break;
            }
        if (!first || last.first - first->first < 1e-3) break;
        // Samples at the same spot up to the release: the finger rested.
        const float v = float((last.second - first->second) / (last.first - first->first));
        if (std::abs(v) < kFlingMinMmS * mm) break;
        const float vmax = 8.0f * std::max(frame.size.x, frame.size.y);
        s.fling.active = true;
        s.fling.pane = p.pane;
        s.fling.v = std::clamp(-v, -vmax, vmax);
        s.fling.t = e.seconds;
        break;
    }
    }
}

// Inertia up to this frame: v(t) = v0 e^(-t/tau), distance v0 tau (1 - e^(-t/tau)).
void kiosk::advance_fling(State& s, double seconds) {
    if (s.fling.active) {
        const double dt = seconds - s.fling.t;
        if (dt > 0) {
            const double decay = std::exp(-dt / kFlingTau);
            const State::Pane& pane = s.panes[s.fling.pane];
            float& scroll = s.top().scroll[s.fling.pane];
            const float next = scroll + float(s.fling.v * kFlingTau * (1 - decay));
            scroll = std::clamp(next, 0.0f, pane.max_scroll());
            s.fling.v = float(s.fling.v * decay);
            s.fling.t = seconds;
            if (scroll != next || std::abs(s.fling.v) < kFlingStopMmS * s.config.px_per_mm) s.fling.active = false;
        }
    }
}

}  // namespace majlis::screens
