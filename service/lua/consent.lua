--! family accounts
--! key user user:$uid
--! arg uid id
--! arg rooms str
--! arg matching str
--! scans nodes, noderooms:<node>, pres:{<room>}; match:st:, match:offer:, match:offers:
-- consent.set: rooms and matching are '1' (given), '0' (withdrawn) or '' (as they are).
-- Withdrawing rooms takes the person's connections out of every room on every node;
-- withdrawing matching takes a mentee out of the queue and withdraws pending offers (a
-- mentee's, or all of a mentor's); an existing match stays. Every change goes into the
-- consent history. Answers {"user":{...}} (the person's own user object).
if redis.call('EXISTS', KEY.user) == 0 then return '!unauthorized' end
local now = now_ms()
local before = consents_of(uid)
local changed = false
-- In a fixed order, so that the history reads the same whoever replays it.
for _, what in ipairs({ 'rooms', 'matching' }) do
  local v = what == 'rooms' and rooms or matching
  if v ~= '' and (v == '1') ~= before[what] then
    redis.call('HSET', KEY.user, 'consent_' .. what, v)
    consent_note(uid, what, v == '1', now, uid)
    changed = true
  end
end
if rooms == '0' then leave_all_rooms(uid, now, 'consent') end
if matching == '0' then leave_matching(uid) end
if changed then account_updated(uid) end
return '{"user":' .. cjson.encode(self_obj(uid)) .. '}'
