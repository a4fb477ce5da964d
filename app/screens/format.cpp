// Dates for screens, in the shown language: ICU's long date format with Latin digits (the
// clock's digits), Tajik written here because ICU's Tajik data has no genitive (izofat) months.
#include "screens/lobby.h"

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <cstdio>
#include <map>

namespace majlis::screens {

namespace {

std::string_view primary_language(std::string_view lang) { return lang.substr(0, lang.find_first_of("-_")); }

// "9 октябри 2025": the day, the month in its izofat form, the year.
std::string tajik_long_date(const content::Date& d) {
    static const char* const kMonths[12] = {"январи", "феврали", "марти",   "апрели", "майи",   "июни",
                                            "июли",   "августи", "сентябри", "октябри", "ноябри", "декабри"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d %s %d", d.day, kMonths[(d.month + 11) % 12], d.year);
    return buf;
}

// The ICU locale for a BCP 47 language, with Latin digits. Plain "en" is British English
// ("9 October 2025"), as international events write dates.
std::string icu_locale(std::string_view lang) {
    std::string tag(lang.empty() ? "en" : lang);
    for (char& c : tag)
        if (c == '_') c = '-';
    if (tag == "en") tag = "en-GB";
    if (tag.find("-u-") == std::string::npos) tag += "-u-nu-latn";
    char id[ULOC_FULLNAME_CAPACITY];
    UErrorCode err = U_ZERO_ERROR;
    int32_t parsed = 0;
    uloc_forLanguageTag(tag.c_str(), id, sizeof id, &parsed, &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING) return "en_GB@numbers=latn";
    return id;
}

std::string icu_long_date(const content::Date& d, std::string_view lang) {
    const UChar utc[] = {'U', 'T', 'C', 0};
    UErrorCode err = U_ZERO_ERROR;
    UCalendar* cal = ucal_open(utc, -1, "en_US@calendar=gregorian", UCAL_GREGORIAN, &err);
    if (U_FAILURE(err)) return {};
    ucal_clear(cal);
    ucal_setDateTime(cal, d.year, d.month - 1, d.day, 12, 0, 0, &err);
    const UDate when = ucal_getMillis(cal, &err);
    ucal_close(cal);
    if (U_FAILURE(err)) return {};

    const std::string locale = icu_locale(lang);
    UDateFormat* fmt = udat_open(UDAT_NONE, UDAT_LONG, locale.c_str(), utc, -1, nullptr, 0, &err);
    if (U_FAILURE(err)) return {};
    UChar buf[128];
    const int32_t n = udat_format(fmt, when, buf, 128, nullptr, &err);
    udat_close(fmt);
    if (U_FAILURE(err) || n <= 0 || n >= 128) return {};
    char out[512];
    int32_t len = 0;
    u_strToUTF8(out, sizeof out, &len, buf, n, &err);
    if (U_FAILURE(err) || len <= 0 || len >= int32_t(sizeof out)) return {};
    return std::string(out, size_t(len));
}

}  // namespace

std::string hhmm(int minute_of_day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (minute_of_day / 60) % 24, minute_of_day % 60);
    return buf;
}

std::string format_long_date(const content::Date& date, std::string_view lang, FormatCache* cache) {
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return {};
    if (primary_language(lang) == "tg") return tajik_long_date(date);
    auto make = [&] {
        std::string s = icu_long_date(date, lang);
        if (s.empty()) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
            s = buf;
        }
        return s;
    };
    if (!cache) return make();
    char key[96];
    std::snprintf(key, sizeof key, "long-date %04d-%02d-%02d %.60s", date.year, date.month, date.day,
                  std::string(lang).c_str());
    return cache->get(key, make);
}

}  // namespace majlis::screens
