--! family session
--! key timers session:timers
--! arg max int
--! scans session:{<room>} of the timers that end
-- Ends the room timers whose time has come, at most max of them: each is claimed by taking
-- it out of session:timers, so whichever node runs this, timer.ended goes out once.
-- Answers {"ended":n}.
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', KEY.timers, '-inf', now, 'LIMIT', 0, max)
for _, room in ipairs(due) do
  redis.call('ZREM', KEY.timers, room)
  local t = redis.call('HGET', key.session(room), 'timer')
  redis.call('HDEL', key.session(room), 'timer')
  local ev = { type = 'timer.ended', room = room, server_now = now }
  if t then
    local o = cjson.decode(t)
    ev.label, ev.ends_at = o.label, o.ends_at
  end
  publish_room(room, EV.other, nil, cjson.encode(ev))
end
return cjson.encode({ ended = #due })
