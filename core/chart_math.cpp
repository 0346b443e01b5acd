#include "chart_math.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace offerscope::core {

double AxisScale::ToUnit(double v) const {
  if (log) return (std::log10(v) - std::log10(min)) / (std::log10(max) - std::log10(min));
  return (v - min) / (max - min);
}

double AxisScale::FromUnit(double u) const {
  if (log) return std::pow(10.0, std::log10(min) + u * (std::log10(max) - std::log10(min)));
  return min + u * (max - min);
}

bool AxisScale::Valid() const {
  return std::isfinite(min) && std::isfinite(max) && max > min && (!log || min > 0);
}

AxisScale FitScale(const std::vector<double>& values, bool log, double pad_fraction) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values) {
    if (std::isnan(v) || (log && v <= 0)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  AxisScale s;
  s.log = log;
  if (!std::isfinite(lo)) {  // nothing to show: a harmless default range
    s.min = log ? 0.1 : 0;
    s.max = log ? 10 : 1;
    return s;
  }
  if (log) {
    double a = std::log10(lo), b = std::log10(hi);
    if (b - a < 1e-9) a -= 0.5, b += 0.5;
    double pad = (b - a) * pad_fraction;
    s.min = std::pow(10.0, a - pad);
    s.max = std::pow(10.0, b + pad);
  } else {
    if (hi - lo < 1e-12) {
      double half = std::max(std::fabs(lo) * 0.1, 0.5);
      lo -= half, hi += half;
    }
    double pad = (hi - lo) * pad_fraction;
    s.min = lo - pad;
    s.max = hi + pad;
  }
  return s;
}

namespace {

// Fewest decimals (0..6) that print `step` exactly enough to tell neighbours apart.
int DecimalsFor(double step) {
  for (int d = 0; d < 6; ++d) {
    double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) return d;
  }
  return 6;
}

std::string FormatTick(double v, int decimals) {
  char buf[48];
  double a = std::fabs(v);
  if (a >= 1e6 && decimals == 0) {
    std::snprintf(buf, sizeof buf, "%gM", v / 1e6);
  } else if (a >= 1e4 && decimals == 0) {
    std::snprintf(buf, sizeof buf, "%gk", v / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  }
  std::string s = buf;
  if (s == "-0") s = "0";
  return s;
}

}  // namespace

std::vector<Tick> NiceTicks(const AxisScale& scale, int target_count) {
  std::vector<Tick> ticks;
  if (!scale.Valid() || target_count < 1) return ticks;
  if (scale.log) {
    // Decades, with 2 and 5 in between when the range is short enough to have room.
    int lo = static_cast<int>(std::floor(std::log10(scale.min)));
    int hi = static_cast<int>(std::ceil(std::log10(scale.max)));
    int decades = std::max(1, hi - lo);
    const double mults_all[] = {1, 2, 5};
    int per_decade = decades * 3 <= target_count * 2 ? 3 : 1;
    for (int e = lo; e <= hi; ++e) {
      for (int m = 0; m < per_decade; ++m) {
        double v = mults_all[m] * std::pow(10.0, e);
        if (v < scale.min * (1 - 1e-9) || v > scale.max * (1 + 1e-9)) continue;
        ticks.push_back({v, FormatTick(v, e < 0 ? -e : 0)});
      }
    }
    return ticks;
  }
  double span = scale.max - scale.min;
  double raw = span / target_count;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  int decimals = DecimalsFor(step);
  for (double v = std::ceil(scale.min / step) * step; v <= scale.max + step * 1e-9; v += step) {
    double snapped = std::round(v / step) * step;  // no 0.30000000000000004
    ticks.push_back({snapped, FormatTick(snapped, decimals)});
    if (ticks.size() > 1000) break;  // a degenerate span cannot loop forever
  }
  return ticks;
}

int PointPicker::CellOf(float u) const {
  int c = static_cast<int>(u * static_cast<float>(cells_));
  return std::clamp(c, 0, cells_ - 1);
}

void PointPicker::Build(const std::vector<float>& x, const std::vector<float>& y, int grid_cells) {
  x_ = x;
  y_ = y;
  cells_ = std::max(1, grid_cells);
  const std::size_t n = std::min(x.size(), y.size());
  std::vector<std::uint32_t> counts(static_cast<std::size_t>(cells_) * cells_ + 1, 0);
  auto cell_index = [&](std::size_t i) { return CellOf(y_[i]) * cells_ + CellOf(x_[i]); };
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(x_[i]) && !std::isnan(y_[i])) ++counts[cell_index(i) + 1];
  for (std::size_t c = 1; c < counts.size(); ++c) counts[c] += counts[c - 1];
  cell_start_ = counts;
  cell_points_.assign(counts.back(), 0);
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(x_[i]) && !std::isnan(y_[i])) cell_points_[counts[cell_index(i)]++] = static_cast<std::uint32_t>(i);
}

int PointPicker::Nearest(float ux, float uy, float radius, float aspect) const {
  if (cells_ == 0 || cell_points_.empty()) return -1;
  int cx0 = CellOf(ux - radius / std::max(aspect, 1e-6f)), cx1 = CellOf(ux + radius / std::max(aspect, 1e-6f));
  int cy0 = CellOf(uy - radius), cy1 = CellOf(uy + radius);
  int best = -1;
  float best_d2 = radius * radius;
  for (int cy = cy0; cy <= cy1; ++cy) {
    for (int cx = cx0; cx <= cx1; ++cx) {
      std::size_t c = static_cast<std::size_t>(cy) * cells_ + cx;
      for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1]; ++k) {
        std::uint32_t i = cell_points_[k];
        float dx = (x_[i] - ux) * aspect, dy = y_[i] - uy;
        float d2 = dx * dx + dy * dy;
        // Ties go to the lower index, so picking is deterministic.
        if (d2 < best_d2 || (d2 == best_d2 && best >= 0 && static_cast<int>(i) < best)) {
          best_d2 = d2;
          best = static_cast<int>(i);
        }
      }
    }
  }
  return best;
}

std::vector<std::uint32_t> PointPicker::InXRange(float x0, float x1) const {
  if (x0 > x1) std::swap(x0, x1);
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < x_.size() && i < y_.size(); ++i)
    if (!std::isnan(y_[i]) && x_[i] >= x0 && x_[i] <= x1) out.push_back(static_cast<std::uint32_t>(i));
  return out;
}

namespace {
double Quantile(const std::vector<double>& sorted, double q) {
  double pos = q * static_cast<double>(sorted.size() - 1);
  std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}
}  // namespace

BoxStats ComputeBoxStats(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
  BoxStats b;
  b.count = static_cast<int>(values.size());
  if (values.empty()) return b;
  std::sort(values.begin(), values.end());
  b.min = values.front();
  b.max = values.back();
  b.q1 = Quantile(values, 0.25);
  b.median = Quantile(values, 0.5);
  b.q3 = Quantile(values, 0.75);
  double iqr = b.q3 - b.q1;
  b.whisker_low = b.max;
  b.whisker_high = b.min;
  for (double v : values) {
    if (v >= b.q1 - 1.5 * iqr) b.whisker_low = std::min(b.whisker_low, v);
    if (v <= b.q3 + 1.5 * iqr) b.whisker_high = std::max(b.whisker_high, v);
  }
  return b;
}

}  // namespace offerscope::core
