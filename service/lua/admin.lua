--! family admin
--! key audit audit
--! key rooms rooms
--! key ends rooms:ends
--! key actor user:$actor_id
--! arg actor_id id
--! arg actor_name str
--! arg action str
--! arg new_id id
--! arg jti str
--! arg fields list
--! scans room:{<id>}, its log, pres, mute, ban, audit and hidden keys; user:<uid>, email:,
--! scans users:<role>, report:<id>, reports, reports:open, reporters:{<room>}:<message>;
--! scans nodes, noderooms:<node>, match:st:, match:offer:, match:offers:, match:queue;
--! scans for user.delete every key holding the uid, match:*, lfail:
-- action: the admin request type; new_id: an id for what it creates; jti: the actor's
-- token id; fields: the request's fields in the order the route table lists them ('' when
-- absent). Answers the ok payload's fields as a JSON object text, or "!code".
local now = now_ms()

-- Every role (the staff ones: staff_actor in common.lua).
local ROLES =
  { mentee = true, mentor = true, facilitator = true, safeguarding = true, admin = true }

local actor_role, refused = staff_actor(actor_id, jti)
if not actor_role then return refused end
if action == 'user.role' and actor_role ~= 'admin' then
  return '!forbidden|Only an admin may change roles.'
end

-- until: when a mute or ban ends by itself (none: permanent, or not a timed action)
local function audit(room, target, detail, till)
  audit_add(now, actor_id, actor_name, action, room, target, detail, till)
end

local function room_of(room)
  local h = hash(key.room(room))
  if h.title == nil then return nil end
  return h
end

local function room_answer(room)
  local h = hash(key.room(room))
  local _, n = present(room, now)
  local j = room_json(room, h, n)
  return j
end

local function room_updated(room)
  local j = room_answer(room)
  publish_room(room, EV.other, nil, '{"type":"room.updated","room":' .. j .. '}')
  return '{"room":' .. j .. '}'
end

local function user_exists(uid) return redis.call('EXISTS', key.user(uid)) == 1 end

local function moderated(room, uid, what, kind, seconds, reason)
  local ev = { type = 'moderated', room = room, action = what }
  if seconds and seconds > 0 then ev['until'] = now + seconds * 1000 end
  if reason and reason ~= '' then ev.reason = reason end
  local arg
  if kind == EV.kick then arg = room end
  publish_user(uid, kind, arg, cjson.encode(ev))
end

local H = {}

H['room.create'] = function(title, topic, starts, ends, kind, cohort)
  if kind == '' then kind = 'exchange' end
  if kind ~= 'exchange' then return '!bad_request' end
  if cohort ~= '' then redis.call('HSET', key.room(new_id), 'cohort', cohort) end
  local s = tonumber(starts) or now
  redis.call(
    'HSET',
    key.room(new_id),
    'title',
    title,
    'topic',
    topic,
    'kind',
    kind,
    'state',
    'open',
    'starts_at',
    s,
    'created',
    now,
    'members',
    ''
  )
  if tonumber(ends) then
    redis.call('HSET', key.room(new_id), 'ends_at', tonumber(ends))
    redis.call('ZADD', KEY.ends, tonumber(ends), new_id)
  end
  redis.call('ZADD', KEY.rooms, s, new_id)
  audit(new_id, '', title)
  return '{"room":' .. room_answer(new_id) .. '}'
end

local function set_state(state)
  return function(room)
    local h = room_of(room)
    if not h then return '!not_found|No such room.' end
    if h.state == 'closed' and state ~= 'closed' then return '!room_closed' end
    redis.call('HSET', key.room(room), 'state', state)
    if state == 'closed' then
      redis.call('ZREM', KEY.ends, room)
      redis.call('HSET', key.room(room), 'closed_at', now)
    end
    audit(room, '', state)
    return room_updated(room)
  end
end
H['room.close'] = set_state('closed')
H['room.lock'] = set_state('locked')
H['room.unlock'] = set_state('open')

