-- The load run's mix, a quarter each at random: shop browsing (signed-in pages, prerendered), catalog reads (the public
-- catalog API), image renditions (/catalog-img, cached) and logistics API calls (API key). Every answer that is not
-- 2xx counts as an error (429 included; redirects too: a 302 to the sign-in page means the cookie was refused).
-- Environment: ITEMS and PHOTOS (comma lists), ORDERS (highest order id), COOKIE (a customer's session), API_KEY.
local function split(s)
  local t = {}
  for v in string.gmatch(s or "", "[^,]+") do t[#t + 1] = v end
  return t
end

local items = split(os.getenv("ITEMS"))
local photos = split(os.getenv("PHOTOS"))
local orders = tonumber(os.getenv("ORDERS") or "1000")
local cookie = os.getenv("COOKIE") or ""
local key = os.getenv("API_KEY") or ""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  errors = 0
  first_error = ""
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + #threads)
end

function request()
  local kind = math.random(4)
  local item = items[math.random(#items)]
  if kind == 1 then
    local path = math.random(2) == 1 and "/shop" or ("/shop/items/" .. item)
    return wrk.format("GET", path, { ["Cookie"] = cookie })
  elseif kind == 2 then
    if math.random(2) == 1 then
      return wrk.format("GET", "/api/catalog/?pageSize=25&page=" .. math.random(0, 3))
    end
    return wrk.format("GET", "/api/catalog/" .. item)
  elseif kind == 3 then
    return wrk.format("GET", photos[math.random(#photos)])
  end
  return wrk.format("GET", "/api/logistics/orders/" .. math.random(orders), { ["X-Api-Key"] = key })
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    errors = errors + 1
    if first_error == "" then first_error = tostring(status) end
  end
end

function done(summary, latency, requests)
  local failed, first = 0, ""
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("errors")
    if first == "" then first = thread:get("first_error") end
  end
  local e = summary.errors
  io.write(string.format("non_2xx %d\n", failed))
  io.write(string.format("first_non_2xx %s\n", first == "" and "-" or first))
  io.write(string.format("socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms %.2f\n", latency:percentile(99) / 1000))
end
