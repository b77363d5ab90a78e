-- ARGV: mode (check|fail|ok), email, max_fails, window_ms.
-- check: {uid, pwhash, name, role} ({'', ...} for an unknown email) or !rate_limited ms.
local mode, email = ARGV[1], ARGV[2]
local key = 'lfail:' .. email
if mode == 'fail' then
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[4]) end
  return 'ok'
elseif mode == 'ok' then
  redis.call('DEL', key)
  return 'ok'
end
local fails = tonumber(redis.call('GET', key) or '0')
if fails >= tonumber(ARGV[3]) then
  local ttl = redis.call('PTTL', key)
  if ttl < 1 then ttl = 1 end
  return '!rate_limited ' .. ttl
end
local uid = redis.call('GET', 'email:' .. email)
if not uid then return {'', '', '', ''} end
local u = redis.call('HMGET', 'user:' .. uid, 'pw', 'name', 'role')
return {uid, u[1] or '', u[2] or '', u[3] or ''}
