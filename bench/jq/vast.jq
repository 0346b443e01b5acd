# What a scripting user writes to normalize a Vast offers page with jq: the same fields
# OfferScope maps (benchmark baseline, not used by the product).
(if type == "array" then . elif (.offers | type) == "array" then .offers else [.offers] end)[]
| {provider: "vast", id: (.id | tostring), gpu: .gpu_name, gpu_count: .num_gpus,
   vram_gb: ((.gpu_ram // 0) / 1024), vcpus: .cpu_cores_effective, ram_gb: ((.cpu_ram // 0) / 1024),
   disk_gb: .disk_space,
   price_usd_per_hour: ((.dph_base // 0) + (.storage_cost // 0) * 100 / 730),
   price_usd_per_gpu_hour: (((.dph_base // 0) + (.storage_cost // 0) * 100 / 730) / ((.num_gpus // 1) | if . == 0 then 1 else . end)),
   bid_usd_per_hour: .min_bid,
   country: ((.geolocation // "") | split(",") | last | ltrimstr(" ")),
   region: .geolocation, reliability: (.reliability2 // .reliability),
   inet_down_mbps: .inet_down, inet_up_mbps: .inet_up, tier: .verification}
