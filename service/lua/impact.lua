--! family admin
--! key rooms rooms
--! key users users
--! key actor user:$actor_id
--! arg actor_id id
--! arg actor_name str
--! arg action str
--! arg new_id id
--! arg jti str
--! arg fields list
--! list sessions people
--! scans room:{<id>} and impact:{<id>} of the sessions and of their breakout groups,
--! scans polls:{<id>}, poll:{<id>}:<poll> and its :who hash; user:<uid> of the people
-- The facts behind report.sessions and report.cohort (the arguments of admin.lua): fields
-- are from and to (ms, '' for none), cohort ('' for any) and room ('' for any). The figures
-- are computed by the node (impact_sessions.c), which also applies the region filter.
-- Answers {"now":ms}, then sessions: the exchange rooms selected, in starts_at order, each
-- {room, title, cohort, starts_at, ends_at, closed_at, rounds, people: {uid: {a, m, h, b,
-- g}}, polls: [{poll, question, state, anonymous, voters, who}]}; people: {id, country,
-- origin, cohort} of every non-staff person those facts name or the cohorts tag.
local now = now_ms()
local actor_role, refused = staff_actor(actor_id, jti)
if not actor_role then return refused end
local from, to, cohort, only = tonumber(fields[1]), tonumber(fields[2]), fields[3], fields[4]

local room_fields = { 'title', 'kind', 'cohort', 'starts_at', 'ends_at', 'closed_at', 'created' }
local function room_of(id)
  local v = redis.call('HMGET', key.room(id), unpack(room_fields))
  local h = {}
  for i, f in ipairs(room_fields) do
    h[f] = v[i] or nil -- false (a missing field) as nil
  end
  return h
end

local function selected(h)
  if h.title == nil or (h.kind and h.kind ~= 'exchange') then return false end
  local at = tonumber(h.starts_at or h.created or '')
  if not at or (from and at < from) or (to and at >= to) then return false end
  return cohort == '' or h.cohort == cohort
end

local ids = {}
if only ~= '' then
  local h = room_of(only)
  if h.title == nil then return '!not_found|No such room.' end
  if h.kind and h.kind ~= 'exchange' then
    return '!bad_request|Only exchange rooms are sessions.'
  end
  ids[1] = only
else
  ids = redis.call('ZRANGE', KEY.rooms, 0, -1)
end

-- Who counts: the people a fact names, once each (staff and erased accounts left out).
local people, known = {}, {}
local function counted(uid)
  if known[uid] ~= nil then return known[uid] end
  local u = redis.call('HMGET', key.user(uid), 'role', 'country', 'profile', 'cohort')
  known[uid] = u[1] ~= nil and not is_staff(u[1])
  if known[uid] then
    local ok, p = pcall(cjson.decode, u[3] or '{}')
    local origin = ok and type(p) == 'table' and p.origin or ''
    if type(origin) ~= 'string' then origin = '' end
    people[#people + 1] = cjson.encode({
      id = uid,
      country = u[2] or '',
      origin = origin,
      cohort = u[4] or cjson.null,
    })
  end
  return known[uid]
end

-- A session's per-person facts: a (spans), m (messages), h (hands), b (placements) and g
-- (1 when they wrote in one of its breakout groups).
local function facts_of(id)
  local f = hash(key.impact(id))
  local out = {}
  for name, v in pairs(f) do
    local kind, uid = string.match(name, '^(%a):(.+)$')
    if kind and counted(uid) then
      out[uid] = out[uid] or {}
      out[uid][kind] = kind == 'a' and v or tonumber(v)
    end
  end
  for _, gid in ipairs(comma_list(f.groups)) do
    for name, v in pairs(hash(key.impact(gid))) do
      local uid = string.match(name, '^m:(.+)$')
      if uid and tonumber(v) > 0 and out[uid] then out[uid].g = 1 end
    end
  end
  return out, tonumber(f.rounds or '0')
end

local POLL_FIELDS = { 'question', 'state', 'anonymous', 'voters', 'staff_voters' }

local function polls_of(id)
  local out = {}
  for _, poll in ipairs(redis.call('ZRANGE', key.polls(id), 0, -1)) do
    local p = redis.call('HMGET', key.poll(id, poll), unpack(POLL_FIELDS))
    if p[1] then
      local who = {}
      if p[3] ~= '1' then
        for _, uid in ipairs(redis.call('HKEYS', key.voters(id, poll))) do
          if counted(uid) then who[#who + 1] = uid end
        end
      end
      out[#out + 1] = {
        poll = poll,
        question = p[1],
        state = p[2],
        anonymous = p[3] == '1',
        voters = tonumber(p[4] or '0') - tonumber(p[5] or '0'), -- staff do not count
        who = who,
      }
    end
  end
  return out
end

local sessions, cohorts = {}, {}
if cohort ~= '' then cohorts[cohort] = true end
for _, id in ipairs(ids) do
  local h = room_of(id)
  if selected(h) then
    local facts, rounds = facts_of(id)
    if h.cohort then cohorts[h.cohort] = true end
    sessions[#sessions + 1] = cjson.encode({
      room = id,
      title = h.title,
      cohort = h.cohort or cjson.null,
      starts_at = tonumber(h.starts_at or h.created),
      ends_at = num(h.ends_at),
      closed_at = num(h.closed_at),
      rounds = rounds,
      people = facts,
      polls = polls_of(id),
    })
  end
end
-- Everyone the sessions' cohorts tag: who was registered.
if next(cohorts) then
  for _, uid in ipairs(redis.call('SMEMBERS', KEY.users)) do
    local c = redis.call('HGET', key.user(uid), 'cohort')
    if c and cohorts[c] then counted(uid) end
  end
end
return answer(
  '{"now":' .. string.format('%.0f', now) .. '}',
  'sessions',
  sessions,
  'people',
  people
)
