--! family presence
--! key nodes nodes
--! key noderooms noderooms:$node
--! arg node id
--! arg ttl int
--! arg rest list
--! scans pres:{<room>} of the rooms, user:<uid> who joined or left
--! scans hands:{<room>}, session:{<room>} of who left (hand, floor); impact:{<room>}
-- rest: (room, uid, connections) triples, this node's whole presence. Replaces what Redis
-- holds for the node (after an outage or a Redis restart) and tells each room about the
-- difference. Answers {}.
local now = now_ms()
redis.call('ZADD', KEY.nodes, now + ttl, node)
local want, rooms = {}, {}
for i = 1, #rest, 3 do
  local room = rest[i]
  want[room] = want[room] or {}
  want[room][rest[i + 1]] = tonumber(rest[i + 2])
  rooms[room] = true
end
for _, room in ipairs(redis.call('SMEMBERS', KEY.noderooms)) do
  rooms[room] = true
end
for room in pairs(rooms) do
  local pres = key.pres(room)
  local before = present(room, now)
  for _, f in ipairs(redis.call('HKEYS', pres)) do
    if string.sub(f, 1, #node + 1) == node .. '|' then redis.call('HDEL', pres, f) end
  end
  if want[room] then
    for uid, n in pairs(want[room]) do
      redis.call('HSET', pres, node .. '|' .. uid, n)
    end
    redis.call('SADD', KEY.noderooms, room)
  else
    redis.call('SREM', KEY.noderooms, room)
  end
  local after = present(room, now)
  for uid in pairs(before) do
    if not after[uid] then presence_left(room, uid, false) end
  end
  for uid in pairs(after) do
    if not before[uid] then presence_joined(room, uid, now) end
  end
end
return '{}'
