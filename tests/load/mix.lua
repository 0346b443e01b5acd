-- The requests a browser session makes, in turn: the page, its code, the aggregate endpoint
-- with a few share-link filters, a pass-through page and the health check.
local paths = {
  "/",
  "/offerscope.js",
  "/api/v1/offers?q=gpu%3DH100+gpu_count%3E%3D2",
  "/api/v1/offers?q=price_per_gpu%3C1&sort=price_per_gpu",
  "/api/v1/offers?format=csv&q=gpu%3DRTX_4090",
  "/api/v1/providers/dispersed/v1/compute/offers?page=2&limit=50",
  "/healthz",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip, br" })
end
