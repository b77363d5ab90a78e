--! family admin
--! key audit audit
--! key rooms rooms
--! key ends rooms:ends
--! key actor user:$actor_id
--! key sched breakouts
--! arg actor_id id
--! arg actor_name str
--! arg action str
--! arg new_id id
--! arg jti str
--! arg fields list
--! scans room:{<id>} of the session and its groups, breakout:{<id>}, breakout:{<id>}:who,
--! scans breakouts, pres:{<id>}, the groups' logs, audit:{<id>}, user:<uid> of the people,
--! scans impact:{<id>} of the session (placements)
-- Breakout groups of a session room (the admin requests breakout.*). fields: the route's
-- args; breakout.start's are room, the groups as a JSON array of arrays of uids, minutes,
-- prompt, the warning before the end (ms) and how the groups were made. Answers the ok
-- payload's fields as a JSON object text, or "!code".
local now = now_ms()
local actor_role, refused = staff_actor(actor_id, jti)
if not actor_role then return refused end
local RECENT_MS = 5 * 60000

local function session_of(room)
  local h = hash(key.room(room))
  if h.title == nil then return nil, '!not_found|No such room.' end
  if h.kind == 'breakout' or h.kind == 'mentorship' then
    return nil, '!bad_request|Breakout groups are made from an exchange room.'
  end
  return h
end

local function live(b) return b.state == 'running' or b.state == 'ending' end

-- The running (or ending) breakout of a session room, or nil and the refusal.
local function live_of(room)
  local _, err = session_of(room)
  if err then return nil, err end
  local b = hash(key.breakout(room))
  if not live(b) then return nil, '!conflict|No breakout is running.' end
  return b
end

local function audit(room, detail) audit_add(now, actor_id, actor_name, action, room, '', detail) end

local H = {}

-- The people present, staff left out, with their origin: the input of the grouping.
H['breakout.people'] = function(room)
  local h, err = session_of(room)
  if not h then return err end
  if h.state == 'closed' then return '!room_closed' end
  if live(hash(key.breakout(room))) then return '!conflict|A breakout is already running.' end
  local users = present(room, now)
  local people = {}
  for uid in pairs(users) do
    local u = redis.call('HMGET', key.user(uid), 'role', 'profile')
    if u[1] and not is_staff(u[1]) then
      local ok, p = pcall(cjson.decode, u[2] or '{}')
      local origin = ok and type(p) == 'table' and p.origin or ''
      if type(origin) ~= 'string' then origin = '' end
      people[#people + 1] = { id = uid, origin = origin }
    end
  end
  table.sort(people, function(a, b) return a.id < b.id end)
  if #people == 0 then return '!conflict|Nobody is in the room to split into groups.' end
  return cjson.encode({ people = people })
end

local function group_room(id, number, session, h, members, prompt, ends)
  redis.call(
    'HSET',
    key.room(id),
    'title',
    'Group ' .. number .. ' — ' .. h.title,
    'topic',
    prompt,
    'kind',
    'breakout',
    'state',
    'open',
    'parent',
    session,
    'number',
    number,
    'starts_at',
    now,
    'ends_at',
    ends,
    'created',
    now,
    'members',
    table.concat(members, ',')
  )
  -- Listed like any room, so retention and erasure reach it; only members see it.
  redis.call('ZADD', KEY.rooms, now, id)
end

local function check_groups(groups)
  if type(groups) ~= 'table' or #groups < 2 or #groups > 50 then
    return '!bad_request|A breakout has 2 to 50 groups.'
  end
  local seen = {}
  for _, g in ipairs(groups) do
    if type(g) ~= 'table' or #g == 0 then return '!bad_request|Every group needs someone.' end
    for _, uid in ipairs(g) do
      if type(uid) ~= 'string' or seen[uid] then
        return '!bad_request|Each person goes in one group only.'
      end
      local role = redis.call('HGET', key.user(uid), 'role')
      if not role then return '!not_found|No such user: ' .. uid .. '.' end
      if is_staff(role) then
        return '!bad_request|Facilitators watch groups; they are not placed.'
      end
      seen[uid] = true
    end
  end
  return nil
end

H['breakout.start'] = function(room, groups_json, minutes, prompt, warning, how)
  local h, err = session_of(room)
  if not h then return err end
  if h.state == 'closed' then return '!room_closed' end
  if live(hash(key.breakout(room))) then return '!conflict|A breakout is already running.' end
  local ok, groups = pcall(cjson.decode, groups_json)
  if not ok then return '!bad_request|The assignment is not a list of groups.' end
  err = check_groups(groups)
  if err then return err end
  local ends = now + tonumber(minutes) * 60000
  local warn_ms = tonumber(warning)
  local ids = {}
  redis.call('DEL', key.breakout_who(room))
  for i, g in ipairs(groups) do
    ids[i] = new_id .. '-' .. i
    group_room(ids[i], i, room, h, g, prompt, ends)
    for _, uid in ipairs(g) do
      redis.call('HSET', key.breakout_who(room), uid, ids[i])
    end
  end
  redis.call(
    'HSET',
    key.breakout(room),
    'state',
    'running',
    'started_at',
    now,
    'ends_at',
    ends,
    'minutes',
    minutes,
    'prompt',
    prompt,
    'warning',
    warn_ms,
    'groups',
    table.concat(ids, ',')
  )
  redis.call('ZADD', KEY.sched, math.max(now, ends - warn_ms), room)
  -- The placements the impact reports count (docs/impact.md).
  local imp = key.impact(room)
  local before = redis.call('HGET', imp, 'groups')
  redis.call('HINCRBY', imp, 'rounds', 1)
  redis.call('HSET', imp, 'groups', (before and before .. ',' or '') .. table.concat(ids, ','))
  for i, g in ipairs(groups) do
    for _, uid in ipairs(g) do
      redis.call('HINCRBY', imp, 'b:' .. uid, 1)
      breakout_tell(room, ids[i], uid)
    end
  end
  audit(room, #groups .. ' groups (' .. how .. '), ' .. minutes .. ' min')
  breakout_updated(room, now)
  return '{"breakout":' .. breakout_json(room, now, RECENT_MS) .. '}'
end

H['breakout.end'] = function(room)
  local b, err = live_of(room)
  if not b then return err end
  if b.state == 'running' then
    local ends = math.min(tonumber(b.ends_at), now + tonumber(b.warning))
    breakout_warn(room, ends, now)
    audit(room, 'ends in ' .. math.floor((ends - now) / 1000) .. ' s')
  end
  return '{"breakout":' .. breakout_json(room, now, RECENT_MS) .. '}'
end

H['breakout.announce'] = function(room, text)
  local b, err = live_of(room)
  if not b then return err end
  local from = { id = actor_id, name = actor_name, role = 'facilitator' }
  local n = 0
  for gid in string.gmatch(b.groups or '', '[^,]+') do
    local ev = { type = 'announcement', room = gid, text = text, from = from }
    publish_room(gid, EV.other, nil, cjson.encode(ev))
    n = n + 1
  end
  audit(room, text)
  return '{"rooms":' .. n .. '}'
end

H['breakout.status'] = function(room)
  local _, err = session_of(room)
  if err then return err end
  return '{"breakout":' .. breakout_json(room, now, RECENT_MS) .. '}'
end

local fn = H[action]
if not fn then return '!bad_request|Unknown breakout action.' end
return fn(unpack(fields))
