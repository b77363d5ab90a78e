--! family matching
--! key queue match:queue
--! key seq match:seq
--! key expiry match:expiry
--! key excluded match:excluded
--! key stats match:stats
--! key waits match:waits
--! key lock match:lock
--! key rooms rooms
--! key mentors users:mentor
--! arg action id
--! arg uid str
--! arg args list
--! list mentees mentors excluded
--! scans match:st:, match:offer:, match:offers:, match:mentees:, match:<id>; user:<uid>
-- Mentor matching state. action: what to do; uid: the person asking ('' for the server);
-- args: the action's arguments. Only load answers the lists; the others answer a head
-- alone. Keys:
--   match:queue zset mentee -> first request (ms * 1000 + sequence: the place in line,
--     kept across declines)
--   match:st:<mentee> hash status (queued|offered|matched), requested_at, declines, offer, match,
--     and the funnel record: offered_at, matched_at, offers, filter (funnel_offer_end)
--   match:offer:<id> hash; match:offers:<mentor> set of pending offer ids;
--   match:expiry zset offer -> expires_at; match:excluded set "mentor|mentee";
--   match:mentees:<mentor> set of matched mentees; match:<id> hash; match:stats hash;
--   match:waits list of waits (ms) of the last accepted matches.
local now = now_ms()
local A = {}

local function status_of(mentee)
  return redis.call('HGET', 'match:st:' .. mentee, 'status') or 'none'
end

local function profile_of(id)
  local p = redis.call('HGET', key.user(id), 'profile')
  if not p or p == '' then return nil end
  return cjson.decode(p)
end

local function match_json(id)
  local h = hash('match:' .. id)
  if h.mentor == nil then return nil end
  return cjson.encode({
    id = id,
    mentor = h.mentor,
    mentee = h.mentee,
    mentor_user = user_obj(h.mentor),
    mentee_user = user_obj(h.mentee),
    score = tonumber(h.score),
    room = h.room,
    created_at = tonumber(h.created),
  })
end

local function offer_json(id)
  local j = redis.call('HGET', 'match:offer:' .. id, 'j')
  return j
end

local function notify(user, json) publish_user(user, EV.user, nil, json) end

local FUNNEL_OFFERS_MAX = 50

-- An offer made: its time if it is the mentee's first, and a pending entry with the mentor's
-- load (funnel_offer_end in common.lua), the oldest dropped past FUNNEL_OFFERS_MAX.
local function funnel_offer_start(mentee, load)
  local k = 'match:st:' .. mentee
  redis.call('HSETNX', k, 'offered_at', now)
  local s = redis.call('HGET', k, 'offers')
  local list = (s and s ~= '') and (s .. ',' .. load .. ':p') or (load .. ':p')
  local _, commas = list:gsub(',', '')
  if commas >= FUNNEL_OFFERS_MAX then list = list:sub(list:find(',', 1, true) + 1) end
  redis.call('HSET', k, 'offers', list)
  redis.call('HDEL', k, 'filter')
end

A['request'] = function()
  local role = redis.call('HGET', key.user(uid), 'role')
  if role ~= 'mentee' then return '!forbidden|Only mentees ask for a mentor.' end
  local refused = consent_refusal(uid, 'matching')
  if refused then return refused end
  local p = profile_of(uid)
  if not p or #(p.languages or {}) == 0 or #(p.skills or {}) == 0 then
    return '!profile_incomplete'
  end
  local st = status_of(uid)
  if st == 'none' then
    -- score: ms * 1000 + a sequence, so requests within one millisecond keep their order
    local skey = 'match:seq:' .. string.format('%.0f', now)
    local seq = math.min(redis.call('INCR', skey), 999)
    redis.call('PEXPIRE', skey, 1000)
    redis.call('ZADD', KEY.queue, 'NX', now * 1000 + seq, uid)
    redis.call('HSET', 'match:st:' .. uid, 'status', 'queued', 'requested_at', now)
    st = 'queued'
  end
  return cjson.encode({ status = st })
end

A['status'] = function()
  local st = status_of(uid)
  local out = '{"status":' .. cjson.encode(st)
  if st == 'matched' then
    local m = match_json(redis.call('HGET', 'match:st:' .. uid, 'match'))
    if m then out = out .. ',"match":' .. m end
  elseif st == 'queued' or st == 'offered' then
    local rank = redis.call('ZRANK', KEY.queue, uid)
    if rank then out = out .. ',"position":' .. (rank + 1) end
  end
  return out .. '}'
end

A['cancel'] = function()
  local st = status_of(uid)
  if st == 'matched' then return '!conflict|Already matched: there is no request to cancel.' end
  leave_queue(uid)
  return '{}'
end

