-- Shared by the scripts (after live_session.lua): erasure.

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
