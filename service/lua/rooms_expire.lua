-- ARGV: none. Closes every room whose end time has passed (any node may run it).
local now = now_ms()
local n = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', 'rooms:ends', '-inf', now)) do
  redis.call('ZREM', 'rooms:ends', id)
  local h = hash('room:' .. id)
  if h.title and h.state ~= 'closed' then
    redis.call('HSET', 'room:' .. id, 'state', 'closed')
    h.state = 'closed'
    local _, online = present(id, now)
    local j = room_json(id, h, online)
    publish_room(id, 'x', '{"type":"room.updated","room":' .. j .. '}')
    local e = cjson.encode({ts = now, actor = {id = 'system', name = 'system'},
      action = 'room.close', room = id, detail = 'ended'})
    redis.call('XADD', 'audit', 'MAXLEN', '~', 100000, '*', 'j', e)
    redis.call('XADD', 'audit:' .. id, 'MAXLEN', '~', 10000, '*', 'j', e)
    n = n + 1
  end
end
return n
