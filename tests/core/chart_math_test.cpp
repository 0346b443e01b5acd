#include "core/chart_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace offerscope::core;

TEST(AxisScale, MapsLinearAndLogRangesBothWays) {
  AxisScale lin{0, 10, false};
  EXPECT_DOUBLE_EQ(lin.ToUnit(2.5), 0.25);
  EXPECT_DOUBLE_EQ(lin.FromUnit(0.25), 2.5);
  AxisScale lg{0.1, 10, true};
  EXPECT_NEAR(lg.ToUnit(1), 0.5, 1e-12);
  EXPECT_NEAR(lg.FromUnit(0.5), 1.0, 1e-12);
  EXPECT_FALSE((AxisScale{0, 10, true}).Valid());
}

TEST(FitScale, SkipsUnknownAndNonPositiveOnLogAxes) {
  AxisScale s = FitScale({NAN, 1.0, 3.0, -2.0}, true, 0.0);
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.max, 3.0);
  AxisScale single = FitScale({2.0}, false, 0.0);
  EXPECT_LT(single.min, 2.0);
  EXPECT_GT(single.max, 2.0);
  AxisScale empty = FitScale({}, false);
  EXPECT_TRUE(empty.Valid());
}

TEST(NiceTicks, UsesOneTwoFiveStepsWithCleanLabels) {
  std::vector<Tick> t = NiceTicks(AxisScale{0, 1, false}, 5);
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].label, "0.0");
  EXPECT_EQ(t[3].label, "0.6");
  EXPECT_DOUBLE_EQ(t[3].value, 0.6);
  std::vector<Tick> big = NiceTicks(AxisScale{0, 2000, false}, 4);
  ASSERT_GE(big.size(), 3u);
  EXPECT_EQ(big[1].label, "500");
  std::vector<Tick> huge = NiceTicks(AxisScale{0, 100000, false}, 2);
  EXPECT_EQ(huge[1].label, "50k");
}

TEST(NiceTicks, PutsLogTicksOnDecadesAndTheirTwosAndFives) {
  std::vector<Tick> t = NiceTicks(AxisScale{0.1, 10, true}, 8);
  std::vector<std::string> labels;
  for (const Tick& k : t) labels.push_back(k.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"0.1", "0.2", "0.5", "1", "2", "5", "10"}));
  std::vector<Tick> wide = NiceTicks(AxisScale{0.01, 1e5, true}, 5);
  for (const Tick& k : wide) EXPECT_NEAR(std::log10(k.value), std::round(std::log10(k.value)), 1e-9);
}

TEST(PointPicker, FindsTheSameNearestPointAsABruteForceScan) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<float> x(5000), y(5000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = u(rng), y[i] = u(rng);
  x[10] = NAN;
  PointPicker picker;
  picker.Build(x, y, 32);
  for (int trial = 0; trial < 500; ++trial) {
    float qx = u(rng), qy = u(rng), r = 0.02f, aspect = 1.6f;
    int brute = -1;
    float best = r * r;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(x[i])) continue;
      float dx = (x[i] - qx) * aspect, dy = y[i] - qy, d2 = dx * dx + dy * dy;
      if (d2 < best) best = d2, brute = static_cast<int>(i);
    }
    EXPECT_EQ(picker.Nearest(qx, qy, r, aspect), brute) << "query " << qx << "," << qy;
  }
}

TEST(PointPicker, ReturnsNothingFarFromEveryPointAndBrushesByX) {
  PointPicker picker;
  picker.Build({0.1f, 0.5f, 0.9f}, {0.1f, 0.5f, 0.9f});
  EXPECT_EQ(picker.Nearest(0.3f, 0.9f, 0.05f), -1);
  EXPECT_EQ(picker.Nearest(0.51f, 0.49f, 0.05f), 1);
  EXPECT_EQ(picker.InXRange(0.4f, 1.0f), (std::vector<std::uint32_t>{1, 2}));
}

TEST(ComputeBoxStats, GivesQuartilesAndTukeyWhiskers) {
  BoxStats b = ComputeBoxStats({1, 2, 3, 4, 5, 6, 7, 8, 9, 100, NAN});
  EXPECT_EQ(b.count, 10);
  EXPECT_DOUBLE_EQ(b.median, 5.5);
  EXPECT_DOUBLE_EQ(b.q1, 3.25);
  EXPECT_DOUBLE_EQ(b.q3, 7.75);
  EXPECT_DOUBLE_EQ(b.whisker_high, 9);  // 100 is an outlier beyond q3 + 1.5 IQR
  EXPECT_DOUBLE_EQ(b.max, 100);
  EXPECT_EQ(ComputeBoxStats({}).count, 0);
}
