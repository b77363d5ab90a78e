-- ARGV: uid, jti. Answers {name, role} or !unauthorized.
local uid, jti = ARGV[1], ARGV[2]
if redis.call('EXISTS', 'revoked:' .. jti) == 1 then return '!unauthorized' end
local u = redis.call('HMGET', 'user:' .. uid, 'name', 'role')
if not u[1] then return '!unauthorized' end
return {u[1], u[2]}
