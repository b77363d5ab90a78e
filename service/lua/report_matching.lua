--! family admin
--! key mentees users:mentee
--! arg actor_id id
--! arg actor_name str
--! arg action str
--! arg new_id id
--! arg jti str
--! arg fields list
--! list mentees
--! scans user:<uid> and match:st:<uid> of the mentees, match:<id> and room:{<id>} of matches
-- Admin report.matching (same arguments as admin.lua): the funnel record of each mentee
-- whose first request falls in [from, to) and who carries the cohort tag. fields: from, to
-- (ms), cohort ('' when absent). Answers the list mentees, one JSON object each:
-- {requested_at, offered_at, matched_at, last_message_at (the newest message of the pair
-- room), status, filter, country, offers: [[load, outcome]...]}. It names nobody: the node
-- computes the figures (service/impact_matching.c).
local actor_role, refused = staff_actor(actor_id, jti)
if not actor_role then return refused end
local from, to, cohort = tonumber(fields[1]), tonumber(fields[2]), fields[3] or ''

-- "load:outcome,..." (funnel_offer_end in common.lua) as [[load, outcome]...].
local OUTCOMES = { p = 'pending', a = 'accepted', d = 'declined', e = 'expired', w = 'withdrawn' }
local function offers_of(s)
  local out = {}
  for load, o in string.gmatch(s or '', '(%d+):(%a)') do
    out[#out + 1] = { tonumber(load), OUTCOMES[o] or 'pending' }
  end
  return out
end

-- When the match was made and the newest message of its room (ms), each nil when unknown.
local function match_times(st)
  if not st.match or st.match == '' then return nil, nil end
  local m = redis.call('HMGET', 'match:' .. st.match, 'room', 'created')
  local made = tonumber(st.matched_at or '') or tonumber(m[2] or '')
  local last = m[1] and redis.call('HGET', key.room(m[1]), 'last_id')
  return made, last and (id_parse(last)) or nil
end

local out = {}
for _, uid in ipairs(redis.call('SMEMBERS', KEY.mentees)) do
  local st = hash('match:st:' .. uid)
  local at = tonumber(st.requested_at or '')
  local u = redis.call('HMGET', key.user(uid), 'country', 'cohort')
  if
    at
    and (not from or at >= from)
    and (not to or at < to)
    and (cohort == '' or u[2] == cohort)
  then
    local made, last = match_times(st)
    out[#out + 1] = cjson.encode({
      requested_at = at,
      offered_at = tonumber(st.offered_at or '') or cjson.null,
      matched_at = made or cjson.null,
      last_message_at = last or cjson.null,
      status = st.status,
      filter = st.filter or cjson.null,
      country = u[1] or '',
      offers = offers_of(st.offers),
    })
  end
end
return answer('{}', 'mentees', out)
