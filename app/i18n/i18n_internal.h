// majlis i18n internals shared by the phrase and date parts (not for screens).
#pragma once

#include <unicode/locid.h>

#include <string_view>

namespace majlis::i18n::detail {

// The ICU locale of an interface language: Latin digits (the content and the clock write 0-9
// in every language), the Gregorian calendar (the agenda's), and plain "en" as British English.
// A tag ICU cannot read is English.
icu::Locale icu_locale(std::string_view lang);

}  // namespace majlis::i18n::detail
