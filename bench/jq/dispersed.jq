# Dispersed compute offers page -> normalized offers (benchmark baseline).
.data[]
| {provider: "dispersed", id: .offer_id, gpu: .hardware_summary.gpu_model_label,
   gpu_count: .hardware_summary.gpu_count, vram_gb: .hardware_summary.min_gpu_vram_gib,
   vcpus: .hardware_summary.cpu_cores, ram_gb: .hardware_summary.ram_gib,
   disk_gb: .hardware_summary.storage_gib, price_usd_per_hour: .pricing.hourly_rate_usd,
   price_usd_per_gpu_hour: (.pricing.hourly_rate_usd / ((.hardware_summary.gpu_count // 1) | if . == 0 then 1 else . end)),
   region: .region_code, quoted_at: .pricing.quoted_at}
