// ProgressiveRun (web/render/progressive_run.hpp): which points each frame of a
// progressive chart redraw draws, and when the picture is complete.
#include "web/render/progressive_run.hpp"

#include <gtest/gtest.h>

namespace offerscope::web {
namespace {

TEST(ProgressiveRun, HandsOutEveryPointOnceInOrder) {
  ProgressiveRun run;
  run.Start(10, 7);
  std::size_t next = 0;
  int batches = 0;
  while (!run.AllTaken()) {
    const ProgressiveRun::Range r = run.Take(4);
    EXPECT_EQ(r.first, next);
    next += r.count;
    ++batches;
  }
  EXPECT_EQ(next, 10u);
  EXPECT_EQ(batches, 3);  // 4 + 4 + 2
  EXPECT_TRUE(run.active());
  EXPECT_EQ(run.Finish(), 7u);
  EXPECT_FALSE(run.active());
  EXPECT_EQ(run.Take(4).count, 0u);
}

TEST(ProgressiveRun, ARestartBeginsAgainFromTheFirstPointWithTheNewTag) {
  ProgressiveRun run;
  run.Start(100, 1);
  run.Take(60);
  run.Start(50, 2);  // new inputs mid-run
  EXPECT_EQ(run.drawn(), 0u);
  const ProgressiveRun::Range r = run.Take(80);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.count, 50u);
  EXPECT_TRUE(run.AllTaken());
  EXPECT_EQ(run.Finish(), 2u);
}

TEST(ProgressiveRun, AnEmptyPictureIsCompleteAtOnce) {
  ProgressiveRun run;
  run.Start(0, 3);
  EXPECT_EQ(run.Take(1000).count, 0u);
  EXPECT_TRUE(run.AllTaken());
}

TEST(ProgressiveRun, NothingBeforeAStart) {
  ProgressiveRun run;
  EXPECT_FALSE(run.active());
  EXPECT_FALSE(run.AllTaken());
  EXPECT_EQ(run.Take(10).count, 0u);
}

}  // namespace
}  // namespace offerscope::web