H['room.slowmode'] = function(room, seconds)
  if not room_of(room) then return '!not_found|No such room.' end
  redis.call('HSET', key.room(room), 'slow', tonumber(seconds))
  audit(room, '', seconds .. 's')
  return room_updated(room)
end

H['room.contact'] = function(room, allowed)
  if not room_of(room) then return '!not_found|No such room.' end
  redis.call('HSET', key.room(room), 'contact_ok', allowed == '1' and '1' or '0')
  audit(room, '', allowed == '1' and 'allowed' or 'refused')
  return room_updated(room)
end

local function target_check(room, uid)
  if not room_of(room) then return '!not_found|No such room.' end
  if not user_exists(uid) then return '!not_found|No such user.' end
  return nil
end

-- What a mute, a kick, a ban and a deletion do, for the moderation requests and the review
-- queue's decisions alike (each caller writes its own audit entry).
local function mute(room, uid, seconds, reason)
  redis.call('SET', key.mute(room, uid), '1', 'EX', seconds)
  moderated(room, uid, 'muted', EV.user, seconds, reason)
end

local function kick(room, uid, reason) moderated(room, uid, 'kicked', EV.kick, 0, reason) end

-- seconds nil or 0: until lifted.
local function ban(room, uid, seconds, reason)
  if seconds and seconds > 0 then
    redis.call('SET', key.ban(room, uid), '1', 'EX', seconds)
  else
    redis.call('SET', key.ban(room, uid), '1')
  end
  moderated(room, uid, 'banned', EV.kick, seconds, reason)
end

-- false when the room has no such message.
local function delete_message(room, id)
  if redis.call('XDEL', key.log(room), id) == 0 then return false end
  redis.call('SREM', key.hidden(room), id)
  publish_room(
    room,
    EV.other,
    nil,
    cjson.encode({ type = 'message.deleted', room = room, id = id })
  )
  return true
end

H['user.mute'] = function(room, uid, seconds, reason)
  local err = target_check(room, uid)
  if err then return err end
  mute(room, uid, tonumber(seconds), reason)
  audit(room, uid, reason, now + tonumber(seconds) * 1000)
  return '{}'
end

H['user.unmute'] = function(room, uid)
  local err = target_check(room, uid)
  if err then return err end
  redis.call('DEL', key.mute(room, uid))
  audit(room, uid, '')
  return '{}'
end

H['user.kick'] = function(room, uid, reason)
  local err = target_check(room, uid)
  if err then return err end
  kick(room, uid, reason)
  audit(room, uid, reason)
  return '{}'
end

H['user.ban'] = function(room, uid, seconds, reason)
  local err = target_check(room, uid)
  if err then return err end
  local s = tonumber(seconds)
  ban(room, uid, s, reason)
  audit(room, uid, reason, (s and s > 0) and now + s * 1000 or nil)
  return '{}'
end

H['user.unban'] = function(room, uid)
  local err = target_check(room, uid)
  if err then return err end
  redis.call('DEL', key.ban(room, uid))
  audit(room, uid, '')
  return '{}'
end

H['message.delete'] = function(room, id)
  if not room_of(room) then return '!not_found|No such room.' end
  if not delete_message(room, id) then return '!not_found|No such message in this room.' end
  audit(room, id, '')
  return '{}'
end

