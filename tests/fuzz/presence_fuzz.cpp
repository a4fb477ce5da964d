// Fuzz target: the MQTT payloads a screen or the hub takes from the broker, and the MQTT URL
// (app/fleet/presence.h). The first byte picks the parser (modulo 4: '0' a screen's status,
// '1' a bundle announcement, '2' a signed command, '3' an MQTT URL); the rest is the payload.
// A command goes through a screen's CommandCheck too (trusting the fixed key below, at the
// command's own time, so corpus/command-signed reaches the end): accepted only when signed by
// that key for the topic it came on, and never twice.
//
// Fails (aborts) on a crash, a sanitizer report, an exception, or a broken contract: a payload
// that parses writes back (to_json) into one that parses to the same value, a refusal always
// says why, an accepted URL has a user, a host and a port in 1..65535 and its redacted form
// holds no password.
//
// Built as presence_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as presence_replay (every build;
// ctest replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "fleet/presence.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace majlis::fleet;

namespace {

using majlis::fuzz::kFuzzKey;

using majlis::fuzz::check;

template <typename Payload>
void round_trip(std::string_view payload) {
    std::string error;
    auto parsed = Payload::parse(payload, &error);
    if (!parsed) {
        check(!error.empty(), "a refusal without a reason");
        return;
    }
    auto again = Payload::parse(parsed->to_json(), &error);
    check(again.has_value(), "to_json wrote what parse refuses");
    check(*again == *parsed, "to_json and parse disagree");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 4) {
        case 0: round_trip<ScreenStatus>(payload); break;
        case 1: round_trip<BundleAnnouncement>(payload); break;
        case 2: {
            const std::string_view line = payload.substr(0, payload.find('\n'));
            round_trip<Command>(line);
            static const PublicKey trusted = [] {
                std::string error;
                auto key = parse_secret_key(kFuzzKey, "fuzz", error);
                check(key.has_value(), "the fuzz key does not parse");
                return key->public_key();
            }();
            const std::string topic = "majlis/summit/screens/lobby-1/command";
            std::string why;
            const auto parsed = Command::parse(line, &why);
            const int64_t now = parsed ? parsed->time_ms : 0;
            CommandCheck screen(trusted);
            const auto accepted = screen.accept(payload, topic, now, 0, &why);
            if (!accepted) {
                check(!why.empty(), "a command refused without a reason");
                break;
            }
            check(parsed && *accepted == *parsed && accepted->target == topic, "accepted what was not signed for here");
            check(!screen.accept(payload, topic, now, 0, &why), "a replayed command accepted");
            break;
        }
        case 3: {
            std::string error;
            auto url = MqttUrl::parse(payload, &error);
            if (!url) {
                check(!error.empty(), "a refused URL without a reason");
                break;
            }
            check(!url->user.empty() && !url->host.empty() && url->port >= 1 && url->port <= 65535, "a broken URL accepted");
            check(url->redacted().find(":***@") != std::string::npos || url->password.empty(), "a password not redacted");
            break;
        }
    }
    return 0;
}
