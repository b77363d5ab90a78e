--! family accounts
--! key fails lfail:$email
--! key email email:$email
--! arg mode id
--! arg email str
--! arg max_fails int
--! arg window_ms int
--! scans user:<uid> of the email
-- mode check counts the attempt at once (attempts in flight count too) and answers
-- {"uid","pw","name","role","guardian","rooms","matching","shown","country"} (uid "" for an
-- unknown email; shown and country: the person as others see them, see user_obj) or
-- !rate_limited ms;
-- ok forgets the attempts; fail keeps them (they were counted by check). Those answer {}.
if mode == 'ok' then
  redis.call('DEL', KEY.fails)
  return '{}'
elseif mode == 'fail' then
  return '{}'
end
local refused = count_attempt(KEY.fails, max_fails, window_ms)
if refused then return refused end
local uid = redis.call('GET', KEY.email)
if not uid then return '{"uid":"","pw":"","name":"","role":""}' end
local u = redis.call('HMGET', key.user(uid), 'pw', 'name', 'role', 'birth_year', 'country')
local c = consents_of(uid)
return cjson.encode({
  uid = uid,
  pw = u[1] or '',
  name = u[2] or '',
  role = u[3] or '',
  guardian = c.guardian,
  rooms = c.rooms,
  matching = c.matching,
  shown = shown_name(u[2] or '', u[4], year_of(now_ms())),
  country = u[5] or '',
})
