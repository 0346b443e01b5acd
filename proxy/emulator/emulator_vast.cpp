// Vast.ai as documented in seeds 001 (POST /api/v0/bundles/), 002 (PUT /api/v0/search/asks/)
// and 004 (GET /api/v1/instances/), with the behaviour PROVIDER_NOTES.md records: offers
// are public, instances need a key and belong to it, a null flag compares as false.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "proxy/emulator/emulator_internal.hpp"

namespace offerscope::proxy::emulator_internal {

namespace {

using nlohmann::json;

EmulatorReply VastError(int status, const std::string& error, const std::string& msg) {
  return JsonReply(status, json{{"success", false}, {"error", error}, {"msg", msg}}.dump());
}

bool Number(const json& j, double& out) {
  if (j.is_number()) return out = j.get<double>(), true;
  if (j.is_boolean()) return out = j.get<bool>() ? 1 : 0, true;
  if (j.is_null()) return out = 0, true;  // Vast compares a null flag (external: null) as false
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && *end == '\0';
  }
  return false;
}

bool Equal(const json& have, const json& want) {
  double a = 0, b = 0;
  if (have.is_string() && want.is_string()) return have == want;
  return Number(have, a) && Number(want, b) && a == b;
}

// One operator of Vast's query object against a record's value. `known` is false for an
// operator Vast does not have.
bool Compare(const json& have, const std::string& op, const json& want, bool& known) {
  known = true;
  if (op == "in" || op == "notin" || op == "nin") {
    bool found = false;
    if (want.is_array())
      for (const json& w : want) found = found || Equal(have, w);
    else
      found = Equal(have, want);
    return op == "in" ? found : !found;
  }
  if (op == "eq") return Equal(have, want);
  if (op == "neq") return !Equal(have, want);
  double a = 0, b = 0;
  bool numbers = Number(have, a) && Number(want, b);
  if (op == "gt") return numbers && a > b;
  if (op == "gte") return numbers && a >= b;
  if (op == "lt") return numbers && a < b;
  if (op == "lte") return numbers && a <= b;
  known = false;
  return false;
}

// The value Vast filters `field` on for this record, computed fields included: a pointer
// into the record, or to `scratch` for a computed value; nullptr when the record has no
// such field (Vast then does not filter on it).
const json* FieldValue(const VastRecord& r, const VastPrices& p, const std::string& field, json& scratch) {
  const json& f = r.fields;
  auto computed = [&](json v) { return &(scratch = std::move(v)); };
  if (field == "dph_total" || field == "discounted_dph_total") return computed(p.total);
  if (field == "dph_total_adj") return computed(p.total_adj);
  if (field == "storage_total_cost") return computed(p.disk_hour);
  if (field == "dlperf_per_dphtotal") return computed(p.dlperf_per_dph);
  if (field == "flops_per_dphtotal") return computed(p.flops_per_dph);
  if (field == "verified") return computed(f["verification"] == "verified");
  if (field == "datacenter") return computed(f["hosting_type"] == 1);
  if (field == "ubuntu_version") return &f["os_version"];
  if (field == "driver_version") return &f["driver_vers"];  // the CLI sends it as a number
  if (field == "geolocation") {
    // `geolocation in [TW,SE]` compares the country code.
    const std::string& g = f["geolocation"].get_ref<const std::string&>();
    std::size_t comma = g.rfind(',');
    std::string code = comma == std::string::npos ? g : g.substr(comma + 1);
    code.erase(0, code.find_first_not_of(' '));
    return computed(code);
  }
  auto it = f.find(field);
  return it == f.end() ? nullptr : &*it;
}

constexpr const char* kNotFilters[] = {"order", "type", "limit", "allocated_storage", "disable_bundling",
                                       "select_cols", "extra_ids", "show_incompatible"};

bool IsFilterKey(const std::string& key) {
  for (const char* k : kNotFilters)
    if (key == k) return false;
  return true;
}

// Checks the query object's shape; a message when Vast would refuse it.
std::string CheckQuery(const json& q) {
  for (auto it = q.begin(); it != q.end(); ++it) {
    if (!IsFilterKey(it.key())) continue;
    if (!it->is_object()) return "invalid filter for '" + it.key() + "': expected an object of operators";
    for (auto op = it->begin(); op != it->end(); ++op) {
      bool known = false;
      Compare(json(0), op.key(), op.value(), known);
      if (!known) return "unknown operator '" + op.key() + "' for '" + it.key() + "'";
      if ((op.key() == "in" || op.key() == "notin" || op.key() == "nin") && !op.value().is_array())
        return "operator '" + op.key() + "' for '" + it.key() + "' needs a list";
    }
  }
  if (q.contains("type")) {
    const json& t = q["type"];
    if (!t.is_string() || (t != "on-demand" && t != "ondemand" && t != "bid" && t != "reserved" && t != "interruptible"))
      return "type must be one of on-demand, bid, reserved";
  }
  if (q.contains("allocated_storage") && (!q["allocated_storage"].is_number() || q["allocated_storage"].get<double>() < 0))
    return "allocated_storage must be a number of GB";
  if (q.contains("limit") && (!q["limit"].is_number_integer() || q["limit"].get<long long>() < 1))
    return "limit must be a positive integer";
  if (q.contains("order") && !q["order"].is_array()) return "order must be a list of [field, direction] pairs";
  return "";
}

bool Matches(const VastRecord& r, const VastPrices& p, const json& q) {
  json scratch;
  for (auto it = q.begin(); it != q.end(); ++it) {
    if (!IsFilterKey(it.key())) continue;
    const json* have = FieldValue(r, p, it.key(), scratch);
    if (!have) continue;
    for (auto op = it->begin(); op != it->end(); ++op) {
      bool known = true;
      if (!Compare(*have, op.key(), op.value(), known)) return false;
    }
  }
  return true;
}

// Missing and null values sort last, whatever the direction.
bool Before(const json& a, const json& b, bool desc) {
  double x = 0, y = 0;
  bool xa = !a.is_null() && Number(a, x), ya = !b.is_null() && Number(b, y);
  if (xa != ya) return xa;
  if (xa) return desc ? x > y : x < y;
  if (a.is_string() && b.is_string()) return desc ? b.get_ref<const std::string&>() < a.get_ref<const std::string&>()
                                                   : a.get_ref<const std::string&>() < b.get_ref<const std::string&>();
  return false;
}

struct Hit {
  const VastRecord* record;
  VastPrices prices;
  std::vector<json> keys;  // the order's sort values
};

// Sorts by Vast's "order": [["field","asc"|"desc"], ...], keys read once per record.
void SortHits(std::vector<Hit>& hits, const json& order) {
  std::vector<std::pair<std::string, bool>> keys;
  for (const json& k : order)
    if (k.is_array() && !k.empty() && k[0].is_string()) keys.emplace_back(k[0].get<std::string>(), k.size() > 1 && k[1] == "desc");
  json scratch;
  for (Hit& h : hits)
    for (const auto& k : keys) {
      const json* v = FieldValue(*h.record, h.prices, k.first, scratch);
      h.keys.push_back(v ? *v : json());
    }
  std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (Before(a.keys[i], b.keys[i], keys[i].second)) return true;
      if (Before(b.keys[i], a.keys[i], keys[i].second)) return false;
    }
    return false;
  });
}

}  // namespace

