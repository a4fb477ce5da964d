// CAP 1.2 messages read into an Alert (content/alert.h: parse_cap): tiny documents and the exact
// Alert each gives, Update and Cancel with their references, the pictogram and severity
// mappings, and every refusal with its line and column.
#include "content/alert.h"

#include <gtest/gtest.h>

#include <string>

using namespace majlis::content;

namespace {

// A CAP message: the header elements (`head`, after identifier), then `rest` (infos...).
std::string cap(const std::string& head, const std::string& rest, const std::string& id = "evac-1") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
           "  <identifier>" + id + "</identifier>\n"
           "  <sender>security@summit.example</sender>\n"
           "  <sent>2026-12-06T19:55:00+05:00</sent>\n" + head + rest + "</alert>\n";
}
const std::string kActualAlert = "  <status>Actual</status>\n  <msgType>Alert</msgType>\n  <scope>Public</scope>\n";

std::string info(const std::string& lang, const std::string& inner) {
    return "  <info>\n" + (lang.empty() ? "" : "    <language>" + lang + "</language>\n") +
           "    <category>Safety</category>\n    <event>Evacuation</event>\n"
           "    <urgency>Immediate</urgency>\n    <severity>Extreme</severity>\n    <certainty>Observed</certainty>\n" +
           inner + "  </info>\n";
}

CapMessage parsed(const std::string& xml) {
    CapLoad r = parse_cap(xml, "alert.xml");
    EXPECT_TRUE(r.message.has_value()) << (r.diagnostics.empty() ? "" : r.diagnostics.front().format());
    return r.message.value_or(CapMessage{});
}

// The one error a document gives, formatted.
std::string refusal(const std::string& xml) {
    CapLoad r = parse_cap(xml, "alert.xml");
    EXPECT_FALSE(r.message.has_value());
    std::string out;
    for (const Diagnostic& d : r.diagnostics) out += d.format() + "\n";
    return out;
}

constexpr int64_t kSent = 1796568900000;  // 2026-12-06T14:55:00Z = 19:55 in Dushanbe

}  // namespace

TEST(Cap, AnAlertInTwoLanguagesIsExactlyThisAlert) {
    const CapMessage m = parsed(cap(kActualAlert,
                                    info("en-US",
                                         "    <responseType>Evacuate</responseType>\n"
                                         "    <expires>2026-12-06T20:25:00+05:00</expires>\n"
                                         "    <headline>Evacuate the building</headline>\n"
                                         "    <description>A fire in the east wing.</description>\n"
                                         "    <instruction>Leave by the west exits. Do not use the lifts.</instruction>\n") +
                                        info("ar", "    <headline>أخلوا المبنى</headline>\n"
                                                   "    <expires>2026-12-06T15:20:00-00:00</expires>\n")));
    Alert expected;
    expected.id = "evac-1";
    expected.severity = AlertSeverity::Extreme;
    expected.status = AlertStatus::Actual;
    expected.pictogram = AlertPictogram::Evacuate;
    expected.texts = {{"en", "Evacuate the building", "A fire in the east wing.",
                       "Leave by the west exits. Do not use the lifts."},
                      {"ar", "أخلوا المبنى", "", ""}};
    expected.sent_ms = kSent;
    expected.expires_ms = kSent + 25 * 60 * 1000;  // the earlier of the two expires
    EXPECT_EQ(m.type, CapMessageType::Alert);
    EXPECT_EQ(m.alert, expected);
    EXPECT_TRUE(m.references.empty());
}

