// The loop (presentation mode): the event's playlist, slide after slide, forever.
//
// The slide on screen is a pure function of the wall clock: the time since a playlist epoch
// (by default midnight, event local time, of the event's first day), taken modulo the
// playlist's total duration. Every screen whose clock is synchronised (NTP) therefore shows the
// same slide at the same moment, with no network between screens and no configuration; the
// app's own uptime (ScreenFrame::seconds) plays no part.
//
// Dayparts (content.h: Daypart): an item with `days`, `from`, `until` or `during` is in the
// loop only while they hold (`during` in the screen's hall, ScreenFrame::hall). The position
// is taken over the items shown at that moment, from the same epoch, so the loop stays a pure
// function of the wall clock and every screen of a hall agrees; the set changes only at a
// daypart's boundary, which loop_next_change_in reports. With no item shown, the title slide.
//
// A slide's `transition` is how that slide comes in: during the first transition_s seconds of
// the slide (at most half its duration) the previous slide crossfades into it, or both slides
// move sideways (the new one comes in from the end of the reading direction: from the right in
// left-to-right languages, from the left in Arabic), or it simply cuts in.
//
// Everything scales from the screen's size (1 unit = 1 % of its shorter side); in right-to-left
// languages the layout mirrors. A thin progress bar along the bottom edge fills, from the start
// side, with the current slide's elapsed time. It advances in steps (loop_progress_step) so that
// a render-on-demand window only has to draw a few frames a second between transitions.
#pragma once

#include "screens/screens.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace majlis::screens {

struct LoopPosition {
    size_t slide = 0;         // index into the playlist (0 for an empty playlist)
    double into_s = 0;        // seconds into this slide, [0, duration_s)
    size_t previous = 0;      // the slide before it (cyclically); == slide for 0 or 1 slides
    double transition = 1;    // 0..1 while the slide's transition runs (linear), 1 otherwise
    double duration_s = 0;    // this slide's duration as the loop counts it (whole ms); 0: empty
};

// Which slide is shown at `utc_ms`. The playlist starts at `epoch_utc_ms` and cycles forever in
// both directions (times before the epoch are well defined). Durations count in whole
// milliseconds (at least 1 ms; a duration that is not a positive number counts as 10 s), so
// every screen computes the very same boundaries. `transition_s` is the length of a transition
// at the start of each slide, limited to half the slide's duration; Cut slides, a playlist of
// one slide and transition_s <= 0 have none (transition = 1).
LoopPosition loop_position(const std::vector<content::Slide>& playlist, int64_t epoch_utc_ms,
                           int64_t utc_ms, double transition_s = 0.8);

// The playlist's epoch: the event's start date at 00:00 in its time zone, in UTC ms (an unknown
// zone counts the date in UTC). All screens of an event agree on it without configuration.
int64_t loop_epoch(const content::Event& event);

// Number of slides the loop shows: the playlist's size, or 1 (a title slide) when it is empty.
size_t loop_slide_count(const content::Event& event);

// The slides a frame's loop plays: ScreenFrame::playlist (a named playlist, screens.toml) or
// the event's [[playlist]]. Every screen given the same playlist shows the same slide at the
// same moment (the epoch is the event's either way).
const std::vector<content::Slide>& loop_playlist(const ScreenFrame& frame);

// The loop at frame.now_utc_ms: background, the slide (or the transition between two) and the
// progress bar.
void draw_loop(const ScreenFrame& frame);

// One slide fully (background and slide, no transition, no progress bar): for
// `majlis render --screen loop:N`. `index` counts from 0 and wraps around the playlist; an
// empty playlist has one slide, the title.
void draw_slide(const ScreenFrame& frame, size_t index);

// Render on demand: 0 while a transition runs, else the seconds (of the event clock) until the
// picture next changes: the next slide's transition, the progress bar's next step, a daypart's
// boundary (content::next_daypart_change_in), and, on slides that show the clock or what is on
// now (agenda, now/next), the next minute.
double loop_next_change_in(const ScreenFrame& frame);

// How often the progress bar moves while a slide of `duration_s` is shown: a hundredth of the
// slide, but not more often than five times a second.
double loop_progress_step(double duration_s);

}  // namespace majlis::screens
