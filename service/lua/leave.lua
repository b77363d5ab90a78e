--! family presence
--! key pres pres:{$room}
--! key nodes nodes
--! key noderooms noderooms:$node
--! arg room id
--! arg uid id
--! arg node id
--! scans user:<uid> for the left event; hands:{<room>}, session:{<room>} (hand, floor)
-- One connection of uid on node left the room. Answers {}.
local field = node .. '|' .. uid
local n = redis.call('HINCRBY', KEY.pres, field, -1)
if n <= 0 then redis.call('HDEL', KEY.pres, field) end
local mine = false
for _, f in ipairs(redis.call('HKEYS', KEY.pres)) do
  if string.sub(f, 1, #node + 1) == node .. '|' then
    mine = true
    break
  end
end
if not mine then redis.call('SREM', KEY.noderooms, room) end
if n <= 0 then
  local users = present(room, now_ms())
  if not users[uid] then presence_left(room, uid) end
end
return '{}'
