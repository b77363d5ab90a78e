--! family admin
--! arg actor_id id
--! arg actor_name str
--! arg action str
--! arg new_id id
--! arg jti str
--! arg fields list
--! scans room:{<room>}, polls:{<room>}, poll:{<room>}:<poll> and its :b and :who hashes,
--! scans pollroom:<poll>, user:<uid> (voters of non-anonymous polls), audit, audit:{<room>}
-- Admin poll.create, poll.close, poll.list, poll.results (same arguments as admin.lua).
-- poll.create's options come as one JSON array text, checked by the node.
local actor_role, refused = staff_actor(actor_id, jti)
if not actor_role then return refused end
local now = now_ms()
local POLLS_MAX = 50 -- per room

-- The room of a poll, or nil.
-- The room of a poll that still exists (retention may have purged it), or nil.
local function poll_room(id)
  local room = redis.call('GET', 'pollroom:' .. id)
  if room and redis.call('EXISTS', key.poll(room, id)) == 1 then return room end
  return nil
end

-- Who voted for what, in a non-anonymous poll (never stored for an anonymous one).
local function ballots(room, id)
  local out = {}
  local f = redis.call('HGETALL', key.voters(room, id))
  for i = 1, #f, 2 do
    out[#out + 1] = { user = user_obj(f[i]), options = cjson.decode(f[i + 1]) }
  end
  return out
end

local function full(room, id)
  local o = poll_obj(room, id, true)
  -- absent when nobody voted (an empty table would encode as an object)
  if not o.anonymous and redis.call('EXISTS', key.voters(room, id)) == 1 then
    o.ballots = ballots(room, id)
  end
  return o
end

local H = {}

H['poll.create'] = function(room, question, options, multiple, anonymous)
  local h = redis.call('HMGET', key.room(room), 'title', 'state')
  if not h[1] then return '!not_found|No such room.' end
  if h[2] == 'closed' then return '!room_closed' end
  if redis.call('ZCARD', key.polls(room)) >= POLLS_MAX then
    return '!conflict|This room has ' .. POLLS_MAX .. ' polls already.'
  end
  local k = key.poll(room, new_id)
  redis.call('HSET', k, 'question', question, 'options', options, 'multiple', multiple)
  redis.call('HSET', k, 'anonymous', anonymous, 'state', 'open', 'created_at', now)
  -- Polls list in the order they were made: two in one millisecond get the next one.
  local last = redis.call('ZRANGE', key.polls(room), -1, -1, 'WITHSCORES')
  local at = now
  if last[2] and tonumber(last[2]) >= at then at = tonumber(last[2]) + 1 end
  redis.call('ZADD', key.polls(room), at, new_id)
  redis.call('SET', 'pollroom:' .. new_id, room)
  audit_add(now, actor_id, actor_name, action, room, nil, question)
  local o = poll_obj(room, new_id, false)
  publish_room(room, EV.other, nil, cjson.encode({ type = 'poll', poll = o }))
  publish_poll_results(room, new_id)
  return cjson.encode({ poll = poll_obj(room, new_id, true) })
end

H['poll.close'] = function(id)
  local room = poll_room(id)
  if not room then return '!not_found|No such poll.' end
  local k = key.poll(room, id)
  if redis.call('HGET', k, 'state') == 'closed' then
    return '!conflict|The poll is closed already.'
  end
  redis.call('HSET', k, 'state', 'closed', 'closed_at', now)
  audit_add(now, actor_id, actor_name, action, room, nil, id)
  local o = poll_obj(room, id, true)
  publish_room(room, EV.other, nil, cjson.encode({ type = 'poll.closed', poll = o }))
  publish_poll_results(room, id)
  return cjson.encode({ poll = full(room, id) })
end

H['poll.results'] = function(id)
  local room = poll_room(id)
  if not room then return '!not_found|No such poll.' end
  return cjson.encode({ poll = full(room, id) })
end

H['poll.list'] = function(room)
  if redis.call('EXISTS', key.room(room)) == 0 then return '!not_found|No such room.' end
  local out = {}
  for _, id in ipairs(redis.call('ZRANGE', key.polls(room), 0, -1)) do
    out[#out + 1] = full(room, id)
  end
  if #out == 0 then return '{"polls":[]}' end
  return cjson.encode({ polls = out })
end

local fn = H[action]
if not fn then return '!bad_request' end
return fn(unpack(fields))
