--! family accounts
--! key revoked revoked:$jti
--! key user user:$uid
--! arg uid id
--! arg jti str
-- Answers {"name","role","guardian","rooms","matching","shown","country"} (shown and country:
-- the person as others see them, see user_obj) or !unauthorized (revoked token, unknown user).
if redis.call('EXISTS', KEY.revoked) == 1 then return '!unauthorized' end
local u = redis.call('HMGET', KEY.user, 'name', 'role', 'birth_year', 'country')
if not u[1] then return '!unauthorized' end
local c = consents_of(uid)
return cjson.encode({
  name = u[1],
  role = u[2],
  guardian = c.guardian,
  rooms = c.rooms,
  matching = c.matching,
  shown = shown_name(u[1], u[3], year_of(now_ms())),
  country = u[4] or '',
})
