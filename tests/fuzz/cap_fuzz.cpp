// Fuzz target: a CAP 1.2 message as `majlis alert --cap` reads it (content/alert.h: parse_cap).
// The input is the XML.
//
// Fails (aborts) on a crash, a sanitizer report, an exception, or a broken contract: a message
// comes back only with no diagnostic, every refusal says why at a line and column inside the
// input, an Alert or Update keeps every rule of an Alert (content::alert_problem), a Cancel names
// at least one reference and carries no text.
//
// Built as cap_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as cap_replay (every build; ctest replays
// corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "content/alert.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace majlis::content;

namespace {
using majlis::fuzz::check;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    const CapLoad r = parse_cap(xml, "fuzz.xml");
    if (!r.message) {
        check(!r.diagnostics.empty(), "a refusal without a reason");
        const int lines = int(std::count(xml.begin(), xml.end(), '\n')) + 1;
        for (const Diagnostic& d : r.diagnostics)
            check(!d.message.empty() && d.pos.file == "fuzz.xml" && d.pos.line >= 1 && d.pos.line <= lines &&
                      d.pos.column >= 1,
                  "a diagnostic without a place in the input");
        return 0;
    }
    check(r.diagnostics.empty(), "a message with errors");
    const CapMessage& m = *r.message;
    check(valid_alert_id(m.alert.id), "an invalid identifier accepted");
    if (m.type == CapMessageType::Cancel) {
        check(!m.references.empty() && m.alert.texts.empty(), "a Cancel without references, or with texts");
    } else {
        check(alert_problem(m.alert).empty(), "an alert that breaks the Alert's rules");
        check(m.type == CapMessageType::Alert || !m.references.empty(), "an Update without references");
    }
    for (const std::string& id : m.references) check(valid_alert_id(id), "an invalid reference accepted");
    return 0;
}
