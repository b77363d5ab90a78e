-- ARGV: room, uid, node, since ('' for none), rejoin ('1': this connection is already in),
--       limit (history without since), max_since (history cap with since),
--       watch ('1': a facilitator watching: no access, ban or presence checks).
-- Answers {room_json, gap (0|1), nmembers, member_json..., message_json...}.
local room, uid, node, since = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local rejoin, limit, max_since = ARGV[5] == '1', tonumber(ARGV[6]), tonumber(ARGV[7])
local watch = ARGV[8] == '1'
local h, err
if watch then
  h = hash('room:' .. room)
  if h.title == nil then return '!not_found|No such room.' end
else
  h, err = room_access(room, uid)
  if not h then return err end
  if h.state == 'closed' then return '!room_closed' end
  if redis.call('EXISTS', 'ban:' .. room .. ':' .. uid) == 1 then
    return '!banned ' .. redis.call('PTTL', 'ban:' .. room .. ':' .. uid)
  end
end
local now = now_ms()
local log = 'room:' .. room .. ':log'
local entries, gap = nil, 0
if since == '' then
  entries = redis.call('XREVRANGE', log, '+', '-', 'COUNT', limit)
else
  if h.trimmed and id_less(since, h.trimmed) then gap = 1 end
  entries = redis.call('XRANGE', log, '(' .. since, '+', 'COUNT', max_since + 1)
  if #entries > max_since then
    -- too far behind: the newest max_since, and a gap before them
    entries = redis.call('XREVRANGE', log, '+', '(' .. since, 'COUNT', max_since)
    gap = 1
  else
    local fwd = entries
    entries = {}
    for i = #fwd, 1, -1 do entries[#entries + 1] = fwd[i] end
  end
end
-- Presence last: a refused read above has changed nothing.
if not rejoin and not watch then
  local before = present(room, now)
  redis.call('HINCRBY', 'pres:' .. room, node .. '|' .. uid, 1)
  redis.call('SADD', 'noderooms:' .. node, room)
  if not before[uid] then publish_presence(room, uid, 'joined') end
end
local users, n = present(room, now)
local out = {room_json(room, h, n), gap, n}
for u in pairs(users) do out[#out + 1] = cjson.encode(user_obj(u)) end
append_messages(out, entries, #entries)
return out
