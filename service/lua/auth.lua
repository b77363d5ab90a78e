--! family accounts
--! key revoked revoked:$jti
--! key user user:$uid
--! arg uid id
--! arg jti str
-- Answers {"name","role","guardian","rooms","matching"} or !unauthorized (revoked token,
-- unknown user).
if redis.call('EXISTS', KEY.revoked) == 1 then return '!unauthorized' end
local u = redis.call('HMGET', KEY.user, 'name', 'role')
if not u[1] then return '!unauthorized' end
local c = consents_of(uid)
return cjson.encode({
  name = u[1],
  role = u[2],
  guardian = c.guardian,
  rooms = c.rooms,
  matching = c.matching,
})
