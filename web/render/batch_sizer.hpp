// How many chart points the next frame of a progressive chart redraw draws
// (web/render/chart_renderer.hpp), from how long the last frame took.
//
// Why adaptive, not a fixed count: what a point costs differs by orders of magnitude
// between machines. In software WebGL (SwiftShader, headless and GPU-less browsers) 100,000
// points take 150-600 ms, so a frame may draw a few thousand; a real GPU draws all of them
// in under a millisecond, where a fixed small batch would spread one redraw over a hundred
// frames for nothing. Points also cost more at a higher device pixel ratio.
//
// Why it reads frame intervals (one frame's start to the next's), not the time our GL calls
// take: the points are rasterised in the browser's GPU process after our calls return. The
// interval is what the user sees, and a frame whose GPU work runs over delays the next.
//
// The rule: a frame slower than `slow_ms` halves the batch; a frame faster than `fast_ms`
// grows it by a half, but only after `fast_frames_to_grow` fast frames in a row, so that
// the batch does not keep probing past the budget (each probe that overshoots is a slow
// frame, and with a vsync floor of 16.7 ms a fast frame tells nothing about how much more
// would still fit); in between it holds.
//
// Why it also reads how late the frame's callback ran: a frame on time can still have
// left the GPU process behind. Then the next frame's callback starts late in its frame
// (Chromium's main thread waits on the GPU process), and one more batch of that size makes
// a frame miss its vsync. Measured with SwiftShader (session 10): batches of 4,549 points
// left the next callback 7.5 ms late with every frame on time, and the next, larger batch
// missed a frame. So a callback later than `behind_late_ms` (4 ms) shrinks the batch by a quarter,
// and only frames whose callback was on time (`fast_late_ms`) count towards growing it.
// Pure and GL-free: tested natively (tests/web/batch_sizer_test.cpp).
#pragma once

#include <algorithm>
#include <cstddef>

namespace offerscope::web {

struct BatchSizerConfig {
  std::size_t min_points = 1000;      // never fewer per frame: a redraw must end in bounded time
  std::size_t max_points = 1u << 30;  // never more (effectively: no limit)
  std::size_t initial_points = 4000;  // before anything was measured
  float slow_ms = 20.0f;              // a frame slower than this halves the batch
  float fast_ms = 17.5f;              // frames faster than this (at 60 Hz: on time) may grow it
  int fast_frames_to_grow = 2;        // ...after this many in a row
  float behind_late_ms = 4.0f;        // a callback this late in its frame shrinks it by a quarter
  float fast_late_ms = 1.0f;          // ...and one later than this does not count as fast
};

class BatchSizer {
 public:
  explicit BatchSizer(const BatchSizerConfig& config = BatchSizerConfig())
      : config_(config), points_(std::clamp(config.initial_points, config.min_points, config.max_points)) {}

  // The frame before this one drew `drawn_points` chart points (0: none) and took
  // `interval_ms` from its start to this frame's start; this frame's callback started
  // `late_ms` after this frame's start. Only frames that drew points move the batch: a
  // slow frame without chart work says nothing about the chart's cost, and a fast one says
  // nothing about how many points fit.
  void OnFrame(std::size_t drawn_points, float interval_ms, float late_ms = 0.0f) {
    if (drawn_points == 0 || !(interval_ms > 0)) return;
    // Of what was drawn, not what was planned: the last batch of a redraw is often smaller
    // than the batch size.
    const std::size_t drawn = std::min(points_, drawn_points);
    if (interval_ms > config_.slow_ms) {
      points_ = std::clamp(drawn / 2, config_.min_points, config_.max_points);
      fast_in_row_ = 0;
    } else if (late_ms > config_.behind_late_ms) {
      points_ = std::clamp(drawn - drawn / 4, config_.min_points, config_.max_points);
      fast_in_row_ = 0;
    } else if (interval_ms < config_.fast_ms && late_ms <= config_.fast_late_ms) {
      // A short last batch that was fast says little about a full one: only full batches grow it.
      if (drawn_points < points_) return;
      if (++fast_in_row_ < config_.fast_frames_to_grow) return;
      fast_in_row_ = 0;
      points_ = std::clamp(points_ + points_ / 2, config_.min_points, config_.max_points);
    } else {
      fast_in_row_ = 0;
    }
  }

  // Points to draw in this frame.
  std::size_t points() const { return points_; }

 private:
  BatchSizerConfig config_;
  std::size_t points_;
  int fast_in_row_ = 0;
};

}  // namespace offerscope::web
