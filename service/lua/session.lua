--! family admin
--! key audit audit
--! key timers session:timers
--! key actor user:$actor_id
--! arg actor_id id
--! arg actor_name str
--! arg action str
--! arg new_id id
--! arg jti str
--! arg fields list
--! scans room:{<id>}, session:{<id>}, hands:{<id>}, pres:{<id>}, audit:{<id>}, user:<uid>
-- The facilitator's side of a live session: session.get, agenda.set/next/clear,
-- room.timer(.stop), hand.clear, floor.give/take. Same arguments as admin.lua; fields[1] is
-- the room. Every answer is {"session":{...},"hands":[...],"server_now":ms}.
local now = now_ms()
local actor_role, refused = staff_actor(actor_id, jti)
if not actor_role then return refused end

local room = fields[1]
local sk = key.session(room)
local state = redis.call('HGET', key.room(room), 'state')
if not state then return '!not_found|No such room.' end
if action ~= 'session.get' and state == 'closed' then return '!room_closed' end

local function audit(target, detail)
  audit_add(now, actor_id, actor_name, action, room, target, detail)
end

local function publish_ev(ev) publish_room(room, EV.other, nil, cjson.encode(ev)) end

local function agenda_event()
  publish_room(
    room,
    EV.other,
    nil,
    '{"type":"agenda","room":' .. cjson.encode(room) .. ',"agenda":' .. agenda_json(room) .. '}'
  )
end

local function floor_event(uid)
  local u = cjson.null
  if uid then u = user_obj(uid) end
  publish_ev({ type = 'floor', room = room, user = u })
end

local H = {}

H['session.get'] = function() end

-- items: a JSON array the node checked ({title, minutes}, at most 30).
H['agenda.set'] = function(items)
  local n = #cjson.decode(items)
  if n == 0 then
    redis.call('HDEL', sk, 'agenda', 'current', 'item_at')
  else
    redis.call('HSET', sk, 'agenda', items, 'current', 0, 'item_at', now)
  end
  audit('', n .. ' items')
  agenda_event()
end

H['agenda.clear'] = function() return H['agenda.set']('[]') end

H['agenda.next'] = function()
  local s = redis.call('HMGET', sk, 'agenda', 'current')
  if not s[1] then return '!conflict|This room has no agenda.' end
  local items, cur = cjson.decode(s[1]), tonumber(s[2] or '0')
  if cur >= #items then return '!conflict|The agenda is done.' end
  cur = cur + 1
  redis.call('HSET', sk, 'current', cur, 'item_at', now)
  if cur < #items then
    audit('', items[cur + 1].title)
  else
    audit('', 'done')
  end
  agenda_event()
end

local function timer_stop()
  if redis.call('HDEL', sk, 'timer') == 1 then
    redis.call('ZREM', KEY.timers, room)
    audit('', 'stopped')
    publish_ev({ type = 'timer.stopped', room = room, server_now = now })
  end
end

H['room.timer'] = function(seconds, label)
  local s = tonumber(seconds)
  if s == 0 then return timer_stop() end
  local t = { label = label, started_at = now, ends_at = now + s * 1000 }
  redis.call('HSET', sk, 'timer', cjson.encode(t))
  redis.call('ZADD', KEY.timers, t.ends_at, room)
  audit('', s .. 's ' .. label)
  t.type, t.room, t.server_now = 'timer', room, now
  publish_ev(t)
end

H['room.timer.stop'] = timer_stop

H['hand.clear'] = function(uid)
  if uid ~= '' then
    hand_lower(room, uid)
    audit(uid, '')
    return
  end
  -- Everyone's at once: each is told once, and the queue once.
  for _, u in ipairs(redis.call('ZRANGE', key.hands(room), 0, -1)) do
    hand_drop(room, u)
    hand_event(room, u, nil)
  end
  publish_hands(room, nil, false)
  audit('', 'all')
end

H['floor.give'] = function(uid)
  local users = present(room, now)
  if not users[uid] then return '!not_found|That person is not in the room.' end
  redis.call('HSET', sk, 'floor', uid)
  hand_lower(room, uid)
  audit(uid, '')
  floor_event(uid)
end

H['floor.take'] = function()
  if redis.call('HDEL', sk, 'floor') == 1 then
    audit('', '')
    floor_event(nil)
  end
end

local fn = H[action]
if not fn then return '!bad_request|Unknown session request.' end
local err = fn(unpack(fields, 2))
if err then return err end
local q = hands_list(room)
return '{"session":'
  .. session_json(room)
  .. ',"hands":['
  .. table.concat(q, ',')
  .. '],"server_now":'
  .. now
  .. '}'
