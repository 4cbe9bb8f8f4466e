-- wrk script: requests the paths listed in a file (one per line, the file given after "--"), round robin from a
-- different start per thread, and prints one machine-readable summary line at the end.
--   wrk -t2 -c64 -d10s --latency -s paths.lua http://127.0.0.1:8080 -- paths.txt

local requests = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("GET", line)
    end
  end
  next_index = math.random(#requests)
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