TEST(Cap, DefaultsAndMappings) {
    // No <language>: English, as CAP says; no <headline>: the event; Minor reads as Moderate.
    std::string doc = cap("  <status>Exercise</status>\n  <msgType>Alert</msgType>\n  <scope>Restricted</scope>\n",
                          info("", "    <responseType>Shelter</responseType>\n"));
    const size_t sev = doc.find("Extreme");
    doc.replace(sev, 7, "Minor");
    CapMessage m = parsed(doc);
    ASSERT_EQ(m.alert.texts.size(), 1u);
    EXPECT_EQ(m.alert.texts[0], (AlertText{"en", "Evacuation", "", ""}));
    EXPECT_EQ(m.alert.severity, AlertSeverity::Moderate);
    EXPECT_EQ(m.alert.status, AlertStatus::Exercise);
    EXPECT_EQ(m.alert.pictogram, AlertPictogram::Shelter);
    EXPECT_EQ(m.alert.expires_ms, 0);  // none given: the sender's --expires

    doc = cap(kActualAlert, info("ru", ""));
    doc.replace(doc.find("Safety"), 6, "Fire");
    EXPECT_EQ(parsed(doc).alert.pictogram, AlertPictogram::Fire);
    doc.replace(doc.find("Fire"), 4, "Health");
    EXPECT_EQ(parsed(doc).alert.pictogram, AlertPictogram::Medical);
    doc.replace(doc.find("Health"), 6, "Geo");
    EXPECT_EQ(parsed(doc).alert.pictogram, AlertPictogram::Warning);
}

TEST(Cap, APrefixedNamespaceIsCap) {
    const std::string doc =
        "<cap:alert xmlns:cap=\"urn:oasis:names:tc:emergency:cap:1.2\"><cap:identifier>x1</cap:identifier>"
        "<cap:sender>s</cap:sender><cap:sent>2026-12-06T14:55:00Z</cap:sent><cap:status>Test</cap:status>"
        "<cap:msgType>Alert</cap:msgType><cap:scope>Public</cap:scope><cap:info><cap:category>Met</cap:category>"
        "<cap:event>Storm</cap:event><cap:urgency>Expected</cap:urgency><cap:severity>Severe</cap:severity>"
        "<cap:certainty>Likely</cap:certainty><cap:headline>Storm at 16:00</cap:headline></cap:info></cap:alert>";
    const CapMessage m = parsed(doc);
    EXPECT_EQ(m.alert.id, "x1");
    EXPECT_EQ(m.alert.sent_ms, kSent);
    EXPECT_EQ(m.alert.status, AlertStatus::Test);
    EXPECT_EQ(m.alert.severity, AlertSeverity::Severe);
    EXPECT_EQ(m.alert.texts.at(0).headline, "Storm at 16:00");
}

TEST(Cap, UpdateAndCancelNameTheirReferences) {
    const std::string refs = "  <references>security@summit.example,evac-1,2026-12-06T19:55:00+05:00 "
                             "security@summit.example,evac-0,2026-12-06T19:50:00+05:00</references>\n";
    CapMessage update = parsed(cap("  <status>Actual</status>\n  <msgType>Update</msgType>\n  <scope>Public</scope>\n" + refs,
                                   info("en", "    <headline>Use the north exits</headline>\n"), "evac-2"));
    EXPECT_EQ(update.type, CapMessageType::Update);
    EXPECT_EQ(update.alert.id, "evac-2");
    EXPECT_EQ(update.references, (std::vector<std::string>{"evac-1", "evac-0"}));
    EXPECT_EQ(update.alert.texts.at(0).headline, "Use the north exits");

    CapMessage cancel =
        parsed(cap("  <status>Actual</status>\n  <msgType>Cancel</msgType>\n  <scope>Public</scope>\n" + refs, "", "evac-3"));
    EXPECT_EQ(cancel.type, CapMessageType::Cancel);
    EXPECT_EQ(cancel.alert.id, "evac-3");
    EXPECT_EQ(cancel.alert.sent_ms, kSent);
    EXPECT_TRUE(cancel.alert.texts.empty());
    EXPECT_EQ(cancel.references, (std::vector<std::string>{"evac-1", "evac-0"}));
}

