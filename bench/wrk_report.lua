-- wrk script for bench/eligibility.py: optional POST bodies (one JSON per line), and a JSON
-- report line at the end (requests, seconds, latency percentiles in ms, non-2xx answers).
local bodies_file = os.getenv("BENCH_BODIES")
if bodies_file then
  local bodies = {}
  for line in io.lines(bodies_file) do bodies[#bodies + 1] = line end
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"),
  }
  local path = os.getenv("BENCH_PATH")
  local i = 0
  request = function()
    i = i + 1
    return wrk.format("POST", path, headers, bodies[(i % #bodies) + 1])
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "p50": %.3f, "p99": %.3f, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
