-- ARGV: node, ttl_ms. Renews this node's heartbeat and clears the presence of dead nodes,
-- telling their rooms who left. Any live node may do it; doing it twice is harmless.
local node, ttl = ARGV[1], tonumber(ARGV[2])
local now = now_ms()
redis.call('ZADD', 'nodes', now + ttl, node)
local dead = redis.call('ZRANGEBYSCORE', 'nodes', '-inf', '(' .. now)
for _, d in ipairs(dead) do
  for _, room in ipairs(redis.call('SMEMBERS', 'noderooms:' .. d)) do
    local key, gone = 'pres:' .. room, {}
    for _, f in ipairs(redis.call('HKEYS', key)) do
      local fnode, uid = string.match(f, '^(.*)|(.*)$')
      if fnode == d then
        redis.call('HDEL', key, f)
        gone[uid] = true
      end
    end
    local users = present(room, now)
    for uid in pairs(gone) do
      if not users[uid] then publish_presence(room, uid, 'left') end
    end
  end
  redis.call('DEL', 'noderooms:' .. d)
  redis.call('ZREM', 'nodes', d)
end
return #dead
