--! family presence
--! key nodes nodes
--! arg node id
--! arg ttl int
--! scans noderooms:<dead node>, pres:{<room>} of their rooms, user:<uid> who left
--! scans hands:{<room>}, session:{<room>} of who left (hand, floor); impact:{<room>}
-- Renews this node's heartbeat (ttl ms) and clears the presence of dead nodes, telling
-- their rooms who left. Any live node may do it; doing it twice is harmless.
-- Answers {"lapsed":bool (this node had been given up),"dead":number of dead nodes cleared}.
local now = now_ms()
-- A node whose heartbeat had lapsed (paused, stalled) was cleared by others: it must resync.
local prev = redis.call('ZSCORE', KEY.nodes, node)
local lapsed = not prev or tonumber(prev) < now
redis.call('ZADD', KEY.nodes, now + ttl, node)
local dead = redis.call('ZRANGEBYSCORE', KEY.nodes, '-inf', '(' .. now)
for _, d in ipairs(dead) do
  for _, room in ipairs(redis.call('SMEMBERS', 'noderooms:' .. d)) do
    local pres, gone = key.pres(room), {}
    for _, f in ipairs(redis.call('HKEYS', pres)) do
      local fnode, uid = string.match(f, '^(.*)|(.*)$')
      if fnode == d then
        redis.call('HDEL', pres, f)
        gone[uid] = true
      end
    end
    local users = present(room, now)
    for uid in pairs(gone) do
      if not users[uid] then presence_left(room, uid, false) end
    end
  end
  redis.call('DEL', 'noderooms:' .. d)
  redis.call('ZREM', KEY.nodes, d)
end
return cjson.encode({ lapsed = lapsed, dead = #dead })
