// Names of languages and countries in the shown language: CLDR's, through ICU. See i18n.h.
#include "i18n/i18n.h"
#include "i18n/i18n_internal.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace majlis::i18n {

std::string language_name(std::string_view lang) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale locale = icu::Locale::forLanguageTag(std::string(lang), status);
    if (U_FAILURE(status) || locale.isBogus() || !*locale.getLanguage()) return std::string(lang);
    icu::UnicodeString name;
    locale.getDisplayName(locale, name);
    if (name.isEmpty() || name == icu::UnicodeString::fromUTF8(locale.getName())) return std::string(lang);
    const UChar32 first = name.char32At(0);
    name.replace(0, U16_LENGTH(first), u_totitle(first));
    return detail::to_utf8(name);
}

std::string country_name(std::string_view code, std::string_view lang) {
    if (code.empty()) return {};
    const std::string region_code(code);
    const icu::Locale region("", region_code.c_str());
    icu::UnicodeString name;
    region.getDisplayCountry(detail::icu_locale(lang), name);
    std::string out = detail::to_utf8(name);
    if (out.empty() || out == region_code) {
        name.remove();
        region.getDisplayCountry(icu::Locale::getEnglish(), name);
        out = detail::to_utf8(name);
    }
    return out.empty() ? region_code : out;
}

}  // namespace majlis::i18n
