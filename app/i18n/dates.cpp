// Dates and times for screens: ICU skeletons per use, Latin digits, the catalogue's [dates]
// where CLDR's data is not what the language's readers expect. See i18n.h.
#include "i18n/i18n.h"
#include "i18n/i18n_internal.h"

#include <unicode/dtfmtsym.h>
#include <unicode/dtitvfmt.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <cstdio>
#include <memory>
#include <tuple>
#include <unordered_map>

namespace majlis::i18n {

namespace detail {

icu::Locale icu_locale(std::string_view lang) {
    std::string tag(lang.empty() ? "en" : lang);
    for (char& c : tag)
        if (c == '_') c = '-';
    if (tag == "en") tag = "en-GB";
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status) || locale.isBogus() || !*locale.getLanguage()) locale = icu::Locale("en", "GB");
    status = U_ZERO_ERROR;
    locale.setKeywordValue("numbers", "latn", status);
    status = U_ZERO_ERROR;
    locale.setKeywordValue("calendar", "gregorian", status);
    return locale;
}

}  // namespace detail

namespace {

bool valid(const Date& d) { return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31 && d.year > 0; }

// Noon UTC of the day, formatted in UTC: the calendar date, whatever the machine's zone.
UDate to_udate(const Date& d) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Calendar> cal(icu::Calendar::createInstance(icu::TimeZone::getGMT()->clone(),
                                                                     icu::Locale("en_US@calendar=gregorian"), status));
    if (U_FAILURE(status)) return 0;
    cal->clear();
    cal->set(d.year, d.month - 1, d.day, 12, 0, 0);
    const UDate when = cal->getTime(status);
    return U_FAILURE(status) ? 0 : when;
}

const char* skeleton(DateStyle style) {
    switch (style) {
    case DateStyle::Long: return "yMMMMd";
    case DateStyle::WeekdayDayMonth: return "EEEEdMMMM";
    case DateStyle::DayMonthNumeric: return "ddMM";
    }
    return "yMMMMd";
}

// The shipped catalogue's month names for `lang` set into a formatter (format context, wide:
// the form after a day number).
void use_catalogue_months(icu::SimpleDateFormat& f, std::string_view lang) {
    const std::vector<std::string>* months = shipped().months(lang);
    if (!months) return;
    icu::UnicodeString names[12];
    for (int i = 0; i < 12; ++i) names[i] = icu::UnicodeString::fromUTF8((*months)[size_t(i)]);
    icu::DateFormatSymbols symbols(*f.getDateFormatSymbols());
    symbols.setMonths(names, 12, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::WIDE);
    f.setDateFormatSymbols(symbols);
}

// A formatter per language and pattern, made once per thread (making one costs far more than
// using it); bounded whatever languages come.
icu::SimpleDateFormat* formatter(std::string_view lang, const icu::UnicodeString& pattern_or_skeleton, bool is_skeleton) {
    thread_local std::unordered_map<std::string, std::unique_ptr<icu::SimpleDateFormat>> cache;
    std::string key(lang);
    key += is_skeleton ? "|s|" : "|p|";
    pattern_or_skeleton.toUTF8String(key);
    if (auto it = cache.find(key); it != cache.end()) return it->second.get();
    if (cache.size() >= 128) cache.clear();
    const icu::Locale locale = detail::icu_locale(lang);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString pattern = pattern_or_skeleton;
    if (is_skeleton) {
        std::unique_ptr<icu::DateTimePatternGenerator> gen(icu::DateTimePatternGenerator::createInstance(locale, status));
        if (U_FAILURE(status)) return nullptr;
        pattern = gen->getBestPattern(pattern_or_skeleton, status);
        if (U_FAILURE(status)) return nullptr;
    }
    auto f = std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
    if (U_FAILURE(status)) return nullptr;
    f->setTimeZone(*icu::TimeZone::getGMT());
    use_catalogue_months(*f, lang);
    return cache.emplace(key, std::move(f)).first->second.get();
}

std::string format_with(icu::SimpleDateFormat* f, const Date& d) {
    if (!f) return {};
    icu::UnicodeString out;
    f->format(to_udate(d), out);
    return detail::to_utf8(out);
}

std::string iso(const Date& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

// An ICU interval pattern ("d–d MMMM y") is two date patterns in one: the second starts at the
// first field letter seen again (ICU's rule). Quoted literals are skipped.
size_t interval_split(const icu::UnicodeString& p) {
    bool seen[128] = {};
    bool quoted = false;
    for (int32_t i = 0; i < p.length(); ++i) {
        const char16_t c = p[i];
        if (c == '\'') {
            quoted = !quoted;
            continue;
        }
        if (quoted || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
        if (i > 0 && p[i - 1] == c) continue;  // the same field, continued
        if (seen[c]) return size_t(i);
        seen[c] = true;
    }
    return size_t(p.length());
}

}  // namespace

std::string format_date(const Date& d, std::string_view lang, DateStyle style) {
    if (!valid(d)) return {};
    std::string s = format_with(formatter(lang, icu::UnicodeString(skeleton(style)), true), d);
    return s.empty() ? iso(d) : s;
}

std::string format_date_range(const Date& a, const Date& b, std::string_view lang) {
    if (!valid(a) || !valid(b)) return {};
    if (std::tie(a.year, a.month, a.day) >= std::tie(b.year, b.month, b.day)) return format_date(a, lang, DateStyle::Long);
    // The catalogue's own interval patterns, for a language CLDR has none for.
    if (const auto* ranges = shipped().ranges(lang)) {
        const char* which = a.year != b.year ? "range_years" : a.month != b.month ? "range_months" : "range_days";
        if (auto it = ranges->find(which); it != ranges->end()) {
            const icu::UnicodeString p = icu::UnicodeString::fromUTF8(it->second);
            const int32_t split = int32_t(interval_split(p));
            const std::string first = format_with(formatter(lang, p.tempSubString(0, split), false), a);
            const std::string second = format_with(formatter(lang, p.tempSubString(split), false), b);
            if (!first.empty() || !second.empty()) return first + second;
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::DateIntervalFormat> f(
        icu::DateIntervalFormat::createInstance(icu::UnicodeString("yMMMMd"), detail::icu_locale(lang), status));
    if (U_FAILURE(status) || !f) return iso(a) + " \u2013 " + iso(b);
    f->setTimeZone(*icu::TimeZone::getGMT());
    icu::DateInterval interval(to_udate(a), to_udate(b));
    icu::UnicodeString out;
    icu::FieldPosition pos;
    f->format(&interval, out, pos, status);
    if (U_FAILURE(status)) return iso(a) + " \u2013 " + iso(b);
    return detail::to_utf8(out);
}

std::string format_time(int minute_of_day) {
    char buf[16];
    const int m = ((minute_of_day % 1440) + 1440) % 1440;
    std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
    return buf;
}

}  // namespace majlis::i18n
