--! family rooms
--! key room room:{$room}
--! key log room:{$room}:log
--! key pres pres:{$room}
--! key ban ban:{$room}:$uid
--! key hidden hidden:{$room}
--! key nodes nodes
--! key noderooms noderooms:$node
--! key user user:$uid
--! key impact impact:{$room}
--! arg room id
--! arg uid id
--! arg node id
--! arg since str
--! arg rejoin bool
--! arg limit int
--! arg max_since int
--! arg watch bool
--! list members history
--! scans user:<uid> of the members; breakout:{<room>}, its who and group rooms (late joiners)
-- since: '' for none; rejoin: this connection is already in; limit: history without since;
-- max_since: history cap with since; watch: a facilitator watching (no access, ban or
-- presence checks; no consent check either). Answers {"room":{...},"gap":bool}, members, history.
local h, err
if watch then
  h = hash(KEY.room)
  if h.title == nil then return '!not_found|No such room.' end
else
  -- An account erased since this connection signed in must not come back as presence.
  if redis.call('EXISTS', KEY.user) == 0 then return '!unauthorized' end
  h, err = room_access(room, uid)
  if not h then return err end
  err = consent_refusal(uid, 'rooms')
  if err then return err end
  if h.state == 'closed' then return '!room_closed' end
  if redis.call('EXISTS', KEY.ban) == 1 then return '!banned ' .. redis.call('PTTL', KEY.ban) end
end
local now = now_ms()
local log = KEY.log
local entries
local gap = 0
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
    for i = #fwd, 1, -1 do
      entries[#entries + 1] = fwd[i]
    end
  end
end
-- Presence last: a refused read above has changed nothing.
if not rejoin and not watch then
  local before = present(room, now)
  redis.call('HINCRBY', KEY.pres, node .. '|' .. uid, 1)
  redis.call('SADD', KEY.noderooms, room)
  if not before[uid] then presence_joined(room, uid, now) end
  breakout_late(room, uid, now)
end
local users, n = present(room, now)
local members, history = {}, {}
local year = year_of(now)
for u in pairs(users) do
  members[#members + 1] = cjson.encode(user_obj(u, year))
end
-- Reported messages hidden until reviewed: facilitators watching still see them.
append_messages(history, entries, #entries, (not watch) and hidden_set(KEY.hidden) or nil)
local head = '{"room":' .. room_json(room, h, n) .. ',"gap":' .. tostring(gap == 1) .. '}'
return answer(head, 'members', members, 'history', history)
