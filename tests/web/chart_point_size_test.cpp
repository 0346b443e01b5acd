// The charts' mark sizes (web/ui/chart_point_size.hpp) follow the UI scale and the DPR.
#include "web/ui/chart_point_size.hpp"

#include <gtest/gtest.h>

namespace offerscope::web {
namespace {

TEST(ChartPointSize, ScatterPointsAtScaleOneKeepTheirSizes) {
  EXPECT_FLOAT_EQ(ScatterPointRadiusPx(1, 1.0f, 1.0f), 2.5f);
  EXPECT_FLOAT_EQ(ScatterPointRadiusPx(8, 1.0f, 1.0f), 2.5f + 1.2f * 3.0f);
  EXPECT_FLOAT_EQ(ScatterPointRadiusPx(0, 1.0f, 1.0f), 2.5f);  // unknown count: as one GPU
}

TEST(ChartPointSize, ScatterPointsGrowWithTheUiScaleAndTheDpr) {
  for (int gpus : {1, 2, 8}) {
    const float base = ScatterPointRadiusPx(gpus, 1.0f, 1.0f);
    EXPECT_FLOAT_EQ(ScatterPointRadiusPx(gpus, 1.0f, 1.5f), 1.5f * base);
    EXPECT_FLOAT_EQ(ScatterPointRadiusPx(gpus, 2.0f, 1.5f), 3.0f * base);
    EXPECT_FLOAT_EQ(ScatterPointRadiusPx(gpus, 1.0f, 0.75f), 0.75f * base);
  }
}

TEST(ChartPointSize, StripPointsPickRadiusAndFrontierFollowTheUiScale) {
  EXPECT_FLOAT_EQ(StripPointRadiusPx(1.0f, 1.0f), 2.2f);
  EXPECT_FLOAT_EQ(StripPointRadiusPx(2.0f, 2.0f), 8.8f);
  EXPECT_FLOAT_EQ(PickRadiusCss(1.0f), 8.0f);
  EXPECT_FLOAT_EQ(PickRadiusCss(1.5f), 12.0f);
  EXPECT_FLOAT_EQ(FrontierLinePx(2.0f, 1.5f), 4.5f);
}

TEST(ChartPointSize, APointAtAnyScaleStaysWithinItsPickRadius) {
  // A click on a drawn point's edge picks it: a 16-GPU offer's radius in CSS px is
  // inside the pick radius at every UI scale.
  for (float scale : {0.75f, 1.0f, 1.5f, 2.0f})
    EXPECT_LT(ScatterPointRadiusPx(16, 1.0f, scale), PickRadiusCss(scale)) << scale;
}

}  // namespace
}  // namespace offerscope::web
