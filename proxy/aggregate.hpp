// GET /api/v1/offers?<share-URL parameters>: every selected provider at once, normalized,
// filtered and sorted by core, with a status per provider.
//
// Parameters are the share URL's (core/view_state.hpp: q, providers, sort, disk, hours,
// interruptible, cols, compare, chart keys, v) plus format=json|csv. A parameter that
// cannot be read is a 400 naming it (and, for q, the byte position of the problem); an
// unknown parameter is a 400 too, so a typo never silently changes an answer.
//
// Answer (JSON):
//   {"offers":[<core offer JSON>...],
//    "providers":{"vast":{"status":"ok"|"error"|"stale"|"truncated","message":null|"...",
//                         "fetched_at":"<ISO>","pages":N,"offers":N[,"age_s":N]},...},
//    "snapshot":null|"<ISO time of the demo snapshot>"}
// `offers` in a provider's block counts what it returned before filtering. One provider
// failing never fails the answer: its status says what happened, the others' offers stay.
// "stale": an upstream call failed and a cached copy (age_s old) was used instead.
// "truncated": pagination stopped at Config::max_pages.
//
// Fetching: each provider on its own thread; its first page, then all remaining pages the
// first one announced (Page.more) in parallel, up to Config::max_pages pages, at most
// Config::provider_concurrency at a time. Public pages go through the cache; a provider
// called with the caller's own key (X-OfferScope-Key-*) is never cached, and neither is an
// answer that used one. Whole answers are cached too (fresh only) and sent gzip'd.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/offer.hpp"
#include "core/query.hpp"
#include "core/view_state.hpp"

namespace httplib {
class Server;
}

namespace offerscope::proxy {

struct Services;

struct OffersRequest {
  core::ViewState view;
  core::ParsedQuery query;  // view.query, parsed
  bool csv = false;
};

struct OffersRequestError {
  std::string message;          // "parameter 'sort': unknown sort field 'zz'"
  std::string parameter;        // "sort"
  long long position = -1;      // byte offset in the parameter's decoded value; -1: not known
  long long length = 0;
};

// Reads the query string (without '?'). False with `error` on the first problem.
bool ParseOffersRequest(std::string_view query_string, OffersRequest& out, OffersRequestError& error);

// What one provider contributed to an answer.
struct ProviderOutcome {
  core::ProviderId provider = core::ProviderId::kVast;
  std::vector<core::Offer> offers;
  std::string status = "ok";  // ok | error | stale | truncated
  std::string message;        // empty: none
  std::string fetched_at;     // ISO time of the oldest page used
  int pages = 0;
  double age_s = 0;           // status "stale": age of the oldest stale page
  bool used_caller_key = false;
  // False when asking again soon could give a different answer (an upstream failure, a
  // stale copy): then the whole answer is not reused from the cache.
  bool settled = true;
};

// Fetches and normalizes one provider's offers for `request` (aggregate_fetch.cpp).
// `caller_key` is the key the browser sent for this provider, empty when none.
ProviderOutcome FetchProviderOffers(Services& services, core::ProviderId provider, const OffersRequest& request,
                                    const std::string& caller_key);

// Registered by MakeServer (declared in server.hpp as well).
void RegisterAggregateRoutes(httplib::Server& server, Services& services);

// UTC ISO 8601 time, seconds precision ("2026-11-20T12:00:00Z").
std::string IsoTime(double unix_s);

}  // namespace offerscope::proxy
