-- GET /api/logistics/orders/{id} for a random order id in 1..ORDERS, like pgbench -S picks random rows.
local orders = tonumber(os.getenv("ORDERS") or "5000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/logistics/orders/" .. math.random(1, orders))
end
