-- wrk script for bench/api.sh: authenticated PUTs of a service's status rows, spread over
-- the seeded tenants, each with a new note so every PUT is a real change (validated,
-- history written, committed durably).
local token = os.getenv("TOKEN")
local count = tonumber(os.getenv("TENANTS") or "64")
local threads = 0
local n = 0
-- `id` is a global set per thread by setup(); a local here would hide it.
id = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  n = 0
end

function request()
  n = n + 1
  local i = (n * 7 + id) % count + 1
  local tenant = string.format("%08x-0000-4000-8000-%012x", i, i)
  local body = string.format(
    '{"rows":[{"l1":"in-progress","entitlements":1000,"target_date":"2031-06-30",' ..
    '"note":"Pilot wave %d.%d running with the customer","next_action":"Review",' ..
    '"next_action_date":"2031-01-15"}]}', id, n)
  return wrk.format("PUT", "/api/v1/tenants/" .. tenant .. "/services/exchange", {
    ["Authorization"] = "Bearer " .. token,
    ["If-Match"] = "*",
    ["Content-Type"] = "application/json",
  }, body)
end
