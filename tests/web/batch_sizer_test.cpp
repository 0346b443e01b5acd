// BatchSizer (web/render/batch_sizer.hpp): how many chart points a frame of a progressive
// redraw draws, from the last frame's interval.
#include "web/render/batch_sizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace offerscope::web {
namespace {

TEST(BatchSizer, StartsAtTheInitialSize) {
  BatchSizer s;
  EXPECT_EQ(s.points(), BatchSizerConfig().initial_points);
}

TEST(BatchSizer, ASlowFrameHalvesWhatItDrew) {
  BatchSizer s;
  s.OnFrame(4000, 40.0f);
  EXPECT_EQ(s.points(), 2000u);
  // A short last batch that was slow: half of what it drew, not of the batch size.
  s.OnFrame(1200, 40.0f);
  EXPECT_EQ(s.points(), BatchSizerConfig().min_points);
}

TEST(BatchSizer, NeverBelowTheMinimumSoARedrawEnds) {
  BatchSizer s;
  for (int i = 0; i < 20; ++i) s.OnFrame(s.points(), 500.0f);
  EXPECT_EQ(s.points(), BatchSizerConfig().min_points);
}

TEST(BatchSizer, GrowsOnlyAfterFastFramesInARow) {
  BatchSizer s;
  s.OnFrame(4000, 16.7f);
  EXPECT_EQ(s.points(), 4000u);  // one fast frame: no change yet
  s.OnFrame(4000, 16.7f);
  EXPECT_EQ(s.points(), 6000u);
  // An in-between frame breaks the streak.
  s.OnFrame(6000, 16.7f);
  s.OnFrame(6000, 18.5f);
  s.OnFrame(6000, 16.7f);
  EXPECT_EQ(s.points(), 6000u);
  s.OnFrame(6000, 16.7f);
  EXPECT_EQ(s.points(), 9000u);
}

TEST(BatchSizer, AFastFrameWithAShortBatchDoesNotGrowIt) {
  BatchSizer s;
  for (int i = 0; i < 10; ++i) s.OnFrame(500, 16.7f);
  EXPECT_EQ(s.points(), 4000u);
}

TEST(BatchSizer, FramesWithoutChartPointsDoNotMoveIt) {
  BatchSizer s;
  s.OnFrame(0, 300.0f);  // a slow frame that drew no chart points (a new query's layout)
  s.OnFrame(0, 1.0f);
  EXPECT_EQ(s.points(), 4000u);
}

TEST(BatchSizer, OnAFastGpuItSoonDrawsEverythingInAFrame) {
  // A real GPU: every frame on time whatever the batch; 100,000 points per frame within a
  // dozen frames or so, not a hundred frames of 4,000.
  BatchSizer s;
  int frames = 0;
  while (s.points() < 100000 && frames < 100) s.OnFrame(s.points(), 16.6f), ++frames;
  EXPECT_LE(frames, 20);
}

TEST(BatchSizer, SettlesBelowWhatAFrameCanHold) {
  // A software rasteriser: a frame costs 10 ms plus 3 us per point, and runs over 20 ms
  // past ~3,300 points. The sizes it settles on stay within a factor of two of that, and
  // few frames run over.
  BatchSizer s;
  int slow = 0;
  for (int i = 0; i < 200; ++i) {
    const float interval = 10.0f + 0.003f * static_cast<float>(s.points());
    if (interval > 20.0f) ++slow;
    s.OnFrame(s.points(), interval < 16.7f ? 16.7f : interval);
  }
  EXPECT_LE(s.points(), 3334u);
  EXPECT_GE(s.points(), 1000u);
  EXPECT_LE(slow, 200 / 5);
}

TEST(BatchSizer, ALateCallbackShrinksItByAQuarter) {
  BatchSizer s;
  s.OnFrame(4000, 16.7f, 7.5f);  // on time, but the GPU process was still busy: 7.5 ms late
  EXPECT_EQ(s.points(), 3000u);
  s.OnFrame(3000, 40.0f, 20.0f);  // slow as well: halved, as any slow frame
  EXPECT_EQ(s.points(), 1500u);
}

TEST(BatchSizer, OnlyFramesWhoseCallbackRanOnTimeCountTowardsGrowing) {
  BatchSizer s;
  s.OnFrame(4000, 16.7f, 0.5f);
  s.OnFrame(4000, 16.7f, 2.0f);  // a little late: holds, and breaks the streak
  EXPECT_EQ(s.points(), 4000u);
  s.OnFrame(4000, 16.7f, 0.5f);
  EXPECT_EQ(s.points(), 4000u);
  s.OnFrame(4000, 16.7f, 0.5f);
  EXPECT_EQ(s.points(), 6000u);
}

// A software rasteriser in the GPU process, as measured in session 10: a batch of n points
// costs it 6 ms + 2.5 us per point, run after the frame that sent it. What it has not done
// when the next frame begins delays that frame's callback; past 10 ms the frame misses its
// vsync (the interval is two frames, and the rasteriser gets a frame more). Returns the
// frames that missed in `frames` frames of one long redraw.
int MissedFrames(bool pass_lateness, int frames) {
  BatchSizer s;
  double backlog_ms = 0;
  int missed = 0;
  for (int i = 0; i < frames; ++i) {
    const std::size_t n = s.points();
    backlog_ms = std::max(0.0, backlog_ms + 6.0 + 0.0025 * static_cast<double>(n) - 16.7);
    float interval = 16.7f;
    if (backlog_ms > 10.0) {
      ++missed;
      interval = 33.3f;
      backlog_ms = std::max(0.0, backlog_ms - 16.7);
    }
    s.OnFrame(n, interval, pass_lateness ? static_cast<float>(backlog_ms) : 0.0f);
  }
  return missed;
}

TEST(BatchSizer, ReadingLatenessMissesFewerFramesOnASlowGpu) {
  const int without = MissedFrames(false, 300), with = MissedFrames(true, 300);
  EXPECT_LE(with, 2);
  EXPECT_LT(with, without);
}

TEST(BatchSizer, RespectsTheConfiguredLimits) {
  BatchSizerConfig c;
  c.min_points = 10, c.max_points = 50, c.initial_points = 100;
  BatchSizer s(c);
  EXPECT_EQ(s.points(), 50u);
  for (int i = 0; i < 10; ++i) s.OnFrame(s.points(), 1.0f);
  EXPECT_EQ(s.points(), 50u);
  for (int i = 0; i < 10; ++i) s.OnFrame(s.points(), 100.0f);
  EXPECT_EQ(s.points(), 10u);
}

}  // namespace
}  // namespace offerscope::web
