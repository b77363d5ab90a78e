--! family rooms
--! key log room:{$room}:log
--! key hidden hidden:{$room}
--! arg room id
--! arg after str
--! arg max int
--! list messages
-- The messages after the id `after`, oldest first, at most max: what a node missed while
-- its subscription was down. Answers {}, then (message id, message event) pairs flattened.
local out = {}
local skip = hidden_set(KEY.hidden) or {}
for _, e in ipairs(redis.call('XRANGE', KEY.log, '(' .. after, '+', 'COUNT', max)) do
  local f = e[2]
  for k = 1, #f, 2 do
    if f[k] == 'j' and not skip[e[1]] then
      out[#out + 1] = e[1]
      out[#out + 1] = message_event(room, f[k + 1])
    end
  end
end
return answer('{}', 'messages', out)
