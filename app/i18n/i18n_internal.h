// majlis i18n internals shared by the phrase and date parts (not for screens).
#pragma once

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <string>
#include <string_view>

namespace majlis::i18n::detail {

// The ICU locale of an interface language: Latin digits (the content and the clock write 0-9
// in every language), the Gregorian calendar (the agenda's), and plain "en" as British English.
// A tag ICU cannot read is English.
icu::Locale icu_locale(std::string_view lang);

// An ICU string as UTF-8.
inline std::string to_utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

}  // namespace majlis::i18n::detail
