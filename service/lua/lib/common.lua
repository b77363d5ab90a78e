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

-- The ids in a comma list.
local function comma_list(s)
  local out = {}
  for id in string.gmatch(s or '', '[^,]+') do
    out[#out + 1] = id
  end
  return out
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