TEST(Cap, EveryRefusalSaysWhereAndWhy) {
    const std::string good = cap(kActualAlert, info("en", "    <headline>H</headline>\n"));
    auto with = [&](const std::string& from, const std::string& to) {
        std::string doc = good;
        const size_t at = doc.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return doc.replace(at, from.size(), to);
    };
    EXPECT_EQ(refusal(std::string(300 * 1024, ' ')), "alert.xml:1:1: error: a CAP message of 307200 bytes; at most 262144\n");
    EXPECT_EQ(refusal(with("</info>", "</inf>")),
              "alert.xml:17:5: error: not well-formed XML: Start-end tags mismatch\n");
    EXPECT_EQ(refusal("<!DOCTYPE alert [<!ENTITY x \"xxxxxxxx\">]>\n" + good.substr(good.find("<alert"))),
              "alert.xml:1:1: error: a DOCTYPE is not allowed in a CAP message\n");
    EXPECT_EQ(refusal(with("cap:1.2", "cap:1.1")),
              "alert.xml:2:1: error: not a CAP 1.2 message: expected <alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n");
    EXPECT_EQ(refusal(with("  <sender>security@summit.example</sender>\n", "")),
              "alert.xml:2:1: error: <sender> is required in <alert>\n");
    EXPECT_EQ(refusal(with("+05:00</sent>", "</sent>")),
              "alert.xml:5:3: error: <sent> is not a CAP time like 2026-12-06T19:55:00+05:00\n");
    EXPECT_EQ(refusal(with("-06T19", "-31T19").replace(good.find("2026-12"), 7, "2026-02")),
              "alert.xml:5:3: error: <sent> is not a CAP time like 2026-12-06T19:55:00+05:00\n");
    EXPECT_EQ(refusal(with("Actual", "Draft")),
              "alert.xml:6:3: error: <status> Draft is not shown on screens: Actual, Exercise or Test\n");
    EXPECT_EQ(refusal(with("<msgType>Alert", "<msgType>Ack")),
              "alert.xml:7:3: error: <msgType> Ack is not Alert, Update or Cancel\n");
    EXPECT_EQ(refusal(with("<msgType>Alert", "<msgType>Cancel")),
              "alert.xml:2:1: error: a Cancel needs <references> naming the alerts it is for\n");
    EXPECT_EQ(refusal(with("<msgType>Alert</msgType>", "<msgType>Update</msgType><references>a,b</references>")),
              "alert.xml:7:28: error: <references> holds \"a,b\", not sender,identifier,sent\n");
    EXPECT_EQ(refusal(cap(kActualAlert, "")), "alert.xml:2:1: error: an Alert needs at least one <info> (one per language)\n");
    EXPECT_EQ(refusal(cap(kActualAlert, info("en", "") + info("en-GB", ""))),
              "alert.xml:18:5: error: a second <info> in \"en\"\n");
    EXPECT_EQ(refusal(with("<language>en", "<language>xx")), "alert.xml:10:5: error: <language> xx is not a language code\n");
    EXPECT_EQ(refusal(with("<headline>H", "<headline>" + std::string(1025, 'H'))),
              "alert.xml:16:5: error: <headline> has 1025 bytes; at most 1024 (read from 20 m: short)\n");
    EXPECT_EQ(refusal(with("<event>Evacuation</event>", "")), "alert.xml:9:3: error: <event> is required in <info>\n");
    EXPECT_EQ(refusal(with("Extreme", "Dire")),
              "alert.xml:14:5: error: <severity> is not Extreme, Severe, Moderate, Minor or Unknown\n");
    EXPECT_EQ(refusal(with("    <headline>", "    <expires>soon</expires><headline>")),
              "alert.xml:16:5: error: <expires> is not a CAP time like 2026-12-06T19:55:00+05:00\n");
    EXPECT_EQ(refusal(with("<identifier>evac-1", "<identifier>evac 1")),
              "alert.xml:3:3: error: <identifier> is not 1 to 128 characters without spaces, commas, '<' or '&'\n");
    std::string many;
    for (const char* lang : {"ar", "ru", "tg", "en", "fr", "de", "es", "it", "zh", "ja", "ko", "tr", "fa", "uz", "kk", "ky", "hi"})
        many += info(lang, "");
    EXPECT_NE(refusal(cap(kActualAlert, many)).find("error: more than 16 <info> blocks"), std::string::npos);
}