A['offers'] = function()
  local out = {}
  for _, id in ipairs(redis.call('SMEMBERS', 'match:offers:' .. uid)) do
    local j = offer_json(id)
    if j then out[#out + 1] = j end
  end
  return '{"offers":[' .. table.concat(out, ',') .. ']}'
end

A['accept'] = function(id, room_id, match_id)
  local o = hash('match:offer:' .. id)
  if o.mentor == nil then return '!not_found|No such offer, or it was answered already.' end
  if o.mentor ~= uid then return '!forbidden|This offer was made to another mentor.' end
  local p = profile_of(uid) or {}
  local cap = tonumber(p.capacity or 1)
  if redis.call('SCARD', 'match:mentees:' .. uid) >= cap then
    -- No place left (capacity lowered): the offer goes, the mentee keeps its place in line.
    drop_offer(id, 'withdrawn')
    return '!conflict|No free place left: the offer is withdrawn.'
  end
  if status_of(o.mentee) ~= 'offered' then return '!conflict|This offer is no longer open.' end
  redis.call('DEL', 'match:offer:' .. id)
  redis.call('SREM', 'match:offers:' .. uid, id)
  redis.call('ZREM', KEY.expiry, id)
  local mentor, mentee = user_obj(o.mentor), user_obj(o.mentee)
  redis.call(
    'HSET',
    key.room(room_id),
    'title',
    mentor.name .. ' & ' .. mentee.name,
    'topic',
    'Mentorship',
    'kind',
    'mentorship',
    'state',
    'open',
    'starts_at',
    now,
    'members',
    o.mentor .. ',' .. o.mentee,
    'created',
    now
  )
  redis.call('ZADD', KEY.rooms, now, room_id)
  redis.call(
    'HSET',
    'match:' .. match_id,
    'mentor',
    o.mentor,
    'mentee',
    o.mentee,
    'score',
    o.score,
    'room',
    room_id,
    'created',
    now
  )
  redis.call('SADD', 'match:mentees:' .. uid, o.mentee)
  funnel_offer_end(o.mentee, 'accepted')
  local requested = tonumber(redis.call('HGET', 'match:st:' .. o.mentee, 'requested_at') or now)
  redis.call(
    'HSET',
    'match:st:' .. o.mentee,
    'status',
    'matched',
    'match',
    match_id,
    'offer',
    '',
    'matched_at',
    now
  )
  redis.call('ZREM', KEY.queue, o.mentee)
  redis.call('HINCRBY', KEY.stats, 'accepted', 1)
  redis.call('LPUSH', KEY.waits, now - requested)
  redis.call('LTRIM', KEY.waits, 0, 999)
  local m = match_json(match_id)
  local ev = '{"type":"match.made","match":' .. m .. '}'
  notify(o.mentor, ev)
  notify(o.mentee, ev)
  return '{"match":' .. m .. '}'
end

A['decline'] = function(id, reason)
  local o = hash('match:offer:' .. id)
  if o.mentor == nil then return '!not_found|No such offer, or it was answered already.' end
  if o.mentor ~= uid then return '!forbidden|This offer was made to another mentor.' end
  drop_offer(id, 'declined')
  if reason and reason ~= '' then
    redis.call('HSET', 'match:st:' .. o.mentee, 'last_reason', reason)
  end
  return '{}'
end

-- Offers past their expiry count as declined, by any node.
A['expire'] = function()
  local n = 0
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEY.expiry, '-inf', now)) do
    if drop_offer(id, 'expired') then n = n + 1 end
    redis.call('ZREM', KEY.expiry, id)
  end
  return cjson.encode({ expired = n })
end

-- Whether a person may be matched now (guardian consent if needed, and matching consent).
local function may_match(id) return consent_refusal(id, 'matching') == nil end

