-- ARGV: email, uid, name, role, pwhash. Answers 'ok' or !conflict.
local email, uid, name, role, pw = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('EXISTS', 'email:' .. email) == 1 then return '!conflict' end
redis.call('SET', 'email:' .. email, uid)
redis.call('HSET', 'user:' .. uid, 'email', email, 'name', name, 'role', role, 'pw', pw,
  'created', now_ms())
redis.call('SADD', 'users', uid)
redis.call('SADD', 'users:' .. role, uid)
return 'ok'
