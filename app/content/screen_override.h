// A screen override: what an operator sets on a screen (or a group, or the whole venue) for a
// while -- a kiosk turned into a hall sign for the afternoon, a lobby in Russian for a
// delegation, every screen blanked for the night -- over the screen's own settings (its command
// line: DisplayOptions). It comes signed over the fleet (fleet/control.h, kind "override"), is
// merged there from the screen's topics (merge_screen_overrides) and handed to the display app
// (DisplayApp::set_override), which knows nothing of the fleet.
//
// Every field may be empty: that field is the screen's own setting. So the empty override is
// "back to the screen's own settings". mode and hall go together: "room" needs a hall and a hall
// is given with "room" only (a lobby, kiosk or loop shows the whole venue).
#pragma once

#include <string>

namespace majlis::content {

struct ScreenOverride {
    std::string mode;   // "" or lobby, room, kiosk, loop
    std::string hall;   // mode room: the hall's id (content's valid_id)
    std::string lang;   // "" or a language code the event should have
    std::string power;  // "" or on, off (off: the screen draws black and its display sleeps)

    bool empty() const { return mode.empty() && hall.empty() && lang.empty() && power.empty(); }
    bool operator==(const ScreenOverride&) const = default;
};

// What is wrong with an override ("" nothing): a mode, power or language code that is not one,
// a hall that is not a content id, "room" without a hall or a hall without "room". Whether the
// hall or the language is the event's is the screen's to see (it keeps its own then).
std::string screen_override_problem(const ScreenOverride& o);

}  // namespace majlis::content
