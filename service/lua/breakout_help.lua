--! family breakout
--! key room room:{$room}
--! key rate breakouthelp:{$room}:$uid
--! key user user:$uid
--! arg room id
--! arg uid id
--! arg every_ms int
--! scans room:{<id>} of the session, pres:{<id>}
-- A participant in a breakout group calls a facilitator: every console hears of it. Once per
-- every_ms per person and group. Answers {"group":{id, title, number}}.
if redis.call('EXISTS', KEY.user) == 0 then return '!unauthorized' end
local h, err = room_access(room, uid, { 'state', 'parent' })
if not h then return err end
if h.kind ~= 'breakout' then return '!bad_request|Help is called from a breakout group.' end
if h.state == 'closed' then return '!room_closed' end
if not redis.call('SET', KEY.rate, '1', 'PX', every_ms, 'NX') then
  return '!rate_limited ' .. redis.call('PTTL', KEY.rate)
end
local group = breakout_group_obj(room)
publish_admin(cjson.encode({
  type = 'breakout.help',
  room = h.parent,
  group = group,
  user = user_obj(uid),
  at = now_ms(),
}))
return cjson.encode({ group = group })
