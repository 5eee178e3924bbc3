-- wrk script: POST /process with a valid order, counting answers by status.
-- Used by scripts/bench-instrumentation.sh to measure one instance's capacity.
wrk.method = "POST"
wrk.body = '{"category":"books","quantity":2,"unitPrice":9.99}'
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, shed, other = 0, 0, 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    shed = shed + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, s, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    s = s + t:get("shed")
    x = x + t:get("other")
  end
  io.write(string.format("STATUS ok=%d shed=%d other=%d\n", o, s, x))
end
