-- Shared by the scripts (after impact_facts.lua): breakout groups.

-- Breakout groups: breakout:{<session>} holds the state of a session's breakout and
-- breakout:{<session>}:who each person's group; each group is a room of kind breakout.

-- A group as its members hear of it (a table).
local function breakout_group_obj(gid)
  local g = redis.call('HMGET', key.room(gid), 'title', 'number')
  return { id = gid, title = g[1] or '', number = tonumber(g[2] or '0') }
end

-- Tells every participant connection of uid which group of the session they are in.
local function breakout_tell(room, gid, uid)
  local b = redis.call('HMGET', key.breakout(room), 'ends_at', 'prompt')
  local ev = {
    type = 'breakout',
    room = room,
    group = breakout_group_obj(gid),
    ends_at = tonumber(b[1]),
    prompt = b[2] or '',
    now = now_ms(), -- the server's clock, so a client counts down without drift
  }
  publish_user(uid, EV.user, nil, cjson.encode(ev))
end

-- The board of a session's breakout (JSON text; null when it never had one): state, times,
-- prompt and each group with its members, online count and activity (messages in the last
-- recent_ms, the time of the last one).
local function breakout_json(room, now, recent_ms)
  local b = hash(key.breakout(room))
  if b.state == nil then return 'null' end
  local groups = {}
  for _, gid in ipairs(comma_list(b.groups)) do
    local g = breakout_group_obj(gid)
    local _, online = present(gid, now)
    g.online = online
    g.state = redis.call('HGET', key.room(gid), 'state')
    g.messages_recent =
      #redis.call('XRANGE', key.log(gid), string.format('%.0f', now - recent_ms), '+')
    local last = redis.call('XREVRANGE', key.log(gid), '+', '-', 'COUNT', 1)
    g.last_message_at = cjson.null
    if #last > 0 then g.last_message_at = id_parse(last[1][1]) end
    local members = {}
    for _, uid in ipairs(comma_list(redis.call('HGET', key.room(gid), 'members'))) do
      local u = user_obj(uid, year_of(now))
      members[#members + 1] = cjson.encode({ id = u.id, name = u.name })
    end
    -- By hand: cjson writes an empty table as an object.
    local j = cjson.encode(g)
    groups[#groups + 1] = string.sub(j, 1, -2)
      .. ',"members":['
      .. table.concat(members, ',')
      .. ']}'
  end
  local j = cjson.encode({
    room = room,
    state = b.state,
    started_at = num(b.started_at),
    ends_at = num(b.ends_at),
    minutes = num(b.minutes),
    prompt = b.prompt or '',
  })
  return string.sub(j, 1, -2) .. ',"groups":[' .. table.concat(groups, ',') .. ']}'
end

-- Every console hears of a change to the board (they filter by room).
local function breakout_updated(room, now)
  local j = breakout_json(room, now, 300000)
  publish_admin(
    '{"type":"breakout.updated","room":' .. cjson.encode(room) .. ',"breakout":' .. j .. '}'
  )
end

-- Each member of each group gets ev (a table) with group set to their group's id.
local function breakout_each_member(room, ev)
  for _, gid in ipairs(comma_list(redis.call('HGET', key.breakout(room), 'groups'))) do
    ev.group = gid
    local j = cjson.encode(ev)
    for _, uid in ipairs(comma_list(redis.call('HGET', key.room(gid), 'members'))) do
      publish_user(uid, EV.user, nil, j)
    end
  end
end

-- The warning before the end: the breakout now ends at ends (ms).
local function breakout_warn(room, ends, now)
  redis.call('HSET', key.breakout(room), 'state', 'ending', 'ends_at', ends)
  redis.call('ZADD', 'breakouts', ends, room)
  breakout_each_member(room, { type = 'breakout.ending', room = room, ends_at = ends, now = now })
  breakout_updated(room, now)
end

-- The end: the groups close (their history stays) and everyone goes back to the session.
local function breakout_finish(room, now)
  local groups = comma_list(redis.call('HGET', key.breakout(room), 'groups'))
  for _, gid in ipairs(groups) do
    redis.call('HSET', key.room(gid), 'state', 'closed', 'closed_at', now)
  end
  redis.call('HSET', key.breakout(room), 'state', 'ended', 'ended_at', now)
  redis.call('ZREM', 'breakouts', room)
  breakout_each_member(room, { type = 'breakout.ended', room = room })
  breakout_updated(room, now)
end

-- A participant who joins a session room while its breakout runs goes back to their group,
-- or, new, to the smallest one (the first of equals), and is told. Staff are not placed.
local function breakout_late(room, uid, now)
  local b = redis.call('HMGET', key.breakout(room), 'state', 'groups')
  if b[1] ~= 'running' then return end
  local gid = redis.call('HGET', key.breakout_who(room), uid)
  if not gid then
    if is_staff(redis.call('HGET', key.user(uid), 'role')) then return end
    local size
    for _, id in ipairs(comma_list(b[2])) do
      local n = #comma_list(redis.call('HGET', key.room(id), 'members'))
      if not size or n < size then
        gid, size = id, n
      end
    end
    if not gid then return end
    local m = redis.call('HGET', key.room(gid), 'members') or ''
    if m ~= '' then m = m .. ',' end
    redis.call('HSET', key.room(gid), 'members', m .. uid)
    redis.call('HSET', key.breakout_who(room), uid, gid)
    redis.call('HINCRBY', key.impact(room), 'b:' .. uid, 1)
    breakout_updated(room, now)
  end
  breakout_tell(room, gid, uid)
end

-- Erasure: the person leaves the member list of a group and the session's placements.
local function breakout_forget(room, uid, kind, members)
  redis.call('HDEL', key.breakout_who(room), uid)
  if kind ~= 'breakout' then return end
  local rest = {}
  for _, m in ipairs(comma_list(members)) do
    if m ~= uid then rest[#rest + 1] = m end
  end
  redis.call('HSET', key.room(room), 'members', table.concat(rest, ','))
end
