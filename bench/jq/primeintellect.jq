# Prime Intellect availability page -> normalized offers (benchmark baseline).
(if has("items") then .items else [.[]] | add end)[]
| {provider: "primeintellect", id: "\(.cloudId)@\(.dataCenter)", source: .provider,
   gpu: "\(.gpuType)/\(.socket)", gpu_count: .gpuCount,
   vram_gb: ((.gpuMemory // 0) / ((.gpuCount // 1) | if . == 0 then 1 else . end)),
   vcpus: .vcpu.defaultCount, ram_gb: .memory.defaultCount, disk_gb: .disk.maxCount,
   price_usd_per_hour: ((.prices.onDemand // .prices.communityPrice // 0)
     + (.disk.pricePerUnit // 0) * ([100, (.disk.minCount // 0)] | max)),
   price_usd_per_gpu_hour: (((.prices.onDemand // .prices.communityPrice // 0)
     + (.disk.pricePerUnit // 0) * ([100, (.disk.minCount // 0)] | max)) / ((.gpuCount // 1) | if . == 0 then 1 else . end)),
   country: .country, region: .region, stock: (.stockStatus // "" | ascii_downcase),
   tier: .security}
