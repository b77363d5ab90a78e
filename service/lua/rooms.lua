-- ARGV: uid. Answers the rooms this user may see, as JSON strings, by start time.
local uid = ARGV[1]
local now = now_ms()
local out = {}
for _, id in ipairs(redis.call('ZRANGE', 'rooms', 0, -1)) do
  local h = hash('room:' .. id)
  if h.title and h.state ~= 'closed' and (h.kind ~= 'mentorship' or is_member(h, uid)) then
    local _, n = present(id, now)
    out[#out + 1] = room_json(id, h, n)
  end
end
return out
