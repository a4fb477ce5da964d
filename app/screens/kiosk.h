// The kiosk: what a visitor uses on a touch screen with no keyboard.
//
//   home ──┬── agenda (by day) ── session:ID (speakers, documents) ──┐
//          ├── roster (grid) ──── participant:ID (their sessions) ───┼── document:ID (reader)
//          └── documents ──────── document:ID ───────────────────────┘
//
// Home has three large tiles (Agenda, Participants, Documents) and a language switch that names
// each language in itself (العربية, Русский, English, Тоҷикӣ). Every other screen has Back and
// Home in its top start corner (the arrow points to the start side: ← in a left-to-right
// language, → in a right-to-left one). Lists and the reader scroll by dragging, with inertia
// after a fling. The reader has a table of contents (tap to jump), text size − / + and a scroll
// position bar on the end side. After `idle_timeout_s` without input the app returns to the loop
// (idle_expired) and calls reset(): home, the default language, scroll at the top.
//
// Sizes come from the screen (1 % of its shorter side) and nothing is a fixed pixel size; every
// hit target is at least 9 mm on the glass at KioskConfig::px_per_mm. In a right-to-left
// language the whole layout mirrors — alignment, column order, arrows, the scroll bar — and so
// do the hit areas. Colours are the event's theme (or black and white with high_contrast).
//
// Text is laid out by the engine (cached: a block of the reader is one layout, so scrolling only
// moves where it is drawn) and blocks outside the view are not drawn.
//
// The code, by name: kiosk.cpp (this class, routing), kiosk_gestures.cpp (touch: tap, drag,
// fling, inertia), kiosk_views.cpp (home, agenda, session, roster, participant, documents),
// kiosk_reader.cpp (the reader), kiosk_draw.cpp (the drawing context, icons, the header, scrolled
// panes); kiosk_internal.h is what they share.
#pragma once

#include "screens/screens.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::screens {

struct KioskConfig {
    // Seconds without input after which idle_expired() says to go back to the loop.
    double idle_timeout_s = 90;
    // Pixels per millimetre on the glass, for the 9 mm minimum of hit targets (and the tap and
    // drag thresholds). The default is a 55" 1080p panel (1920 px across 1210 mm). The app
    // computes it from the monitor's physical size when GLFW reports one
    // (glfwGetMonitorPhysicalSize: width px / width mm) and keeps this default otherwise.
    float px_per_mm = 1920.0f / 1210.0f;
};

// Something to tap, as drawn in the last frame: screen px (already mirrored in right-to-left
// languages), clipped to the visible part of a scrolled list.
//   "back", "home"                     header buttons (every screen but home)
//   "agenda", "roster", "documents"    the home tiles
//   "lang:ru"                          the language switch (home)
//   "day:N"                            agenda day tabs (events of more than one day)
//   "session:ID", "participant:ID", "document:ID"   rows, cards and buttons that open that route
//   "toc:N"                            a table of contents entry (N: the heading's block index)
//   "text-", "text+"                   reader text size
struct HitArea {
    std::string id;
    ImVec2 min, max;
    float width() const { return max.x - min.x; }
    float height() const { return max.y - min.y; }
};

class Kiosk {
public:
    explicit Kiosk(KioskConfig config = {});
    ~Kiosk();
    Kiosk(const Kiosk&) = delete;
    Kiosk& operator=(const Kiosk&) = delete;

    // Shows a route: "home", "agenda", "documents", "roster", "session:ID", "participant:ID",
    // "document:ID". Back then leads to the route's parents (session -> agenda -> home).
    // Returns false (and changes nothing) for an unknown route or id.
    bool open(const std::string& route, const content::Event& event);

    // Touch or mouse: a tap (down and up within 10 mm and 0.5 s) activates the hit area under
    // it; a drag scrolls the list or reader under it by the distance dragged; a release while
    // moving flings (inertia, decaying with a time constant of 0.325 s; it stops at the ends
    // without bouncing). Hit areas are the last draw's. Any input restarts the idle timer.
    void input(const PointerEvent& event, const ScreenFrame& frame);

    // Draws the current route and advances the inertia to frame.seconds. The language drawn is
    // lang() when a visitor chose one, else frame.lang (the app's default).
    void draw(const ScreenFrame& frame);

    // Seconds until the picture changes by itself: 0 while scrolling by inertia, else the time
    // until the idle timeout or until the home screen's clock shows the next minute.
    double next_change_in(const ScreenFrame& frame) const;

    // No input for idle_timeout_s before `seconds` (the clock of ScreenFrame::seconds; the timer
    // starts at the first draw after open/reset). The app then shows the loop and calls reset().
    // A finger down counts as input only when it lands and when it moves: a press with no move
    // and no release for idle_timeout_s is taken as lost (a dropped touch release) and expires
    // too; a release that comes after the reset is ignored.
    bool idle_expired(double seconds) const;
    void reset();  // home, the default language, scroll at the top, text size 100 %, no texts held

    const std::string& lang() const;  // the language chosen on the kiosk; "" = the app's default
    std::string route() const;        // "home", "agenda", "session:opening", ...
    std::vector<std::string> history() const;  // routes from home to the current one

    // What tests and the app may look at.
    const std::vector<HitArea>& hit_areas() const;
    const HitArea* hit_area(std::string_view id) const;  // null if not drawn last frame
    float scroll() const;          // px the current screen's main list or reader is scrolled
    float max_scroll() const;      // as of the last draw
    float content_height() const;  // of the main list or reader, px, as of the last draw
    float text_scale() const;      // reader text size, 0.8 .. 1.6
    bool animating() const;        // scrolling by inertia
    // Texts the kiosk keeps from frame to frame: the reader's laid-out blocks and their strong
    // and emphasis spans. reset() lets them go: what one visitor read is not kept for days.
    size_t texts_held() const;
    const KioskConfig& config() const;
    void set_px_per_mm(float px_per_mm);
    void set_idle_timeout(double seconds);  // a screen's role may change it at run time (> 0)

    struct State;

private:
    std::unique_ptr<State> s_;
};

}  // namespace majlis::screens
