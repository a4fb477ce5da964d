#include "monitor_choice.h"

#include <algorithm>

namespace majlis::platform {

int MonitorChoice::pick(const std::vector<std::string>& connected) {
    fell_back = false;
    if (connected.empty()) return -1;
    if (!wanted_name.empty()) {
        auto it = std::find(connected.begin(), connected.end(), wanted_name);
        if (it != connected.end()) return int(it - connected.begin());
    } else if (wanted >= 0 && wanted < int(connected.size())) {
        wanted_name = connected[size_t(wanted)];
        return wanted;
    }
    fell_back = true;
    return 0;
}

}  // namespace majlis::platform
