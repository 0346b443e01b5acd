// The automation hook behind window.offerscope (web/automation.js): C functions the page's
// JavaScript calls. Implemented by the app itself, on its real state, so tests and scripts
// see exactly what a user sees.
#include <emscripten.h>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "imgui.h"

#include "core/filter.hpp"
#include "core/offer_json.hpp"
#include "core/providers/registry.hpp"
#include "core/query.hpp"
#include "core/synthetic.hpp"
#include "core/view_state.hpp"
#include "web/app.hpp"
#include "web/automation.hpp"
#include "web/data_loader.hpp"
#include "web/platform/browser.hpp"
#include "web/ui/chart_panel.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

namespace {
AppState* g_state = nullptr;
std::string g_out;  // answers stay valid until the next call (ccall copies them at once)

const char* Answer(std::string s) {
  g_out = std::move(s);
  return g_out.c_str();
}
}  // namespace

void InstallAutomation(AppState& state) { g_state = &state; }

}  // namespace offerscope::web

using offerscope::web::g_state;
namespace core = offerscope::core;
namespace web = offerscope::web;

extern "C" {

EMSCRIPTEN_KEEPALIVE int offerscope_ready() { return g_state && g_state->first_rows_shown ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE const char* offerscope_state() {
  if (!g_state) return web::Answer("null");
  web::AppState& s = *g_state;
  if (s.rows_dirty) web::RecomputeRows(s);
  nlohmann::json rows = nlohmann::json::array();
  for (std::uint32_t r : s.rows) rows.push_back(web::OfferKey(s.table.offer(r)));
  nlohmann::json loading = nlohmann::json::object();
  std::string snapshot;
  double now = web::NowMs();
  for (int p = 0; p < core::kProviderCount; ++p) {
    const web::ProviderStatus& st = s.providers[static_cast<std::size_t>(p)];
    static const char* kPhase[] = {"idle", "loading", "done", "error"};
    loading[std::string(core::ProviderName(static_cast<core::ProviderId>(p)))] = {
        {"phase", kPhase[static_cast<int>(st.phase)]}, {"pages", st.pages_fetched}, {"total", st.pages_total},
        {"offers", st.offers}, {"message", st.message}, {"stale", web::IsStale(st, now)}};
    if (!st.snapshot_time.empty()) snapshot = st.snapshot_time;
  }
  auto or_null = [](bool has, const std::string& v) { return has ? nlohmann::json(v) : nlohmann::json(nullptr); };
  nlohmann::json j = {{"view", core::ViewStateToJson(s.view)},
                      {"rows", rows},
                      {"total", s.rows.size()},
                      {"offers", s.table.size()},
                      {"loading", loading},
                      {"snapshot", or_null(!snapshot.empty(), snapshot)},
                      {"selected", s.selected_row},
                      {"showDetails", s.show_details},
                      {"showCompare", s.show_compare},
                      {"notices", s.notices},
                      {"queryText", s.query_bar.text},
                      {"queryError", or_null(s.query_bar.has_error, s.query_bar.error.message)},
                      {"queryErrorPos", s.query_bar.has_error ? nlohmann::json(s.query_bar.error.pos) : nlohmann::json(nullptr)},
                      {"completions", s.query_bar.completions},
                      {"completionsRect", s.query_bar.completions_rect},
                      {"queryMessageRect", s.query_bar.message_rect},
                      {"history", s.query_bar.history},
                      {"fragment", core::EncodeFragment(s.view)}};
  return web::Answer(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

EMSCRIPTEN_KEEPALIVE void offerscope_set_query(const char* q) {
  if (!g_state) return;
  web::CommitQuery(*g_state, q);
}

EMSCRIPTEN_KEEPALIVE void offerscope_select_row(int i) {
  if (g_state && i >= 0 && i < static_cast<int>(g_state->rows.size())) g_state->selected_row = i, g_state->scroll_to_selected = true;
}

EMSCRIPTEN_KEEPALIVE int offerscope_sort_by(const char* keys) {
  if (!g_state) return 0;
  std::vector<core::SortKey> parsed;
  std::string error;
  if (!core::ParseSortKeys(keys, parsed, error)) return 0;
  g_state->view.sort = parsed;
  g_state->rows_dirty = true;
  return 1;
}

EMSCRIPTEN_KEEPALIVE void offerscope_open_compare() {
  if (g_state) g_state->show_compare = true;
}

// Shows or hides a window: "details", "compare", "groups", "instances", "settings", "chart".
EMSCRIPTEN_KEEPALIVE int offerscope_open_panel(const char* name, int open) {
  if (!g_state) return 0;
  web::AppState& s = *g_state;
  std::string n = name;
  bool* flag = n == "details" ? &s.show_details : n == "compare" ? &s.show_compare : n == "groups" ? &s.show_groups
             : n == "instances" ? &s.show_instances : n == "settings" ? &s.show_settings : n == "chart" ? &s.show_chart : nullptr;
  if (!flag) return 0;
  if (n == "instances" && open && !*flag) web::LoadInstances(s);
  *flag = open != 0;
  return 1;
}

EMSCRIPTEN_KEEPALIVE void offerscope_compare_row(int i) {
  if (g_state && i >= 0 && i < static_cast<int>(g_state->rows.size())) web::AddToCompare(*g_state, g_state->rows[i]);
}

EMSCRIPTEN_KEEPALIVE const char* offerscope_export_csv() {
  if (!g_state) return "";
  if (g_state->rows_dirty) web::RecomputeRows(*g_state);
  return web::Answer(web::ExportCsv(*g_state));
}

EMSCRIPTEN_KEEPALIVE void offerscope_load_synthetic(int n) {
  if (!g_state || n < 0) return;
  web::CancelLoading(*g_state);
  std::vector<core::Offer> offers = core::GenerateOffers(static_cast<std::size_t>(n), 7);
  // The provider list shows how many offers each provider has: these, not the last load's.
  for (web::ProviderStatus& st : g_state->providers) st.offers = 0;
  for (const core::Offer& o : offers) ++g_state->providers[static_cast<std::size_t>(o.provider)].offers;
  web::ReplaceTable(*g_state, std::move(offers));
}

// What the UI is drawn at: the UI scale, the device pixel ratio, the font as rasterised in
// the atlas (framebuffer px) and as laid out (CSS px), the style sizes that scale with it,
// and what the last drawn frame sent to WebGL.
EMSCRIPTEN_KEEPALIVE const char* offerscope_ui_metrics() {
  if (!g_state) return "null";
  const ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImFont* font = io.Fonts->Fonts.empty() ? nullptr : io.Fonts->Fonts[0];
  nlohmann::json j = {{"uiScale", g_state->settings.ui_scale},
                      {"dpr", io.DisplayFramebufferScale.x},
                      {"displayCss", {io.DisplaySize.x, io.DisplaySize.y}},
                      {"fontAtlasPx", font ? font->FontSize : 0.0f},
                      {"fontCssPx", font ? font->FontSize * io.FontGlobalScale : 0.0f},
                      {"atlasSize", {io.Fonts->TexWidth, io.Fonts->TexHeight}},
                      {"atlasBuilds", g_state->font_atlas_builds},
                      {"framePaddingCss", {style.FramePadding.x, style.FramePadding.y}},
                      {"cellPaddingCss", {style.CellPadding.x, style.CellPadding.y}},
                      {"statusBarRightCss", g_state->status_bar_right_css},
                      {"lastDraw",
                       {{"drawCalls", g_state->last_draw_calls},
                        {"fillTriangles", g_state->last_fill_triangles},
                        {"texturedTriangles", g_state->last_textured_triangles},
                        {"damageCss", g_state->last_damage_css}}}};
  return web::Answer(j.dump());
}

// The next frame redraws the whole canvas rather than what changed (a test compares both).
EMSCRIPTEN_KEEPALIVE void offerscope_redraw_all() {
  if (g_state) g_state->full_redraw_requested = true;
}

EMSCRIPTEN_KEEPALIVE double offerscope_frame_count() { return g_state ? static_cast<double>(g_state->frames_run) : 0; }

EMSCRIPTEN_KEEPALIVE const char* offerscope_frame_times() {
  if (!g_state) return "[]";
  return web::Answer(nlohmann::json(g_state->frame_ms).dump());
}

EMSCRIPTEN_KEEPALIVE const char* offerscope_frame_work_times() {
  if (!g_state) return "[]";
  return web::Answer(nlohmann::json(g_state->frame_work_ms).dump());
}

EMSCRIPTEN_KEEPALIVE const char* offerscope_frame_log() {
  if (!g_state) return "[]";
  nlohmann::json out = nlohmann::json::array();
  for (const web::FrameRecord& r : g_state->frame_log)
    out.push_back({{"startMs", r.start_ms},
                   {"intervalMs", r.interval_ms},
                   {"callbackIntervalMs", r.callback_interval_ms},
                   {"lateMs", r.late_ms},
                   {"workMs", r.work_ms},
                   {"appMs", r.app_ms},
                   {"renderMs", r.render_ms},
                   {"damageCss", r.damage_css},
                   {"damageRects", r.damage_rects},
                   {"damageShare", r.damage_share},
                   {"drawCalls", r.draw_calls},
                   {"fillTriangles", r.fill_triangles},
                   {"texturedTriangles", r.textured_triangles},
                   {"lists", r.lists},
                   {"chartDrawn", r.chart_drawn},
                   {"chartPoints", r.chart_points},
                   {"rowsChanged", r.rows_changed},
                   {"cause", r.cause}});
  return web::Answer(out.dump());
}

// What the scatter chart shows: whether its picture is of the current rows, and a redraw
// in progress (the chart draws a new picture over several frames).
EMSCRIPTEN_KEEPALIVE const char* offerscope_chart_state() {
  if (!g_state) return "null";
  const web::ChartStatus st = web::ScatterChartStatus(*g_state);
  nlohmann::json j = {{"shown", st.shown}, {"current", st.current}, {"drawing", st.drawing},
                      {"drawn", st.drawn}, {"total", st.total}, {"pointsShown", st.points_shown}};
  return web::Answer(j.dump());
}

EMSCRIPTEN_KEEPALIVE void offerscope_describe_frames(int on) {
  if (g_state) g_state->describe_frames = on != 0;
}

// Empties frameTimes(), frameWorkTimes() and frameLog(), so a benchmark reads only the frames
// of one phase.
EMSCRIPTEN_KEEPALIVE void offerscope_reset_frame_times() {
  if (!g_state) return;
  g_state->frame_ms.clear();
  g_state->frame_work_ms.clear();
  g_state->frame_log.clear();
}

// Filter + sort of the current table with a query and sort keys, timed inside WebAssembly
// (the benchmark's wasm side). Returns milliseconds, or -1 on a bad query.
EMSCRIPTEN_KEEPALIVE double offerscope_bench_query(const char* query, const char* sort, int repeats) {
  if (!g_state) return -1;
  core::ParsedQuery q;
  core::QueryMessage err;
  if (!core::ParseQuery(query, q, err)) return -1;
  core::Result<core::Filter> f = core::CompileFilter(q);
  std::vector<core::SortKey> keys;
  std::string e;
  core::ParseSortKeys(sort, keys, e);
  std::vector<std::uint32_t> rows;
  std::vector<double> times;
  for (int i = 0; i < std::max(1, repeats); ++i) {
    double t0 = emscripten_get_now();
    g_state->table.Query(f.value, keys, rows);
    times.push_back(emscripten_get_now() - t0);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// The rows benchQuery's filter + sort gives, as "provider:id" in display order (JSON array),
// without touching the view: lets the benchmark check its JavaScript baseline agrees.
EMSCRIPTEN_KEEPALIVE const char* offerscope_query_rows(const char* query, const char* sort) {
  if (!g_state) return "[]";
  core::ParsedQuery q;
  core::QueryMessage err;
  if (!core::ParseQuery(query, q, err)) return "[]";
  core::Result<core::Filter> f = core::CompileFilter(q);
  std::vector<core::SortKey> keys;
  std::string e;
  core::ParseSortKeys(sort, keys, e);
  std::vector<std::uint32_t> rows;
  g_state->table.Query(f.value, keys, rows);
  nlohmann::json out = nlohmann::json::array();
  for (std::uint32_t r : rows) out.push_back(web::OfferKey(g_state->table.offer(r)));
  return web::Answer(out.dump());
}

// The loaded offers in table order, as plain JSON objects with the fields the benchmark
// query uses (unknown numbers are null), for the JavaScript filter + sort baseline.
EMSCRIPTEN_KEEPALIVE const char* offerscope_table_offers() {
  if (!g_state) return "[]";
  auto num = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
  nlohmann::json out = nlohmann::json::array();
  for (const core::Offer& o : g_state->table.offers())
    out.push_back({{"key", web::OfferKey(o)},
                   {"provider", std::string(core::ProviderName(o.provider))},
                   {"id", o.id},
                   {"gpu", o.gpu},
                   {"gpu_count", o.gpu_count > 0 ? nlohmann::json(o.gpu_count) : nlohmann::json(nullptr)},
                   {"vram_gb", num(o.vram_gb)},
                   {"price_usd_per_gpu_hour", num(o.price_usd_per_gpu_hour)},
                   {"country", o.country}});
  return web::Answer(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Frees the last answer's memory (a 100,000-offer answer is megabytes of heap).
EMSCRIPTEN_KEEPALIVE void offerscope_release_answer() { std::string().swap(web::g_out); }

// Normalizes `len` bytes of a provider's offers page with core's parser (the provider's
// ProviderDef::parse_offers, as the app's fetch loop does), `repeats` times, timed inside
// WebAssembly. JSON {"ms": median, "best": ms, "offers": n, "error": text}.
EMSCRIPTEN_KEEPALIVE const char* offerscope_bench_normalize(const char* provider, const char* bytes, int len,
                                                            int repeats) {
  std::optional<core::ProviderId> id = core::ProviderFromName(provider);
  if (!id || !bytes || len < 0) return web::Answer("{\"error\":\"unknown provider\"}");
  const core::ProviderDef& p = core::GetProvider(*id);
  core::HttpRequest req = p.plan_offers(core::PlanOptions{}).front();
  core::NormalizeOptions opts;
  opts.fetched_at = "2026-11-23T00:00:00Z";
  std::string_view body(bytes, static_cast<std::size_t>(len));
  std::vector<double> times;
  std::size_t offers = 0;
  std::string error;
  for (int i = 0; i < std::max(1, repeats); ++i) {
    double t0 = emscripten_get_now();
    core::Page page = p.parse_offers(req, 200, body, opts);
    times.push_back(emscripten_get_now() - t0);
    offers = page.offers.size();
    error = page.error;
  }
  std::sort(times.begin(), times.end());
  nlohmann::json j = {{"ms", times[times.size() / 2]}, {"best", times.front()}, {"offers", offers}, {"error", error}};
  return web::Answer(j.dump());
}

}  // extern "C"
