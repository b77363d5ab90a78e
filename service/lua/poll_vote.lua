--! family polls
--! key where pollroom:$poll
--! arg poll id
--! arg uid id
--! arg node str
--! arg tag id
--! arg choice str
--! scans pres:{<room>}, poll:{<room>}:<poll> and its :b and :who hashes, user:<uid> (its role)
-- A participant's vote: choice is a JSON array of distinct option indexes in order (the node
-- checked its shape); tag, the ballot's key, is the node's HMAC of the poll and the voter.
-- A new vote replaces the voter's earlier one. Answers {"poll":{id, room, state},"mine":[..]}.
local room = redis.call('GET', KEY.where)
if not room then return '!not_found|No such poll.' end
if tonumber(redis.call('HGET', key.pres(room), node .. '|' .. uid) or '0') < 1 then
  return "!forbidden|Join the poll's room first."
end
local k = key.poll(room, poll)
local h = redis.call('HMGET', k, 'state', 'options', 'multiple', 'anonymous')
if not h[1] then return '!not_found|No such poll.' end
if h[1] ~= 'open' then return '!conflict|The poll is closed.' end
local picked = cjson.decode(choice)
local nopt = #cjson.decode(h[2])
if #picked > 1 and h[3] ~= '1' then return '!bad_request|Pick exactly one option.' end
for _, i in ipairs(picked) do
  if i >= nopt then return '!bad_request|No such option.' end
end

local old = redis.call('HGET', key.ballots(room, poll), tag)
if old then
  for _, i in ipairs(cjson.decode(old)) do
    redis.call('HINCRBY', k, 'c' .. i, -1)
  end
else
  redis.call('HINCRBY', k, 'voters', 1)
  -- An anonymous ballot keeps no voter: the impact reports' turnout leaves staff out by this.
  if h[4] == '1' and is_staff(redis.call('HGET', key.user(uid), 'role')) then
    redis.call('HINCRBY', k, 'staff_voters', 1)
  end
end
for _, i in ipairs(picked) do
  redis.call('HINCRBY', k, 'c' .. i, 1)
end
redis.call('HSET', key.ballots(room, poll), tag, choice)
if h[4] ~= '1' then redis.call('HSET', key.voters(room, poll), uid, choice) end
publish_poll_results(room, poll)
return cjson.encode({ poll = { id = poll, room = room, state = 'open' }, mine = picked })
