// Counters of a WebRTC stats report summed over its RTP streams of one direction (a
// simulcast sender has one per layer), for the media debug hook and the benchmark.

export function sumRtpStats<K extends string>(
  report: RTCStatsReport,
  type: 'inbound-rtp' | 'outbound-rtp',
  fields: readonly K[],
): Record<K, number> {
  const sums = Object.fromEntries(fields.map((f) => [f, 0])) as Record<K, number>;
  report.forEach((r: Record<string, unknown>) => {
    if (r.type !== type) return;
    for (const f of fields) sums[f] += Number(r[f] ?? 0);
  });
  return sums;
}
