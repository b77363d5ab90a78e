--! family rooms
--! key sched breakouts
--! key audit audit
--! scans breakout:{<id>}, breakout:{<id>}:who, room:{<id>} of the groups, pres:{<id>},
--! scans user:<uid> of the members, audit:{<id>}
-- The timed steps of every breakout (any node may run it; the script is the claim): at the
-- warning time the 30-second warning, at the end the end. Answers {"steps":n}.
local now = now_ms()
local n = 0
for _, room in ipairs(redis.call('ZRANGEBYSCORE', KEY.sched, '-inf', now)) do
  local b = redis.call('HMGET', key.breakout(room), 'state', 'ends_at')
  local ends = tonumber(b[2] or '0')
  if b[1] == 'running' then
    breakout_warn(room, math.max(ends, now), now)
  elseif b[1] == 'ending' and ends <= now then
    breakout_finish(room, now)
    audit_add(now, 'system', 'system', 'breakout.end', room, '', 'ended')
  elseif b[1] ~= 'ending' then
    redis.call('ZREM', KEY.sched, room)
  end
  n = n + 1
end
return cjson.encode({ steps = n })
