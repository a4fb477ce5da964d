// majlis platform: which monitor the fullscreen display belongs on, as monitors come and go.
//
// At a venue monitors disappear and come back: the TV is switched off at night (its HDMI output
// vanishes) and on again in the morning, a cable is pulled and pushed back, the PC boots before
// the TV is on. The window (window_glfw.cpp) hears of each connect and disconnect through
// GLFW's monitor callback, lists the monitors connected at that moment (GLFW lists the primary
// first) and asks MonitorChoice where to be:
//
//   - the wanted monitor (WindowOptions::monitor, an index at start) whenever it is connected.
//     Once seen, it is recognised by its name, because indices shift as monitors come and go
//     (two identical panels report the same name: the first of them is taken);
//   - otherwise the primary monitor (the first listed), and back to the wanted one as soon as
//     it is connected again;
//   - none when nothing is connected: the window is then windowed and keeps drawing, and goes
//     fullscreen again on the first monitor that connects.
//
// Pure (names in, an index out), so its rules are tested directly (tests/monitor_test.cpp)
// without a display server; the window never keeps a monitor pointer past its disconnect.
#pragma once

#include <string>
#include <vector>

namespace majlis::platform {

struct MonitorChoice {
    int wanted = 0;            // WindowOptions::monitor (0: the primary)
    std::string wanted_name;   // the wanted monitor's name, once it has been connected

    // The index in `connected` (monitor names, the primary first) to be fullscreen on; -1 when
    // nothing is connected.
    int pick(const std::vector<std::string>& connected);
    // Whether the last pick() fell back to the primary because the wanted monitor is absent.
    bool fell_back = false;
};

}  // namespace majlis::platform
