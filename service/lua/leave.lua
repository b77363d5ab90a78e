-- ARGV: room, uid, node. One connection of uid on node left the room.
local room, uid, node = ARGV[1], ARGV[2], ARGV[3]
local key, field = 'pres:' .. room, node .. '|' .. uid
local n = redis.call('HINCRBY', key, field, -1)
if n <= 0 then redis.call('HDEL', key, field) end
local mine = false
for _, f in ipairs(redis.call('HKEYS', key)) do
  if string.sub(f, 1, #node + 1) == node .. '|' then mine = true break end
end
if not mine then redis.call('SREM', 'noderooms:' .. node, room) end
if n <= 0 then
  local users = present(room, now_ms())
  if not users[uid] then publish_presence(room, uid, 'left') end
end
return 'ok'
