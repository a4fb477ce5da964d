// Fuzz target: a conference's schedule.xml as a content folder names it or `majlis import`
// reads it (content/schedule.h: parse_schedule); the input is the file. The contract is
// schedule_fuzz.h's. Built as schedule_xml_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as
// schedule_xml_replay (every build; ctest replays corpus/ and crashes/). See tests/fuzz/README.md.
#include "fuzz/schedule_fuzz.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    majlis::fuzz::fuzz_schedule(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.xml");
    return 0;
}
