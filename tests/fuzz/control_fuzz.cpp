// Fuzz target: a control message as a screen takes it from the broker (app/fleet/control.h). The
// input is the payload: the JSON line, "\n", the signature line. Its first line goes through
// ControlMessage::parse; the whole payload through a screen's ControlCheck trusting the fixed
// key below (corpus/*-signed are signed with it, so mutations reach the rules after the
// signature), on the topic the message names when that is one of the screen's, at the message's
// own issue time.
//
// Fails (aborts) on a crash, a sanitizer report, an exception, or a broken contract: what parses
// writes back (to_json) into the same message; a refusal says why; an accepted message is one
// the key signed for the topic it came on (a topic of its kind: alert or live), carries a valid
// alert, and is then the alert shown (or a cancel, and nothing shown), or a live set, and is then
// the live changes applied, or an override that breaks none of its rules, and is then the
// override applied; the same bytes again change nothing; and the check refuses it again a
// second later on another topic.
//
// Built as control_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as control_replay (every build; ctest
// replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "fleet/control.h"
#include "fleet/presence.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace majlis;
using namespace majlis::fleet;

namespace {

using majlis::fuzz::kFuzzKey;

using majlis::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    const std::string_view line = payload.substr(0, payload.find('\n'));
    std::string why;
    const auto parsed = ControlMessage::parse(line, &why);
    if (!parsed) {
        check(!why.empty(), "a refusal without a reason");
    } else {
        const auto again = ControlMessage::parse(parsed->to_json(), &why);
        check(again && *again == *parsed, "to_json and parse disagree");
    }

    static const PublicKey trusted = [] {
        std::string error;
        auto key = parse_secret_key(kFuzzKey, "fuzz", error);
        check(key.has_value(), "the fuzz key does not parse");
        return key->public_key();
    }();
    static Log quiet{[](LogLevel, std::string_view) {}};
    auto topics = screen_alert_topics("summit", "lobby-1", {"doors"});
    for (const std::string& t : screen_live_topics("summit", "lobby-1", {"doors"})) topics.push_back(t);
    for (const std::string& t : screen_control_topics("summit", "lobby-1", {"doors"}, "override")) topics.push_back(t);
    auto mine = [&](std::string_view t) { return std::find(topics.begin(), topics.end(), t) != topics.end(); };
    ControlCheck screen(trusted, mine, "", quiet);
    const std::string topic = parsed && mine(parsed->target) ? parsed->target : topics.front();
    const int64_t now = parsed ? parsed->issued_ms : 0;
    const auto r = screen.accept(payload, topic, now, 0);
    if (r.verdict == ControlCheck::Verdict::Refused) {
        check(!r.why.empty(), "a message refused without a reason");
        return 0;
    }
    check(r.verdict == ControlCheck::Verdict::Accepted, "a first message taken as a redelivery");
    check(parsed && r.message == *parsed && parsed->target == topic, "accepted what was not signed for here");
    check(content::alert_problem(parsed->alert).empty() || parsed->kind != ControlKind::Alert, "a broken alert accepted");
    check(topic.ends_with(std::string("/") + control_topic_leaf(parsed->kind)), "a message accepted on a topic of another kind");
    check(content::screen_override_problem(parsed->screen_override).empty(), "a broken override accepted");
    const auto shown = screen.active(now, 0);
    check(parsed->kind == ControlKind::Alert ? shown && *shown == parsed->alert : !shown, "not the alert shown");
    const ControlCheck::Live live = screen.live(now, 0);
    check(parsed->kind == ControlKind::Live ? *live.changes == parsed->live && live.issued_ms == parsed->issued_ms
                                            : live.changes->empty() && live.issued_ms == 0,
          "not the live changes applied");
    const ControlCheck::Override applied = screen.screen_override(now, 0);
    check(parsed->kind == ControlKind::Override
              ? applied.settings == parsed->screen_override && applied.issued_ms == parsed->issued_ms
              : applied.settings.empty() && applied.issued_ms == 0,
          "not the override applied");
    check(screen.accept(payload, topic, now + 1000, 0).verdict == ControlCheck::Verdict::Redelivered,
          "the same bytes again were not a redelivery");
    check(screen.active(now, 0) == shown, "a redelivery changed what is shown");
    const std::string other = topic == topics.front() ? topics.back() : topics.front();
    check(screen.accept(payload, other, now + 1000, 0).verdict == ControlCheck::Verdict::Refused,
          "accepted on another topic");
    return 0;
}
