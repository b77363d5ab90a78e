-- ARGV: node, ttl_ms. Renews this node's heartbeat and clears the presence of dead nodes,
-- telling their rooms who left. Any live node may do it; doing it twice is harmless.
-- Answers {lapsed (1: this node had been given up), number of dead nodes cleared}.
local node, ttl = ARGV[1], tonumber(ARGV[2])
local now = now_ms()
-- A node whose heartbeat had lapsed (paused, stalled) was cleared by others: it must resync.
local prev = redis.call('ZSCORE', 'nodes', node)
local lapsed = 0
if not prev or tonumber(prev) < now then lapsed = 1 end
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
return {lapsed, #dead}
