--! family rooms
--! key rooms rooms
--! key nodes nodes
--! arg uid id
--! list rooms
--! scans room:{<id>} and pres:{<id>} of every room
-- The rooms this user may see, by start time (mentorship and breakout rooms: their members
-- only). Answers {}, rooms.
local now = now_ms()
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEY.rooms, 0, -1)) do
  local h = hash(key.room(id))
  if
    h.title
    and h.state ~= 'closed'
    and ((h.kind ~= 'mentorship' and h.kind ~= 'breakout') or is_member(h, uid))
  then
    local _, n = present(id, now)
    out[#out + 1] = room_json(id, h, n)
  end
end
return answer('{}', 'rooms', out)
