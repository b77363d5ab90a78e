-- ARGV: room, uid, name, role, text, nonce, history_max, rate_retry_ms (0 = allowed).
-- Answers {'new'|'dup', message_json} or an error string.
local room, uid, name, role, text, nonce = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local max, rate_retry = tonumber(ARGV[7]), tonumber(ARGV[8])
local nkey = 'nonce:' .. uid .. ':' .. nonce
if nonce ~= '' then
  local prev = redis.call('GET', nkey)
  if prev then return {'dup', prev} end
end
local h, err = room_access(room, uid)
if not h then return err end
if h.state == 'closed' then return '!room_closed' end
local who = room .. ':' .. uid
if redis.call('EXISTS', 'ban:' .. who) == 1 then return '!banned' end
if redis.call('EXISTS', 'mute:' .. who) == 1 then
  return '!muted ' .. redis.call('PTTL', 'mute:' .. who)
end
if h.state == 'locked' then return '!room_locked' end
local slow = tonumber(h.slow or '0')
if slow > 0 then
  local ttl = redis.call('PTTL', 'slow:' .. who)
  if ttl > 0 then return '!slow_mode ' .. ttl end
end
if rate_retry > 0 then return '!rate_limited ' .. rate_retry end
local now = now_ms()
local last_ms, last_seq = id_parse(h.last_id)
local id = id_str(now, 0)
if now <= last_ms then id = id_str(last_ms, last_seq + 1) end
local j = cjson.encode({id = id, room = room, from = {id = uid, name = name, role = role},
  text = text, ts = now})
local log = 'room:' .. room .. ':log'
redis.call('XADD', log, id, 'j', j, 'u', uid)
redis.call('HSET', 'room:' .. room, 'last_id', id)
local len = redis.call('XLEN', log)
if len > max then
  local old = redis.call('XRANGE', log, '-', '+', 'COUNT', len - max)
  redis.call('HSET', 'room:' .. room, 'trimmed', old[#old][1])
  redis.call('XTRIM', log, 'MAXLEN', max)
end
if slow > 0 then redis.call('SET', 'slow:' .. who, '1', 'PX', slow * 1000) end
if nonce ~= '' then redis.call('SET', nkey, j, 'EX', 600) end
publish_room(room, 'm ' .. id, '{"type":"message","room":' .. cjson.encode(room) ..
  ',"message":' .. j .. '}')
return {'new', j}
