// Display power: a fleet's blank/wake switches the physical display off and on
// (FrameClient::display_on; WindowOptions::display_power says how).
//
// Two ways, from Debian libraries:
//   - "dpms": X11's DPMS extension (libXext) on the window's own X connection. Off enables DPMS
//     where it was disabled (`xset -dpms`: the server refuses to force a level otherwise) and
//     forces DPMSModeOff; on forces DPMSModeOn and disables DPMS again if it was disabled before,
//     so that the server's idle timeouts never start blanking a signage screen by themselves.
//   - "cec": HDMI-CEC through libcec (a Raspberry Pi's HDMI port through the kernel's /dev/cec0,
//     or a Pulse-Eight USB adapter): standby and power-on of the TV (logical address 0). Looking
//     for an adapter and opening it takes seconds, and every CEC command waits for the TV's
//     answer, so all of libcec runs on a thread of its own: the loop only hands it what it wants.
//     The first adapter found is opened once, at start; none found, CEC is not used.
//   - "none": nothing is switched; the screen stays lit and the client draws black.
// Which one (choose_display_power, on its own so that it is tested on its own): "auto" takes CEC
// where an adapter answered, else DPMS where the X server has it, else none. "cec" or "dpms"
// take that one where it is found and none otherwise (logged). While CEC is still being looked
// for, nothing is switched yet (the loop keeps asking; it takes a few seconds once, at start).
//
// The loop calls update() each turn; a change of what the client wants is applied once and
// logged ("display off via dpms"). X servers light a DPMS display up again on any input (a touch
// on a blanked kiosk): while off, the display's state is read back at most every 2 s and forced
// off again, since a blanked screen stays blank until the operator wakes it (or an alert shows:
// then the client wants it on). A display found off at start while the client wants it on (an
// earlier run ended blanked without lighting it again: a crash) is switched on. Failures are
// logged once and change nothing else: the app goes on drawing, and a display that cannot be
// switched just stays lit. The app quitting while blanked lights the display again.
#pragma once

#include <memory>
#include <string>

struct _XDisplay;  // Xlib's Display (the header stays free of Xlib's macros)

namespace majlis {
class Log;
}

namespace majlis::platform {

// How the display's power is switched, from what was found: see the top of this file. `wanted`
// is WindowOptions::display_power; anything but "cec", "dpms" and "none" counts as "auto".
// Returns "cec", "dpms" or "none".
std::string choose_display_power(const std::string& wanted, bool cec_adapter, bool x_dpms);

// One way of switching the display (DPMS, CEC); DisplayPower decides when.
struct PowerSwitch {
    virtual ~PowerSwitch() = default;
    virtual bool set(bool on) = 0;  // false: it did not switch (logged once by DisplayPower)
    // Whether the display is lit now, read back (true where a switch cannot tell).
    virtual bool lit() { return true; }
};

class DisplayPower {
public:
    // `wanted`: WindowOptions::display_power; `x`: the window's X connection, null when not on
    // X11 (no DPMS). Looking for a CEC adapter ("auto", "cec") starts here, on its own thread.
    DisplayPower(const std::string& wanted, _XDisplay* x, Log& log);
    // A given switch under a given name (tests: when the loop switches).
    DisplayPower(std::unique_ptr<PowerSwitch> power_switch, std::string name, Log& log);
    ~DisplayPower();
    DisplayPower(const DisplayPower&) = delete;
    DisplayPower& operator=(const DisplayPower&) = delete;

    // Each turn of the loop: what the client wants and the loop's clock (seconds). True when the
    // display was switched on again just now: the loop draws at once.
    bool update(bool on, double now);
    bool on() const { return on_; }                          // as last switched (LoopStats)
    const std::string& backend() const { return backend_; }  // "cec", "dpms", "none"
    bool choosing() const { return !chosen_; }               // still looking for CEC

    static constexpr double kRecheckSeconds = 2;  // while off: is it lit again by itself?

private:
    struct Cec;
    void choose();
    Log& log_;
    std::string wanted_;
    _XDisplay* x_ = nullptr;
    bool x_dpms_ = false;
    std::unique_ptr<Cec> cec_;  // while looking, and while CEC is used
    std::unique_ptr<PowerSwitch> switch_;
    std::string backend_ = "none";
    bool chosen_ = false;
    bool on_ = true;
    bool started_ = false;  // the first update after the choice is done
    double checked_ = 0;  // when the display's state was last read back
};

// GLFW's X connection (the window's display), null when GLFW does not run on X11.
_XDisplay* glfw_x11_display();

}  // namespace majlis::platform
