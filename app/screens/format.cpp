// Dates, times and phrases for screens: app/i18n does the work; this keeps ICU's dates between
// frames in the FormatCache and hands screens the event's own wording.
#include "screens/screens.h"

#include <cstdio>

namespace majlis::screens {

namespace {

i18n::Date to_i18n(const content::Date& d) { return {d.year, d.month, d.day}; }

std::string iso(const content::Date& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

}  // namespace

std::string hhmm(int minute_of_day) { return i18n::format_time(minute_of_day); }

std::string format_date(const content::Date& date, std::string_view lang, i18n::DateStyle style, FormatCache* cache) {
    auto make = [&] { return i18n::format_date(to_i18n(date), lang, style); };
    if (!cache) return make();
    return cache->get("date|" + std::to_string(int(style)) + "|" + iso(date) + "|" + std::string(lang), make);
}

std::string format_date_range(const content::Date& first, const content::Date& last, std::string_view lang,
                              FormatCache* cache) {
    auto make = [&] { return i18n::format_date_range(to_i18n(first), to_i18n(last), lang); };
    if (!cache) return make();
    return cache->get("range|" + iso(first) + "|" + iso(last) + "|" + std::string(lang), make);
}

std::string phrase(const content::Event& event, std::string_view lang, i18n::Phrase p,
                   std::initializer_list<i18n::Arg> args, std::string* lang_used) {
    return i18n::phrase(lang, p, args, event.phrases.get(), lang_used);
}

}  // namespace majlis::screens
