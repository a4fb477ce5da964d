// Fuzz target: the response headers a player reads the hub's time from, for its clock offset
// (app/fleet/sync.h: parse_majlis_time, parse_http_date). The first byte picks the header (even:
// X-Majlis-Time, odd: Date); the rest is its value.
//
// Fails (aborts) on a crash, a sanitizer report, or a broken contract: an X-Majlis-Time is
// accepted exactly when it is 1 to 15 decimal digits, and then it is their value; a Date accepted
// is 29 bytes ending in " GMT" and gives the middle of a second at or after 1970.
//
// Built as clock_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as clock_replay (every build; ctest
// replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "fleet/sync.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace majlis::fleet;

namespace {

using majlis::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view value(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] % 2 == 0) {
        const int64_t ms = parse_majlis_time(value);
        const bool digits = !value.empty() && value.size() <= 15 &&
                            value.find_first_not_of("0123456789") == std::string_view::npos;
        check((ms >= 0) == digits, "X-Majlis-Time accepted or refused wrongly");
        if (digits) {
            int64_t expected = 0;
            for (char c : value) expected = expected * 10 + (c - '0');
            check(ms == expected, "X-Majlis-Time misread");
        }
    } else {
        const int64_t ms = parse_http_date(value);
        check(ms == -1 || ms >= 500, "a Date before 1970 or below -1");
        if (ms >= 0) {
            check(value.size() == 29 && value.ends_with(" GMT"), "a Date accepted in another shape");
            check(ms % 1000 == 500, "a Date not at the middle of its second");
        }
    }
    return 0;
}