-- Everything a round needs: the lists mentees, mentors and excluded ("mentor|mentee"), each
-- person a JSON {id, name, profile, requested_at, declines, used}. People who may not be
-- matched now are left out. A mentee's name is the one others see, with minor (under 18: the
-- offer shows only that name and the country of residence, see user_obj) and that country.
A['load'] = function()
  local out, year = {}, year_of(now)
  for _, m in ipairs(redis.call('ZRANGE', KEY.queue, 0, -1, 'WITHSCORES')) do
    out[#out + 1] = m
  end
  local res, mentors, excluded = {}, {}, {}
  for i = 1, #out, 2 do
    local id = out[i]
    local st = hash('match:st:' .. id)
    if st.status == 'queued' and may_match(id) then
      local u = redis.call('HMGET', key.user(id), 'profile', 'birth_year')
      local shown = user_obj(id, year)
      res[#res + 1] = cjson.encode({
        id = id,
        name = shown.name,
        minor = is_minor(u[2], year),
        country = shown.country,
        profile = u[1] or '',
        requested_at = tonumber(st.requested_at),
        declines = tonumber(st.declines or 0),
      })
    end
  end
  for _, id in ipairs(redis.call('SMEMBERS', KEY.mentors)) do
    if may_match(id) then
      local u = redis.call('HMGET', key.user(id), 'name', 'profile')
      local used = redis.call('SCARD', 'match:mentees:' .. id)
        + redis.call('SCARD', 'match:offers:' .. id)
      mentors[#mentors + 1] =
        cjson.encode({ id = id, name = u[1], profile = u[2] or '', used = used })
    end
  end
  for _, p in ipairs(redis.call('SMEMBERS', KEY.excluded)) do
    excluded[#excluded + 1] = p
  end
  return answer('{}', 'mentees', res, 'mentors', mentors, 'excluded', excluded)
end

-- args: id, mentor, mentee, score, offer_json, expires_at.
A['offer'] = function(id, mentor, mentee, score, j, expires)
  if status_of(mentee) ~= 'queued' then return '!conflict' end
  if redis.call('SISMEMBER', KEY.excluded, mentor .. '|' .. mentee) == 1 then return '!conflict' end
  -- A consent withdrawn while the round ran.
  if not may_match(mentor) or not may_match(mentee) then return '!conflict' end
  local p = profile_of(mentor) or {}
  local load = redis.call('SCARD', 'match:mentees:' .. mentor)
  if load + redis.call('SCARD', 'match:offers:' .. mentor) >= tonumber(p.capacity or 1) then
    -- The mentor filled up while the round ran: others got the place.
    redis.call('HSET', 'match:st:' .. mentee, 'filter', 'competition')
    return '!conflict'
  end
  redis.call(
    'HSET',
    'match:offer:' .. id,
    'mentor',
    mentor,
    'mentee',
    mentee,
    'score',
    score,
    'j',
    j,
    'expires_at',
    expires,
    'created',
    now
  )
  redis.call('SADD', 'match:offers:' .. mentor, id)
  redis.call('ZADD', KEY.expiry, expires, id)
  redis.call('HSET', 'match:st:' .. mentee, 'status', 'offered', 'offer', id)
  funnel_offer_start(mentee, load)
  redis.call('HINCRBY', KEY.stats, 'offered', 1)
  notify(mentor, '{"type":"match.offer","offer":' .. j .. '}')
  return '{}'
end

-- args: mentee, filter, mentee, filter...: what kept each mentee of a round unmatched
-- (capacity, language, excluded, competition), kept while they wait in line.
A['filters'] = function(...)
  local a = { ... }
  for i = 1, #a - 1, 2 do
    local k = 'match:st:' .. a[i]
    if redis.call('HGET', k, 'status') == 'queued' then
      redis.call('HSET', k, 'filter', a[i + 1])
    end
  end
  return '{}'
end

A['stats'] = function()
  local s = hash(KEY.stats)
  local acc, dec, exp =
    tonumber(s.accepted or 0), tonumber(s.declined or 0), tonumber(s.expired or 0)
  local queued = 0
  for _, id in ipairs(redis.call('ZRANGE', KEY.queue, 0, -1)) do
    if status_of(id) == 'queued' then queued = queued + 1 end
  end
  local waits = redis.call('LRANGE', KEY.waits, 0, -1)
  for i = 1, #waits do
    waits[i] = tonumber(waits[i])
  end
  table.sort(waits)
  local median = cjson.null
  if #waits > 0 then median = waits[math.floor((#waits + 1) / 2)] end
  local rate = cjson.null
  if acc + dec + exp > 0 then rate = acc / (acc + dec + exp) end
  return cjson.encode({
    queued = queued,
    pending_offers = redis.call('ZCARD', KEY.expiry),
    offered = tonumber(s.offered or 0),
    accepted = acc,
    declined = dec,
    expired = exp,
    acceptance_rate = rate,
    median_wait_ms = median,
  })
end

-- One round at a time across nodes: the lock expires by itself after ms.
A['lock'] = function(node, ms)
  local ok = redis.call('SET', KEY.lock, node, 'NX', 'PX', tonumber(ms))
  -- "locked" alone in the head: the node reads it without parsing (store_answer_flag).
  return '{"locked":' .. tostring(ok ~= false) .. '}'
end

-- The round lock is released only by the node that holds it (a slow round may have lost it).
A['unlock'] = function(node)
  if redis.call('GET', KEY.lock) == node then redis.call('DEL', KEY.lock) end
  return '{}'
end

local f = A[action]
if not f then return '!bad_request' end
return f(unpack(args))
