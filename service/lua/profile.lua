--! family accounts
--! key user user:$uid
--! arg uid id
--! arg op id
--! arg profile str
-- op get answers {"profile":<the stored profile or null>}; op set stores profile (a JSON
-- object text, already checked) and answers {}.
if op == 'set' then
  if redis.call('EXISTS', KEY.user) == 0 then return '!unauthorized' end
  redis.call('HSET', KEY.user, 'profile', profile)
  return '{}'
end
local p = redis.call('HGET', KEY.user, 'profile')
if not p or p == '' then p = 'null' end
return '{"profile":' .. p .. '}'
