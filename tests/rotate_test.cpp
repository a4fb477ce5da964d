// Screens mounted turned: the frame's vertices are turned clockwise and touches turned back.
#include "platform.h"

#include <gtest/gtest.h>

using namespace majlis::platform;

TEST(Rotate, LogicalSizeSwapsForQuarterTurns) {
    EXPECT_EQ(logical_size(ImVec2(1920, 1080), 90).x, 1080);
    EXPECT_EQ(logical_size(ImVec2(1920, 1080), 270).y, 1920);
    EXPECT_EQ(logical_size(ImVec2(1920, 1080), 180).x, 1920);
}

TEST(Rotate, DrawnTopLeftLandsWhereTheMountPutsIt) {
    ImGui::CreateContext();
    ImDrawList list(ImGui::GetDrawListSharedData());
    list._ResetForNewFrame();
    list.PushClipRect(ImVec2(0, 0), ImVec2(1080, 1920));
    list.AddRectFilled(ImVec2(0, 0), ImVec2(10, 20), IM_COL32_WHITE);  // top-left of the portrait frame
    ImDrawList* lists[] = {&list};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    const ImVec2 panel(1920, 1080);
    rotate_draw_data(&data, 90, panel);
    // Turned 90 degrees clockwise, the portrait frame's top-left corner is the panel's top-right.
    float max_x = 0, min_y = 1e9f;
    for (const ImDrawVert& v : list.VtxBuffer) {
        max_x = std::max(max_x, v.pos.x);
        min_y = std::min(min_y, v.pos.y);
    }
    EXPECT_FLOAT_EQ(max_x, 1920);
    EXPECT_FLOAT_EQ(min_y, 0);
    const ImVec4 clip = list.CmdBuffer[0].ClipRect;
    EXPECT_FLOAT_EQ(clip.x, 0);
    EXPECT_FLOAT_EQ(clip.z, 1920);
    EXPECT_FLOAT_EQ(clip.w, 1080);
    list._ClearFreeMemory();
    ImGui::DestroyContext();
}

TEST(Rotate, TouchesTurnBackToWhereTheyWereDrawn) {
    const ImVec2 panel(1920, 1080);
    for (int degrees : {0, 90, 180, 270}) {
        // A point drawn at (100, 300) in the logical frame, turned, then touched, comes back.
        ImGui::CreateContext();
        ImDrawList list(ImGui::GetDrawListSharedData());
        list._ResetForNewFrame();
        list.PushClipRect(ImVec2(0, 0), logical_size(panel, degrees));
        list.AddRectFilled(ImVec2(100, 300), ImVec2(100, 300), IM_COL32_WHITE);
        ImDrawList* lists[] = {&list};
        ImDrawData data;
        data.Valid = true;
        data.CmdLists = lists;
        data.CmdListsCount = 1;
        rotate_draw_data(&data, degrees, panel);
        const ImVec2 touched = list.VtxBuffer[0].pos;
        const ImVec2 back = rotate_point_to_logical(touched, degrees, panel);
        EXPECT_NEAR(back.x, 100, 0.01) << degrees;
        EXPECT_NEAR(back.y, 300, 0.01) << degrees;
        list._ClearFreeMemory();
        ImGui::DestroyContext();
    }
}
