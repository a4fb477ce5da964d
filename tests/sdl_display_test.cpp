// The SDL2 backend's decisions without a display (platform/sdl_display.h): the mode a board's
// display is shown in, and SDL's touch, mouse and key events as the kiosk's pointer and the
// operator's chord. The backend itself runs under Xvfb (ctest platform_sdl_window_*, the
// selftest comparing its screenshot with the render) and, for --platform kms, needs a DRM device.
#include "sdl_display.h"

#include <gtest/gtest.h>

using namespace majlis::platform;

namespace {

SDL_Event finger(Uint32 type, SDL_FingerID id, float x, float y, SDL_TouchID touch = 1) {
    SDL_Event e{};
    e.type = type;
    e.tfinger.touchId = touch;
    e.tfinger.fingerId = id;
    e.tfinger.x = x;
    e.tfinger.y = y;
    return e;
}

SDL_Event button(Uint32 type, int x, int y, Uint8 which_button = SDL_BUTTON_LEFT, Uint32 mouse = 0) {
    SDL_Event e{};
    e.type = type;
    e.button.which = mouse;
    e.button.button = which_button;
    e.button.x = x;
    e.button.y = y;
    return e;
}

SDL_Event motion(int x, int y, Uint32 mouse = 0) {
    SDL_Event e{};
    e.type = SDL_MOUSEMOTION;
    e.motion.which = mouse;
    e.motion.x = x;
    e.motion.y = y;
    return e;
}

SDL_Event key(SDL_Scancode scancode, SDL_Keycode sym, Uint16 mod, Uint32 type = SDL_KEYDOWN, Uint8 repeat = 0) {
    SDL_Event e{};
    e.type = type;
    e.key.repeat = repeat;
    e.key.keysym.scancode = scancode;
    e.key.keysym.sym = sym;
    e.key.keysym.mod = mod;
    return e;
}

const ImVec2 kFullHd(1920, 1080);

TEST(SdlDisplayMode, TheModeTheDisplayShowsIsKept) {
    const std::vector<VideoMode> modes = {{3840, 2160, 30}, {1920, 1080, 60}, {1280, 720, 60}};
    EXPECT_EQ(choose_video_mode({1920, 1080, 60}, modes), (VideoMode{1920, 1080, 60}));  // no mode switch
}

TEST(SdlDisplayMode, WithoutACurrentModeTheLargestThenTheFastest) {
    EXPECT_EQ(choose_video_mode({}, {{1280, 720, 60}, {3840, 2160, 30}, {3840, 2160, 60}, {1920, 1080, 60}}),
              (VideoMode{3840, 2160, 60}));
    EXPECT_EQ(choose_video_mode({0, 1080, 60}, {{1280, 720, 60}}), (VideoMode{1280, 720, 60}));
    EXPECT_EQ(choose_video_mode({}, {{0, 0, 60}}), VideoMode{});  // nothing usable: none
    EXPECT_EQ(choose_video_mode({}, {}), VideoMode{});
}

TEST(SdlPointer, AFingerIsPlacedAcrossTheFramebuffer) {
    PointerMapper m;
    auto down = m.map(finger(SDL_FINGERDOWN, 7, 0.5f, 0.25f), kFullHd, kFullHd, 1.0);
    ASSERT_TRUE(down);
    EXPECT_EQ(down->kind, Pointer::Kind::Down);
    EXPECT_FLOAT_EQ(down->pos.x, 960);
    EXPECT_FLOAT_EQ(down->pos.y, 270);
    EXPECT_DOUBLE_EQ(down->time, 1.0);
    auto move = m.map(finger(SDL_FINGERMOTION, 7, 1.02f, -0.01f), kFullHd, kFullHd, 1.1);  // a panel's overshoot
    ASSERT_TRUE(move);
    EXPECT_EQ(move->kind, Pointer::Kind::Move);
    EXPECT_FLOAT_EQ(move->pos.x, 1920);
    EXPECT_FLOAT_EQ(move->pos.y, 0);
    auto up = m.map(finger(SDL_FINGERUP, 7, 0.75f, 0.5f), kFullHd, kFullHd, 1.2);
    ASSERT_TRUE(up);
    EXPECT_EQ(up->kind, Pointer::Kind::Up);
    EXPECT_FLOAT_EQ(up->pos.x, 1440);
    EXPECT_FALSE(m.pressed());
}

TEST(SdlPointer, ASecondFingerDoesNotMoveThePointer) {
    PointerMapper m;
    ASSERT_TRUE(m.map(finger(SDL_FINGERDOWN, 1, 0.1f, 0.1f), kFullHd, kFullHd, 0));
    EXPECT_FALSE(m.map(finger(SDL_FINGERDOWN, 2, 0.9f, 0.9f), kFullHd, kFullHd, 0));
    EXPECT_FALSE(m.map(finger(SDL_FINGERMOTION, 2, 0.8f, 0.8f), kFullHd, kFullHd, 0));
    EXPECT_FALSE(m.map(finger(SDL_FINGERUP, 2, 0.8f, 0.8f), kFullHd, kFullHd, 0));
    EXPECT_FALSE(m.map(finger(SDL_FINGERMOTION, 1, 0.2f, 0.2f, /*touch=*/2), kFullHd, kFullHd, 0));  // another panel
    EXPECT_TRUE(m.pressed());
    auto up = m.map(finger(SDL_FINGERUP, 1, 0.2f, 0.2f), kFullHd, kFullHd, 0);
    ASSERT_TRUE(up);
    EXPECT_EQ(up->kind, Pointer::Kind::Up);
    // The first finger gone, the next one down holds the pointer.
    auto next = m.map(finger(SDL_FINGERDOWN, 2, 0.5f, 0.5f), kFullHd, kFullHd, 0);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->kind, Pointer::Kind::Down);
}

