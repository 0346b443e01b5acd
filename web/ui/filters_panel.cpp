// Structured filters next to the query bar. They read their values from the query text
// and write back by editing only their own comparisons (core's ReplaceFieldTerms), so the
// text and the controls always say the same thing.
#include <algorithm>
#include <cstdlib>
#include <map>

#include "core/query.hpp"
#include "core/query_edit.hpp"
#include "imgui.h"
#include "web/data_loader.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

namespace {

// The first value written for `field` with operator `op`, as text ("" when absent).
std::string TermValue(const core::ParsedQuery& q, std::string_view field, core::Op op) {
  for (const core::Term& t : q.terms)
    if ((t.field == field || t.written_field == field) && t.op == op) {
      if (t.value.is_string()) return t.value.get<std::string>();
      if (t.value.is_boolean()) return t.value.get<bool>() ? "true" : "false";
      return t.value.dump();
    }
  return {};
}

std::vector<std::string> TermList(const core::ParsedQuery& q, std::string_view field) {
  std::vector<std::string> out;
  for (const core::Term& t : q.terms)
    if (t.field == field && (t.op == core::Op::kIn || t.op == core::Op::kEq)) {
      if (t.value.is_array())
        for (const auto& v : t.value) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
      else if (t.value.is_string())
        out.push_back(t.value.get<std::string>());
    }
  return out;
}

void SetTerms(AppState& s, std::vector<std::string> fields, std::vector<std::string> terms) {
  s.view.query = core::ReplaceFieldTerms(s.view.query, fields, terms);
  s.query_bar.text = s.view.query;
  s.rows_dirty = true;
}

std::string Underscored(std::string v) {
  for (char& c : v) if (c == ' ') c = '_';
  return v;
}

// A titled divider (ImGui 1.86 has no SeparatorText).
void Section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

}  // namespace

void DrawFiltersPanel(AppState& s) {
  core::ParsedQuery q;
  core::QueryMessage err;
  bool parsed = core::ParseQuery(s.view.query, q, err);
  if (!parsed) ImGui::TextColored(ImVec4(1, 0.5f, 0.5f, 1), "Fix the query to use these.");
  ImGui::BeginDisabled(!parsed);

  Section("Providers");
  for (int p = 0; p < core::kProviderCount; ++p) {
    auto id = static_cast<core::ProviderId>(p);
    bool on = s.view.providers.empty() || std::find(s.view.providers.begin(), s.view.providers.end(), id) != s.view.providers.end();
    const ProviderStatus& st = s.providers[p];
    std::string label = std::string(core::ProviderName(id)) + " (" + std::to_string(st.offers) + ")";
    if (ImGui::Checkbox(label.c_str(), &on)) {
      std::vector<core::ProviderId> list;
      for (int k = 0; k < core::kProviderCount; ++k) {
        auto kid = static_cast<core::ProviderId>(k);
        bool was = s.view.providers.empty() || std::find(s.view.providers.begin(), s.view.providers.end(), kid) != s.view.providers.end();
        if (k == p ? on : was) list.push_back(kid);
      }
      s.view.providers = list.size() == static_cast<std::size_t>(core::kProviderCount) ? std::vector<core::ProviderId>{} : list;
      s.rows_dirty = true;
    }
  }

  Section("GPU models");
  std::vector<std::string> chosen = TermList(q, "gpu");
  std::map<std::string, int> counts;
  for (const core::Offer& o : s.table.offers()) ++counts[o.gpu];
  std::vector<std::pair<int, std::string>> popular;
  for (auto& [g, n] : counts) popular.emplace_back(-n, g);
  std::sort(popular.begin(), popular.end());
  ImGui::BeginChild("gpus", ImVec2(0, 150), true);
  for (std::size_t i = 0; i < popular.size() && i < 40; ++i) {
    const std::string& g = popular[i].second;
    bool on = std::find(chosen.begin(), chosen.end(), g) != chosen.end();
    std::string label = g + " (" + std::to_string(-popular[i].first) + ")";
    if (ImGui::Checkbox(label.c_str(), &on)) {
      if (on) chosen.push_back(g);
      else chosen.erase(std::remove(chosen.begin(), chosen.end(), g), chosen.end());
      std::string list;
      for (const std::string& c : chosen) list += (list.empty() ? "" : ",") + Underscored(c);
      SetTerms(s, {"gpu"}, chosen.empty() ? std::vector<std::string>{} : std::vector<std::string>{"gpu in [" + list + "]"});
    }
  }
  ImGui::EndChild();

  Section("Hardware and price");
  int min_count = std::atoi(TermValue(q, "gpu_count", core::Op::kGte).c_str());
  if (ImGui::SliderInt("min GPUs", &min_count, 0, 8))
    SetTerms(s, {"gpu_count"}, min_count > 0 ? std::vector<std::string>{"gpu_count>=" + std::to_string(min_count)} : std::vector<std::string>{});
  int min_vram = std::atoi(TermValue(q, "vram_gb", core::Op::kGte).c_str());
  if (ImGui::SliderInt("min VRAM GB", &min_vram, 0, 192))
    SetTerms(s, {"vram_gb"}, min_vram > 0 ? std::vector<std::string>{"vram_gb>=" + std::to_string(min_vram)} : std::vector<std::string>{});
  float max_price = static_cast<float>(std::atof(TermValue(q, "price_per_gpu", core::Op::kLte).c_str()));
  if (ImGui::SliderFloat("max $/GPU-h", &max_price, 0, 10, max_price > 0 ? "%.2f" : "any"))
    SetTerms(s, {"price_per_gpu"}, max_price > 0 ? std::vector<std::string>{"price_per_gpu<=" + core::QueryNumber(max_price)} : std::vector<std::string>{});
  float min_rel = static_cast<float>(std::atof(TermValue(q, "reliability", core::Op::kGte).c_str()));
  if (ImGui::SliderFloat("min reliability", &min_rel, 0, 1, min_rel > 0 ? "%.2f" : "any"))
    SetTerms(s, {"reliability"}, min_rel > 0 ? std::vector<std::string>{"reliability>=" + core::QueryNumber(min_rel)} : std::vector<std::string>{});
  std::vector<std::string> countries = TermList(q, "country");
  std::string country_text;
  for (const std::string& c : countries) country_text += (country_text.empty() ? "" : ",") + c;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s", country_text.c_str());
  if (ImGui::InputTextWithHint("countries", "US,CA,DE", buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue))
    SetTerms(s, {"country"}, buf[0] ? std::vector<std::string>{"country in [" + std::string(buf) + "]"} : std::vector<std::string>{});
  bool verified = TermValue(q, "verified", core::Op::kEq) == "true";
  if (ImGui::Checkbox("secure / verified only", &verified))
    SetTerms(s, {"verified"}, verified ? std::vector<std::string>{"verified=true"} : std::vector<std::string>{});
  if (ImGui::Checkbox("interruptible (bid) prices", &s.view.interruptible)) StartLoading(s);
  ImGui::EndDisabled();

  Section("Cost");
  float disk = static_cast<float>(s.view.disk_gb), hours = static_cast<float>(s.view.hours);
  if (ImGui::InputFloat("disk GB", &disk, 10, 100, "%.0f", ImGuiInputTextFlags_EnterReturnsTrue) && disk >= 0) {
    s.view.disk_gb = disk;
    s.table.Reprice(disk);
    s.rows_dirty = true;
  }
  if (ImGui::InputFloat("hours", &hours, 1, 24, "%.0f", ImGuiInputTextFlags_EnterReturnsTrue) && hours > 0) s.view.hours = hours;
}

}  // namespace offerscope::web
