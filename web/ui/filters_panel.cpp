// Structured filters next to the query bar. They read their values from the query text
// and write back by editing only their own comparisons (core's ReplaceFieldTerms), so the
// text and the controls always say the same thing. Providers, disk size and hours are view
// settings of their own (they change what is fetched or how it is priced).
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "core/fields.hpp"
#include "core/filter.hpp"
#include "core/query.hpp"
#include "core/query_edit.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/data_loader.hpp"
#include "web/ui/panels.hpp"
#include "web/ui/ui_scale.hpp"

namespace offerscope::web {

namespace {

bool IsField(const core::Term& t, core::Field f) {
  std::optional<core::Field> a = core::FieldFromName(t.field);
  std::optional<core::Field> b = core::FieldFromName(t.written_field);
  return a == f || b == f;
}

// The bound of `f` written with one of `ops` ("price_per_gpu<2.5"), if any.
std::optional<double> Bound(const core::ParsedQuery& q, core::Field f, core::Op op1, core::Op op2) {
  for (const core::Term& t : q.terms)
    if (IsField(t, f) && (t.op == op1 || t.op == op2) && t.value.is_number()) return t.value.get<double>();
  return std::nullopt;
}

bool HasTrue(const core::ParsedQuery& q, core::Field f) {
  for (const core::Term& t : q.terms)
    if (IsField(t, f) && t.op == core::Op::kEq && t.value.is_boolean() && t.value.get<bool>()) return true;
  return false;
}

// Values listed for `f` with = or in (as typed, '_' already turned into spaces by the parser).
std::vector<std::string> Listed(const core::ParsedQuery& q, core::Field f) {
  std::vector<std::string> out;
  for (const core::Term& t : q.terms) {
    if (!IsField(t, f) || (t.op != core::Op::kIn && t.op != core::Op::kEq)) continue;
    if (t.value.is_array()) {
      for (const auto& v : t.value)
        if (v.is_string()) out.push_back(v.get<std::string>());
    } else if (t.value.is_string()) {
      out.push_back(t.value.get<std::string>());
    }
  }
  return out;
}

bool SameNoCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Replaces every comparison on `f` (under any of its names) with `terms`.
void SetTerms(AppState& s, const core::ParsedQuery& q, core::Field f, std::vector<std::string> terms) {
  std::vector<std::string> names{std::string(core::Info(f).name)};
  for (const core::Term& t : q.terms)
    if (IsField(t, f)) names.push_back(t.written_field), names.push_back(t.field);
  s.view.query = core::ReplaceFieldTerms(s.view.query, names, terms);
  s.query_bar.text = s.view.query;
  s.rows_dirty = true;
}

std::string Underscored(std::string v) {
  for (char& c : v)
    if (c == ' ') c = '_';
  return v;
}

std::vector<std::string> OneTerm(bool when, std::string term) {
  return when ? std::vector<std::string>{std::move(term)} : std::vector<std::string>{};
}

// A titled divider (ImGui 1.86 has no SeparatorText).
void Section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

void RecountFacets(AppState& s) {
  if (s.facets.table_version == s.table_version) return;
  s.facets.table_version = s.table_version;
  auto count = [&s](core::Field f) {
    std::vector<int> n(s.table.CategoryCount(f), 0);
    for (std::size_t r = 0; r < s.table.size(); ++r) ++n[s.table.Category(r, f)];
    std::vector<std::pair<std::string, int>> out;
    for (std::uint32_t id = 0; id < n.size(); ++id) {
      std::string name(s.table.CategoryName(f, id));
      if (!name.empty()) out.emplace_back(std::move(name), n[id]);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    return out;
  };
  s.facets.gpus = count(core::Field::kGpu);
  s.facets.countries = count(core::Field::kCountry);
}

void ProvidersSection(AppState& s) {
  Section("Providers");
  for (int p = 0; p < core::kProviderCount; ++p) {
    auto id = static_cast<core::ProviderId>(p);
    auto shown = [&s](core::ProviderId k) {
      return s.view.providers.empty() || std::find(s.view.providers.begin(), s.view.providers.end(), k) != s.view.providers.end();
    };
    bool on = shown(id);
    std::string label = std::string(core::ProviderName(id)) + " (" + std::to_string(s.providers[static_cast<std::size_t>(p)].offers) + ")";
    if (!ImGui::Checkbox(label.c_str(), &on)) continue;
    std::vector<core::ProviderId> list;
    for (int k = 0; k < core::kProviderCount; ++k) {
      auto kid = static_cast<core::ProviderId>(k);
      if (k == p ? on : shown(kid)) list.push_back(kid);
    }
    s.view.providers = list.size() == static_cast<std::size_t>(core::kProviderCount) ? std::vector<core::ProviderId>{} : list;
    s.rows_dirty = true;
    if (on && s.providers[static_cast<std::size_t>(p)].phase == ProviderStatus::Phase::kIdle) StartLoading(s);
  }
}

// A checkbox list over the values of a text field, most common first, with a search box;
// ticking writes `field in [a,b]`.
void ValueList(AppState& s, const core::ParsedQuery& q, core::Field f, const std::vector<std::pair<std::string, int>>& values,
               std::string& search, float height) {
  std::vector<std::string> chosen = Listed(q, f);
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint(("##find" + std::string(core::Info(f).name)).c_str(), "search", &search);
  ImGui::BeginChild(core::Info(f).name.data(), ImVec2(0, height), true);
  for (const auto& [value, n] : values) {
    auto is = [&value = value](const std::string& c) { return SameNoCase(c, value); };
    bool on = std::any_of(chosen.begin(), chosen.end(), is);
    if (!on && !search.empty() && core::FoldText(value).find(core::FoldText(search)) == std::string::npos) continue;
    std::string label = value + " (" + std::to_string(n) + ")";
    if (!ImGui::Checkbox(label.c_str(), &on)) continue;
    if (on) chosen.push_back(value);
    else chosen.erase(std::remove_if(chosen.begin(), chosen.end(), is), chosen.end());
    std::string list;
    for (const std::string& c : chosen) list += (list.empty() ? "" : ",") + Underscored(c);
    SetTerms(s, q, f, OneTerm(!chosen.empty(), std::string(core::Info(f).name) + " in [" + list + "]"));
  }
  ImGui::EndChild();
}

void HardwareSection(AppState& s, const core::ParsedQuery& q) {
  Section("Hardware, price, quality");
  float label_w = ImGui::CalcTextSize("min reliability").x + ImGui::GetStyle().ItemInnerSpacing.x;
  float w = std::max(60.0f, ImGui::GetContentRegionAvail().x - label_w);
  int min_count = static_cast<int>(Bound(q, core::Field::kGpuCount, core::Op::kGte, core::Op::kGt).value_or(0));
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderInt("min GPUs", &min_count, 0, 8, min_count > 0 ? "%d" : "any"))
    SetTerms(s, q, core::Field::kGpuCount, OneTerm(min_count > 0, "gpu_count>=" + std::to_string(min_count)));
  int min_vram = static_cast<int>(Bound(q, core::Field::kVramGb, core::Op::kGte, core::Op::kGt).value_or(0));
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderInt("min VRAM GB", &min_vram, 0, 192, min_vram > 0 ? "%d" : "any"))
    SetTerms(s, q, core::Field::kVramGb, OneTerm(min_vram > 0, "vram_gb>=" + std::to_string(min_vram)));
  float max_price = static_cast<float>(Bound(q, core::Field::kPriceUsdPerGpuHour, core::Op::kLte, core::Op::kLt).value_or(0));
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderFloat("max $/GPU-h", &max_price, 0, 10, max_price > 0 ? "%.2f" : "any"))
    SetTerms(s, q, core::Field::kPriceUsdPerGpuHour, OneTerm(max_price > 0, "price_per_gpu<=" + core::QueryNumber(max_price)));
  float min_rel = static_cast<float>(Bound(q, core::Field::kReliability, core::Op::kGte, core::Op::kGt).value_or(0));
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderFloat("min reliability", &min_rel, 0, 1, min_rel > 0 ? "%.2f" : "any"))
    SetTerms(s, q, core::Field::kReliability, OneTerm(min_rel > 0, "reliability>=" + core::QueryNumber(min_rel)));
  bool verified = HasTrue(q, core::Field::kVerified);
  if (ImGui::Checkbox("secure / verified only", &verified))
    SetTerms(s, q, core::Field::kVerified, OneTerm(verified, "verified=true"));
  if (ImGui::Checkbox("interruptible (bid) prices", &s.view.interruptible)) StartLoading(s);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Reloads offers as interruptible (spot/bid) rentals where a provider has them.");
}