H['announce'] = function(room, text)
  local from = { id = actor_id, name = actor_name, role = 'facilitator' }
  local rooms = {}
  if room ~= '' then
    local h = room_of(room)
    if not h then return '!not_found|No such room.' end
    if h.state == 'closed' then return '!room_closed' end
    rooms[1] = room
  else
    for _, id in ipairs(redis.call('ZRANGE', KEY.rooms, 0, -1)) do
      if redis.call('HGET', key.room(id), 'state') ~= 'closed' then rooms[#rooms + 1] = id end
    end
  end
  for _, id in ipairs(rooms) do
    publish_room(
      id,
      EV.other,
      nil,
      cjson.encode({ type = 'announcement', room = id, text = text, from = from })
    )
  end
  audit(room, '', text)
  return '{"rooms":' .. #rooms .. '}'
end

local function count_since(room, since)
  return #redis.call('XRANGE', key.log(room), string.format('%.0f', since), '+')
end

H['room.stats'] = function(room)
  local ids = {}
  if room ~= '' then
    if not room_of(room) then return '!not_found|No such room.' end
    ids[1] = room
  else
    ids = redis.call('ZRANGE', KEY.rooms, 0, -1)
  end
  local out = {}
  for _, id in ipairs(ids) do
    local h = hash(key.room(id))
    local _, n = present(id, now)
    local r = room_obj(id, h, n)
    r.topic = nil
    r.messages_last_hour = count_since(id, now - 3600000)
    r.messages_total = redis.call('XLEN', key.log(id))
    out[#out + 1] = cjson.encode(r)
  end
  return '{"rooms":[' .. table.concat(out, ',') .. ']}'
end

H['audit.list'] = function(room, limit)
  local stream = KEY.audit
  if room ~= '' then stream = key.audit(room) end
  local out = {}
  for _, e in ipairs(redis.call('XREVRANGE', stream, '+', '-', 'COUNT', tonumber(limit) or 50)) do
    out[#out + 1] = e[2][2]
  end
  return '{"entries":[' .. table.concat(out, ',') .. ']}'
end

-- A person as facilitators see them: the full name, whatever the person's age; guardian is
-- none (not needed), pending or given.
local function user_answer(uid)
  local o = self_obj(uid)
  o.email = redis.call('HGET', key.user(uid), 'email')
  o.guardian = consents_of(uid).guardian
  if o.guardian == '' then o.guardian = 'none' end
  o.cohort = redis.call('HGET', key.user(uid), 'cohort') or nil -- absent when untagged
  return '{"user":' .. cjson.encode(o) .. '}'
end

H['user.find'] = function(email)
  local uid = redis.call('GET', 'email:' .. string.lower(email))
  if not uid then return '!not_found|No account has this email.' end
  return user_answer(uid)
end

H['user.role'] = function(uid, role)
  if not ROLES[role] then return '!bad_request' end
  local old = redis.call('HGET', key.user(uid), 'role')
  if not old then return '!not_found|No such user.' end
  redis.call('HSET', key.user(uid), 'role', role)
  redis.call('SMOVE', 'users:' .. old, 'users:' .. role, uid)
  publish_user(uid, EV.role, role)
  audit('', uid, old .. ' -> ' .. role)
  return user_answer(uid)
end

-- Records (given true) or takes back a parent's or guardian's consent. Taken back, the
-- person leaves every room and matching at once, as when the account was pending.
H['user.consent'] = function(uid, given)
  if not user_exists(uid) then return '!not_found|No such user.' end
  if consents_of(uid).guardian == '' then
    return '!conflict|This account needs no guardian consent.'
  end
  local yes = given == '1'
  redis.call('HSET', key.user(uid), 'guardian', yes and 'given' or 'pending')
  consent_note(uid, 'guardian', yes, now, actor_id)
  if not yes then
    leave_all_rooms(uid, now, 'consent')
    leave_matching(uid)
  end
  account_updated(uid)
  audit('', uid, yes and 'given' or 'withdrawn')
  return user_answer(uid)
end

-- Reports, newest first: state '' for those not resolved (open or escalated), or open,
-- escalated, resolved, all; room '' for every room. At most 200.
H['report.list'] = function(state, room)
  if
    state ~= ''
    and state ~= 'open'
    and state ~= 'escalated'
    and state ~= 'resolved'
    and state ~= 'all'
  then
    return '!bad_request|state must be open, escalated, resolved or all.'
  end
  -- reports:open holds the reports not resolved, reports all of them.
  local open = state == '' or state == 'open' or state == 'escalated'
  local out = {}
  for _, id in ipairs(redis.call('ZREVRANGE', open and 'reports:open' or 'reports', 0, 4999)) do
    local f = redis.call('HMGET', key.report(id), 'state', 'room')
    local wanted = state == '' or state == 'all' or f[1] == state
    if f[1] and wanted and (room == '' or f[2] == room) then out[#out + 1] = report_json(id) end
    if #out == 200 then break end
  end
  return '{"reports":[' .. table.concat(out, ',') .. ']}'
end

local RESOLVE_MUTE_S = 3600 -- a mute from the review queue lasts an hour

-- What each review action does to the reported message and its author, beyond the report.
local ACT = {}
function ACT.dismiss(r)
  if redis.call('SREM', key.hidden(r.room), r.message) == 0 then return end
  -- Shown again: members put it back in its place.
  local found = redis.call('XRANGE', key.log(r.room), r.message, r.message)
  if #found == 0 then return end
  local out = {}
  append_messages(out, found, 1)
  local ev = '{"type":"message.shown","room":' .. cjson.encode(r.room) .. ',"message":'
  publish_room(r.room, EV.other, nil, ev .. out[1] .. '}')
end
function ACT.delete(r) delete_message(r.room, r.message) end -- perhaps deleted already
function ACT.mute(r) mute(r.room, r.author, RESOLVE_MUTE_S, '') end
function ACT.kick(r) kick(r.room, r.author, '') end
function ACT.ban(r) ban(r.room, r.author, nil, '') end
function ACT.escalate() end

H['report.resolve'] = function(id, what, note)
  local act = ACT[what]
  if not act then
    return '!bad_request|action must be dismiss, delete, mute, kick, ban or escalate.'
  end
  local f = redis.call('HMGET', key.report(id), 'state', 'j')
  if not f[1] then return '!not_found|No such report.' end
  if f[1] == 'resolved' then return '!conflict|This report is already resolved.' end
  if f[1] == 'escalated' and actor_role == 'facilitator' then
    return '!forbidden|This report is with the safeguarding lead.'
  end
  if what == 'escalate' and f[1] == 'escalated' then
    return '!conflict|This report is already escalated.'
  end
  local r = cjson.decode(f[2])
  local gone = r.author == '' or r.author == erased_id() or not user_exists(r.author)
  if gone and (what == 'mute' or what == 'kick' or what == 'ban') then
    return '!not_found|The author of this message is not known.'
  end
  act(r)
  local state = what == 'escalate' and 'escalated' or 'resolved'
  local res = cjson.encode({
    action = what,
    note = note,
    by = { id = actor_id, name = actor_name },
    at = now,
  })
  redis.call('HSET', key.report(id), 'state', state, 'resolution', res)
  if state == 'resolved' then redis.call('ZREM', 'reports:open', id) end
  audit(r.room, id, what .. (note ~= '' and (': ' .. note) or ''))
  local j = report_json(id)
  publish_admin('{"type":"report.updated","report":' .. j .. '}')
  return '{"report":' .. j .. '}'
end

-- Erasure by staff: an account of staff only by an admin; the entry keeps the action and
-- who did it, not whom.
H['user.delete'] = function(uid)
  local role = redis.call('HGET', key.user(uid), 'role')
  if not role then return '!not_found|No such user.' end
  if is_staff(role) and actor_role ~= 'admin' then
    return '!forbidden|Only an admin may delete the account of a facilitator.'
  end
  if uid == actor_id then return '!forbidden|Delete your own account from the web client.' end
  erase_account(uid, now)
  audit('', erased_id(), '')
  return '{}'
end

-- The round itself runs in the server; this records it.
H['match.run'] = function(detail)
  audit('', '', detail)
  return '{}'
end

local h = H[action]
if not h then return '!bad_request' end
return h(unpack(fields))