EmulatorReply VastSearch(const core::HttpRequest& r, bool legacy) {
  json body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return VastError(400, "invalid_args", "request body must be a JSON object");
  json q = body;
  if (legacy) {
    if (!body.contains("q") || !body["q"].is_object()) return VastError(400, "invalid_args", "missing query object 'q'");
    q = body["q"];
  }
  if (std::string problem = CheckQuery(q); !problem.empty()) return VastError(400, "invalid_args", problem);
  double storage_gb = q.value("allocated_storage", 8.0);  // the documented default
  std::vector<Hit> hits;
  for (const VastRecord& rec : GetEmulatorData().vast) {
    VastPrices prices = ComputeVastPrices(rec, storage_gb);
    if (Matches(rec, prices, q)) hits.push_back({&rec, prices, {}});
  }
  if (q.contains("order")) SortHits(hits, q["order"]);
  std::size_t limit = q.contains("limit") ? static_cast<std::size_t>(q["limit"].get<long long>()) : hits.size();
  std::string out = legacy ? "{\"success\":true,\"offers\":[" : "{\"offers\":[";
  out.reserve(hits.size() * 2600);
  for (std::size_t i = 0; i < hits.size() && i < limit; ++i) {
    if (i) out += ',';
    out += hits[i].record->text;
    AppendVastPriceFields(out, *hits[i].record, hits[i].prices);
    out += '}';
  }
  out += "]}";
  return JsonReply(200, std::move(out));
}

