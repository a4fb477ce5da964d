// A screen override's rules (see screen_override.h).
#include "content/screen_override.h"

#include "content/loader.h"

namespace majlis::content {

std::string screen_override_problem(const ScreenOverride& o) {
    if (!o.mode.empty() && o.mode != "lobby" && o.mode != "room" && o.mode != "kiosk" && o.mode != "loop")
        return "\"mode\" is not lobby, room, kiosk or loop";
    if (o.mode == "room" && o.hall.empty()) return "\"mode\" room needs a \"hall\"";
    if (!o.hall.empty() && o.mode != "room") return "\"hall\" is given with mode room only";
    if (!o.hall.empty() && !detail::valid_id(o.hall)) return "\"hall\" is not a hall id";
    if (!o.lang.empty() && !detail::valid_language(o.lang)) return "\"lang\" is not a language code";
    if (!o.power.empty() && o.power != "on" && o.power != "off") return "\"power\" is not on or off";
    return "";
}

}  // namespace majlis::content
