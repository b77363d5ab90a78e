--! family accounts
--! arg n int
--! arg rest list
--! list revoked roles banned
--! scans revoked:<jti>, user:<uid>, ban:{<room>}:<uid> of the pairs given
-- After a node's subscription was down, the revocations, role changes and bans it missed.
-- rest: n (uid, jti) pairs of its signed-in connections, then (room, uid) pairs of its room
-- members. Answers {}, then lists of 'uid jti' revoked, 'uid role', 'room uid' banned.
local revoked, roles, banned, seen = {}, {}, {}, {}
for i = 1, 2 * n, 2 do
  local uid, jti = rest[i], rest[i + 1]
  if jti ~= '' and redis.call('EXISTS', 'revoked:' .. jti) == 1 then
    revoked[#revoked + 1] = uid .. ' ' .. jti
  end
  seen[uid] = true
end
for uid in pairs(seen) do
  local role = redis.call('HGET', key.user(uid), 'role')
  if role then roles[#roles + 1] = uid .. ' ' .. role end
end
for i = 1 + 2 * n, #rest, 2 do
  if redis.call('EXISTS', key.ban(rest[i], rest[i + 1])) == 1 then
    banned[#banned + 1] = rest[i] .. ' ' .. rest[i + 1]
  end
end
return answer('{}', 'revoked', revoked, 'roles', roles, 'banned', banned)
