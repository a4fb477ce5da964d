// The fleet tests' harness (see broker.h).
#include "fleet/broker.h"

#include "test_support.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace majlis::testing {

namespace {

constexpr const char* kMosquitto = "/usr/sbin/mosquitto";
constexpr const char* kMosquittoPasswd = "/usr/bin/mosquitto_passwd";

// The ACL of docs/fleet.md, word for word.
constexpr const char* kAcl =
    "user hub\n"
    "topic readwrite majlis/#\n"
    "\n"
    "pattern read majlis/+/bundle\n"
    "pattern read majlis/+/screens/%u/command\n"
    "pattern read majlis/+/groups/+/command\n"
    "pattern read majlis/+/alert\n"
    "pattern read majlis/+/groups/+/alert\n"
    "pattern read majlis/+/screens/%u/alert\n"
    "pattern read majlis/+/live\n"
    "pattern read majlis/+/groups/+/live\n"
    "pattern read majlis/+/screens/%u/live\n"
    "pattern read majlis/+/override\n"
    "pattern read majlis/+/groups/+/override\n"
    "pattern read majlis/+/screens/%u/override\n"
    "pattern write majlis/+/screens/%u/status\n";

}  // namespace

int free_loopback_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

bool accepts_connections(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(uint16_t(port));
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
}

namespace {

std::string random_password() {
    std::random_device random;
    std::ostringstream out;
    for (int i = 0; i < 4; ++i) out << std::hex << random();
    return out.str();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

// ---------------------------------------------------------------------------------------------

XServer::XServer(const TempFolder& tmp)
    : process(std::make_unique<ChildProcess>(
          std::vector<std::string>{"/usr/bin/Xvfb", "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"},
          tmp / "xvfb.log")) {
    eventually(
        [&] {
            std::ifstream in(tmp / "xvfb.log");
            std::stringstream text;
            text << in.rdbuf();
            std::istringstream lines(text.str());
            for (std::string line; std::getline(lines, line);)
                if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos && !lines.eof())
                    display = ":" + line;
            return !display.empty();
        },
        std::chrono::seconds(20));
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& output) {
    pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);  // the parent died before prctl
        int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
}

ChildProcess::~ChildProcess() {
    if (running()) stop(SIGKILL);
}

bool ChildProcess::running() {
    if (pid_ <= 0) return false;
    if (waitpid(pid_, &status_, WNOHANG) == 0) return true;
    pid_ = -1;
    return false;
}

void ChildProcess::signal(int sig) {
    if (pid_ > 0) kill(pid_, sig);
}

int ChildProcess::stop(int sig, std::chrono::milliseconds timeout) {
    if (!running()) return status_;
    kill(pid_, sig);
    if (sig == SIGSTOP) kill(pid_, SIGCONT);  // a stopped child must be able to act on `sig`
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (running()) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
        pid_ = -1;
    }
    return status_;
}

// ---------------------------------------------------------------------------------------------

Broker::Broker(const std::vector<std::string>& users) : folder_(std::make_unique<TempFolder>("majlis-broker")) {
    const std::string passwords = *folder_ / "passwords";
    bool first = true;
    for (const auto& user : users) {
        passwords_[user] = random_password();
        std::vector<std::string> argv{kMosquittoPasswd};
        if (first) argv.push_back("-c");
        argv.insert(argv.end(), {"-b", passwords, user, passwords_[user]});
        ChildProcess tool(argv, *folder_ / "mosquitto_passwd.log");
        int status = tool.stop(0, std::chrono::seconds(10));  // signal 0: only wait
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            ADD_FAILURE() << "mosquitto_passwd failed for " << user << ": " << read_file(*folder_ / "mosquitto_passwd.log");
        first = false;
    }
    std::ofstream(*folder_ / "acl") << kAcl;
    port_ = free_loopback_port();
    std::ofstream config(*folder_ / "mosquitto.conf");
    config << "listener " << port_ << " 127.0.0.1\n"
           << "allow_anonymous false\n"
           << "password_file " << passwords << "\n"
           << "acl_file " << (*folder_ / "acl") << "\n"
           << "persistence false\n"
           << "log_dest stderr\n"
           << "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
           << "log_timestamp_format %H:%M:%S\n"
           << "set_tcp_nodelay true\n";
    if (geteuid() == 0) config << "user root\n";  // else mosquitto drops to its own user, who cannot read our folder
    config.close();
    if (!start()) ADD_FAILURE() << "mosquitto did not start:\n" << log();
}

Broker::~Broker() { process_.reset(); }

std::string Broker::url(const std::string& user) const {
    return "mqtt://" + user + ":" + password(user) + "@127.0.0.1:" + std::to_string(port_);
}

bool Broker::running() { return process_ && process_->running(); }

void Broker::stop() {
    if (process_) process_->stop(SIGTERM);
    process_.reset();
}

bool Broker::restart() {
    stop();
    return start();
}

bool Broker::start() {
    process_ = std::make_unique<ChildProcess>(std::vector<std::string>{kMosquitto, "-c", *folder_ / "mosquitto.conf"},
                                              *folder_ / "mosquitto.log");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_->running()) return false;
        if (accepts_connections(port_)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

std::string Broker::log() const { return read_file(*folder_ / "mosquitto.log"); }

// ---------------------------------------------------------------------------------------------

RawClient::RawClient(const Broker& broker, const std::string& user, const std::string& password) {
    mosquitto_lib_init();
    mosq_ = mosquitto_new(nullptr, true, this);
    mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_username_pw_set(mosq_, user.c_str(), password.c_str());
    mosquitto_connect_v5_callback_set(mosq_, [](mosquitto*, void* obj, int rc, int, const mosquitto_property*) {
        auto* self = static_cast<RawClient*>(obj);
        std::lock_guard<std::mutex> lock(self->mutex_);
        self->connack_ = rc;
        self->changed_.notify_all();
    });
    mosquitto_publish_v5_callback_set(mosq_, [](mosquitto*, void* obj, int mid, int rc, const mosquitto_property*) {
        auto* self = static_cast<RawClient*>(obj);
        std::lock_guard<std::mutex> lock(self->mutex_);
        self->puback_[mid] = rc;
        self->changed_.notify_all();
    });
    EXPECT_EQ(mosquitto_connect_bind_v5(mosq_, "127.0.0.1", broker.port(), 30, nullptr, nullptr), MOSQ_ERR_SUCCESS);
    mosquitto_loop_start(mosq_);
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(5), [&] { return connack_ >= 0; });
    EXPECT_EQ(connack_, 0) << mosquitto_reason_string(connack_);
}

RawClient::~RawClient() {
    mosquitto_disconnect(mosq_);
    mosquitto_loop_stop(mosq_, false);
    mosquitto_destroy(mosq_);
}

int RawClient::publish(const std::string& topic, const std::string& payload) {
    int mid = 0;
    EXPECT_EQ(mosquitto_publish_v5(mosq_, &mid, topic.c_str(), int(payload.size()), payload.data(), 1, true, nullptr),
              MOSQ_ERR_SUCCESS);
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(5), [&] { return puback_.count(mid) > 0; });
    return puback_.count(mid) ? puback_[mid] : -1;
}

}  // namespace majlis::testing