// ---- instances ------------------------------------------------------------------------------

namespace {

constexpr const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::string& in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8 |
                 static_cast<unsigned char>(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out += kB64[(v >> s) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16 | (i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) << 8 : 0);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool Unbase64(const std::string& in, std::string& out) {
  if (in.empty() || in.size() % 4) return false;
  unsigned v = 0;
  int bits = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '=') {
      if (i + 2 < in.size()) return false;
      break;
    }
    const char* p = std::strchr(kB64, c);
    if (!p || !c) return false;
    v = v << 6 | static_cast<unsigned>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xff);
    }
  }
  return true;
}

// Columns Vast computes rather than stores: not filterable (seed 004).
bool Computed(const std::string& col) {
  for (const char* c : {"dph_total", "num_gpus", "dlperf_per_dphtotal", "flops_per_dphtotal", "search", "instance",
                        "time_remaining", "time_remaining_isbid", "uptime_mins", "vram_costperhour"})
    if (col == c) return true;
  return false;
}

struct SortKey {
  std::string col;
  bool desc = false;
};

// Sort directives from order_by, with id appended as the tiebreaker.
std::string ReadOrder(const core::HttpRequest& r, const json& sample, std::vector<SortKey>& keys) {
  if (HasParam(r, "order_by")) {
    json order = json::parse(Param(r, "order_by"), nullptr, false);
    if (order.is_discarded() || !order.is_array()) return "order_by must be a JSON array";
    for (const json& d : order) {
      if (!d.is_object() || !d.contains("col") || !d["col"].is_string()) return "order_by: each item needs a \"col\"";
      std::string col = d["col"];
      if (!sample.contains(col) || Computed(col)) return "order_by: invalid column '" + col + "'";
      keys.push_back({col, d.value("dir", std::string("asc")) == "desc"});
    }
  }
  keys.push_back({"id", false});
  return "";
}

bool InstanceBefore(const json& a, const json& b, const std::vector<SortKey>& keys) {
  for (const SortKey& k : keys) {
    const json& x = a.contains(k.col) ? a[k.col] : json();
    const json& y = b.contains(k.col) ? b[k.col] : json();
    if (Before(x, y, k.desc)) return true;
    if (Before(y, x, k.desc)) return false;
  }
  return false;
}

}  // namespace

