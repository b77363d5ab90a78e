-- Shared by the scripts (after breakout_groups.lua): live sessions, and what joining and leaving
-- a room does to them and to the impact facts.

-- Live sessions (agenda, timer, hands, floor): session:{<room>} holds agenda (JSON array
-- of {title, minutes}), current (index), item_at, timer (JSON), floor (uid), hseq; the
-- hands queue is hands:{<room>}, uid by the order raised.
function key.session(room) return 'session:{' .. room .. '}' end
function key.hands(room) return 'hands:{' .. room .. '}' end

-- The agenda of a room as JSON text: items, current (null when none or done), done,
-- item_started_at.
local function agenda_json(room)
  local s = redis.call('HMGET', key.session(room), 'agenda', 'current', 'item_at')
  local items, cur = s[1] or '[]', tonumber(s[2] or '')
  local n = #cjson.decode(items)
  local current = 'null'
  if cur and cur < n then current = tostring(cur) end
  return '{"items":'
    .. items
    .. ',"current":'
    .. current
    .. ',"done":'
    .. tostring(n > 0 and cur ~= nil and cur >= n)
    .. ',"item_started_at":'
    .. (s[3] or 'null')
    .. '}'
end

-- The session state of a room as JSON text: agenda, timer (null when none), floor.
local function session_json(room)
  local s = redis.call('HMGET', key.session(room), 'timer', 'floor')
  local floor = 'null'
  if s[2] then floor = cjson.encode(user_obj(s[2])) end
  return '{"agenda":'
    .. agenda_json(room)
    .. ',"timer":'
    .. (s[1] or 'null')
    .. ',"floor":'
    .. floor
    .. '}'
end

-- The hands queue of a room in order, as a list of JSON texts {id, name, raised_at}.
local function hands_list(room)
  local f = redis.call('ZRANGE', key.hands(room), 0, -1)
  local out, year = {}, year_of(now_ms())
  for i, uid in ipairs(f) do
    local u = user_obj(uid, year)
    u.raised_at = tonumber(redis.call('HGET', key.session(room), 'h:' .. uid) or '0')
    out[i] = cjson.encode(u)
  end
  return out
end

-- Tells consoles the queue (hands) and the person their own state (hand).
-- Tells the person their hand's state: its place in line (1 = next), or nil when down.
local function hand_event(room, uid, position)
  local ev = { type = 'hand', room = room, raised = position ~= nil, position = position }
  publish_user(uid, EV.user, nil, cjson.encode(ev))
end

local function publish_hands(room, uid, raised, from)
  local q = hands_list(room)
  local list = '[' .. table.concat(q, ',') .. ']'
  publish_admin('{"type":"hands","room":' .. cjson.encode(room) .. ',"queue":' .. list .. '}')
  if raised then
    hand_event(room, uid, redis.call('ZRANK', key.hands(room), uid) + 1)
    return
  end
  if uid then hand_event(room, uid, nil) end
  if not from then return end
  -- The people behind the lowered hand moved up one (the next 100 are told their place).
  for i, id in ipairs(redis.call('ZRANGE', key.hands(room), from, from + 99)) do
    hand_event(room, id, from + i)
  end
end

-- Takes the hand out of the queue; answers the place it had (0 = first), or false.
local function hand_drop(room, uid)
  local rank = redis.call('ZRANK', key.hands(room), uid)
  if not rank then return false end
  redis.call('ZREM', key.hands(room), uid)
  redis.call('HDEL', key.session(room), 'h:' .. uid)
  return rank
end

-- Lowers the person's hand, if up, and tells them, the consoles and those behind it.
local function hand_lower(room, uid)
  local rank = hand_drop(room, uid)
  if rank then publish_hands(room, uid, false, rank) end
end
-- Lowers the person's hand and takes the floor back from them, telling who must know.
local function session_drop(room, uid)
  hand_lower(room, uid)
  if redis.call('HGET', key.session(room), 'floor') == uid then
    redis.call('HDEL', key.session(room), 'floor')
    publish_room(
      room,
      EV.other,
      nil,
      cjson.encode({ type = 'floor', room = room, user = cjson.null })
    )
  end
end

-- The person is now present in the room (their first connection on any live node).
local function presence_joined(room, uid, now)
  publish_presence(room, uid, 'joined')
  impact_joined(room, uid, now)
end

-- The person has no connection left in the room. Their raised hand and the floor stay
-- through a dropped connection, a reload or a dead node (they are theirs again when they
-- are back); they go when the person left on purpose (leave, a kick or ban: by_choice).
local function presence_left(room, uid, by_choice)
  publish_presence(room, uid, 'left')
  impact_left(room, uid, now_ms())
  if by_choice then session_drop(room, uid) end
end
