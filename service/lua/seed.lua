--! family seed
--! key rooms rooms
--! key users users
--! key ends rooms:ends
--! arg doc str
--! scans email:, user:, users:<role> and room:{<id>} of the document
-- doc: a JSON document {rooms: [...], people: [...]} already checked and completed by the
-- loader (uids, password hashes, absolute times). Loads it only into an empty store.
-- Answers {"loaded":"what"} or {"skipped":true}.
if redis.call('EXISTS', KEY.rooms) == 1 or redis.call('SCARD', KEY.users) > 0 then
  return '{"skipped":true}'
end
doc = cjson.decode(doc)
local now = now_ms()
local uid_of = {}
for _, p in ipairs(doc.people) do
  uid_of[p.email] = p.uid
  redis.call('SET', 'email:' .. p.email, p.uid)
  redis.call(
    'HSET',
    key.user(p.uid),
    'email',
    p.email,
    'name',
    p.name,
    'role',
    p.role,
    'pw',
    p.pw,
    'created',
    now,
    'profile',
    p.profile or '',
    'birth_year',
    p.birth_year or '',
    'country',
    p.country or ''
  )
  if p.cohort ~= '' then redis.call('HSET', key.user(p.uid), 'cohort', p.cohort) end
  redis.call('SADD', KEY.users, p.uid)
  redis.call('SADD', 'users:' .. p.role, p.uid)
end
for _, r in ipairs(doc.rooms) do
  local members = {}
  for _, e in ipairs(r.members or {}) do
    members[#members + 1] = uid_of[e] or e
  end
  redis.call(
    'HSET',
    key.room(r.id),
    'title',
    r.title,
    'topic',
    r.topic or '',
    'kind',
    r.kind,
    'state',
    r.state,
    'starts_at',
    r.starts_at,
    'ends_at',
    r.ends_at,
    'members',
    table.concat(members, ','),
    'created',
    now
  )
  if r.cohort ~= '' then redis.call('HSET', key.room(r.id), 'cohort', r.cohort) end
  redis.call('ZADD', KEY.rooms, r.starts_at, r.id)
  if r.kind ~= 'mentorship' and r.state ~= 'closed' then
    redis.call('ZADD', KEY.ends, r.ends_at, r.id)
  end
end
return cjson.encode({ loaded = #doc.rooms .. ' rooms and ' .. #doc.people .. ' people' })
