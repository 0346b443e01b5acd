// The bookkeeping of one progressive chart redraw (web/render/chart_renderer.hpp): which
// points the next frame draws, whether the picture is complete, and which inputs it is of.
//
// Why the picture is drawn over several frames: in software WebGL one redraw of 100,000
// points takes 150-600 ms, which in one frame is a visible stall. The renderer draws a run
// into a back target, a batch per frame, while the panel keeps showing the last complete
// picture, and swaps when the run ends. New inputs restart the run from its first point.
// Pure and GL-free: tested natively (tests/web/progressive_run_test.cpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace offerscope::web {

class ProgressiveRun {
 public:
  struct Range {
    std::size_t first = 0, count = 0;
  };

  // Starts drawing a picture of `total_points` points for inputs named `tag` (the caller's
  // id of what the picture shows); a run in progress is abandoned.
  void Start(std::size_t total_points, std::uint64_t tag) {
    total_ = total_points;
    next_ = 0;
    tag_ = tag;
    active_ = true;
  }

  // The next at most `batch_points` points to draw ({first, 0} once all are drawn).
  Range Take(std::size_t batch_points) {
    if (!active_) return {};
    const Range r{next_, std::min(batch_points, total_ - next_)};
    next_ += r.count;
    return r;
  }

  // Every point of the run was handed out: the caller finishes the picture (the shapes
  // over the points) and shows it. Then Finish() ends the run.
  bool AllTaken() const { return active_ && next_ >= total_; }
  // Ends the run; returns the tag of the picture now complete.
  std::uint64_t Finish() {
    active_ = false;
    return tag_;
  }

  bool active() const { return active_; }
  std::uint64_t tag() const { return tag_; }
  std::size_t drawn() const { return next_; }
  std::size_t total() const { return total_; }

 private:
  std::size_t total_ = 0, next_ = 0;
  std::uint64_t tag_ = 0;
  bool active_ = false;
};

}  // namespace offerscope::web