void CostSection(AppState& s) {
  Section("Cost");
  float label_w = ImGui::CalcTextSize("min reliability").x + ImGui::GetStyle().ItemInnerSpacing.x;
  float w = std::max(60.0f, ImGui::GetContentRegionAvail().x - label_w);
  double disk = s.view.disk_gb, hours = s.view.hours;
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputDouble("disk GB", &disk, 10, 100, "%.0f") && disk >= 0 && disk != s.view.disk_gb) {
    s.view.disk_gb = disk;
    s.table.Reprice(disk);
    ++s.table_version;
    s.rows_dirty = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Disk priced into every offer's $/h, so providers compare alike.");
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputDouble("hours", &hours, 1, 24, "%.0f") && hours > 0) s.view.hours = hours;
}

}  // namespace

void DrawFiltersPanel(AppState& s) {
  RecountFacets(s);
  // The last query that parsed: while the user is mid-typo the controls keep showing it.
  core::ParsedQuery q;
  core::QueryMessage err;
  bool parsed = core::ParseQuery(s.view.query, q, err);
  ProvidersSection(s);
  if (!parsed) ImGui::TextColored(ImVec4(1, 0.5f, 0.5f, 1), "Fix the query to use these.");
  ImGui::BeginDisabled(!parsed);
  Section("GPU models");
  ValueList(s, q, core::Field::kGpu, s.facets.gpus, s.facets.gpu_search, ScaledPx(s, 150));
  HardwareSection(s, q);
  Section("Countries");
  ValueList(s, q, core::Field::kCountry, s.facets.countries, s.facets.country_search, ScaledPx(s, 110));
  ImGui::EndDisabled();
  CostSection(s);
}

}  // namespace offerscope::web
