// Vast's geolocation text ("Oslo, NO", "California, United States", "Norway") to the
// offer's country code and region (declared in vast.hpp).
#include <string>
#include <string_view>

#include "vast.hpp"

namespace offerscope::core {

using namespace vast_internal;

namespace {

// Countries Vast hosts are in, by the English names an old or hand-made geolocation uses
// ("Norway", "California, United States"). Lowercase; codes are ISO 3166-1 alpha-2.
struct CountryName {
  std::string_view name;
  std::string_view code;
};
// clang-format off
constexpr CountryName kCountryNames[] = {
    {"argentina", "AR"}, {"armenia", "AM"}, {"australia", "AU"}, {"austria", "AT"},
    {"belarus", "BY"}, {"belgium", "BE"}, {"brazil", "BR"}, {"bulgaria", "BG"}, {"canada", "CA"},
    {"chile", "CL"}, {"china", "CN"}, {"colombia", "CO"}, {"croatia", "HR"}, {"cyprus", "CY"},
    {"czech republic", "CZ"}, {"czechia", "CZ"}, {"denmark", "DK"}, {"egypt", "EG"},
    {"england", "GB"}, {"estonia", "EE"}, {"finland", "FI"}, {"france", "FR"}, {"georgia", "GE"},
    {"germany", "DE"}, {"great britain", "GB"}, {"greece", "GR"}, {"hong kong", "HK"},
    {"hungary", "HU"}, {"iceland", "IS"}, {"india", "IN"}, {"indonesia", "ID"}, {"ireland", "IE"},
    {"israel", "IL"}, {"italy", "IT"}, {"japan", "JP"}, {"kazakhstan", "KZ"}, {"kenya", "KE"},
    {"korea", "KR"}, {"latvia", "LV"}, {"lithuania", "LT"}, {"luxembourg", "LU"},
    {"malaysia", "MY"}, {"malta", "MT"}, {"mexico", "MX"}, {"moldova", "MD"}, {"morocco", "MA"},
    {"netherlands", "NL"}, {"new zealand", "NZ"}, {"nigeria", "NG"}, {"norway", "NO"},
    {"peru", "PE"}, {"philippines", "PH"}, {"poland", "PL"}, {"portugal", "PT"}, {"qatar", "QA"},
    {"republic of korea", "KR"}, {"romania", "RO"}, {"russia", "RU"}, {"russian federation", "RU"},
    {"saudi arabia", "SA"}, {"serbia", "RS"}, {"singapore", "SG"}, {"slovakia", "SK"},
    {"slovenia", "SI"}, {"south africa", "ZA"}, {"south korea", "KR"}, {"spain", "ES"},
    {"sweden", "SE"}, {"switzerland", "CH"}, {"taiwan", "TW"}, {"thailand", "TH"},
    {"the netherlands", "NL"}, {"turkey", "TR"}, {"ukraine", "UA"}, {"united arab emirates", "AE"},
    {"united kingdom", "GB"}, {"united states", "US"}, {"united states of america", "US"},
    {"usa", "US"}, {"viet nam", "VN"}, {"vietnam", "VN"},
};
// clang-format on

bool IsUpperAlpha(char c) {
  return c >= 'A' && c <= 'Z';
}

std::string_view CountryCodeOfName(std::string_view name) {
  if (name.size() > 32) return {};
  char lower[32];
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view key(lower, name.size());
  for (const CountryName& c : kCountryNames) {
    if (c.name == key) return c.code;
  }
  return {};
}

}  // namespace

std::string CountryFromGeolocation(std::string_view geolocation) {
  std::string_view g = TrimSpaces(geolocation);
  std::size_t comma = g.rfind(',');
  std::string_view last = TrimSpaces(comma == std::string_view::npos ? g : g.substr(comma + 1));
  if (last.size() == 2 && IsUpperAlpha(last[0]) && IsUpperAlpha(last[1])) return std::string(last);
  return std::string(CountryCodeOfName(last));
}

std::string RegionFromGeolocation(std::string_view geolocation) {
  std::string_view g = TrimSpaces(geolocation);
  while (!g.empty() && (g.front() == ',' || g.front() == ' ')) g.remove_prefix(1);
  while (!g.empty() && (g.back() == ',' || g.back() == ' ')) g.remove_suffix(1);
  return std::string(g);
}

}  // namespace offerscope::core
