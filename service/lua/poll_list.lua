--! family polls
--! key polls polls:{$room}
--! arg room id
--! arg tags list
--! scans poll:{<room>}:<poll> and its :b hash
-- A participant's view of a room's polls, in two calls: without tags, the ids (so the node
-- can compute each ballot's tag); then with tags as pairs (poll id, tag), the polls with the
-- caller's choice (mine: null when none). Counts only of closed polls.
local ids = redis.call('ZRANGE', KEY.polls, 0, -1)
if #tags == 0 then
  if #ids == 0 then return '{"ids":[]}' end
  return cjson.encode({ ids = ids })
end
local tag = {}
for i = 1, #tags - 1, 2 do
  tag[tags[i]] = tags[i + 1]
end
local out = {}
for _, id in ipairs(ids) do
  local st = redis.call('HGET', key.poll(room, id), 'state')
  local o = poll_obj(room, id, st == 'closed')
  if o and tag[id] then
    local mine = redis.call('HGET', key.ballots(room, id), tag[id])
    o.mine = mine and cjson.decode(mine) or cjson.null
    out[#out + 1] = o
  end
end
if #out == 0 then return '{"polls":[]}' end
return cjson.encode({ polls = out })
