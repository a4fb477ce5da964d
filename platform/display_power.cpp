// Display power: DPMS (libXext), HDMI-CEC (libcec) and when the loop switches (display_power.h).
#include "display_power.h"

#include "core/log.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>  // (X11/Xlib.h)
#include <X11/extensions/dpms.h>
#include <libcec/cec.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace majlis::platform {

std::string choose_display_power(const std::string& wanted, bool cec_adapter, bool x_dpms) {
    if (wanted == "none") return "none";
    if (wanted == "cec") return cec_adapter ? "cec" : "none";
    if (wanted == "dpms") return x_dpms ? "dpms" : "none";
    return cec_adapter ? "cec" : x_dpms ? "dpms" : "none";
}

_XDisplay* glfw_x11_display() { return glfwGetX11Display(); }

namespace {

// Xlib's default error handler ends the process; an X error of ours (a server that refuses a
// DPMS request) must not. Errors are counted while `calls` runs (on this thread), then the
// handler that was there (GLFW's, Xlib's) is put back. Xlib's handlers take no user pointer.
thread_local int x_errors = 0;

int count_x_error(Display*, XErrorEvent*) {
    ++x_errors;
    return 0;
}

template <class Calls>
bool without_x_errors(Display* x, Calls calls) {
    XSync(x, False);  // earlier requests' errors go to the handler they were meant for
    x_errors = 0;
    XErrorHandler previous = XSetErrorHandler(count_x_error);
    const bool done = calls();
    XSync(x, False);
    XSetErrorHandler(previous);
    return done && x_errors == 0;
}

// DPMS on an X connection (see display_power.h).
struct DpmsSwitch : PowerSwitch {
    explicit DpmsSwitch(Display* x) : x_(x) {}

    static bool available(Display* x) {
        int event_base = 0, error_base = 0;
        return x && DPMSQueryExtension(x, &event_base, &error_base) && DPMSCapable(x);
    }

    bool set(bool on) override {
        return without_x_errors(x_, [&] {
            if (on) {
                off_ = false;
                return DPMSForceLevel(x_, DPMSModeOn) && (enabled_before_ || DPMSDisable(x_));
            }
            CARD16 level = 0;
            BOOL enabled = False;
            if (!DPMSInfo(x_, &level, &enabled)) return false;
            if (!off_) enabled_before_ = enabled;  // (not when forcing off again: we enabled it)
            off_ = true;
            return (enabled || DPMSEnable(x_)) && DPMSForceLevel(x_, DPMSModeOff);
        });
    }

    bool lit() override {
        CARD16 level = 0;
        BOOL enabled = False;
        bool lit = false;
        without_x_errors(x_, [&] {
            lit = DPMSInfo(x_, &level, &enabled) && (!enabled || level == DPMSModeOn);
            return true;
        });
        return lit;
    }

    Display* x_;
    bool off_ = false;            // forced off by us
    bool enabled_before_ = true;  // DPMS was enabled before we forced the display off
};

}  // namespace

// HDMI-CEC: libcec on its own thread (see display_power.h). The thread looks for adapters and
// opens the first, then sends what set() last asked until the object goes; the one asked last
// is sent even then (the destructor's wake).
struct DisplayPower::Cec : PowerSwitch {
    explicit Cec(Log& log) : log_(log), worker_([this] { run(); }) {}

    ~Cec() override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            quit_ = true;
        }
        changed_.notify_all();
        worker_.join();
    }

    bool set(bool on) override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            wanted_ = on;
        }
        changed_.notify_all();
        return true;  // what the TV did is logged by the thread
    }

    bool looked() {
        std::lock_guard<std::mutex> lock(mutex_);
        return looked_;
    }
    bool found() {
        std::lock_guard<std::mutex> lock(mutex_);
        return found_;
    }

