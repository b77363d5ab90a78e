--! family rooms
--! key room room:{$room}
--! key log room:{$room}:log
--! key ban ban:{$room}:$uid
--! key mute mute:{$room}:$uid
--! key slow slow:{$room}:$uid
--! key nonce nonce:$uid:$nonce
--! key user user:$uid
--! key session session:{$room}
--! key impact impact:{$room}
--! arg room id
--! arg uid id
--! arg name str
--! arg role id
--! arg country str
--! arg text text
--! arg nonce str
--! arg max int
--! arg rate_retry int
--! arg contact str
--! arg filter_all bool
--! arg year int
-- name, role, country: the sender as others see them (see user_obj), worked out at sign-in.
-- max: the history cap; rate_retry: the node's rate verdict (0 = allowed); contact: the kind
-- of contact detail the node found in text ('' = none); filter_all: refuse it from everyone,
-- else only from people under 18 in year (the current year) by their year of birth.
-- Answers {"new":bool,"message":{...}}: new is false for a repeated nonce.
if nonce ~= '' then
  local prev = redis.call('GET', KEY.nonce)
  if prev then return '{"new":false,"message":' .. prev .. '}' end
end
local h, err = room_access(room, uid, { 'state', 'slow', 'last_id', 'contact_ok' })
if not h then return err end
if h.state == 'closed' then return '!room_closed' end
-- One call on the common path: the account (erased since sign-in?), then ban and mute.
if redis.call('EXISTS', KEY.user, KEY.ban, KEY.mute) ~= 1 then
  if redis.call('EXISTS', KEY.user) == 0 then return '!unauthorized' end
  if redis.call('EXISTS', KEY.ban) == 1 then return '!banned' end
  return '!muted ' .. redis.call('PTTL', KEY.mute)
end
-- In a locked room only the person a facilitator gave the floor may speak.
if h.state == 'locked' and redis.call('HGET', KEY.session, 'floor') ~= uid then
  return '!room_locked'
end
if contact ~= '' and h.contact_ok ~= '1' then
  if filter_all or is_minor(redis.call('HGET', KEY.user, 'birth_year'), year) then
    return '!contact_blocked|Contact details (an email address, a phone number, a link or a '
      .. 'messaging handle) stay out of this room. Keep in touch here.'
  end
end
local slow = tonumber(h.slow or '0')
if slow > 0 then
  local ttl = redis.call('PTTL', KEY.slow)
  if ttl > 0 then return '!slow_mode ' .. ttl end
end
if rate_retry > 0 then return '!rate_limited ' .. rate_retry end
local now = now_ms()
local last_ms, last_seq = id_parse(h.last_id)
local id = id_str(now, 0)
if now <= last_ms then id = id_str(last_ms, last_seq + 1) end
local j = cjson.encode({
  id = id,
  room = room,
  from = { id = uid, name = name, role = role, country = country },
  text = text,
  ts = now,
})
redis.call('XADD', KEY.log, id, 'j', j, 'u', uid)
redis.call('HSET', KEY.room, 'last_id', id)
-- What the impact reports count of a person's part (docs/impact.md): never the text.
if h.kind ~= 'mentorship' then redis.call('HINCRBY', KEY.impact, 'm:' .. uid, 1) end
local len = redis.call('XLEN', KEY.log)
if len > max then
  local old = redis.call('XRANGE', KEY.log, '-', '+', 'COUNT', len - max)
  redis.call('HSET', KEY.room, 'trimmed', old[#old][1])
  redis.call('XTRIM', KEY.log, 'MAXLEN', max)
end
if slow > 0 then redis.call('SET', KEY.slow, '1', 'PX', slow * 1000) end
if nonce ~= '' then redis.call('SET', KEY.nonce, j, 'EX', 600) end
publish_room(room, EV.message, id, message_event(room, j))
-- "new" comes first in the head: the node reads it without parsing (store_answer_flag).
return '{"new":true,"message":' .. j .. '}'
