// Which monitor the fullscreen display follows as monitors come and go (platform/monitor_choice.h):
// the TV switched off at night and on in the morning, the wanted monitor absent at boot, a
// monitor coming back at another index. The window's own path (GLFW's callback, synthetic
// unplug and replug under Xvfb) is the ctest platform_window_monitor_unplug.
#include "monitor_choice.h"

#include <gtest/gtest.h>

using majlis::platform::MonitorChoice;

namespace {

TEST(MonitorChoice, TvOffAtNightAndOnInTheMorning) {
    MonitorChoice choice;  // the primary
    EXPECT_EQ(choice.pick({"LG TV"}), 0);
    EXPECT_EQ(choice.pick({}), -1);  // switched off: nothing to be fullscreen on
    EXPECT_EQ(choice.pick({"LG TV"}), 0);
    EXPECT_FALSE(choice.fell_back);
}

TEST(MonitorChoice, WantedMonitorBackAfterFallingBackToThePrimary) {
    MonitorChoice choice;
    choice.wanted = 1;
    EXPECT_EQ(choice.pick({"Office", "Lobby TV"}), 1);
    EXPECT_EQ(choice.wanted_name, "Lobby TV");
    EXPECT_EQ(choice.pick({"Office"}), 0);  // the TV went away: the primary meanwhile
    EXPECT_TRUE(choice.fell_back);
    EXPECT_EQ(choice.pick({"Office", "Lobby TV"}), 1);
    EXPECT_FALSE(choice.fell_back);
    EXPECT_EQ(choice.pick({"Lobby TV", "Office"}), 0);  // back first in the list: still found by name
}

TEST(MonitorChoice, AnotherMonitorAtTheWantedIndexIsNotTheWantedOne) {
    MonitorChoice choice;
    choice.wanted = 1;
    EXPECT_EQ(choice.pick({"Office", "Lobby TV"}), 1);
    EXPECT_EQ(choice.pick({"Office", "Projector"}), 0);  // a projector took the TV's place
    EXPECT_TRUE(choice.fell_back);
}

TEST(MonitorChoice, WantedMonitorAbsentAtBoot) {
    MonitorChoice choice;
    choice.wanted = 1;
    EXPECT_EQ(choice.pick({}), -1);  // the PC booted before any screen was on
    EXPECT_EQ(choice.pick({"Office"}), 0);
    EXPECT_TRUE(choice.fell_back);
    EXPECT_TRUE(choice.wanted_name.empty());  // the primary is not taken for the wanted one
    EXPECT_EQ(choice.pick({"Office", "Lobby TV"}), 1);
    EXPECT_EQ(choice.wanted_name, "Lobby TV");
}

TEST(MonitorChoice, PrimaryUnpluggedWhileAnotherStays) {
    MonitorChoice choice;
    EXPECT_EQ(choice.pick({"Lobby TV", "Office"}), 0);
    EXPECT_EQ(choice.pick({"Office"}), 0);
    EXPECT_TRUE(choice.fell_back);
    EXPECT_EQ(choice.pick({"Office", "Lobby TV"}), 1);  // back, though no longer the primary
}

TEST(MonitorChoice, NegativeIndexMeansThePrimary) {
    MonitorChoice choice;
    choice.wanted = -3;
    EXPECT_EQ(choice.pick({"A", "B"}), 0);
    EXPECT_TRUE(choice.fell_back);
}

}  // namespace
