// An X server that has DPMS, for display_power_test: no X server of Debian's offers the DPMS
// extension without a display that can switch power (Xvfb, Xephyr, Xvnc and Xorg's dummy driver
// do not), so this one speaks just enough of the X11 protocol (X Window System Protocol, X11R7;
// DPMS Extension 1.1) for Xlib and libXext to connect and use DPMS: the connection setup (one
// 24-bit TrueColor screen), QueryExtension (DPMS only), GetProperty (nothing: no resources),
// GetInputFocus (XSync's round trip), and DPMS's GetVersion, Capable, GetTimeouts, SetTimeouts,
// Enable, Disable, ForceLevel and Info, with the server's rules: ForceLevel while DPMS is disabled
// is a BadMatch error, as on Xorg. Any other request is answered as a request without a reply.
//
// It listens on an abstract Unix socket "/tmp/.X11-unix/X<n>" (where libxcb looks first on
// Linux; nothing on disk), `display` is ":<n>". What clients did is in the public fields, under
// `mutex`; `refuse_force` makes every ForceLevel a BadMatch (a server that will not).
#pragma once

#include <X11/extensions/dpmsconst.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace majlis::testing {

class DpmsXServer {
public:
    std::mutex mutex;
    bool enabled = false;               // DPMS enabled (`xset +dpms`)
    uint16_t level = DPMSModeOn;        // the display's power level
    int forced = 0;                     // ForceLevel requests obeyed
    bool refuse_force = false;
    std::string display;                // ":<n>", empty when no socket could be bound

    DpmsXServer() {
        for (int n = 700 + int(getpid() % 200), tries = 0; tries < 200 && display.empty(); ++n, ++tries) {
            listener_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_un address{};
            address.sun_family = AF_UNIX;
            const std::string path = "/tmp/.X11-unix/X" + std::to_string(n);
            std::memcpy(address.sun_path + 1, path.data(), path.size());  // abstract: sun_path[0] = 0
            const socklen_t size = socklen_t(offsetof(sockaddr_un, sun_path) + 1 + path.size());
            if (bind(listener_, (sockaddr*)&address, size) == 0 && listen(listener_, 8) == 0) {
                display = ":" + std::to_string(n);
            } else {
                close(listener_);
                listener_ = -1;
            }
        }
        if (listener_ >= 0) accepting_ = std::thread([this] { accept_clients(); });
    }

