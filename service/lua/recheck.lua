-- After a node's subscription was down, the revocations, role changes and bans it missed.
-- ARGV: n, then n (uid, jti) pairs of its signed-in connections, then (room, uid) pairs of
-- its room members. Answers {'uid jti' revoked..., '|', 'uid role'..., '|', 'room uid' banned...}.
local n = tonumber(ARGV[1])
local out, roles = {}, {}
for i = 2, 1 + 2 * n, 2 do
  local uid, jti = ARGV[i], ARGV[i + 1]
  if jti ~= '' and redis.call('EXISTS', 'revoked:' .. jti) == 1 then
    out[#out + 1] = uid .. ' ' .. jti
  end
  roles[uid] = true
end
out[#out + 1] = '|'
for uid in pairs(roles) do
  local role = redis.call('HGET', 'user:' .. uid, 'role')
  if role then out[#out + 1] = uid .. ' ' .. role end
end
out[#out + 1] = '|'
for i = 2 + 2 * n, #ARGV, 2 do
  if redis.call('EXISTS', 'ban:' .. ARGV[i] .. ':' .. ARGV[i + 1]) == 1 then
    out[#out + 1] = ARGV[i] .. ' ' .. ARGV[i + 1]
  end
end
return out
