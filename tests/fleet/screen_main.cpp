// fleet_screen: one screen's presence and nothing else, as its own process, so that tests can
// kill it (SIGKILL: the broker's last will), freeze it (SIGSTOP: the keepalive) or stop it
// cleanly (SIGTERM: the offline status it publishes itself).
//
//     fleet_screen MQTT_URL VENUE SCREEN_ID KEEPALIVE_S [GROUP...]
//
// Logs to stderr (the tests keep it in a file) and prints every command and bundle it gets.
#include "fleet/presence.h"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace majlis;

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: fleet_screen MQTT_URL VENUE SCREEN_ID KEEPALIVE_S [GROUP...]\n");
        return 2;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // before any thread starts: only sigwait sees them

    Log log;
    log.min_level = LogLevel::Debug;
    std::string error;
    auto url = fleet::MqttUrl::parse(argv[1], &error);
    if (!url) {
        log.error("fleet_screen", error);
        return 2;
    }
    fleet::MqttSettings settings;
    settings.url = *url;
    settings.venue = argv[2];
    settings.keepalive_s = std::atoi(argv[4]);
    std::vector<std::string> groups(argv + 5, argv + argc);
    fleet::ScreenStatus first;
    first.version = "test";
    first.mode = "lobby";
    {
        fleet::ScreenPresence::Callbacks callbacks;
        callbacks.on_bundle = [&](int64_t sequence, const std::string& url) {
            log.info("fleet_screen", "bundle " + std::to_string(sequence) + " " + url);
        };
        callbacks.on_command = [&](const std::string& command, const std::string& request) {
            log.info("fleet_screen", "command " + command + " " + request);
        };
        fleet::ScreenPresence presence(settings, argv[3], groups, first, callbacks,
                                       log);
        int sig = 0;
        sigwait(&stop, &sig);
    }
    return 0;
}
