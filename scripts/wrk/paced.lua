-- wrk script: a fixed, modest load instead of wrk's flat-out closed loop. Each connection waits
-- WRK_PACE_MS (default 20) between requests, so -c10 offers at most ~500 requests/s whatever the
-- build: RSS and CPU per request are then compared at the same work, not at each build's maximum.
-- Used by scripts/bench-replica-builds.sh.
local pace = tonumber(os.getenv("WRK_PACE_MS") or "20")

function delay()
  return pace
end