namespace {

// Keeps the instances that pass select_filters; a message when the filters are refused.
std::string FilterInstances(const core::HttpRequest& r, std::vector<json>& all, std::vector<json>& hits) {
  json filters = json::object();
  if (HasParam(r, "select_filters")) {
    filters = json::parse(Param(r, "select_filters"), nullptr, false);
    if (filters.is_discarded() || !filters.is_object()) return "select_filters must be a JSON object";
  }
  for (auto it = filters.begin(); it != filters.end(); ++it) {
    if (Computed(it.key())) return "select_filters: '" + it.key() + "' is computed and cannot be filtered";
    if (!it->is_object()) return "select_filters: '" + it.key() + "' needs an object of operators";
  }
  for (json& inst : all) {
    bool keep = true;
    for (auto it = filters.begin(); keep && it != filters.end(); ++it)
      for (auto op = it->begin(); keep && op != it->end(); ++op) {
        bool known = true;
        keep = Compare(inst.contains(it.key()) ? inst[it.key()] : json(), op.key(), op.value(), known);
        if (!known) return "select_filters: unknown operator '" + op.key() + "'";
      }
    if (keep) hits.push_back(std::move(inst));
  }
  return "";
}

// The instances from `start` to `end`, limited to select_cols when given.
std::string PageOf(const core::HttpRequest& r, const std::vector<json>& hits, std::size_t start, std::size_t end, json& page) {
  std::vector<std::string> cols;
  if (HasParam(r, "select_cols")) {
    json c = json::parse(Param(r, "select_cols"), nullptr, false);
    if (c.is_discarded() || !c.is_array()) return "select_cols must be a JSON array";
    for (const json& name : c)
      if (name.is_string() && name != "*") cols.push_back(name);
  }
  page = json::array();
  for (std::size_t i = start; i < end; ++i) {
    if (cols.empty()) {
      page.push_back(hits[i]);
      continue;
    }
    json picked = json::object();
    for (const std::string& c : cols) picked[c] = hits[i].contains(c) ? hits[i][c] : json();
    page.push_back(std::move(picked));
  }
  return "";
}

}  // namespace

EmulatorReply VastInstances(const core::HttpRequest& r, const std::string& key) {
  if (key.empty()) return VastError(401, "auth_error", "missing or invalid API key");
  long long limit = 25;
  if (HasParam(r, "limit") && !ParseInt(Param(r, "limit"), limit)) return VastError(400, "invalid_args", "limit must be an integer");
  if (limit > 25) return VastError(400, "invalid_args", "limit must be at most 25");
  if (limit <= 0) limit = 5;  // as documented
  std::vector<json> all = InstancesForKey(key), hits;
  std::vector<SortKey> order;
  if (std::string e = ReadOrder(r, all.front(), order); !e.empty()) return VastError(400, "invalid_args", e);
  if (std::string e = FilterInstances(r, all, hits); !e.empty()) return VastError(400, "invalid_args", e);
  std::stable_sort(hits.begin(), hits.end(), [&](const json& a, const json& b) { return InstanceBefore(a, b, order); });
  // Keyset: the token holds the sort values of the last instance sent.
  std::size_t start = 0;
  if (std::string token = Param(r, "after_token"); !token.empty()) {
    std::string text;
    json cursor = Unbase64(token, text) ? json::parse(text, nullptr, false) : json();
    if (cursor.is_discarded() || !cursor.is_object() || !cursor.contains("values") || !cursor["values"].is_object())
      return VastError(400, "invalid_args", "invalid after_token");
    while (start < hits.size() && !InstanceBefore(cursor["values"], hits[start], order)) ++start;
  }
  std::size_t end = std::min(hits.size(), start + static_cast<std::size_t>(limit));
  json page;
  if (std::string e = PageOf(r, hits, start, end, page); !e.empty()) return VastError(400, "invalid_args", e);
  json label_counts = json::object();
  for (const json& h : hits) label_counts[h.value("label", std::string())] = label_counts.value(h.value("label", std::string()), 0) + 1;
  json next = nullptr;
  if (end < hits.size()) {
    json values = json::object();
    for (const SortKey& k : order) values[k.col] = hits[end - 1].contains(k.col) ? hits[end - 1][k.col] : json();
    next = Base64(json{{"values", values}}.dump());
  }
  return JsonReply(200, json{{"success", true}, {"instances_found", page.size()}, {"total_instances", hits.size()},
                             {"label_counts", label_counts}, {"next_token", next}, {"instances", page}}
                            .dump());
}

}  // namespace offerscope::proxy::emulator_internal
