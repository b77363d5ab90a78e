-- ARGV: node, ttl_ms, then (room, uid, connections) triples: this node's whole presence.
-- Replaces what Redis holds for the node (after an outage or a Redis restart) and tells
-- each room about the difference.
local node, ttl = ARGV[1], tonumber(ARGV[2])
local now = now_ms()
redis.call('ZADD', 'nodes', now + ttl, node)
local want, rooms = {}, {}
for i = 3, #ARGV, 3 do
  local room = ARGV[i]
  want[room] = want[room] or {}
  want[room][ARGV[i + 1]] = tonumber(ARGV[i + 2])
  rooms[room] = true
end
for _, room in ipairs(redis.call('SMEMBERS', 'noderooms:' .. node)) do rooms[room] = true end
for room in pairs(rooms) do
  local key = 'pres:' .. room
  local before = present(room, now)
  for _, f in ipairs(redis.call('HKEYS', key)) do
    if string.sub(f, 1, #node + 1) == node .. '|' then redis.call('HDEL', key, f) end
  end
  if want[room] then
    for uid, n in pairs(want[room]) do redis.call('HSET', key, node .. '|' .. uid, n) end
    redis.call('SADD', 'noderooms:' .. node, room)
  else
    redis.call('SREM', 'noderooms:' .. node, room)
  end
  local after = present(room, now)
  for uid in pairs(before) do
    if not after[uid] then publish_presence(room, uid, 'left') end
  end
  for uid in pairs(after) do
    if not before[uid] then publish_presence(room, uid, 'joined') end
  end
end
return 'ok'