    ~DpmsXServer() {
        if (listener_ >= 0) shutdown(listener_, SHUT_RDWR);
        if (accepting_.joinable()) accepting_.join();
        {
            std::lock_guard<std::mutex> lock(mutex);
            for (int fd : clients_) shutdown(fd, SHUT_RDWR);
        }
        for (std::thread& t : serving_) t.join();
        for (int fd : clients_) close(fd);
        if (listener_ >= 0) close(listener_);
    }

private:
    void accept_clients() {
        for (;;) {
            const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) return;
            std::lock_guard<std::mutex> lock(mutex);
            clients_.push_back(fd);
            serving_.emplace_back([this, fd] { serve(fd); });
        }
    }

    static bool read_all(int fd, void* data, size_t size) {
        for (size_t done = 0; done < size;) {
            const ssize_t n = read(fd, (char*)data + done, size - done);
            if (n <= 0) return false;
            done += size_t(n);
        }
        return true;
    }
    static void put16(std::vector<uint8_t>& b, size_t at, uint16_t v) { std::memcpy(&b[at], &v, 2); }
    static void add16(std::vector<uint8_t>& b, uint16_t v) { b.insert(b.end(), {uint8_t(v), uint8_t(v >> 8)}); }
    static void add32(std::vector<uint8_t>& b, uint32_t v) {
        add16(b, uint16_t(v));
        add16(b, uint16_t(v >> 16));
    }

    // The connection setup's success reply: one 640x480 screen, depth 24, one TrueColor visual.
    static std::vector<uint8_t> setup_reply() {
        const std::string vendor = "majlis test";
        std::vector<uint8_t> d;
        add32(d, 1);           // release
        add32(d, 0x00200000);  // resource id base
        add32(d, 0x001fffff);  // resource id mask
        add32(d, 0);           // motion buffer
        add16(d, uint16_t(vendor.size()));
        add16(d, 0xffff);      // maximum request length
        d.insert(d.end(), {1, 2, 0, 0, 32, 32, 8, 255, 0, 0, 0, 0});  // screens, formats, orders, keycodes
        d.insert(d.end(), vendor.begin(), vendor.end());
        d.resize((d.size() + 3) / 4 * 4);
        d.insert(d.end(), {1, 1, 32, 0, 0, 0, 0, 0, 24, 32, 32, 0, 0, 0, 0, 0});  // pixmap formats
        add32(d, 0x100);       // root window
        add32(d, 0x20);        // default colormap
        add32(d, 0xffffff);    // white
        add32(d, 0);           // black
        add32(d, 0);           // input masks
        for (uint16_t v : {640, 480, 169, 127, 1, 1}) add16(d, v);  // px, mm, colormaps
        add32(d, 0x21);        // root visual
        d.insert(d.end(), {0, 0, 24, 1});  // backing stores, save unders, root depth, depths
        d.insert(d.end(), {24, 0});
        add16(d, 1);
        add32(d, 0);
        add32(d, 0x21);
        d.insert(d.end(), {4, 8});  // TrueColor, 8 bits per rgb
        add16(d, 256);
        for (uint32_t mask : {0xff0000u, 0x00ff00u, 0x0000ffu, 0u}) add32(d, mask);
        std::vector<uint8_t> reply = {1, 0};  // success
        for (uint16_t v : {11, 0, int(d.size() / 4)}) add16(reply, v);  // protocol 11.0, length
        for (uint8_t byte : d) reply.push_back(byte);
        return reply;
    }

    static constexpr uint8_t kDpmsOpcode = 200;

    void serve(int fd) {
        uint8_t prefix[12];
        if (!read_all(fd, prefix, 12) || prefix[0] != 'l') return;  // little-endian clients only
        uint16_t name = 0, data = 0;
        std::memcpy(&name, prefix + 6, 2);
        std::memcpy(&data, prefix + 8, 2);
        std::vector<uint8_t> auth((name + 3) / 4 * 4 + (data + 3) / 4 * 4);
        if (!auth.empty() && !read_all(fd, auth.data(), auth.size())) return;
        const std::vector<uint8_t> setup = setup_reply();
        if (write(fd, setup.data(), setup.size()) != ssize_t(setup.size())) return;
        for (uint16_t sequence = 1;; ++sequence) {
            uint8_t header[4];
            if (!read_all(fd, header, 4)) return;
            uint16_t length = 0;
            std::memcpy(&length, header + 2, 2);
            std::vector<uint8_t> body(length > 0 ? size_t(length) * 4 - 4 : 0);
            if (!body.empty() && !read_all(fd, body.data(), body.size())) return;
            std::vector<uint8_t> out = answer(header[0], header[1], body);
            if (out.empty()) continue;
            put16(out, 2, sequence);
            if (write(fd, out.data(), out.size()) != ssize_t(out.size())) return;
        }
    }

    // A reply (32 bytes), an error, or nothing.
    std::vector<uint8_t> answer(uint8_t opcode, uint8_t minor, const std::vector<uint8_t>& body) {
        std::vector<uint8_t> reply(32);
        reply[0] = 1;
        if (opcode == 98) {  // QueryExtension
            uint16_t n = 0;
            std::memcpy(&n, body.data(), 2);
            const bool dpms = std::string((const char*)body.data() + 4, n) == "DPMS";
            reply[8] = dpms;
            reply[9] = dpms ? kDpmsOpcode : 0;
            return reply;
        }
        if (opcode == 20 || opcode == 43) return reply;  // GetProperty: none; GetInputFocus: none
        if (opcode != kDpmsOpcode) return {};
        std::lock_guard<std::mutex> lock(mutex);
        switch (minor) {
            case 0: put16(reply, 8, 1), put16(reply, 10, 1); return reply;  // GetVersion 1.1
            case 1: reply[8] = 1; return reply;                             // Capable
            case 2: return reply;                                           // GetTimeouts: 0 0 0
            case 4: enabled = true; return {};
            case 5: enabled = false; return {};
            case 6: {                                                       // ForceLevel
                if (!enabled || refuse_force) {
                    std::vector<uint8_t> error(32);
                    error[1] = 8;  // BadMatch
                    put16(error, 8, minor);
                    error[10] = kDpmsOpcode;
                    return error;
                }
                std::memcpy(&level, body.data(), 2);
                ++forced;
                return {};
            }
            case 7: put16(reply, 8, level), reply[10] = enabled; return reply;  // Info
            default: return {};                                             // SetTimeouts
        }
    }

    int listener_ = -1;
    std::thread accepting_;
    std::vector<int> clients_;
    std::vector<std::thread> serving_;
};

}  // namespace majlis::testing
