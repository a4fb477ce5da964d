// Fuzz target: an alert text file (content/alert.h: load_alert_text), the TOML an operator
// writes for `majlis alert --text-file` and `majlis render --screen alert --alert`; any bytes.
//
// Fails (aborts) on a crash, a sanitizer report, or a broken contract: an alert comes back
// exactly when there is no diagnostic, and then it has 1 to kMaxAlertLanguages texts, each in a
// distinct language with a non-empty headline, every text within kMaxAlertTextBytes; every
// diagnostic names the file and has a message.
//
// Built as alert_text_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as alert_text_replay (every build;
// ctest replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "content/alert.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string_view>

using namespace majlis::content;

namespace {

using majlis::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const AlertLoad r = load_alert_text(text, "alert.toml");
    check(r.alert.has_value() == r.diagnostics.empty(), "an alert and diagnostics, or neither");
    for (const Diagnostic& d : r.diagnostics) {
        check(d.pos.file == "alert.toml", "a diagnostic without the file");
        check(!d.message.empty(), "a diagnostic without a message");
        check(d.pos.line >= 0 && d.pos.column >= 0, "a negative position");
    }
    if (!r.alert) return 0;
    const Alert& a = *r.alert;
    check(!a.texts.empty() && a.texts.size() <= kMaxAlertLanguages, "no texts, or too many");
    std::set<std::string> langs;
    for (const AlertText& t : a.texts) {
        check(langs.insert(t.lang).second, "a language twice");
        check(!t.headline.empty(), "an empty headline");
        for (const std::string* s : {&t.headline, &t.description, &t.instruction})
            check(s->size() <= kMaxAlertTextBytes, "a text over the limit");
        check(a.text(t.lang) == &t, "text() does not find it");
    }
    return 0;
}
