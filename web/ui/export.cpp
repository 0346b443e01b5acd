// Export of exactly the rows the table shows, in its order, with core's JSON/CSV writers.
#include "core/offer_json.hpp"
#include "web/ui/panels.hpp"

namespace offerscope::web {

std::string ExportCsv(const AppState& s) {
  std::string out = core::OfferCsvHeader();
  for (std::uint32_t r : s.rows) core::AppendOfferCsvRow(out, s.table.offer(r));
  return out;
}

std::string ExportJson(const AppState& s) {
  std::string out = "[";
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    if (i) out += ",\n";
    core::AppendOfferJson(out, s.table.offer(s.rows[i]));
  }
  return out + "]\n";
}

}  // namespace offerscope::web
