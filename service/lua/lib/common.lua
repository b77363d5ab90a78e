-- Shared by every script (prepended at build time, before the lines that bind KEY and the
-- arguments declared by the script's --! lines). A script answers a refusal as the string
-- "!code [retry_after_ms][|message]", else with answer(): a head (a JSON object text) and
-- its declared lists. Keys of one room carry the room id as a hash tag.

-- Keys a script finds from data (the rest come in KEYS, from the --! key lines).
local key = {}
function key.room(id) return 'room:{' .. id .. '}' end
function key.log(id) return 'room:{' .. id .. '}:log' end
function key.pres(id) return 'pres:{' .. id .. '}' end
function key.mute(id, uid) return 'mute:{' .. id .. '}:' .. uid end
function key.ban(id, uid) return 'ban:{' .. id .. '}:' .. uid end
function key.slow(id, uid) return 'slow:{' .. id .. '}:' .. uid end
function key.audit(id) return 'audit:{' .. id .. '}' end
function key.user(uid) return 'user:' .. uid end
function key.report(id) return 'report:' .. id end
function key.hidden(room) return 'hidden:{' .. room .. '}' end
function key.reporters(room, id) return 'reporters:{' .. room .. '}:' .. id end
function key.breakout(room) return 'breakout:{' .. room .. '}' end
function key.breakout_who(room) return 'breakout:{' .. room .. '}:who' end

-- The event kinds that travel between nodes, as the header line of a published payload
-- ("kind[ arg]\njson"). service/event.h names the same ones for C.
local EV = {
  message = 'm', -- on ev:room:<id>, arg the message id
  presence = 'p', -- arg the uid it is about
  typing = 't', -- arg the uid
  other = 'x', -- room.updated, message.deleted, announcement
  revoke = 'r', -- on ev:user:<uid>, arg the token id ('*': every session, an erasure)
  role = 'o', -- arg the new role
  kick = 'k', -- arg the room
  user = 'e', -- an event for every participant connection of the person
  admin = 'a', -- on ev:admin:all, for every signed-in admin connection
}

local function publish(channel, kind, arg, json)
  local hdr = kind
  if arg then hdr = kind .. ' ' .. arg end
  redis.call('PUBLISH', channel, hdr .. '\n' .. (json or ''))
end

local function publish_user(uid, kind, arg, json) publish('ev:user:' .. uid, kind, arg, json) end

-- An event for every admin connection signed in on any node.
local function publish_admin(json) publish('ev:admin:all', EV.admin, nil, json) end

-- The one answer shape: answer('{"a":1}', 'name', {items...}, ...) as declared by --! list.
local function answer(head, ...)
  local out, lists = { head }, { ... }
  for i = 1, #lists, 2 do
    out[#out + 1] = lists[i]
    out[#out + 1] = #lists[i + 1]
    for _, v in ipairs(lists[i + 1]) do
      out[#out + 1] = v
    end
  end
  return out
end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function hash(k)
  local f = redis.call('HGETALL', k)
  local t = {}
  for i = 1, #f, 2 do
    t[f[i]] = f[i + 1]
  end
  return t
end

local function num(s)
  local n = tonumber(s)
  if n == nil then return cjson.null end
  return n
end

local function id_str(ms, seq) return string.format('%.0f-%.0f', ms, seq) end

local function id_parse(s)
  local ms, seq = string.match(s or '', '^(%d+)-(%d+)$')
  return tonumber(ms or 0), tonumber(seq or 0)
end

-- a < b for stream ids
local function id_less(a, b)
  local am, as = id_parse(a)
  local bm, bs = id_parse(b)
  return am < bm or (am == bm and as < bs)
end

-- The UTC year of a time in ms (civil from days: the Gregorian calendar, years from March).
local function year_of(ms)
  local z = math.floor(ms / 86400000) + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor(
    (doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365
  )
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local y = yoe + era * 400
  if math.floor((5 * doy + 2) / 153) >= 10 then y = y + 1 end -- January or February
  return y
end

-- Under 18 in year, by the stored birth_year ('' or nil: not given, an adult). Only the year
-- of birth is known, so someone counts as under 18 until the end of the year they turn 18.
local function is_minor(born, year)
  local b = tonumber(born or '')
  return b ~= nil and year - b <= 18
end

-- The name other participants see: the first word of the name of someone under 18.
local function shown_name(name, born, year)
  if is_minor(born, year) then return string.match(name, '%S+') or name end
  return name
end

-- A person as other participants see them; year: the current one (nil: asks Redis).
local function user_obj(uid, year)
  local u = redis.call('HMGET', key.user(uid), 'name', 'role', 'birth_year', 'country')
  return {
    id = uid,
    name = shown_name(u[1] or '', u[3], year or year_of(now_ms())),
    role = u[2] or 'mentee',
    country = u[4] or '',
  }
end

-- users present in a room through live nodes: set of uid, count
local function present(room, now)
  local f = redis.call('HGETALL', key.pres(room))
  local live, users, n = {}, {}, 0
  for i = 1, #f, 2 do
    local node, uid = string.match(f[i], '^(.*)|(.*)$')
    if node then
      if live[node] == nil then
        local exp = redis.call('ZSCORE', 'nodes', node)
        live[node] = exp ~= false and tonumber(exp) >= now
      end
      if live[node] and tonumber(f[i + 1]) > 0 and not users[uid] then
        users[uid] = true
        n = n + 1
      end
    end
  end
  return users, n
end

local function is_member(h, uid)
  return string.find(',' .. (h.members or '') .. ',', ',' .. uid .. ',', 1, true) ~= nil
end

-- The roles that may use the admin socket (util_role_is_staff in C).
local function is_staff(role)
  return role == 'facilitator' or role == 'safeguarding' or role == 'admin'
end

-- The room hash, or an error string: not_found, forbidden (someone else's mentorship room,
-- a breakout group one is not in; staff may enter groups).
-- With fields (a list of names), only those, title, kind and members are read.
local function room_access(room, uid, fields)
  local h
  if fields then
    local names = { 'title', 'kind', 'members', unpack(fields) }
    local v = redis.call('HMGET', key.room(room), unpack(names))
    h = {}
    for i = 1, #names do
      if v[i] then h[names[i]] = v[i] end
    end
  else
    h = hash(key.room(room))
  end
  if h.title == nil then return nil, '!not_found|No such room.' end
  if h.kind == 'mentorship' and not is_member(h, uid) then
    return nil, '!forbidden|This private room belongs to a mentor and a mentee.'
  end
  if
    h.kind == 'breakout'
    and not is_member(h, uid)
    and not is_staff(redis.call('HGET', key.user(uid), 'role'))
  then
    return nil, '!forbidden|This breakout group is for its members.'
  end
  return h
end

-- A room as the protocol shows it (a table; room_json encodes it).
local function room_obj(room, h, online)
  return {
    id = room,
    title = h.title or '',
    topic = h.topic or '',
    kind = h.kind or 'exchange',
    state = h.state or 'open',
    starts_at = num(h.starts_at),
    ends_at = num(h.ends_at),
    online = online,
    slow_mode = tonumber(h.slow or '0'),
    contact_allowed = h.contact_ok == '1',
    parent = h.parent, -- a breakout group's session room (absent otherwise)
    cohort = h.cohort, -- its cohort tag (absent when none)
  }
end

local function room_json(room, h, online) return cjson.encode(room_obj(room, h, online)) end

local function publish_room(room, kind, arg, json) publish('ev:room:' .. room, kind, arg, json) end

-- The message event of a stored message (j: its JSON), as say sends it and catch-up resends it.
local function message_event(room, j)
  return '{"type":"message","room":' .. cjson.encode(room) .. ',"message":' .. j .. '}'
end

local function publish_presence(room, uid, state)
  publish_room(
    room,
    EV.presence,
    uid,
    cjson.encode({ type = 'presence', room = room, user = user_obj(uid), state = state })
  )
end

-- Appends the messages of stream entries n..1 (a newest-first list) to out, oldest first,
-- leaving out the ids in skip (a set, or nil).
local function append_messages(out, entries, n, skip)
  for i = n, 1, -1 do
    local e = entries[i][2]
    for k = 1, #e, 2 do
      if e[k] == 'j' and not (skip and skip[entries[i][1]]) then out[#out + 1] = e[k + 1] end
    end
  end
end

-- The set of message ids hidden in a room (its hidden:{room} key), or nil when none.
local function hidden_set(k)
  local ids = redis.call('SMEMBERS', k)
  if #ids == 0 then return nil end
  local s = {}
  for _, id in ipairs(ids) do
    s[id] = true
  end
  return s
end

-- A report as facilitators see it (JSON text), or nil when there is none with this id.
local function report_json(id)
  local r = redis.call('HMGET', key.report(id), 'j', 'state', 'resolution', 'snapshot')
  if not r[1] then return nil end
  local o = cjson.decode(r[1])
  o.state = r[2]
  if r[3] then o.resolution = cjson.decode(r[3]) end
  o.reporters = redis.call('SCARD', key.reporters(o.room, o.message))
  o.hidden = redis.call('SISMEMBER', key.hidden(o.room), o.message) == 1
  local j = cjson.encode(o)
  return string.sub(j, 1, -2) .. ',"snapshot":' .. r[4] .. '}'
end

-- Polls (polls.lua, poll_vote.lua, poll_list.lua). Every ballot is keyed by a tag the
-- node computes (an HMAC of the poll and the voter), so an anonymous poll stores no uid.
function key.polls(room) return 'polls:{' .. room .. '}' end
function key.poll(room, id) return 'poll:{' .. room .. '}:' .. id end
function key.ballots(room, id) return 'poll:{' .. room .. '}:' .. id .. ':b' end
function key.voters(room, id) return 'poll:{' .. room .. '}:' .. id .. ':who' end

-- A poll as the protocol shows it (a table), nil when there is none. counts and voters
-- (how many voted) only when with_counts.
local function poll_obj(room, id, with_counts)
  local h = hash(key.poll(room, id))
  if h.question == nil then return nil end
  local o = {
    id = id,
    room = room,
    question = h.question,
    options = cjson.decode(h.options),
    multiple = h.multiple == '1',
    anonymous = h.anonymous == '1',
    state = h.state,
    created_at = tonumber(h.created_at),
    closed_at = num(h.closed_at),
  }
  if with_counts then
    o.counts = {}
    for i = 1, #o.options do
      o.counts[i] = tonumber(h['c' .. (i - 1)] or '0')
    end
    o.voters = tonumber(h.voters or '0')
  end
  return o
end

-- The live counts of a poll to every admin connection.
local function publish_poll_results(room, id)
  local o = poll_obj(room, id, true)
  publish_admin(cjson.encode({ type = 'poll.results', poll = o }))
end

-- A failed-password counter (lfail:<email>): counts this attempt at once, so attempts in
-- flight count too. Answers nil, or the !rate_limited refusal once max is passed.
local function count_attempt(k, max, window_ms)
  local n = redis.call('INCR', k)
  if n == 1 then redis.call('PEXPIRE', k, window_ms) end
  if n <= max then return nil end
  local ttl = redis.call('PTTL', k)
  if ttl < 1 then ttl = 1 end
  return '!rate_limited ' .. ttl
end

-- One audit entry (a table: ts, actor, action, and room, target, detail, until when known),
-- in the log of all rooms and in its room's.
local function audit_write(e)
  local j = cjson.encode(e)
  redis.call('XADD', 'audit', 'MAXLEN', '~', 100000, '*', 'j', j)
  if e.room then redis.call('XADD', key.audit(e.room), 'MAXLEN', '~', 10000, '*', 'j', j) end
end

-- The audit entry of an admin-socket action: room, target, detail ('' or nil when none) and
-- till (when a timed mute or ban ends; nil otherwise).
local function audit_add(now, actor_id, actor_name, action, room, target, detail, till)
  local e = { ts = now, actor = { id = actor_id, name = actor_name }, action = action }
  if till then e['until'] = till end
  if room and room ~= '' then e.room = room end
  if target and target ~= '' then e.target = target end
  if detail and detail ~= '' then e.detail = detail end
  audit_write(e)
end

-- A person's consents as user:<uid> holds them: guardian ('' when none is needed, 'pending',
-- 'given'), and the separate consents to take part in rooms and to mentor matching (absent
-- means given: accounts made before they were asked).
local function consents_of(uid)
  local u = redis.call('HMGET', key.user(uid), 'guardian', 'consent_rooms', 'consent_matching')
  return { guardian = u[1] or '', rooms = u[2] ~= '0', matching = u[3] ~= '0' }
end

-- The refusal when uid may not take part in what ('rooms' or 'matching'), else nil.
local function consent_refusal(uid, what)
  local c = consents_of(uid)
  if c.guardian == 'pending' then
    return '!consent_required|A parent or guardian must agree first: a facilitator records it.'
  end
  if c[what] then return nil end
  if what == 'rooms' then
    return '!consent_required|You have not agreed to take part in rooms: see your profile.'
  end
  return '!consent_required|You have not agreed to mentor matching: see your profile.'
end

-- The person's own user object: the public one with their state and consents.
local function self_obj(uid)
  local o, c = user_obj(uid), consents_of(uid)
  o.name = redis.call('HGET', key.user(uid), 'name') or '' -- one's own: the full name
  o.state = c.guardian == 'pending' and 'pending_consent' or 'active'
  o.consents = { rooms = c.rooms, matching = c.matching }
  return o
end

-- Tells every participant connection of the person what their account now is.
local function account_updated(uid)
  local o = self_obj(uid)
  publish_user(uid, EV.user, nil, cjson.encode({ type = 'account.updated', user = o }))
  return o
end

-- Adds to the person's consent history (what: guardian, rooms, matching; by: who recorded
-- it), keeping the latest 50 entries.
local function consent_note(uid, what, given, at, by)
  local max = 50
  local raw = redis.call('HGET', key.user(uid), 'consent_log')
  local log = {}
  if raw and raw ~= '' then log = cjson.decode(raw) end
  log[#log + 1] = { what = what, given = given, at = at, by = by }
  while #log > max do
    table.remove(log, 1)
  end
  redis.call('HSET', key.user(uid), 'consent_log', cjson.encode(log))
end

-- Takes the person's connections out of every room they are in on a live node, through the
-- kick path (each node removes its own connections and sends them json's event).
local function leave_all_rooms(uid, now, reason)
  local seen = {}
  for _, node in ipairs(redis.call('ZRANGEBYSCORE', 'nodes', now, '+inf')) do
    for _, room in ipairs(redis.call('SMEMBERS', 'noderooms:' .. node)) do
      local n = tonumber(redis.call('HGET', key.pres(room), node .. '|' .. uid) or '0')
      if n > 0 and not seen[room] then
        seen[room] = true
        publish_user(
          uid,
          EV.kick,
          room,
          cjson.encode({ type = 'room.left', room = room, reason = reason })
        )
      end
    end
  end
end

-- The mentee's funnel record, in match:st:<mentee> (docs/impact.md): offers is one
-- "load:outcome" per offer, oldest first, the latest FUNNEL_OFFERS_MAX; load is the mentor's
-- mentees when it was made, outcome p (pending), a (accepted), d (declined), e (expired) or
-- w (withdrawn). An offer that ends sends the mentee back to waiting for a round, so the
-- filter of the last round goes.
local function funnel_offer_end(mentee, outcome)
  local k = 'match:st:' .. mentee
  local s = redis.call('HGET', k, 'offers')
  if s and s:sub(-2) == ':p' then
    redis.call('HSET', k, 'offers', s:sub(1, -2) .. outcome:sub(1, 1))
  end
  redis.call('HDEL', k, 'filter')
end

-- Removes a matching offer; the mentee goes back to the queue keeping its place. A
-- withdrawn offer is taken off the mentor's screens (match.withdrawn).
local function drop_offer(id, outcome)
  local o = hash('match:offer:' .. id)
  if o.mentor == nil then return nil end
  funnel_offer_end(o.mentee, outcome)
  redis.call('DEL', 'match:offer:' .. id)
  redis.call('SREM', 'match:offers:' .. o.mentor, id)
  redis.call('ZREM', 'match:expiry', id)
  if outcome == 'withdrawn' then
    publish_user(o.mentor, EV.user, nil, cjson.encode({ type = 'match.withdrawn', offer = id }))
  else
    redis.call('SADD', 'match:excluded', o.mentor .. '|' .. o.mentee)
    redis.call('HINCRBY', 'match:st:' .. o.mentee, 'declines', 1)
    redis.call('HINCRBY', 'match:stats', outcome, 1)
  end
  if redis.call('HGET', 'match:st:' .. o.mentee, 'status') == 'offered' then
    redis.call('HSET', 'match:st:' .. o.mentee, 'status', 'queued', 'offer', '')
  end
  return o
end

-- Programme impact facts (docs/impact.md), per room in impact:{<room>}: a:<uid> the
-- presence spans of a non-staff person in an exchange room ("start-end,start-end,start",
-- ms; the last one open while they are there), m:<uid> messages sent (say.lua), h:<uid>
-- hands raised, b:<uid> breakout placements, rounds (breakouts run) and groups (their group
-- rooms, a comma list). Erasure takes the person's fields out; retention the whole key.
function key.impact(room) return 'impact:{' .. room .. '}' end

-- Whether the presence of uid in room is recorded: non-staff people in exchange rooms.
local function impact_counts(room, uid)
  local kind = redis.call('HGET', key.room(room), 'kind')
  if kind and kind ~= 'exchange' then return false end
  return not is_staff(redis.call('HGET', key.user(uid), 'role'))
end

-- uid is now present in room (their first connection on a live node): a span opens. Past
-- 100 spans the last one is reopened instead, so a flaky connection cannot grow the field.
local function impact_joined(room, uid, now)
  if not impact_counts(room, uid) then return end
  local f = 'a:' .. uid
  local spans = redis.call('HGET', key.impact(room), f) or ''
  local last = string.match(spans, '[^,]*$')
  if spans ~= '' and not string.find(last, '-', 1, true) then return end -- open already
  if spans == '' then
    spans = string.format('%.0f', now)
  elseif select(2, string.gsub(spans, ',', '')) >= 99 then
    spans = string.gsub(spans, '%-%d+$', '')
  else
    spans = spans .. ',' .. string.format('%.0f', now)
  end
  redis.call('HSET', key.impact(room), f, spans)
end

-- uid has no connection left in room: their open span closes.
local function impact_left(room, uid, now)
  local f = 'a:' .. uid
  local spans = redis.call('HGET', key.impact(room), f)
  if not spans or string.find(string.match(spans, '[^,]*$'), '-', 1, true) then return end
  redis.call('HSET', key.impact(room), f, spans .. '-' .. string.format('%.0f', now))
end

-- Erasure: the person's facts in room.
local function impact_forget(room, uid)
  redis.call('HDEL', key.impact(room), 'a:' .. uid, 'm:' .. uid, 'h:' .. uid, 'b:' .. uid)
end

-- Breakout groups: breakout:{<session>} holds the state of a session's breakout and
-- breakout:{<session>}:who each person's group; each group is a room of kind breakout.

-- The ids in a comma list.
local function comma_list(s)
  local out = {}
  for id in string.gmatch(s or '', '[^,]+') do
    out[#out + 1] = id
  end
  return out
end

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

-- The role of an admin-socket actor as it is now, whatever the socket was told earlier: a
-- revoked session or an account no longer staff is refused. Answers the role, or nil and the
-- refusal. The bootstrap identity (the admin secret) is an admin.
local function staff_actor(actor_id, jti)
  if actor_id == 'bootstrap' then return 'admin' end
  if jti == '' or redis.call('EXISTS', 'revoked:' .. jti) == 1 then return nil, '!unauthorized' end
  local role = redis.call('HGET', key.user(actor_id), 'role')
  if not is_staff(role) then return nil, '!forbidden|Only facilitators may moderate.' end
  return role
end

-- A mentee leaves the queue (match.cancel): a pending offer for them is withdrawn. Nothing
-- for someone already matched.
local function leave_queue(uid)
  local st = redis.call('HMGET', 'match:st:' .. uid, 'status', 'offer')
  if st[1] == 'matched' then return end
  if st[1] == 'offered' then drop_offer(st[2], 'withdrawn') end
  redis.call('ZREM', 'match:queue', uid)
  redis.call('DEL', 'match:st:' .. uid)
end

-- Takes the person out of matching (a withdrawn consent, an erasure): out of the queue, and
-- a mentor's pending offers withdrawn (each mentee keeps its place). An existing match stays.
local function leave_matching(uid)
  leave_queue(uid)
  for _, id in ipairs(redis.call('SMEMBERS', 'match:offers:' .. uid)) do
    drop_offer(id, 'withdrawn')
  end
end

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

-- Erasure (account.delete, user.delete): what stands where an erased person's id was.
local function erased_id() return 'erased' end

-- v (decoded JSON) with uid made anonymous: the person's messages become tombstones (no
-- text, erased = true), objects with their id lose name and email, the id reads 'erased'.
local function scrub(v, uid)
  if type(v) ~= 'table' then
    if v == uid then return erased_id() end
    return v
  end
  if type(v.from) == 'table' and v.from.id == uid then
    v.text = ''
    v.erased = true
  end
  if v.id == uid then
    if v.name then v.name = '' end
    v.email = nil
  end
  for k, x in pairs(v) do
    v[k] = scrub(x, uid)
  end
  return v
end

-- JSON text j with uid scrubbed, or nil when j does not mention uid.
local function scrub_json(j, uid)
  if not j or not string.find(j, uid, 1, true) then return nil end
  return cjson.encode(scrub(cjson.decode(j), uid))
end

-- Rewrites stream k, every id kept (an entry cannot be edited in place): fn(fields) answers
-- new fields, or nil to keep an entry as it is. Answers the ids of the entries changed.
local function stream_rewrite(k, fn)
  local entries = redis.call('XRANGE', k, '-', '+')
  local changed, fields = {}, {}
  for i, e in ipairs(entries) do
    fields[i] = fn(e[2])
    if fields[i] then changed[#changed + 1] = e[1] end
  end
  if #changed == 0 then return changed end
  redis.call('DEL', k)
  for i, e in ipairs(entries) do
    redis.call('XADD', k, e[1], unpack(fields[i] or e[2]))
  end
  return changed
end

local function scrub_audit(uid)
  return function(f)
    local j = scrub_json(f[2], uid)
    if j then return { 'j', j } end
  end
end

-- The person's messages in a room become tombstones in place (members are told with
-- message.erased); the room's audit loses their identity; their mentorship room closes
-- (then it answers true).
local function erase_in_room(room, uid, now)
  local ids = stream_rewrite(key.log(room), function(f)
    if f[4] ~= uid then return nil end
    return { 'j', scrub_json(f[2], uid) or f[2], 'u', erased_id() }
  end)
  if #ids > 0 then
    local ev = cjson.encode({ type = 'message.erased', room = room, ids = ids })
    publish_room(room, EV.other, nil, ev)
  end
  stream_rewrite(key.audit(room), scrub_audit(uid))
  session_drop(room, uid)
  impact_forget(room, uid)
  local h = redis.call('HMGET', key.room(room), 'kind', 'members')
  breakout_forget(room, uid, h[1], h[2])
  if h[1] == 'mentorship' and is_member({ members = h[2] }, uid) then
    local rest = {}
    for m in string.gmatch(h[2], '[^,]+') do
      if m ~= uid then rest[#rest + 1] = m end
    end
    -- The title named both people.
    redis.call(
      'HSET',
      key.room(room),
      'members',
      table.concat(rest, ','),
      'title',
      'Mentorship',
      'state',
      'closed',
      'closed_at',
      now
    )
    redis.call('ZREM', 'rooms:ends', room)
    return true
  end
  return false
end

-- The person's name on the ballots of non-anonymous polls (the counts stay, unattributed).
local function erase_poll_voters(uid)
  for _, room in ipairs(redis.call('ZRANGE', 'rooms', 0, -1)) do
    for _, id in ipairs(redis.call('ZRANGE', key.polls(room), 0, -1)) do
      redis.call('HDEL', key.voters(room, id), uid)
    end
  end
end

-- Offers, queue place, matches and exclusions of the person; the other side of each match
-- may ask again. Counters and waits name nobody and stay.
local function erase_matching(uid)
  local match = redis.call('HGET', 'match:st:' .. uid, 'match')
  if match and match ~= '' then
    local mentor = redis.call('HGET', 'match:' .. match, 'mentor')
    if mentor then redis.call('SREM', 'match:mentees:' .. mentor, uid) end
    redis.call('DEL', 'match:' .. match)
  end
  leave_matching(uid)
  for _, mentee in ipairs(redis.call('SMEMBERS', 'match:mentees:' .. uid)) do
    local id = redis.call('HGET', 'match:st:' .. mentee, 'match')
    if id then redis.call('DEL', 'match:' .. id) end
    redis.call('DEL', 'match:st:' .. mentee)
  end
  for _, p in ipairs(redis.call('SMEMBERS', 'match:excluded')) do
    if string.find('|' .. p .. '|', '|' .. uid .. '|', 1, true) then
      redis.call('SREM', 'match:excluded', p)
    end
  end
end

-- Reports the person made, or about their messages, or decided: identity and words gone.
local function erase_reports(uid, renamed)
  for _, id in ipairs(redis.call('ZRANGE', 'reports', 0, -1)) do
    local k = key.report(id)
    local r = redis.call('HMGET', k, 'j', 'snapshot', 'resolution', 'reporter', 'author', 'room')
    local j, snap, res = scrub_json(r[1], uid), scrub_json(r[2], uid), scrub_json(r[3], uid)
    if renamed[r[6]] then
      -- The report kept the title of the room, which named the person.
      local o = cjson.decode(j or r[1])
      o.room_title = 'Mentorship'
      j = cjson.encode(o)
    end
    if j then
      redis.call('HSET', k, 'j', j)
      redis.call('SREM', key.reporters(r[6], cjson.decode(j).message), uid)
    end
    if snap then redis.call('HSET', k, 'snapshot', snap) end
    if res then redis.call('HSET', k, 'resolution', res) end
    if r[4] == uid then redis.call('HSET', k, 'reporter', erased_id()) end
    if r[5] == uid then redis.call('HSET', k, 'author', erased_id()) end
  end
end

-- Deletes every key whose name holds the person's id (user:, match:st:, nonce:, mute:, ...).
local function erase_keys(uid)
  local cursor = '0'
  repeat
    local r = redis.call('SCAN', cursor, 'MATCH', '*' .. uid .. '*', 'COUNT', 1000)
    cursor = r[1]
    for _, k in ipairs(r[2]) do
      redis.call('DEL', k)
    end
  until cursor == '0'
end

-- Erases the person everywhere and signs out every session of theirs on every node (their
-- tokens are refused from then on: no account). Answers the account hash, nil when none.
local function erase_account(uid, now)
  local u = hash(key.user(uid))
  if not u.email then return nil end
  local renamed = {}
  for _, room in ipairs(redis.call('ZRANGE', 'rooms', 0, -1)) do
    renamed[room] = erase_in_room(room, uid, now)
  end
  erase_poll_voters(uid)
  erase_matching(uid)
  erase_reports(uid, renamed)
  -- Consent histories name the facilitator who recorded a guardian's consent.
  for _, other in ipairs(redis.call('SMEMBERS', 'users')) do
    local log = scrub_json(redis.call('HGET', key.user(other), 'consent_log'), uid)
    if log then redis.call('HSET', key.user(other), 'consent_log', log) end
  end
  stream_rewrite('audit', scrub_audit(uid))
  erase_keys(uid)
  redis.call('DEL', 'email:' .. u.email, 'lfail:' .. u.email)
  redis.call('SREM', 'users', uid)
  redis.call('SREM', 'users:' .. (u.role or ''), uid)
  publish_user(uid, EV.revoke, '*')
  return u
end

-- A self-erasure waits while a report about the person's messages is not decided: the
-- evidence goes with the account. Answers the refusal, or nil.
local function erase_blocked(uid)
  for _, id in ipairs(redis.call('ZRANGE', 'reports:open', 0, -1)) do
    if redis.call('HGET', key.report(id), 'author') == uid then
      return '!conflict|A report about your messages is being reviewed; you can delete '
        .. 'your account once a facilitator has decided it.'
    end
  end
  return nil
end
