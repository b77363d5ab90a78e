--! family rooms
--! key ends rooms:ends
--! key audit audit
--! scans room:{<id>}, pres:{<id>}, audit:{<id>} of the rooms that end
-- Closes every room whose end time has passed (any node may run it). Answers {"closed":n}.
local now = now_ms()
local n = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEY.ends, '-inf', now)) do
  redis.call('ZREM', KEY.ends, id)
  local h = hash(key.room(id))
  if h.title and h.state ~= 'closed' then
    redis.call('HSET', key.room(id), 'state', 'closed', 'closed_at', now)
    h.state = 'closed'
    local _, online = present(id, now)
    local j = room_json(id, h, online)
    publish_room(id, EV.other, nil, '{"type":"room.updated","room":' .. j .. '}')
    audit_add(now, 'system', 'system', 'room.close', id, nil, 'ended')
    n = n + 1
  end
end
return cjson.encode({ closed = n })