private:
    // Opens the first adapter libcec finds (a quick scan: the kernel's /dev/cec*, USB adapters).
    bool open_first_adapter(CEC::ICECAdapter* cec, std::string& port) {
        CEC::cec_adapter_descriptor adapters[4];
        const int8_t count = cec->DetectAdapters(adapters, 4, nullptr, true);
        if (count <= 0) {
            log_.info("platform", "display power: no HDMI-CEC adapter found");
            return false;
        }
        port = adapters[0].strComName;
        if (!cec->Open(port.c_str(), kOpenTimeoutMs)) {
            log_.warning("platform", "display power: cannot open the HDMI-CEC adapter " + port +
                                         " (on a Raspberry Pi, is the user in group video?)");
            return false;
        }
        log_.info("platform", "display power: HDMI-CEC adapter " + port + " opened");
        return true;
    }

    void run() {
        CEC::libcec_configuration config;
        config.Clear();
        std::snprintf(config.strDeviceName, sizeof config.strDeviceName, "majlis");
        config.clientVersion = CEC::LIBCEC_VERSION_CURRENT;
        config.bActivateSource = 0;  // the TV's input is not taken over at start
        config.deviceTypes.Add(CEC::CEC_DEVICE_TYPE_PLAYBACK_DEVICE);
        CEC::ICECAdapter* cec = CECInitialise(&config);
        if (!cec) log_.warning("platform", "display power: libcec did not start");
        std::string port;
        const bool open = cec && open_first_adapter(cec, port);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            looked_ = true;
            found_ = open;
        }
        std::optional<bool> sent;
        for (std::unique_lock<std::mutex> lock(mutex_); open;) {
            changed_.wait(lock, [&] { return quit_ || wanted_ != sent; });
            if (wanted_ == sent) break;  // quit, nothing left to send
            const bool on = *wanted_;
            lock.unlock();
            // Standby and power on of the TV (logical address 0); on wake the TV also shows our input.
            const bool done = on ? cec->PowerOnDevices(CEC::CECDEVICE_TV) && cec->SetActiveSource()
                                 : cec->StandbyDevices(CEC::CECDEVICE_TV);
            if (!done)
                log_.once(LogLevel::Warning, "platform",
                          std::string("display power: the TV did not answer HDMI-CEC ") + (on ? "power on" : "standby"));
            lock.lock();
            sent = on;
        }
        if (open) cec->Close();
        if (cec) CECDestroy(cec);
    }

    static constexpr uint32_t kOpenTimeoutMs = 5000;
    Log& log_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool looked_ = false, found_ = false, quit_ = false;
    std::optional<bool> wanted_;  // what set() asked last
    std::thread worker_;          // last: starts once the rest is ready
};

DisplayPower::DisplayPower(const std::string& wanted, _XDisplay* x, Log& log) : log_(log), wanted_(wanted), x_(x) {
    // Only what this choice could take is looked for (no CEC for "dpms", no DPMS for "cec").
    if (choose_display_power(wanted, false, true) == "dpms") x_dpms_ = DpmsSwitch::available(x);
    if (choose_display_power(wanted, true, false) == "cec") cec_ = std::make_unique<Cec>(log);
    choose();
}

DisplayPower::DisplayPower(std::unique_ptr<PowerSwitch> power_switch, std::string name, Log& log)
    : log_(log), switch_(std::move(power_switch)), backend_(std::move(name)), chosen_(true) {}

DisplayPower::~DisplayPower() {
    // Leave the display as it was found: lit (and, under X, DPMS enabled or not as before).
    if (!on_ && switch_) switch_->set(true);
}

void DisplayPower::choose() {
    if (chosen_ || (cec_ && !cec_->looked())) return;
    backend_ = choose_display_power(wanted_, cec_ && cec_->found(), x_dpms_);
    if (backend_ == "cec") {
        switch_ = std::move(cec_);
    } else {
        cec_.reset();
        if (backend_ == "dpms") switch_ = std::make_unique<DpmsSwitch>(x_);
    }
    chosen_ = true;
    if (backend_ != "none")
        log_.info("platform", "display power: blank/wake via " + backend_);
    else if (wanted_ == "cec" || wanted_ == "dpms")
        log_.warning("platform", "display power: no " + std::string(wanted_ == "cec" ? "HDMI-CEC adapter" : "DPMS in the X server") +
                                     " (--display-power " + wanted_ + "): a blanked screen stays lit, drawn black");
}

bool DisplayPower::update(bool on, double now) {
    choose();
    if (!chosen_) return false;  // still looking for CEC: applied once chosen
    if (!started_) {
        started_ = true;
        if (on && switch_ && !switch_->lit()) {
            log_.info("platform", "display found off at start: switched on via " + backend_);
            if (!switch_->set(true))
                log_.once(LogLevel::Warning, "platform", "display power: " + backend_ + " did not switch the display on");
            return true;
        }
    }
    if (on == on_) {
        if (!on && switch_ && now - checked_ >= kRecheckSeconds) {
            checked_ = now;
            if (switch_->lit()) {
                log_.once(LogLevel::Info, "platform", "display lit again by itself (input?): switched off again via " + backend_);
                if (!switch_->set(false))
                    log_.once(LogLevel::Warning, "platform", "display power: " + backend_ + " did not switch the display off");
            }
        }
        return false;
    }
    on_ = on;
    checked_ = now;
    const std::string what = on ? "on" : "off";
    if (switch_ && !switch_->set(on))
        log_.once(LogLevel::Warning, "platform", "display power: " + backend_ + " did not switch the display " + what);
    log_.info("platform", "display " + what + " via " + backend_);
    return on;
}

}  // namespace majlis::platform
