--! family presence
--! key pres pres:{$room}
--! key nodes nodes
--! key noderooms noderooms:$node
--! arg room id
--! arg uid id
--! arg node id
--! arg by_choice bool
--! key impact impact:{$room}
--! scans user:<uid> for the left event; hands:{<room>}, session:{<room>} (hand, floor)
-- One connection of uid on node left the room; by_choice: a leave request or a kick (not a
-- dropped connection): the person's hand and floor go too when it was their last. Answers {}.
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
  if not users[uid] then presence_left(room, uid, by_choice) end
end
return '{}'
