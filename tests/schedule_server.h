// A real HTTP server for schedule exports (content/schedule_fetch.h), in the test's process:
// cpp-httplib on a free loopback port. Used by schedule_fetch_test and by the hub's tests (a
// hub following a schedule URL).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace majlis::testing {

// Serves one export at /schedule.xml; its ETag is the export's size and hash, If-None-Match
// answered with 304. `status` other than 200 answers that status with no export.
class ScheduleServer {
public:
    explicit ScheduleServer(std::string body) : body_(std::move(body)) {
        server_.Get("/schedule.xml", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            if (req.has_header("X-Injected")) ++injected_;
            if (status_ != 200) {
                res.status = status_;
                return;
            }
            const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body_)) + "\"";
            res.set_header("ETag", etag);
            if (req.get_header_value("If-None-Match") == etag) {
                ++not_modified_;
                res.status = 304;
                return;
            }
            ++sent_;
            res.set_content(body_, "application/xml");
        });
        server_.Get("/moved", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/schedule.xml"); });
        server_.Get("/loop", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop"); });
        port_ = server_.bind_to_any_port("127.0.0.1");
        EXPECT_GT(port_, 0) << "cannot listen on loopback";
        if (port_ <= 0) return;
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~ScheduleServer() { stop(); }
    void stop() {
        if (!thread_.joinable()) return;
        server_.stop();
        thread_.join();
    }
    std::string url(const std::string& path = "/schedule.xml") const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }
    void serve(std::string body, int status = 200) {
        std::lock_guard lock(mutex_);
        body_ = std::move(body);
        status_ = status;
    }
    void answer(int status) {
        std::lock_guard lock(mutex_);
        status_ = status;
    }
    int sent() {
        std::lock_guard lock(mutex_);
        return sent_;
    }
    int not_modified() {
        std::lock_guard lock(mutex_);
        return not_modified_;
    }
    int injected() {
        std::lock_guard lock(mutex_);
        return injected_;
    }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    std::string body_;
    int status_ = 200, sent_ = 0, not_modified_ = 0, injected_ = 0;
};

}  // namespace majlis::testing
