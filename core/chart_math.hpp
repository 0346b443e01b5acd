// The arithmetic behind the charts, kept in core so it is unit-tested natively and the web
// panel only draws: axis scales (linear or log10), "nice" tick positions with labels, and
// picking the offer under the cursor on the CPU (no pixel read-back from the GPU).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace offerscope::core {

// Maps data values to [0, 1] along an axis. Log scales need min > 0.
struct AxisScale {
  double min = 0, max = 1;
  bool log = false;

  double ToUnit(double v) const;    // data -> 0..1 (outside the range goes beyond 0..1)
  double FromUnit(double u) const;  // 0..1 -> data
  bool Valid() const;
};

// Range covering `values` (NaN and, for log axes, non-positive values skipped), padded by
// `pad_fraction` of the span on both ends; a single value gets a small span around it.
AxisScale FitScale(const std::vector<double>& values, bool log, double pad_fraction = 0.05);

struct Tick {
  double value;
  std::string label;  // "0.5", "2", "1k", "$1.20" is the caller's business: no unit here
};

// About `target_count` ticks at 1/2/5 x 10^k steps inside [min, max] (linear), or at
// 1/2/5 x powers of ten (log). Labels use the fewest decimals that tell ticks apart.
std::vector<Tick> NiceTicks(const AxisScale& scale, int target_count);

// Points in unit coordinates, for picking. A uniform grid makes a hover query touch only
// the cells around the cursor, so 100,000 points cost microseconds per frame.
class PointPicker {
 public:
  // `x`, `y` in unit coordinates (0..1 inside the plot); NaN points are never picked.
  void Build(const std::vector<float>& x, const std::vector<float>& y, int grid_cells = 64);
  // Index of the nearest point within `radius` (unit coordinates, after scaling x by
  // `aspect` = plot width / height so distances are round on screen), or -1.
  int Nearest(float ux, float uy, float radius, float aspect = 1.0f) const;
  // Indices of points whose x lies in [x0, x1] (unit coordinates), for brushing.
  std::vector<std::uint32_t> InXRange(float x0, float x1) const;

 private:
  std::vector<float> x_, y_;
  int cells_ = 0;
  std::vector<std::uint32_t> cell_start_;  // prefix sums into `cell_points_`
  std::vector<std::uint32_t> cell_points_;
  int CellOf(float u) const;
};

// Summary of one group's values for a box plot: quartiles with Tukey whiskers (1.5 IQR).
struct BoxStats {
  double min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
  double whisker_low = 0, whisker_high = 0;
  int count = 0;
};
BoxStats ComputeBoxStats(std::vector<double> values);  // NaN values are ignored

}  // namespace offerscope::core