// SDL sends the mouse events it makes of a touch before the finger's own (SDL_SendTouch).
TEST(SdlPointer, TouchesAreNotCountedTwiceThroughSdlsMouse) {
    PointerMapper m;
    EXPECT_FALSE(m.map(motion(960, 540, SDL_TOUCH_MOUSEID), kFullHd, kFullHd, 0));
    EXPECT_FALSE(m.map(button(SDL_MOUSEBUTTONDOWN, 960, 540, SDL_BUTTON_LEFT, SDL_TOUCH_MOUSEID), kFullHd, kFullHd, 0));
    auto down = m.map(finger(SDL_FINGERDOWN, 1, 0.5f, 0.5f), kFullHd, kFullHd, 0);
    ASSERT_TRUE(down);
    EXPECT_EQ(down->kind, Pointer::Kind::Down);
    EXPECT_FALSE(m.map(motion(970, 540, SDL_TOUCH_MOUSEID), kFullHd, kFullHd, 0));
    EXPECT_FALSE(m.map(button(SDL_MOUSEBUTTONUP, 970, 540, SDL_BUTTON_LEFT, SDL_TOUCH_MOUSEID), kFullHd, kFullHd, 0));
    auto up = m.map(finger(SDL_FINGERUP, 1, 0.505f, 0.5f), kFullHd, kFullHd, 0);
    ASSERT_TRUE(up);
    EXPECT_EQ(up->kind, Pointer::Kind::Up);
}

TEST(SdlPointer, TheMouseInWindowCoordinatesOnAScaledDesktop) {
    PointerMapper m;
    const ImVec2 window(960, 540), pixels(1920, 1080);  // scale 2
    EXPECT_FALSE(m.map(motion(10, 10), window, pixels, 0));  // hovering: nothing pressed
    EXPECT_FALSE(m.map(button(SDL_MOUSEBUTTONDOWN, 10, 10, SDL_BUTTON_RIGHT), window, pixels, 0));
    auto down = m.map(button(SDL_MOUSEBUTTONDOWN, 100, 50), window, pixels, 0);
    ASSERT_TRUE(down);
    EXPECT_EQ(down->kind, Pointer::Kind::Down);
    EXPECT_FLOAT_EQ(down->pos.x, 200);
    EXPECT_FLOAT_EQ(down->pos.y, 100);
    auto drag = m.map(motion(110, 60), window, pixels, 0);
    ASSERT_TRUE(drag);
    EXPECT_EQ(drag->kind, Pointer::Kind::Move);
    EXPECT_FLOAT_EQ(drag->pos.x, 220);
    EXPECT_FALSE(m.map(finger(SDL_FINGERDOWN, 1, 0.5f, 0.5f), window, pixels, 0));  // the mouse holds it
    auto up = m.map(button(SDL_MOUSEBUTTONUP, 120, 60), window, pixels, 0);
    ASSERT_TRUE(up);
    EXPECT_EQ(up->kind, Pointer::Kind::Up);
    EXPECT_FALSE(m.map(motion(130, 60), window, pixels, 0));
}

// A portrait kiosk: the panel mounted turned 90 degrees clockwise. The finger's panel position
// is the framebuffer's; the loop turns it back into the screen's (rotate_point_to_logical).
TEST(SdlPointer, AFingerOnAPanelMountedTurned) {
    PointerMapper m;
    auto down = m.map(finger(SDL_FINGERDOWN, 1, 1.0f, 0.0f), kFullHd, kFullHd, 0);  // the panel's top right
    ASSERT_TRUE(down);
    const ImVec2 logical = rotate_point_to_logical(down->pos, 90, kFullHd);
    EXPECT_FLOAT_EQ(logical.x, 0);  // the portrait screen's top left
    EXPECT_FLOAT_EQ(logical.y, 0);
}

TEST(SdlOperatorChord, CtrlAltQByKeyPosition) {
    EXPECT_TRUE(operator_chord(key(SDL_SCANCODE_Q, SDLK_q, KMOD_LCTRL | KMOD_LALT)));
    EXPECT_TRUE(operator_chord(key(SDL_SCANCODE_Q, SDLK_a, KMOD_RCTRL | KMOD_LALT)));   // AZERTY: the key is 'a'
    EXPECT_TRUE(operator_chord(key(SDL_SCANCODE_Q, 0x0439, KMOD_LCTRL | KMOD_RALT)));   // Russian layout: 'й'
    EXPECT_FALSE(operator_chord(key(SDL_SCANCODE_A, SDLK_q, KMOD_LCTRL | KMOD_LALT)));  // AZERTY's 'q' key
    EXPECT_FALSE(operator_chord(key(SDL_SCANCODE_Q, SDLK_q, KMOD_LCTRL)));
    EXPECT_FALSE(operator_chord(key(SDL_SCANCODE_Q, SDLK_q, KMOD_LALT)));
    EXPECT_FALSE(operator_chord(key(SDL_SCANCODE_Q, SDLK_q, KMOD_LCTRL | KMOD_LALT, SDL_KEYUP)));
    EXPECT_FALSE(operator_chord(key(SDL_SCANCODE_Q, SDLK_q, KMOD_LCTRL | KMOD_LALT, SDL_KEYDOWN, 1)));  // held
}

}  // namespace
