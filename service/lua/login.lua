-- ARGV: mode (check|fail|ok), email, max_fails, window_ms.
-- check counts the attempt at once (attempts in flight count too) and answers
-- {uid, pwhash, name, role} ({'', ...} for an unknown email) or !rate_limited ms;
-- ok forgets the attempts; fail keeps them (they were counted by check).
local mode, email = ARGV[1], ARGV[2]
local key = 'lfail:' .. email
if mode == 'ok' then
  redis.call('DEL', key)
  return 'ok'
elseif mode == 'fail' then
  return 'ok'
end
local n = redis.call('INCR', key)
if n == 1 then redis.call('PEXPIRE', key, ARGV[4]) end
if n > tonumber(ARGV[3]) then
  local ttl = redis.call('PTTL', key)
  if ttl < 1 then ttl = 1 end
  return '!rate_limited ' .. ttl
end
local uid = redis.call('GET', 'email:' .. email)
if not uid then return {'', '', '', ''} end
local u = redis.call('HMGET', 'user:' .. uid, 'pw', 'name', 'role')
return {uid, u[1] or '', u[2] or '', u[3] or ''}
